"""The training step's tuned path: the numbers of Network's plain forward and backward, faster.

``Network.forward_cache`` and ``Network.backward`` are the lecture's equations, line for line.
The Trainer runs them thousands of times a second, so its step (``Network.train_step``, and
``cost_and_grads`` and ``evaluate``, which share it) takes this path instead. It computes the
same quantities; each shortcut below says whether its numbers are the plain path's to the last
bit or only up to rounding (tests/engine/test_tuned.py checks both claims):

- A[l] written over Z[l] (``overwrite``): in a hidden layer whose g' can be read off A[l]
  (ReLU: a > 0 exactly where z > 0; tanh: 1 - a^2), training never needs Z[l] again, so g is
  computed in Z[l]'s memory: one large (n[l], m) array less to fill per layer. Same bits.
  The output layer keeps both, since the loss reads Z[L] and A[L]. With one example (m = 1)
  it is off: on arrays of a few numbers an output argument costs more than a new array.
- A linear layer's A[l] is Z[l] itself, not a copy. Same bits.
- The 1/m applied once, to dZ[L]: every later dZ[l], dW[l] and db[l] is linear in dZ[L], so
  they already carry it (one multiply instead of two per layer). Same up to rounding (exact
  when m is a power of 2).
- db[l] = dZ[l] @ ones(m, 1), one BLAS call, where the plain path calls np.sum(axis=1): the
  same sum in another order of additions, 2-5 times faster on large batches. Up to rounding.
- With one example, dW[l] = dZ[l] A[l-1]^T is an outer product and db[l] is dZ[l] itself: a
  broadcast multiply and a copy instead of two matmuls. Same bits (one product per entry).
- With one unit in layer l (every binary classifier's output), dA[l-1] = W[l]^T dZ[l] is an
  outer product too: broadcast multiply, about 10x faster than matmul. Same bits.
- dZ[l-1] = dA[l-1] * g'(Z[l-1]) through the activation's ``backward``, which forms the
  product in fewer passes (engine/activations.py). Same bits.
- The dict keys ("W1", "dW1", ...) are built once, not per layer and step.

So with m = 1 every number is the plain path's to the last bit; with m > 1 the gradients
differ from it by rounding only (a few units in the last place of the gradient's size).
"""

from __future__ import annotations

import numpy as np

from engine.activations import Activation
from engine.losses import Loss


class TunedPath:
    """The forward pass, cost and backward pass of a network with activations ``acts``
    (g[1], ..., g[L] records), on parameter dicts {"W1", "b1", ...} passed to each call."""

    def __init__(self, acts: list[Activation]):
        L = len(acts)
        self.acts = list(acts)
        self.L = L
        # Forward, layer by layer: the keys of W[l] and b[l], g[l] (None for a linear layer),
        # and whether training may write A[l] over Z[l] (hidden layers with g' read off A).
        self.forward_layers = [
            (f"W{l}", f"b{l}", None if g.name == "linear" else g.forward, g.in_place and l < L)
            for l, g in enumerate(acts, start=1)
        ]
        # Backward, from layer L down to 1: l, the keys of W[l], dW[l], db[l], and g[l-1]'s
        # backward (None for layer 1, which sends nothing further back).
        self.backward_layers = [
            (l, f"W{l}", f"dW{l}", f"db{l}", acts[l - 2].backward if l > 1 else None)
            for l in range(L, 0, -1)
        ]
        self.grad_keys = [k for l in range(1, L + 1) for k in (f"dW{l}", f"db{l}")]
        self._ones = np.ones((0, 1))

    def forward(self, params, X: np.ndarray, overwrite: bool) -> tuple[list, list]:
        """([None, Z[1], ..., Z[L]], [X, A[1], ..., A[L]]); Z[l] is None where A[l] was written
        over it (``overwrite`` and a layer that allows it)."""
        Zs, As = [None], [X]
        A = X
        for Wk, bk, g, in_place in self.forward_layers:
            Z = params[Wk] @ A + params[bk]
            if g is None:
                A = Z
            elif overwrite and in_place:
                A = g(Z, out=Z)
                Z = None  # its memory now holds A[l]
            else:
                A = g(Z)
            Zs.append(Z)
            As.append(A)
        return Zs, As

    def cost(self, params, AL, ZL, Y, loss: Loss, l2: float) -> float:
        """J = the loss's cost (from the logits Z[L] when the output is the loss's
        ``logits_of``) + (lambda/2m) sum ||W[l]||_F^2, computed as the plain path does."""
        J = loss.cost(AL, Y, loss.logits(self.acts[-1], ZL))
        if l2:
            squares = sum(float(np.vdot(params[Wk], params[Wk])) for Wk, *_ in self.forward_layers)
            J += l2 / (2.0 * Y.shape[1]) * squares
        return J

    def backward(self, params, Zs, As, Y, loss: Loss, l2: float) -> dict[str, np.ndarray]:
        """{"dW1", "db1", ..., "dWL", "dbL"} from ``forward``'s lists."""
        m = Y.shape[1]
        dZ = loss.output_delta(As[-1], Y, Zs[-1], self.acts[-1])
        if m != 1:
            dZ *= 1.0 / m  # once, here: every later dZ[l] is linear in dZ[L]
            if self._ones.shape[0] < m or self._ones.dtype != dZ.dtype:
                self._ones = np.ones((m, 1), dtype=dZ.dtype)
            ones = self._ones[:m]
        grads = dict.fromkeys(self.grad_keys)
        for l, Wk, dWk, dbk, g_backward in self.backward_layers:
            W, A_prev = params[Wk], As[l - 1]
            if m != 1:
                dW = dZ @ A_prev.T
                grads[dbk] = dZ @ ones  # the sum of dZ[l] over the m examples
            else:
                dW = dZ * A_prev.T
                grads[dbk] = dZ.copy()
            if l2:
                dW += (l2 / m) * W
            grads[dWk] = dW
            if g_backward is not None:
                dA = W.T * dZ if W.shape[0] == 1 else W.T @ dZ
                dZ = g_backward(dA, Zs[l - 1], A_prev)  # dA[l-1] * g'(Z[l-1])
        return grads

    def step(
        self, params, X, Y, loss: Loss, l2: float, backward: bool = True, overwrite=None
    ) -> tuple[float, np.ndarray, dict | None]:
        """(J, A[L], grads) for checked arrays X (n[0], m) and Y (n[L], m); grads is None
        without ``backward``. ``overwrite`` None: A over Z whenever m > 1."""
        if overwrite is None:
            overwrite = X.shape[1] != 1
        Zs, As = self.forward(params, X, overwrite)
        J = self.cost(params, As[-1], Zs[-1], Y, loss, l2)
        grads = self.backward(params, Zs, As, Y, loss, l2) if backward else None
        return J, As[-1], grads
