"""How good are the predictions? All functions take arrays of shape (1, m), one entry per
example (any equal shapes work), and return a Python float."""

from __future__ import annotations

import numpy as np


def accuracy(Y_hat, Y) -> float:
    """The fraction of examples whose 0/1 prediction equals the label, in [0, 1]."""
    return float(np.mean(np.asarray(Y_hat) == np.asarray(Y)))


def rmse(A, Y) -> float:
    """Root mean squared error sqrt((1/m) sum (a - y)^2), in the units of y."""
    diff = np.ravel(np.asarray(A, dtype=np.float64) - np.asarray(Y, dtype=np.float64))
    return float(np.sqrt(np.dot(diff, diff) / diff.size))


def mae(A, Y) -> float:
    """Mean absolute error (1/m) sum |a - y|, in the units of y."""
    return float(np.mean(np.abs(np.asarray(A, dtype=np.float64) - np.asarray(Y, dtype=np.float64))))


def r2(A, Y) -> float:
    """Coefficient of determination 1 - sum (y - a)^2 / sum (y - mean y)^2.

    1 is perfect, 0 is no better than always predicting the mean of y. When all y are equal
    (the denominator is 0) it is 1 for perfect predictions and 0 otherwise.
    """
    A = np.ravel(np.asarray(A, dtype=np.float64))
    Y = np.ravel(np.asarray(Y, dtype=np.float64))
    residual = float(np.sum((Y - A) ** 2))
    total = float(np.sum((Y - Y.mean()) ** 2))
    if total == 0.0:
        return 1.0 if residual == 0.0 else 0.0
    return 1.0 - residual / total
