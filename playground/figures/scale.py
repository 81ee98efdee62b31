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
    ``show_train``: the training R² (or RMSE) too, dotted, to show where a model overfits."""
    if metric not in METRICS:
        raise ValueError(f"metric must be one of {', '.join(METRICS)}; got {metric!r}.")
    models = list(dict.fromkeys(r["model"] for r in rows))
    fig = go.Figure()
    for name, (colour, dash, symbol) in _series(models).items():
        pts = sorted((r["m"], r[metric], r[metric.replace("test", "train")])
                     for r in rows if r["model"] == name)
        ms = [p[0] for p in pts]
        fig.add_trace(go.Scatter(
            x=ms, y=[p[1] for p in pts], name=name, mode="lines+markers",
            line={"color": colour, "dash": dash, "width": 3},
            marker={"symbol": symbol, "size": 10, "color": colour},
            hovertemplate="m = %{x:,}: %{y:.3f}<extra>" + name + "</extra>",
        ))
        if show_train:
            fig.add_trace(go.Scatter(
                x=ms, y=[p[2] for p in pts], name=f"{name}, training", mode="lines",
                line={"color": colour, "dash": "dot", "width": 2}, opacity=0.8,
                hovertemplate="m = %{x:,}: %{y:.3f}<extra>" + name + ", training</extra>",
            ))
    style.page_layout(
        fig, title=title, height=height,
        # Beside the plot: the curves end high on the right, where a legend inside would sit.
        legend={"orientation": "v", "x": 1.02, "y": 1.0, "xanchor": "left",
                "font": {"size": style.FONT_SIZE}},
    )
    ticks = sorted({r["m"] for r in rows})
    fig.update_xaxes(type="log", tickvals=ticks, ticktext=[f"{t:,}" for t in ticks],
                     title_text="m: training examples (log scale)")
    fig.update_yaxes(title_text=METRICS[metric], zeroline=True,
                     zerolinecolor="#bbbbbb")
    return fig
