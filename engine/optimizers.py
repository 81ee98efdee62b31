"""Update rules: how the parameters move, given the gradients of one (mini-)batch.

Every optimizer is built as ``cls(learning_rate, **hyperparameters)`` and has one method,
``step(params, grads)``, which updates each W[l], b[l] of ``params`` in place from dW[l], db[l]
of ``grads`` (same shapes). ``learning_rate`` (alpha) may be changed at any time; the
optimizer's memory (velocities v, squared averages s, step count t) is kept per parameter.
"""

from __future__ import annotations

import math

import numpy as np

from engine.registry import Param


def _positive(name: str, value: float) -> float:
    value = float(value)
    if not (math.isfinite(value) and value > 0.0):
        raise ValueError(f"The {name} must be a number > 0; got {value}.")
    return value


def _beta(name: str, value: float) -> float:
    value = float(value)
    if not 0.0 <= value < 1.0:
        raise ValueError(f"{name} must be in [0, 1); got {value}.")
    return value


_BETA = Param("beta", "β", 0.9, 0.0, 0.999,
               help="How much of the running average is kept each step (about 1/(1 − β) "
               "steps are averaged).")
_EPSILON = Param("epsilon", "ε", 1e-8, 1e-10, 1e-4, log=True,
                 help="Added to √s so that a step never divides by 0.")


class Optimizer:
    """What every optimizer shares: the learning rate alpha and the step method.

    Each subclass is its registry record: ``name``, ``label`` (what users read), ``help`` (one
    line) and ``hyperparameters``, its numbers besides alpha with defaults and ranges (the
    defaults are its ``__init__``'s; a test checks they agree).
    """

    name = ""
    label = ""
    help = ""
    hyperparameters: tuple[Param, ...] = ()

    def __init__(self, learning_rate: float = 0.01):
        self.learning_rate = learning_rate

    @property
    def learning_rate(self) -> float:
        return self._learning_rate

    @learning_rate.setter
    def learning_rate(self, value: float) -> None:
        # A Python float on purpose: a NumPy float64 scalar would turn float32 updates into
        # float64 ones (NumPy 2 promotion rules).
        self._learning_rate = _positive("learning rate", value)

    def step(self, params: dict[str, np.ndarray], grads: dict[str, np.ndarray]) -> None:
        raise NotImplementedError

    # The optimizer's memory, by attribute: dicts of arrays per parameter, and step counters.
    _memory: tuple[str, ...] = ()
    _counters: tuple[str, ...] = ()

    def get_state(self) -> tuple[dict[str, int], dict[str, np.ndarray]]:
        """The memory as (counters, arrays): e.g. ({"t": 12}, {"v.W1": ..., "s.W1": ...}),
        copies, so a checkpoint can be written while training goes on."""
        counters = {name: int(getattr(self, name)) for name in self._counters}
        arrays = {f"{name}.{key}": np.array(a) for name in self._memory
                  for key, a in getattr(self, name).items()}
        return counters, arrays

    def set_state(self, counters: dict, arrays: dict, params: dict[str, np.ndarray]) -> None:
        """Take back a memory saved by ``get_state``, for these ``params`` (each array must
        have its parameter's shape). ValueError, and nothing changed, if it does not fit."""
        if set(counters) != set(self._counters):
            raise ValueError(f"{self.label} keeps the counters {list(self._counters)}.")
        memory: dict[str, dict] = {name: {} for name in self._memory}
        for full, a in arrays.items():
            name, _, key = str(full).partition(".")
            if name not in memory or key not in params:
                raise ValueError(f"{self.label} has no memory named {full}.")
            a = np.asarray(a)
            if a.shape != params[key].shape or a.dtype.kind != "f" or not np.isfinite(a).all():
                raise ValueError(f"{full} does not fit {key} {params[key].shape}.")
            memory[name][key] = a.astype(params[key].dtype, copy=True)
        values = {name: int(v) for name, v in counters.items()}
        if any(v < 0 for v in values.values()):
            raise ValueError("A step counter cannot be negative.")
        for name, value in memory.items():
            setattr(self, name, value)
        for name, value in values.items():
            setattr(self, name, value)

    def __repr__(self) -> str:
        return f"{type(self).__name__}(learning_rate={self.learning_rate:g})"


class GradientDescent(Optimizer):
    """W[l] := W[l] - alpha dW[l],  b[l] := b[l] - alpha db[l]."""

    name = "gd"
    label = "Gradient descent"
    help = "Each step goes straight down the gradient of the (mini-)batch, scaled by α."

    def step(self, params, grads) -> None:
        alpha = self._learning_rate
        for key, theta in params.items():
            theta -= alpha * grads["d" + key]


