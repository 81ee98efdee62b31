"""Figure builders for the page "Logistic regression": the cost surface J(w1, w2) with the
gradient-descent path, the loss of one example against a, and J along a line of the plane.

Pure functions: arrays in, ``plotly.graph_objects.Figure`` out (no Streamlit, no training).
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from playground.figures import style
from playground.figures.style import BLUE, COST_SURFACE_SCALE, ORANGE

PATH_COLOR = "#c0392b"
CE_COLOR = "#1f3b57"
SE_COLOR = "#8e44ad"
CONCAVE_COLOR = "rgba(142, 68, 173, 0.16)"
# Light at the bottom of the bowl, dark up the walls: the path (red) stays visible on both.


def surface_figure(w1s, w2s, J, path=None, title: str = "", height: int = 560) -> go.Figure:
    """Contour of J over (w1, w2) (J is (len(w2s), len(w1s))), with the path (rows of
    (w1, w2, J)) drawn on it: start, steps, and the current point.

    The colours follow log J, so the bottom of the bowl is not one flat colour (the
    cross-entropy climbs to ~10 on the walls while the minimum is ~0.2); the lines and the
    hover show J itself.
    """
    J = np.asarray(J, float)
    fig = go.Figure(go.Contour(
        x=w1s, y=w2s, z=np.log10(J), customdata=J, colorscale=COST_SURFACE_SCALE,
        contours={"coloring": "heatmap", "showlines": True}, ncontours=24,
        line={"color": "rgba(40, 40, 40, 0.35)", "width": 1},
        colorbar={"title": {"text": "log₁₀ J"}, "thickness": 14},
        hovertemplate="w1 = %{x:.2f}<br>w2 = %{y:.2f}<br>J = %{customdata:.4f}<extra></extra>",
        name="J",
    ))
    i, j = np.unravel_index(int(np.argmin(J)), J.shape)
    fig.add_trace(go.Scatter(x=[w1s[j]], y=[w2s[i]], mode="markers", name="lowest drawn J",
                             marker={"symbol": "x", "size": 14, "color": "#222"}))
    if path is not None and len(path):
        path = np.asarray(path, float)
        fig.add_trace(go.Scatter(
            x=path[:, 0], y=path[:, 1], mode="lines+markers", name="gradient descent",
            line={"color": PATH_COLOR, "width": 2.5}, marker={"size": 5, "color": PATH_COLOR},
            customdata=np.column_stack([np.arange(len(path)), path[:, 2]]),
            hovertemplate="step %{customdata[0]}<br>w1 = %{x:.3f}<br>w2 = %{y:.3f}"
                          "<br>J = %{customdata[1]:.4f}<extra></extra>",
        ))
        fig.add_trace(go.Scatter(x=[path[0, 0]], y=[path[0, 1]], mode="markers", name="start",
                                 marker={"symbol": "circle-open", "size": 16,
                                         "color": PATH_COLOR, "line": {"width": 3}}))
        fig.add_trace(go.Scatter(x=[path[-1, 0]], y=[path[-1, 1]], mode="markers", name="now",
                                 marker={"symbol": "star", "size": 18, "color": "#ffcc00",
                                         "line": {"color": "#222", "width": 1.5}}))
    lo, hi = float(w1s[0]), float(w1s[-1])
    fig.update_xaxes(title="w1", range=[lo, hi], constrain="domain")
    fig.update_yaxes(title="w2", range=[float(w2s[0]), float(w2s[-1])], scaleanchor="x")
    return style.page_layout(fig, title, height, legend={"orientation": "h", "y": -0.16, "x": 0})


def loss_curves_figure(curves: dict, height: int = 380) -> go.Figure:
    """The loss of one example against a: -log a (y = 1) and -log(1 - a) (y = 0) solid,
    the squared error (a - y)^2 / 2 dotted, in the class colours."""
    a = curves["a"]
    fig = go.Figure()
    fig.add_trace(go.Scatter(x=a, y=curves["bce_y1"], name="−log a  (y = 1)",
                             line={"color": ORANGE, "width": 3}))
    fig.add_trace(go.Scatter(x=a, y=curves["bce_y0"], name="−log(1 − a)  (y = 0)",
                             line={"color": BLUE, "width": 3}))
    fig.add_trace(go.Scatter(x=a, y=curves["mse_y1"], name="(a − 1)²/2  (y = 1)",
                             line={"color": ORANGE, "width": 2, "dash": "dot"}))
    fig.add_trace(go.Scatter(x=a, y=curves["mse_y0"], name="a²/2  (y = 0)",
                             line={"color": BLUE, "width": 2, "dash": "dot"}))
    fig.update_xaxes(title="a = ŷ", range=[0, 1])
    fig.update_yaxes(title="loss of one example", range=[0, 5])
    return style.page_layout(fig, "The loss of one example", height,
                  legend={"orientation": "h", "y": -0.25, "x": 0})


def slice_figure(t, J_ce, J_se, concave, height: int = 380) -> go.Figure:
    """J along the line w1 = w2 = t for both losses, each on its own axis (the scales
    differ), with the squared error's concave stretches shaded."""
    fig = make_subplots(specs=[[{"secondary_y": True}]])
    fig.add_trace(go.Scatter(x=t, y=J_ce, name="cross-entropy", line={"color": CE_COLOR,
                                                                      "width": 3}),
                  secondary_y=False)
    fig.add_trace(go.Scatter(x=t, y=J_se, name="squared error on a sigmoid",
                             line={"color": SE_COLOR, "width": 3}), secondary_y=True)
    for lo, hi in _runs(np.asarray(t), np.asarray(concave, bool)):
        fig.add_vrect(x0=lo, x1=hi, fillcolor=CONCAVE_COLOR, line_width=0, layer="below")
    fig.update_xaxes(title="t  (w1 = w2 = t)")
    fig.update_yaxes(title="J cross-entropy", secondary_y=False, color=CE_COLOR)
    fig.update_yaxes(title="J squared error", secondary_y=True, color=SE_COLOR,
                     showgrid=False)
    fig = style.page_layout(fig, "J along w1 = w2 (shaded: not convex)", height,
                 legend={"orientation": "h", "y": -0.25, "x": 0})
    fig.update_layout(margin={"r": 70})  # room for the right axis' title
    return fig


def _runs(t: np.ndarray, mask: np.ndarray) -> list[tuple[float, float]]:
    """The stretches [t_start, t_end] where mask is True."""
    out, start = [], None
    for k, flag in enumerate(mask):
        if flag and start is None:
            start = k
        if start is not None and (not flag or k == len(mask) - 1):
            end = k if flag else k - 1
            out.append((float(t[start]), float(t[end])))
            start = None
    return out
