"""Training a Network a few epochs at a time, as the app does once per frame.

One epoch is one pass over the training set: one step of the optimizer on the whole set
(batch gradient descent), or one step per mini-batch of a fresh seeded shuffle.

The history has one row per epoch, labelled as the course prints "Cost after iteration i":
row i holds the cost measured *during* epoch i (counting from 0), i.e. with the parameters
after i epochs. In batch mode that is exactly J after i updates; with mini-batches it is the
average of the mini-batch costs over the epoch, weighted by their sizes (as the course's
``cost_total / m``). The test cost is measured with the parameters after i epochs.

An epoch too long for one call of ``run`` (its time budget is checked between mini-batches
and between chunks of a large batch) goes on at the next call; its row is written once, when
it ends, and means what it means for an epoch run in one go: with mini-batches the mean cost
of all of them (the weights moved between frames as between batches), in batch mode J before
the update. A stop mid-epoch writes no row; the curves and the CSV move when the epoch ends.

The history is bounded (``engine.history``): every epoch of the most recent 2,000, and before
them a thinned record at round epochs (multiples of 1, 2, 10, 20, 100, ...), always with the
first row; so a session's memory stays flat however long it trains.
"""

from __future__ import annotations

import math
import time

import numpy as np

from engine import history as _history
from engine.divergence import BLOWUP_FACTOR, BLOWUP_MARGIN, EXPLODED, blowup, parameter_problem
from engine.epoch import Epoch as _Epoch
from engine.epoch import batch_piece, chunk_columns, test_piece
from engine.losses import get_loss
from engine.optimizers import get_optimizer

HISTORY_KEYS = _history.HISTORY_KEYS  # importable from here too, as before
__all__ = ["BLOWUP_FACTOR", "BLOWUP_MARGIN", "EXPLODED", "HISTORY_KEYS", "Trainer"]

