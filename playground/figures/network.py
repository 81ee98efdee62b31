"""The network diagram of the live Playground: every unit drawn as a small picture of its
output over the input plane, the weights as lines (colour = sign, width = size), the biases
as small squares. Pure: arrays in, figure (or its parts) out.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import plotly.graph_objects as go

from playground.figures import style


def diagram_geometry(layer_dims: Sequence[int], k: int | None = None) -> dict:
    """Where each unit's picture sits in the diagram.

    Returns k (picture size in cells), gap (cells between columns), and for each layer l a
    list of (x0, y0) lower-left cell corners, so unit j of layer l covers the cells
    x0..x0+k-1, y0..y0+k-1. Columns are spaced evenly; units are centred vertically.
    """
    widest = max(layer_dims)
    if k is None:
        k = int(np.clip(160 // max(widest, 1), 4, 16))
    gap_x, gap_y = 3 * k, max(1, k // 3)
    rows = widest * (k + gap_y)
    corners = []
    for l, n in enumerate(layer_dims):
        x0 = l * (k + gap_x)
        top = (rows - n * (k + gap_y)) // 2
        corners.append([(x0, rows - top - (j + 1) * (k + gap_y) + gap_y) for j in range(n)])
    width = (len(layer_dims) - 1) * (k + gap_x) + k
    return {"k": k, "gap_x": gap_x, "gap_y": gap_y, "rows": rows, "cols": width,
            "corners": corners}


def network_figure(
    layer_dims: Sequence[int],
    params: dict[str, np.ndarray],
    pictures: Sequence[np.ndarray],
    activations: Sequence[str],
    *,
    height: int = 460,
    max_hover_edges: int = 4000,
    max_units: int = 16,
    input_labels: Sequence[str] | None = None,
) -> go.Figure:
    """The network as TF Playground draws it: one small picture per unit, weighted edges.

    layer_dims [n0, ..., nL]; params {"W1","b1",...} with W[l] (n[l], n[l-1]);
    pictures: one array per layer (input included), pictures[l] (n[l], k, k), the unit's
    value over the input plane (rows along x2), drawn clipped to [-1, 1] (blue negative,
    orange positive); activations: L names (hidden layers then output).

    The pictures are layout images (small PNGs, cheap to send and to redraw). Traces, in
    this order: 0..7 edges by sign and size, 8 invisible edge midpoints carrying the weight
    on hover, 9 unit frames with hover, 10 biases (a small square at each unit's lower-left
    corner, coloured by sign, sized by magnitude; the output bias too).

    A layer wider than ``max_units`` shows its first ``max_units`` units (its label says so):
    a 64-unit column of pictures is unreadable and slow to send.

    ``input_labels``: what each input unit is (x1, x1², sin x2, ...), written left of its
    picture (the axis widened to make room) and named on hover.
    """
    parts = network_parts(layer_dims, params, pictures, activations,
                          max_hover_edges=max_hover_edges, max_units=max_units,
                          input_labels=input_labels)
    fig = go.Figure([go.Scatter(trace) for trace in parts["data"]])
    k, geo = parts["k"], parts["geometry"]
    left = -0.4 * k if not input_labels else -INPUT_LABEL_ROOM * k
    # Fixed ranges, no aspect lock: the diagram is not for zooming, and a locked aspect
    # let a resize of the frame blow the ranges up.
    axis = {"visible": False, "showgrid": False, "zeroline": False, "fixedrange": True}
    style.live_layout(fig, height, title={"text": "Network"}, annotations=parts["annotations"],
            images=parts["images"],
            xaxis={**axis, "range": [left, geo["cols"] + 0.2 * k]},
            yaxis={**axis, "range": [-0.4 * k, geo["rows"] + 0.25 * geo["rows"] / 4 + k / 2]},
            showlegend=False, hovermode="closest", margin={"l": 5, "r": 5, "t": 40, "b": 5})
    return fig


def network_parts(
    layer_dims: Sequence[int],
    params: dict[str, np.ndarray],
    pictures: Sequence[np.ndarray],
    activations: Sequence[str],
    *,
    max_hover_edges: int = 4000,
    max_units: int = 16,
    input_labels: Sequence[str] | None = None,
) -> dict:
    """What ``network_figure`` draws, as plain JSON-ready dicts and lists: "data" (the traces,
    in the figure's order), "images" (the unit pictures), "annotations" (layer labels), and
    "k" and "geometry" (``diagram_geometry``) for the axes.

    The live page sends "data" and "images" on every diagram refresh: building them without
    Plotly's figure objects (which validate and copy every property and the template) takes
    a fraction of the time.
    """
    full = [int(n) for n in layer_dims]
    dims = [min(n, max_units) for n in full]
    L = len(dims) - 1
    params = {
        **{f"W{l}": np.asarray(params[f"W{l}"])[: dims[l], : dims[l - 1]] for l in range(1, L + 1)},
        **{f"b{l}": np.asarray(params[f"b{l}"])[: dims[l]] for l in range(1, L + 1)},
    }
    pictures = [np.asarray(p)[: dims[l]] for l, p in enumerate(pictures)]
    k = int(np.asarray(pictures[0]).shape[-1])
    geo = diagram_geometry(dims, k)
    images = []
    for l, pics in enumerate(pictures):
        for j, (x0, y0) in enumerate(geo["corners"][l]):
            images.append({
                "source": style.png_data_uri(unit_rgba(pics[j])), "xref": "x", "yref": "y",
                "x": x0, "y": y0 + k, "sizex": k, "sizey": k, "sizing": "stretch",
                "xanchor": "left", "yanchor": "top", "layer": "above",
            })
    data = []

    # Edges: from the right middle of unit i (layer l-1) to the left middle of unit j (layer l).
    max_w = max((float(np.max(np.abs(params[f"W{l}"]))) for l in range(1, L + 1)), default=0.0)
    max_w = max(max_w, 1e-12)
    bins = [[[[], []] for _ in range(4)] for _ in range(2)]  # [sign][size] -> (xs, ys)
    hx, hy, htext = [], [], []
    n_edges = sum(dims[l] * dims[l - 1] for l in range(1, L + 1))
    for l in range(1, L + 1):
        W = np.asarray(params[f"W{l}"], dtype=float)
        for j, (xj, yj) in enumerate(geo["corners"][l]):
            for i, (xi, yi) in enumerate(geo["corners"][l - 1]):
                w = float(W[j, i])
                x_a, y_a = xi + k, yi + k / 2
                x_b, y_b = xj, yj + k / 2
                size = min(3, int(4 * (abs(w) / max_w)))  # the ratio first: 4 * 1e308 = inf
                xs, ys = bins[int(w >= 0)][size]
                xs += [x_a, x_b, None]
                ys += [y_a, y_b, None]
                if n_edges <= max_hover_edges:
                    hx.append(x_a + 0.5 * (x_b - x_a))
                    hy.append(y_a + 0.5 * (y_b - y_a))
                    htext.append(f"W[{l}] row {j + 1}, col {i + 1} = {_num(w)}")
    for sign in (0, 1):
        for size in range(4):
            xs, ys = bins[sign][size]
            data.append({
                "type": "scatter", "x": xs, "y": ys, "mode": "lines", "hoverinfo": "skip",
                "showlegend": False,
                "line": {"color": style.POS_EDGE if sign else style.NEG_EDGE,
                         "width": 0.6 + 1.6 * size},
                "opacity": 0.35 + 0.2 * size,
            })
    data.append({"type": "scatter", "x": hx, "y": hy, "mode": "markers", "text": htext,
                 "showlegend": False, "marker": {"size": 8, "opacity": 0}, "hoverinfo": "text"})

    # Unit frames (hover names the unit and its bias) and bias squares.
    fx, fy, ftext, bx, by, bcol, bsize, btext = [], [], [], [], [], [], [], []
    max_b = max((float(np.max(np.abs(params[f"b{l}"]))) for l in range(1, L + 1)), default=0.0)
    max_b = max(max_b, 1e-12)
    for l, corners in enumerate(geo["corners"]):
        for j, (x0, y0) in enumerate(corners):
            fx.append(x0 + k / 2)
            fy.append(y0 + k / 2)
            if l == 0:
                ftext.append(f"input {input_labels[j]}" if input_labels else f"input x{j + 1}")
                continue
            b = float(np.asarray(params[f"b{l}"])[j, 0])
            kind = "output" if l == L else f"hidden layer {l}"
            ftext.append(f"{kind}, unit {j + 1} ({activations[l - 1]})<br>b[{l}] = {_num(b)}")
            bx.append(x0 - 0.15 * k)
            by.append(y0 - 0.05 * k)
            bcol.append(style.ORANGE if b >= 0 else style.BLUE)
            bsize.append(5 + 9 * (abs(b) / max_b))
            btext.append(f"bias b[{l}] unit {j + 1} = {_num(b)}")
    data.append({
        "type": "scatter", "x": fx, "y": fy, "mode": "markers", "text": ftext,
        "hoverinfo": "text", "showlegend": False,
        "marker": {"symbol": "square-open", "size": max(8, 300 // max(dims) // 2),
                   "color": "#555555", "opacity": 0.0},
    })
    data.append({
        "type": "scatter", "x": bx, "y": by, "mode": "markers", "text": btext,
        "hoverinfo": "text", "showlegend": False,
        "marker": {"symbol": "square", "color": bcol, "size": bsize,
                   "line": {"color": style.INK, "width": 0.5}},
    })
    annotations = _layer_labels(dims, full, geo, k)
    if input_labels:
        annotations += _input_labels(list(input_labels)[: dims[0]], geo, k)
    return {"data": data, "images": images, "annotations": annotations, "k": k,
            "geometry": geo}


# The room left of the input column for its labels, in picture widths ("sin x1" at 12 px).
INPUT_LABEL_ROOM = 2.3


def _input_labels(labels: list[str], geo: dict, k: int) -> list[dict]:
    # Each input unit's name, right-aligned just left of its picture, as TF Playground does.
    return [{"x": x0 - 0.12 * k, "y": y0 + k / 2, "text": text, "showarrow": False,
             "xanchor": "right", "yanchor": "middle", "font": {"size": 12}}
            for text, (x0, y0) in zip(labels, geo["corners"][0], strict=False)]


def _num(v: float) -> str:
    # A weight for a hover: 3 decimals, or 3 significant digits when it is huge (1e308 with
    # 3 decimals is 313 characters).
    return f"{v:.3f}" if abs(v) < 1e6 else f"{v:.3g}"


def _layer_labels(dims: list[int], full: list[int], geo: dict, k: int) -> list[dict]:
    # One label over each column. Up to 4 hidden layers they are words ("layer 2", with
    # "(16 of 64)" for a cut layer); with more, the columns are too close for words: the
    # hidden layers get their number, and one line above says how many units are shown.
    L = len(dims) - 1
    compact = L - 1 > 4
    top = geo["rows"] + 0.5
    labels = ["input"] + [str(l) if compact else f"layer {l}" for l in range(1, L)] + ["output"]
    cut = [l for l in range(len(dims)) if dims[l] != full[l]]
    if not compact:
        labels = [t if l not in cut else f"{t}<br>({dims[l]} of {full[l]})"
                  for l, t in enumerate(labels)]
    out = []
    for l, text in enumerate(labels):
        x0 = geo["corners"][l][0][0]
        # The end columns lean inwards, so "input" and "output" are never cut at the edges.
        anchor, x = ("left", x0) if l == 0 else ("right", x0 + k) if l == L else (
            "center", x0 + k / 2)
        out.append({"x": x, "y": top, "text": text, "showarrow": False, "xanchor": anchor,
                    "yanchor": "bottom", "font": {"size": 14}})
    if compact:
        note = f"hidden layers 1 to {L - 1}"
        if cut:
            note += f" ({min(dims[l] for l in cut)} of {max(full[l] for l in cut)} units shown)"
        out.append({"x": geo["cols"] / 2, "y": top, "yshift": 22, "text": note,
                    "showarrow": False, "xanchor": "center", "yanchor": "bottom",
                    "font": {"size": 14}})
    return out


def unit_rgba(P: np.ndarray) -> np.ndarray:
    """One unit's picture P (k, k), row 0 at the bottom, values clipped to [-1, 1] ->
    (k, k, 4) uint8 RGBA, row 0 at the top: blue negative, white 0, orange positive (an
    infinite value is drawn as its end of the scale, NaN as 0)."""
    P = np.nan_to_num(np.asarray(P, dtype=float), nan=0.0, posinf=1.0, neginf=-1.0)
    V = (np.clip(P[::-1], -1.0, 1.0) + 1.0) / 2.0
    pos = [p for p, _ in style.UNIT_SCALE]
    cols = [style.hex_rgb(c) for _, c in style.UNIT_SCALE]
    rgb = np.stack([np.interp(V, pos, [c[i] for c in cols]) for i in range(3)], axis=-1)
    alpha = np.full((*V.shape, 1), 255.0)
    return np.concatenate([rgb, alpha], axis=-1).round().astype(np.uint8)


def unit_pictures(outputs: Sequence[np.ndarray], G: np.ndarray, k: int,
                  probability_output: bool = True) -> list[np.ndarray]:
    """Shape the per-unit values over a k x k grid into pictures for ``network_figure``.

    outputs: [A1, ..., AL] from ``Network.layer_outputs(G)``, each (n[l], k*k); G (2, k*k)
    the grid points themselves (the input "units"). With ``probability_output`` the output
    (a probability) is drawn as 2a - 1, so the 0.5 threshold is white as in the boundary.
    Returns [P0, P1, ..., PL], Pl (n[l], k, k).
    """
    layers = [np.asarray(G, dtype=float)]
    # Inputs: scale each coordinate to [-1, 1] so the input pictures are two gradients.
    span = np.maximum(np.max(np.abs(layers[0]), axis=1, keepdims=True), 1e-12)
    layers[0] = layers[0] / span
    layers += [np.asarray(A, dtype=float) for A in outputs]
    if probability_output:
        layers[-1] = 2.0 * layers[-1] - 1.0
    return [A.reshape(A.shape[0], k, k) for A in layers]


def discretized(pictures: Sequence[np.ndarray]) -> list[np.ndarray]:
    """TF Playground's "Discretize output" for the diagram: each computed unit's picture as
    the side of 0 its values are on (1 or -1, never white; the output's 0.5 threshold is 0
    here, ``unit_pictures`` draws it as 2a - 1). The inputs keep their shading: x1² is never
    negative, and one flat orange square would hide what the feature is."""
    return [np.asarray(pictures[0], dtype=float),
            *(np.where(np.asarray(P, dtype=float) >= 0, 1.0, -1.0) for P in pictures[1:])]
