"""Compare mode's curves: the cost (or accuracy) of runs A..D overlaid in one chart.

Pure: histories in, ``go.Figure`` out. Each run has its colour (``style.RUN_COLORS``), its
training curve solid and its test curve dotted; the legend (``layout.meta.legend``, which
the live chart's canvas draws) lists the runs and the two line styles once, not every trace.
"""

from __future__ import annotations

from collections.abc import Sequence

import plotly.graph_objects as go

from playground.figures import style
from playground.figures.plane import downsample

LINE_WIDTH = 2.5


def run_traces(epochs: Sequence[int], train: Sequence, test: Sequence | None) -> tuple:
    """One run's (x, train, test) as drawn: downsampled, test empty without a test set."""
    x, tr, te = downsample(list(epochs), list(train), list(test) if test is not None else None)
    has_test = any(v is not None for v in te)
    return x, tr, (x if has_test else []), te


def compare_curves_figure(
    runs: Sequence[dict],
    *,
    title: str = "Cost",
    y_title: str = "cost J",
    log_y: bool = False,
    y_range: tuple[float, float] | None = None,
    height: int = 220,
) -> go.Figure:
    """``runs``: [{"name": "A", "epoch": [...], "train": [...], "test": [...] or None}].

    Traces: 2 i the training curve of run i, 2 i + 1 its test curve (empty without a test
    set), named "A train", "A test" (the hover says them)."""
    fig = go.Figure()
    legend = []
    for i, run in enumerate(runs):
        colour = style.RUN_COLORS[i % len(style.RUN_COLORS)]
        x, tr, x_test, te = run_traces(run["epoch"], run["train"], run.get("test"))
        fig.add_trace(go.Scatter(x=x, y=tr, mode="lines", name=f"{run['name']} train",
                                 line={"color": colour, "width": LINE_WIDTH}))
        fig.add_trace(go.Scatter(x=x_test, y=te, mode="lines", name=f"{run['name']} test",
                                 line={"color": colour, "width": LINE_WIDTH, "dash": "dot"}))
        legend.append({"name": run["name"], "line": {"color": colour, "width": 4}})
    # The line styles once: "train" only while there is room (two runs), solid is the rest.
    if len(runs) <= 2:
        legend.append({"name": "train", "line": {"color": style.INK, "width": 2}})
    legend.append({"name": "test", "line": {"color": style.INK, "width": 2, "dash": "dot"}})
    yaxis: dict = {"title": {"text": y_title}, "type": "log" if log_y else "linear"}
    if y_range is not None:
        yaxis["range"] = list(y_range)
    style.live_layout(fig, height, title={"text": title}, xaxis={"title": {"text": "epoch"}},
                      yaxis=yaxis, showlegend=True, meta={"legend": legend},
                      legend={"orientation": "h", "y": 1.12, "x": 1, "xanchor": "right"})
    return fig
