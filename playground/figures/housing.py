"""Figures for the housing page: pure functions, arrays in (prices in dollars), figure out.

Every price here is already in dollars (``engine.housing.to_dollars`` converts the network's
output, which is in units of $100,000). The builders never train or predict: the caller hands
them the numbers, so each one is tested without a browser. The map of the districts is in
``figures.housing_map``, the dollar metrics and their text in ``figures.dollars``.

The figures:

- ``rmse_curve_figure``: the root-mean-squared error in dollars for train and test, per epoch,
  with the latest R² and MAE in the title (the title updates with the curves).
- ``predicted_vs_actual_figure``: one point per test district, the prediction on x and the
  actual price on y. The data set's prices are censored at $500,001, so every district worth
  more sits on the same horizontal line y = 500,001: drawn and annotated as what it is.
- ``residual_histogram_figure``: how far off the predictions are (predicted minus actual).
- ``fitted_curve_figure``: with a single input feature, the network's prediction over that
  feature drawn on top of the data: one ReLU unit gives the lecture's "price rises past a
  threshold" hinge; more units give a piecewise-linear fit.
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from engine.housing import PRICE_CAP
from playground.figures import style
from playground.figures.dollars import (
    MONEY_FORMAT,
    DollarMetrics,
    dollars_list,
    flat,
    money,
    rmse_title,
)
from playground.figures.plane import downsample

TRAIN_COLOR = "#1f77b4"
TEST_COLOR = "#ff7f0e"
CAP_COLOR = "#d62728"
FIT_COLOR = "#d62728"


def housing_layout(fig: go.Figure, height: int, **extra) -> go.Figure:
    """The live look with the housing figures' margins and Plotly's font size."""
    return style.live_layout(fig, height, margin=extra.pop("margin", style.HOUSING_MARGIN),
                             font_size=None, **extra)


def _padded(values, share: float = 0.03) -> list[float]:
    """[min, max] of the values widened by ``share`` of their span on each side."""
    v = flat(values)
    v = v[np.isfinite(v)]
    if v.size == 0:
        return [0.0, 1.0]
    lo, hi = float(v.min()), float(v.max())
    pad = (hi - lo) * share or 1.0
    return [lo - pad, hi + pad]


def rmse_curve_update(epochs, train_rmse, test_rmse=None) -> dict:
    """The moving part of ``rmse_curve_figure``: traces 0 (train) and 1 (test), at most
    MAX_CURVE_POINTS points each, as plain lists (RMSE in dollars, rounded to the dollar)."""
    test = list(test_rmse) if test_rmse is not None else None
    x, tr, te = downsample(list(epochs), list(train_rmse), test)
    tr = [None if v is None else round(v) for v in tr]
    te = [None if v is None else round(v) for v in te]
    has_test = bool(test) and any(v is not None for v in te)
    return {"0": {"x": x, "y": tr}, "1": {"x": x if has_test else [], "y": te if has_test else []}}


def rmse_curve_figure(
    epochs,
    train_rmse,
    test_rmse=None,
    *,
    train_metrics: DollarMetrics | None = None,
    test_metrics: DollarMetrics | None = None,
    log_y: bool = False,
    height: int = 340,
) -> go.Figure:
    """The cost curves in dollars: RMSE per epoch for train (and test, when given).

    epochs, train_rmse, test_rmse: 1-D sequences of the same length (RMSE in dollars).
    train_metrics / test_metrics: the latest metrics, written in the title so the R² and the
    MAE stand beside the curves. Trace 0 is train, trace 1 is test (empty when not given).
    """
    traces = rmse_curve_update(epochs, train_rmse, test_rmse)
    fig = go.Figure()
    fig.add_trace(go.Scatter(
        **traces["0"], mode="lines", name="train RMSE",
        line={"color": TRAIN_COLOR, "width": 2},
        hovertemplate="epoch %{x}<br>train RMSE %{y:$,.0f}<extra></extra>",
    ))
    fig.add_trace(go.Scatter(
        **traces["1"], mode="lines", name="test RMSE",
        line={"color": TEST_COLOR, "width": 2, "dash": "dash"},
        hovertemplate="epoch %{x}<br>test RMSE %{y:$,.0f}<extra></extra>",
    ))
    yaxis = {"title": {"text": "RMSE (dollars)"}, "tickformat": MONEY_FORMAT,
             "type": "log" if log_y else "linear"}
    if not log_y:
        yaxis["rangemode"] = "tozero"
    housing_layout(
        fig, height,
        title=rmse_title(train_metrics, test_metrics, has_test=test_rmse is not None),
        xaxis={"title": {"text": "epoch"}, "rangemode": "nonnegative"},
        yaxis=yaxis,
        legend={"x": 1, "xanchor": "right", "y": 1, "bgcolor": "rgba(255,255,255,0.7)"},
    )
    return fig


def at_the_cap(actual_dollars: np.ndarray, cap: float = PRICE_CAP) -> np.ndarray:
    """Which districts sit at the census cap. Half a dollar of tolerance: a price that went
    to units of $100,000 and back is 500,000.99999999994, not 500,001."""
    return np.asarray(actual_dollars, dtype=float) >= cap - 0.5


def _diagonal(pred: np.ndarray, act: np.ndarray, cap: float) -> dict:
    lo = float(min(0.0, pred.min(initial=0.0), act.min(initial=0.0)))
    hi = float(max(cap, pred.max(initial=cap), act.max(initial=cap)))
    return {"x": [lo, hi], "y": [lo, hi]}


def predicted_vs_actual_update(predicted, actual, *, cap: float = PRICE_CAP) -> dict:
    """The moving part of ``predicted_vs_actual_figure``: the predictions (x) of trace 0
    (uncensored districts) and trace 1 (districts at the cap), and the diagonal (trace 2)."""
    pred, act = flat(predicted), flat(actual)
    if pred.shape != act.shape:
        raise ValueError(f"predicted has {pred.size} values but actual has {act.size}")
    at_cap = at_the_cap(act, cap)
    return {"0": {"x": dollars_list(pred[~at_cap])}, "1": {"x": dollars_list(pred[at_cap])},
            "2": _diagonal(pred, act, cap)}


def predicted_vs_actual_figure(
    predicted, actual, *, cap: float = PRICE_CAP, height: int = 440,
) -> go.Figure:
    """Predicted (x) against actual (y) price for the test districts, in dollars.

    Points on the dotted diagonal are predicted exactly. The census recorded every price above
    the cap as the cap itself, so those districts form a horizontal row at y = cap: they are
    drawn in their own colour, and the line y = cap is drawn and annotated with their number.
    Trace 0: uncensored districts; trace 1: districts at the cap; trace 2: the diagonal.
    """
    moving = predicted_vs_actual_update(predicted, actual, cap=cap)
    act = flat(actual)
    at_cap = at_the_cap(act, cap)
    n_cap = int(at_cap.sum())
    fig = go.Figure()
    fig.add_trace(go.Scattergl(
        **moving["0"], y=dollars_list(act[~at_cap]), mode="markers", name="test districts",
        marker={"size": 4, "color": TEST_COLOR, "opacity": 0.45},
        hovertemplate="predicted %{x:$,.0f}<br>actual %{y:$,.0f}<extra></extra>",
    ))
    fig.add_trace(go.Scattergl(
        **moving["1"], y=dollars_list(act[at_cap]), mode="markers",
        name=f"at the cap ({n_cap})", marker={"size": 4, "color": CAP_COLOR, "opacity": 0.6},
        hovertemplate="predicted %{x:$,.0f}<br>actual: $500,001 or more (censored)"
                      "<extra></extra>",
    ))
    fig.add_trace(go.Scatter(
        **moving["2"], mode="lines", name="perfect prediction",
        line={"color": "gray", "dash": "dot", "width": 1}, hoverinfo="skip",
    ))
    fig.add_hline(
        y=cap, line={"color": CAP_COLOR, "width": 1, "dash": "dash"},
        annotation_text=(f"census cap $500,001: these {n_cap:,} districts are worth that or more"
                         if n_cap != 1 else
                         "census cap $500,001: this district is worth that or more"),
        annotation_position="top left",
        annotation_font={"size": 11, "color": CAP_COLOR},
    )
    housing_layout(
        fig, height,
        title={"text": "Test districts: predicted vs actual price", "font": {"size": 14}},
        xaxis={"title": {"text": "predicted price"}, "tickformat": MONEY_FORMAT},
        # The actual prices never change: a fixed y range (only x follows the predictions).
        yaxis={"title": {"text": "actual price"}, "tickformat": MONEY_FORMAT,
               "range": _padded(np.append(act, [0.0, cap]), 0.08)},
        legend={"orientation": "h", "y": -0.2, "x": 0},
    )
    return fig


def residual_histogram(residuals, bins: int = 40) -> tuple[np.ndarray, np.ndarray]:
    """Bin centres and counts of the residuals (predicted minus actual), ``bins`` equal bins
    from the smallest to the largest residual."""
    r = flat(residuals)
    r = r[np.isfinite(r)]
    if r.size == 0:
        return np.empty(0), np.empty(0, dtype=int)
    lo, hi = float(r.min()), float(r.max())
    if lo == hi:
        lo, hi = lo - 0.5, hi + 0.5
    counts, edges = np.histogram(r, bins=bins, range=(lo, hi))
    return (edges[:-1] + edges[1:]) / 2, counts


def _residual_title(residuals) -> dict:
    r = flat(residuals)
    mean = float(np.mean(r)) if r.size else 0.0
    return {"text": f"Errors on test (predicted − actual): mean {money(mean)}",
            "font": {"size": 14}}


def residual_histogram_update(residuals, *, bins: int = 40) -> tuple[dict, dict]:
    """The moving part of ``residual_histogram_figure``: (trace updates, layout updates)."""
    centres, counts = residual_histogram(residuals, bins)
    width = float(centres[1] - centres[0]) if centres.size > 1 else 1.0
    trace = {"x": np.round(centres, 2).tolist(), "y": counts.tolist(), "width": width}
    return {"0": trace}, {"title": _residual_title(residuals)}


def residual_histogram_figure(residuals, *, bins: int = 40, height: int = 340) -> go.Figure:
    """The distribution of the test residuals, predicted minus actual price, in dollars.

    Binned here (``residual_histogram``) so a live update sends only the bars. Right of zero:
    the network predicts too high; left of zero: too low. Trace 0: the bars.
    """
    traces, layout = residual_histogram_update(residuals, bins=bins)
    fig = go.Figure(go.Bar(
        **traces["0"], marker={"color": TEST_COLOR}, name="test districts",
        hovertemplate="error about %{x:$,.0f}<br>%{y} districts<extra></extra>",
    ))
    fig.add_vline(x=0, line={"color": "black", "width": 1})
    housing_layout(
        fig, height, **layout,
        xaxis={"title": {"text": "predicted − actual price"}, "tickformat": MONEY_FORMAT},
        yaxis={"title": {"text": "districts"}},
        bargap=0.02, showlegend=False,
    )
    return fig


def fitted_curve_update(grid_predicted) -> dict:
    """The moving part of ``fitted_curve_figure``: the curve's prices (trace 1)."""
    return {"1": {"y": dollars_list(grid_predicted)}}


