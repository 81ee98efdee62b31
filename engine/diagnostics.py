"""Per-layer diagnostics of a network on a batch: what "watch the gradients flow" shows.

For each layer l = 1..L, on a batch X (n[0], m) with targets Y (n[L], m):

- the distribution of A[l] (n[l], m), as a histogram over bins fixed by the activation's
  range (tanh: -1 to 1, sigmoid: 0 to 1), so a layer that piles up at the ends of its range
  is seen at once, and a layer whose units all output the same number is one spike;
- for an activation whose record says it saturates (sigmoid, tanh), the saturated share:
  the entries of g'(Z[l]) with |g'(z)| < SATURATION_THRESHOLD;
- for the others (ReLU-like), the dead share: the entries with g'(z) = 0 exactly, where a
  ReLU unit passes no gradient back at all;
- ||dW[l]||_F, the Frobenius norm of the layer's gradient, and the distribution of W[l].

``GradientNormLog`` keeps ||dW[l]|| over the epochs in bounded memory (thinned as it grows),
fed with the gradients the Trainer computed anyway (``Trainer.last_grads``), so a live
session can draw vanishing or exploding gradients on a log scale at the cost of L norms per
frame.

Pure NumPy; no Streamlit, no plotting.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from engine.activations import get_activation

# |g'(z)| below this counts as "saturated": the unit passes back less than 5 % of the
# gradient it receives (tanh: |z| > 2.2; sigmoid, whose slope is at most 0.25: |z| > 2.9).
SATURATION_THRESHOLD = 0.05
# An odd number of bins puts 0 (tanh) and 0.5 (sigmoid) in the middle of a bin, not on an
# edge, so the spike of identical units lands in one bin.
BINS = 31


@dataclass(frozen=True)
class LayerStats:
    """What the diagnostics show about layer l (1..L).

    ``a_counts`` / ``a_edges``: the histogram of A[l] (counts per bin, BINS + 1 edges);
    ``saturated``: share of entries with |g'(z)| < threshold, None for an activation that does
    not saturate; ``dead``: share with g'(z) = 0, None for one that saturates; ``grad_norm``:
    ||dW[l]||_F; ``w_counts`` / ``w_edges``: the histogram of W[l]; ``unit_spread``: the
    largest difference between two units' outputs on the same example (0: all units
    identical, as zero initialization leaves them).
    """

    layer: int
    activation: str
    a_counts: np.ndarray
    a_edges: np.ndarray
    saturated: float | None
    dead: float | None
    grad_norm: float
    w_counts: np.ndarray
    w_edges: np.ndarray
    unit_spread: float

    @property
    def share_label(self) -> str:
        """'saturated 97 %', 'dead 12 %' or '' (for a title)."""
        if self.saturated is not None:
            return f"saturated {self.saturated:.0%}"
        if self.dead is not None:
            return f"dead {self.dead:.0%}"
        return ""


def activation_edges(activation: str, A: np.ndarray, bins: int = BINS) -> np.ndarray:
    """The bin edges for A[l] under ``activation`` (a name): the record's fixed
    ``output_range``, or for an unbounded one the data's range widened to include 0 (ReLU's
    dead units sit there)."""
    fixed = get_activation(activation).output_range
    if fixed is not None:
        lo, hi = fixed
    else:
        finite = A[np.isfinite(A)]
        lo = min(0.0, float(finite.min())) if finite.size else 0.0
        hi = max(0.0, float(finite.max())) if finite.size else 1.0
        if hi - lo < 1e-12:
            lo, hi = lo - 0.5, hi + 0.5
        else:  # 0 in the middle of a bin for the same reason as BINS is odd
            step = (hi - lo) / (bins - 1)
            lo, hi = lo - step / 2, hi + step / 2
    return np.linspace(lo, hi, bins + 1)


def weight_edges(W: np.ndarray, bins: int = BINS) -> np.ndarray:
    """Symmetric bin edges for W[l], [-max|w|, max|w|] (a zero matrix: [-1, 1])."""
    finite = np.abs(W[np.isfinite(W)])
    lim = float(finite.max()) if finite.size else 0.0
    lim = lim if lim > 0 else 1.0
    return np.linspace(-lim, lim, bins + 1)


def _histogram(values: np.ndarray, edges: np.ndarray) -> np.ndarray:
    # Values outside the edges (or inf) are counted in the end bins, so nothing is lost.
    v = np.clip(values[np.isfinite(values)], edges[0], edges[-1])
    return np.histogram(v, bins=edges)[0]


def layer_statistics(
    network,
    X,
    Y,
    loss: str = "bce",
    l2: float = 0.0,
    threshold: float = SATURATION_THRESHOLD,
    bins: int = BINS,
) -> list[LayerStats]:
    """LayerStats for l = 1..L of ``network`` on the batch X (n[0], m), Y (n[L], m).

    Runs one forward and one backward pass (the course's equations, ``forward_cache`` and
    ``backward``); the network is not changed.
    """
    X = network.as_input(X)
    with np.errstate(all="ignore"):  # a diverging network's numbers are shown, not raised
        _, cache = network.forward_cache(X)
        grads = network.backward(cache, Y, loss=loss, l2=l2)
    out = []
    for l in range(1, network.L + 1):
        name = network.activations[l - 1]
        act = get_activation(name, network.leaky_alpha)
        Z, A, W = cache[f"Z{l}"], cache[f"A{l}"], network.params[f"W{l}"]
        with np.errstate(all="ignore"):
            slope = np.abs(act.derivative(Z, A))
        saturated = dead = None
        if act.saturates:
            saturated = float(np.mean(slope < threshold))
        else:
            dead = float(np.mean(slope == 0.0))
        a_edges, w_edges = activation_edges(name, A, bins), weight_edges(W, bins)
        spread = float(np.max(A.max(axis=0) - A.min(axis=0))) if A.size else 0.0
        out.append(LayerStats(
            layer=l, activation=name,
            a_counts=_histogram(A, a_edges), a_edges=a_edges,
            saturated=saturated, dead=dead,
            grad_norm=float(np.linalg.norm(grads[f"dW{l}"])),
            w_counts=_histogram(W, w_edges), w_edges=w_edges,
            unit_spread=spread,
        ))
    return out


class GradientNormLog:
    """||dW[l]|| for l = 1..L over the epochs, in at most ``capacity`` rows.

    ``record(epoch, grads)`` adds a row (grads: {"dW1": ..., ...}, e.g. Trainer.last_grads);
    rows closer than ``stride`` epochs to the last one are skipped. When the log is full,
    every other row is dropped (the first and the last are kept) and the stride doubles: the
    whole run stays on the chart, evenly thinned, and memory stays flat however long it
    trains.
    """

    def __init__(self, capacity: int = 400):
        if capacity < 4:
            raise ValueError(f"The log needs room for at least 4 rows; got {capacity}.")
        self.capacity = int(capacity)
        self.stride = 1
        self.epochs: list[int] = []
        self.norms: list[list[float]] = []  # norms[k][l-1] = ||dW[l]|| at epochs[k]
        self._latest: tuple[int, list[float]] | None = None  # a skipped newer row

    def __len__(self) -> int:
        return len(self.epochs)

    def record(self, epoch: int, grads: dict | None) -> bool:
        """Add ||dW[l]|| at ``epoch``; True if a row was kept (a skipped one is still shown
        as the latest point until the next)."""
        if not grads:
            return False
        row, l = [], 1
        while f"dW{l}" in grads:
            row.append(float(np.linalg.norm(grads[f"dW{l}"])))
            l += 1
        if self.norms and len(row) != len(self.norms[-1]):
            self.clear()  # another architecture: its gradients are another story
        if self.epochs and epoch - self.epochs[-1] < self.stride:
            self._latest = (int(epoch), row) if epoch > self.epochs[-1] else None
            return False
        self._latest = None
        self.epochs.append(int(epoch))
        self.norms.append(row)
        if len(self.epochs) >= self.capacity:
            last = (self.epochs[-1], self.norms[-1])
            self.epochs, self.norms = self.epochs[:-1:2], self.norms[:-1:2]
            self.epochs.append(last[0])
            self.norms.append(last[1])
            self.stride *= 2
        return True

    def clear(self) -> None:
        self.stride = 1
        self.epochs, self.norms = [], []
        self._latest: tuple[int, list[float]] | None = None

    def series(self) -> tuple[list[int], list[list[float]]]:
        """(epochs, per_layer) with per_layer[l-1] the ||dW[l]|| at each epoch."""
        if not self.norms:
            return [], []
        epochs, norms = list(self.epochs), list(self.norms)
        if self._latest is not None:
            epochs.append(self._latest[0])
            norms.append(self._latest[1])
        return epochs, [list(col) for col in zip(*norms, strict=True)]
