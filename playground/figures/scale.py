"""Figure builder for the page "Scale drives deep learning": performance (test R²) against
the training-set size m on a log axis, one line per model, as the lecture's week-1 chart.
Plain rows in (``lessons.scale.sweep``), ``plotly.graph_objects.Figure`` out."""

from __future__ import annotations

from collections.abc import Sequence

import plotly.graph_objects as go

from playground.figures import style

# The traditional method in orange, dashed; the networks in blues, darker as they grow (the
# lecture's picture: the bigger the network, the higher its curve ends).
NETWORK_BLUES = ("#9ecae1", "#4292c6", "#08306b")
TRADITIONAL = (style.DEEP_ORANGE, "dash", "diamond")

METRICS = {
    "test_r2": "test R² (higher is better)",
    "test_rmse": "test RMSE ($100,000; lower is better)",
}


def _series(models: Sequence[str]) -> dict[str, tuple[str, str, str]]:
    """Model name -> (colour, dash, marker): the first model is the traditional method."""
    out = {models[0]: TRADITIONAL}
    for i, name in enumerate(models[1:]):
        out[name] = (NETWORK_BLUES[min(i, len(NETWORK_BLUES) - 1)], "solid", "circle")
    return out


def scale_figure(rows: Sequence[dict], metric: str = "test_r2", show_train: bool = False,
                 title: str | None = None, height: int = 460) -> go.Figure:
    """One line per model of ``metric`` against m (log axis, ticks at the measured m).
    ``show_train``: the training R² (or RMSE) too, dotted, to show where a model overfits
    (one legend entry for all of them, after the models')."""
    if metric not in METRICS:
        raise ValueError(f"metric must be one of {', '.join(METRICS)}; got {metric!r}.")
    models = list(dict.fromkeys(r["model"] for r in rows))
    higher_is_better = metric.endswith("r2")
    fig = go.Figure()
    for name, (colour, dash, symbol) in _series(models).items():
        pts = sorted((r["m"], r[metric], r[metric.replace("test", "train")])
                     for r in rows if r["model"] == name)
        ms = [p[0] for p in pts]
        fig.add_trace(go.Scatter(
            x=ms, y=[p[1] for p in pts], name=name, mode="lines+markers",
            line={"color": colour, "dash": dash, "width": 3}, legendgroup=name,
            marker={"symbol": symbol, "size": 10, "color": colour},
            hovertemplate="m = %{x:,}: %{y:.3f}<extra>" + name + "</extra>",
        ))
        if show_train:
            # No legend entry of its own (eight would cover the curves): it shares its
            # model's (a click hides both), and one grey entry says what dotted means.
            fig.add_trace(go.Scatter(
                x=ms, y=[p[2] for p in pts], name=f"{name}, training", mode="lines",
                line={"color": colour, "dash": "dot", "width": 2}, opacity=0.8,
                legendgroup=name, showlegend=False,
                hovertemplate="m = %{x:,}: %{y:.3f}<extra>" + name + ", training</extra>",
            ))
    if show_train:
        fig.add_trace(go.Scatter(x=[None], y=[None], name="dotted: training score",
                                 mode="lines", line={"color": "#777777", "dash": "dot",
                                                     "width": 2}, hoverinfo="skip"))
    style.page_layout(
        fig, title=title, height=height,
        # R²: inside the empty bottom-right corner (with much data the curves are high), so
        # the plot keeps the column's whole width. RMSE: no corner is empty (the curves start
        # high and end low on the right), so the legend goes under the plot.
        legend={"orientation": "v", "x": 0.99, "xanchor": "right", "y": 0.03,
                "yanchor": "bottom", "bgcolor": "rgba(255, 255, 255, 0.85)",
                "bordercolor": "#cccccc", "borderwidth": 1,
                "font": {"size": style.FONT_SIZE - 1}},
    )
    if not higher_is_better:
        fig.update_layout(height=height + 90, margin={"b": 140},
                          legend={"orientation": "h", "x": 0.0, "xanchor": "left",
                                  "y": -0.22, "yanchor": "top", "borderwidth": 0})
    ticks = sorted({r["m"] for r in rows})
    fig.update_xaxes(type="log", tickvals=ticks, ticktext=[f"{t:,}" for t in ticks],
                     title_text="m: training examples (log scale)")
    fig.update_yaxes(title_text=METRICS[metric], zeroline=True,
                     zerolinecolor="#bbbbbb")
    return fig
