"""Figure builders for the live pages: arrays in, ``plotly.graph_objects.Figure`` out.

Every function here is pure (no Streamlit, no session, no randomness), so each can be tested
without a browser. The live component (``playground/live_chart.py``) receives these figures once as
its *base* and then, frame after frame, only the numbers that move; the trace order of each
figure is therefore part of its contract and is written in the docstring.

Colours (``figures.style``) follow TensorFlow Playground: blue for class 0 / negative, orange
for class 1 / positive, white in between (a diverging scale centred on the 0.5 threshold).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import plotly.graph_objects as go

from playground.figures import style

# The colours and scales are figures.style's (one place for every page).
BLUE, ORANGE = style.BLUE, style.ORANGE
NEG_EDGE, POS_EDGE = style.NEG_EDGE, style.POS_EDGE
DIVERGING, THRESHOLD, UNIT_SCALE = style.DIVERGING, style.THRESHOLD, style.UNIT_SCALE

MAX_CURVE_POINTS = 400


def _layout(fig: go.Figure, height: int, **extra) -> go.Figure:
    return style.live_layout(fig, height, **extra)


# --------------------------------------------------------------------------- boundary
IMAGE_UPSAMPLE = 4        # the boundary picture has 4 x 4 pixels per grid cell
LINE_COLOUR = (40, 40, 40)


_hex_rgb = style.hex_rgb


def colour_stops(threshold_only: bool = False) -> list[list]:
    """The colour scale of the boundary as [[position, [r, g, b]], ...] (also sent to the
    browser, which paints the live frames with the same stops)."""
    scale = THRESHOLD if threshold_only else DIVERGING
    return [[float(p), list(_hex_rgb(c))] for p, c in scale]


def quantize(Z: np.ndarray) -> np.ndarray:
    """Z in [0, 1] as uint8 0..255 (what is sent to the browser each frame); refuses NaN."""
    Z = np.asarray(Z, dtype=float)
    if not np.all(np.isfinite(Z)):
        raise ValueError("the boundary has non-finite values; refusing to draw it")
    return np.round(np.clip(Z, 0.0, 1.0) * 255).astype(np.uint8)


def _upsample(Q: np.ndarray, up: int) -> np.ndarray:
    # Bilinear interpolation of the cell values (cell centres) onto an up-times finer grid.
    n2, n1 = Q.shape
    r = np.clip((np.arange(n2 * up) + 0.5) / up - 0.5, 0, n2 - 1)
    c = np.clip((np.arange(n1 * up) + 0.5) / up - 0.5, 0, n1 - 1)
    r0, c0 = np.floor(r).astype(int), np.floor(c).astype(int)
    r1, c1 = np.minimum(r0 + 1, n2 - 1), np.minimum(c0 + 1, n1 - 1)
    fr, fc = (r - r0)[:, None], (c - c0)[None, :]
    top = Q[r0][:, c0] * (1 - fc) + Q[r0][:, c1] * fc
    bottom = Q[r1][:, c0] * (1 - fc) + Q[r1][:, c1] * fc
    return top * (1 - fr) + bottom * fr


def boundary_rgba(Q: np.ndarray, threshold_only: bool = False,
                  up: int = IMAGE_UPSAMPLE) -> np.ndarray:
    """The boundary picture: Q (n2, n1) uint8 (row 0 at the bottom, x2s[0]) ->
    (n2*up, n1*up, 4) uint8 RGBA with row 0 at the top, coloured by ``colour_stops`` and
    with the 0.5 threshold drawn as a dark line (where the upsampled value crosses 0.5).
    The browser's live_chart.js paints each live frame with the same algorithm."""
    V = _upsample(np.asarray(Q, dtype=float) / 255.0, up)[::-1]
    stops = colour_stops(threshold_only)
    pos = np.array([p for p, _ in stops])
    rgb = np.stack([np.interp(V, pos, [c[k] for _, c in stops]) for k in range(3)], axis=-1)
    if threshold_only:  # a step: pick the side, no blending across 0.5
        rgb = np.where((V >= 0.5)[..., None], np.array(stops[-1][1]), np.array(stops[0][1]))
    above = V >= 0.5
    edge = np.zeros_like(above)
    edge[:, :-1] |= above[:, :-1] != above[:, 1:]
    edge[:-1, :] |= above[:-1, :] != above[1:, :]
    rgb[edge] = LINE_COLOUR
    alpha = np.full((*V.shape, 1), 255.0)
    return np.concatenate([rgb, alpha], axis=-1).round().astype(np.uint8)


