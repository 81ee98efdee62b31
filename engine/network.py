"""A fully connected deep network, in the course's notation.

Layer l = 1..L has n[l] units, weights W[l] of shape (n[l], n[l-1]) and biases b[l] of shape
(n[l], 1). The input X = A[0] is (n[0], m): one column per example. Forward propagation is

    Z[l] = W[l] A[l-1] + b[l]        A[l] = g[l](Z[l])

and backward propagation, from dZ[L] given by the loss, is

    dW[l] = (1/m) dZ[l] A[l-1]^T     db[l] = (1/m) sum over examples of dZ[l]
    dA[l-1] = W[l]^T dZ[l]           dZ[l-1] = dA[l-1] * g[l-1]'(Z[l-1])

With L2 regularization the cost gains (lambda / 2m) sum_l ||W[l]||_F^2 and each dW[l] gains
(lambda / m) W[l]; the biases are not regularized.
"""

from __future__ import annotations

import copy as _copy

import numpy as np

from engine.activations import DEFAULT_LEAKY_ALPHA, get_activation
from engine.initializers import initialize_parameters
from engine.losses import get_loss

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

    The weights are drawn by ``init`` ("normal", "zeros", "xavier", "he") with ``init_scale``
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
        self.activations = [act.name for act in self._acts]
        self.dtype = as_dtype(dtype)
        self.init = init
        self.init_scale = init_scale
        self.seed = seed
        self._params = initialize_parameters(
            self.layer_dims, init, init_scale, rng=seed, dtype=self.dtype
        )
        # Key names are built once: the training loop looks them up thousands of times a second.
        self._keys = [(f"W{l}", f"b{l}", f"Z{l}", f"A{l}") for l in range(1, self.L + 1)]
        self._grad_keys = [k for l in range(1, self.L + 1) for k in (f"dW{l}", f"db{l}")]
        # For the forward pass, layer by layer: the keys, g[l] (None for a linear layer, whose
        # A[l] is Z[l] itself), and whether training may write A[l] over Z[l] (g' read off A).
        self._forward_layers = [
            (Wk, bk, Zk, Ak, None if act.name == "linear" else act.forward, act.in_place)
            for (Wk, bk, Zk, Ak), act in zip(self._keys, self._acts, strict=True)
        ]
        # For the backward pass, from layer L down to 1: the keys of W[l], dW[l], db[l] and
        # A[l-1], and what turns dA[l-1] into dZ[l-1]: g[l-1]'s backward and the key of Z[l-1]
        # (None for layer 1, which sends nothing further back).
        self._backward_layers = [
            (
                f"W{l}",
                f"dW{l}",
                f"db{l}",
                f"A{l - 1}",
                (self._acts[l - 2].backward, f"Z{l - 1}") if l > 1 else None,
            )
            for l in range(self.L, 0, -1)
        ]
        self._ones = np.ones((0, 1), dtype=self.dtype)

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
        return twin

    def __repr__(self) -> str:
        layers = " -> ".join(
            f"{n} {name}" for n, name in zip(self.layer_dims[1:], self.activations, strict=True)
        )
        return f"Network {self.layer_dims[0]} -> {layers} ({self.n_params} parameters)"

    # ------------------------------------------------------------------ forward
    def _as_input(self, X) -> np.ndarray:
        X = np.asarray(X, dtype=self.dtype)
        if X.ndim != 2 or X.shape[0] != self.layer_dims[0]:
            raise ValueError(
                f"X must have shape (n_x, m) = ({self.layer_dims[0]}, m), one column per "
                f"example; got shape {X.shape}."
            )
        return X

    def _as_target(self, Y, m: int) -> np.ndarray:
        Y = np.asarray(Y, dtype=self.dtype)
        if Y.shape != (self.layer_dims[-1], m):
            raise ValueError(
                f"Y must have shape (n_L, m) = ({self.layer_dims[-1]}, {m}); got {Y.shape}."
            )
        return Y

    def _forward_cache(
        self, X: np.ndarray, keep_z: bool = True
    ) -> tuple[np.ndarray, dict[str, np.ndarray]]:
        # X is already a 2-D array of the network's dtype. With keep_z=False (training, where
        # only backward reads the cache) a layer whose g' can be read off A[l] (ReLU, tanh)
        # computes A[l] in the memory of Z[l], and cache["Z<l>"] is then A[l]: on large
        # batches, one big array less to fill and move per layer.
        params = self._params
        cache = {"A0": X}
        A = X
        for Wk, bk, Zk, Ak, g, in_place in self._forward_layers:
            Z = params[Wk] @ A + params[bk]  # Z[l] = W[l] A[l-1] + b[l]
            if g is None:
                A = Z
            elif in_place and not keep_z:
                A = g(Z, out=Z)  # A[l] = g[l](Z[l]), over Z[l]
            else:
                A = g(Z)  # A[l] = g[l](Z[l])
            cache[Zk] = Z
            cache[Ak] = A
        return A, cache

    def forward_cache(self, X) -> tuple[np.ndarray, dict[str, np.ndarray]]:
        """A[L] and the cache {"A0": X, "Z1", "A1", ..., "ZL", "AL"} that backward needs.

        X is (n[0], m); Z[l] and A[l] are (n[l], m). For a linear layer A[l] is Z[l] itself.
        """
        return self._forward_cache(self._as_input(X))

    def forward(self, X) -> np.ndarray:
        """The output A[L], shape (n[L], m), for the inputs X, shape (n[0], m)."""
        return self._forward_cache(self._as_input(X))[0]

    def layer_outputs(self, X) -> list[np.ndarray]:
        """[A[1], ..., A[L]] for the inputs X (n[0], m): what every unit computes, per example."""
        _, cache = self.forward_cache(X)
        return [cache[Ak] for (_, _, _, Ak) in self._keys]

    def predict(self, X) -> np.ndarray:
        """The predictions for X (n[0], m): 0/1 integers, (1, m), where A[L] > 0.5 for a sigmoid
        output (binary classification); A[L] itself otherwise (regression)."""
        AL = self.forward(X)
        if self.activations[-1] == "sigmoid":
            return (AL > 0.5).astype(np.int64)
        return AL

    # ------------------------------------------------------------------ cost and backward
    def _cost(self, AL, Y, cache, loss, l2: float) -> float:
        ZL = cache[self._keys[-1][2]] if self.activations[-1] == "sigmoid" else None
        J = loss.cost(AL, Y, ZL)
        if l2:
            params = self._params
            squares = sum(float(np.vdot(params[Wk], params[Wk])) for Wk, *_ in self._keys)
            J += l2 / (2.0 * Y.shape[1]) * squares  # + (lambda/2m) sum ||W[l]||_F^2
        return J

    def _backward(self, cache, Y, loss, l2: float) -> dict[str, np.ndarray]:
        params = self._params
        m = Y.shape[1]
        keys = self._keys
        AL = cache[keys[-1][3]]
        ZL = cache[keys[-1][2]]
        # dZ[L] from the loss (A[L] - Y for cross-entropy on a sigmoid). We fold the 1/m in
        # here, once: every later dZ[l] is linear in dZ[L], so dW[l] = dZ A[l-1]^T and
        # db[l] = sum(dZ) below already carry their 1/m.
        dZ = loss.output_delta(AL, Y, ZL, self._acts[-1])
        if m != 1:
            dZ *= 1.0 / m
        grads = dict.fromkeys(self._grad_keys)
        # A column of m ones: dZ @ ones sums each row of dZ in one BLAS call, faster than a
        # NumPy reduction (np.sum(dZ, axis=1, keepdims=True) in the course's notebooks).
        if self._ones.shape[0] < m or self._ones.dtype != dZ.dtype:
            self._ones = np.ones((m, 1), dtype=dZ.dtype)
        ones = self._ones[:m]
        for Wk, dWk, dbk, Ak_prev, to_previous in self._backward_layers:
            W = params[Wk]
            if m != 1:
                dW = dZ @ cache[Ak_prev].T  # (n[l], m) @ (m, n[l-1])
                grads[dbk] = dZ @ ones  # (n[l], 1): the sum of dZ[l] over the m examples
            else:
                # One example (stochastic gradient descent): dZ A[l-1]^T is an outer product
                # and the sum over examples is dZ itself; a broadcast multiply and a copy are
                # faster than NumPy's matmul at either, with the same numbers.
                dW = dZ * cache[Ak_prev].T
                grads[dbk] = dZ.copy()
            if l2:
                dW += (l2 / m) * W
            grads[dWk] = dW
            if to_previous is not None:
                # dA[l-1] = W[l]^T dZ[l], shape (n[l-1], m). With one unit in layer l (the
                # output of every binary classifier) that product is an outer product, which
                # NumPy's matmul computes ~10x slower than the broadcast multiply, same numbers.
                dA = W.T * dZ if W.shape[0] == 1 else W.T @ dZ
                g_backward, Zk_prev = to_previous
                dZ = g_backward(dA, cache[Zk_prev], cache[Ak_prev])  # dA * g'(Z[l-1])
        return grads

    def backward(self, cache, Y, loss: str = "bce", l2: float = 0.0) -> dict[str, np.ndarray]:
        """The gradients {"dW1", "db1", ..., "dWL", "dbL"} of the cost, from a forward cache.

        Y is (n[L], m); dW[l] has the shape of W[l], db[l] of b[l]. ``loss`` names the cost
        (see LOSSES) and ``l2`` is the regularization strength lambda (weights only).
        """
        Y = self._as_target(Y, cache["A0"].shape[1])
        return self._backward(cache, Y, get_loss(loss), float(l2))

    def cost(self, X, Y, loss: str = "bce", l2: float = 0.0) -> float:
        """J for inputs X (n[0], m) and targets Y (n[L], m), plus the L2 term if l2 > 0.

        For "mse" J = (1/(2m)) sum (a - y)^2; for "bce" the mean cross-entropy.
        """
        X = self._as_input(X)
        Y = self._as_target(Y, X.shape[1])
        AL, cache = self._forward_cache(X, keep_z=False)
        return self._cost(AL, Y, cache, get_loss(loss), float(l2))

    def _cost_and_grads(self, X, Y, loss, l2: float):
        # The training step's work, on already-checked arrays; also returns A[L] for metrics.
        # One example at a time (batch size 1) the arrays hold a few numbers, and a NumPy
        # call with an output argument then costs more (up to 0.5 us on one element) than a
        # new array: Z[l] and A[l] stay apart.
        AL, cache = self._forward_cache(X, keep_z=X.shape[1] == 1)
        J = self._cost(AL, Y, cache, loss, l2)
        return J, AL, self._backward(cache, Y, loss, l2)

    def cost_and_grads(self, X, Y, loss: str = "bce", l2: float = 0.0):
        """(J, grads) in one forward and one backward pass; see ``cost`` and ``backward``."""
        X = self._as_input(X)
        Y = self._as_target(Y, X.shape[1])
        J, _, grads = self._cost_and_grads(X, Y, get_loss(loss), float(l2))
        return J, grads


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
