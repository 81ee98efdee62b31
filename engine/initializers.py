"""Weight initializations: how W[l] starts before the first step of gradient descent.

Every initializer has one signature, ``fn(n_out, n_in, scale, rng, dtype) -> W``, and returns W[l]
of shape (n[l], n[l-1]) = (n_out, n_in). Biases always start at zero: that is harmless, because
the random W[l] already breaks the symmetry between the units of a layer.
"""

from __future__ import annotations

import math

import numpy as np


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


# The notebooks' stream is the legacy Mersenne Twister, not a Generator's: initialize_parameters
# hands this initializer a RandomState made from the seed.
course.random_state = True


INITIALIZERS = {"normal": normal, "zeros": zeros, "xavier": xavier, "he": he, "course": course}

# The scale each initializer uses when none is given (the course's 0.01 for "normal").
DEFAULT_SCALE = {"normal": 0.01, "zeros": 0.0, "xavier": 1.0, "he": 1.0, "course": 0.01}

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

    W[l] has shape (n[l], n[l-1]) and is drawn by ``INITIALIZERS[init]`` with ``scale``
    (``DEFAULT_SCALE[init]`` when None); b[l] has shape (n[l], 1) and is zero. ``rng`` is a seed
    or a Generator (a seed or a RandomState for "course"); layers are drawn in order W1, W2,
    ..., so a seed fixes them all.
    """
    if init not in INITIALIZERS:
        raise ValueError(
            f"Unknown initialization {init!r}. Choose one of: {', '.join(INITIALIZERS)}."
        )
    scale = DEFAULT_SCALE[init] if scale is None else float(scale)
    if not (math.isfinite(scale) and scale >= 0.0):
        raise ValueError(f"The initialization scale must be a number >= 0; got {scale}.")
    draw = INITIALIZERS[init]
    rng = as_random_state(rng) if getattr(draw, "random_state", False) else as_generator(rng)
    dtype = np.dtype(dtype)
    params: dict[str, np.ndarray] = {}
    for l in range(1, len(layer_dims)):
        n_out, n_in = layer_dims[l], layer_dims[l - 1]
        params[f"W{l}"] = draw(n_out, n_in, scale, rng, dtype)
        params[f"b{l}"] = np.zeros((n_out, 1), dtype=dtype)
    return params
