"""Figure builders for the page "Images as vectors": digits as pictures, a picture next to
its unrolled vector x, a gallery of small pictures, learned weights rolled back into a
picture, and the two models' training costs.

Pure functions: arrays in, ``plotly.graph_objects.Figure`` out. Pixels are drawn as ink:
0 white, 16 black. Row 0 of an image is its top, so every y axis is reversed.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from playground.figures import style

INK = [[0.0, "#ffffff"], [1.0, "#111111"]]
MODEL_COLORS = {"Logistic regression": style.BLUE, "Deep network": style.DEEP_ORANGE}


def _pixels(image, **extra) -> go.Heatmap:
    return go.Heatmap(z=np.asarray(image, float), zmin=0, zmax=16, colorscale=INK,
                      showscale=False, xgap=1, ygap=1, **extra)


def image_and_vector_figure(image, x, label: int, index: int, height: int = 520) -> go.Figure:
    """One 8x8 picture (0..16) and beside it its unrolled x (64,), as a 64 x 1 column."""
    image, x = np.asarray(image, float), np.asarray(x, float)
    fig = make_subplots(rows=1, cols=2, column_widths=[0.8, 0.2], horizontal_spacing=0.12,
                        subplot_titles=(f"image {index}: a {label} (8 × 8 pixels)",
                                        "x: 64 × 1"))
    rows, cols = np.indices(image.shape)
    fig.add_trace(_pixels(image, customdata=rows * 8 + cols, hovertemplate=(
        "row %{y}, column %{x}<br>darkness %{z:.0f} of 16<br>→ x[%{customdata}]"
        "<extra></extra>")), row=1, col=1)
    fig.add_trace(go.Heatmap(
        z=x[:, None], zmin=0, zmax=1, colorscale=INK, showscale=False, ygap=1,
        hovertemplate="x[%{y}] = %{z:.4f}<extra></extra>"), row=1, col=2)
    fig.update_yaxes(range=[7.5, -0.5], scaleanchor="x", row=1, col=1, title="row",
                     constrain="domain")
    fig.update_xaxes(title="column", row=1, col=1, dtick=1, range=[-0.5, 7.5],
                     constrain="domain")
    fig.update_yaxes(autorange="reversed", row=1, col=2, title="index in x",
                     tickvals=list(range(0, 64, 8)))
    fig.update_xaxes(showticklabels=False, row=1, col=2)
    return style.page_layout(fig, None, height)


def gallery_figure(images: Sequence, titles: Sequence[str], cols: int = 10,
                   panel_px: int = 105, title: str | None = None) -> go.Figure:
    """Small multiples: one picture per panel, its title above it."""
    n = max(len(images), 1)
    cols = max(1, cols)  # a fixed number of columns: one wrong image stays small, not stretched
    rows = math.ceil(n / cols)
    fig = make_subplots(rows=rows, cols=cols,
                        subplot_titles=list(titles) + [""] * (rows * cols - len(titles)) or None,
                        horizontal_spacing=0.02, vertical_spacing=0.28 / rows)
    for k, image in enumerate(images):
        r, c = divmod(k, cols)
        fig.add_trace(_pixels(image, hovertemplate="%{z:.0f}<extra></extra>"),
                      row=r + 1, col=c + 1)
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False, autorange="reversed")
    for k in range(len(images)):
        axis = "" if k == 0 else str(k + 1)
        fig.update_layout({f"yaxis{axis}": {"scaleanchor": f"x{axis}"}})
    fig.update_annotations(font_size=14)
    return style.page_layout(fig, title, rows * panel_px + (90 if title else 45))


def weights_figure(w, height: int = 420) -> go.Figure:
    """The learned w (64,) rolled back into 8 x 8: red pixels push the answer towards "yes",
    blue ones towards "no"."""
    W = np.asarray(w, float).reshape(8, 8)
    span = float(np.max(np.abs(W))) or 1.0
    fig = go.Figure(go.Heatmap(
        z=W, zmin=-span, zmax=span, zmid=0, colorscale="RdBu_r", xgap=1, ygap=1,
        colorbar={"title": {"text": "w"}, "thickness": 14},
        hovertemplate="row %{y}, column %{x}<br>w = %{z:.3f}<extra></extra>"))
    fig.update_yaxes(autorange="reversed", scaleanchor="x", title="row")
    fig.update_xaxes(title="column", constrain="domain")
    return style.page_layout(fig, "Learned w, rolled back into 8 × 8", height)


def costs_figure(costs: dict, height: int = 360) -> go.Figure:
    """Each model's training cost J against the iteration."""
    fig = go.Figure()
    for name, J in costs.items():
        fig.add_trace(go.Scatter(x=np.arange(1, len(J) + 1), y=J, name=name,
                                 line={"color": MODEL_COLORS.get(name), "width": 3}))
    fig.update_xaxes(title="iteration")
    fig.update_yaxes(title="cost J (training)", type="log")
    return style.page_layout(fig, "Training cost", height,
                             legend={"orientation": "h", "y": -0.3, "x": 0})
