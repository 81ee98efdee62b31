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

MAX_CURVE_POINTS = 400


# --------------------------------------------------------------------------- boundary
IMAGE_UPSAMPLE = 4        # the boundary picture has 4 x 4 pixels per grid cell
LINE_COLOUR = (40, 40, 40)


def colour_stops(threshold_only: bool = False) -> list[list]:
    """The colour scale of the boundary as [[position, [r, g, b]], ...] (also sent to the
    browser, which paints the live frames with the same stops)."""
    scale = style.THRESHOLD if threshold_only else style.DIVERGING
    return [[float(p), list(style.hex_rgb(c))] for p, c in scale]


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
        opacity=0.0, colorscale=style.THRESHOLD if threshold_only else style.DIVERGING,
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
    style.live_layout(
        fig, height, title={"text": "Decision boundary"},
        xaxis={"title": {"text": "x1"}, "range": x_range, "constrain": "domain",
               "showgrid": False, "zeroline": False},
        yaxis={"title": {"text": "x2"}, "range": y_range, "scaleanchor": "x",
               "constrain": "domain", "showgrid": False, "zeroline": False},
        legend={"orientation": "h", "y": -0.12},
        images=[{
            "source": style.png_data_uri(boundary_rgba(Q, threshold_only)),
            "xref": "x", "yref": "y",
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
    colours = np.where(y > 0.5, style.ORANGE, style.BLUE)
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
    style.live_layout(fig, height, title={"text": title}, xaxis={"title": {"text": "epoch"}},
            yaxis=yaxis, legend={"orientation": "h", "y": 1.12, "x": 1, "xanchor": "right"})
    return fig


# The network diagram lives in figures/network.py; its builders stay importable from here
# (the live Playground view reads them with the boundary's).
from playground.figures.network import (  # noqa: E402, F401
    diagram_geometry,
    network_figure,
    network_parts,
    unit_pictures,
    unit_rgba,
)