def fitted_curve_figure(
    feature_values,
    actual,
    grid,
    grid_predicted,
    *,
    feature_label: str,
    cap: float = PRICE_CAP,
    height: int = 440,
) -> go.Figure:
    """The network's prediction over one input feature, drawn on top of the data.

    feature_values, actual: the districts (feature in its own unit, price in dollars).
    grid, grid_predicted: the feature on a sorted grid and the network's prediction there.
    One ReLU hidden unit draws a hinge (flat, then rising past a threshold); more units draw
    a piecewise-linear curve. Trace 0: districts; trace 1: the fitted curve.
    """
    g, gp = flat(grid), flat(grid_predicted)
    if g.shape != gp.shape:
        raise ValueError("grid and grid_predicted must have the same length")
    fig = go.Figure()
    fig.add_trace(go.Scattergl(
        x=flat(feature_values).tolist(), y=dollars_list(actual), mode="markers",
        name="districts", marker={"size": 3, "color": TRAIN_COLOR, "opacity": 0.3},
        hovertemplate=f"{feature_label} %{{x:.3g}}<br>price %{{y:$,.0f}}<extra></extra>",
    ))
    fig.add_trace(go.Scatter(
        x=g.tolist(), **fitted_curve_update(gp)["1"], mode="lines",
        name="the network's prediction", line={"color": FIT_COLOR, "width": 3},
        hovertemplate=f"{feature_label} %{{x:.3g}}<br>predicted %{{y:$,.0f}}<extra></extra>",
    ))
    fig.add_hline(y=cap, line={"color": "gray", "width": 1, "dash": "dash"},
                  annotation_text="census cap $500,001", annotation_position="top left",
                  annotation_font={"size": 11, "color": "gray"})
    housing_layout(
        fig, height,
        title={"text": f"The fitted curve: price against {feature_label}", "font": {"size": 14}},
        xaxis={"title": {"text": feature_label}},
        yaxis={"title": {"text": "price"}, "tickformat": MONEY_FORMAT},
        legend={"orientation": "h", "y": -0.2, "x": 0},
    )
    return fig
