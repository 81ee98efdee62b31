"""Light frames of a Playground run, for the animation and the report.

A frame is the picture's grid of predictions (uint8, as ``figures.plane.quantize`` sends it
to the browser: 60 x 60 bytes) at one epoch; the recording also keeps the cost history.
Memory is bounded: at most ``max_frames`` frames (3.6 kB each at the app's resolution); when
a recording that grows with a live run is full, every other frame is dropped and the
spacing doubles, so a long run keeps an even record of all of it.

``record_session`` makes a recording by training the session's setup again from epoch 0 on
the same data (the run is deterministic: same seed, same weights, same shuffles), so any
run can be animated afterwards without having been watched.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from playground.figures.plane import quantize

MAX_FRAMES = 400


@dataclass
class Frame:
    epoch: int
    grid: np.ndarray  # (n2, n1) uint8: P(y = 1) x 255 at the cell centres, row 0 at x2s[0]


@dataclass
class Recording:
    """Frames of one run and its cost history.

    x1s (n1,), x2s (n2,): the grid's cell centres; X (2, m), Y (1, m): the training points
    drawn over the picture; epochs, train_cost, test_cost: the history (test_cost None
    entries when there is no test set); title: the architecture as one line.
    """

    x1s: np.ndarray
    x2s: np.ndarray
    X: np.ndarray
    Y: np.ndarray
    title: str = ""
    max_frames: int = MAX_FRAMES
    every: int = 1  # epochs between kept frames (doubles when a live recording is full)
    frames: list[Frame] = field(default_factory=list)
    epochs: list[int] = field(default_factory=list)
    train_cost: list[float] = field(default_factory=list)
    test_cost: list[float | None] = field(default_factory=list)

    def add(self, epoch: int, probabilities: np.ndarray) -> bool:
        """Keep the picture (n2, n1) of P(y = 1) at ``epoch`` if it is due; True if kept."""
        if self.frames and (epoch - self.frames[-1].epoch < self.every
                            or epoch <= self.frames[-1].epoch):
            return False
        if len(self.frames) >= self.max_frames:  # full: keep every other, half as often
            self.frames = self.frames[::2]
            self.every *= 2
        self.frames.append(Frame(int(epoch), quantize(probabilities)))
        return True

    def set_history(self, history: dict) -> None:
        """Take the Trainer's history (epoch, train_cost, test_cost lists) as it is now."""
        self.epochs = [int(e) for e in history["epoch"]]
        self.train_cost = [float(c) for c in history["train_cost"]]
        self.test_cost = list(history["test_cost"])

    @property
    def nbytes(self) -> int:
        return sum(f.grid.nbytes for f in self.frames)


def same_run(recorded: Recording, history: dict, rel: float = 1e-9) -> bool:
    """True if the recording's costs are those of ``history`` (a Trainer's) at every epoch
    both have: False when the live run changed a setting along the way or started from
    loaded weights, so that training the current setup again from epoch 0 gives another run."""
    mine = dict(zip(recorded.epochs, recorded.train_cost, strict=True))
    for epoch, cost in zip(history["epoch"], history["train_cost"], strict=True):
        other = mine.get(int(epoch))
        if other is not None and not abs(other - cost) <= rel * abs(cost):
            return False
    return True


def frame_epochs(last: int, n_frames: int) -> list[int]:
    """Up to ``n_frames`` distinct epochs from 0 to ``last``, closer together at the start,
    where the picture changes fastest (spaced evenly in sqrt(epoch))."""
    last, n_frames = max(0, int(last)), max(2, int(n_frames))
    ticks = np.round(np.linspace(0.0, np.sqrt(last), n_frames) ** 2).astype(int)
    return sorted(set(ticks.tolist()) | {0, last})


def record_session(session, n_frames: int = 200, epochs: int | None = None,
                   progress: Callable[[float], None] | None = None) -> Recording:
    """Train the session's setup again from epoch 0 on its data, for ``epochs`` epochs (the
    session's own count by default) and record ``n_frames`` pictures along the way.

    A run that diverges ends its recording at its last good epoch. ``progress(share)`` is
    called with the share of the epochs done (0 to 1)."""
    from playground.state import Session

    data = session.data
    if data.G is None:
        raise ValueError("Only a run on a 2-D data set has a picture to record.")
    last = max(1, session.epoch if epochs is None else int(epochs))
    twin = Session(session.setup, make_data=lambda _setup: data, output=session.output)
    net = twin.network
    rec = Recording(np.asarray(data.x1s), np.asarray(data.x2s), data.X_train, data.Y_train,
                    title=repr(net).removeprefix("Network "), max_frames=max(n_frames, 2) + 2)
    shape = (len(data.x2s), len(data.x1s))
    for epoch in frame_epochs(last, n_frames):
        if epoch > twin.epoch:
            twin.step(epoch - twin.epoch)
        if twin.diverged:
            break
        rec.add(twin.epoch, net.forward(twin.inputs(data.G)).reshape(shape))
        if progress is not None:
            progress(min(1.0, twin.epoch / last))
    if twin.diverged is None and twin.epoch == last:
        twin.trainer.evaluate()  # the cost of the last picture's weights, after `last` epochs
    rec.set_history(twin.trainer.history)
    return rec
