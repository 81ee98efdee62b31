"""Figures for the teaching pages: pure functions, arrays in, ``go.Figure`` out.

Every figure uses the same colour for the same activation (its engine record's) or
initialization (``LAB_COLORS``) on every page, and font sizes that stay readable when
projected to a class room.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from engine.activations import ACTIVATIONS
from playground.figures import style
from playground.figures.boundary import boundaries_figure
from playground.figures.style import FONT_SIZE

# The colours of the lessons' cases that are not activations (an activation's colour is its
# engine record's, read by color_for). The initializations' five were picked like the
# activations': apart under the three dichromacies (tests/playground/test_teaching_colors.py),
# the two "bad" ones warm (Okabe-Ito and Paul Tol hues).
LAB_COLORS: dict[str, str] = {
    # initializations
    "zeros": "#E69F00",  # orange
    "small": "#56B4E9",  # sky blue
    "large": "#882255",  # wine
    "xavier": "#117733",  # green
    "he": "#332288",  # indigo
    # the two sides of the collapse demonstration
    "deep": "#0072B2",
    "collapsed": "#D55E00",
}
FALLBACK_COLORS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9")

LINE_WIDTH = 3
LOG_COST_TICKS = (0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.5, 0.693, 1, 2, 5, 10, 20, 50, 100)
UNDERLAY_STEP = 3  # extra width of a curve per later curve drawn on top of it
SATURATION_ALPHA = 0.16  # the bands and their legend square
DATA_GREY = "#CCCCCC"  # points of a regression, under the fitted curves (outlined darker)


def _cell(value: float, spec: str) -> str:
    """A heatmap cell's number, without the "-0.00" that a tiny negative rounds to."""
    text = format(float(value), spec)
    return text[1:] if text.startswith("-") and float(text) == 0 else text


def color_for(key: str, index: int = 0) -> str:
    """The colour of ``key``: an activation's record's, a lesson case's (LAB_COLORS), or a
    fallback by index. Read at draw time, so an activation registered later has its own."""
    if key in ACTIVATIONS:
        return ACTIVATIONS[key].color
    return LAB_COLORS.get(key, FALLBACK_COLORS[index % len(FALLBACK_COLORS)])


def _style(fig: go.Figure, title: str | None = None, height: int = 420) -> go.Figure:
    style.page_layout(fig, title, height)
    fig.update_annotations(font_size=FONT_SIZE + 1)
    return fig


# ----------------------------------------------------------------------------- activations


def _underlay_widths(ys: Sequence[np.ndarray], share: float = 0.05) -> list[float]:
    """Line widths that keep coinciding curves visible: a curve that runs on top of a later one
    (ReLU under leaky ReLU and linear for z > 0) is drawn wider, once per such later curve, so
    its colour shows as a band around the lines drawn over it.

    Two curves coincide when they agree on more than ``share`` of the grid."""
    arrays = [np.asarray(y, dtype=float) for y in ys]
    widths = []
    for i, y in enumerate(arrays):
        later = sum(
            1 for other in arrays[i + 1:]
            if other.shape == y.shape and np.mean(np.isclose(y, other)) > share
        )
        widths.append(LINE_WIDTH + UNDERLAY_STEP * later)
    return widths



