"""A fully connected deep network, in the course's notation.

Layer l = 1..L has n[l] units, weights W[l] of shape (n[l], n[l-1]) and biases b[l] of shape
(n[l], 1). The input X = A[0] is (n[0], m): one column per example. Forward propagation is

    Z[l] = W[l] A[l-1] + b[l]        A[l] = g[l](Z[l])

and backward propagation, from dZ[L] given by the loss, is

    dW[l] = (1/m) dZ[l] A[l-1]^T     db[l] = (1/m) sum over examples of dZ[l]
    dA[l-1] = W[l]^T dZ[l]           dZ[l-1] = dA[l-1] * g[l-1]'(Z[l-1])

With L2 regularization the cost gains (lambda / 2m) sum_l ||W[l]||_F^2 and each dW[l] gains
(lambda / m) W[l]; the biases are not regularized.

``forward_cache``, ``backward`` and ``cost`` are these equations as written. The training step
(``train_step``, ``cost_and_grads``, ``evaluate``) computes the same numbers on a tuned path
with less memory traffic, described and tested in engine/tuned.py.
"""

from __future__ import annotations

import copy as _copy

import numpy as np

from engine.activations import DEFAULT_LEAKY_ALPHA, get_activation
from engine.initializers import initialize_parameters
from engine.losses import Loss, get_loss
from engine.tuned import TunedPath

DTYPES = ("float64", "float32")


def as_dtype(dtype) -> np.dtype:
    """np.float64 or np.float32 from a name or a dtype; ValueError for anything else."""
    try:
        dt = np.dtype(dtype)
    except TypeError:
        dt = None
    if dt is None or dt.name not in DTYPES:
        raise ValueError(f"The network's dtype must be float64 or float32; got {dtype!r}.")
    return dt


