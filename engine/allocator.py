"""Keep freed memory in the process instead of handing it back to the system at every step.

A training step on a large batch (e.g. 8-64-64-1 on 20,640 districts) allocates several
arrays of 2 to 5 MB and frees them again. glibc serves blocks that large with a fresh mmap
and returns them with munmap, so every step pays for new zeroed pages from the kernel: about
half of the step's time. Raising glibc's mmap and trim thresholds lets those blocks be reused
from the heap (measured: 8-64-64-1 step 21.5 ms -> 9.0 ms; benchmarks/README.md).

This changes the whole process's allocator, so the library never does it on import: the app
(playground/app.py) and the speed benchmark call ``keep_freed_memory()`` once.
"""

from __future__ import annotations

import ctypes
import ctypes.util

# glibc's mallopt parameters (malloc.h).
_M_TRIM_THRESHOLD = -1
_M_MMAP_THRESHOLD = -3
MMAP_THRESHOLD = 256 * 1024 * 1024   # blocks below this come from the heap and are reused
TRIM_THRESHOLD = 512 * 1024 * 1024   # free heap kept before any is given back


def keep_freed_memory() -> bool:
    """Ask glibc to reuse large freed blocks; True if it agreed (False elsewhere, harmless)."""
    name = ctypes.util.find_library("c")
    if not name:
        return False
    try:
        libc = ctypes.CDLL(name)
        mallopt = libc.mallopt
    except (OSError, AttributeError):  # not glibc (e.g. musl, macOS): nothing to tune
        return False
    mallopt.argtypes = [ctypes.c_int, ctypes.c_int]
    mallopt.restype = ctypes.c_int
    return bool(mallopt(_M_MMAP_THRESHOLD, MMAP_THRESHOLD)) and bool(
        mallopt(_M_TRIM_THRESHOLD, TRIM_THRESHOLD)
    )
