"""The course's table "get your matrix dimensions right", for one architecture and m examples.

For layer l with n[l] units, over m examples (X is (n[0], m)):

    W[l], dW[l]  (n[l], n[l-1])        b[l], db[l]  (n[l], 1)
    Z[l], dZ[l]  (n[l], m)             A[l], dA[l]  (n[l], m)

The rows are computed from the layer sizes alone; the tests check them against the arrays of
a real forward and backward pass of ``engine.Network``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

Shape = tuple[int, int]

#: The quantities of the table, in the order the course lists them.
QUANTITIES = ("W", "b", "Z", "A", "dW", "db", "dZ", "dA")


@dataclass(frozen=True)
class LayerShapes:
    """The shapes of every quantity of layer ``l`` (1..L), as (rows, columns)."""

    l: int
    units: int
    W: Shape
    b: Shape
    Z: Shape
    A: Shape
    dW: Shape
    db: Shape
    dZ: Shape
    dA: Shape

    def shape(self, quantity: str) -> Shape:
        """The shape of one of ``QUANTITIES`` ("W", "dZ", ...)."""
        if quantity not in QUANTITIES:
            valid = ", ".join(QUANTITIES)
            raise ValueError(f"Unknown quantity {quantity!r}: choose one of {valid}.")
        return getattr(self, quantity)


def check_architecture(layer_dims: Sequence[int], m: int) -> list[int]:
    """Validate [n0, n1, ..., nL] and m; return the sizes as plain ints (ValueError otherwise)."""
    dims = list(layer_dims)
    if len(dims) < 2:
        raise ValueError(
            "The architecture needs an input size and at least one layer: [n0, n1, ...]."
        )
    for n in dims:
        if isinstance(n, bool) or not float(n).is_integer() or int(n) < 1:
            raise ValueError(f"Every layer size must be a whole number of at least 1 (got {n!r}).")
    if isinstance(m, bool) or not float(m).is_integer() or int(m) < 1:
        raise ValueError(
            f"The number of examples m must be a whole number of at least 1 (got {m!r})."
        )
    return [int(n) for n in dims]


def shape_table(layer_dims: Sequence[int], m: int) -> list[LayerShapes]:
    """One row per layer l = 1..L for the network [n0, n1, ..., nL] over m examples."""
    dims = check_architecture(layer_dims, m)
    m = int(m)
    rows = []
    for l in range(1, len(dims)):
        n, n_prev = dims[l], dims[l - 1]
        rows.append(
            LayerShapes(
                l=l, units=n,
                W=(n, n_prev), b=(n, 1), Z=(n, m), A=(n, m),
                dW=(n, n_prev), db=(n, 1), dZ=(n, m), dA=(n, m),
            )
        )
    return rows


def input_shape(layer_dims: Sequence[int], m: int) -> Shape:
    """The shape of X = A[0]: (n[0], m)."""
    dims = check_architecture(layer_dims, m)
    return (dims[0], int(m))


def n_parameters(layer_dims: Sequence[int]) -> int:
    """How many numbers the network learns: sum over l of n[l] * n[l-1] + n[l]."""
    dims = check_architecture(layer_dims, 1)
    return sum(dims[l] * dims[l - 1] + dims[l] for l in range(1, len(dims)))


def format_shape(shape: Shape) -> str:
    """(4, 2) -> "(4, 2)": how the table prints a shape."""
    return f"({shape[0]}, {shape[1]})"


def table_rows(layer_dims: Sequence[int], m: int) -> list[dict[str, object]]:
    """The table as plain rows for a data frame: layer, units, then one column per quantity."""
    rows = []
    for row in shape_table(layer_dims, m):
        record: dict[str, object] = {"layer l": row.l, "units n[l]": row.units}
        for q in QUANTITIES:
            record[q] = format_shape(row.shape(q))
        rows.append(record)
    return rows
