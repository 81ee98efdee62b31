"""One-click setups for the live page, each demonstrating one claim of the lectures.

``LIVE_PRESETS`` maps a preset's name to (a one-line explanation of what to look for, the
Setup fields it changes). ``apply_preset(setup, name)`` returns the setup with those fields
changed and validated. The tests train every preset with ``engine.Trainer`` and check that it
shows what its explanation says.
"""

from __future__ import annotations

from typing import Any

from playground.fields import Setup, validate

#: name -> (what to look for, the Setup fields it changes). Ordered: the menu shows them so.
LIVE_PRESETS: dict[str, tuple[str, dict[str, Any]]] = {
    "The course's planar model": (
        "The course's notebook: one hidden layer of 4 tanh units on the flower data, "
        "weights × 0.01, learning rate 1.2, gradient descent. It reaches about 90%.",
        {
            "dataset": "flower", "noise": 0.2, "n_samples": 400, "data_seed": 1,
            "hidden_units": [4], "activations": ["tanh"], "init": "normal",
            "init_scale": 0.01, "loss": "bce", "optimizer": "gd", "learning_rate": 1.2,
            "batch_size": 0, "l2": 0.0, "seed": 2,
        },
    ),
    "XOR needs a hidden layer": (
        "No hidden layer is logistic regression: one straight line, stuck between 50% and "
        "75% on XOR. Add one hidden layer (4 tanh units) and it passes 95%.",
        {
            "dataset": "xor", "noise": 0.1, "n_samples": 400, "data_seed": 1,
            "hidden_units": [], "activations": [], "init": "normal", "init_scale": 0.01,
            "loss": "bce", "optimizer": "gd", "learning_rate": 1.2, "batch_size": 0,
            "l2": 0.0, "seed": 0,
        },
    ),
    "Linear activations collapse": (
        "Three hidden layers of 8 linear units compute one linear function W'x + b': the "
        "boundary stays a straight line on the circle. Switch them to tanh and it bends.",
        {
            "dataset": "circle", "noise": 0.1, "n_samples": 400, "data_seed": 1,
            "hidden_units": [8, 8, 8], "activations": ["linear", "linear", "linear"],
            "init": "xavier", "init_scale": 1.0, "loss": "bce", "optimizer": "gd",
            "learning_rate": 0.1, "batch_size": 0, "l2": 0.0, "seed": 0,
        },
    ),
    "Zero init keeps symmetry": (
        "All weights start at 0: every hidden unit computes the same thing and gets the same "
        "update, so the 4 units stay identical (the same picture) however long you train.",
        {
            "dataset": "flower", "noise": 0.2, "n_samples": 400, "data_seed": 1,
            "hidden_units": [4], "activations": ["sigmoid"], "init": "zeros",
            "init_scale": 0.01, "loss": "bce", "optimizer": "gd", "learning_rate": 1.2,
            "batch_size": 0, "l2": 0.0, "seed": 0,
        },
    ),
    "Learning rate too large diverges": (
        "The course's network with a learning rate of 10 instead of 1.2: every step "
        "overshoots, the cost curve zigzags up and down, then shoots past 3 times its start "
        "and training stops (epoch 14). Lower it to 1.2 and it converges.",
        {
            "dataset": "flower", "noise": 0.2, "n_samples": 400, "data_seed": 1,
            "hidden_units": [4], "activations": ["tanh"], "init": "normal",
            "init_scale": 0.01, "loss": "bce", "optimizer": "gd", "learning_rate": 10.0,
            "batch_size": 0, "l2": 0.0, "seed": 0,
        },
    ),
    "A circle needs no hidden layer with x1², x2²": (
        "No hidden layer, but x1² and x2² as the inputs: inside the circle x1² + x2² is "
        "small, so one straight line in these features draws the circle, and logistic "
        "regression passes 95 %. Set the inputs back to x1, x2 and it stays below 55 %.",
        {
            "dataset": "circle", "noise": 0.1, "n_samples": 400, "data_seed": 1,
            "inputs": ["x1_sq", "x2_sq"], "hidden_units": [], "activations": [],
            "init": "normal", "init_scale": 0.01, "loss": "bce", "optimizer": "gd",
            "learning_rate": 1.2, "batch_size": 0, "l2": 0.0, "seed": 0,
        },
    ),
}

#: What every preset of a page sets unless it says otherwise: the Playground's presets are
#: claims about a network that sees the point itself (x1, x2), whatever inputs were chosen.
PRESET_BASE: dict[str, dict[str, Any]] = {"classification": {"inputs": ["x1", "x2"]}}


#: The housing page's presets (regression), as LIVE_PRESETS.
HOUSING_PRESETS: dict[str, tuple[str, dict[str, Any]]] = {
    "One ReLU unit: a threshold": (
        "One feature, median income, and one ReLU unit: the predicted price stays flat for "
        "the lowest incomes, then rises in a straight line past a threshold, the lecture's "
        "first picture. The weights start small (× 0.01), so the unit starts alive for "
        "every seed; large starting weights can kill it (z < 0 for every district: a flat "
        "line).",
        {
            "features": ["median_income"], "hidden_units": [1], "activations": ["relu"],
            "init": "normal", "init_scale": 0.01, "loss": "mse", "optimizer": "adam",
            "learning_rate": 0.01, "batch_size": 256, "l2": 0.0, "seed": 0,
        },
    ),
}
_TABLES = {"classification": LIVE_PRESETS, "regression": HOUSING_PRESETS}


def preset_names(task: str = "classification") -> list[str]:
    """The presets of a task's page in menu order."""
    return list(_TABLES.get(task, {}))


def preset_explanation(name: str) -> str:
    """The one line saying what the preset shows and what to look for."""
    return _lookup(name)[1][0]


def _lookup(name: str) -> tuple[str, tuple[str, dict[str, Any]]]:
    # (task, (explanation, fields)) of a preset of any page.
    for task, table in _TABLES.items():
        if name in table:
            return task, table[name]
    known = ", ".join(n for table in _TABLES.values() for n in table)
    raise ValueError(f"Unknown preset {name!r}. Choose one of: {known}.")


def apply_preset(setup: Setup, name: str) -> Setup:
    """``setup`` with the preset's fields changed (display choices and the rest kept), as a
    validated Setup for the preset's task. Raises ValueError for an unknown preset name."""
    task, (_, overrides) = _lookup(name)
    raw = {**setup.to_dict(), **PRESET_BASE.get(task, {}), **overrides, "task": task}
    new, _notices = validate(raw, task=task)
    return new
