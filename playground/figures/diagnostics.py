"""Watch the gradients flow: one row per layer, the distribution of A[l] (with its saturated
or dead share in the title), ||dW[l]|| over the epochs on a log scale, the distribution of
W[l].

Pure: engine.diagnostics.LayerStats and a gradient-norm series in, a go.Figure out.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from engine.activations import ACTIVATIONS
from playground.figures import style

ROW_HEIGHT = 150  # px per layer: seven rows of a deep network stay on one screen
GRAD_COLOR = style.INK
WEIGHT_COLOR = style.BLUE


def layer_title(stats, n_units: int | None = None) -> str:
    """'A[3] tanh · saturated 97 %' (what the row's first panel is titled)."""
    label = ACTIVATIONS[stats.activation].label if stats.activation in ACTIVATIONS else \
        stats.activation
    units = f", {n_units} unit{'' if n_units == 1 else 's'}" if n_units else ""
    share = stats.share_label
    return f"A[{stats.layer}] {label}{units}" + (f" · {share}" if share else "")


def _bars(fig: go.Figure, counts, edges, color: str, row: int, col: int, name: str) -> None:
    edges = np.asarray(edges, dtype=float)
    centres = (edges[:-1] + edges[1:]) / 2
    total = max(1, int(np.sum(counts)))
    fig.add_trace(go.Bar(
        x=centres, y=np.asarray(counts) / total, width=float(edges[1] - edges[0]),
        marker={"color": color, "line": {"width": 0}}, name=name, showlegend=False,
        hovertemplate=f"{name}: %{{x:.3g}}<br>share %{{y:.1%}}<extra></extra>",
    ), row=row, col=col)
    fig.update_xaxes(range=[float(edges[0]), float(edges[-1])], row=row, col=col)


def diagnostics_figure(
    stats: Sequence,
    epochs: Sequence[int] = (),
    grad_norms: Sequence[Sequence[float]] = (),
    *,
    layer_dims: Sequence[int] | None = None,
    epoch: int | None = None,
    height: int | None = None,
    font_size: int = style.LIVE_FONT_SIZE,
) -> go.Figure:
    """The three panels per layer for ``stats`` (LayerStats for l = 1..L).

    ``epochs`` / ``grad_norms`` (grad_norms[l-1][k] = ||dW[l]|| at epochs[k], e.g.
    GradientNormLog.series()) draw the middle column; with fewer than two points it shows
    the current ||dW[l]|| as a single marker. ``epoch`` (the network's) goes in the column
    title. Zero norms cannot be drawn on a log axis: they are left out, and the row says
    "dW = 0".
    """
    n = len(stats)
    titles = []
    for s in stats:
        units = layer_dims[s.layer] if layer_dims is not None else None
        norm = f"‖dW[{s.layer}]‖ = {s.grad_norm:.2g}" if s.grad_norm > 0 else \
            f"dW[{s.layer}] = 0"
        titles += [layer_title(s, units), norm, f"W[{s.layer}]"]
    fig = make_subplots(rows=max(n, 1), cols=3, subplot_titles=titles,
                        horizontal_spacing=0.07, vertical_spacing=min(0.4 / max(n, 1), 0.12),
                        column_widths=[0.38, 0.31, 0.31])
    for row, s in enumerate(stats, start=1):
        _bars(fig, s.a_counts, s.a_edges, style.ORANGE, row, 1, f"a[{s.layer}]")
        series = list(grad_norms[s.layer - 1]) if len(grad_norms) >= s.layer else []
        xs = [e for e, g in zip(epochs, series, strict=False) if g > 0 and np.isfinite(g)]
        ys = [g for g in series if g > 0 and np.isfinite(g)]
        if len(xs) < 2 and s.grad_norm > 0 and np.isfinite(s.grad_norm):
            xs, ys = [epoch or 0], [s.grad_norm]
        fig.add_trace(go.Scatter(
            x=xs, y=ys, mode="lines+markers" if len(xs) < 30 else "lines",
            line={"color": GRAD_COLOR, "width": 2}, marker={"size": 6}, showlegend=False,
            name=f"‖dW[{s.layer}]‖",
            hovertemplate=f"epoch %{{x:,}}<br>‖dW[{s.layer}]‖ %{{y:.3g}}<extra></extra>",
        ), row=row, col=2)
        fig.update_yaxes(type="log", exponentformat="power", row=row, col=2)
        _bars(fig, s.w_counts, s.w_edges, WEIGHT_COLOR, row, 3, f"w[{s.layer}]")
        fig.update_yaxes(tickformat=".0%", row=row, col=1)
        fig.update_yaxes(tickformat=".0%", row=row, col=3)
    fig.update_xaxes(title_text="epoch", row=max(n, 1), col=2)
    fig.update_xaxes(title_text="a", row=max(n, 1), col=1)
    fig.update_xaxes(title_text="w", row=max(n, 1), col=3)
    fig.update_annotations(font={"size": font_size})
    style.live_layout(fig, height or (80 + ROW_HEIGHT * max(n, 1)), font_size=font_size - 2,
                      margin={"l": 55, "r": 15, "t": 35, "b": 45}, bargap=0)
    return fig
