"""The experiments behind the teaching pages: thin orchestration of the engine.

Every function here is a pure function of plain arguments (numbers, strings, tuples) that
returns plain data (dicts of lists and NumPy arrays), so a page can wrap it in
``st.cache_data`` and a test can call it directly. No Streamlit, no plotting.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from engine import experiments
from engine.activations import ACTIVATIONS, get_activation
from engine.collapse import collapse_linear
from engine.datasets import make_2d, plane_grid
from engine.housing import make_size_price
from engine.initializers import INITIALIZERS
from engine.network import Network
from engine.registry import Param
from engine.trainer import Trainer

SATURATION_THRESHOLD = 0.05  # |g'(z)| below this counts as "saturated" (derivative near 0)
GRID_RESOLUTION = 60
SLOPE_GRID = np.linspace(-50.0, 50.0, 2001)  # holds z = 0 and both flat sides of every g


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


# The initializations the Initialization page compares: key -> (engine init, scale, label;
# None: the initializer record's). "large" takes its scale from the page (the slider); 10 is
# the lecture's kind of "too big".
INIT_CHOICES: dict[str, tuple[str, float | None, str | None]] = {
    "zeros": ("zeros", 0.0, None),
    "small": ("normal", 0.01, "Random × 0.01"),
    "large": ("normal", 10.0, "Random × 10"),
    "xavier": ("xavier", 1.0, None),
    "he": ("he", 1.0, None),
}


def init_choice_label(key: str) -> str:
    """What the Initialization page calls one of its INIT_CHOICES."""
    init, _, label = INIT_CHOICES[key]
    return label or INITIALIZERS[init].label

# The setup of the "ReLU makes gradient descent faster" demonstration on the Activations page:
# two hidden layers of 8 units on the circle data, same seed and Xavier init for both,
# learning rate 0.45. Measured: ReLU gets the cost below 0.3 in 51 epochs, sigmoid needs about
# 2,660 (each sigmoid layer multiplies the gradient by g' <= 1/4 on its way back); both end near
# 97% training accuracy, so the difference is speed, not what can be learned. (At learning
# rate 0.8 the ReLU curve jumps back up to 0.69 near epoch 45 and zigzags around epoch 200,
# which distracts from the point; at 0.45 it goes down smoothly.)
RELU_DEMO = {
    "dataset": "circle",
    "hidden_units": (8, 8),
    "init": "xavier",
    "learning_rate": 0.45,
    "epochs": 3000,
    "n_samples": 400,
    "noise": 0.2,
    "data_seed": 1,
    "seed": 0,
}
RELU_DEMO_TARGET = 0.3

# The "Why linear collapses" page trains both networks with this learning rate. Measured on
# the default setup (circle, 4 x 6, 1,000 epochs): neither cost ever rises above its start, and
# the tanh twin still bends the boundary (97%; 72% already after 200 epochs). At 0.2 the tanh
# twin's cost spiked from about 0.1 to 2.4 (0.1: to 1.5), which a trainer that stops a cost
# blowing up reports as divergence; at 0.5 the flower's 4 x 16 linear layers diverged outright.
# (The deepest, widest tanh twin, 8 x 16, can still spike on the circle.)
COLLAPSE_LEARNING_RATE = 0.05  # "epochs to reach J = 0.3" is the number the page compares


# ----------------------------------------------------------------------------- activations


def activation_curves(
    names: tuple[str, ...], z_min: float, z_max: float, alpha: float | None = None,
    n: int = 801, **values: float,
) -> list[dict]:
    """g(z) and g'(z) on an even grid for each named activation, from its engine record.

    ``alpha`` and ``values`` set the activations' extra parameters by name (leaky ReLU's
    slope; their defaults otherwise). Each entry: name, label, color, z, a, da, formula,
    derivative_formula, note (the record's, filled in), and ``saturation``: the z intervals
    where |g'| < SATURATION_THRESHOLD, for records that say they saturate only (ReLU's flat
    side is not "saturation" but a dead zone, shown by its derivative itself).
    """
    if not z_min < z_max:
        raise ValueError("The z range must go from a smaller to a larger number.")
    z = np.linspace(float(z_min), float(z_max), int(n))
    out = []
    for name in names:
        act = get_activation(name, alpha=alpha, **values)
        a = act.forward(z)
        da = act.derivative(z, a)
        sat = (
            experiments.saturation_intervals(z, da, SATURATION_THRESHOLD)
            if act.saturates else []
        )
        # The activation's own largest slope, not the largest on the user's z range: the
        # page says "at most 0.25 (at z = 0)" even when the range leaves out z = 0.
        max_slope = float(np.max(act.derivative(SLOPE_GRID, act.forward(SLOPE_GRID))))
        at_zero = float(act.forward(np.zeros(1))[0])
        out.append({
            "name": name, "label": act.label, "color": act.color, "z": z, "a": a, "da": da,
            "formula": act.formula, "derivative_formula": act.derivative_formula,
            "note": act.note.format(max=max_slope, zero=at_zero, **act.values()),
            "saturation": sat, "max_derivative": max_slope, "value_at_zero": at_zero,
        })
    return out


def activation_labels() -> dict[str, str]:
    """Registry key -> pretty name, in the registry's order (for select boxes)."""
    return {name: act.label for name, act in ACTIVATIONS.items()}