def png_data_uri(rgba: np.ndarray) -> str:
    """An RGBA array as a PNG data URI (for a Plotly layout image)."""
    import base64
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.fromarray(np.ascontiguousarray(rgba), "RGBA").save(buffer, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def boundary_figure(
    x1s: np.ndarray,
    x2s: np.ndarray,
    Z: np.ndarray,
    X_train: np.ndarray,
    Y_train: np.ndarray,
    X_test: np.ndarray | None = None,
    Y_test: np.ndarray | None = None,
    *,
    threshold_only: bool = False,
    height: int = 460,
) -> go.Figure:
    """The network's output over the input plane, with the data points on top.

    x1s (n1,), x2s (n2,): the grid's coordinates; Z (n2, n1): the output (a probability in
    [0, 1]) at each grid point, rows along x2. X_* are (2, m) and Y_* (1, m) of 0/1.
    ``threshold_only`` colours only which side of 0.5 each point falls on.

    The colours are a picture (layout.images[0], with the 0.5 line drawn in): the browser
    repaints just that picture each frame, which is far cheaper than a heatmap redraw.
    layout.meta["live_image"] tells it how (the colour stops, the grid).
    Traces, in this order: 0 an invisible heatmap of Z that gives the hover (x1, x2, output)
    and the colour bar, 1 training points, 2 test points (empty when no test set is given).
    """
    x1s = np.asarray(x1s, dtype=float)
    x2s = np.asarray(x2s, dtype=float)
    Q = quantize(Z)
    # Halved before the difference, so a grid out to +-1e308 does not overflow.
    dx = (x1s[-1] / 2 - x1s[0] / 2) / max(len(x1s) - 1, 1)
    dy = (x2s[-1] / 2 - x2s[0] / 2) / max(len(x2s) - 1, 1)
    fig = go.Figure()
    fig.add_trace(go.Heatmap(
        x=x1s, y=x2s, z=np.round(np.clip(np.asarray(Z, dtype=float), 0.0, 1.0), 3),
        zmin=0.0, zmax=1.0,
        opacity=0.0, colorscale=THRESHOLD if threshold_only else DIVERGING,
        # The title along the bar (side "right"): on top it ran into the "1" tick.
        colorbar={"title": {"text": "output ŷ", "side": "right"}, "thickness": 12,
                  "len": 0.8},
        hovertemplate="x1 = %{x:.2f}<br>x2 = %{y:.2f}<br>output = %{z:.2f}<extra></extra>",
        name="output", showlegend=False,
    ))
    fig.add_trace(_points(X_train, Y_train, "train", symbol="circle"))
    if X_test is not None and Y_test is not None:
        fig.add_trace(_points(X_test, Y_test, "test", symbol="diamond-open"))
    else:
        fig.add_trace(go.Scatter(x=[], y=[], mode="markers", name="test", showlegend=False))
    x_range = _span(x1s[0], x1s[-1], dx)
    y_range = _span(x2s[0], x2s[-1], dy)
    _layout(
        fig, height, title={"text": "Decision boundary"},
        xaxis={"title": {"text": "x1"}, "range": x_range, "constrain": "domain",
               "showgrid": False, "zeroline": False},
        yaxis={"title": {"text": "x2"}, "range": y_range, "scaleanchor": "x",
               "constrain": "domain", "showgrid": False, "zeroline": False},
        legend={"orientation": "h", "y": -0.12},
        images=[{
            "source": png_data_uri(boundary_rgba(Q, threshold_only)), "xref": "x", "yref": "y",
            "x": x_range[0], "y": y_range[1], "sizex": _width(x_range),
            "sizey": _width(y_range), "sizing": "stretch", "layer": "below",
            "xanchor": "left", "yanchor": "top",
        }],
        meta={"live_image": {"index": 0, "stops": colour_stops(threshold_only),
                             "step": bool(threshold_only), "up": IMAGE_UPSAMPLE,
                             "line": list(LINE_COLOUR)}},
    )
    return fig


def _points(X: np.ndarray, Y: np.ndarray, name: str, symbol: str) -> go.Scatter:
    X = np.asarray(X, dtype=float)
    y = np.asarray(Y).ravel()
    colours = np.where(y > 0.5, ORANGE, BLUE)
    open_marker = symbol.endswith("-open")
    return go.Scatter(
        x=X[0], y=X[1], mode="markers", name=name,
        marker={
            "color": colours, "size": 8 if open_marker else 7, "symbol": symbol,
            "line": {"color": colours if open_marker else "white",
                     "width": 2 if open_marker else 1},
        },
        customdata=y.astype(int),
        hovertemplate=f"{name}: x1 = %{{x:.2f}}, x2 = %{{y:.2f}}, y = %{{customdata}}"
                      "<extra></extra>",
    )


def encode_grid(Q: np.ndarray) -> dict:
    """A uint8 grid (n2, n1) as sent in a frame: base64 bytes, row 0 = x2s[0]."""
    import base64

    Q = np.ascontiguousarray(Q, dtype=np.uint8)
    return {"b64": base64.b64encode(Q.tobytes()).decode("ascii"), "rows": int(Q.shape[0]),
            "cols": int(Q.shape[1])}


# --------------------------------------------------------------------------- curves
def downsample(x: Sequence[float], *ys: Sequence[float | None],
               max_points: int = MAX_CURVE_POINTS) -> tuple[list, ...]:
    """Keep at most ``max_points`` evenly spaced rows (always the first and the last).

    The y values are rounded to 5 significant digits (short JSON) and anything not finite
    (None, NaN, inf) becomes None (a gap in the curve).
    """
    n = len(x)
    if n <= max_points:
        idx = range(n)
    else:
        idx = np.unique(np.linspace(0, n - 1, max_points).round().astype(int)).tolist()
    out = [[x[i] for i in idx]]
    for y in ys:
        out.append(_significant([y[i] for i in idx]) if y is not None and len(y) else [])
    return tuple(out)


def _significant(values: list, digits: int = 5) -> list:
    """float(f"{v:.5g}") for every finite v, None for the rest, in a few NumPy passes: the
    live page sends two curves of up to 400 points every frame."""
    a = np.array(values, dtype=float)  # None -> NaN
    finite = np.isfinite(a)
    exponent = np.floor(np.log10(np.abs(np.where(finite & (a != 0), a, 1.0))))
    decimals = np.clip(digits - 1 - exponent, -300, 300)
    scale = 10.0 ** np.abs(decimals)  # exact for the powers that matter
    # An integer divided by (or times) an exact power of ten is the double nearest the
    # decimal: the one whose shortest repr is the 5-digit number.
    r = np.zeros_like(a)
    up = finite & (decimals >= 0)  # |v| < 10^5: v * scale cannot overflow
    down = finite & (decimals < 0)
    r[up] = np.round(a[up] * scale[up]) / scale[up]
    r[down] = np.round(a[down] / scale[down]) * scale[down]
    return [v if ok else None for v, ok in zip(r.tolist(), finite.tolist(), strict=True)]


def _span(first: float, last: float, half_step: float) -> list[float]:
    # The grid's range with half a cell on each side, in finite floats whatever the grid
    # (at worst the largest double).
    with np.errstate(over="ignore"):
        ends = (first - half_step, last + half_step)
        return [float(np.clip(v, -_BIGGEST, _BIGGEST)) for v in ends]


def _width(span: list[float]) -> float:
    with np.errstate(over="ignore"):
        return float(min(np.float64(span[1]) - span[0], _BIGGEST))


_BIGGEST = float(np.finfo(float).max)


def curve_figure(
    epochs: Sequence[int],
    train: Sequence[float],
    test: Sequence[float] | None = None,
    *,
    title: str = "Cost",
    y_title: str = "cost J",
    log_y: bool = False,
    y_range: tuple[float, float] | None = None,
    height: int = 300,
) -> go.Figure:
    """A training curve (cost, accuracy or RMSE) per epoch, for train and (optionally) test.

    Traces: 0 train, 1 test (empty when ``test`` is None). At most ``MAX_CURVE_POINTS``
    points are drawn per trace.
    """
    x, tr, te = downsample(list(epochs), list(train), list(test) if test is not None else None)
    fig = go.Figure()
    fig.add_trace(go.Scatter(x=x, y=tr, mode="lines", name="train",
                             line={"color": style.INK, "width": 2.5}))
    fig.add_trace(go.Scatter(x=x if test is not None else [], y=te, mode="lines", name="test",
                             line={"color": style.DEEP_ORANGE, "width": 2.5, "dash": "dot"}))
    yaxis: dict = {"title": {"text": y_title}, "type": "log" if log_y else "linear"}
    if y_range is not None:
        yaxis["range"] = list(y_range)
    _layout(fig, height, title={"text": title}, xaxis={"title": {"text": "epoch"}},
            yaxis=yaxis, legend={"orientation": "h", "y": 1.12, "x": 1, "xanchor": "right"})
    return fig


# --------------------------------------------------------------------------- network
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
    """
    parts = network_parts(layer_dims, params, pictures, activations,
                          max_hover_edges=max_hover_edges, max_units=max_units)
    fig = go.Figure([go.Scatter(trace) for trace in parts["data"]])
    k, geo = parts["k"], parts["geometry"]
    # Fixed ranges, no aspect lock: the diagram is not for zooming, and a locked aspect
    # let a resize of the frame blow the ranges up.
    axis = {"visible": False, "showgrid": False, "zeroline": False, "fixedrange": True}
    _layout(fig, height, title={"text": "Network"}, annotations=parts["annotations"],
            images=parts["images"],
            xaxis={**axis, "range": [-0.4 * k, geo["cols"] + 0.2 * k]},
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
                "source": png_data_uri(unit_rgba(pics[j])), "xref": "x", "yref": "y",
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
                "line": {"color": POS_EDGE if sign else NEG_EDGE, "width": 0.6 + 1.6 * size},
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
                ftext.append(f"input x{j + 1}")
                continue
            b = float(np.asarray(params[f"b{l}"])[j, 0])
            kind = "output" if l == L else f"hidden layer {l}"
            ftext.append(f"{kind}, unit {j + 1} ({activations[l - 1]})<br>b[{l}] = {_num(b)}")
            bx.append(x0 - 0.15 * k)
            by.append(y0 - 0.05 * k)
            bcol.append(ORANGE if b >= 0 else BLUE)
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
    return {"data": data, "images": images, "annotations": annotations, "k": k,
            "geometry": geo}


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
    pos = [p for p, _ in UNIT_SCALE]
    cols = [_hex_rgb(c) for _, c in UNIT_SCALE]
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
