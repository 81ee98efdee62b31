"""Training a Network a few epochs at a time, as the app does once per frame.

One epoch is one pass over the training set: one step of the optimizer on the whole set
(batch gradient descent), or one step per mini-batch of a fresh seeded shuffle.

The history has one row per epoch, labelled as the course prints "Cost after iteration i":
row i holds the cost measured *during* epoch i (counting from 0), i.e. with the parameters
after i epochs. In batch mode that is exactly J after i updates; with mini-batches it is the
average of the mini-batch costs over the epoch, weighted by their sizes (as the course's
``cost_total / m``). The test cost is measured with the parameters after i epochs.
"""

from __future__ import annotations

import math
import time

import numpy as np

from engine.losses import get_loss
from engine.optimizers import get_optimizer

HISTORY_KEYS = ("epoch", "train_cost", "test_cost", "train_metric", "test_metric")

# A parameter beyond this size means the updates are exploding (the cost may still be finite).
EXPLODED = 1e6
# A cost that climbs above BLOWUP_FACTOR times its value at epoch 0 (and by more than
# BLOWUP_MARGIN) means the steps overshoot the minimum: the network is now far worse than it
# was untrained. With a cross-entropy computed from the logits the cost never becomes NaN, so
# this is how a too-large learning rate shows up (e.g. 0.69 -> 4.5 within 25 epochs at lr = 10
# on the flower data). Such a stop can be overruled (``resume``): a deep network sometimes
# falls off a cliff of the cost surface and climbs back.
BLOWUP_FACTOR = 3.0
BLOWUP_MARGIN = 1.0


