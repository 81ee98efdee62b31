"""Figure builders for the page "Broadcasting and vectors": the calories table as
percentages, and two shapes stretched to their broadcast result, cell by cell.

Pure functions: arrays and shapes in, ``plotly.graph_objects.Figure`` out.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from playground.figures import style

OWN = style.BLUE     # a cell the array really holds
COPY = "#c6dbef"     # a cell broadcasting fills with a copy
RESULT = "#2ca02c"
MAX_CELLS = 12       # rows or columns drawn: more cells would be unreadable


def calories_figure(A, percentage, foods: Sequence[str], nutrients: Sequence[str],
                    height: int = 360) -> go.Figure:
    """The share of each food's calories from each nutrient (each column sums to 100 %), the
    calories themselves in the hover."""
    P = np.asarray(percentage, float)
    fig = go.Figure(go.Heatmap(
        z=P, x=list(foods), y=list(nutrients), zmin=0, zmax=100, colorscale="Blues",
        text=[[f"{v:.1f}%" for v in row] for row in P], texttemplate="%{text}",
        textfont={"size": 18}, customdata=np.asarray(A, float), xgap=2, ygap=2,
        colorbar={"title": {"text": "%"}, "thickness": 14},
        hovertemplate="%{x}, %{y}: %{customdata} cal = %{z:.1f}%<extra></extra>"))
    fig.update_yaxes(autorange="reversed")
    return style.page_layout(fig, "percentage = 100 · A / cal.reshape(1, 4)", height)


def _grid(shape: tuple[int, ...]) -> tuple[int, int]:
    """A shape of at most two dimensions as (rows, columns): (n,) is one row of n."""
    if len(shape) == 0:
        return 1, 1
    if len(shape) == 1:
        return 1, shape[0]
    return shape[0], shape[1]


def drawable(a: tuple[int, ...], b: tuple[int, ...], out: tuple[int, ...] | None) -> bool:
    """Whether ``stretch_figure`` can draw these shapes: at most 2-D, at most MAX_CELLS a side."""
    shapes = [a, b] + ([out] if out is not None else [])
    return all(len(s) <= 2 and max(s, default=1) <= MAX_CELLS for s in shapes)


def stretch_figure(a: tuple[int, ...], b: tuple[int, ...], out: tuple[int, ...] | None,
                   height: int = 340) -> go.Figure:
    """The first array, the second and the result as grids of cells. When they fit, each
    input is drawn at the result's size: its own cells dark, the copies broadcasting makes
    light. When they do not fit, the two inputs as they are, and no result."""
    titles = [f"first {a}", f"second {b}", f"result {out}" if out else "result: ✗"]
    fig = make_subplots(rows=1, cols=3, subplot_titles=titles, horizontal_spacing=0.08)
    target = _grid(out) if out is not None else None
    for col, shape in ((1, a), (2, b)):
        rows, cols = _grid(shape)
        R, C = target if target else (rows, cols)
        # A cell (i, j) of the result reads cell (i % rows, j % cols) of a stretched input:
        # its own cells are those with i < rows and j < cols.
        own = (np.arange(R)[:, None] < rows) & (np.arange(C)[None, :] < cols)
        fig.add_trace(go.Heatmap(z=own.astype(float), zmin=0, zmax=1,
                                 colorscale=[[0, COPY], [1, OWN]], showscale=False,
                                 xgap=3, ygap=3, hoverinfo="skip"), row=1, col=col)
    if target:
        R, C = target
        fig.add_trace(go.Heatmap(z=np.ones((R, C)), colorscale=[[0, RESULT], [1, RESULT]],
                                 showscale=False, xgap=3, ygap=3, hoverinfo="skip"),
                      row=1, col=3)
    fig.update_xaxes(showticklabels=False, showgrid=False, zeroline=False)
    fig.update_yaxes(showticklabels=False, showgrid=False, zeroline=False, autorange="reversed")
    for k in (1, 2, 3):
        suffix = "" if k == 1 else str(k)
        fig.update_layout({f"yaxis{suffix}": {"scaleanchor": f"x{suffix}"}})
    return style.page_layout(fig, None, height)
