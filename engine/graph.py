"""Computation graphs from the first week of the course, with their forward values and the
derivatives flowing backward.

Two graphs:

* the lecture's ``J(a, b, c) = 3(a + bc)`` with ``u = bc``, ``v = a + u``, ``J = 3v``: backward,
  dJ/dv = 3, dJ/du = 3, dJ/da = 3, dJ/db = 3c, dJ/dc = 3b;
* one logistic-regression example: ``z = w1 x1 + w2 x2 + b``, ``a = sigmoid(z)``, ``L(a, y)``,
  whose backward pass gives the course's ``dz = a - y``, ``dw1 = x1 dz``, ``dw2 = x2 dz``,
  ``db = dz``.

Each edge carries its local derivative (d target / d source); the backward pass is the chain
rule, run once over the nodes in reverse order: dJ/dsource += dJ/dtarget * d target/d source.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from engine.activations import sigmoid, sigmoid_derivative
from engine.losses import LOSSES


@dataclass(frozen=True)
class Node:
    """One value of the graph: ``name`` (e.g. "u"), how it is computed (LaTeX, e.g. "u = bc"),
    its forward ``value`` and ``grad``, the derivative of the graph's output with respect to it."""

    name: str
    formula: str
    label: str  # the same formula as plain text, for pictures: "u = bc", "a = σ(z)"
    value: float
    grad: float
    inputs: tuple[str, ...]

    @property
    def is_input(self) -> bool:
        return not self.inputs


@dataclass(frozen=True)
class Edge:
    """``source`` feeds ``target``; ``local`` = d target / d source at the forward values."""

    source: str
    target: str
    local: float
    local_formula: str


@dataclass(frozen=True)
class Graph:
    """Nodes in forward (topological) order; the output is the last node."""

    title: str
    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]
    grad_symbol: str  # how the course writes "d output / d x": "dJ/d" or "dL/d"

    @property
    def output(self) -> str:
        return self.nodes[-1].name

    def node(self, name: str) -> Node:
        for node in self.nodes:
            if node.name == name:
                return node
        raise KeyError(f"No node {name!r} in the graph {self.title!r}.")

    @property
    def values(self) -> dict[str, float]:
        return {n.name: n.value for n in self.nodes}

    @property
    def grads(self) -> dict[str, float]:
        return {n.name: n.grad for n in self.nodes}

    @property
    def forward_order(self) -> list[str]:
        """The operations in the order the forward pass computes them (inputs excluded)."""
        return [n.name for n in self.nodes if not n.is_input]

    @property
    def backward_order(self) -> list[str]:
        """The nodes in the order the backward pass reaches them (output first)."""
        return [n.name for n in reversed(self.nodes)]


def backpropagate(order: Sequence[str], edges: Sequence[Edge]) -> dict[str, float]:
    """The chain rule over a graph: d output / d node for every node.

    ``order`` lists the nodes in forward order (the output last). Visiting them in reverse, every
    target is finished before its sources receive their share: dsource += dtarget * local.
    """
    grads = dict.fromkeys(order, 0.0)
    grads[order[-1]] = 1.0
    for name in reversed(order):
        for edge in edges:
            if edge.target == name:
                grads[edge.source] += grads[name] * edge.local
    return grads


def _build(
    title: str,
    specs: Sequence[tuple[str, str, str, float, tuple[str, ...]]],
    edges: Sequence[Edge],
    grad_symbol: str,
) -> Graph:
    order = [name for name, *_ in specs]
    grads = backpropagate(order, edges)
    nodes = tuple(
        Node(name=name, formula=formula, label=label, value=float(value),
             grad=float(grads[name]), inputs=inputs)
        for name, formula, label, value, inputs in specs
    )
    return Graph(title=title, nodes=nodes, edges=tuple(edges), grad_symbol=grad_symbol)


