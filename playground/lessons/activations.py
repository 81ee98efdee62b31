"""The Activations page's computations: each activation and its derivative from the engine,
and the race of sigmoid against ReLU on the same network."""

from __future__ import annotations

import numpy as np

from engine import experiments
from engine.activations import ACTIVATIONS, HIDDEN_ACTIVATIONS, get_activation
from engine.registry import Param
from playground.lessons.training import SATURATION_THRESHOLD, RunSpec, compare_training

SLOPE_GRID = np.linspace(-50.0, 50.0, 2001)  # holds z = 0 and both flat sides of every g

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
    """Registry key -> pretty name, in the registry's order (for select boxes): the
    elementwise activations, whose g(z) is a curve (softmax, output-only, is left out)."""
    return {name: act.label for name, act in HIDDEN_ACTIVATIONS.items()}


def activation_params() -> dict[str, Param]:
    """Every extra parameter an activation declares, by name, in the registry's order (the
    Activations page draws one slider each; leaky ReLU's slope is "alpha")."""
    params: dict[str, Param] = {}
    for act in HIDDEN_ACTIVATIONS.values():
        for p in act.params:
            params.setdefault(p.name, p)
    return params


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
