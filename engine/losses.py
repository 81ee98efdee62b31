"""Cost functions J and the error they send back into the network, dZ[L] = dJ/dZ[L] (times m).

Shapes: A[L], Z[L] and Y are (n[L], m), one column per example. The cost J is the mean of the
loss over the m examples (summed over the output units when n[L] > 1).

``output_delta`` returns the course's dZ[L] *without* the 1/m: for the cross-entropy on a sigmoid
output that is the famous dZ[L] = A[L] - Y; the network applies the 1/m of
dW[l] = (1/m) dZ[l] A[l-1]^T itself.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import numpy as np

from engine.activations import Activation
from engine.registry import GroupBy


def _clip_eps(a: np.ndarray) -> float:
    # How close to 0 and 1 a probability may get before log() of it: well above the rounding
    # of the dtype, so that log(1 - a) never sees 0.
    return 1e-6 if a.dtype == np.float32 else 1e-12


def _mean_over_examples(total, Y: np.ndarray) -> float:
    return float(total) / Y.shape[1]


# ----------------------------------------------------------------------------- cross-entropy
def bce_cost(AL: np.ndarray, Y: np.ndarray, ZL: np.ndarray | None = None) -> float:
    """J = -(1/m) sum [ y log a + (1 - y) log(1 - a) ]  (binary cross-entropy).

    With the logits ``ZL`` (pass them when the output unit is a sigmoid) the loss is computed
    from z, exactly and without overflow:
        -[y log s(z) + (1 - y) log(1 - s(z))] = max(z, 0) - z y + log(1 + e^-|z|),
    which is 0 (not NaN) for a confident correct prediction and grows like |z| for a confident
    wrong one. Without logits, a is clipped to [eps, 1 - eps] so log() never sees 0.
    """
    if ZL is not None:
        # log(1 + e^-|z|) is in (0, log 2]: nothing here can overflow.
        loss = np.maximum(ZL, 0.0) - ZL * Y + np.log1p(np.exp(-np.abs(ZL)))
        return _mean_over_examples(np.add.reduce(loss, axis=None), Y)
    eps = _clip_eps(AL)
    a = np.clip(AL, eps, 1.0 - eps)
    loss = Y * np.log(a)
    loss += (1.0 - Y) * np.log1p(-a)
    return -_mean_over_examples(np.add.reduce(loss, axis=None), Y)


def bce_output_delta(
    AL: np.ndarray, Y: np.ndarray, ZL: np.ndarray, activation: Activation
) -> np.ndarray:
    """dZ[L] = A[L] - Y on a sigmoid output; otherwise dA[L] * g'(Z[L]) with
    dA[L] = -(y / a - (1 - y) / (1 - a)) (a clipped as in the cost)."""
    if activation.name == "sigmoid":
        return AL - Y
    eps = _clip_eps(AL)
    a = np.clip(AL, eps, 1.0 - eps)
    dA = (1.0 - Y) / (1.0 - a)
    dA -= Y / a
    if activation.output_only:  # softmax mixes the units: its Jacobian, not a diagonal
        return activation.backward(dA, ZL, AL)
    dA *= activation.derivative(ZL, AL)
    return dA


# ------------------------------------------------------------------- categorical cross-entropy
def cross_entropy_cost(AL: np.ndarray, Y: np.ndarray, ZL: np.ndarray | None = None) -> float:
    """J = -(1/m) sum_i sum_k y_k log a_k  (categorical cross-entropy; Y one-hot, (K, m)).

    With the logits ``ZL`` (pass them when the output is a softmax) log a_k is computed from
    z as z_k - max_j z_j - log sum_j e^(z_j - max_j z_j) (the log-sum-exp): every exponent is
    <= 0 and the sum is >= 1, so a confident correct prediction costs 0 (not NaN) and a
    confident wrong one grows like the gap between the logits, even for logits of 1e4.
    Without logits, a is clipped to [eps, 1] so log() never sees 0.
    """
    if ZL is not None:
        shifted = ZL - np.max(ZL, axis=0, keepdims=True)
        log_a = shifted - np.log(np.sum(np.exp(shifted), axis=0, keepdims=True))
        return -_mean_over_examples(np.add.reduce(Y * log_a, axis=None), Y)
    log_a = np.log(np.clip(AL, _clip_eps(AL), 1.0))
    return -_mean_over_examples(np.add.reduce(Y * log_a, axis=None), Y)


def cross_entropy_output_delta(
    AL: np.ndarray, Y: np.ndarray, ZL: np.ndarray, activation: Activation
) -> np.ndarray:
    """dZ[L] = A[L] - Y on a softmax output (each column of Y sums to 1); otherwise the chain
    through the activation's backward from dA[L] = -Y / a (a clipped as in the cost)."""
    if activation.name == "softmax":
        return AL - Y
    dA = -Y / np.clip(AL, _clip_eps(AL), 1.0)
    return activation.backward(dA, ZL, AL)


