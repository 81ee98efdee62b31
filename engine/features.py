"""The input features of a point of the plane: TensorFlow Playground's seven.

A 2-D data set stores its points as P (2, m), rows x1 and x2. The network need not see them
as they are: ``feature_map(P, names)`` computes chosen functions of each point, one row per
feature, and that is the network's X = A[0], of shape (n_x, m) with n_x = len(names). With x1²
and x2² among the inputs a circle is a straight line in the features' space, so a network
with no hidden layer (logistic regression) separates it: features chosen by hand do the work
a hidden layer would otherwise learn.

``PLANE_FEATURES`` is the registry, name -> ``Feature``: adding one is adding one record.
``DEFAULT_FEATURES`` (x1, x2) is the plain point: ``feature_map(P, DEFAULT_FEATURES)`` equals
P bit for bit. Never imports streamlit or plotly.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Feature:
    """One input feature: a function of the point (x1, x2).

    ``of(x1, x2)`` takes the two rows, each (m,), and returns the feature's row (m,).
    ``label`` is the name users read (Unicode, e.g. "x1²"), ``latex`` the same in LaTeX,
    ``code`` the NumPy expression of x1 and x2 that the exported script writes (it must
    compute the same numbers as ``of``: a test runs both), ``help`` one line on what it adds.
    """

    name: str
    label: str
    latex: str
    of: Callable[[np.ndarray, np.ndarray], np.ndarray]
    code: str
    help: str = ""


PLANE_FEATURES: dict[str, Feature] = {
    "x1": Feature("x1", "x1", r"x_1", lambda x1, x2: x1, "x1",
                  "The point's first coordinate."),
    "x2": Feature("x2", "x2", r"x_2", lambda x1, x2: x2, "x2",
                  "The point's second coordinate."),
    "x1_sq": Feature("x1_sq", "x1²", r"x_1^2", lambda x1, x2: x1 * x1, "x1 * x1",
                     "Large on both sides of x1 = 0: with x2² it makes a circle linear."),
    "x2_sq": Feature("x2_sq", "x2²", r"x_2^2", lambda x1, x2: x2 * x2, "x2 * x2",
                     "Large on both sides of x2 = 0."),
    "x1x2": Feature("x1x2", "x1·x2", r"x_1 x_2", lambda x1, x2: x1 * x2, "x1 * x2",
                    "Its sign is the quadrant's: XOR in one number."),
    "sin_x1": Feature("sin_x1", "sin x1", r"\sin x_1", lambda x1, x2: np.sin(x1),
                      "np.sin(x1)", "Waves along x1."),
    "sin_x2": Feature("sin_x2", "sin x2", r"\sin x_2", lambda x1, x2: np.sin(x2),
                      "np.sin(x2)", "Waves along x2."),
}

DEFAULT_FEATURES: tuple[str, ...] = ("x1", "x2")


def get_feature(name: str) -> Feature:
    """The record of a feature name; ValueError listing the valid names otherwise."""
    try:
        return PLANE_FEATURES[name]
    except (KeyError, TypeError):
        valid = ", ".join(PLANE_FEATURES)
        raise ValueError(f"Unknown input feature {name!r}: choose from {valid}.") from None


def check_features(names: Sequence[str]) -> tuple[str, ...]:
    """The names as a tuple, each known and listed once, at least one; ValueError else."""
    names = tuple(names)
    if not names:
        raise ValueError("Choose at least one input feature: the network needs an input x.")
    for name in names:
        get_feature(name)
    if len(set(names)) != len(names):
        raise ValueError(f"An input feature is listed twice: {', '.join(names)}.")
    return names


def feature_map(P: np.ndarray, names: Sequence[str] = DEFAULT_FEATURES) -> np.ndarray:
    """The network's inputs X (n_x, m) for points P (2, m) of the plane: row i is feature
    ``names[i]`` of every point (column), in the order given; n_x = len(names)."""
    names = check_features(names)
    P = np.asarray(P, dtype=float)
    if P.ndim != 2 or P.shape[0] != 2:
        raise ValueError(f"The points must be an array of shape (2, m); got {P.shape}.")
    x1, x2 = P[0], P[1]
    return np.vstack([get_feature(name).of(x1, x2) for name in names])


def feature_labels(names: Sequence[str]) -> list[str]:
    """The labels users read, in the same order ("x1²", "sin x2", ...)."""
    return [get_feature(name).label for name in names]


def is_plain(names: Sequence[str]) -> bool:
    """Whether the inputs are the point itself (x1, x2 in this order): X is then P."""
    return tuple(names) == DEFAULT_FEATURES
