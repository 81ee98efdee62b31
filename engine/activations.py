"""Activation functions g and their derivatives g', side by side.

Every function works elementwise on an array of any shape (in the network: Z[l] and A[l], both
(n[l], m), one column per example) and returns a new array of the same shape and dtype.

Each derivative takes both ``z`` and the already-computed ``a = g(z)``, so it can use the cheap
form that the lecture writes from the output: sigmoid' = a(1 - a), tanh' = 1 - a^2.

Backpropagation needs the product dZ = dA * g'(Z) rather than g'(Z) alone; each ``*_backward``
computes exactly that product with as few passes over the array as it can (it may reuse dA's
memory), because the playground runs it thousands of times a second.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial

import numpy as np

DEFAULT_LEAKY_ALPHA = 0.01


def sigmoid(z: np.ndarray) -> np.ndarray:
    """g(z) = 1 / (1 + e^-z), computed as (1 + tanh(z/2)) / 2.

    The two are equal, but the tanh form never overflows: e^-z overflows for z < -709 in
    float64 (and warns), while tanh just saturates at -1, so g(z) goes smoothly to 0.
    """
    return 0.5 + 0.5 * np.tanh(0.5 * z)


def sigmoid_derivative(z: np.ndarray, a: np.ndarray) -> np.ndarray:
    """g'(z) = a(1 - a), from the output a = sigmoid(z)."""
    d = np.subtract(1.0, a)
    d *= a
    return d


def sigmoid_backward(dA: np.ndarray, z: np.ndarray, a: np.ndarray) -> np.ndarray:
    """dZ = dA * a(1 - a), with a(1 - a) rounded as sigmoid_derivative rounds it."""
    dA *= sigmoid_derivative(z, a)
    return dA


