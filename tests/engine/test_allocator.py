"""engine.allocator: glibc accepts the tuning, and NumPy still computes the same numbers."""

from __future__ import annotations

import numpy as np

from engine.allocator import keep_freed_memory


def test_glibc_accepts_keeping_freed_memory():
    assert keep_freed_memory() is True  # this project runs on Debian (glibc)


def test_large_arrays_still_compute_correctly_after_tuning():
    keep_freed_memory()
    rng = np.random.default_rng(0)
    A = rng.standard_normal((64, 20_640))
    for _ in range(3):  # allocate, free and reuse blocks of ~10 MB
        B = A * 2.0
        assert float(np.abs(B - 2.0 * A).max()) == 0.0
