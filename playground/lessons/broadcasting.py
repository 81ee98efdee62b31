"""Computations of the page "Broadcasting and vectors": the lecture's calories example, the
broadcasting rule said in words for any two shapes, and the rank-1 array pitfall.

Plain NumPy: broadcasting is NumPy's, and this module only explains what it does. The rule is
written out here (``broadcast``) so the page can say *why* two shapes fit or not; the tests
check it against NumPy's own ``np.broadcast_shapes``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

# The lecture's table: calories from carbohydrate, protein and fat in 100 g of four foods.
FOODS = ("Apples", "Beef", "Eggs", "Potatoes")
NUTRIENTS = ("Carbohydrate", "Protein", "Fat")
CALORIES = np.array([[56.0, 0.0, 4.4, 68.0],
                     [1.2, 104.0, 52.0, 8.0],
                     [1.8, 135.0, 99.0, 0.9]])
MAX_DIMS, MAX_SIZE = 6, 10_000  # the widget's limits: a shape to read, not to allocate


def calories() -> dict[str, np.ndarray]:
    """The lecture's two lines: cal = A.sum(axis=0), shape (4,), and percentage =
    100 * A / cal.reshape(1, 4), shape (3, 4): each column of A divided by its own total."""
    A = CALORIES
    cal = A.sum(axis=0)
    return {"A": A, "cal": cal, "percentage": 100 * A / cal.reshape(1, 4)}


def parse_shape(text: str) -> tuple[int, ...]:
    """A shape typed by a student, e.g. "(3, 4)", "3,4", "(5,)", "5" or "()" (a scalar).
    ValueError, in plain words, for anything else."""
    body = text.strip()
    if body.startswith("(") and body.endswith(")"):
        body = body[1:-1]
    parts = [p.strip() for p in body.split(",")]
    if parts and parts[-1] == "":  # "(5,)": the trailing comma of a one-number tuple
        parts = parts[:-1]
    if not parts:
        return ()
    if not all(re.fullmatch(r"\d+", p) for p in parts):
        raise ValueError(f"“{text.strip()}” is not a shape: write whole numbers separated by "
                         "commas, like (3, 4) or (5,).")
    shape = tuple(int(p) for p in parts)
    if len(shape) > MAX_DIMS:
        raise ValueError(f"At most {MAX_DIMS} dimensions here; “{text.strip()}” has "
                         f"{len(shape)}.")
    if 0 in shape:
        raise ValueError("Every dimension must be at least 1 here (NumPy allows 0: an empty "
                         "array).")
    return shape


@dataclass(frozen=True)
class Broadcast:
    shape: tuple[int, ...] | None   # the result's shape, None when the shapes do not fit
    rows: list[dict]                # per dimension, left to right: sizes, result, why
    summary: str


def broadcast(a: tuple[int, ...], b: tuple[int, ...]) -> Broadcast:
    """The result shape of an element-wise operation (a + b, a * b, ...) of arrays of shapes
    ``a`` and ``b``, with the reasoning per dimension.

    The rule: line the shapes up on the right (a missing dimension counts as 1); each pair of
    sizes must be equal, or one of them 1, which is then copied (stretched) to the other."""
    a, b = tuple(a), tuple(b)
    n = max(len(a), len(b))
    pa, pb = (1,) * (n - len(a)) + a, (1,) * (n - len(b)) + b
    rows, ok = [], True
    for k in range(n):
        x, y = pa[k], pb[k]
        sx = str(x) if k >= n - len(a) else "– (counts as 1)"
        sy = str(y) if k >= n - len(b) else "– (counts as 1)"
        if x == y:
            out, why = str(x), "equal"
        elif x == 1 or y == 1:
            out = str(max(x, y))
            why = f"the {'first' if x == 1 else 'second'} is 1: copied {max(x, y)} times"
        else:
            out, why, ok = "✗", "different, and neither is 1: they do not fit", False
        rows.append({"dimension": k, "first": sx, "second": sy, "result": out, "why": why})
    if not ok:
        return Broadcast(None, rows, f"{_fmt(a)} and {_fmt(b)} cannot be broadcast together: "
                         "NumPy stops with an error (\"operands could not be broadcast\"). "
                         "Reshape or transpose one of them so that each pair of sizes is "
                         "equal or 1.")
    shape = tuple(max(x, y) for x, y in zip(pa, pb, strict=True))
    return Broadcast(shape, rows, f"{_fmt(a)} with {_fmt(b)} gives {_fmt(shape)}.")


def _fmt(shape: tuple[int, ...]) -> str:
    return "()" if not shape else ("(" + ", ".join(map(str, shape)) + ("," if len(shape) == 1
                                                                        else "") + ")")


def fmt_shape(shape: tuple[int, ...]) -> str:
    """A shape as Python prints it: (5,), (3, 4), ()."""
    return _fmt(tuple(shape))


def numpy_agrees(a: tuple[int, ...], b: tuple[int, ...]) -> bool:
    """Whether adding real arrays of these shapes gives ``broadcast``'s answer (a shape, or an
    error). Small arrays only (MAX_SIZE elements each)."""
    if np.prod(a, dtype=np.int64) > MAX_SIZE or np.prod(b, dtype=np.int64) > MAX_SIZE:
        return True  # not tried: too large to allocate for a demonstration
    expected = broadcast(a, b).shape
    try:
        got = (np.ones(a) + np.ones(b)).shape
    except ValueError:
        return expected is None
    return got == expected


def rank_one(seed: int = 1, n: int = 5) -> dict[str, object]:
    """The pitfall: a = randn(5) is a "rank-1 array" of shape (5,), neither row nor column;
    a.T is the same thing, so a @ a.T is one number (the inner product), not a 5 x 5 matrix.
    As a column, shape (5, 1), a @ a.T is the 5 x 5 outer product."""
    rng = np.random.default_rng(seed)
    a = rng.standard_normal(n)
    col = a.reshape(n, 1)
    return {"a": a, "a_T_shape": a.T.shape, "a_at": a @ a.T, "col": col,
            "col_T_shape": col.T.shape, "col_at": col @ col.T}
