"""Figures of the step-through: the network with one block highlighted, and the picture the
student picks an example from. Pure: arrays and labels in, ``go.Figure`` out.

The diagram draws each unit as a box with its numbers written inside (the labels come from
``playground.lessons.stepthrough.unit_labels``, which writes every number the page shows),
the edges of every layer coloured by sign and sized by magnitude (W[l], or dW[l] once the
backward pass has it), and the block's layer highlighted: its units framed in colour, its
incoming edges drawn strong, the others faint. Hovering an edge shows w, dw and the new w;
hovering a unit shows its b and db.

Traces of ``step_diagram``, in order: 0..(2*4-1) edges by [faint/strong][sign][size] as
built, then the edge midpoints (hover), then the units (hover), then the unit labels (text).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import plotly.graph_objects as go

from playground.figures.plane import boundary_figure
from playground.figures.style import NEG_EDGE, POS_EDGE
from playground.figures.style import live_layout as _layout

HIGHLIGHT = "#c2185b"       # the block's layer (magenta: apart from the blue/orange signs)
FAINT = "#c9c9c9"
MAX_UNITS = 12              # units drawn per layer at most (the rest are summarised)
BOX_W, BOX_H = 0.7, 0.74   # a unit's box, in layer and unit spacings


def step_diagram(
    layer_dims: Sequence[int],
    labels: Sequence[Sequence[str]],
    edges: dict[int, tuple[np.ndarray, str]],
    *,
    layer: int | None,
    phase: str,
    params: dict[str, np.ndarray],
    grads: dict[str, np.ndarray] | None = None,
    params_after: dict[str, np.ndarray] | None = None,
    height: int = 420,
    title: str = "",
) -> go.Figure:
    """The network at one block of the step.

    layer_dims [n0, ..., nL]; labels[l][j] the text inside unit j of layer l; edges {l:
    (array (n[l], n[l-1]), "w" or "dw")}: what colours layer l's edges; ``layer`` the block's
    layer (None: none highlighted), ``phase`` "forward" or "backward" (the way the arrow
    points; anything else draws none);
    params {"W1", "b1", ...}, grads {"dW1", ...} and params_after for the hover (the last
    two None until known). Layers wider than MAX_UNITS show their first MAX_UNITS units.
    """
    full = [int(n) for n in layer_dims]
    dims = [min(n, MAX_UNITS) for n in full]
    L = len(dims) - 1
    ys = [[(max(dims) - n) / 2 + (n - 1 - j) for j in range(n)] for n in dims]
    data: list[go.Scatter] = []
    mx = {l: max(float(np.max(np.abs(a[: dims[l], : dims[l - 1]]))), 1e-12)
          for l, (a, _) in edges.items()}
    bins: dict[tuple[bool, bool, int], tuple[list, list]] = {}
    hx, hy, htext, edge_names = [], [], [], []
    for l in range(1, L + 1):
        values, what = edges[l]
        # Under each layer's edges: what colours them now, W[l] or dW[l].
        edge_names.append({"x": l - 0.5, "y": -0.42, "showarrow": False, "yanchor": "top",
                           "text": f"{'dW' if what == 'dw' else 'W'}[{l}]",
                           "font": {"size": 12, "color": HIGHLIGHT if l == layer else "#666666"}})
        strong = layer is None or l == layer
        for j in range(dims[l]):
            for i in range(dims[l - 1]):
                v = float(values[j, i])
                x0, y0 = l - 1 + BOX_W / 2, ys[l - 1][i]
                x1, y1 = l - BOX_W / 2, ys[l][j]
                size = min(3, int(4 * abs(v) / mx[l]))
                xs, yy = bins.setdefault((strong, v >= 0, size), ([], []))
                xs += [x0, x1, None]
                yy += [y0, y1, None]
                hx.append(x0 + 0.62 * (x1 - x0))
                hy.append(y0 + 0.62 * (y1 - y0))
                htext.append(_edge_hover(l, j, i, params, grads, params_after))
    for (strong, positive, size), (xs, yy) in sorted(bins.items()):
        colour = (POS_EDGE if positive else NEG_EDGE) if strong else FAINT
        data.append(go.Scatter(
            x=xs, y=yy, mode="lines", hoverinfo="skip", showlegend=False,
            line={"color": colour, "width": (1.2 + 1.8 * size) if strong else 0.8},
            opacity=(0.55 + 0.15 * size) if strong else 0.6))
    data.append(go.Scatter(x=hx, y=hy, mode="markers", text=htext, hoverinfo="text",
                           marker={"size": 10, "opacity": 0}, showlegend=False,
                           name="edges"))

    ux, uy, utext, ulab = [], [], [], []
    for l in range(L + 1):
        for j in range(dims[l]):
            ux.append(l)
            uy.append(ys[l][j])
            utext.append(_unit_hover(l, j, L, params, grads))
            ulab.append(labels[l][j] if l < len(labels) and j < len(labels[l]) else "")
    data.append(go.Scatter(x=ux, y=uy, mode="markers", text=utext, hoverinfo="text",
                           marker={"size": 30, "opacity": 0}, showlegend=False, name="units"))
    # Smaller text as the boxes narrow (more layers) and shorten (more units).
    font = min(12 if L <= 2 else 11 if L <= 3 else 9, 12 if max(dims) <= 4 else 10)
    data.append(go.Scatter(x=ux, y=uy, mode="text", text=ulab, hoverinfo="skip",
                           textfont={"size": font, "color": "#222222"}, showlegend=False,
                           name="labels"))

    shapes = []
    for l in range(L + 1):
        on = layer is not None and l == layer
        for j in range(dims[l]):
            shapes.append({
                "type": "rect", "xref": "x", "yref": "y", "layer": "below",
                "x0": l - BOX_W / 2, "x1": l + BOX_W / 2,
                "y0": ys[l][j] - BOX_H / 2, "y1": ys[l][j] + BOX_H / 2,
                "line": {"color": HIGHLIGHT if on else "#777777", "width": 3 if on else 1},
                "fillcolor": "#fdeef4" if on else "#ffffff",
            })
    # Column titles: words up to 3 layers, numbers beyond (the columns are too close).
    if L <= 3:
        names = ["input"] + [f"layer {l}" for l in range(1, L)] + [f"output (layer {L})"]
        names = [t + (f" ({dims[l]} of {full[l]})" if dims[l] < full[l] else "")
                 for l, t in enumerate(names)]
    else:
        names = ["input"] + [str(l) for l in range(1, L)] + [f"output {L}"]
    top = max(dims) - 0.5
    annotations = [
        {"x": l, "y": top, "yanchor": "bottom", "showarrow": False, "text": names[l],
         "font": {"size": 13, "color": HIGHLIGHT if l == layer else "#444444"}}
        for l in range(L + 1)
    ] + edge_names
    if L > 3 and dims != full:
        annotations.append({"x": -0.45, "xanchor": "left", "y": top + 0.6, "yanchor": "bottom",
                            "showarrow": False, "font": {"size": 12, "color": "#444444"},
                            "text": f"layers wider than {MAX_UNITS} units: the first "
                                    f"{MAX_UNITS} drawn"})
    if layer is not None and phase in ("forward", "backward"):
        # An arrow along the top saying which way the numbers flow in this block.
        x0, x1 = (layer - 1, layer) if phase == "forward" else (min(layer + 1, L), layer)
        if x0 != x1:
            annotations.append({"x": x1 - 0.3 * np.sign(x1 - x0), "y": -0.85,
                                "ax": x0 + 0.3 * np.sign(x1 - x0), "ay": -0.85,
                                "xref": "x", "yref": "y", "axref": "x", "ayref": "y",
                                "showarrow": True, "arrowhead": 3, "arrowwidth": 2,
                                "arrowcolor": HIGHLIGHT, "text": ""})
    fig = go.Figure(data)
    axis = {"visible": False, "showgrid": False, "zeroline": False, "fixedrange": True}
    _layout(fig, height, title={"text": title} if title else None, shapes=shapes,
            annotations=annotations, showlegend=False, hovermode="closest",
            xaxis={**axis, "range": [-0.45, L + 0.45]},
            yaxis={**axis, "range": [-1.0, max(dims) + (0.9 if L > 3 and dims != full else 0.1)]},
            margin={"l": 5, "r": 5, "t": 40 if title else 10, "b": 5})
    return fig


def _edge_hover(l, j, i, params, grads, after) -> str:
    text = f"W[{l}] row {j + 1}, col {i + 1}<br>w = {_n(params[f'W{l}'][j, i])}"
    if grads is not None and f"dW{l}" in grads:
        text += f"<br>dw = {_n(grads[f'dW{l}'][j, i])}"
    if after is not None and f"W{l}" in after:
        text += f"<br>new w = {_n(after[f'W{l}'][j, i])}"
    return text


def _unit_hover(l, j, L, params, grads) -> str:
    if l == 0:
        return f"input x{j + 1}"
    kind = "output" if l == L else f"hidden layer {l}"
    text = f"{kind}, unit {j + 1}<br>b = {_n(params[f'b{l}'][j, 0])}"
    if grads is not None and f"db{l}" in grads:
        text += f"<br>db = {_n(grads[f'db{l}'][j, 0])}"
    return text


def _n(v) -> str:
    return f"{float(v):.4g}"


def picker_figure(x1s, x2s, Z, X_train, Y_train, chosen: Sequence[int], *,
                  height: int = 300) -> go.Figure:
    """The decision-boundary picture to pick an example from: click a training point.

    Traces as ``boundary_figure`` (0 output, 1 training points: click one, 2 test points,
    empty here), then 3 the examples of the step (ringed) with the chosen one (``chosen[0]``)
    as a large star."""
    fig = boundary_figure(x1s, x2s, Z, X_train, Y_train, height=height)
    # The output's invisible heatmap would take the clicks (its cells are under every
    # point): here only the points answer the mouse.
    fig.data[0].update(hoverinfo="skip", hovertemplate=None)
    chosen = np.asarray(chosen, dtype=int)
    X = np.asarray(X_train, dtype=float)
    first, rest = chosen[:1], chosen[1:][:2000]
    fig.add_trace(go.Scatter(
        x=X[0, rest], y=X[1, rest], mode="markers", hoverinfo="skip", showlegend=False,
        marker={"size": 11, "symbol": "circle-open", "color": HIGHLIGHT, "line": {"width": 1}},
        name="batch"))
    fig.add_trace(go.Scatter(
        x=X[0, first], y=X[1, first], mode="markers", hoverinfo="skip", showlegend=False,
        marker={"size": 18, "symbol": "star", "color": HIGHLIGHT,
                "line": {"color": "white", "width": 1.5}}, name="chosen"))
    fig.update_layout(title={"text": "Click a training point"}, clickmode="event+select",
                      dragmode=False, margin={"l": 40, "r": 10, "t": 35, "b": 35})
    return fig

