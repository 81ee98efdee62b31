"""The two preparation rules every data set of the app shares: how many examples the test
split holds, and how features are standardized. One definition each, so the Playground's 2-D
sets, an uploaded file and the housing data are split and scaled the same way.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

# A row whose spread is below this is treated as constant: it keeps std 1, so it stays a
# constant (0) instead of being divided by almost nothing.
CONSTANT_STD = 1e-12


def test_count(m: int, test_ratio: float) -> int:
    """How many of ``m`` examples go to the test split for the share ``test_ratio``.

    round(test_ratio * m), but at least 1 and at most m - 1 when 0 < test_ratio < 1 (neither
    split is ever empty by rounding); 0 when test_ratio is 0 or there are fewer than 2
    examples. Raises ValueError unless 0 <= test_ratio < 1.
    """
    ratio = float(test_ratio)
    if not (math.isfinite(ratio) and 0.0 <= ratio < 1.0):
        raise ValueError("The test share must be at least 0 and less than 1.")
    m = int(m)
    if ratio == 0.0 or m < 2:
        return 0
    return min(max(round(ratio * m), 1), m - 1)


test_count.__test__ = False  # a library function, not a pytest test (its name starts "test")


def standardize(
    X_train: np.ndarray, *others: np.ndarray, keep: Sequence[bool] | None = None
) -> tuple[np.ndarray, ...]:
    """Each feature row minus the training split's mean, over its standard deviation.

    X_train (n_x, m_train) gives the statistics; ``others`` (n_x, k each: the test split, the
    whole set, ...) are scaled with the same ones, never their own (the test set must not leak
    into the training). ``keep`` flags rows left as they are (e.g. 0/1 columns: mean 0, std 1).
    Returns the scaled X_train, then each of ``others``, then means and stds (n_x, 1).
    """
    X_train = np.asarray(X_train, dtype=float)
    means = X_train.mean(axis=1, keepdims=True)
    stds = X_train.std(axis=1, keepdims=True)
    stds = np.where(stds > CONSTANT_STD, stds, 1.0)
    if keep is not None:
        rows = np.asarray(keep, dtype=bool)
        if rows.shape != (X_train.shape[0],):
            raise ValueError("keep needs one flag per feature row.")
        means[rows] = 0.0
        stds[rows] = 1.0
    scaled = tuple((np.asarray(A, dtype=float) - means) / stds for A in (X_train, *others))
    return (*scaled, means, stds)
