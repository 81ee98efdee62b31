"""The work behind the page "Why deep": the lecture's circuit-theory claim, measured on n-bit
parity (y = 1 when an odd number of the n bits are 1).

The lecture (week 4, "Why deep representations?") counts logic gates: a tree of XOR gates of
depth log2(n) computes parity with n - 1 gates, while a circuit with one hidden layer of
AND/OR gates needs 2^(n-1) of them. Units of a network are not logic gates (a tanh or ReLU
unit can add its inputs up, which no single gate can), so this module measures, for each n:

- ``fewest_units``: the fewest hidden units gradient descent needs to fit all 2^n examples
  (100 % training accuracy), for one hidden layer [k] and for a deep narrow network
  (``deep_layers(n)`` hidden layers of w units each), trying a few seeds per size;
- ``deep_parity_network``: weights set by hand that compute parity exactly with
  ceil(log2 n) hidden layers of 2 ReLU units: the count that grows like log n.

No Streamlit, no plotting here.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from engine.network import Network
from engine.optimizers import get_optimizer

DEFAULT_NS = (2, 3, 4, 5, 6)   # cheap: 4 to 64 examples, computed once and cached
MAX_N = 9                      # the page extends one n at a time, up to this
SEEDS = (0, 1, 2)              # a size "reaches" the target if one of these seeds does
EPOCHS = 600                   # full-batch Adam steps per try (successes came by ~350)
LEARNING_RATE = 0.05
ACTIVATION = "tanh"
CHECK_EVERY = 25               # the accuracy is checked this often, to stop at success


def constants() -> dict:
    """What a run's result depends on besides its arguments (n, hidden, seed, epochs): the
    key of the page's stored measurements (``playground.lessons.measured``)."""
    return {"learning_rate": LEARNING_RATE, "activation": ACTIVATION,
            "check_every": CHECK_EVERY}


def parity_data(n: int) -> tuple[np.ndarray, np.ndarray]:
    """All 2^n bit strings as X (n, 2^n) of 0s and 1s, and their parity Y (1, 2^n)."""
    if not 1 <= int(n) <= 16:
        raise ValueError("The number of bits n must be from 1 to 16.")
    X = np.array(list(itertools.product((0.0, 1.0), repeat=int(n))), dtype=np.float64).T
    Y = (X.sum(axis=0) % 2).reshape(1, -1)
    return X, Y


def deep_layers(n: int) -> int:
    """How many hidden layers the deep narrow network gets: the XOR tree's depth, log2 n
    rounded up, and at least 2 (one would be the single hidden layer)."""
    return max(2, math.ceil(math.log2(n)))


def train_to_target(n: int, hidden: list[int], seed: int, epochs: int = EPOCHS,
                    learning_rate: float = LEARNING_RATE, target: float = 1.0
                    ) -> int | None:
    """Train [n, *hidden, 1] (tanh hidden, sigmoid output, Xavier start, cross-entropy,
    full-batch Adam) on n-bit parity; the epoch at which the training accuracy first reached
    ``target`` (checked every CHECK_EVERY epochs), or None if it did not within ``epochs``.
    The bits are fed as -1/+1: centred inputs train in fewer epochs than 0/1."""
    X, Y = parity_data(n)
    X = 2.0 * X - 1.0
    net = Network([n, *hidden, 1], [ACTIVATION] * len(hidden) + ["sigmoid"], init="xavier",
                  seed=seed)
    optimizer = get_optimizer("adam", learning_rate)
    for epoch in range(int(epochs) + 1):
        _, AL, grads = net.train_step(X, Y)
        if epoch % CHECK_EVERY == 0 and np.mean((AL > 0.5) == Y) >= target:
            return epoch
        optimizer.step(net.params, grads)
    return None


@dataclass(frozen=True)
class Fewest:
    """The smallest size of one family that reached the target on n-bit parity."""

    n: int
    family: str                  # "shallow" or "deep"
    hidden: tuple[int, ...] | None   # the winning hidden layers (None: none within the limit)
    units: int | None            # their total number of hidden units
    seed: int | None             # the seed that reached it
    epoch: int | None            # when
    widest: int                  # the widest layer tried


def max_width(n: int) -> int:
    """The widest size tried per family: 2n + 2 (one hidden layer fits parity with n + 1)."""
    return 2 * int(n) + 2


