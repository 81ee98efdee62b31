"""Computations of the page "Logistic regression": the cost J(w1, w2) of a network with two
inputs and no hidden layer (a = sigmoid(w1 x1 + w2 x2 + b)), drawn over the (w1, w2) plane
with b held fixed, and gradient descent walking on that surface.

Every number is the engine's: the surface is the engine's forward pass and cost at each grid
point, and a gradient-descent step is the engine's gradient dW1 times the learning rate. b is
held at the page's value (not trained) so that the path stays on the surface that is drawn.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from engine.datasets import make_2d
from engine.losses import get_loss
from engine.network import Network

# The data: two overlapping Gaussian clouds, so the cross-entropy has a finite minimum
# (on separable data J keeps falling as |w| grows and the bowl has no bottom).
DATA_NAME, DATA_SIZE, DATA_NOISE, DATA_SEED = "gauss", 200, 0.3, 3
W_RANGE = (-8.0, 10.0)   # the window of the (w1, w2) plane drawn (holds the minimum at ~(4, 3))
GRID = 61                # grid points per axis of the drawn surface
LOSS_NAMES = {"bce": "Cross-entropy", "sigmoid_mse": "Squared error on a sigmoid"}
LEARNING_RATES = (0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0, 30.0, 100.0, 300.0)
MAX_STEPS = 2000         # the longest path the page keeps
CHUNK = 1024             # the engine's largest layer: grid points per forward pass


def data() -> tuple[np.ndarray, np.ndarray]:
    """X (2, m) and Y (1, m): the page's data set (seeded, the same every time)."""
    return make_2d(DATA_NAME, DATA_SIZE, DATA_NOISE, seed=DATA_SEED)


def logistic_net(w1: float, w2: float, b: float) -> Network:
    """The engine's logistic regression, Network([2, 1], sigmoid), with W1 = [[w1, w2]], b1 = b."""
    net = Network([2, 1], ["sigmoid"])
    net.params = {"W1": np.array([[w1, w2]], dtype=float), "b1": np.array([[b]], dtype=float)}
    return net


def cost_at(X, Y, w1: float, w2: float, b: float, loss: str = "bce") -> float:
    """J(w1, w2; b) from the engine's Network.cost."""
    return logistic_net(w1, w2, b).cost(X, Y, loss=loss)


def cost_surface(X, Y, w1s, w2s, b: float, loss: str = "bce") -> np.ndarray:
    """J on the grid: array (len(w2s), len(w1s)), row i for w2s[i], column j for w1s[j]
    (the layout of a contour's z).

    One forward pass for the whole grid: a network with one output unit per grid point
    (its W1 row is that point's (w1, w2)), then the engine's cost of each unit's row.
    """
    w1s, w2s = np.asarray(w1s, float), np.asarray(w2s, float)
    g1, g2 = np.meshgrid(w1s, w2s)
    return costs_of(X, Y, np.column_stack([g1.ravel(), g2.ravel()]), b, loss).reshape(g1.shape)


def costs_of(X, Y, W: np.ndarray, b: float, loss: str = "bce") -> np.ndarray:
    """J at each row (w1, w2) of W (k, 2), b fixed: array (k,).

    One forward pass per CHUNK rows: a network with one output unit per row (its W1 row is
    that (w1, w2)), then the engine's cost of each unit's output row.
    """
    record, Y = get_loss(loss), np.asarray(Y, float)
    logits = loss == "bce"  # the engine's exact cross-entropy from z on a sigmoid output
    out = []
    for start in range(0, W.shape[0], CHUNK):
        rows = W[start:start + CHUNK]
        net = Network([2, rows.shape[0]], ["sigmoid"])
        net.params = {"W1": rows, "b1": np.full((rows.shape[0], 1), float(b))}
        A, cache = net.forward_cache(X)
        Z = cache["Z1"]
        out += [record.cost(A[i:i + 1], Y, Z[i:i + 1] if logits else None)
                for i in range(rows.shape[0])]
    return np.array(out)


def grid_axes(n: int = GRID) -> tuple[np.ndarray, np.ndarray]:
    return np.linspace(*W_RANGE, n), np.linspace(*W_RANGE, n)


