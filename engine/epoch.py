"""An epoch under way in pieces (see ``Trainer.run``): the state it keeps between calls.

A Trainer given a time budget may stop partway through an epoch: between two mini-batches,
or between two chunks of a batch (or of the test set) too large to take in one go. ``Epoch``
holds what the next call needs to go on exactly where it stopped; ``chunk_columns`` says how
many examples one chunk takes; ``batch_piece`` and ``test_piece`` do one piece of work.
"""

from __future__ import annotations

import functools
import itertools
import math

import numpy as np

# The work in one piece of a batch too large to take at once: columns x weights (the
# multiply-adds of one pass through the layers). 2**29 is about 0.1 s of forward and
# backward on one core with one BLAS thread (as the app runs): 18,600 examples of 8 x 64
# units, 1,021 of 3 x 512. Smaller pieces keep a frame closer to its budget but cost BLAS
# efficiency (32 pieces of 31 examples took 1.5x one piece of 1,000 at 3 x 512), and a
# tenth of a second is still far under the 1 s that Pause may take.
CHUNK_WORK = 2**29


def squares(params: dict) -> float:
    # sum_l ||W[l]||_F^2, the L2 term's sum (as engine.network adds it to the cost).
    return sum(float(np.vdot(W, W)) for k, W in params.items() if k.startswith("W"))


class Epoch:
    """An epoch under way: the examples in its order, where it stopped, its running sums."""

    __slots__ = ("X", "Y", "batch_cost", "batch_metric", "chunk", "cost", "end", "full",
                 "grads", "metric", "row", "start", "test_at", "test_cost", "test_metric")

    def __init__(self, X: np.ndarray, Y: np.ndarray, full: bool) -> None:
        self.X, self.Y = X, Y
        self.full = full  # one batch of the whole set (batch gradient descent)
        self.start, self.end, self.chunk = 0, None, 0  # the batch [start, end), chunks done
        self.grads, self.batch_cost, self.batch_metric = None, 0.0, 0.0  # a chunked batch
        self.cost = self.metric = 0.0  # sums over the finished mini-batches (x their size)
        self.row = None  # (train cost, train metric) once every batch is done
        self.test_at, self.test_cost, self.test_metric = 0, 0.0, 0.0


def chunk_columns(layer_dims) -> int:
    """Examples in one piece of a large batch: about CHUNK_WORK multiply-adds."""
    return _chunk_columns(CHUNK_WORK, tuple(int(n) for n in layer_dims))


@functools.lru_cache(maxsize=64)
def _chunk_columns(work: int, dims: tuple[int, ...]) -> int:
    weights = sum(a * b for a, b in itertools.pairwise(dims))
    return max(1, work // max(1, weights))


def batch_piece(network, loss, l2: float, state: Epoch, cols: int, metric):
    """The batch [start, end) of the epoch: (J, metric, grads) when it is done, None while
    chunks of it remain. A batch of at most ``cols`` examples is one call of the plain path; a
    larger one is summed over chunks of ``cols`` examples, each weighted by its share of the
    batch, with the L2 term added once at the end. ``metric(AL, Y)``: the Trainer's metric."""
    start, end = state.start, state.end
    n = end - start
    if n <= cols:
        if start == 0 and end == state.X.shape[1]:
            X_b, Y_b = state.X, state.Y
        else:
            X_b, Y_b = state.X[:, start:end], state.Y[:, start:end]
        J, AL, grads = network.train_step(X_b, Y_b, loss, l2)
        return J, metric(AL, Y_b), grads
    c0 = start + state.chunk
    c1 = min(c0 + cols, end)
    Y_c = state.Y[:, c0:c1]
    J, AL, grads = network.train_step(state.X[:, c0:c1], Y_c, loss, 0.0)
    share = (c1 - c0) / n
    if state.grads is None:
        state.grads = {k: g * share for k, g in grads.items()}
        state.batch_cost = state.batch_metric = 0.0
    else:
        for k, g in grads.items():
            state.grads[k] += g * share
    state.batch_cost += J * share
    state.batch_metric += metric(AL, Y_c) * share
    state.chunk = c1 - start
    if c1 < end and math.isfinite(J):
        return None
    grads, J = state.grads, state.batch_cost if math.isfinite(J) else J
    if l2 and math.isfinite(J):
        params = network.params
        J += l2 / (2.0 * n) * squares(params)  # + (lambda/2n) sum ||W[l]||_F^2
        for k in grads:
            if k.startswith("dW"):
                grads[k] += (l2 / n) * params[k[1:]]
    return J, state.batch_metric, grads

def test_piece(network, loss, l2: float, X: np.ndarray, Y: np.ndarray, state: Epoch,
               cols: int, metric) -> None:
    """The next chunk of the test set X, Y, with the parameters as they are now; the cost and
    metric are complete when state.test_at reaches the test set's size."""
    mt = X.shape[1]
    if mt <= cols:
        state.test_cost, AL = network.evaluate(X, Y, loss, l2)
        state.test_metric = metric(AL, Y)
        state.test_at = mt
        return
    c0 = state.test_at
    c1 = min(c0 + cols, mt)
    Y_c = Y[:, c0:c1]
    J, AL = network.evaluate(X[:, c0:c1], Y_c, loss, 0.0)
    share = (c1 - c0) / mt
    state.test_cost += J * share
    state.test_metric += metric(AL, Y_c) * share
    state.test_at = c1
    if c1 == mt and l2:
        state.test_cost += l2 / (2.0 * mt) * squares(network.params)


test_piece.__test__ = False  # not a pytest test (its name starts with "test")