class Momentum(Optimizer):
    """v := beta v + (1 - beta) dW;  W := W - alpha v  (an exponentially weighted average of
    the gradients, so oscillations cancel and the steady direction builds up)."""

    name = "momentum"
    label = "Momentum"
    help = "Steps along a running average of the gradients: oscillations cancel out."
    hyperparameters = (_BETA,)
    _memory = ("v",)

    def __init__(self, learning_rate: float = 0.01, beta: float = 0.9):
        super().__init__(learning_rate)
        self.beta = _beta("beta", beta)
        self.v: dict[str, np.ndarray] = {}

    def step(self, params, grads) -> None:
        alpha, beta = self._learning_rate, self.beta
        for key, theta in params.items():
            g = grads["d" + key]
            v = self.v.get(key)
            if v is None:
                v = self.v[key] = np.zeros_like(theta)
            v *= beta
            v += (1.0 - beta) * g
            theta -= alpha * v


class RMSprop(Optimizer):
    """s := beta s + (1 - beta) dW^2;  W := W - alpha dW / (sqrt(s) + epsilon)  (each parameter
    gets its own step size, small where the gradient is large)."""

    name = "rmsprop"
    label = "RMSprop"
    help = "Divides each gradient by a running average of its size: one step size per weight."
    hyperparameters = (_BETA, _EPSILON)
    _memory = ("s",)

    def __init__(self, learning_rate: float = 0.01, beta: float = 0.9, epsilon: float = 1e-8):
        super().__init__(learning_rate)
        self.beta = _beta("beta", beta)
        self.epsilon = _positive("epsilon", epsilon)
        self.s: dict[str, np.ndarray] = {}

    def step(self, params, grads) -> None:
        alpha, beta, eps = self._learning_rate, self.beta, self.epsilon
        for key, theta in params.items():
            g = grads["d" + key]
            s = self.s.get(key)
            if s is None:
                s = self.s[key] = np.zeros_like(theta)
            s *= beta
            s += (1.0 - beta) * (g * g)
            denominator = np.sqrt(s)
            denominator += eps
            theta -= alpha * (g / denominator)


class Adam(Optimizer):
    """Momentum and RMSprop together, with bias correction for the first steps (t = 1, 2, ...):

        v := beta1 v + (1 - beta1) dW          s := beta2 s + (1 - beta2) dW^2
        v_corr = v / (1 - beta1^t)             s_corr = s / (1 - beta2^t)
        W := W - alpha v_corr / (sqrt(s_corr) + epsilon)
    """

    name = "adam"
    label = "Adam"
    help = "Momentum and RMSprop together, with bias correction for the first steps."
    hyperparameters = (
        Param("beta1", "β₁", 0.9, 0.0, 0.999, help="Momentum's β: the average of dW."),
        Param("beta2", "β₂", 0.999, 0.9, 0.9999, help="RMSprop's β: the average of dW²."),
        _EPSILON,
    )
    _memory = ("v", "s")
    _counters = ("t",)

    def __init__(
        self,
        learning_rate: float = 0.01,
        beta1: float = 0.9,
        beta2: float = 0.999,
        epsilon: float = 1e-8,
    ):
        super().__init__(learning_rate)
        self.beta1 = _beta("beta1", beta1)
        self.beta2 = _beta("beta2", beta2)
        self.epsilon = _positive("epsilon", epsilon)
        self.t = 0
        self.v: dict[str, np.ndarray] = {}
        self.s: dict[str, np.ndarray] = {}

    def step(self, params, grads) -> None:
        self.t += 1
        alpha, beta1, beta2, eps = self._learning_rate, self.beta1, self.beta2, self.epsilon
        v_correction = 1.0 / (1.0 - beta1**self.t)
        s_correction = 1.0 / (1.0 - beta2**self.t)
        for key, theta in params.items():
            g = grads["d" + key]
            v = self.v.get(key)
            if v is None:
                v = self.v[key] = np.zeros_like(theta)
                self.s[key] = np.zeros_like(theta)
            s = self.s[key]
            v *= beta1
            v += (1.0 - beta1) * g
            s *= beta2
            s += (1.0 - beta2) * (g * g)
            denominator = np.sqrt(s * s_correction)  # sqrt(s_corr)
            denominator += eps
            theta -= (alpha * v_correction) * v / denominator


OPTIMIZERS: dict[str, type[Optimizer]] = {
    cls.name: cls for cls in (GradientDescent, Momentum, RMSprop, Adam)
}


def get_optimizer(name: str, learning_rate: float = 0.01, **options) -> Optimizer:
    """A new optimizer ``OPTIMIZERS[name](learning_rate, **options)``.

    Raises ValueError for an unknown name (listing the valid ones) or an unknown option.
    """
    if name not in OPTIMIZERS:
        raise ValueError(f"Unknown optimizer {name!r}. Choose one of: {', '.join(OPTIMIZERS)}.")
    try:
        return OPTIMIZERS[name](learning_rate, **options)
    except TypeError:
        raise ValueError(
            f"Unknown option for {OPTIMIZERS[name].label}: {', '.join(options)}."
        ) from None
