"""The work behind the pages "Shapes and equations" and "Vectorization and graphs": thin
calls into the engine that return plain values (the course's results page has its own module,
playground/lessons/course_results.py).

No Streamlit here (the pages cache these functions with ``st.cache_data``; every argument is a
plain int, float or str), no plotting, and no NumPy math beyond reshaping what the engine
returns.
"""

from __future__ import annotations

from collections.abc import Sequence

from engine.datasets import make_2d
from engine.graph import Graph
from engine.network import Network
from engine.shapes import shape_table
from engine.vectorization import Timing, time_forward


# ------------------------------------------------------------------ shapes and equations
def architecture_dims(n_x: int, hidden_units: Sequence[int], n_y: int = 1) -> list[int]:
    """[n0, n1, ..., nL] from the input size, the hidden layers and the output size."""
    return [int(n_x), *(int(n) for n in hidden_units), int(n_y)]


def _sup(l: int | str) -> str:
    return "^{[" + str(l) + "]}"


def _under(symbol: str, shape: tuple[int, int]) -> str:
    return r"\underbrace{" + symbol + r"}_{(" + f"{shape[0]},\\,{shape[1]}" + ")}"


def layer_equations(layer_dims: Sequence[int], m: int, l: int, activation: str
                    ) -> dict[str, list[str]]:
    """The forward and backward equations of layer l in the course's notation (LaTeX), each
    quantity with its shape written under it, for the network layer_dims over m examples.

    Returns {"forward": [...], "backward": [...]}. For the output layer with a sigmoid and the
    cross-entropy the backward pass starts from dZ[L] = A[L] - Y.
    """
    rows = shape_table(layer_dims, m)
    L = len(rows)
    if not 1 <= l <= L:
        raise ValueError(f"The layer l must be from 1 to {L}.")
    r = rows[l - 1]
    a_prev = (int(layer_dims[l - 1]), int(m))
    prev = "X" if l == 1 else "A" + _sup(l - 1)
    g = "g" + _sup(l)
    g_name = r"\operatorname{" + activation.replace("_", r"\_") + "}"
    forward = [
        _under("Z" + _sup(l), r.Z) + " = " + _under("W" + _sup(l), r.W) + r"\,"
        + _under(prev, a_prev) + " + " + _under("b" + _sup(l), r.b),
        _under("A" + _sup(l), r.A) + " = " + g + "(Z" + _sup(l) + ")"
        + r"\quad\text{with } " + g + " = " + g_name,
    ]
    if l == L and activation == "sigmoid":
        dz = _under("dZ" + _sup(l), r.dZ) + " = A" + _sup(l) + r" - Y"
        dz += r"\quad\text{(sigmoid output, cross-entropy loss)}"
    else:
        # g^{[l]\prime}, not g^{[l]}': KaTeX refuses a second superscript.
        dz = (_under("dZ" + _sup(l), r.dZ) + " = dA" + _sup(l) + r" \ast g^{[" + str(l)
              + r"]\prime}(Z" + _sup(l) + ")")
    backward = [
        dz,
        _under("dW" + _sup(l), r.dW) + r" = \frac{1}{m}\, dZ" + _sup(l) + r"\, A" + _sup(l - 1)
        + "{}^{T}",
        _under("db" + _sup(l), r.db) + r" = \frac{1}{m} \sum_{i=1}^{m} dZ" + _sup(l)
        + r"{}^{(i)}\quad\text{(np.sum(dZ, axis=1, keepdims=True))}",
        _under("dA" + _sup(l - 1), a_prev) + " = W" + _sup(l) + "{}^{T} dZ" + _sup(l),
    ]
    return {"forward": forward, "backward": backward}


# ------------------------------------------------------------------ vectorization
def vectorization_timing(
    hidden_units: Sequence[int] | int, activation: str, m: int, loop_budget: int, seed: int = 0
) -> Timing:
    """Time the loop and the vectorized forward pass of 2 -> hidden -> 1 sigmoid over m
    flower points (the loop version on as many of them as ``loop_budget`` allows)."""
    hidden = [hidden_units] if isinstance(hidden_units, int) else list(hidden_units)
    dims = architecture_dims(2, hidden)
    acts = [activation] * len(hidden) + ["sigmoid"]
    net = Network(dims, acts, init="xavier", seed=seed)
    X, _ = make_2d("flower", n_samples=int(m))
    return time_forward(net.params, acts, X, loop_budget=int(loop_budget))


# ------------------------------------------------------------------ computation graph
def _num(x: float) -> str:
    """4 significant digits, a negative number in brackets (as written in a product)."""
    return f"({x:.4g})" if x < 0 else f"{x:.4g}"


def graph_step_text(graph: Graph, step: int) -> str:
    """One sentence saying what step ``step`` of ``playground.figures.course.graph_figure`` adds."""
    n_forward = len(graph.forward_order)
    if step <= 0:
        inputs = ", ".join(f"{n.label} = {n.value:.4g}" for n in graph.nodes if n.is_input)
        return f"The inputs: {inputs}. Step forward to compute the graph left to right."
    if step <= n_forward:
        node = graph.node(graph.forward_order[step - 1])
        return f"Forward, step {step}: {node.label} = {node.value:.4g}."
    k = step - n_forward
    if k > len(graph.backward_order):
        k = len(graph.backward_order)
    node = graph.node(graph.backward_order[k - 1])
    d = graph.grad_symbol
    if node.name == graph.output:
        return (f"Backward starts at the output: {d}{node.name} = 1. "
                "Each next step multiplies by one local derivative (the chain rule).")
    terms = [e for e in graph.edges if e.source == node.name]
    chain = " + ".join(f"{d}{e.target} · ∂{e.target}/∂{node.name}" for e in terms)
    numbers = " + ".join(f"{_num(graph.node(e.target).grad)} × {_num(e.local)}" for e in terms)
    return f"Backward: {d}{node.name} = {chain} = {numbers} = {node.grad:.4g}."
