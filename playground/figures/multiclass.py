"""Pictures of a K-class classifier (softmax output): the plane coloured by the predicted class,
and the confusion matrix. Pure builders: arrays in, Plotly figures or RGBA arrays out.

Palette: the five class colours are from Okabe and Ito's "Color Universal Design" set (2008),
chosen by its authors to stay apart for protan, deutan and tritan viewers, in the order that
keeps the first three furthest apart: blue and orange first (class 0 and 1 look as in the
binary pictures' blue/orange), then vermillion, reddish purple and bluish green.
tests/playground/test_multiclass_figures.py checks them with the same colour-vision simulation
as the activation colours: every pair at least 16.5 CIE76 units apart under each of the three
dichromacies (measured minimum 16.97, blue against bluish green for a tritanope; the
activation colours' 20 is for thin curves matched to a legend, these fill large areas).

Region picture: each grid point takes its predicted class's colour (argmax of A[L]), and the
confidence (the largest a_k, from 1/K = a guess to 1 = certain) sets its lightness: a guess is
near white, a sure region is the full tint. The mix never reaches the full colour (at most
MAX_TINT), so dots of the class's own colour stay visible on it; a dark line marks where the
predicted class changes.
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from playground.figures import style
from playground.figures.plane import _span, _upsample, _width

CLASS_PALETTE = style.MULTICLASS_COLORS
MAX_CLASSES = len(CLASS_PALETTE)
# Lightness: the share of the class colour mixed into white, from a guess to certainty.
MIN_TINT, MAX_TINT = 0.08, 0.5
UPSAMPLE = 4  # pixels per grid cell along each axis
LINE = (40, 40, 40)


def class_colors(K: int) -> tuple[str, ...]:
    """The colours of classes 0..K-1; ValueError outside 2..MAX_CLASSES."""
    if isinstance(K, bool) or not isinstance(K, int | np.integer) or not 2 <= K <= MAX_CLASSES:
        raise ValueError(f"The pictures have colours for 2 to {MAX_CLASSES} classes; got {K!r}.")
    return CLASS_PALETTE[:K]


def class_and_confidence(P: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(class index, confidence in [0, 1]) per point of P (K, ...), the softmax outputs:
    the argmax over axis 0, and (max a_k - 1/K) / (1 - 1/K), 0 for an even guess, 1 for a
    sure one. Refuses NaN and a wrong K."""
    P = np.asarray(P, dtype=float)
    if P.ndim < 2 or not np.all(np.isfinite(P)):
        raise ValueError("P must be finite softmax outputs of shape (K, ...).")
    K = P.shape[0]
    class_colors(K)
    top = P.max(axis=0)
    confidence = np.clip((top - 1.0 / K) / (1.0 - 1.0 / K), 0.0, 1.0)
    return P.argmax(axis=0), confidence


def region_rgba(P: np.ndarray, up: int = UPSAMPLE) -> np.ndarray:
    """The region picture: P (K, n2, n1), the softmax outputs on the grid (row 0 at the
    bottom, x2s[0]) -> (n2*up, n1*up, 4) uint8 RGBA with row 0 at the top."""
    P = np.asarray(P, dtype=float)
    if P.ndim != 3:
        raise ValueError(f"P must have shape (K, n2, n1); got {P.shape}.")
    # Each a_k interpolated between the cell centres first (as the binary picture does), so
    # the class borders run smoothly between cells instead of in steps.
    fine = np.stack([_upsample(p, up) for p in P]) if up > 1 else P
    cls, conf = class_and_confidence(fine)
    cls, conf = cls[::-1], conf[::-1]
    palette = np.array([style.hex_rgb(c) for c in class_colors(P.shape[0])], dtype=float)
    share = (MIN_TINT + (MAX_TINT - MIN_TINT) * conf)[..., None]
    rgb = 255.0 * (1.0 - share) + palette[cls] * share
    edge = np.zeros(cls.shape, dtype=bool)
    edge[:, :-1] |= cls[:, :-1] != cls[:, 1:]
    edge[:-1, :] |= cls[:-1, :] != cls[1:, :]
    rgb[edge] = LINE
    alpha = np.full((*cls.shape, 1), 255.0)
    return np.concatenate([rgb, alpha], axis=-1).round().astype(np.uint8)