def tanh(z: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
    """g(z) = (e^z - e^-z) / (e^z + e^-z), written into ``out`` if given (z itself may be it)."""
    return np.tanh(z, out=out)


def tanh_derivative(z: np.ndarray, a: np.ndarray) -> np.ndarray:
    """g'(z) = 1 - a^2, from the output a = tanh(z)."""
    d = np.multiply(a, a)
    np.subtract(1.0, d, out=d)
    return d


def tanh_backward(dA: np.ndarray, z: np.ndarray, a: np.ndarray) -> np.ndarray:
    """dZ = dA * (1 - a^2)."""
    return dA * (1.0 - a * a)


def relu(z: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
    """g(z) = max(0, z), written into ``out`` if given (z itself may be it)."""
    z = np.asarray(z)
    # The same as np.maximum(z, 0.0), 2-3 times faster on large arrays: NumPy compares an array
    # with a scalar in a slow loop, and with an array (here a row of zeros, repeated down the
    # rows by broadcasting) in its vectorized one.
    zeros = np.zeros(z.shape[-1:], dtype=z.dtype)
    return np.maximum(z, zeros, out=out)


def relu_derivative(z: np.ndarray, a: np.ndarray) -> np.ndarray:
    """g'(z) = 1 if z > 0 else 0 (the course takes 0 at z = 0)."""
    return (z > 0).astype(z.dtype)


def relu_backward(dA: np.ndarray, z: np.ndarray, a: np.ndarray) -> np.ndarray:
    """dZ = dA where z > 0, and 0 where z <= 0.

    a = max(0, z) is positive exactly where z is, so the mask is read off a: training can then
    write A[l] over Z[l] instead of keeping both (see Activation.in_place).
    """
    # Multiplying by the boolean mask is the fastest way NumPy has (a masked copy with
    # where= is many times slower on large arrays).
    np.multiply(dA, a > 0, out=dA)
    return dA


def leaky_relu(z: np.ndarray, alpha: float = DEFAULT_LEAKY_ALPHA) -> np.ndarray:
    """g(z) = max(alpha z, z), for a slope 0 <= alpha < 1 (z if z > 0, alpha z otherwise)."""
    return np.maximum(z, np.multiply(z, alpha))


def leaky_relu_derivative(
    z: np.ndarray, a: np.ndarray, alpha: float = DEFAULT_LEAKY_ALPHA
) -> np.ndarray:
    """g'(z) = 1 if z > 0 else alpha (so g'(0) = alpha)."""
    d = (z > 0).astype(z.dtype)  # 1 where z > 0, else 0
    d *= 1.0 - alpha
    d += alpha
    return d


def leaky_relu_backward(
    dA: np.ndarray, z: np.ndarray, a: np.ndarray, alpha: float = DEFAULT_LEAKY_ALPHA
) -> np.ndarray:
    """dZ = dA where z > 0, and alpha dA where z <= 0."""
    dA *= leaky_relu_derivative(z, a, alpha)
    return dA


def linear(z: np.ndarray) -> np.ndarray:
    """g(z) = z (the identity: the unit does no squashing)."""
    return np.array(z, copy=True)


def linear_derivative(z: np.ndarray, a: np.ndarray) -> np.ndarray:
    """g'(z) = 1."""
    return np.ones_like(z)


def linear_backward(dA: np.ndarray, z: np.ndarray, a: np.ndarray) -> np.ndarray:
    """dZ = dA."""
    return dA


@dataclass(frozen=True)
class Activation:
    """One activation: its function, its derivative, and how to write them.

    ``forward(z) -> a`` and ``derivative(z, a) -> g'(z)`` act elementwise on arrays of any
    shape. ``backward(dA, z, a) -> dZ = dA * g'(z)`` is the same product that backpropagation
    needs, computed in fewer passes (it may overwrite dA). ``formula`` and ``derivative_formula``
    are LaTeX for g(z) and g'(z); ``label`` is the name to show ("Leaky ReLU").

    ``in_place`` is True when ``backward`` reads only a (never z) and ``forward(z, out=z)``
    works: training may then compute A[l] in the memory of Z[l], one large array less per
    layer and step (ReLU, tanh).

    ``color`` ("#RRGGBB") is the one colour every page draws this activation in. The five were
    picked together to stay apart for colour-blind students (checked by simulating the three
    dichromacies: tests/playground/test_teaching_colors.py); a new activation needs one that
    keeps that test passing.
    """

    name: str
    forward: Callable[[np.ndarray], np.ndarray] = field(repr=False)
    derivative: Callable[[np.ndarray, np.ndarray], np.ndarray] = field(repr=False)
    formula: str
    derivative_formula: str
    label: str
    backward: Callable[[np.ndarray, np.ndarray, np.ndarray], np.ndarray] = field(repr=False)
    in_place: bool = False
    color: str = "#000000"


def _leaky(alpha: float) -> Activation:
    return Activation(
        name="leaky_relu",
        forward=partial(leaky_relu, alpha=alpha),
        derivative=partial(leaky_relu_derivative, alpha=alpha),
        formula=rf"g(z) = \max({alpha:g}\,z,\ z)",
        derivative_formula=(
            rf"g'(z) = \begin{{cases}} 1 & z > 0 \\ {alpha:g} & z \le 0 \end{{cases}}"
        ),
        label="Leaky ReLU",
        backward=partial(leaky_relu_backward, alpha=alpha),
        color="#56B4E9",  # sky blue (Okabe-Ito)
    )


ACTIVATIONS: dict[str, Activation] = {
    "sigmoid": Activation(
        name="sigmoid",
        forward=sigmoid,
        derivative=sigmoid_derivative,
        formula=r"g(z) = \sigma(z) = \frac{1}{1 + e^{-z}}",
        derivative_formula=r"g'(z) = a\,(1 - a)",
        label="Sigmoid",
        backward=sigmoid_backward,
        color="#332288",  # indigo (Tol)
    ),
    "tanh": Activation(
        name="tanh",
        forward=tanh,
        derivative=tanh_derivative,
        formula=r"g(z) = \tanh(z) = \frac{e^{z} - e^{-z}}{e^{z} + e^{-z}}",
        derivative_formula=r"g'(z) = 1 - a^2",
        label="Tanh",
        backward=tanh_backward,
        color="#117733",  # green (Tol)
        in_place=True,
    ),
    "relu": Activation(
        name="relu",
        forward=relu,
        derivative=relu_derivative,
        formula=r"g(z) = \max(0,\ z)",
        derivative_formula=r"g'(z) = \begin{cases} 1 & z > 0 \\ 0 & z \le 0 \end{cases}",
        label="ReLU",
        backward=relu_backward,
        color="#E69F00",  # orange (Okabe-Ito)
        in_place=True,
    ),
    "leaky_relu": _leaky(DEFAULT_LEAKY_ALPHA),
    "linear": Activation(
        name="linear",
        forward=linear,
        derivative=linear_derivative,
        formula=r"g(z) = z",
        derivative_formula=r"g'(z) = 1",
        label="Linear",
        backward=linear_backward,
        color="#000000",  # black: no non-linearity
    ),
}


def get_activation(name: str, alpha: float = DEFAULT_LEAKY_ALPHA) -> Activation:
    """The registry entry for ``name``; ``alpha`` sets the slope of "leaky_relu" for z < 0.

    Raises ValueError for an unknown name (listing the valid ones) or a slope outside [0, 1).
    """
    if name not in ACTIVATIONS:
        raise ValueError(f"Unknown activation {name!r}. Choose one of: {', '.join(ACTIVATIONS)}.")
    if name != "leaky_relu":
        return ACTIVATIONS[name]
    alpha = float(alpha)
    if not 0.0 <= alpha < 1.0:
        raise ValueError(f"The leaky ReLU slope must be in [0, 1); got {alpha}.")
    return ACTIVATIONS[name] if alpha == DEFAULT_LEAKY_ALPHA else _leaky(alpha)