def fewest_units(n: int, family: str, widest: int | None = None, seeds=SEEDS,
                 epochs: int = EPOCHS, on_try: Callable[[tuple[int, ...]], None] | None = None,
                 train: Callable[..., int | None] | None = None) -> Fewest:
    """The fewest hidden units with which one of ``seeds`` fits n-bit parity 100 %: widths
    2, 3, 4, ... of one hidden layer ("shallow") or of deep_layers(n) equal hidden layers
    ("deep"), up to ``widest`` (default ``max_width(n)``). ``on_try`` hears of each size
    before it is tried; ``train`` (default ``train_to_target``, same arguments) lets a page
    cache the single runs."""
    if family not in ("shallow", "deep"):
        raise ValueError("The family must be 'shallow' or 'deep'.")
    depth = 1 if family == "shallow" else deep_layers(n)
    limit = max_width(n) if widest is None else int(widest)
    train = train_to_target if train is None else train
    # Width 1 is skipped: with one unit per layer every layer is a monotone function of one
    # number, so the network's output is a threshold of a single w.x, and parity (n >= 2) is
    # not linearly separable.
    for width in range(min(2, limit), limit + 1):
        hidden = (width,) * depth
        if on_try is not None:
            on_try(hidden)
        for seed in seeds:
            epoch = train(n, list(hidden), seed, epochs)
            if epoch is not None:
                return Fewest(n, family, hidden, width * depth, seed, epoch, width)
    return Fewest(n, family, None, None, None, None, limit)


def deep_parity_network(n: int) -> Network:
    """A network that computes n-bit parity exactly, weights set by hand: ceil(log2 n) hidden
    layers of 2 ReLU units, then a sigmoid.

    The first layer sees x = (sum of the bits) / 2^k (k = the number of hidden layers), in
    [0, 1]. Every layer computes the tent t(x) = 2 relu(x) - 4 relu(x - 1/2), which maps
    s / 2^k to s / 2^(k-1) or (2^k - s) / 2^(k-1), keeping the parity of s; after k tents
    x = s mod 2. Each layer's two units are relu(x) and relu(x - 1/2), and the next layer
    reads x = 2 a1 - 4 a2 through its weights.
    """
    k = max(1, math.ceil(math.log2(n)))
    dims = [n] + [2] * k + [1]
    net = Network(dims, ["relu"] * k + ["sigmoid"], init="zeros")
    params = {"W1": np.full((2, n), 1.0 / 2 ** k), "b1": np.array([[0.0], [-0.5]])}
    for l in range(2, k + 1):
        params[f"W{l}"] = np.array([[2.0, -4.0], [2.0, -4.0]])
        params[f"b{l}"] = np.array([[0.0], [-0.5]])
    steep = 20.0  # sigmoid(20 (x - 1/2)): x = 0 gives 4.5e-5, x = 1 gives 0.99995
    params[f"W{k + 1}"] = steep * np.array([[2.0, -4.0]])
    params[f"b{k + 1}"] = np.array([[-steep / 2]])
    net.params = params
    return net


def deep_construction_units(n: int) -> int:
    """The hidden units of ``deep_parity_network(n)``: 2 ceil(log2 n)."""
    return 2 * max(1, math.ceil(math.log2(n)))


def gate_counts(n: int) -> dict[str, int]:
    """The lecture's logic-gate counts for n-bit parity: an XOR tree (n - 1 gates, depth
    log2 n) and one hidden layer of AND gates (one per odd-parity string: 2^(n-1))."""
    return {"xor_tree": n - 1, "one_layer_and_or": 2 ** (n - 1)}


def row(n: int, shallow: Fewest, deep: Fewest) -> dict[str, object]:
    """One line of the page's table."""
    net = deep_parity_network(n)
    X, Y = parity_data(n)
    exact = float(np.mean(net.predict(X) == Y))
    gates = gate_counts(n)
    return {
        "n bits": n,
        "examples 2^n": 2 ** n,
        "one hidden layer, trained (units)": shallow.units,
        "deep narrow, trained (units)": deep.units,
        "deep narrow layers": None if deep.hidden is None else len(deep.hidden),
        "deep ReLU, set by hand (units)": deep_construction_units(n),
        "its accuracy (%)": 100.0 * exact,
        "XOR tree (gates)": gates["xor_tree"],
        "one layer of AND/OR (gates)": gates["one_layer_and_or"],
    }
