"""Figure builders for the pages "The course's results", "Shapes and equations" and
"Vectorization and graphs": plain values in, ``plotly.graph_objects.Figure`` out.

Pure functions: no Streamlit, no randomness, no training. Sized and lettered to be read on a
projector (``figures.style``); the decision boundaries are ``figures.boundary``'s.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import numpy as np
import plotly.graph_objects as go

from engine.graph import Graph
from playground.figures import style
from playground.figures.boundary import PANEL_GRID, boundaries_figure
from playground.figures.style import FONT_SIZE

COURSE_COLOR = "#7f7f7f"   # the course's printed numbers
APP_COLOR = "#2ca02c"      # the numbers this app computed
FORWARD_COLOR = "#1f3b57"
BACKWARD_COLOR = "#c0392b"
BACK_OFFSET = 0.1  # how far below a forward arrow its backward arrow runs (graph units)
WIDE_GAP = 2.1    # columns between a node and an operation with 3+ inputs (graph units):
# at 1.8 the 15 px label "∂z/∂x2 = -0.3" ran into the z box at 1280 px
ROW_PX = 110      # at least this many pixels between two stacked input boxes
LONG_LABEL = 12  # characters: a node label longer than this makes a wide box
LEVEL_LABEL_LIFT = 0.58  # a level edge's derivative label sits this far above it


def fmt_number(x: float, digits: int = 4) -> str:
    """A number as the page prints it: 4 significant digits, no "-0"."""
    if not math.isfinite(x):
        return str(x)
    text = f"{x:.{digits}g}"
    return "0" if text in ("-0", "0") else text


# ------------------------------------------------------------------ decision boundaries
def boundary_figure(
    x1s: np.ndarray, x2s: np.ndarray, probs: np.ndarray, X: np.ndarray, Y: np.ndarray,
    title: str | None = None, height: int = 480,
) -> go.Figure:
    """The model's ŷ over the plane with its 0.5 line (the decision boundary) and the data.

    x1s (n1,), x2s (n2,): the grid; probs (n2, n1): ŷ at each grid point; X (2, m), Y (1, m).
    Traces: heatmap, 0.5 contour, points y = 0, points y = 1.
    """
    return boundaries_figure(
        [{"title": title, "x1s": x1s, "x2s": x2s, "P": probs}], X, Y, title=title,
        height=height, colorbar=True, equal_aspect=True, point_size=6, legend_y=-0.2,
    )


def boundaries_grid_figure(
    panels: Sequence[Mapping], X: np.ndarray, Y: np.ndarray, columns: int = 4,
    title: str | None = None, panel_height: int = 260,
) -> go.Figure:
    """Small multiples, like the course's sweep figure: one decision boundary per panel.

    Each panel is a mapping with "title", "x1s", "x2s", "probs" (as in ``boundary_figure``).
    """
    if not panels:
        raise ValueError("boundaries_grid_figure needs at least one panel.")
    rows = math.ceil(len(panels) / columns)
    return boundaries_figure(
        [{**p, "P": p["probs"]} for p in panels], X, Y, columns=columns, title=title,
        height=rows * panel_height + 80, max_grid=PANEL_GRID, ticks=False, point_size=6,
        legend_y=-0.05,
    )


# ------------------------------------------------------------------ course vs app numbers
# Written up the inside of each bar: side by side above the bars, two labels like "90.75%"
# ran into each other at a projector's font size.
BAR_TEXT = {"textposition": "inside", "textangle": -90, "insidetextanchor": "end",
            "insidetextfont": {"color": "white", "size": FONT_SIZE}}


def accuracy_comparison_figure(
    labels: Sequence[str], course: Sequence[float], ours: Sequence[float | None],
    title: str | None = None, height: int = 420,
) -> go.Figure:
    """Grouped bars: the course's printed accuracy (%) next to this app's, per experiment.

    An entry of ``ours`` may be None (not trained yet): its bar is left out, its place kept,
    so the chart can fill in while the runs train.
    """
    if not (len(labels) == len(course) == len(ours)):
        raise ValueError("labels, course and ours must have the same length.")
    fig = go.Figure()
    fig.add_trace(go.Bar(
        x=list(labels), y=list(course), name="the course printed", marker_color=COURSE_COLOR,
        text=[f"{v:.2f}%" for v in course], **BAR_TEXT,
    ))
    fig.add_trace(go.Bar(
        x=list(labels), y=list(ours), name="this app computed", marker_color=APP_COLOR,
        text=["" if v is None else f"{v:.2f}%" for v in ours], **BAR_TEXT,
    ))
    style.page_layout(fig, title, height, barmode="group", legend={"orientation": "h", "y": 1.12})
    fig.update_yaxes(title_text="training accuracy (%)", range=[0, 110])
    return fig


def cost_figure(
    iterations: Sequence[int], costs: Sequence[float], title: str | None = None,
    height: int = 320,
) -> go.Figure:
    """The cost J against the iteration (one line)."""
    fig = go.Figure(go.Scatter(
        x=list(iterations), y=list(costs), mode="lines", line={"color": APP_COLOR, "width": 3},
        name="cost J", hovertemplate="iteration %{x}<br>J = %{y:.4f}<extra></extra>",
    ))
    style.page_layout(fig, title, height, showlegend=False)
    fig.update_xaxes(title_text="iteration")
    fig.update_yaxes(title_text="cost J", rangemode="tozero")
    return fig


# ------------------------------------------------------------------ vectorization
def timing_figure(
    loop_seconds: float, vectorized_seconds: float, title: str | None = None,
    height: int = 300,
) -> go.Figure:
    """Two horizontal bars on a linear axis (ms): the loops' and the vectorized code's time.

    Linear on purpose: the vectorized bar is a sliver next to the loops' bar, which is the
    lecture's point; the exact times are written next to the bars."""
    if loop_seconds <= 0 or vectorized_seconds <= 0:
        raise ValueError("Both times must be positive.")
    labels = ["vectorized (NumPy)", "explicit for loops"]
    values = [vectorized_seconds * 1000.0, loop_seconds * 1000.0]
    fig = go.Figure(go.Bar(
        y=labels, x=values, orientation="h", marker_color=[APP_COLOR, BACKWARD_COLOR],
        text=[f"{fmt_number(v, 3)} ms" for v in values], textposition="outside",
        cliponaxis=False, hovertemplate="%{y}: %{x:.4g} ms<extra></extra>",
    ))
    style.page_layout(fig, title, height, showlegend=False)
    fig.update_xaxes(title_text="time of one forward pass (ms)", range=[0, max(values) * 1.25])
    fig.update_yaxes(tickfont={"size": FONT_SIZE + 2})
    return fig


