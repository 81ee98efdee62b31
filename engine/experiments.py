"""Small measurements the teaching pages make on a network: pure NumPy, no plotting.

Each function takes arrays in the course's shapes (W[l] is (n[l], n[l-1]), X is (n_x, m)) and
returns plain numbers or arrays, so a page can show them and a test can check them.
"""

from __future__ import annotations

import numpy as np


def saturation_intervals(
    z: np.ndarray, derivative: np.ndarray, threshold: float = 0.05
) -> list[tuple[float, float]]:
    """The z ranges where |g'(z)| < threshold: there gradient descent barely moves the unit.

    ``z`` is a sorted 1-D grid and ``derivative`` holds g'(z) on it (same shape). Returns the
    maximal runs of consecutive grid points below the threshold as (z_start, z_end) pairs.
    """
    z = np.asarray(z, dtype=float).ravel()
    small = np.abs(np.asarray(derivative, dtype=float).ravel()) < threshold
    if z.shape != small.shape:
        raise ValueError("z and its derivative must have the same shape.")
    intervals: list[tuple[float, float]] = []
    # The edges of each run of True: +1 where a run starts, -1 just after it ends.
    edges = np.diff(np.concatenate(([0], small.astype(np.int8), [0])))
    starts = np.flatnonzero(edges == 1)
    ends = np.flatnonzero(edges == -1) - 1
    for s, e in zip(starts, ends, strict=True):
        intervals.append((float(z[s]), float(z[e])))
    return intervals


def layer_gradient_norms(grads: dict[str, np.ndarray]) -> list[float]:
    """‖dW[l]‖_F (the Frobenius norm: root of the sum of squares) for l = 1..L, in order."""
    norms = []
    l = 1
    while f"dW{l}" in grads:
        norms.append(float(np.linalg.norm(grads[f"dW{l}"])))
        l += 1
    return norms


def row_spread(W: np.ndarray) -> float:
    """How different the rows of W are: the largest gap max_i w_ij - min_i w_ij over columns j.

    0 exactly when every hidden unit has the same incoming weights (the symmetry that zero
    initialization never breaks).
    """
    W = np.asarray(W, dtype=float)
    if W.shape[0] < 2:
        return 0.0
    return float(np.max(W.max(axis=0) - W.min(axis=0)))


def saturated_fraction(derivative: np.ndarray, threshold: float = 0.05) -> float:
    """The fraction of entries of g'(Z) (any shape) with |g'(z)| < threshold."""
    d = np.abs(np.asarray(derivative, dtype=float))
    return float(np.mean(d < threshold)) if d.size else 0.0


def linear_map_gap(Z: np.ndarray, W: np.ndarray, b: np.ndarray, X: np.ndarray) -> float:
    """The largest |Z - (W X + b)|: how far a network's Z[L] is from the linear map W X + b.

    Z is (n_L, m), W is (n_L, n_0), b is (n_L, 1), X is (n_0, m).
    """
    return float(np.max(np.abs(np.asarray(Z) - (W @ X + b))))


def singular_values(W: np.ndarray) -> np.ndarray:
    """The singular values of W, largest first (their count of non-zeros is W's rank)."""
    return np.linalg.svd(np.asarray(W, dtype=float), compute_uv=False)


def typical_slope(derivative: np.ndarray) -> float:
    """The median |g'(z)| over the entries of g'(Z): the slope a typical unit passes back."""
    d = np.abs(np.asarray(derivative, dtype=float))
    return float(np.median(d)) if d.size else 0.0