def activation_figure(
    z: np.ndarray,
    curves: Sequence[Mapping],
    *,
    overlay: bool = False,
    saturation: Mapping[str, Sequence[tuple[float, float]]] | None = None,
    title: str | None = None,
) -> go.Figure:
    """g(z) and g'(z) for several activations.

    ``curves``: one mapping per activation with keys ``name`` (registry key, picks the
    colour), ``label`` (pretty name), ``a`` (g(z), same shape as ``z``) and ``da`` (g'(z)).
    ``overlay=False`` draws g on the left and g' on the right; ``overlay=True`` draws both on
    one plot, g' dashed. ``saturation``: activation name -> z intervals (z0, z1) to shade
    in that activation's colour (where its derivative is near 0).
    """
    z = np.asarray(z, dtype=float)
    if overlay:
        fig = go.Figure()
        cols = [(1, 1), (1, 1)]
    else:
        fig = make_subplots(
            rows=1, cols=2, subplot_titles=("g(z): the activation", "g′(z): its derivative"),
            horizontal_spacing=0.08,
        )
        cols = [(1, 1), (1, 2)]
    widths = {key: _underlay_widths([c[key] for c in curves]) for key in ("a", "da")}
    for i, curve in enumerate(curves):
        color = color_for(curve["name"], i)
        label = curve.get("label", curve["name"])
        for (row, col), key, dash, suffix in (
            (cols[0], "a", "solid", ""),
            (cols[1], "da", "dash" if overlay else "solid", "′"),
        ):
            trace = go.Scatter(
                x=z, y=np.asarray(curve[key], dtype=float), mode="lines",
                name=f"{label}{suffix}" if overlay else label,
                legendgroup=curve["name"],
                showlegend=overlay or key == "a",
                line={"color": color, "width": widths[key][i], "dash": dash},
                hovertemplate=f"{label}{suffix}" + "(%{x:.2f}) = %{y:.4f}<extra></extra>",
            )
            if overlay:
                fig.add_trace(trace)
            else:
                fig.add_trace(trace, row=row, col=col)
    labels = {c["name"]: c.get("label", c["name"]) for c in curves}
    shaded = [(name, iv) for name, iv in (saturation or {}).items() if iv]
    for i, (name, intervals) in enumerate(shaded):
        fill = style.tint(color_for(name, i), SATURATION_ALPHA)
        # Each activation's bands get their own horizontal lane (sigmoid's top, tanh's below
        # it): sigmoid's flat parts lie inside tanh's, and full-height bands on top of each
        # other showed only a mixture of the two tints, never the legend's colours.
        top, bottom = 1 - i / len(shaded), 1 - (i + 1) / len(shaded)
        for z0, z1 in intervals:
            for axis in (("x", "y"),) if overlay else (("x", "y"), ("x2", "y2")):
                fig.add_shape(type="rect", x0=z0, x1=z1, y0=bottom, y1=top, xref=axis[0],
                              yref=f"{axis[1]} domain", fillcolor=fill, line_width=0,
                              layer="below")
        # A legend entry for the shading (an invisible trace carrying its colour).
        fig.add_trace(go.Scatter(
            x=[None], y=[None], mode="markers", name=f"{labels.get(name, name)} saturates",
            marker={"size": 16, "color": fill, "symbol": "square",
                    "line": {"color": color_for(name, i), "width": 1}},
        ))
    fig.update_xaxes(title_text="z", zeroline=True, zerolinecolor="#999", zerolinewidth=1)
    fig.update_yaxes(zeroline=True, zerolinecolor="#999", zerolinewidth=1)
    _style(fig, title, height=440)
    fig.update_layout(legend={"orientation": "h", "y": -0.2, "x": 0})
    return fig


# ----------------------------------------------------------------------------- training curves


def cost_curves_figure(
    runs: Sequence[Mapping],
    *,
    title: str | None = "Cost J over training",
    log_y: bool = False,
    y_title: str = "cost J",
) -> go.Figure:
    """Cost against epoch for several runs, one colour per run.

    ``runs``: mappings with ``key`` (palette key), ``label``, ``epoch`` and ``cost`` (lists
    of the same length).
    """
    fig = go.Figure()
    for i, run in enumerate(runs):
        fig.add_trace(go.Scatter(
            x=list(run["epoch"]), y=list(run["cost"]), mode="lines", name=run["label"],
            line={"color": color_for(run["key"], i), "width": LINE_WIDTH},
            hovertemplate=run["label"] + ": epoch %{x}, J = %{y:.4f}<extra></extra>",
        ))
    fig.update_xaxes(title_text="epoch")
    fig.update_yaxes(title_text=y_title, type="log" if log_y else "linear")
    if log_y:
        # Plotly labels a log axis that spans less than a few decades with bare digits
        # ("2 3 4 5 ... 9 1 2"): name a few round costs instead, log 2 among them.
        costs = [c for run in runs for c in run["cost"] if c is not None and c > 0]
        if costs:
            lo, hi = min(costs), max(costs)
            ticks = [t for t in LOG_COST_TICKS if lo / 1.5 <= t <= hi * 1.5]
            fig.update_yaxes(tickvals=ticks, ticktext=[f"{t:g}" for t in ticks])
    _style(fig, title)
    # Below the plot: on the right the legend took a third of the width from the curves.
    fig.update_layout(legend={"orientation": "h", "y": -0.22, "x": 0})
    return fig