# ------------------------------------------------------------------ computation graphs
def graph_layout(graph: Graph) -> dict[str, tuple[float, float]]:
    """(x, y) of every node: inputs in the first column, one unit apart; each operation right
    of its deepest input, at the mean height of its inputs.

    An operation fed by three or more nodes (z = w1 x1 + w2 x2 + b) sits WIDE_GAP columns to
    the right instead of 1: its edges converge, and their derivative labels need the room;
    one fed by a wide box (a label longer than LONG_LABEL characters) sits 1.4 to its right.
    """
    pos: dict[str, tuple[float, float]] = {}
    inputs = [n for n in graph.nodes if n.is_input]
    for i, node in enumerate(inputs):
        pos[node.name] = (0.0, float(len(inputs) - 1 - i))
    for node in graph.nodes:
        if node.is_input:
            continue
        if len(node.inputs) >= 3:
            gap = WIDE_GAP
        elif max(len(graph.node(name).label) for name in node.inputs) > LONG_LABEL:
            gap = 1.4  # right of a wide box (z = w₁x₁ + w₂x₂ + b): room for the arrow
        else:
            gap = 1.0
        x = gap + max(pos[s][0] for s in node.inputs)
        y = sum(pos[s][1] for s in node.inputs) / len(node.inputs)
        pos[node.name] = (x, y)
    return pos


def graph_height(graph: Graph, height: int = 460) -> int:
    """The figure height (px) that keeps the stacked input boxes (three lines each) apart:
    at least ROW_PX per input row, whatever ``height`` asks for."""
    n_rows = sum(1 for n in graph.nodes if n.is_input)
    return max(int(height), ROW_PX * n_rows + 140)


def graph_step_count(graph: Graph) -> int:
    """The last step of the animation: every forward value, then every derivative, shown."""
    return len(graph.forward_order) + len(graph.backward_order)