def descend(X, Y, start: tuple[float, float], b: float, learning_rate: float, steps: int,
            loss: str = "bce") -> np.ndarray:
    """The gradient-descent path from ``start``: array (steps + 1, 3) of (w1, w2, J), row 0
    the start. Each step is w := w - alpha dW1 with dW1 from the engine's cost_and_grads;
    b stays fixed. Stops early (fewer rows) if w stops being finite."""
    net = logistic_net(start[0], start[1], b)
    rows = []
    for _ in range(int(steps) + 1):
        J, grads = net.cost_and_grads(X, Y, loss=loss)
        w = net.params["W1"]
        if not (np.all(np.isfinite(w)) and np.isfinite(J)):
            break
        rows.append((float(w[0, 0]), float(w[0, 1]), float(J)))
        w -= learning_rate * grads["dW1"]
    return np.array(rows[: int(steps) + 1])


@dataclass(frozen=True)
class PathVerdict:
    kind: str      # "crawl", "good", "overshoot", "diverge"
    text: str


def judge_path(path: np.ndarray, minimum: float, loss: str = "bce") -> PathVerdict:
    """What the learning rate did, in words, from the path's costs and the surface's lowest
    drawn value ``minimum``. On the squared error a crawl is said to be the plateau's."""
    J = path[:, 2]
    steps = len(J) - 1
    if steps < 1:
        return PathVerdict("good", "Press Step or Run: each step moves w against the gradient.")
    rises = int(np.sum(np.diff(J) > 1e-12))
    gap0, gap = J[0] - minimum, J[-1] - minimum
    lo, hi = W_RANGE
    left = np.flatnonzero(np.any((path[:, :2] < lo) | (path[:, :2] > hi), axis=1))
    if J[-1] > J[0]:
        return PathVerdict("diverge", f"Too large: J went up on {rises} of {steps} steps and the "
                           "path ends higher than it started: it diverges. Each step "
                           "overshoots the bottom by more than it gains: lower the learning "
                           "rate.")
    if rises or left.size:
        where = (f" The path left the drawn window at step {left[0]}." if left.size else "")
        return PathVerdict("overshoot", f"Large: J went up on {rises} of {steps} steps. Each "
                           "step jumps past the valley floor and zigzags across it." + where)
    if gap0 > 0 and gap > 0.5 * gap0 and steps >= 20:
        return PathVerdict("crawl", f"Small: after {steps} steps J has come down only "
                           f"{100 * (1 - gap / gap0):.0f}% of the way to the lowest drawn "
                           "value. Each step is safe but tiny." + (
                               " Here it is mostly the surface's fault: on the squared "
                               "error's plateau the gradient is nearly 0, whatever α."
                               if loss == "sigmoid_mse" else ""))
    return PathVerdict("good", f"J fell on every one of the {steps} steps.")


def loss_curves(n: int = 199) -> dict[str, np.ndarray]:
    """The loss of one example against a in (0, 1): -log a (y = 1), -log(1 - a) (y = 0), and
    the squared error (a - y)^2 / 2 of the same a, from the engine's losses."""
    a = np.linspace(0.005, 0.995, n)
    one, zero = np.ones((1, 1)), np.zeros((1, 1))
    bce, mse = get_loss("bce").cost, get_loss("sigmoid_mse").cost
    return {
        "a": a,
        "bce_y1": np.array([bce(np.array([[v]]), one) for v in a]),
        "bce_y0": np.array([bce(np.array([[v]]), zero) for v in a]),
        "mse_y1": np.array([mse(np.array([[v]]), one) for v in a]),
        "mse_y0": np.array([mse(np.array([[v]]), zero) for v in a]),
    }


SLICE_RANGE = (-15.0, 15.0)


def cost_slice(X, Y, b: float, loss: str, n: int = 121) -> tuple[np.ndarray, np.ndarray]:
    """J along the line w1 = w2 = t of the plane, t in SLICE_RANGE: (t, J(t, t))."""
    t = np.linspace(*SLICE_RANGE, n)
    return t, costs_of(X, Y, np.column_stack([t, t]), b, loss)


def concave_parts(J: np.ndarray) -> np.ndarray:
    """A boolean mask of the points of a sampled line where J curves down (its second
    difference is negative): where the cost is not convex. Ends are False."""
    mask = np.zeros(J.shape, bool)
    second = J[:-2] - 2 * J[1:-1] + J[2:]
    mask[1:-1] = second < -1e-9 * max(1.0, float(np.max(np.abs(J))))
    return mask