class Trainer:
    """Trains ``network`` on X_train (n[0], m) and Y_train (n[L], m), optionally scoring a test
    set X_test, Y_test at every epoch.

    ``loss`` is a LOSSES name; ``optimizer`` an OPTIMIZERS name, built with ``learning_rate``
    and ``optimizer_options`` (e.g. {"beta": 0.9}); ``batch_size`` None or 0 means the whole
    training set in one batch; ``l2`` is lambda; ``seed`` fixes the mini-batch shuffles.
    ``learning_rate``, ``l2`` and ``batch_size`` can be changed between runs (the weights stay),
    and ``set_optimizer`` swaps the optimizer.

    The metric is the accuracy in [0, 1] (prediction a > 0.5) for the binary classification
    losses, the accuracy of the largest a_k for "cross_entropy" (K classes, Y one-hot), and
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
        self._multiclass = self._loss.task == "multiclass"  # Y one-hot (K, m)
        self.metric_name = "rmse" if self._loss.task == "regression" else "accuracy"
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
        self._pending: _Epoch | None = None  # the epoch under way, if one stopped partway
        # The gradients of the last optimizer step (a reference, not a copy): what the live
        # diagnostics read ||dW[l]|| from, at no extra forward or backward pass.
        self.last_grads: dict | None = None

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
        """Train up to ``epochs`` more epochs; return how many were finished.

        Stops early when ``time_budget`` seconds have passed or when training diverges (then
        ``diverged`` says why, and later calls do nothing). The budget is checked between
        mini-batches, and between the pieces of a batch too large to take at once (see
        ``CHUNK_WORK``), so a call may stop partway through an epoch: at least one piece of
        work is done, the epoch goes on at the next call from where it stopped (same shuffle,
        same running totals; a new batch size applies from its next mini-batch, and an
        epoch of batch gradient descent ends as one) and ``epoch_progress`` says how far it
        got. The history row of
        an epoch is written once, when the epoch ends, with the same meaning as if it had
        run in one go. NumPy's overflow warnings are silenced here: divergence is reported
        through ``diverged``, never as a warning or an exception.
        """
        if self.diverged is not None:
            return 0
        deadline = None if time_budget is None else time.perf_counter() + time_budget
        done = 0
        with np.errstate(all="ignore"):
            while done < epochs:
                finished = self._run_epoch(deadline)
                if not finished:
                    if finished is None:  # stopped partway: the weights have moved
                        self._check_parameters()
                    break
                done += 1
                if self._check_parameters() or (
                    deadline is not None and time.perf_counter() >= deadline
                ):
                    break
        return done

    @property
    def epoch_progress(self) -> float:
        """The share (0 to 1) of the epoch under way already done, counted in examples (the
        training set's, then the test set's); 0 between epochs."""
        state = self._pending
        if state is None:
            return 0.0
        m = state.X.shape[1]
        mt = 0 if self.X_test is None else self.X_test.shape[1]
        done = state.start + state.chunk if state.row is None else m + state.test_at
        return done / (m + mt)

    def _chunk_columns(self) -> int:
        # Examples per piece of a large batch (engine.epoch.CHUNK_WORK).
        return chunk_columns(self.network.layer_dims)

    def _run_epoch(self, deadline: float | None = None) -> bool | None:
        # One epoch (or the rest of the one under way), appending its history row: True when
        # it ended, False if training stopped (cost not finite, blow-up), None if the
        # deadline came first. Work is done in pieces (a mini-batch, or a chunk of a large
        # batch or of the test set) and the deadline is checked between them.
        network = self.network
        m = self.X_train.shape[1]
        state = self._pending
        if state is None:
            size = self._batch_size
            if size is None or size >= m:  # batch gradient descent: the set as it is
                state = _Epoch(self.X_train, self.Y_train, full=True)
            else:
                # Shuffle the columns (examples) with the trainer's own seeded generator, then
                # take consecutive mini-batches; the last one may be smaller.
                order = self._rng.permutation(m)
                state = _Epoch(self.X_train[:, order], self.Y_train[:, order], full=False)
            self._pending = state
        cols = self._chunk_columns()
        first = True  # at least one piece per call, whatever the deadline
        while state.row is None:
            if not first and deadline is not None and time.perf_counter() >= deadline:
                return None
            first = False
            if state.end is None:  # a new batch; a new batch size applies from here
                size = m if state.full else min(self._batch_size or m, m)
                state.end = min(state.start + size, m)
            batch = batch_piece(network, self._loss, self._l2, state, cols, self._metric)
            if batch is None:
                continue  # more chunks of this batch to go
            J, metric, grads = batch
            n = state.end - state.start
            if not math.isfinite(J):
                self._pending = None
                self._record(J, metric if state.full else math.nan)
                what = "NaN" if math.isnan(J) else "infinite"
                self._diverge(f"the cost became {what}", "nan")
                return False
            if state.full:  # the step waits for the test cost and the blow-up check
                state.row, state.grads = (J, metric), grads
            else:
                self.last_grads = grads
                self.optimizer.step(network.params, grads)
                state.cost += J * n
                state.metric += metric * n
                state.start, state.end, state.chunk, state.grads = state.end, None, 0, None
                if state.start >= m:
                    state.row = (state.cost / m, state.metric / m)
        if self.X_test is not None:
            mt = self.X_test.shape[1]
            while state.test_at < mt:
                if not first and deadline is not None and time.perf_counter() >= deadline:
                    return None
                first = False
                test_piece(network, self._loss, self._l2, self.X_test, self.Y_test, state,
                           cols, self._metric)
        self._pending = None
        J, metric = state.row
        test = (state.test_cost, state.test_metric) if self.X_test is not None else (None, None)
        self._record(J, metric, *test)
        if self._blew_up(J):  # in batch mode: before stepping further from the minimum
            return False
        if state.full:
            self.last_grads = state.grads
            self.optimizer.step(network.params, state.grads)
        self.epoch += 1
        return True

    def _blew_up(self, J: float) -> bool:
        # True (and diverged set) if the cost climbed far above its value at epoch 0.
        reason = blowup(J, self.history["train_cost"][0]) if self.blowup_guard else None
        if reason:
            self._diverge(reason, "blowup")
        return reason is not None

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
            if self._multiclass:  # K classes: the largest a_k against the one-hot label
                return np.count_nonzero(AL.argmax(axis=0) == Y.argmax(axis=0)) / Y.shape[1]
            return np.count_nonzero((AL > 0.5) == Y) / Y.size
        diff = (AL - Y).ravel()
        return float(np.dot(diff, diff)) / diff.size

    def _record(self, train_cost: float, train_metric: float, test_cost=None,
                test_metric=None) -> None:
        # One history row for the parameters after self.epoch epochs (the test cost and the
        # mean squared error or accuracy of the test set come from _test_piece).
        if self.metric_name == "rmse":
            train_metric = math.sqrt(train_metric)
            if test_metric is not None:
                test_metric = math.sqrt(test_metric)
        history = self.history
        if history["epoch"] and history["epoch"][-1] == self.epoch:
            for key in HISTORY_KEYS:  # this epoch measured again (``evaluate``, ``resume``)
                history[key].pop()
        history["epoch"].append(self.epoch)
        history["train_cost"].append(float(train_cost))
        history["test_cost"].append(None if test_cost is None else float(test_cost))
        history["train_metric"].append(float(train_metric))
        history["test_metric"].append(None if test_metric is None else float(test_metric))
        _history.thin(history)  # every recent epoch, a thinned record of the older ones

    def _check_parameters(self) -> bool:
        # True (and diverged set) if a parameter is NaN, infinite or beyond EXPLODED.
        problem = parameter_problem(self.network.params)
        if problem:
            self._diverge(*problem)
        return problem is not None

    def _diverge(self, reason: str, kind: str) -> None:
        self.diverged_kind = kind
        self.diverged_epoch = self.epoch
        self.diverged = (
            f"Training diverged at epoch {self.epoch}: {reason}. "
            f"Try a smaller learning rate (now {self._learning_rate:g})."
        )

    def evaluate(self) -> dict:
        """Record the row of the current parameters at this epoch without training (weights
        just loaded: their cost and metric show before the first step). Training this epoch
        then measures it again, in place of this row. Returns the row (``last``)."""
        with np.errstate(all="ignore"):
            network = self.network
            J, AL = network.evaluate(self.X_train, self.Y_train, self._loss, self._l2)
            test = (None, None)
            if self.X_test is not None:
                JT, AT = network.evaluate(self.X_test, self.Y_test, self._loss, self._l2)
                test = (JT, self._metric(AT, self.Y_test))
            self._record(J, self._metric(AL, self.Y_train), *test)
        return self.last

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