def activation_params() -> dict[str, Param]:
    """Every extra parameter an activation declares, by name, in the registry's order (the
    Activations page draws one slider each; leaky ReLU's slope is "alpha")."""
    params: dict[str, Param] = {}
    for act in ACTIVATIONS.values():
        for p in act.params:
            params.setdefault(p.name, p)
    return params


# ----------------------------------------------------------------------------- training


def _train_one(
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
        r = _train_one(
            spec, X, Y, tuple(hidden_units), epochs, learning_rate, seed=seed,
            leaky_alpha=leaky_alpha, n_records=n_records, grid=G,
        )
        out = r.pop("grid_output")
        r["P"] = None if out is None else out.reshape(len(x2s), len(x1s))
        out_runs.append(r)
    return {"X": X, "Y": Y, "x1s": x1s, "x2s": x2s, "runs": out_runs}


def relu_vs_sigmoid(epochs: int | None = None) -> dict:
    """The Activations page's demonstration: RELU_DEMO trained with sigmoid and with ReLU."""
    d = RELU_DEMO
    runs = tuple(
        RunSpec(name, ACTIVATIONS[name].label, name, init=d["init"])
        for name in ("sigmoid", "relu")
    )
    return compare_training(
        runs, d["dataset"], d["hidden_units"], epochs or d["epochs"], d["learning_rate"],
        n_samples=d["n_samples"], noise=d["noise"], data_seed=d["data_seed"], seed=d["seed"],
        n_records=2,
    )


def epochs_to_reach(epoch: list[int], cost: list[float], target: float) -> int | None:
    """The first epoch whose cost is at most ``target`` (None if it never gets there)."""
    for e, c in zip(epoch, cost, strict=True):
        if c <= target:
            return int(e)
    return None


# ----------------------------------------------------------------------------- initialization


def init_specs(keys: tuple[str, ...], activation: str, large_scale: float = 10.0):
    """RunSpecs for the chosen INIT_CHOICES keys (the "large" one with ``large_scale``)."""
    specs = []
    for key in keys:
        init, scale, _ = INIT_CHOICES[key]
        label = init_choice_label(key)
        if key == "large":
            scale = float(large_scale)
            label = f"Random × {scale:g}"
        specs.append(RunSpec(key, label, activation, init=init, init_scale=scale))
    return tuple(specs)


def compare_inits(
    keys: tuple[str, ...],
    activation: str,
    dataset: str,
    hidden_units: tuple[int, ...],
    epochs: int,
    learning_rate: float,
    *,
    large_scale: float = 10.0,
    n_samples: int = 400,
    noise: float = 0.2,
    data_seed: int = 1,
    seed: int = 0,
) -> dict:
    """compare_training over initializations, plus W[1] and how alike its rows are per run."""
    result = compare_training(
        init_specs(tuple(keys), activation, large_scale), dataset, tuple(hidden_units), epochs,
        learning_rate, n_samples=n_samples, noise=noise, data_seed=data_seed, seed=seed,
    )
    for r in result["runs"]:
        r["W1"] = r["params"]["W1"]
        r["row_spread"] = experiments.row_spread(r["W1"])
        r["first_layer_grad"] = r["grad_norms"][0][0] if r["grad_norms"] else 0.0
    return result


# ----------------------------------------------------------------------------- linear collapse


def collapse_summary(params: dict[str, np.ndarray], activations: list[str], X: np.ndarray):
    """W′, b′, rank of a trained network with linear hidden layers, and its agreement.

    ``agreement`` is the largest |Z[L] - (W′X + b′)| over the columns of X (the output unit's
    own activation, if any, is applied on top of both, so comparing Z[L] is the whole story).
    """
    dims = [params["W1"].shape[1]] + [params[f"W{l}"].shape[0]
                                      for l in range(1, len(activations) + 1)]
    net = Network(dims, list(activations), init="zeros", seed=0)
    net.params = {k: v.copy() for k, v in params.items()}
    collapsed = collapse_linear(net)
    _, cache = net.forward_cache(X)
    gap = experiments.linear_map_gap(cache[f"Z{net.L}"], collapsed.W, collapsed.b, X)
    return {"W": collapsed.W, "b": collapsed.b, "rank": int(collapsed.rank), "agreement": gap}


def collapse_experiment(
    dataset: str,
    depth: int,
    width: int,
    other_activation: str,
    epochs: int,
    learning_rate: float,
    *,
    n_samples: int = 400,
    noise: float = 0.2,
    data_seed: int = 1,
    seed: int = 0,
) -> dict:
    """A deep network with linear hidden layers next to the same one with a non-linearity.

    Both have ``depth`` hidden layers of ``width`` units and a sigmoid output, same data, same
    seed, Xavier init. Adds ``collapse`` (W′, b′, rank, agreement on the data) for the linear
    run (None if it diverged).
    """
    hidden = (int(width),) * int(depth)
    runs = (
        RunSpec("linear", f"Linear hidden layers ({depth} × {width})", "linear"),
        RunSpec(other_activation, f"{ACTIVATIONS[other_activation].label} hidden layers "
                f"({depth} × {width})", other_activation),
    )
    result = compare_training(
        runs, dataset, hidden, epochs, learning_rate, n_samples=n_samples, noise=noise,
        data_seed=data_seed, seed=seed, n_records=2,
    )
    lin = result["runs"][0]
    result["collapse"] = (
        None if lin["diverged"] else
        collapse_summary(lin["params"], lin["activations"], result["X"])
    )
    return result


def rank_experiment(n: int, depth: int, width: int, bottleneck: int, seed: int = 0) -> dict:
    """A deep linear map R^n -> R^n whose middle hidden layer has ``bottleneck`` units.

    The weights are random (Xavier): the rank of the product W′ = W[L]...W[1] cannot exceed the
    narrowest layer, whatever the weights, so training is not needed to see it.
    """
    depth = max(1, int(depth))
    hidden = [int(width)] * depth
    hidden[depth // 2] = int(bottleneck)
    dims = [int(n), *hidden, int(n)]
    net = Network(dims, ["linear"] * (len(dims) - 1), init="xavier", seed=seed)
    collapsed = collapse_linear(net)
    return {
        "layer_dims": dims,
        "W": collapsed.W,
        "rank": int(collapsed.rank),
        "narrowest": int(min(dims)),
        "singular_values": experiments.singular_values(collapsed.W),
    }


def regression_output_demo(
    hidden: int = 8,
    epochs: int = 2000,
    learning_rate: float = 0.05,
    *,
    n_samples: int = 80,
    noise: float = 0.15,
    seed: int = 0,
) -> dict:
    """The one place a linear unit is right: the output of a regression.

    The same ReLU network (1 -> hidden ReLU -> 1) on the synthetic "size -> price" data, with a
    linear output and with a sigmoid output, both trained on the squared error. A sigmoid's
    output stays in (0, 1), i.e. below $100,000, so it cannot reach the prices.
    """
    data = make_size_price(n_samples=n_samples, noise=noise, seed=seed)
    X, Y = data.X_train, data.Y_train
    xs = np.linspace(float(X.min()), float(X.max()), 200).reshape(1, -1)
    curves = []
    for output in ("linear", "sigmoid"):
        spec = RunSpec(output, f"{ACTIVATIONS[output].label} output", "relu", init="he")
        r = _train_one(spec, X, Y, (int(hidden),), epochs, learning_rate, output=output,
                       loss="mse", seed=seed, n_records=1, grid=xs)
        r["fit_x"] = data.unstandardize(xs).ravel()
        r["fit_y"] = r.pop("grid_output").ravel()
        curves.append(r)
    size = data.unstandardize(X).ravel()
    return {"size": size, "price": Y.ravel(), "runs": curves}