def _labels(Y, K: int) -> np.ndarray:
    # Class indices (m,) from one-hot (K, m) or indices (1, m).
    Y = np.asarray(Y)
    return (Y.argmax(axis=0) if Y.shape[0] > 1 else Y[0]).astype(int) % max(K, 1)


def _points(X, Y, K: int, name: str, symbol: str) -> go.Scatter:
    X = np.asarray(X, dtype=float)
    y = _labels(Y, K)
    colours = np.array(class_colors(K))[y]
    open_marker = symbol.endswith("-open")
    return go.Scatter(
        x=X[0], y=X[1], mode="markers", name=name,
        marker={"color": colours, "size": 8 if open_marker else 7, "symbol": symbol,
                "line": {"color": colours if open_marker else "white",
                         "width": 2 if open_marker else 1}},
        customdata=y,
        hovertemplate=f"{name}: x1 = %{{x:.2f}}, x2 = %{{y:.2f}}, class %{{customdata}}"
                      "<extra></extra>",
    )


def region_figure(x1s, x2s, P, X_train, Y_train, X_test=None, Y_test=None, *,
                  height: int = 460) -> go.Figure:
    """The plane coloured by the predicted class (confidence as lightness), points on top.

    x1s (n1,), x2s (n2,): the grid; P (K, n2, n1): the softmax outputs at each grid point
    (``network.forward(G)`` reshaped to (K, n2, n1)); X_* (2, m), Y_* one-hot (K, m) or class
    indices (1, m). Traces: 0 an invisible heatmap of the confidence for the hover (class and
    confidence), 1 training points, 2 test points (empty without a test set), then one legend
    entry per class.
    """
    x1s, x2s = np.asarray(x1s, dtype=float), np.asarray(x2s, dtype=float)
    P = np.asarray(P, dtype=float)
    if P.ndim != 3 or P.shape[1:] != (x2s.size, x1s.size):
        raise ValueError(f"P must be (K, {x2s.size}, {x1s.size}); got {P.shape}.")
    K = P.shape[0]
    cls, _ = class_and_confidence(P)
    fig = go.Figure()
    fig.add_trace(go.Heatmap(
        x=x1s, y=x2s, z=np.round(P.max(axis=0), 3), customdata=cls, opacity=0.0,
        showscale=False, name="prediction", showlegend=False,
        hovertemplate="x1 = %{x:.2f}<br>x2 = %{y:.2f}<br>class %{customdata}, "
                      "a = %{z:.2f}<extra></extra>",
    ))
    fig.add_trace(_points(X_train, Y_train, K, "train", "circle"))
    if X_test is not None and Y_test is not None:
        fig.add_trace(_points(X_test, Y_test, K, "test", "diamond-open"))
    else:
        fig.add_trace(go.Scatter(x=[], y=[], mode="markers", name="test", showlegend=False))
    for k, colour in enumerate(class_colors(K)):  # the legend: one square per class
        fig.add_trace(go.Scatter(x=[None], y=[None], mode="markers", name=f"class {k}",
                                 marker={"color": colour, "size": 10, "symbol": "square"}))
    # Half a cell beyond the grid on each side, as the binary picture spans it.
    dx = (x1s[-1] / 2 - x1s[0] / 2) / max(len(x1s) - 1, 1)
    dy = (x2s[-1] / 2 - x2s[0] / 2) / max(len(x2s) - 1, 1)
    x_range = _span(x1s[0], x1s[-1], dx)
    y_range = _span(x2s[0], x2s[-1], dy)
    style.live_layout(
        fig, height, title={"text": f"Predicted class ({K} classes)"},
        xaxis={"title": {"text": "x1"}, "range": x_range, "constrain": "domain",
               "showgrid": False, "zeroline": False},
        yaxis={"title": {"text": "x2"}, "range": y_range, "scaleanchor": "x",
               "constrain": "domain", "showgrid": False, "zeroline": False},
        legend={"orientation": "h", "y": -0.12},
        images=[{
            "source": style.png_data_uri(region_rgba(P)), "xref": "x", "yref": "y",
            "x": x_range[0], "y": y_range[1], "sizex": _width(x_range),
            "sizey": _width(y_range), "sizing": "stretch", "layer": "below",
            "xanchor": "left", "yanchor": "top",
        }],
        meta={"live_image": live_spec(K)},
    )
    return fig


