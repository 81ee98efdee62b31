"""The 8x8 handwritten digits (UCI "Optical Recognition of Handwritten Digits", scikit-learn's
bundled copy: 1,797 images), read from assets/digits.csv.gz, and images turned into the
course's input matrix and back.

A picture is a grid of pixels; the course "unrolls" it into one column vector x of length
n_x (64 here, 12,288 = 64 x 64 x 3 for the course's cat pictures), and stacks m of them side
by side: X has shape (n_x, m). ``unroll`` and ``roll`` are those two steps, each the other's
inverse. Pixels are darkness levels 0..16; ``unroll`` divides by 16 so that x is in [0, 1]
(the course divides its 0..255 pixels by 255 for the same reason).
"""

from __future__ import annotations

import gzip
from pathlib import Path

import numpy as np

ASSET = Path(__file__).resolve().parents[1] / "assets" / "digits.csv.gz"
SIDE = 8          # images are SIDE x SIDE pixels
N_X = SIDE * SIDE
MAX_PIXEL = 16


def load_digits(path: Path = ASSET) -> tuple[np.ndarray, np.ndarray]:
    """(images, labels): images (m, 8, 8) of integers 0..16 (row 0 is the top of the
    picture), labels (m,) of integers 0..9."""
    with gzip.open(path, "rt", encoding="ascii") as f:
        table = np.loadtxt(f, delimiter=",", skiprows=1, dtype=np.int64)
    labels = table[:, 0]
    images = table[:, 1:].reshape(-1, SIDE, SIDE)
    return images, labels


def unroll(images) -> np.ndarray:
    """Images (m, 8, 8) -> X (64, m) in [0, 1]: column i is image i read row by row."""
    images = np.asarray(images, dtype=float)
    if images.ndim != 3 or images.shape[1:] != (SIDE, SIDE):
        raise ValueError(f"images must have shape (m, {SIDE}, {SIDE}); got {images.shape}.")
    return images.reshape(images.shape[0], N_X).T / MAX_PIXEL


def roll(X) -> np.ndarray:
    """X (64, m) -> images (m, 8, 8), on the 0..16 scale: the inverse of ``unroll``. A single
    column (64,) or (64, 1), e.g. a learned weight vector w, gives one (8, 8) picture."""
    X = np.asarray(X, dtype=float)
    if X.ndim == 1:
        X = X[:, None]
    if X.ndim != 2 or X.shape[0] != N_X:
        raise ValueError(f"X must have shape ({N_X}, m); got {X.shape}.")
    images = (X.T * MAX_PIXEL).reshape(-1, SIDE, SIDE)
    return images[0] if images.shape[0] == 1 else images


def is_digit(labels, digit: int) -> np.ndarray:
    """Y (1, m) of 1.0 where the label is ``digit`` and 0.0 elsewhere: a binary task."""
    return (np.asarray(labels) == int(digit)).astype(float)[None, :]