class Trainer:
    """Trains ``network`` on X_train (n[0], m) and Y_train (n[L], m), optionally scoring a test
    set X_test, Y_test at every epoch.

    ``loss`` is a LOSSES name; ``optimizer`` an OPTIMIZERS name, built with ``learning_rate``
    and ``optimizer_options`` (e.g. {"beta": 0.9}); ``batch_size`` None or 0 means the whole
    training set in one batch; ``l2`` is lambda; ``seed`` fixes the mini-batch shuffles.
    ``learning_rate``, ``l2`` and ``batch_size`` can be changed between runs (the weights stay),
    and ``set_optimizer`` swaps the optimizer.

    The metric is the accuracy in [0, 1] (prediction a > 0.5) for the classification losses and
    the RMSE (in the units of y) for "mse".
    """

    def __init__(
        self,
        network,
        X_train,
        Y_train,
        X_test=None,
        Y_test=None,
        *,
        loss: str = "bce",
        optimizer: str = "gd",
        learning_rate: float = 0.01,
        batch_size: int | None = None,
        l2: float = 0.0,
        seed: int = 0,
        optimizer_options: dict | None = None,
    ):
        self.network = network
        self.X_train = network.as_input(X_train)
        self.Y_train = network.as_target(Y_train, self.X_train.shape[1])
        if (X_test is None) != (Y_test is None):
            raise ValueError("Give both X_test and Y_test, or neither.")
        if X_test is not None:
            self.X_test = network.as_input(X_test)
            self.Y_test = network.as_target(Y_test, self.X_test.shape[1])
        else:
            self.X_test = self.Y_test = None
        self._loss = get_loss(loss)
        self.loss = self._loss.name
        self.metric_name = "accuracy" if self._loss.task == "classification" else "rmse"
        self._rng = np.random.default_rng(seed)
        self.seed = seed
        self._learning_rate = None
        self.learning_rate = learning_rate
        self.l2 = l2
        self.batch_size = batch_size
        self.set_optimizer(optimizer, **(optimizer_options or {}))
        self.epoch = 0
        self.diverged: str | None = None
        self.diverged_epoch: int | None = None
        self.diverged_kind: str | None = None  # "nan", "exploded" or "blowup"
        self.blowup_guard = True
        self.history: dict[str, list] = {key: [] for key in HISTORY_KEYS}

    # ------------------------------------------------------------------ live settings
    @property
    def learning_rate(self) -> float:
        return self._learning_rate

    @learning_rate.setter
    def learning_rate(self, value: float) -> None:
        value = float(value)
        if not (math.isfinite(value) and value > 0.0):
            raise ValueError(f"The learning rate must be a number > 0; got {value}.")
        self._learning_rate = value
        if hasattr(self, "optimizer"):
            self.optimizer.learning_rate = value

    @property
    def l2(self) -> float:
        return self._l2

    @l2.setter
    def l2(self, value: float) -> None:
        value = float(value)
        if not (math.isfinite(value) and value >= 0.0):
            raise ValueError(f"The L2 strength lambda must be a number >= 0; got {value}.")
        self._l2 = value

    @property
    def batch_size(self) -> int | None:
        return self._batch_size

    @batch_size.setter
    def batch_size(self, value: int | None) -> None:
        if value is not None and (int(value) != value or value < 0):
            raise ValueError(f"The mini-batch size must be a whole number >= 0; got {value}.")
        self._batch_size = None if not value else int(value)

    def set_optimizer(self, name: str, **options) -> None:
        """Switch to a fresh optimizer ``name`` (its memory starts at zero; weights are kept)."""
        self.optimizer = get_optimizer(name, self._learning_rate, **options)
        self.optimizer_name = name

    # ------------------------------------------------------------------ training
    def run(self, epochs: int, time_budget: float | None = None) -> int:
        """Train up to ``epochs`` more epochs; return how many were done.

        Stops early when ``time_budget`` seconds have passed (checked after each epoch, so at
        least one epoch runs) or when training diverges (then ``diverged`` says why, and later
        calls do nothing). NumPy's overflow warnings are silenced here: divergence is reported
        through ``diverged``, never as a warning or an exception.
        """
        if self.diverged is not None:
            return 0
        start = time.perf_counter()
        done = 0
        with np.errstate(all="ignore"):
            while done < epochs:
                if not self._run_epoch():
                    break
                done += 1
                if self._check_parameters() or (
                    time_budget is not None and time.perf_counter() - start >= time_budget
                ):
                    break
        return done

    def _run_epoch(self) -> bool:
        # One epoch; appends its history row. False if the cost was not finite (no update).
        network, loss, l2 = self.network, self._loss, self._l2
        X, Y = self.X_train, self.Y_train
        m = X.shape[1]
        size = self._batch_size
        if size is None or size >= m:
            J, AL, grads = network.train_step(X, Y, loss, l2)
            finite = math.isfinite(J)
            self._record(J, self._metric(AL, Y))
            if finite:
                if self._blew_up(J):  # stop before stepping further from the minimum
                    return False
                self.optimizer.step(network.params, grads)
        else:
            # Shuffle the columns (examples) with the trainer's own seeded generator, then
            # take consecutive mini-batches; the last one may be smaller.
            order = self._rng.permutation(m)
            X, Y = X[:, order], Y[:, order]
            total_cost, total_metric = 0.0, 0.0
            for start in range(0, m, size):
                X_t, Y_t = X[:, start : start + size], Y[:, start : start + size]
                J, AL, grads = network.train_step(X_t, Y_t, loss, l2)
                finite = math.isfinite(J)
                if not finite:
                    break
                total_cost += J * Y_t.shape[1]
                total_metric += self._metric(AL, Y_t) * Y_t.shape[1]
                self.optimizer.step(network.params, grads)
            if finite:
                J, metric = total_cost / m, total_metric / m
            else:
                metric = math.nan
            self._record(J, metric)
        if not finite:
            what = "NaN" if math.isnan(J) else "infinite"
            self._diverge(f"the cost became {what}", "nan")
            return False
        if self._blew_up(J):
            return False
        self.epoch += 1
        return True

    def _blew_up(self, J: float) -> bool:
        # True (and diverged set) if the cost climbed far above its value at epoch 0.
        start = self.history["train_cost"][0]
        if self.blowup_guard and J > max(BLOWUP_FACTOR * start, start + BLOWUP_MARGIN):
            self._diverge(
                f"the cost jumped to {J:.3g}, more than {BLOWUP_FACTOR:g} times its value "
                f"at the start ({start:.3g}): the steps overshoot the minimum",
                "blowup",
            )
            return True
        return False

    @property
    def resumable(self) -> bool:
        """True when training stopped on a cost blow-up with finite weights (see ``resume``)."""
        return self.diverged_kind == "blowup"

    def resume(self) -> None:
        """Go on after a blow-up stop, with the blow-up guard off for the rest of this run.

        NaN or exploded parameters cannot be resumed: ValueError (start again instead).
        """
        if self.diverged is None:
            return
        if not self.resumable:
            raise ValueError("Training cannot go on after NaN or exploding parameters: reset.")
        self.diverged = self.diverged_epoch = self.diverged_kind = None
        self.blowup_guard = False

    def _metric(self, AL: np.ndarray, Y: np.ndarray) -> float:
        # The accuracy, or the mean squared error (averaged over mini-batches before its root
        # is taken in _record, so that the RMSE of an epoch is that of all its examples).
        if self.metric_name == "accuracy":
            return np.count_nonzero((AL > 0.5) == Y) / Y.size
        diff = (AL - Y).ravel()
        return float(np.dot(diff, diff)) / diff.size

    def _record(self, train_cost: float, train_metric: float) -> None:
        # One history row for the parameters after self.epoch epochs.
        test_cost = test_metric = None
        if self.X_test is not None:
            network = self.network
            test_cost, AL = network.evaluate(self.X_test, self.Y_test, self._loss, self._l2)
            test_metric = self._metric(AL, self.Y_test)
            if self.metric_name == "rmse":
                test_metric = math.sqrt(test_metric)
        if self.metric_name == "rmse":
            train_metric = math.sqrt(train_metric)
        history = self.history
        history["epoch"].append(self.epoch)
        history["train_cost"].append(float(train_cost))
        history["test_cost"].append(test_cost)
        history["train_metric"].append(float(train_metric))
        history["test_metric"].append(test_metric)

    def _check_parameters(self) -> bool:
        # True (and diverged set) if a parameter is NaN, infinite or beyond EXPLODED.
        # sum(theta^2) >= max|theta|^2, so one dot product per array clears the usual case.
        for key, theta in self.network.params.items():
            squares = float(np.vdot(theta, theta))
            if squares <= EXPLODED * EXPLODED:
                continue
            biggest = float(np.max(np.abs(theta)))
            if math.isnan(biggest) or math.isnan(squares):
                self._diverge(f"the parameters became NaN (in {key})", "nan")
                return True
            if biggest > EXPLODED:
                self._diverge(
                    f"the parameters exploded (|{key}| reached {biggest:.2g} > 1e6)", "exploded"
                )
                return True
        return False

    def _diverge(self, reason: str, kind: str) -> None:
        self.diverged_kind = kind
        self.diverged_epoch = self.epoch
        self.diverged = (
            f"Training diverged at epoch {self.epoch}: {reason}. "
            f"Try a smaller learning rate (now {self._learning_rate:g})."
        )

    # ------------------------------------------------------------------ reading the history
    @property
    def last(self) -> dict:
        """The latest history row as a dict ({} before the first epoch)."""
        if not self.history["epoch"]:
            return {}
        return {key: values[-1] for key, values in self.history.items()}

    def history_rows(self) -> list[dict]:
        """The history as one dict per epoch (e.g. for a CSV file)."""
        columns = [self.history[key] for key in HISTORY_KEYS]
        return [dict(zip(HISTORY_KEYS, row, strict=True)) for row in zip(*columns, strict=True)]