def live_spec(K: int) -> dict:
    """How the browser (live_chart.js) paints a live frame's K grids of a_k (uint8, one after
    the other) into the picture, as ``region_rgba`` does: the class colours, the two tints,
    the upsampling and the line where the class changes."""
    return {"index": 0, "classes": [list(style.hex_rgb(c)) for c in class_colors(K)],
            "tints": [MIN_TINT, MAX_TINT], "up": UPSAMPLE, "line": list(LINE)}


def encode_outputs(P: np.ndarray) -> dict:
    """A live frame's picture: P (K, n2, n1) in [0, 1] as K uint8 grids, one after the other
    (row 0 = x2s[0]), base64: {"b64", "rows", "cols", "channels": K}. Refuses NaN."""
    P = np.asarray(P, dtype=float)
    if P.ndim != 3 or not np.all(np.isfinite(P)):
        raise ValueError("P must be finite softmax outputs of shape (K, n2, n1).")
    class_colors(P.shape[0])
    import base64

    Q = np.ascontiguousarray(np.round(np.clip(P, 0.0, 1.0) * 255), dtype=np.uint8)
    return {"b64": base64.b64encode(Q.tobytes()).decode("ascii"), "rows": int(P.shape[1]),
            "cols": int(P.shape[2]), "channels": int(P.shape[0])}


CELL_PIXELS = 24  # the confusion picture's pixels per cell (sharp when the canvas stretches it)
# The darkest cell (a row all in it) takes this share of the scale: dark ink stays readable
# on it, in Plotly and in the live chart's own drawing (which writes every text in ink).
CONFUSION_MAX_SHARE = 0.6


def confusion_rgba(C) -> np.ndarray:
    """The confusion matrix's cells as an RGBA picture, row 0 (true class 0) at the top, each
    cell CELL_PIXELS square, coloured along CONFUSION_SCALE by its share of its row."""
    C = np.asarray(C, dtype=float)
    rows = C.sum(axis=1, keepdims=True)
    share = np.divide(C, rows, out=np.zeros_like(C), where=rows > 0)
    (_, low), (_, high) = style.CONFUSION_SCALE
    lo, hi = np.array(style.hex_rgb(low), float), np.array(style.hex_rgb(high), float)
    rgb = lo + (hi - lo) * CONFUSION_MAX_SHARE * share[..., None]
    rgb = np.repeat(np.repeat(rgb, CELL_PIXELS, axis=0), CELL_PIXELS, axis=1)
    alpha = np.full((*rgb.shape[:2], 1), 255.0)
    return np.concatenate([rgb, alpha], axis=-1).round().astype(np.uint8)


def confusion_parts(C, per_class=None) -> dict:
    """What the live confusion picture changes each frame, as plain JSON: the layout image
    and the annotations (counts in the cells, the true classes with their accuracy)."""
    C = np.asarray(C)
    if C.ndim != 2 or C.shape[0] != C.shape[1] or C.shape[0] < 2:
        raise ValueError(f"C must be a square (K, K) matrix of counts, K >= 2; got {C.shape}.")
    K = C.shape[0]
    counts = C.astype(int)
    notes = []
    for i in range(K):  # true class i on row i from the top: y = K - 1 - i
        for j in range(K):
            notes.append({"x": j, "y": K - 1 - i, "text": str(counts[i, j]), "showarrow": False,
                          "font": {"color": style.INK}})
        p = np.nan if per_class is None else float(per_class[i])
        label = f"class {i}" + ("" if per_class is None else
                                f" · {'–' if np.isnan(p) else f'{100 * p:.0f} %'}")
        notes.append({"x": -0.55, "y": K - 1 - i, "text": label, "showarrow": False,
                      "xanchor": "right", "font": {"color": CLASS_PALETTE[i]}})
    for j in range(K):
        # Under the bottom edge, as a shift in pixels (Plotly centres the text there, the live
        # chart's drawing puts its baseline there: both clear the cells).
        notes.append({"x": j, "y": -0.5, "yshift": -12, "text": f"{j}", "showarrow": False,
                      "font": {"color": CLASS_PALETTE[j]}})
    notes.append({"x": (K - 1) / 2, "y": -0.5, "yshift": -30, "text": "predicted class",
                  "showarrow": False})
    image = {"source": style.png_data_uri(confusion_rgba(counts)), "xref": "x", "yref": "y",
             "x": -0.5, "y": K - 0.5, "sizex": K, "sizey": K, "sizing": "stretch",
             "layer": "below", "xanchor": "left", "yanchor": "top"}
    return {"images": [image], "annotations": notes}


