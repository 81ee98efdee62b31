"""The Playground's input features: from points of the plane to the network's X.

The data keeps its points as they are drawn, P (2, m) of (x1, x2) (``Data.X_train``, the
picture's grid ``Data.G``): what the student sees and what a drawn point adds. The network
sees ``network_inputs(setup, P)``, X (n_x, m), the setup's chosen features of each point
(``engine.features``). Every place that runs the network on points of the plane (training,
test, the picture, the diagram's pictures, the step-through, the exports) goes through here,
so n[0] follows the choice everywhere. No Streamlit here.
"""

from __future__ import annotations

import numpy as np

from engine.features import DEFAULT_FEATURES, feature_labels, feature_map, is_plain


def input_names(setup) -> tuple[str, ...] | None:
    """The setup's input features in order, or None on a page without the control (the
    housing page: its X is its table's columns)."""
    if setup.page.field("inputs") is None:
        return None
    return tuple(setup.inputs) or DEFAULT_FEATURES


def network_inputs(setup, P: np.ndarray) -> np.ndarray:
    """X (n_x, m) the network sees for points P (2, m) of the plane (P itself for x1, x2
    and on a page without the control)."""
    names = input_names(setup)
    if names is None or is_plain(names):
        return P
    return feature_map(P, names)


def input_labels(setup, n_x: int | None = None) -> list[str]:
    """What each input unit is called in the diagram: "x1", "x1²", "sin x2", ... (on a page
    without the control x1 .. xn for ``n_x`` inputs)."""
    names = input_names(setup)
    if names is None:
        return [f"x{i + 1}" for i in range(int(n_x or 0))]
    return feature_labels(names)


def grid_points(x1: np.ndarray, x2: np.ndarray) -> np.ndarray:
    """The points of the grid x1 × x2 as P (2, len(x1) * len(x2)), x1 varying fastest: the
    network's output on them reshapes to (len(x2), len(x1)), rows along x2."""
    g1, g2 = np.meshgrid(np.asarray(x1, dtype=float), np.asarray(x2, dtype=float))
    return np.vstack([g1.ravel(), g2.ravel()])


def describe(setup) -> str:
    """One line naming the inputs for a caption: "X = A[0] holds x1², x2² (n[0] = 2)"."""
    labels = input_labels(setup)
    return f"X = A[0] holds {', '.join(labels)} of each point (n[0] = {len(labels)})"


def plane_inputs(session, P: np.ndarray) -> np.ndarray:
    """The one way the live views turn points of the plane into the network's X: the
    session's input features (``Session.inputs``) of P (2, m)."""
    return session.inputs(P)