def gradient_norms_figure(
    runs: Sequence[Mapping], *, title: str | None = "‖dW[l]‖ of each layer over training"
) -> go.Figure:
    """Per-layer gradient norms over training, one panel per run, log scale.

    ``runs``: mappings with ``key``, ``label``, ``epoch`` (list) and ``norms`` (list of one
    list per layer: ``norms[l-1][k]`` is ‖dW[l]‖_F at ``epoch[k]``).
    """
    n = max(len(runs), 1)
    fig = make_subplots(
        rows=1, cols=n, shared_yaxes=True, subplot_titles=[r["label"] for r in runs],
        horizontal_spacing=0.05,
    )
    dashes = ("solid", "dash", "dot", "dashdot", "longdash", "longdashdot")
    for c, run in enumerate(runs, start=1):
        color = color_for(run["key"], c - 1)
        for l, series in enumerate(run["norms"], start=1):
            # A zero gradient cannot be drawn on a log axis: show it at the floor instead.
            y = [v if v > 0 else None for v in series]
            fig.add_trace(go.Scatter(
                x=list(run["epoch"]), y=y, mode="lines", name=f"layer {l}",
                legendgroup=f"layer {l}", showlegend=False,
                line={"color": color, "width": LINE_WIDTH, "dash": dashes[(l - 1) % len(dashes)]},
                hovertemplate=f"{run['label']}, ‖dW[{l}]‖" + " = %{y:.3g} at epoch %{x}"
                "<extra></extra>",
            ), row=1, col=c)
        if run["norms"] and all(v == 0 for series in run["norms"] for v in series):
            axis = "" if c == 1 else str(c)
            fig.add_annotation(
                x=0.5, y=0.5, xref=f"x{axis} domain", yref=f"y{axis} domain",
                text="every ‖dW[l]‖<br>= 0: nothing<br>to draw", showarrow=False,
                font={"color": "#333333"},  # the run's colour (orange) was too pale to read
            )
    # The legend names the layers by dash style, in a neutral colour.
    for l in range(1, max((len(r["norms"]) for r in runs), default=0) + 1):
        fig.add_trace(go.Scatter(
            x=[None], y=[None], mode="lines", name=f"layer {l}", legendgroup=f"layer {l}",
            line={"color": "#444", "width": LINE_WIDTH, "dash": dashes[(l - 1) % len(dashes)]},
        ), row=1, col=1)
    fig.update_yaxes(type="log", exponentformat="power")
    fig.update_yaxes(title_text="‖dW[l]‖ (log)", row=1, col=1)
    # Three ticks per panel: with more, "1500" of one panel ran into "0" of the next.
    fig.update_xaxes(title_text="epoch", nticks=3)
    _style(fig, title, height=400)
    fig.update_layout(legend={"orientation": "h", "y": -0.22, "x": 0})
    return fig


# ----------------------------------------------------------------------------- matrices


def weights_heatmaps_figure(
    panels: Sequence[Mapping], *, title: str | None = "W[1]: one row per hidden unit"
) -> go.Figure:
    """One heatmap per run of a weight matrix (rows = hidden units, columns = inputs).

    ``panels``: mappings with ``label`` and ``W`` (2-D array). Each panel has its own colour
    range, symmetric about 0, so identical rows look identical whatever their size.
    """
    n = max(len(panels), 1)
    fig = make_subplots(
        rows=1, cols=n, subplot_titles=[p["label"] for p in panels], horizontal_spacing=0.04
    )
    for c, panel in enumerate(panels, start=1):
        W = np.asarray(panel["W"], dtype=float)
        vmax = float(np.max(np.abs(W))) if W.size else 0.0
        vmax = vmax if vmax > 0 else 1.0
        n_out, n_in = W.shape
        fig.add_trace(go.Heatmap(
            z=W, x=[f"x{j + 1}" for j in range(n_in)], y=[f"unit {i + 1}" for i in range(n_out)],
            zmin=-vmax, zmax=vmax, colorscale="RdBu_r", showscale=False,
            text=[[_cell(v, ".2g") for v in row] for row in W],
            texttemplate="%{text}" if W.size <= 64 else None,
            textfont={"size": FONT_SIZE - 2},
            hovertemplate="unit %{y}, %{x}: w = %{z:.4g}<extra></extra>",
        ), row=1, col=c)
        fig.update_yaxes(autorange="reversed", row=1, col=c, showticklabels=c == 1)
    return _style(fig, title, height=120 + 36 * max(
        (np.asarray(p["W"]).shape[0] for p in panels), default=4
    ))