class Network:
    """A deep network with layer sizes ``layer_dims`` = [n0, n1, ..., nL].

    ``activations`` names g[1], ..., g[L] (a list of L names from ACTIVATIONS; the last one is
    the output unit's, e.g. "sigmoid" for binary classification, "linear" for regression).
    Zero hidden layers ([n0, 1]) is logistic or linear regression.

    The weights are drawn by ``init`` ("normal", "zeros", "xavier", "he", or "course": the
    notebooks' own ``np.random.seed(seed)`` stream, bit for bit) with ``init_scale``
    (None: the initializer's default, 0.01 for "normal") from ``seed``; the biases start at 0.
    ``dtype`` is "float64" (default) or "float32"; inputs are converted to it.

    ``params`` is the dict {"W1", "b1", ..., "WL", "bL"}: read it, change its arrays in place,
    assign single entries, or assign a whole new dict (checked against the layer sizes).
    """

    def __init__(
        self,
        layer_dims,
        activations,
        init: str = "normal",
        init_scale: float | None = None,
        seed: int | np.random.Generator | None = 0,
        dtype="float64",
        leaky_alpha: float = DEFAULT_LEAKY_ALPHA,
    ):
        self.layer_dims = _check_layer_dims(layer_dims)
        self.L = len(self.layer_dims) - 1
        if isinstance(activations, str) or len(activations) != self.L:
            raise ValueError(
                f"Give one activation per layer: {self.L} names for layers 1..{self.L} "
                f"(the last one is the output unit's); got {activations!r}."
            )
        self.leaky_alpha = float(leaky_alpha)
        self._acts = [get_activation(name, self.leaky_alpha) for name in activations]
        for l, act in enumerate(self._acts[:-1], start=1):
            if act.output_only:
                raise ValueError(
                    f"{act.label} is an output activation (it mixes the units of a column): "
                    f"layer {l} is hidden; use it for layer {self.L} only."
                )
        if self._acts[-1].output_only and self.layer_dims[-1] < 2:
            raise ValueError(
                f"A {self._acts[-1].label.lower()} output needs one unit per class, at least "
                f"2; got n[{self.L}] = {self.layer_dims[-1]}."
            )
        self.activations = [act.name for act in self._acts]
        self.dtype = as_dtype(dtype)
        self.init = init
        self.init_scale = init_scale
        self.seed = seed
        self._params = initialize_parameters(
            self.layer_dims, init, init_scale, rng=seed, dtype=self.dtype
        )
        # The training step's faster twin of forward_cache + backward (engine/tuned.py).
        self._tuned = TunedPath(self._acts)

    # ------------------------------------------------------------------ parameters
    @property
    def params(self) -> dict[str, np.ndarray]:
        return self._params

    @params.setter
    def params(self, new: dict[str, np.ndarray]) -> None:
        from engine.serialize import check_params

        check_params(new, self.layer_dims)
        self._params = {k: np.array(new[k], dtype=self.dtype) for k in _param_keys(self.L)}

    @property
    def n_params(self) -> int:
        """The number of weights and biases: sum over l of n[l] (n[l-1] + 1)."""
        dims = self.layer_dims
        return sum(dims[l] * (dims[l - 1] + 1) for l in range(1, self.L + 1))

    @property
    def output_activation(self) -> str:
        return self.activations[-1]

    def copy(self, dtype=None) -> Network:
        """An independent copy (parameters copied), optionally converted to ``dtype``."""
        twin = _copy.copy(self)
        twin.dtype = self.dtype if dtype is None else as_dtype(dtype)
        twin._params = {k: np.array(v, dtype=twin.dtype) for k, v in self._params.items()}
        twin.layer_dims = list(self.layer_dims)
        twin.activations = list(self.activations)
        twin._tuned = TunedPath(self._acts)  # its own scratch arrays, of its own dtype
        return twin

    def __repr__(self) -> str:
        layers = " -> ".join(
            f"{n} {name}" for n, name in zip(self.layer_dims[1:], self.activations, strict=True)
        )
        return f"Network {self.layer_dims[0]} -> {layers} ({self.n_params} parameters)"

    # ------------------------------------------------------------------ checking inputs
    def as_input(self, X) -> np.ndarray:
        """X as a 2-D array of the network's dtype, shape (n[0], m); ValueError otherwise."""
        X = np.asarray(X, dtype=self.dtype)
        if X.ndim != 2 or X.shape[0] != self.layer_dims[0]:
            raise ValueError(
                f"X must have shape (n_x, m) = ({self.layer_dims[0]}, m), one column per "
                f"example; got shape {X.shape}."
            )
        return X

    def as_target(self, Y, m: int) -> np.ndarray:
        """Y as an array of the network's dtype, shape (n[L], m); ValueError otherwise."""
        Y = np.asarray(Y, dtype=self.dtype)
        if Y.shape != (self.layer_dims[-1], m):
            raise ValueError(
                f"Y must have shape (n_L, m) = ({self.layer_dims[-1]}, {m}); got {Y.shape}."
            )
        return Y

    def _checked(self, X, Y) -> tuple[np.ndarray, np.ndarray]:
        # as_input and as_target, with a shortcut for what the Trainer passes at every step
        # (arrays already checked, or views of them): a few comparisons instead of two calls.
        dt = self.dtype
        if X.__class__ is Y.__class__ is np.ndarray and X.dtype is dt and Y.dtype is dt:
            shape, dims = X.shape, self.layer_dims
            if len(shape) == 2 and shape[0] == dims[0] and Y.shape == (dims[-1], shape[1]):
                return X, Y
        X = self.as_input(X)
        return X, self.as_target(Y, X.shape[1])

    # ------------------------------------------------------------------ forward
    def forward_cache(self, X) -> tuple[np.ndarray, dict[str, np.ndarray]]:
        """A[L] and the cache {"A0": X, "Z1", "A1", ..., "ZL", "AL"} that backward needs.

        X is (n[0], m); Z[l] and A[l] are (n[l], m).
        """
        A = self.as_input(X)
        cache = {"A0": A}
        for l in range(1, self.L + 1):
            W, b, g = self._params[f"W{l}"], self._params[f"b{l}"], self._acts[l - 1]
            Z = W @ A + b  # Z[l] = W[l] A[l-1] + b[l]
            A = g.forward(Z)  # A[l] = g[l](Z[l])
            cache[f"Z{l}"] = Z
            cache[f"A{l}"] = A
        return A, cache

    def forward(self, X) -> np.ndarray:
        """The output A[L], shape (n[L], m), for the inputs X, shape (n[0], m)."""
        return self.forward_cache(X)[0]

    def layer_outputs(self, X) -> list[np.ndarray]:
        """[A[1], ..., A[L]] for the inputs X (n[0], m): what every unit computes, per example."""
        _, cache = self.forward_cache(X)
        return [cache[f"A{l}"] for l in range(1, self.L + 1)]

    def predict(self, X) -> np.ndarray:
        """The predictions for X (n[0], m): 0/1 integers, (1, m), where A[L] > 0.5 for a sigmoid
        output (binary classification); for a softmax output (K classes) the class index
        0..K-1 of the largest a_k, integers of shape (1, m); A[L] itself otherwise
        (regression)."""
        AL = self.forward(X)
        if self.activations[-1] == "sigmoid":
            return (AL > 0.5).astype(np.int64)
        if self.activations[-1] == "softmax":
            return np.argmax(AL, axis=0).reshape(1, -1).astype(np.int64)
        return AL

    # ------------------------------------------------------------------ cost and backward
    def cost(self, X, Y, loss="bce", l2: float = 0.0) -> float:
        """J for inputs X (n[0], m) and targets Y (n[L], m), plus the L2 term if l2 > 0.

        For "mse" J = (1/(2m)) sum (a - y)^2; for "bce" the mean cross-entropy (computed from
        Z[L] on a sigmoid output, which never overflows; see engine/losses.py); for
        "cross_entropy" the categorical one (from Z[L] on a softmax output).
        """
        AL, cache = self.forward_cache(X)
        Y = self.as_target(Y, AL.shape[1])
        loss, l2, m = _loss_record(loss), float(l2), Y.shape[1]
        J = loss.cost(AL, Y, loss.logits(self._acts[-1], cache[f"Z{self.L}"]))
        if l2:
            Ws = [self._params[f"W{l}"] for l in range(1, self.L + 1)]
            squares = sum(float(np.vdot(W, W)) for W in Ws)  # ||W[l]||_F^2, summed over l
            J += l2 / (2.0 * m) * squares  # + (lambda/2m) sum_l ||W[l]||_F^2
        return J

    def backward(self, cache, Y, loss="bce", l2: float = 0.0) -> dict[str, np.ndarray]:
        """The gradients {"dW1", "db1", ..., "dWL", "dbL"} of the cost, from a forward cache.

        Y is (n[L], m); dW[l] has the shape of W[l], db[l] of b[l]. ``loss`` names the cost
        (see LOSSES) and ``l2`` is the regularization strength lambda (weights only).
        """
        L, params, g = self.L, self._params, self._acts
        Y = self.as_target(Y, cache["A0"].shape[1])
        loss, l2, m = _loss_record(loss), float(l2), Y.shape[1]
        grads = {}
        # dZ[L] = A[L] - Y for the cross-entropy on a sigmoid; the general chain
        # dA[L] * g[L]'(Z[L]) for the other pairs (engine/losses.py, "output_delta").
        dZ = loss.output_delta(cache[f"A{L}"], Y, cache[f"Z{L}"], g[L - 1])
        for l in range(L, 0, -1):
            W, A_prev = params[f"W{l}"], cache[f"A{l - 1}"]
            dW = (1 / m) * (dZ @ A_prev.T)  # dW[l] = (1/m) dZ[l] A[l-1]^T
            if l2:
                dW += (l2 / m) * W  # + (lambda/m) W[l]
            grads[f"dW{l}"] = dW
            grads[f"db{l}"] = (1 / m) * np.sum(dZ, axis=1, keepdims=True)  # db[l]
            if l > 1:
                dA_prev = W.T @ dZ  # dA[l-1] = W[l]^T dZ[l]
                dZ = dA_prev * g[l - 2].derivative(cache[f"Z{l - 1}"], A_prev)  # * g'(Z[l-1])
        return {f"d{key}": grads[f"d{key}"] for key in params}  # in the order dW1, db1, ...

    # ------------------------------------------------------------------ the training step
    # The same numbers as cost + backward (to the last bit with one example, up to rounding
    # otherwise), through the tuned path of engine/tuned.py: what the Trainer runs.
    def train_step(self, X, Y, loss="bce", l2: float = 0.0):
        """(J, A[L], grads): the cost, the output and the gradients of one training step on a
        batch X (n[0], m), Y (n[L], m); the optimizer's update is the caller's. ``loss`` is a
        LOSSES name (or its record), ``l2`` is lambda."""
        X, Y = self._checked(X, Y)
        loss = loss if loss.__class__ is Loss else get_loss(loss)
        return self._tuned.step(self._params, X, Y, loss, float(l2))

    def evaluate(self, X, Y, loss="bce", l2: float = 0.0) -> tuple[float, np.ndarray]:
        """(J, A[L]) for X (n[0], m) and Y (n[L], m), as ``train_step`` without its backward
        pass (e.g. a test set's cost and output, every epoch)."""
        X, Y = self._checked(X, Y)
        J, AL, _ = self._tuned.step(
            self._params, X, Y, _loss_record(loss), float(l2), backward=False, overwrite=True
        )
        return J, AL

    def cost_and_grads(self, X, Y, loss="bce", l2: float = 0.0):
        """(J, grads) in one forward and one backward pass; see ``cost`` and ``backward``."""
        X, Y = self._checked(X, Y)
        J, _, grads = self._tuned.step(self._params, X, Y, _loss_record(loss), float(l2))
        return J, grads


def _loss_record(loss) -> Loss:
    return loss if isinstance(loss, Loss) else get_loss(loss)


def _param_keys(L: int) -> list[str]:
    return [k for l in range(1, L + 1) for k in (f"W{l}", f"b{l}")]


def _check_layer_dims(layer_dims) -> list[int]:
    try:
        dims = [int(n) for n in layer_dims]
        whole = all(n == given for n, given in zip(dims, layer_dims, strict=True))
        ok = whole and len(dims) >= 2 and min(dims) >= 1
    except (TypeError, ValueError):
        ok = False
    if not ok:
        raise ValueError(
            "layer_dims must list at least two positive whole numbers [n0, ..., nL] "
            f"(input size first, output size last); got {layer_dims!r}."
        )
    return dims
