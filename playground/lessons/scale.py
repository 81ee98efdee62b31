"""The work behind the page "Scale drives deep learning": the lecture's week-1 chart
(performance against the amount of labelled data for a traditional method and for small,
medium and large networks), measured with this engine on the California housing prices.

One fixed test set of 4,128 districts (a seeded 20 % of the 20,640) scores every model; the
training sets are nested: the first m districts of one seeded order of the other 16,512, so
a bigger m only adds examples. Every model trains with the same budget of mini-batch Adam
steps whatever m is (a fixed number of epochs would give the small sets almost no steps),
from a fixed seed: the same call gives the same numbers.

The "traditional method" is a model with no hidden layer. The course's logistic regression
is that model with a sigmoid output; house prices are a number, so its output here is
linear (linear regression, the same W x + b). Performance is the test R² (1 is perfect, 0 is
no better than always guessing the mean price), higher is better as on the lecture's axis.

No Streamlit, no plotting here.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from engine.housing import FEATURES, prepare_housing
from engine.metrics import r2, rmse
from engine.network import Network
from engine.trainer import Trainer

# The lecture's four curves: name -> hidden layers.
MODELS: dict[str, tuple[int, ...]] = {
    "Linear regression (no hidden layer)": (),
    "Small network (4)": (4,),
    "Medium network (16, 8)": (16, 8),
    "Large network (64, 32)": (64, 32),
}
M_VALUES = (200, 500, 1_000, 2_000, 5_000, 16_512)  # 16,512: every training district
STEPS = 1_500          # Adam steps per model and m (full batch when m <= BATCH)
BATCH = 256
LEARNING_RATE = 0.003
TEST_RATIO = 0.2
SPLIT_SEED = 0         # the test set and the order the training districts are added in
WEIGHT_SEED = 1


def constants() -> dict:
    """What a run's result depends on besides its arguments (hidden, m, steps): the key of
    the page's stored measurements (``playground.lessons.measured``)."""
    return {"batch": BATCH, "learning_rate": LEARNING_RATE, "test_ratio": TEST_RATIO,
            "split_seed": SPLIT_SEED, "weight_seed": WEIGHT_SEED, "features": list(FEATURES)}


@dataclass(frozen=True)
class Split:
    """All the districts, standardized: X_pool (n_x, 16,512), Y_pool (1, 16,512) in the
    order they are added; X_test (n_x, 4,128), Y_test."""

    X_pool: np.ndarray
    Y_pool: np.ndarray
    X_test: np.ndarray
    Y_test: np.ndarray
    features: tuple[str, ...]


def split(frame=None) -> Split:
    """The fixed test set and the training pool, with every feature of engine.housing
    (standardized with the pool's statistics). ``frame``: the raw table, if already read."""
    data = prepare_housing(FEATURES, test_ratio=TEST_RATIO, seed=SPLIT_SEED, frame=frame)
    return Split(data.X_train, data.Y_train, data.X_test, data.Y_test, tuple(FEATURES))


def epochs_for(m: int, steps: int = STEPS, batch: int = BATCH) -> int:
    """Epochs that make about ``steps`` Adam steps on m examples in mini-batches of ``batch``."""
    per_epoch = max(1, math.ceil(m / batch))
    return max(1, round(steps / per_epoch))


def train_one(data: Split, hidden: Sequence[int], m: int, steps: int = STEPS,
              seed: int = WEIGHT_SEED) -> dict[str, float]:
    """Train [n_x, *hidden, 1] (ReLU hidden units, a linear output, squared error) on the first
    m districts of the pool; return its test and training R² and RMSE (in $100,000)."""
    if not 10 <= int(m) <= data.X_pool.shape[1]:
        raise ValueError(f"m must be from 10 to {data.X_pool.shape[1]:,}.")
    m = int(m)
    X, Y = data.X_pool[:, :m], data.Y_pool[:, :m]
    dims = [X.shape[0], *hidden, 1]
    acts = ["relu"] * len(hidden) + ["linear"]
    net = Network(dims, acts, init="he" if hidden else "zeros", seed=seed)
    batch = None if m <= BATCH else BATCH
    trainer = Trainer(net, X, Y, loss="mse", optimizer="adam", learning_rate=LEARNING_RATE,
                      batch_size=batch, seed=seed)
    trainer.run(epochs_for(m, steps))
    test_out, train_out = net.forward(data.X_test), net.forward(X)
    return {"test_r2": r2(test_out, data.Y_test), "test_rmse": rmse(test_out, data.Y_test),
            "train_r2": r2(train_out, Y), "train_rmse": rmse(train_out, Y),
            "n_params": net.n_params}


def sweep(data: Split, m_values: Sequence[int] = M_VALUES,
          models: dict[str, tuple[int, ...]] | None = None, steps: int = STEPS,
          on_step: Callable[[float, str], None] | None = None,
          train: Callable[..., dict] | None = None) -> list[dict]:
    """One row per (model, m): the table the page draws. ``on_step(fraction done, what is
    training)`` is called before each run (the page's progress bar). ``train(hidden, m,
    steps)``: one run (the page passes a cached one); ``train_one`` on ``data`` by default."""
    models = MODELS if models is None else models
    if train is None:
        def train(hidden, m, steps):
            return train_one(data, hidden, m, steps)
    # The cost of a run grows with the batch and the width: weigh the progress by it, so the
    # bar does not rush through the small models and stall on the last one.
    def work(hidden, m):
        dims = [data.X_pool.shape[0], *hidden, 1]
        return min(m, BATCH) * sum(a * b for a, b in itertools.pairwise(dims)) + 2_000

    jobs = [(name, hidden, m) for name, hidden in models.items() for m in m_values]
    total = sum(work(h, m) for _, h, m in jobs)
    done = 0.0
    rows = []
    for name, hidden, m in jobs:
        if on_step is not None:
            on_step(done / total, f"{name}, m = {m:,}")
        rows.append({"model": name, "m": int(m), **train(tuple(hidden), int(m), steps)})
        done += work(hidden, m)
    if on_step is not None:
        on_step(1.0, "done")
    return rows


def curve(rows: Sequence[dict], model: str, key: str = "test_r2") -> tuple[list, list]:
    """(m values, ``key`` values) of one model, in increasing m."""
    pts = sorted((r["m"], r[key]) for r in rows if r["model"] == model)
    return [p[0] for p in pts], [p[1] for p in pts]


def summary(rows: Sequence[dict]) -> dict[str, dict[str, float]]:
    """Per model: its test R² at the smallest and the largest m, the gain between them, and
    the gain over the last step of m (near 0 for a plateau)."""
    out = {}
    for model in dict.fromkeys(r["model"] for r in rows):
        ms, ys = curve(rows, model)
        out[model] = {"first": ys[0], "last": ys[-1], "gain": ys[-1] - ys[0],
                      "last_gain": ys[-1] - ys[-2] if len(ys) > 1 else 0.0,
                      "best_m": ms[int(np.argmax(ys))]}
    return out
