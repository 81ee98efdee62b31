"""Vectorization: the forward pass written with explicit Python loops against the vectorized one.

The lecture (week 2, "Vectorization") times a dot product of two million-long vectors: an
explicit ``for`` loop is about 300 times slower than ``np.dot``. Here the same comparison is
made on a network's forward pass over m examples:

* ``forward_loops``: for every example i, every layer l, every unit j and every input k, one
  Python multiply-add: z = sum_k W[l][j, k] * a[k] + b[l][j], then a_j = g(z). Nothing is
  vectorized, exactly the code the lecture tells you not to write.
* ``forward_vectorized``: Z[l] = W[l] A[l-1] + b[l], A[l] = g(Z[l]) over all m columns at once.

Both compute the same numbers; ``time_forward`` times them on the same examples.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from engine.activations import get_activation


def _scalar_activation(name: str, leaky_alpha: float) -> Callable[[float], float]:
    # The record's own function of one float (ValueError listing the registry's names).
    return get_activation(name, alpha=leaky_alpha).scalar


def _check(params: dict, activations: Sequence[str], X: np.ndarray) -> int:
    L = len(activations)
    if L < 1 or any(f"W{l}" not in params or f"b{l}" not in params for l in range(1, L + 1)):
        raise ValueError("params must hold W1, b1, ..., WL, bL for the L activations given.")
    if X.ndim != 2 or X.shape[0] != params["W1"].shape[1]:
        raise ValueError(
            f"X must be (n0, m) with n0 = {params['W1'].shape[1]} (got {X.shape})."
        )
    return L


def forward_loops(
    params: dict, activations: Sequence[str], X: np.ndarray, leaky_alpha: float = 0.01
) -> np.ndarray:
    """The forward pass with explicit Python loops over examples, units and inputs.

    params holds W[l] (n[l], n[l-1]) and b[l] (n[l], 1); X is (n0, m); returns A[L] (n[L], m).
    The lecture's loop, ``c += a[i] * b[i]``, on the same NumPy arrays: every W[l][j, k] and
    every input is read one element at a time, the slow way the lecture times.
    """
    X = np.asarray(X, dtype=np.float64)
    L = _check(params, activations, X)
    Ws = [params[f"W{l}"] for l in range(1, L + 1)]  # the arrays themselves, not lists
    bs = [params[f"b{l}"] for l in range(1, L + 1)]
    gs = [_scalar_activation(name, leaky_alpha) for name in activations]
    m = X.shape[1]
    out = np.zeros((Ws[-1].shape[0], m))
    for i in range(m):  # every example i
        a = X[:, i]
        for W, b, g in zip(Ws, bs, gs, strict=True):  # every layer l
            n_out, n_in = W.shape
            new_a = np.zeros(n_out)
            for j in range(n_out):  # every unit j
                z = b[j, 0]
                for k in range(n_in):  # every input k
                    z += W[j, k] * a[k]
                new_a[j] = g(z)
            a = new_a
        out[:, i] = a
    return out


def forward_vectorized(
    params: dict, activations: Sequence[str], X: np.ndarray, leaky_alpha: float = 0.01
) -> np.ndarray:
    """Z[l] = W[l] A[l-1] + b[l], A[l] = g[l](Z[l]) for all m examples at once: (n[L], m)."""
    X = np.asarray(X)
    L = _check(params, activations, X)
    A = X
    for l in range(1, L + 1):
        Z = params[f"W{l}"] @ A + params[f"b{l}"]
        A = get_activation(activations[l - 1], alpha=leaky_alpha).forward(Z)
    return A


def multiply_adds(layer_dims: Sequence[int], m: int) -> int:
    """How many multiply-adds one forward pass makes: m * sum_l n[l] * n[l-1]."""
    dims = list(layer_dims)
    return int(m) * sum(dims[l] * dims[l - 1] for l in range(1, len(dims)))


def loop_examples_within(layer_dims: Sequence[int], m: int, budget: int) -> int:
    """The largest number of examples (at most m, at least 1) whose loop forward pass stays
    within ``budget`` multiply-adds: how the page keeps the slow version quick."""
    per_example = max(1, multiply_adds(layer_dims, 1))
    return int(max(1, min(int(m), budget // per_example)))


@dataclass(frozen=True)
class Timing:
    """The result of ``time_forward``: seconds per forward pass over ``m_timed`` examples."""

    layer_dims: tuple[int, ...]
    m_total: int
    m_timed: int
    multiply_adds: int
    loop_seconds: float
    vectorized_seconds: float
    max_abs_difference: float

    @property
    def ratio(self) -> float:
        """How many times slower the loops are."""
        return self.loop_seconds / max(self.vectorized_seconds, 1e-12)


def _best_time(
    fn: Callable[[], object], min_total: float, max_repeats: int, min_repeats: int = 1
) -> float:
    """The fastest of several runs (the least disturbed by other work on the machine): at
    least ``min_repeats`` runs, then more until ``min_total`` seconds or ``max_repeats``."""
    best = math.inf
    total = 0.0
    for i in range(max_repeats):
        start = time.perf_counter()
        fn()
        elapsed = time.perf_counter() - start
        best = min(best, elapsed)
        total += elapsed
        if i + 1 >= min_repeats and total >= min_total:
            break
    return best


def time_forward(
    params: dict,
    activations: Sequence[str],
    X: np.ndarray,
    leaky_alpha: float = 0.01,
    loop_budget: int = 200_000,
    loop_repeats: int = 3,
) -> Timing:
    """Time both forward passes on the same examples: the first ``m_timed`` columns of X, where
    m_timed keeps the loop version within ``loop_budget`` multiply-adds (about 0.3 s in CPython).

    The vectorized pass is repeated until it has run for a measurable time; the fastest run of
    each version is kept.
    """
    X = np.asarray(X, dtype=np.float64)
    L = _check(params, activations, X)
    dims = [X.shape[0], *(params[f"W{l}"].shape[0] for l in range(1, L + 1))]
    m_timed = loop_examples_within(dims, X.shape[1], loop_budget)
    Xs = np.ascontiguousarray(X[:, :m_timed])
    looped = forward_loops(params, activations, Xs, leaky_alpha)
    vectorized = forward_vectorized(params, activations, Xs, leaky_alpha)
    loop_s = _best_time(
        lambda: forward_loops(params, activations, Xs, leaky_alpha), 0.0, loop_repeats
    )
    vec_s = _best_time(
        lambda: forward_vectorized(params, activations, Xs, leaky_alpha), 0.05, 2000,
        min_repeats=20,
    )
    return Timing(
        layer_dims=tuple(dims),
        m_total=int(X.shape[1]),
        m_timed=m_timed,
        multiply_adds=multiply_adds(dims, m_timed),
        loop_seconds=loop_s,
        vectorized_seconds=vec_s,
        max_abs_difference=float(np.max(np.abs(looped - vectorized))),
    )


@dataclass(frozen=True)
class DotTiming:
    """The lecture's own example: c = a . b for two vectors of length n."""

    n: int
    loop_seconds: float
    vectorized_seconds: float
    loop_value: float
    vectorized_value: float

    @property
    def ratio(self) -> float:
        return self.loop_seconds / max(self.vectorized_seconds, 1e-12)


def time_dot(n: int = 1_000_000, rng: np.random.Generator | int | None = 0) -> DotTiming:
    """The lecture's timing: ``for i in range(n): c += a[i] * b[i]`` against ``np.dot(a, b)``."""
    rng = np.random.default_rng(rng)
    a = rng.random(int(n))
    b = rng.random(int(n))
    al, bl = a.tolist(), b.tolist()

    def loop() -> float:
        c = 0.0
        for i in range(len(al)):
            c += al[i] * bl[i]
        return c

    start = time.perf_counter()
    loop_value = loop()
    loop_s = time.perf_counter() - start
    vec_value = float(np.dot(a, b))
    vec_s = _best_time(lambda: np.dot(a, b), 0.02, 1000, min_repeats=20)
    return DotTiming(int(n), loop_s, vec_s, float(loop_value), vec_value)