def confusion_picture_figure(C, per_class=None, *, height: int = 225,
                             title: str = "Confusion (test set)") -> go.Figure:
    """The live page's confusion matrix: rows the true class (with its accuracy, the share of
    its examples predicted right), columns the predicted one, each cell's count written in
    it and its colour the share of its row. Drawn as a picture with annotations (no
    heatmap), so the live chart's own canvas draws it before plotly.js is loaded and a
    frame changes only ``confusion_parts``. One invisible trace holds the axes."""
    parts = confusion_parts(C, per_class)
    K = int(np.asarray(C).shape[0])
    fig = go.Figure(go.Scatter(x=[-0.5, K - 0.5], y=[-0.5, K - 0.5], mode="markers",
                               marker={"opacity": 0}, hoverinfo="skip", showlegend=False))
    style.live_layout(
        fig, height, title={"text": title},
        margin={"l": 105, "r": 10, "t": 40, "b": 45},
        xaxis={"range": [-0.5, K - 0.5], "visible": False, "fixedrange": True},
        yaxis={"range": [-0.5, K - 0.5], "visible": False, "fixedrange": True},
        images=parts["images"], annotations=parts["annotations"],
    )
    return fig


def confusion_figure(C, per_class=None, *, height: int = 360,
                     title: str = "Confusion matrix (test set)") -> go.Figure:
    """C (K, K) counts, rows the true class, columns the predicted one (as
    ``engine.metrics.confusion_matrix`` returns it), as a heatmap with each count written
    in its cell. ``per_class`` (K,), the accuracy of each true class (NaN: no example), is
    added to the row labels ("class 2 · 91 %")."""
    C = np.asarray(C)
    if C.ndim != 2 or C.shape[0] != C.shape[1] or C.shape[0] < 2:
        raise ValueError(f"C must be a square (K, K) matrix of counts, K >= 2; got {C.shape}.")
    if not np.all(np.isfinite(C)) or (C < 0).any():
        raise ValueError("C must hold counts: finite numbers >= 0.")
    K = C.shape[0]
    columns = [f"class {k}" for k in range(K)]
    rows = list(columns)
    if per_class is not None:
        per_class = np.asarray(per_class, dtype=float)
        rows = [f"{r} · {'–' if np.isnan(p) else f'{100 * p:.0f} %'}"
                for r, p in zip(rows, per_class, strict=True)]
    top = max(float(C.max()), 1.0)
    counts = C.astype(int)
    fig = go.Figure(go.Heatmap(
        z=counts, x=columns, y=rows, zmin=0, zmax=top, colorscale=style.CONFUSION_SCALE,
        showscale=False,
        hovertemplate="true %{y}<br>predicted %{x}<br>%{z} examples<extra></extra>",
    ))
    # Each count in its cell: dark on light cells, white on the darker half of the scale.
    for i in range(K):
        for j in range(K):
            fig.add_annotation(x=columns[j], y=rows[i], text=str(counts[i, j]),
                               showarrow=False, font={
                                   "color": "white" if counts[i, j] > top / 2 else style.INK})
    style.live_layout(
        fig, height, title={"text": title},
        xaxis={"title": {"text": "predicted class"}, "side": "bottom"},
        yaxis={"title": {"text": "true class"}, "autorange": "reversed"},
    )
    return fig