def matrix_figure(
    M: np.ndarray, *, title: str | None = None, row_name: str = "row", col_name: str = "col"
) -> go.Figure:
    """One annotated heatmap of a small matrix (e.g. the collapsed W′ or b′)."""
    M = np.atleast_2d(np.asarray(M, dtype=float))
    vmax = float(np.max(np.abs(M))) if M.size else 0.0
    vmax = vmax if vmax > 0 else 1.0
    fig = go.Figure(go.Heatmap(
        z=M, x=[f"{col_name} {j + 1}" for j in range(M.shape[1])],
        y=[f"{row_name} {i + 1}" for i in range(M.shape[0])],
        zmin=-vmax, zmax=vmax, colorscale="RdBu_r", showscale=False,
        text=[[_cell(v, ".2f") for v in row] for row in M],
        texttemplate="%{text}" if M.size <= 100 else None,
        textfont={"size": FONT_SIZE - 2},
        hovertemplate="%{y}, %{x}: %{z:.6g}<extra></extra>",
    ))
    fig.update_yaxes(autorange="reversed")
    return _style(fig, title, height=110 + 40 * M.shape[0])


def singular_values_figure(
    s: np.ndarray, *, rank: int, bottleneck: int | None = None, title: str | None = None
) -> go.Figure:
    """Bar chart of the singular values of W′ (log scale): the first ``rank`` are the real ones."""
    s = np.asarray(s, dtype=float)
    floor = 1e-18
    y = np.maximum(s, floor)
    colors = [LAB_COLORS["collapsed"] if i < rank else "#BBBBBB" for i in range(s.size)]
    fig = go.Figure(go.Bar(
        x=[f"σ{i + 1}" for i in range(s.size)], y=y, marker_color=colors,
        hovertemplate="%{x} = %{y:.3g}<extra></extra>",
    ))
    if bottleneck is not None and 0 < bottleneck < s.size:
        fig.add_vline(x=bottleneck - 0.5, line_dash="dash", line_color="#333", line_width=2)
        fig.add_annotation(
            x=bottleneck - 0.5, y=1, yref="paper", text=f"narrowest layer: {bottleneck}",
            showarrow=False, xanchor="left", yanchor="top", xshift=6,
        )
    fig.update_yaxes(type="log", title_text="singular value (log)", exponentformat="power")
    return _style(fig, title, height=360)


# ----------------------------------------------------------------------------- 2-D data


def decision_boundaries_figure(
    x1s: np.ndarray,
    x2s: np.ndarray,
    panels: Sequence[Mapping],
    X: np.ndarray,
    Y: np.ndarray,
    *,
    title: str | None = None,
) -> go.Figure:
    """Side-by-side decision regions on the same data (``figures.boundary``'s figure).

    ``x1s`` (n1,), ``x2s`` (n2,): the grid's axes. ``panels``: mappings with ``label`` and
    ``P`` (n2, n1): the network's output a[L] (probability of class 1) on the grid, or None
    (then the panel shows its ``note`` instead, e.g. "training diverged").
    ``X`` (2, m) and ``Y`` (1, m) of 0/1: the training points drawn on every panel.
    """
    return boundaries_figure(
        [{**p, "title": p["label"], "x1s": x1s, "x2s": x2s} for p in panels], X, Y,
        title=title, height=470, output="a",
    )


def regression_fit_figure(
    x: np.ndarray,
    y: np.ndarray,
    curves: Sequence[Mapping],
    *,
    x_title: str = "x",
    y_title: str = "y",
    title: str | None = None,
) -> go.Figure:
    """Training points and the fitted curves of several networks.

    ``x``, ``y``: 1-D arrays of the points. ``curves``: mappings with ``key``, ``label``,
    ``x`` and ``y`` (sorted by x).
    """
    fig = go.Figure(go.Scatter(
        x=np.asarray(x, dtype=float), y=np.asarray(y, dtype=float), mode="markers",
        # Light grey: the linear output's curve is the palette's dark grey and must stand
        # out from the points it runs through.
        name="training data",
        marker={"color": DATA_GREY, "size": 9, "line": {"color": "#8C8C8C", "width": 1}},
    ))
    for i, curve in enumerate(curves):
        fig.add_trace(go.Scatter(
            x=np.asarray(curve["x"], dtype=float), y=np.asarray(curve["y"], dtype=float),
            mode="lines", name=curve["label"],
            line={"color": color_for(curve["key"], i), "width": LINE_WIDTH + 1},
        ))
    fig.update_xaxes(title_text=x_title)
    fig.update_yaxes(title_text=y_title)
    _style(fig, title, height=420)
    fig.update_layout(legend={"orientation": "h", "y": -0.2, "x": 0})
    return fig