def graph_figure(graph: Graph, step: int | None = None, height: int = 460) -> go.Figure:
    """The computation graph with the forward values and the derivatives flowing backward.

    ``step`` 0 shows the inputs only; steps 1..F add the F operations' values in forward
    order; the next steps add d(output)/d(node) in backward order (output first), each in red
    under its node, with the local derivatives on the edges. None shows everything.
    """
    n_forward = len(graph.forward_order)
    last = graph_step_count(graph)
    step = last if step is None else max(0, min(int(step), last))
    computed = {n.name for n in graph.nodes if n.is_input}
    computed |= set(graph.forward_order[: min(step, n_forward)])
    with_grad = set(graph.backward_order[: max(0, step - n_forward)])
    pos = graph_layout(graph)
    fig = go.Figure()
    annotations = []
    for edge in graph.edges:
        (x0, y0), (x1, y1) = pos[edge.source], pos[edge.target]
        forward_on = edge.target in computed
        annotations.append({
            "x": x1 - 0.16, "y": y1, "ax": x0 + 0.16, "ay": y0, "xref": "x", "yref": "y",
            "axref": "x", "ayref": "y", "showarrow": True, "arrowhead": 3, "arrowsize": 1.3,
            "arrowwidth": 2.2, "text": "",
            "arrowcolor": FORWARD_COLOR if forward_on else "#c8c8c8",
        })
        if edge.target in with_grad:
            # The derivative flows back along the edge: d target/d source in red.
            # Drawn a little below the forward arrow so the two stay distinct.
            annotations.append({
                "x": x0 + 0.16, "y": y0 - BACK_OFFSET, "ax": x1 - 0.16, "ay": y1 - BACK_OFFSET,
                "xref": "x", "yref": "y",
                "axref": "x", "ayref": "y", "showarrow": True, "arrowhead": 3,
                "arrowsize": 1.1, "arrowwidth": 1.6, "arrowcolor": BACKWARD_COLOR,
                "standoff": 2, "startstandoff": 2, "opacity": 0.65, "text": "",
            })
            # On a level edge between two boxes the label would hide behind them: lift it
            # above the boxes' tops (three lines of text: about 0.4 graph units high).
            level_and_short = y0 == y1 and x1 - x0 < WIDE_GAP
            lift = LEVEL_LABEL_LIFT if level_and_short else 0.16
            annotations.append({
                "x": (x0 + x1) / 2, "y": (y0 + y1) / 2 + lift, "xref": "x", "yref": "y",
                "showarrow": False, "font": {"size": FONT_SIZE - 1, "color": BACKWARD_COLOR},
                "bgcolor": "rgba(255,255,255,0.85)",
                "text": f"∂{edge.target}/∂{edge.source} = {fmt_number(edge.local)}",
            })
    for node in graph.nodes:
        x, y = pos[node.name]
        lines = [f"<b>{node.label}</b>"]
        lines.append(f"= {fmt_number(node.value)}" if node.name in computed else "= ?")
        if node.name in with_grad:
            grad_name = f"{graph.grad_symbol}{node.name}"
            lines.append(f"<span style='color:{BACKWARD_COLOR}'>{grad_name} = "
                         f"{fmt_number(node.grad)}</span>")
        annotations.append({
            "x": x, "y": y, "xref": "x", "yref": "y", "showarrow": False,
            "text": "<br>".join(lines), "align": "center",
            "font": {"size": FONT_SIZE, "color": FORWARD_COLOR},
            "bgcolor": "#eaf2fb" if node.is_input else "#fdf3e6",
            "bordercolor": BACKWARD_COLOR if node.name in with_grad else FORWARD_COLOR,
            "borderwidth": 2, "borderpad": 8,
        })
    # An invisible trace gives the axes their extent (and a hover with the numbers).
    xs = [pos[n.name][0] for n in graph.nodes]
    ys = [pos[n.name][1] for n in graph.nodes]
    hover = [
        f"{n.label}<br>value = {fmt_number(n.value)}<br>{graph.grad_symbol}{n.name} = "
        f"{fmt_number(n.grad)}" if n.name in with_grad else f"{n.label}"
        for n in graph.nodes
    ]
    fig.add_trace(go.Scatter(
        x=xs, y=ys, mode="markers", marker={"size": 1, "opacity": 0}, text=hover,
        hovertemplate="%{text}<extra></extra>", showlegend=False,
    ))
    style.page_layout(fig, graph.title, graph_height(graph, height), annotations=annotations)
    fig.update_xaxes(visible=False, range=[min(xs) - 0.6, max(xs) + 0.6])
    fig.update_yaxes(visible=False, range=[min(ys) - 0.7, max(ys) + 0.7])
    return fig
