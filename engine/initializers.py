"""Weight initializations: how W[l] starts before the first step of gradient descent.

Every initializer has one signature, ``fn(n_out, n_in, scale, rng, dtype) -> W``, and returns W[l]
of shape (n[l], n[l-1]) = (n_out, n_in). Biases always start at zero: that is harmless, because
the random W[l] already breaks the symmetry between the units of a layer.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import numpy as np

from engine.registry import Column


def normal(n_out: int, n_in: int, scale: float, rng: np.random.Generator, dtype) -> np.ndarray:
    """W = randn(n_out, n_in) * scale, as the course's notebooks draw it (scale 0.01)."""
    return (rng.standard_normal((n_out, n_in)) * scale).astype(dtype, copy=False)


def zeros(n_out: int, n_in: int, scale: float, rng: np.random.Generator, dtype) -> np.ndarray:
    """W = 0: every unit of a layer computes the same function, forever (symmetry)."""
    return np.zeros((n_out, n_in), dtype=dtype)


def xavier(n_out: int, n_in: int, scale: float, rng: np.random.Generator, dtype) -> np.ndarray:
    """W = randn(n_out, n_in) * sqrt(1 / n[l-1]) * scale (Xavier/Glorot, suits tanh)."""
    return (rng.standard_normal((n_out, n_in)) * (scale * math.sqrt(1.0 / n_in))).astype(
        dtype, copy=False
    )


def he(n_out: int, n_in: int, scale: float, rng: np.random.Generator, dtype) -> np.ndarray:
    """W = randn(n_out, n_in) * sqrt(2 / n[l-1]) * scale (He et al., suits ReLU)."""
    return (rng.standard_normal((n_out, n_in)) * (scale * math.sqrt(2.0 / n_in))).astype(
        dtype, copy=False
    )


def course(n_out: int, n_in: int, scale: float, rng: np.random.RandomState, dtype) -> np.ndarray:
    """W = randn(n_out, n_in) * scale drawn from a legacy RandomState(seed), exactly as the
    course's notebooks do after ``np.random.seed(seed)``: their starting weights, bit for bit.

    The notebook draws W1, W2, ... one after the other from NumPy's global stream; here they
    come, in the same order, from one private RandomState, so NumPy's global state is untouched.
    """
    return (rng.randn(n_out, n_in) * scale).astype(dtype, copy=False)


@dataclass(frozen=True)
class Initializer:
    """One weight initialization: how to draw W[l], and what the pages show about it.

    ``draw(n_out, n_in, scale, rng, dtype) -> W`` of shape (n_out, n_in); ``default_scale`` is
    the scale used when none is given (the course's 0.01 for "normal"); ``formula`` is LaTeX
    for W[l]; ``label`` the name users read, ``help`` one line on when it suits.
    """

    name: str
    label: str
    draw: Callable[..., np.ndarray] = field(repr=False)
    default_scale: float
    formula: str
    help: str
    # True: ``draw`` takes a legacy RandomState (the notebooks' stream), not a Generator.
    random_state: bool = False


INITIALIZERS: dict[str, Initializer] = {
    "normal": Initializer(
        "normal", "Random normal × scale", normal, 0.01,
        r"W^{[l]} = \text{randn}(n^{[l]}, n^{[l-1]}) \times \text{scale}",
        "Small random numbers, as the course's notebooks draw them (scale 0.01).",
    ),
    "zeros": Initializer(
        "zeros", "Zeros", zeros, 0.0, r"W^{[l]} = 0",
        "Every unit of a layer computes the same function and gets the same update, forever.",
    ),
    "xavier": Initializer(
        "xavier", "Xavier", xavier, 1.0,
        r"W^{[l]} = \text{randn}(n^{[l]}, n^{[l-1]}) \times \sqrt{1 / n^{[l-1]}}",
        "Keeps the variance of z about the same from layer to layer: suits tanh.",
    ),
    "he": Initializer(
        "he", "He", he, 1.0,
        r"W^{[l]} = \text{randn}(n^{[l]}, n^{[l-1]}) \times \sqrt{2 / n^{[l-1]}}",
        "Xavier's variance doubled, because ReLU zeroes half of its inputs: suits ReLU.",
    ),
    "course": Initializer(
        "course", "Course notebooks (seeded randn × scale)", course, 0.01,
        r"W^{[l]} = \text{np.random.randn}(n^{[l]}, n^{[l-1]}) \times 0.01",
        "The notebooks' own starting weights: np.random.seed(seed), then randn × 0.01 layer "
        "by layer.",
        random_state=True,
    ),
}


# The scale each initializer uses when none is given, read from the records (kept as a name
# for readers that look it up by initializer, such as playground.fields).
DEFAULT_SCALE: Mapping[str, float] = Column(INITIALIZERS, lambda r: r.default_scale)


def as_generator(rng: int | np.random.Generator | None) -> np.random.Generator:
    """A NumPy Generator from a seed (None means seed 0, so nothing is left to chance)."""
    if isinstance(rng, np.random.Generator):
        return rng
    return np.random.default_rng(0 if rng is None else rng)


def as_random_state(rng: int | np.random.RandomState | None) -> np.random.RandomState:
    """A private legacy RandomState from a seed (None means 0), as ``np.random.seed`` would
    set the global one; a Generator cannot be turned into one, so it is refused."""
    if isinstance(rng, np.random.RandomState):
        return rng
    if isinstance(rng, np.random.Generator):
        raise ValueError(
            "The course's initialization draws as the notebooks' np.random.seed(seed) does: "
            "give an integer seed, not a Generator."
        )
    return np.random.RandomState(0 if rng is None else rng)


def initialize_parameters(
    layer_dims: list[int],
    init: str = "normal",
    scale: float | None = None,
    rng: int | np.random.Generator | None = None,
    dtype=np.float64,
) -> dict[str, np.ndarray]:
    """Parameters {"W1", "b1", ..., "WL", "bL"} for the layer sizes [n0, n1, ..., nL].

    W[l] has shape (n[l], n[l-1]) and is drawn by ``INITIALIZERS[init].draw`` with ``scale``
    (its ``default_scale`` when None); b[l] has shape (n[l], 1) and is zero. ``rng`` is a seed
    or a Generator (a seed or a RandomState for "course"); layers are drawn in order W1, W2,
    ..., so a seed fixes them all.
    """
    if init not in INITIALIZERS:
        raise ValueError(
            f"Unknown initialization {init!r}. Choose one of: {', '.join(INITIALIZERS)}."
        )
    scale = INITIALIZERS[init].default_scale if scale is None else float(scale)
    if not (math.isfinite(scale) and scale >= 0.0):
        raise ValueError(f"The initialization scale must be a number >= 0; got {scale}.")
    record = INITIALIZERS[init]
    rng = as_random_state(rng) if record.random_state else as_generator(rng)
    dtype = np.dtype(dtype)
    params: dict[str, np.ndarray] = {}
    for l in range(1, len(layer_dims)):
        n_out, n_in = layer_dims[l], layer_dims[l - 1]
        params[f"W{l}"] = record.draw(n_out, n_in, scale, rng, dtype)
        params[f"b{l}"] = np.zeros((n_out, 1), dtype=dtype)
    return params
