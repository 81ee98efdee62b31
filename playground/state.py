"""One browser session's training state: setup, data, network, trainer, playing flag, notice.

A ``Session`` lives in ``st.session_state`` (never in a module global or a cache: two
students never share a network). This module itself does not import Streamlit, so it is
tested directly.

``Session.apply(new_setup)`` compares the new setup with the current one
(``Setup.changed_fields``) and does the least that is correct, as each changed field's
``effect`` in the page's table (``playground.fields``) says:

- "data" (set, noise, size, test share, data seed): new data, new weights;
- "retrain" (architecture, activations, init, seed, loss): new weights, same data;
- "live" (learning rate, L2, batch size, optimizer, speed, display options): applied to the
  running trainer (``FieldSpec.on_live``), training continues where it is.

and writes one line in ``Session.notice`` saying which of the three happened.

Another page (e.g. housing) passes its own ``make_data`` and ``output`` activation.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
from pandas.api.types import is_bool_dtype, is_numeric_dtype

from engine import Network, Trainer
from engine.datasets import make_2d, plane_grid, train_test_split
from engine.diagnostics import GradientNormLog
from engine.preprocess import standardize
from engine.upload import prepare_classification, read_csv_upload
from playground import classes
from playground.fields import PLAYGROUND, Setup
from playground.fields.playground_page import UPLOAD


def sentence(text: str) -> str:
    """A message as the page shows it: a capital first letter and exactly one full stop at
    the end ("learning rate changed.." -> "Learning rate changed."). A message that starts
    with a quoted name or ends with "?" or "!" keeps those."""
    text = " ".join(str(text).split())
    if not text:
        return text
    text = text[0].upper() + text[1:]
    if text.endswith(("?", "!")):
        return text
    return text.rstrip(" .") + "."


GRID_RESOLUTION = 60
# Step trains one epoch, or stops after about this many seconds (and says so).
STEP_BUDGET = 1.0


@dataclass
class Data:
    """A training and test set in the course's shapes: X (n_x, m), Y (1, m).

    For 2-D sets also the plane grid the boundary is drawn on: x1s, x2s (resolution,) and
    G (2, resolution**2), x1 varying fastest. ``extra`` holds what another page needs
    (e.g. the housing set's feature names and statistics).
    """

    X_train: np.ndarray
    Y_train: np.ndarray
    X_test: np.ndarray
    Y_test: np.ndarray
    x1s: np.ndarray | None = None
    x2s: np.ndarray | None = None
    G: np.ndarray | None = None
    extra: dict = field(default_factory=dict)

    @property
    def n_x(self) -> int:
        return int(self.X_train.shape[0])


@dataclass(frozen=True)
class Uploaded:
    """A user's CSV file read as a 2-D classification set.

    X (2, m): the two feature columns in the file's own units; Y (1, m): the labels as 0/1.
    columns: the names (x1, x2, label); report: one line saying what was read, mapped and
    dropped. Kept in the browser session only (never in the URL).
    """

    X: np.ndarray
    Y: np.ndarray
    filename: str
    columns: tuple[str, str, str]
    report: str


def guess_columns(df) -> tuple[str, str, str]:
    """Sensible first choices for (x1, x2, label) in a parsed upload: the label is the last
    column with exactly two values (else the last column), the features the first two
    numeric columns among the others (else the first two others)."""
    names = [str(c) for c in df.columns]
    two = [c for c in names if df[c].nunique(dropna=True) == 2]
    label = two[-1] if two else names[-1]
    rest = [c for c in names if c != label]
    numeric = [c for c in rest if is_numeric_dtype(df[c]) and not is_bool_dtype(df[c])]
    features = (numeric + [c for c in rest if c not in numeric])[:2]
    while len(features) < 2:  # a file of two columns: the pickers start with a repeat
        features.append(rest[0] if rest else names[0])
    return features[0], features[1], label


def uploaded_from_frame(df, filename: str, x1: str, x2: str, label: str,
                        missing: str = "drop") -> Uploaded:
    """The chosen columns of a parsed upload as an Uploaded set; UploadError (message for
    the user) when they cannot be used (not numeric, not two classes, too few rows...)."""
    X, Y, report = prepare_classification(df, [x1, x2], label, missing=missing,
                                          max_classes=classes.MAX_CLASSES)
    return Uploaded(X, Y, filename or "your file", (str(x1), str(x2), str(label)), report)


def read_upload(data: bytes, filename: str, x1: str | None = None, x2: str | None = None,
                label: str | None = None, missing: str = "drop") -> Uploaded:
    """The whole upload handling as one pure function: the file's bytes and name and the
    user's choices -> Uploaded, or UploadError with the message to show. Columns left None
    are guessed (``guess_columns``)."""
    df = read_csv_upload(data, filename)
    g1, g2, gl = guess_columns(df)
    return uploaded_from_frame(df, filename, x1 or g1, x2 or g2, label or gl, missing)


def make_plane_data(setup: Setup, uploaded: Uploaded | tuple | None = None) -> Data:
    """The 2-D set the setup names, split into train and test, with its drawing grid.

    When the setup's data set is "upload" and ``uploaded`` is given (an Uploaded, or a pair
    X (2, m), Y (1, m)), its features are standardized with the training split's mean and
    standard deviation (a file's columns can be in any units: the network sees z-scores,
    and the grid covers the data's range) and ``extra`` holds "uploaded", "means", "stds".
    Without a file, "upload" falls back to the data set field's default (the flower).
    """
    if setup.dataset == UPLOAD and uploaded is not None:
        X, Y = (uploaded.X, uploaded.Y) if isinstance(uploaded, Uploaded) else uploaded
        X_train, Y_train, X_test, Y_test = train_test_split(X, Y, setup.test_ratio,
                                                            setup.data_seed)
        X_train, X_test, X_all, means, stds = standardize(X_train, X_test, np.asarray(X, float))
        x1s, x2s, G = plane_grid(X_all, resolution=GRID_RESOLUTION)
        extra = {"uploaded": uploaded, "means": means, "stds": stds}
        return Data(X_train, Y_train, X_test, Y_test, x1s, x2s, G, extra)
    name = setup.dataset if setup.dataset != UPLOAD else PLAYGROUND.field("dataset").default
    X, Y = make_2d(name, n_samples=setup.n_samples, noise=setup.noise, seed=setup.data_seed,
                   n_classes=min(setup.n_classes, classes.max_classes(name)))
    X_train, Y_train, X_test, Y_test = train_test_split(X, Y, setup.test_ratio, setup.data_seed)
    x1s, x2s, G = plane_grid(X, resolution=GRID_RESOLUTION)
    return Data(X_train, Y_train, X_test, Y_test, x1s, x2s, G)


class PlaneData:
    """The Playground's ``make_data``: the 2-D set the setup names, or the user's file when
    the data set is "upload". The file (``uploaded``) lives here, in the Session, so it
    stays for the browser session and never goes into a link."""

    def __init__(self, uploaded: Uploaded | None = None) -> None:
        self.uploaded = uploaded

    def __call__(self, setup: Setup) -> Data:
        return make_plane_data(setup, self.uploaded)


class Session:
    """Everything one user's live page trains and draws.

    setup (Setup), data (Data), network (engine Network), trainer (engine Trainer),
    playing (bool), notice (str: what the last change did), version (int: bumped whenever
    the drawn figures must be rebuilt from scratch, e.g. new data or new architecture).
    """

    def __init__(
        self,
        setup: Setup,
        make_data: Callable[[Setup], Data] = make_plane_data,
        output: str | None = None,
    ) -> None:
        self.make_data = make_data
        # The output unit: the task's (sigmoid for classification, linear for regression).
        self.output = output or setup.output_activation
        self.setup = setup
        self.playing = False
        self.notice = ""
        self.version = 0
        self.cache: dict = {}  # what the views keep between runs (e.g. built figures)
        self.data = make_data(setup)
        self._new_weights()

    # ------------------------------------------------------------------ building
    def _new_weights(self) -> None:
        self._good_params = None
        self._good_epoch = 0
        s = self.setup
        # K >= 3 classes: K softmax units and the categorical cross-entropy (playground.classes).
        n_out, output, loss = classes.head(s, self.data, self.output)
        # The network sees the chosen features of each point (n[0] of them), the data keeps
        # the points themselves.
        X_train, X_test = self.inputs(self.data.X_train), self.inputs(self.data.X_test)
        dims = s.layer_dims(X_train.shape[0], n_out)
        self.network = Network(
            dims, s.all_activations(output), init=s.init, init_scale=s.init_scale,
            seed=s.seed, leaky_alpha=s.leaky_alpha,
        )
        self.trainer = Trainer(
            self.network, X_train, self.data.Y_train,
            X_test if self.data.X_test.size else None,
            self.data.Y_test if self.data.Y_test.size else None,
            loss=loss, optimizer=s.optimizer, learning_rate=s.learning_rate,
            batch_size=s.batch_size or None, l2=s.l2, seed=s.seed,
        )
        # ||dW[l]|| over the epochs for "Watch the gradients flow", bounded, fed with the
        # trainer's own last gradients after each Step or frame: L norms, no extra pass.
        self.grad_log = GradientNormLog()
        self.version += 1

    def inputs(self, P: np.ndarray) -> np.ndarray:
        """The network's X (n_x, m) for points P (2, m) of the plane: the setup's input
        features of each (``playground.inputs``); P itself for x1, x2 and on other pages."""
        from playground.inputs import network_inputs

        return network_inputs(self.setup, P)

    # ------------------------------------------------------------------ actions
    def apply(self, new: Setup) -> str | None:
        """Bring the session in line with ``new``; return "data", "reset", "live" or None.

        What a change does is each changed field's declared effect in its page's table
        (``FieldSpec.effect``); the strongest one wins. Also sets ``notice`` to one line
        saying what happened, in the course's words.
        """
        changed = self.setup.changed_fields(new)
        if not changed:
            return None
        page = new.page
        self.setup = new
        names = ", ".join(sorted(_label(f) for f in changed))
        effects = {page.effect(name) for name in changed}
        if "data" in effects:
            self.data = self.make_data(new)
            self._new_weights()
            self.notice = sentence(f"New data ({names} changed): the weights were reset, epoch 0")
            self.notice = " ".join(filter(None, (classes.head_notice(changed, new, self.data),
                                                 self.notice)))
            return "data"
        if "retrain" in effects:
            self._new_weights()
            self.notice = sentence(f"{names} changed: new weights, training starts again at "
                                   "epoch 0")
            return "reset"
        for name in sorted(changed):  # every field here is "live": the trainer takes it
            spec = page.field(name)
            if spec.on_live is not None:
                spec.on_live(self, getattr(new, name))
        if any(page.field(name).group != "display" for name in changed):
            self.notice = sentence(f"{names} changed without a reset: training goes on "
                                   f"from epoch {self.trainer.epoch}")
        else:
            self.notice = sentence(f"Display changed ({names})")
        return "live"

    def reset(self) -> None:
        """New weights (same seed, so the same starting point), same data; stops playing."""
        self.playing = False
        self._new_weights()
        self.notice = "Reset: new weights, same data, epoch 0."

    def use_upload(self, uploaded: Uploaded) -> None:
        """Train on the user's file from now on (make_data must be a PlaneData): new data,
        new weights, epoch 0. The new data is built first, so if that fails (ValueError)
        nothing changes. With another data set chosen, the file is only kept for later."""
        if not isinstance(self.make_data, PlaneData):
            raise TypeError("this page's data cannot come from a file")
        if self.setup.dataset == "upload":
            data = make_plane_data(self.setup, uploaded)
            self.make_data.uploaded = uploaded
            self.data = data
            self.playing = False
            self._new_weights()
        else:
            self.make_data.uploaded = uploaded
        self.notice = (f"Loaded {uploaded.filename}: new data, new weights, training starts "
                       "again at epoch 0.")

    @property
    def uploaded(self) -> Uploaded | None:
        """The user's file in use (or kept for later), if any."""
        return getattr(self.make_data, "uploaded", None)

    def load_params(self, params: dict, name: str = "the file") -> None:
        """Start from imported weights (already checked against network.layer_dims): a new
        trainer (history and optimizer state cleared, epoch 0), the same data and setup.
        Raises ValueError (nothing changed) if they do not fit the network."""
        trial = self.network.copy()
        trial.params = params  # checks keys, shapes and finite values
        self.playing = False
        self._new_weights()
        self.network.params = trial.params
        self.trainer.evaluate()  # their cost and accuracy are shown at once, before a Step
        self.notice = (f"Loaded the weights from {name}: their cost is shown at epoch 0, "
                       "and training starts from them (the earlier history was cleared).")

    def step(self, epochs: int = 1, time_budget: float | None = None) -> int:
        """Train ``epochs`` epochs now, for at most about ``time_budget`` seconds (None: no
        limit; the Step button gives STEP_BUDGET); returns the epochs finished.

        An epoch that does not fit in the budget (a large upload, a deep network, batch size
        1) stops partway, with a notice saying how far it got; the next Step or Play goes
        on with it from there, and its history row is written when it ends."""
        if self.diverged:
            return 0
        self._keep_good()
        was_partway = self.trainer.epoch_progress > 0
        done = self.trainer.run(epochs, time_budget=time_budget)
        self.grad_log.record(self.trainer.epoch, self.trainer.last_grads)
        progress = self.trainer.epoch_progress
        if progress > 0 and not self.diverged:
            self.notice = (
                f"Step stopped after {time_budget:g} s, {100 * progress:.0f} % of the way through "
                f"epoch {self.epoch + 1} (a pass over {self.data.X_train.shape[1]:,} "
                "examples): press Step again, or Play, to go on. Its cost is drawn when it ends."
            )
        elif was_partway and done and not self.diverged:
            self.notice = f"Step finished epoch {self.epoch}: its cost is on the curve."
        return done

    def run_frame(self, time_budget: float, epochs: int | None = None) -> int:
        """Train up to setup.epochs_per_frame epochs (or ``epochs``: compare mode keeps its
        runs in step) within ``time_budget`` seconds.

        Stops playing when training diverges (the trainer keeps the last good weights'
        message in ``diverged``)."""
        if self.diverged:
            self.playing = False
            return 0
        self._keep_good()
        wanted = self.setup.epochs_per_frame if epochs is None else epochs
        done = self.trainer.run(wanted, time_budget=time_budget)
        if not self.diverged:  # a diverged step's gradients are not drawn
            self.grad_log.record(self.trainer.epoch, self.trainer.last_grads)
        else:
            self.playing = False
        return done

    def _keep_good(self) -> None:
        # The weights before this Step or frame: drawn (and downloaded) if it diverges.
        self._good_params = {k: v.copy() for k, v in self.network.params.items()}
        self._good_epoch = self.epoch

    @property
    def good_epoch(self) -> int | None:
        """After a divergence, the epoch of the weights ``drawable_network`` gives (the
        last finite ones); None when those are the current weights (no divergence, or a
        cost blow-up, which stops with finite weights)."""
        return None if self._draws_current else self._good_epoch

    @property
    def _draws_current(self) -> bool:
        # The current weights are the ones to draw: no divergence, nothing kept, or a cost
        # blow-up (it stops before the step, with finite weights).
        return (not self.diverged or self._good_params is None
                or self.trainer.diverged_kind == "blowup")

    def drawable_network(self) -> Network:
        """The network to draw: the current one, or after a divergence the last good one
        (weights from before the frame that diverged), so no NaN picture is ever drawn.
        A cost blow-up stops before the step, with finite weights: those are drawn, the
        network whose epoch and cost the history ends with."""
        if self._draws_current:
            return self.network
        good = self.network.copy()
        good.params = {k: v.copy() for k, v in self._good_params.items()}
        return good

    @property
    def drawable_epoch(self) -> int:
        """The epoch of ``drawable_network`` (its weights after that many epochs)."""
        good = self.good_epoch
        return self.epoch if good is None else good

    @property
    def diverged(self) -> str | None:
        return self.trainer.diverged

    @property
    def epoch(self) -> int:
        return int(self.trainer.epoch)


def _label(field_name: str) -> str:
    return field_name.replace("_", " ")