def course_graph(a: float, b: float, c: float) -> Graph:
    """The lecture's J(a, b, c) = 3(a + bc), as u = bc, v = a + u, J = 3v."""
    a, b, c = float(a), float(b), float(c)
    u = b * c
    v = a + u
    J = 3.0 * v
    specs = [
        ("a", "a", "a", a, ()),
        ("b", "b", "b", b, ()),
        ("c", "c", "c", c, ()),
        ("u", "u = bc", "u = bc", u, ("b", "c")),
        ("v", "v = a + u", "v = a + u", v, ("a", "u")),
        ("J", "J = 3v", "J = 3v", J, ("v",)),
    ]
    edges = [
        Edge("b", "u", c, r"\partial u / \partial b = c"),
        Edge("c", "u", b, r"\partial u / \partial c = b"),
        Edge("a", "v", 1.0, r"\partial v / \partial a = 1"),
        Edge("u", "v", 1.0, r"\partial v / \partial u = 1"),
        Edge("v", "J", 3.0, r"\partial J / \partial v = 3"),
    ]
    return _build("J(a, b, c) = 3(a + bc)", specs, edges, "dJ/d")


def logistic_graph(
    x1: float, x2: float, w1: float, w2: float, b: float, y: int
) -> Graph:
    """One logistic-regression example: z = w1 x1 + w2 x2 + b, a = sigmoid(z), L(a, y).

    The forward values come from ``engine.activations.sigmoid`` and the cross-entropy of
    ``engine.losses`` ("bce"); the local derivative da/dz from ``sigmoid_derivative``.
    """
    if y not in (0, 1):
        raise ValueError(f"The label y must be 0 or 1 (got {y!r}).")
    x1, x2, w1, w2, b = (float(v) for v in (x1, x2, w1, w2, b))
    Z = np.array([[w1 * x1 + w2 * x2 + b]])
    A = sigmoid(Z)
    Y = np.array([[float(y)]])
    loss = LOSSES["bce"].cost(A, Y, Z)
    z, a = float(Z[0, 0]), float(A[0, 0])
    da_dz = float(sigmoid_derivative(Z, A)[0, 0])
    # dL/da = -y/a + (1 - y)/(1 - a), the course's "da"; only the term that y keeps is
    # computed. When sigmoid(z) rounds to exactly 0 or 1 that term divides by zero: refuse.
    if (y == 1 and a == 0.0) or (y == 0 and a == 1.0):
        raise ValueError(
            f"z = {z:.4g} is so large that a = sigmoid(z) rounds to exactly {a:g}: dL/da "
            "would divide by zero. Choose smaller weights or inputs."
        )
    dL_da = -1.0 / a if y == 1 else 1.0 / (1.0 - a)
    specs = [
        ("x1", "x_1", "x₁", x1, ()),
        ("w1", "w_1", "w₁", w1, ()),
        ("x2", "x_2", "x₂", x2, ()),
        ("w2", "w_2", "w₂", w2, ()),
        ("b", "b", "b", b, ()),
        ("z", "z = w_1 x_1 + w_2 x_2 + b", "z = w₁x₁ + w₂x₂ + b", z,
         ("x1", "w1", "x2", "w2", "b")),
        ("a", r"a = \sigma(z)", "a = σ(z)", a, ("z",)),
        ("L", r"\mathcal{L}(a, y)", f"L(a, y={y})", loss, ("a",)),
    ]
    edges = [
        Edge("x1", "z", w1, r"\partial z / \partial x_1 = w_1"),
        Edge("w1", "z", x1, r"\partial z / \partial w_1 = x_1"),
        Edge("x2", "z", w2, r"\partial z / \partial x_2 = w_2"),
        Edge("w2", "z", x2, r"\partial z / \partial w_2 = x_2"),
        Edge("b", "z", 1.0, r"\partial z / \partial b = 1"),
        Edge("z", "a", da_dz, r"\partial a / \partial z = a(1 - a)"),
        Edge(
            "a", "L", dL_da,
            r"\partial \mathcal{L} / \partial a = -\frac{y}{a} + \frac{1-y}{1-a}",
        ),
    ]
    return _build("One logistic-regression example", specs, edges, "dL/d")
