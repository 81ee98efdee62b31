"""What the teaching pages share: train a few networks side by side on the same data and
seed, recording what each page plots (cost, accuracy, gradient norms, saturation at the start,
the output over the plane).

Pure functions of plain arguments returning plain data (dicts of lists and NumPy arrays), so a
page can wrap them in ``st.cache_data`` and a test can call them directly. No Streamlit, no
plotting.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from engine import experiments
from engine.activations import get_activation
from engine.datasets import make_2d, plane_grid
from engine.diagnostics import SATURATION_THRESHOLD  # used here, and read by the pages
from engine.network import Network
from engine.trainer import Trainer

GRID_RESOLUTION = 60


class RunSpec(NamedTuple):
    """One network to train in a side-by-side comparison.

    ``key`` names its colour in the palette (an activation or init name), ``label`` is what the
    page shows, ``activation`` is the hidden layers' activation, ``init``/``init_scale`` the
    engine's initializer and scale (None: the initializer's default).
    """

    key: str
    label: str
    activation: str
    init: str = "xavier"
    init_scale: float | None = None


def train_one(
    spec: RunSpec,
    X: np.ndarray,
    Y: np.ndarray,
    hidden_units: tuple[int, ...],
    epochs: int,
    learning_rate: float,
    *,
    output: str = "sigmoid",
    loss: str = "bce",
    seed: int = 0,
    leaky_alpha: float = 0.01,
    n_records: int = 40,
    grid: np.ndarray | None = None,
) -> dict:
    """Train one network; record cost (every epoch) and ‖dW[l]‖ (n_records times)."""
    dims = [X.shape[0], *hidden_units, Y.shape[0]]
    acts = [spec.activation] * len(hidden_units) + [output]
    net = Network(
        dims, acts, init=spec.init, init_scale=spec.init_scale, seed=seed,
        leaky_alpha=leaky_alpha,
    )
    # What the hidden layers look like before any training: how many units are saturated.
    _, cache0 = net.forward_cache(X)
    sat0, slope0 = [], []
    for l in range(1, net.L):
        act = get_activation(acts[l - 1], alpha=leaky_alpha)
        slopes = act.derivative(cache0[f"Z{l}"], cache0[f"A{l}"])
        sat0.append(experiments.saturated_fraction(slopes, SATURATION_THRESHOLD))
        slope0.append(experiments.typical_slope(slopes))
    trainer = Trainer(net, X, Y, loss=loss, optimizer="gd", learning_rate=learning_rate,
                      seed=seed)
    # These side-by-side demonstrations run to the end: a deep tanh net may fall off a cliff
    # of the cost surface and climb back, which is not what the page is about. NaN and
    # exploding weights still stop a run (and the page says so).
    trainer.blowup_guard = False
    step = max(1, int(epochs) // max(1, n_records))
    grad_epochs: list[int] = []
    grad_norms: list[list[float]] = []
    while True:
        with np.errstate(all="ignore"):  # weights close to the divergence limit may overflow
            _, grads = net.cost_and_grads(X, Y, loss=loss)
        grad_epochs.append(trainer.epoch)
        grad_norms.append(experiments.layer_gradient_norms(grads))
        todo = min(step, int(epochs) - trainer.epoch)
        if todo <= 0 or trainer.diverged:
            break
        trainer.run(todo)
        if trainer.diverged:
            break
    history = trainer.history
    result = {
        "key": spec.key,
        "label": spec.label,
        "activation": spec.activation,
        "init": spec.init,
        "epoch": list(history["epoch"]),
        "cost": list(history["train_cost"]),
        "metric": list(history["train_metric"]),
        "final_cost": float(history["train_cost"][-1]) if history["train_cost"] else
        float("nan"),
        "final_metric": float(history["train_metric"][-1]) if history["train_metric"] else
        float("nan"),
        "diverged": trainer.diverged,
        "grad_epoch": grad_epochs,
        # norms[l-1][k] = ‖dW[l]‖ at grad_epoch[k]
        "grad_norms": [list(col) for col in zip(*grad_norms, strict=True)],
        "saturated_at_start": sat0,  # per hidden layer: share of |g'(z)| < threshold
        "slope_at_start": slope0,  # per hidden layer: median |g'(z)|
        "params": {k: v.copy() for k, v in net.params.items()},
        "layer_dims": dims,
        "activations": acts,
        "repr": repr(net),
        "n_params": int(net.n_params),
    }
    if grid is not None:
        # A diverged network's output means nothing: the page says so instead of drawing it.
        result["grid_output"] = None if trainer.diverged else net.forward(grid)
    return result


def compare_training(
    runs: tuple[RunSpec, ...],
    dataset: str,
    hidden_units: tuple[int, ...],
    epochs: int,
    learning_rate: float,
    *,
    n_samples: int = 400,
    noise: float = 0.2,
    data_seed: int = 1,
    seed: int = 0,
    leaky_alpha: float = 0.01,
    n_records: int = 40,
    grid_resolution: int = GRID_RESOLUTION,
) -> dict:
    """Train the same network (same data, seed) once per RunSpec on a 2-D data set.

    Returns {"X", "Y", "x1s", "x2s", "runs": [per-run dict]} where each run dict has the cost
    history (``epoch``, ``cost``, ``metric`` = training accuracy), ``grad_epoch`` and
    ``grad_norms`` (‖dW[l]‖ per layer), ``params`` after training, ``saturated_at_start`` (per
    hidden layer) and ``P``: a[L] on the plotting grid, (resolution, resolution), or None if
    that run diverged (``diverged`` holds the engine's message).
    """
    X, Y = make_2d(dataset, n_samples=n_samples, noise=noise, seed=data_seed)
    x1s, x2s, G = plane_grid(X, resolution=grid_resolution)
    out_runs = []
    for spec in runs:
        r = train_one(
            spec, X, Y, tuple(hidden_units), epochs, learning_rate, seed=seed,
            leaky_alpha=leaky_alpha, n_records=n_records, grid=G,
        )
        out = r.pop("grid_output")
        r["P"] = None if out is None else out.reshape(len(x2s), len(x1s))
        out_runs.append(r)
    return {"X": X, "Y": Y, "x1s": x1s, "x2s": x2s, "runs": out_runs}


def epochs_to_reach(epoch: list[int], cost: list[float], target: float) -> int | None:
    """The first epoch whose cost is at most ``target`` (None if it never gets there)."""
    for e, c in zip(epoch, cost, strict=True):
        if c <= target:
            return int(e)
    return None