# ----------------------------------------------------------------------------- squared error
def mse_cost(AL: np.ndarray, Y: np.ndarray, ZL: np.ndarray | None = None) -> float:
    """J = (1/(2m)) sum (a - y)^2: half the mean squared error, so that dJ/da = (a - y)/m.

    (Half of what scikit-learn calls the mean squared error; the RMSE metric undoes the half.)
    """
    diff = (AL - Y).ravel()
    return 0.5 * _mean_over_examples(np.dot(diff, diff), Y)


def mse_output_delta(
    AL: np.ndarray, Y: np.ndarray, ZL: np.ndarray, activation: Activation
) -> np.ndarray:
    """dZ[L] = (A[L] - Y) * g'(Z[L]); simply A[L] - Y on a linear output."""
    dZ = AL - Y
    if activation.output_only:  # softmax mixes the units: its Jacobian, not a diagonal
        return activation.backward(dZ, ZL, AL)
    if activation.name != "linear":
        dZ *= activation.derivative(ZL, AL)
    return dZ


@dataclass(frozen=True)
class Loss:
    """A cost function and the output error it sends into backpropagation.

    ``cost(AL, Y, ZL) -> J`` (a float; pass ``ZL`` only when the output activation is
    ``logits_of``, the one whose logits the cost is computed from exactly);
    ``output_delta(AL, Y, ZL, activation) -> dZ[L]`` of shape (n[L], m), without the 1/m.
    ``task`` is "classification" (binary, Y of 0/1), "multiclass" (Y one-hot, (K, m)) or
    "regression" (which pages offer it); ``label`` the name users read, ``formula`` LaTeX
    for J, ``help`` one line on when it suits.
    """

    name: str
    label: str
    task: str  # "classification", "multiclass" or "regression"
    cost: Callable[..., float] = field(repr=False)
    output_delta: Callable[..., np.ndarray] = field(repr=False)
    formula: str = ""
    help: str = ""
    logits_of: str = ""

    def logits(self, activation: Activation, ZL: np.ndarray | None) -> np.ndarray | None:
        """``ZL`` when the cost is computed from the logits of this output, else None."""
        return ZL if activation.name == self.logits_of else None


LOSSES: dict[str, Loss] = {
    "bce": Loss(
        name="bce",
        label="Cross-entropy",
        task="classification",
        cost=bce_cost,
        output_delta=bce_output_delta,
        formula=r"J = -\frac{1}{m}\sum_{i=1}^{m} \left[ y^{(i)}\log a^{(i)} "
        r"+ (1-y^{(i)})\log(1-a^{(i)}) \right]",
        help="The log loss, the course's cost for a sigmoid output: on it, dZ[L] = A[L] − Y.",
        logits_of="sigmoid",
    ),
    "mse": Loss(
        name="mse",
        label="Squared error",
        task="regression",
        cost=mse_cost,
        output_delta=mse_output_delta,
        formula=r"J = \frac{1}{2m}\sum_{i=1}^{m} \left(a^{(i)} - y^{(i)}\right)^2",
        help="Half the mean squared error, for a number on a linear output.",
    ),
    "sigmoid_mse": Loss(
        name="sigmoid_mse",
        label="Squared error on a sigmoid",
        task="classification",
        cost=mse_cost,
        output_delta=mse_output_delta,
        formula=r"J = \frac{1}{2m}\sum_{i=1}^{m} \left(\sigma(z^{(i)}) - y^{(i)}\right)^2",
        help="A poor choice for classification: a confident wrong answer has a slope near 0, "
        "so it is corrected slowly.",
    ),
    "cross_entropy": Loss(
        name="cross_entropy",
        label="Categorical cross-entropy",
        task="multiclass",
        cost=cross_entropy_cost,
        output_delta=cross_entropy_output_delta,
        formula=r"J = -\frac{1}{m}\sum_{i=1}^{m} \sum_{k=1}^{K} y_k^{(i)}\log a_k^{(i)}",
        help="The log loss of K classes, for a softmax output (Y one-hot): on it, "
        "dZ[L] = A[L] − Y.",
        logits_of="softmax",
    ),
}

# The losses each task offers, in the registry's order (a live view of the records' task).
TASK_LOSSES: Mapping[str, list[str]] = GroupBy(LOSSES, lambda loss: loss.task)


def get_loss(name: str) -> Loss:
    """The registry entry for ``name``; ValueError listing the valid names otherwise."""
    try:
        return LOSSES[name]
    except (KeyError, TypeError):
        raise ValueError(f"Unknown loss {name!r}. Choose one of: {', '.join(LOSSES)}.") from None
