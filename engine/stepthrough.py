"""One training step, written out block by block: what a student steps through.

``trace_step(network, X, Y, loss, learning_rate)`` runs one step of batch gradient descent on
X (n[0], m), Y (n[L], m) as the course draws its building blocks, and keeps every number:

    forward, l = 1..L     Z[l] = W[l] A[l-1] + b[l]     A[l] = g[l](Z[l])     cache saved
    cost                  J = the loss of A[L] against Y (+ the L2 term)
    output error          dZ[L] = A[L] - Y              (cross-entropy on a sigmoid)
                          dA[L] = dJ/dA[L] (times m), dZ[L] = dA[L] * g[L]'(Z[L])  (otherwise)
    backward, l = L..1    dW[l] = (1/m) dZ[l] A[l-1]^T  db[l] = (1/m) sum dZ[l]
                          dA[l-1] = W[l]^T dZ[l]        dZ[l-1] = dA[l-1] * g[l-1]'(Z[l-1])
    update, l = 1..L      W[l] := W[l] - alpha dW[l]    b[l] := b[l] - alpha db[l]

The arithmetic is done here, equation by equation, with the activations and losses of the
engine's registries (not by ``Network.backward``), so the numbers a student sees are the ones
this module computed; the tests hold them equal to the engine's forward cache and gradients.
The numeric gradient check (engine/gradcheck.py) is run on these very gradients.

The network passed in is never changed: the step works on copies of its parameters.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from engine.activations import get_activation
from engine.gradcheck import gradient_check
from engine.losses import _clip_eps, get_loss

# The course's verdict on the relative difference of a gradient check: below 1e-7 the
# backward pass is right; from 1e-3 on there is a bug. In between, rounding in the numeric
# derivative (eps = 1e-7) can be the cause when the gradients are tiny (small initial
# weights, a large batch whose errors nearly cancel), and so can a ReLU unit whose z is within
# eps of its kink: the check says so rather than cry bug.
CHECK_THRESHOLD = 1e-7
BUG_THRESHOLD = 1e-3
# The gradient check costs two forward passes per parameter: above this many multiply-adds
# (parameters x parameters x examples, roughly) it would hold the page for seconds.
MAX_CHECK_WORK = 2e8

KINDS = ("forward", "cost", "backward", "update")


@dataclass(frozen=True)
class Block:
    """One building block of the step.

    ``kind`` is "forward", "cost", "backward" or "update"; ``layer`` is l (L for the output
    error, None for the cost); ``equation`` names what it computes: "forward" (Z[l], A[l]),
    "cost", "output_delta" (dA[L] and dZ[L], or dZ[L] alone when it simplifies to A[L] - Y),
    "backward" (dW[l], db[l] and, for l > 1, dA[l-1], dZ[l-1]) or "update".
    ``computes`` and ``reads`` map names in the course's spelling ("Z1", "A0", "dW2", "W1")
    to arrays, in the order of the equations; ``cache`` lists the names a forward block saves
    for the backward pass. An update block reads the old W[l], b[l] and computes the new ones
    under the same names.
    """

    kind: str
    layer: int | None
    equation: str
    computes: dict[str, np.ndarray] = field(repr=False)
    reads: dict[str, np.ndarray] = field(repr=False)
    cache: tuple[str, ...] = ()

    def shapes(self) -> dict[str, tuple[int, ...]]:
        """The shape of every array the block reads or computes (computed ones last)."""
        return {name: a.shape for name, a in {**self.reads, **self.computes}.items()}

    @property
    def label(self) -> str:
        """A short title: "Forward, layer 1", "Cost", "Backward, layer 2", "Update, layer 1"."""
        if self.kind == "cost":
            return "Cost"
        if self.equation == "output_delta":
            return f"Output error dZ[{self.layer}]"
        return f"{self.kind.capitalize()}, layer {self.layer}"


@dataclass(frozen=True)
class StepTrace:
    """The blocks of one step, in order, and what they add up to.

    ``m`` examples; ``cost_before`` J with the parameters as they were, ``cost_after`` J on the
    same examples after the update; ``grads`` {"dW1", "db1", ...}; ``params_before`` and
    ``params_after`` {"W1", "b1", ...}; ``grad_check`` the relative difference between these
    gradients and central differences (None when not run), ``check_threshold`` the course's
    1e-7. ``simplified`` is True when dZ[L] = A[L] - Y (cross-entropy on a sigmoid, or the
    squared error on a linear output).
    """

    blocks: list[Block]
    m: int
    loss: str
    activations: tuple[str, ...]
    learning_rate: float
    l2: float
    cost_before: float
    cost_after: float
    grads: dict[str, np.ndarray] = field(repr=False)
    params_before: dict[str, np.ndarray] = field(repr=False)
    params_after: dict[str, np.ndarray] = field(repr=False)
    grad_check: float | None
    simplified: bool
    check_threshold: float = CHECK_THRESHOLD

    @property
    def check_passed(self) -> bool | None:
        """True when the check ran and came out under the threshold (None: not run)."""
        return None if self.grad_check is None else self.grad_check < self.check_threshold

    @property
    def check_verdict(self) -> str | None:
        """"right" under 1e-7, "bug" from 1e-3 on, "unclear" in between, None if not run."""
        if self.grad_check is None:
            return None
        if self.grad_check < self.check_threshold:
            return "right"
        return "bug" if self.grad_check >= BUG_THRESHOLD else "unclear"

    @property
    def L(self) -> int:
        return len(self.activations)

    def __len__(self) -> int:
        return len(self.blocks)

    def __getitem__(self, i: int) -> Block:
        return self.blocks[i]

    def __iter__(self):
        return iter(self.blocks)


def simplified_output(loss: str, activation: str) -> bool:
    """True when dZ[L] is simply A[L] - Y: the cross-entropy on a sigmoid output (the sigmoid's
    derivative cancels the loss's denominator) or a squared error on a linear output (g' = 1).
    Kept here, not in engine/losses.py: it is a fact about how the step is *written*."""
    name = get_loss(loss).name
    if activation == "sigmoid":
        return name == "bce"
    if activation == "softmax":  # the categorical cross-entropy's A[L] - Y
        return name == "cross_entropy"
    return activation == "linear" and name in ("mse", "sigmoid_mse")


def check_affordable(network, m: int) -> bool:
    """True when a gradient check of this network on m examples takes well under a second."""
    dims = network.layer_dims
    weights = sum(dims[l] * dims[l - 1] for l in range(1, len(dims)))
    return 2.0 * network.n_params * max(weights, 1) * m <= MAX_CHECK_WORK


def trace_step(network, X, Y, loss: str = "bce", learning_rate: float = 0.01,
               l2: float = 0.0, check: bool = True) -> StepTrace:
    """One step of gradient descent on X (n[0], m), Y (n[L], m), as a list of Blocks.

    ``loss`` is a LOSSES name, ``learning_rate`` alpha, ``l2`` lambda (the weights gain
    (lambda/m) W[l] in dW[l]). With ``check`` the numeric gradient check is run on the
    gradients of this step (two forward passes per parameter: see ``check_affordable``).
    ``network`` is left as it was.
    """
    record = get_loss(loss)
    alpha, l2 = float(learning_rate), float(l2)
    if not (np.isfinite(alpha) and alpha > 0.0):
        raise ValueError(f"The learning rate must be a number > 0; got {learning_rate}.")
    if not (np.isfinite(l2) and l2 >= 0.0):
        raise ValueError(f"The L2 strength lambda must be a number >= 0; got {l2}.")
    X = network.as_input(X)
    m = X.shape[1]
    Y = network.as_target(Y, m)
    L = network.L
    acts = [get_activation(name, network.leaky_alpha) for name in network.activations]
    params = {k: np.array(v, copy=True) for k, v in network.params.items()}
    blocks: list[Block] = []

    # Forward: one block per layer, each saving its cache (A[l-1], W[l], b[l], Z[l]).
    A = {0: X}
    Z = {}
    for l in range(1, L + 1):
        W, b = params[f"W{l}"], params[f"b{l}"]
        Z[l] = W @ A[l - 1] + b
        A[l] = acts[l - 1].forward(Z[l])
        blocks.append(Block(
            "forward", l, "forward",
            computes={f"Z{l}": Z[l], f"A{l}": A[l]},
            reads={f"W{l}": W, f"A{l - 1}": A[l - 1], f"b{l}": b},
            cache=(f"A{l - 1}", f"W{l}", f"b{l}", f"Z{l}"),
        ))

    # Cost: from the logits on a sigmoid output, as the engine computes it (no log of 0).
    J = _cost(record, A[L], Y, Z[L], network.activations[-1], params, l2, m)
    cost_reads = {f"A{L}": A[L], "Y": Y}
    if l2:
        cost_reads.update({f"W{l}": params[f"W{l}"] for l in range(1, L + 1)})
    blocks.append(Block("cost", None, "cost", computes={"J": np.array(J)}, reads=cost_reads))

    # The output error dZ[L]: the famous A[L] - Y when it simplifies, else the chain rule.
    simple = simplified_output(record.name, network.activations[-1])
    dZ = {}
    if simple:
        dZ[L] = A[L] - Y
        blocks.append(Block("backward", L, "output_delta", computes={f"dZ{L}": dZ[L]},
                            reads={f"A{L}": A[L], "Y": Y}))
    else:
        dA_L = _output_dA(record.name, A[L], Y)
        # dA[L] * g'(Z[L]); softmax mixes the units, so its Jacobian (the record's backward)
        dZ[L] = (acts[L - 1].backward(dA_L, Z[L], A[L]) if acts[L - 1].output_only
                 else dA_L * acts[L - 1].derivative(Z[L], A[L]))
        blocks.append(Block("backward", L, "output_delta",
                            computes={f"dA{L}": dA_L, f"dZ{L}": dZ[L]},
                            reads={f"A{L}": A[L], "Y": Y, f"Z{L}": Z[L]}))

    # Backward: one block per layer, from L down to 1, reading the forward cache.
    grads: dict[str, np.ndarray] = {}
    for l in range(L, 0, -1):
        W = params[f"W{l}"]
        dW = (1.0 / m) * (dZ[l] @ A[l - 1].T)
        if l2:
            dW = dW + (l2 / m) * W
        db = (1.0 / m) * np.sum(dZ[l], axis=1, keepdims=True)
        grads[f"dW{l}"], grads[f"db{l}"] = dW, db
        computes = {f"dW{l}": dW, f"db{l}": db}
        reads = {f"dZ{l}": dZ[l], f"A{l - 1}": A[l - 1]}
        if l2:
            reads[f"W{l}"] = W
        if l > 1:
            dA_prev = W.T @ dZ[l]
            dZ[l - 1] = dA_prev * acts[l - 2].derivative(Z[l - 1], A[l - 1])
            computes.update({f"dA{l - 1}": dA_prev, f"dZ{l - 1}": dZ[l - 1]})
            reads.update({f"W{l}": W, f"Z{l - 1}": Z[l - 1]})
        blocks.append(Block("backward", l, "backward", computes=computes, reads=reads))
    grads = {f"d{k}": grads[f"d{k}"] for k in params}  # in the order dW1, db1, ...

    # Update: plain gradient descent, one block per layer.
    after: dict[str, np.ndarray] = {}
    for l in range(1, L + 1):
        W, b = params[f"W{l}"], params[f"b{l}"]
        after[f"W{l}"] = W - alpha * grads[f"dW{l}"]
        after[f"b{l}"] = b - alpha * grads[f"db{l}"]
        blocks.append(Block(
            "update", l, "update",
            computes={f"W{l}": after[f"W{l}"], f"b{l}": after[f"b{l}"]},
            reads={f"W{l}": W, f"dW{l}": grads[f"dW{l}"], f"b{l}": b,
                   f"db{l}": grads[f"db{l}"]},
        ))

    # The cost after the update, on the same examples: the forward pass again, new weights.
    A_new = X
    for l in range(1, L + 1):
        Z_new = after[f"W{l}"] @ A_new + after[f"b{l}"]
        A_new = acts[l - 1].forward(Z_new)
    cost_after = _cost(record, A_new, Y, Z_new, network.activations[-1], after, l2, m)
    return StepTrace(
        blocks=blocks, m=m, loss=record.name, activations=tuple(network.activations),
        learning_rate=alpha, l2=l2, cost_before=J, cost_after=float(cost_after), grads=grads,
        params_before=params, params_after=after,
        grad_check=_check(network, X, Y, record.name, l2, grads) if check else None,
        simplified=simple,
    )


def _cost(record, AL, Y, ZL, output: str, params: dict, l2: float, m: int) -> float:
    # J as engine.network.Network.cost computes it: the loss, then (lambda/2m) sum ||W||^2.
    J = float(record.cost(AL, Y, record.logits(get_activation(output), ZL)))
    if l2:
        J += l2 / (2.0 * m) * sum(float(np.vdot(W, W)) for k, W in params.items()
                                  if k.startswith("W"))
    return J


def _output_dA(loss: str, AL: np.ndarray, Y: np.ndarray) -> np.ndarray:
    # dA[L] = m dJ/dA[L] (the 1/m comes in with dW and db, as in the course).
    if loss == "bce":
        # -(y/a - (1 - y)/(1 - a)), a clipped away from 0 and 1 exactly as the cost clips it.
        eps = _clip_eps(AL)
        a = np.clip(AL, eps, 1.0 - eps)
        return (1.0 - Y) / (1.0 - a) - Y / a
    if loss == "cross_entropy":  # -y/a, a clipped as the cost clips it
        return -Y / np.clip(AL, _clip_eps(AL), 1.0)
    return AL - Y  # the squared error (1/2)(a - y)^2


def _check(network, X, Y, loss: str, l2: float, grads: dict) -> float:
    # The engine's gradient check compares what the network's backward() returns with central
    # differences of the cost. Here backward() is made to return this step's gradients, so it
    # is *these* numbers (the ones the student sees) that are checked.
    shown = network.copy(dtype=np.float64)
    traced = {k: np.asarray(g, dtype=np.float64) for k, g in grads.items()}
    shown.backward = lambda cache, Y, loss="bce", l2=0.0: traced
    return gradient_check(shown, X, Y, loss, l2)
