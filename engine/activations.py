"""Activation functions g and their derivatives g', side by side.

Every function works elementwise on an array of any shape (in the network: Z[l] and A[l], both
(n[l], m), one column per example) and returns a new array of the same shape and dtype.

Each derivative takes both ``z`` and the already-computed ``a = g(z)``, so it can use the cheap
form that the lecture writes from the output: sigmoid' = a(1 - a), tanh' = 1 - a^2.

Backpropagation needs the product dZ = dA * g'(Z) rather than g'(Z) alone; each ``*_backward``
computes exactly that product with as few passes over the array as it can (it may reuse dA's
memory), because the playground runs it thousands of times a second.

``ACTIVATIONS`` is the one registry: each record holds everything any page shows about its
activation (label, LaTeX, colour, where it saturates, the Activations page's note, its extra
parameters with their ranges), so adding an activation is adding one record (README,
"Extending").
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import partial

import numpy as np

from engine.registry import Param, Where

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


def softmax(z: np.ndarray) -> np.ndarray:
    """a_k = e^{z_k} / sum_j e^{z_j}, down each column (axis 0: the K units of one example).

    Computed from z - max_j z_j, which leaves the result unchanged (the factor e^{-max}
    cancels) and keeps every exponent <= 0: no overflow even for logits of 1e4, and the
    largest term is exactly 1, so the sum is never 0.
    """
    e = np.exp(z - np.max(z, axis=0, keepdims=True))
    e /= np.sum(e, axis=0, keepdims=True)
    return e


def softmax_derivative(z: np.ndarray, a: np.ndarray) -> np.ndarray:
    """The diagonal of the Jacobian, da_k/dz_k = a_k (1 - a_k). Softmax is not elementwise
    (da_k/dz_j = -a_k a_j for j != k): backpropagation uses ``softmax_backward``."""
    return sigmoid_derivative(z, a)


def softmax_backward(dA: np.ndarray, z: np.ndarray, a: np.ndarray) -> np.ndarray:
    """dZ = J^T dA per column, with the Jacobian J_kj = a_k (delta_kj - a_j):
    dz_j = a_j (da_j - sum_k a_k da_k)."""
    return a * (dA - np.sum(a * dA, axis=0, keepdims=True))


def _sigmoid_scalar(z: float) -> float:
    # Stable on both sides: exp of a non-positive number never overflows.
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


@dataclass(frozen=True)
class Activation:
    """One activation: its function, its derivative, and everything a page shows about it.

    ``forward(z) -> a`` and ``derivative(z, a) -> g'(z)`` act elementwise on arrays of any
    shape; the derivative gets both z and a = g(z) so it can be written from whichever the
    course uses (sigmoid' = a(1 - a) from a, ReLU' from z). ``backward(dA, z, a) -> dZ =
    dA * g'(z)`` is the product backpropagation needs, in fewer passes (it may overwrite dA);
    left out, it is built from ``derivative``. ``scalar(z) -> g(z)`` is the same function of
    one Python float, for the vectorization page's loop version (left out: ``forward`` on a
    0-d array, correct but slow).

    What the pages show: ``label`` ("Leaky ReLU"); ``formula`` and ``derivative_formula``,
    LaTeX for g(z) and g'(z); ``color`` ("#RRGGBB"), the one colour every page draws it in
    (the five were picked together to stay apart for colour-blind students, checked by
    simulating the three dichromacies in tests/playground/test_teaching_colors.py; a new one
    must keep that test passing); ``saturates``, where |g'(z)| goes to 0 ("" if it never
    does), which decides the Activations page's shaded bands and the Initialization page's
    captions; ``note``, one line under its formulas on the Activations page, in which
    ``{max}`` (its largest slope), ``{zero}`` (g(0)) and each parameter's name are filled in.

    ``output_range`` is (low, high) for an activation whose outputs are bounded (sigmoid's
    (0, 1), tanh's (-1, 1)), None for an unbounded one: the diagnostics' histograms of A[l]
    use it as their fixed range.

    ``params`` are its extra numbers with their defaults and ranges; ``bind(**values)``
    returns the record for other values (the record itself holds the defaults).

    ``in_place`` is True when ``backward`` reads only a (never z) and ``forward(z, out=z)``
    works: training may then compute A[l] in the memory of Z[l], one large array less per
    layer and step (ReLU, tanh).

    ``output_only`` is True for an activation that mixes the units of a column (softmax): it
    is not elementwise, so it is offered for the output layer only, never for a hidden one
    (``HIDDEN_ACTIVATIONS`` leaves it out), and pages that draw g(z) of one z skip it.
    """

    name: str
    label: str
    forward: Callable[..., np.ndarray] = field(repr=False)
    derivative: Callable[[np.ndarray, np.ndarray], np.ndarray] = field(repr=False)
    formula: str
    derivative_formula: str
    color: str
    note: str = ""
    saturates: str = ""
    backward: Callable[[np.ndarray, np.ndarray, np.ndarray], np.ndarray] | None = field(
        default=None, repr=False)
    scalar: Callable[[float], float] | None = field(default=None, repr=False)
    in_place: bool = False
    output_range: tuple[float, float] | None = None
    params: tuple[Param, ...] = ()
    bind: Callable[..., Activation] | None = field(default=None, repr=False)
    output_only: bool = False

    def __post_init__(self) -> None:
        # Filled in here so a new record needs only its function and derivative.
        if self.backward is None:
            derivative = self.derivative
            object.__setattr__(self, "backward", lambda dA, z, a: dA * derivative(z, a))
        if self.scalar is None:
            forward = self.forward
            object.__setattr__(self, "scalar", lambda z: float(forward(np.array(float(z)))))

    def values(self) -> dict[str, float]:
        """This record's parameter values, by name (the defaults for a registry entry)."""
        return {p.name: p.default for p in self.params}


LEAKY_ALPHA = Param(
    "alpha", "Leaky ReLU slope α", DEFAULT_LEAKY_ALPHA, 0.001, 0.5,
    help="Leaky ReLU is max(αz, z): its slope for z < 0 is α instead of 0.", log=True,
)


def _leaky(alpha: float = DEFAULT_LEAKY_ALPHA) -> Activation:
    alpha = float(alpha)
    if not 0.0 <= alpha < 1.0:
        raise ValueError(f"The leaky ReLU slope must be in [0, 1); got {alpha}.")
    return Activation(
        name="leaky_relu",
        label="Leaky ReLU",
        forward=partial(leaky_relu, alpha=alpha),
        derivative=partial(leaky_relu_derivative, alpha=alpha),
        formula=rf"g(z) = \max({alpha:g}\,z,\ z)",
        derivative_formula=(
            rf"g'(z) = \begin{{cases}} 1 & z > 0 \\ {alpha:g} & z \le 0 \end{{cases}}"
        ),
        color="#56B4E9",  # sky blue (Okabe-Ito)
        note="Like ReLU, but for z < 0 the slope is α = {alpha:g} instead of 0, so the unit "
        "still gets a gradient.",
        backward=partial(leaky_relu_backward, alpha=alpha),
        scalar=lambda z: z if z > 0 else alpha * z,
        params=(replace(LEAKY_ALPHA, default=alpha),),
        bind=_leaky,
    )


ACTIVATIONS: dict[str, Activation] = {
    "sigmoid": Activation(
        name="sigmoid",
        label="Sigmoid",
        forward=sigmoid,
        derivative=sigmoid_derivative,
        formula=r"g(z) = \sigma(z) = \frac{1}{1 + e^{-z}}",
        derivative_formula=r"g'(z) = a\,(1 - a)",
        color="#332288",  # indigo (Tol)
        note="Output in (0, 1): use it for the output unit of a binary classifier. Its slope "
        "is at most {max:.2f} (at z = 0) and it is not centred: g(0) = {zero:.2f}.",
        saturates="for large |z|, on both sides",
        backward=sigmoid_backward,
        scalar=_sigmoid_scalar,
        output_range=(0.0, 1.0),
    ),
    "tanh": Activation(
        name="tanh",
        label="Tanh",
        forward=tanh,
        derivative=tanh_derivative,
        formula=r"g(z) = \tanh(z) = \frac{e^{z} - e^{-z}}{e^{z} + e^{-z}}",
        derivative_formula=r"g'(z) = 1 - a^2",
        color="#117733",  # green (Tol)
        note="Output in (−1, 1) and centred at 0: g(0) = {zero:.2f}, which makes the next "
        "layer's learning easier. Its slope is at most {max:.2f}, but it saturates like "
        "sigmoid.",
        saturates="for large |z|, on both sides",
        backward=tanh_backward,
        scalar=math.tanh,
        in_place=True,
        output_range=(-1.0, 1.0),
    ),
    "relu": Activation(
        name="relu",
        label="ReLU",
        forward=relu,
        derivative=relu_derivative,
        formula=r"g(z) = \max(0,\ z)",
        derivative_formula=r"g'(z) = \begin{cases} 1 & z > 0 \\ 0 & z \le 0 \end{cases}",
        color="#E69F00",  # orange (Okabe-Ito)
        # Its flat side is a dead zone, not saturation: saturates stays "".
        note="g′(z) = 1 for z > 0, whatever the size of z: no saturation on that side. For "
        "z < 0 the slope is exactly 0: a unit that is always negative stops learning.",
        backward=relu_backward,
        scalar=lambda z: z if z > 0 else 0.0,
        in_place=True,
    ),
    "leaky_relu": _leaky(),
    "linear": Activation(
        name="linear",
        label="Linear",
        forward=linear,
        derivative=linear_derivative,
        formula=r"g(z) = z",
        derivative_formula=r"g'(z) = 1",
        color="#000000",  # black: no non-linearity
        note="g′(z) = 1 everywhere: no squashing, so no non-linearity (see “Why linear "
        "collapses”).",
        backward=linear_backward,
        scalar=lambda z: z,
    ),
    "softmax": Activation(
        name="softmax",
        label="Softmax",
        forward=softmax,
        derivative=softmax_derivative,
        formula=r"g(z)_k = \frac{e^{z_k}}{\sum_{j=1}^{K} e^{z_j}}",
        derivative_formula=r"g'(z):\ \frac{\partial a_k}{\partial z_j} = a_k(\delta_{kj} - a_j)",
        color="#882255",  # wine (Tol muted)
        note="The output of a K-class classifier: K numbers in (0, 1) that sum to 1, one "
        "probability per class. With the cross-entropy, dZ[L] = A[L] − Y.",
        saturates="when one z_k is far above the others",
        backward=softmax_backward,
        scalar=lambda z: 1.0,  # one unit alone always gets probability 1
        output_only=True,
    ),
}

# The activations a hidden layer may use (a live view: elementwise records only).
HIDDEN_ACTIVATIONS = Where(ACTIVATIONS, lambda act: not act.output_only)


def get_activation(name: str, alpha: float | None = None, **values: float) -> Activation:
    """The registry entry for ``name``, with its parameters set from ``values``.

    ``alpha`` is the value of a parameter named "alpha" (leaky ReLU's slope for z < 0); a
    value for a parameter the activation does not have is ignored, so callers may pass the
    same values for every layer. Raises ValueError for an unknown name (listing the valid
    ones) or a value the activation refuses (a leaky slope outside [0, 1)).
    """
    if name not in ACTIVATIONS:
        raise ValueError(f"Unknown activation {name!r}. Choose one of: {', '.join(ACTIVATIONS)}.")
    record = ACTIVATIONS[name]
    if alpha is not None:
        values.setdefault("alpha", alpha)
    wanted = {p.name: float(values[p.name]) for p in record.params if p.name in values}
    if not wanted or wanted == record.values():
        return record
    return record.bind(**{**record.values(), **wanted})
