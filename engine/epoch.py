"""An epoch under way in pieces (see ``Trainer.run``): the state it keeps between calls.

A Trainer given a time budget may stop partway through an epoch: between two mini-batches,
or between two chunks of a batch (or of the test set) too large to take in one go. ``Epoch``
holds what the next call needs to go on exactly where it stopped; ``chunk_columns`` says how
many examples one chunk takes.
"""

from __future__ import annotations

import functools
import itertools

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
