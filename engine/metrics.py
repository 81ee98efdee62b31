"""How good are the predictions? The binary and regression functions take arrays of shape
(1, m), one entry per example (any equal shapes work), and return a Python float. The K-class
functions take class indices (1, m) (what ``Network.predict`` returns for a softmax output) or
one-hot arrays (K, m) (the labels ``make_2d`` draws for K >= 3), either way."""

from __future__ import annotations

import numpy as np


def class_indices(Y) -> np.ndarray:
    """The class of each example as integers, shape (m,): the row of the 1 of a one-hot (K, m)
    array (K >= 2 rows), or the entries of a (1, m) array of indices (0/1 labels included)."""
    Y = np.asarray(Y)
    if Y.ndim != 2:
        raise ValueError(f"Labels must be a 2-D array, (1, m) or (K, m); got shape {Y.shape}.")
    if Y.shape[0] > 1:
        return np.argmax(Y, axis=0)
    return Y[0].astype(np.int64)


def accuracy(Y_hat, Y) -> float:
    """The fraction of examples whose prediction equals the label, in [0, 1]: 0/1 predictions
    against 0/1 labels, or (for K classes) class indices or one-hot arrays on either side."""
    Y_hat, Y = np.asarray(Y_hat), np.asarray(Y)
    if Y_hat.shape == Y.shape and (Y.ndim != 2 or Y.shape[0] == 1):
        return float(np.mean(Y_hat == Y))
    return float(np.mean(class_indices(Y_hat) == class_indices(Y)))


def confusion_matrix(Y_hat, Y, n_classes: int | None = None) -> np.ndarray:
    """C (K, K) of integer counts: C[i, j] = the examples of true class i predicted as class j
    (rows: the truth, columns: the prediction, as scikit-learn lays it out). Labels and
    predictions are class indices (1, m) or one-hot (K, m); K is ``n_classes`` or the number
    of rows of a one-hot array or 1 + the largest index seen."""
    true, pred = class_indices(Y), class_indices(Y_hat)
    if true.shape != pred.shape:
        raise ValueError(f"{pred.size} predictions for {true.size} labels.")
    if n_classes is None:
        rows = [np.asarray(a).shape[0] for a in (Y, Y_hat) if np.asarray(a).shape[0] > 1]
        seen = int(max(true.max(initial=0), pred.max(initial=0))) + 1
        n_classes = max([seen, *rows])
    K = int(n_classes)
    if true.size and (min(true.min(), pred.min()) < 0 or max(true.max(), pred.max()) >= K):
        raise ValueError(f"Class indices must be 0..{K - 1}.")
    C = np.zeros((K, K), dtype=np.int64)
    np.add.at(C, (true, pred), 1)
    return C


def per_class_accuracy(Y_hat, Y, n_classes: int | None = None) -> np.ndarray:
    """For each true class k, the share of its examples predicted as k (the recall), shape
    (K,); NaN for a class with no example."""
    C = confusion_matrix(Y_hat, Y, n_classes)
    counts = C.sum(axis=1)
    hits = np.diagonal(C).astype(np.float64)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(counts > 0, hits / np.maximum(counts, 1), np.nan)


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
