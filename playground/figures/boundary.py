"""The one decision-boundary figure of the teaching pages: the model's output over the plane
as light regions, its 0.5 line, and the data drawn on top, in one or several panels.

The course's results page (one run, and the sweep's small multiples) and the "Why linear
collapses" page (two runs side by side) all draw it with ``boundaries_figure``. The live
Playground draws its boundary as a picture instead (``figures.plane.boundary_figure``): the
browser repaints that picture every frame, which a heatmap could not keep up with; it uses
the same class colours (``figures.style``).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from playground.figures import style

# The small multiples draw each boundary on at most this many grid points per axis: enough for
# a panel about 300 px wide (one cell per 5 px), and a quarter of the 120 x 120 grid's data
# (seven full grids were 2.9 MB of JSON per change).
PANEL_GRID = 60


def thin_grid(x1s, x2s, P, n: int | None):
    """The grid with at most ``n`` points per axis (both ends kept); all of it for None."""
    x1s, x2s, P = (np.asarray(a, dtype=float) for a in (x1s, x2s, P))
    if n is None:
        return x1s, x2s, P
    cols = np.unique(np.linspace(0, len(x1s) - 1, min(n, len(x1s))).round().astype(int))
    rows = np.unique(np.linspace(0, len(x2s) - 1, min(n, len(x2s))).round().astype(int))
    return x1s[cols], x2s[rows], P[np.ix_(rows, cols)]


def region_traces(x1s, x2s, P, *, output: str = "ŷ", colorbar: bool = False,
                  legend: bool = True, line_width: float = 2.5) -> list:
    """The coloured regions of the output P (n2, n1) on the grid x1s (n1,), x2s (n2,), and the
    P = 0.5 line: [Heatmap, Contour]."""
    return [
        go.Heatmap(
            x=x1s, y=x2s, z=P, zmin=0.0, zmax=1.0, colorscale=style.PROBABILITY_SCALE,
            showscale=colorbar, colorbar={"title": {"text": output}, "thickness": 14},
            hovertemplate=f"x1 = %{{x:.2f}}<br>x2 = %{{y:.2f}}<br>{output} = %{{z:.3f}}"
                          "<extra></extra>",
        ),
        go.Contour(
            x=x1s, y=x2s, z=P, showscale=False, hoverinfo="skip",
            contours={"start": 0.5, "end": 0.5, "size": 1.0, "coloring": "none"},
            line={"color": style.BOUNDARY_LINE, "width": line_width},
            name=f"decision boundary ({output} = 0.5)", showlegend=legend,
            legendgroup="boundary",
        ),
    ]


def point_traces(X, Y, *, legend: bool = True, size: float = 7) -> list:
    """The points X (2, m) coloured by their label Y (1, m) of 0/1: [y = 0, y = 1]."""
    X = np.asarray(X, dtype=float)
    y = np.asarray(Y).ravel()
    traces = []
    for label, color in enumerate(style.CLASS_COLORS):
        keep = y == label
        traces.append(go.Scatter(
            x=X[0, keep], y=X[1, keep], mode="markers", name=f"y = {label}",
            legendgroup=f"y{label}", showlegend=legend,
            marker={"color": color, "size": size, "line": {"color": "white", "width": 0.8}},
            hovertemplate=f"y = {label}<br>x1 = %{{x:.2f}}, x2 = %{{y:.2f}}<extra></extra>",
        ))
    return traces


def boundaries_figure(
    panels: Sequence[Mapping], X: np.ndarray, Y: np.ndarray, *,
    columns: int | None = None, title: str | None = None, height: int = 470,
    output: str = "ŷ", max_grid: int | None = None, ticks: bool = True,
    colorbar: bool = False, equal_aspect: bool = False, point_size: float = 7,
    legend_y: float = -0.18,
) -> go.Figure:
    """Decision boundaries on the same data, one panel each.

    Each panel maps "title" (unused for a single panel: give ``title``), "x1s" (n1,),
    "x2s" (n2,) and "P" (n2, n1): the output (the probability of class 1) on the grid, or
    None, and then its "note" is written instead (e.g. "training diverged").
    X (2, m) and Y (1, m) of 0/1: the points drawn on every panel. ``columns``: panels per
    row (all in one row by default). ``max_grid`` thins each grid to at most that many
    points per axis. ``ticks`` labels the axes (x1, x2 and their numbers).
    Traces per panel: Heatmap, Contour (none for a panel without P), y = 0, y = 1; only the
    first panel's are in the legend.
    """
    if not panels:
        raise ValueError("A boundary figure needs at least one panel.")
    columns = columns or len(panels)
    rows = math.ceil(len(panels) / columns)
    single = len(panels) == 1
    fig = go.Figure() if single else make_subplots(
        rows=rows, cols=columns, subplot_titles=[p["title"] for p in panels],
        horizontal_spacing=0.04, vertical_spacing=0.12, shared_yaxes=ticks and rows == 1,
    )
    fig.update_annotations(font_size=style.FONT_SIZE)  # the panels' titles
    for i, panel in enumerate(panels):
        at = {} if single else {"row": i // columns + 1, "col": i % columns + 1}
        x1s, x2s = np.asarray(panel["x1s"], float), np.asarray(panel["x2s"], float)
        if panel.get("P") is None:  # nothing meaningful to colour
            axis = "" if i == 0 else str(i + 1)
            fig.add_annotation(
                x=0.5, y=0.5, xref=f"x{axis} domain", yref=f"y{axis} domain",
                text=panel.get("note", "no output to draw"), showarrow=False,
                font={"size": style.FONT_SIZE + 2, "color": "#B2182B"},
            )
        else:
            for trace in region_traces(*thin_grid(x1s, x2s, panel["P"], max_grid),
                                       output=output, colorbar=colorbar and i == 0,
                                       legend=i == 0):
                fig.add_trace(trace, **at)
        for trace in point_traces(X, Y, legend=i == 0, size=point_size):
            fig.add_trace(trace, **at)
        fig.update_xaxes(range=[float(x1s[0]), float(x1s[-1])], showticklabels=ticks,
                         title_text="x1" if ticks else None, constrain="domain", **at)
        first_column = i % columns == 0  # the others share its x2 axis labels
        fig.update_yaxes(range=[float(x2s[0]), float(x2s[-1])],
                         showticklabels=ticks and first_column,
                         title_text="x2" if ticks and first_column else None,
                         constrain="domain", **at)
    if equal_aspect:
        fig.update_yaxes(scaleanchor="x")
    return style.page_layout(fig, title, height=height,
                             legend={"orientation": "h", "y": legend_y, "x": 0})
