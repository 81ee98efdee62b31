"""Watch the gradients flow: one row per layer, the distribution of A[l] (with its saturated
or dead share in the title), ||dW[l]|| over the epochs on a log scale, the distribution of
W[l].

Pure: engine.diagnostics.LayerStats and a gradient-norm series in, a go.Figure out.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import plotly.graph_objects as go

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


def _bars(counts, edges, color: str, axes: tuple[str, str], name: str) -> dict:
    edges = np.asarray(edges, dtype=float)
    total = max(1, int(np.sum(counts)))
    # Plain lists, rounded: the live page sends these in its frames (JSON).
    return {
        "type": "bar", "x": np.round((edges[:-1] + edges[1:]) / 2, 6).tolist(),
        "y": (np.asarray(counts) / total).tolist(),
        "width": float(edges[1] - edges[0]), "xaxis": axes[0], "yaxis": axes[1],
        "marker": {"color": color, "line": {"width": 0}}, "name": name, "showlegend": False,
        "hovertemplate": f"{name}: %{{x:.3g}}<br>share %{{y:.1%}}<extra></extra>",
    }


# Column widths and gaps, as shares of the figure's width.
COLUMNS = ((0.0, 0.36), (0.43, 0.69), (0.76, 1.0))


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

    The layout is written as one dict rather than through make_subplots and per-axis
    updates: Plotly validates each of those calls, which took 0.3-1.7 s for a 2-layer
    network on a busy machine, and the Playground redraws this after every Pause and Step.
    """
    height = height or (80 + ROW_HEIGHT * max(len(stats), 1))
    parts = diagnostics_parts(stats, epochs, grad_norms, layer_dims=layer_dims, epoch=epoch,
                              height=height, font_size=font_size)
    # Built from plain dicts without validation (the keys above are fixed and tested);
    # what live_layout adds is validated as usual.
    fig = go.Figure(data=parts["data"], layout=parts["layout"], _validate=False)
    return style.live_layout(fig, height, font_size=font_size - 2,
                             margin={"l": 55, "r": 15, "t": 35, "b": 45})


def diagnostics_parts(
    stats: Sequence,
    epochs: Sequence[int] = (),
    grad_norms: Sequence[Sequence[float]] = (),
    *,
    layer_dims: Sequence[int] | None = None,
    epoch: int | None = None,
    height: int | None = None,
    font_size: int = style.LIVE_FONT_SIZE,
) -> dict:
    """What ``diagnostics_figure`` draws as plain JSON-ready dicts: {"data": traces,
    "layout": the axes, titles and notes} (no template, height or margins): the live
    Playground sends these in a frame to update the figure in place."""
    n = max(len(stats), 1)
    height = height or (80 + ROW_HEIGHT * n)
    # Between rows: room for the x tick labels and the next row's titles (~55 px).
    gap = min(55 / max(height - 80, 1), 0.3) if n > 1 else 0.0
    row_h = (1.0 - gap * (n - 1)) / n
    traces, layout, notes, empty = [], {}, [], []  # titles first, then "nothing to draw"
    for row, s in enumerate(stats):
        top = 1.0 - row * (row_h + gap)
        units = layer_dims[s.layer] if layer_dims is not None else None
        norm = f"‖dW[{s.layer}]‖ = {s.grad_norm:.2g}" if s.grad_norm > 0 else \
            f"dW[{s.layer}] = 0"
        series = list(grad_norms[s.layer - 1]) if len(grad_norms) >= s.layer else []
        xs = [e for e, g in zip(epochs, series, strict=False) if g > 0 and np.isfinite(g)]
        ys = [g for g in series if g > 0 and np.isfinite(g)]
        if len(xs) < 2 and s.grad_norm > 0 and np.isfinite(s.grad_norm):
            xs, ys = [epoch or 0], [s.grad_norm]
        last = row == len(stats) - 1
        for col, (title, x_title) in enumerate(
                ((layer_title(s, units), "a"), (norm, "epoch"), (f"W[{s.layer}]", "w"))):
            k = 3 * row + col + 1
            suffix = "" if k == 1 else str(k)
            x_axis = {"domain": list(COLUMNS[col]), "anchor": f"y{suffix}"}
            y_axis = {"domain": [max(0.0, top - row_h), min(1.0, top)], "anchor": f"x{suffix}"}
            if last:
                x_axis["title"] = {"text": x_title}
            if col == 1 and xs and max(xs) - min(xs) < 6:
                x_axis["dtick"] = 1  # a few epochs: whole numbers, not 1.5
            if col == 1:
                # nticks: a narrow log range otherwise labels every minor tick, overlapping
                y_axis.update(type="log", exponentformat="power", nticks=4)
                if not xs:  # nothing a log axis can draw: say why in the panel
                    empty.append({"text": "‖dW‖ = 0 at every epoch:<br>no gradient reaches "
                                  "this layer", "x": sum(COLUMNS[1]) / 2,
                                  "y": top - row_h / 2, "xref": "paper", "yref": "paper",
                                  "showarrow": False, "font": {"size": font_size - 2}})
                    y_axis["showticklabels"] = False
            else:
                y_axis["tickformat"] = ".0%"
            layout[f"xaxis{suffix}"], layout[f"yaxis{suffix}"] = x_axis, y_axis
            notes.append({"text": title, "x": sum(COLUMNS[col]) / 2, "y": top,
                          "xref": "paper", "yref": "paper", "xanchor": "center",
                          "yanchor": "bottom", "showarrow": False,
                          "font": {"size": font_size}})
        axes = [("x" if k == 1 else f"x{k}", "y" if k == 1 else f"y{k}")
                for k in range(3 * row + 1, 3 * row + 4)]
        a_bars = _bars(s.a_counts, s.a_edges, style.ORANGE, axes[0], f"a[{s.layer}]")
        layout[f"xaxis{'' if row == 0 else 3 * row + 1}"]["range"] = \
            [float(s.a_edges[0]), float(s.a_edges[-1])]
        w_bars = _bars(s.w_counts, s.w_edges, WEIGHT_COLOR, axes[2], f"w[{s.layer}]")
        layout[f"xaxis{3 * row + 3}"]["range"] = [float(s.w_edges[0]), float(s.w_edges[-1])]
        traces += [a_bars, {
            "type": "scatter", "x": [int(e) for e in xs], "y": [float(g) for g in ys],
            "xaxis": axes[1][0], "yaxis": axes[1][1],
            "mode": "lines+markers" if len(xs) < 30 else "lines",
            "line": {"color": GRAD_COLOR, "width": 2}, "marker": {"size": 6},
            "showlegend": False, "name": f"‖dW[{s.layer}]‖",
            "hovertemplate": f"epoch %{{x:,}}<br>‖dW[{s.layer}]‖ %{{y:.3g}}<extra></extra>",
        }, w_bars]
    layout.update(annotations=notes + empty, bargap=0)
    return {"data": traces, "layout": layout}
