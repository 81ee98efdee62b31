"""Figure builder for the page "Why deep": hidden units (or gates) needed for n-bit parity,
against n. Plain values in, ``plotly.graph_objects.Figure`` out; no Streamlit, no training."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import plotly.graph_objects as go

from playground.figures import style
from playground.figures.style import FONT_SIZE

# One colour per count, the measured ones solid, the lecture's gate counts dashed and grey.
SERIES = {
    "one hidden layer, trained (units)": (style.DEEP_ORANGE, "solid", "circle"),
    "deep narrow, trained (units)": (style.BLUE, "solid", "square"),
    "deep ReLU, set by hand (units)": ("#2ca02c", "dot", "diamond"),
    "one layer of AND/OR (gates)": ("#7f7f7f", "dash", "x"),
    "XOR tree (gates)": ("#4d4d4d", "dash", "cross"),
}


def units_figure(rows: Sequence[Mapping[str, object]], title: str | None = None,
                 height: int = 460, log_y: bool = True) -> go.Figure:
    """One line per count in SERIES against n (the rows of ``lessons.why_deep.row``). A
    count that is None (no size reached the target) leaves a gap. ``log_y``: 2^(n-1) grows
    so fast that the other lines would lie flat on a linear axis."""
    ns = [int(r["n bits"]) for r in rows]
    fig = go.Figure()
    for name, (color, dash, symbol) in SERIES.items():
        ys = [r.get(name) for r in rows]
        fig.add_trace(go.Scatter(
            x=ns, y=ys, name=name, mode="lines+markers",
            line={"color": color, "dash": dash, "width": 3},
            marker={"symbol": symbol, "size": 10, "color": color},
            hovertemplate="n = %{x}: %{y}<extra>" + name + "</extra>",
        ))
    fig.update_layout(
        title={"text": title, "font": {"size": FONT_SIZE + 2}} if title else None,
        height=height, font={"size": FONT_SIZE}, template="plotly_white",
        margin={"l": 70, "r": 20, "t": 60 if title else 20, "b": 60},
        # Beside the plot, not over it: the lines start low on the left and end high.
        legend={"orientation": "v", "x": 1.02, "y": 1.0, "xanchor": "left"},
    )
    fig.update_xaxes(title_text="n (bits)", dtick=1)
    if log_y:
        # Powers of two only: a log axis's default 2..9 minor labels crowd each other.
        top = max([1, *(float(y) for t in fig.data for y in t.y if y is not None)])
        ticks = [2 ** k for k in range(0, int(math.log2(top)) + 2)]
        fig.update_yaxes(type="log", tickvals=ticks, ticktext=[str(t) for t in ticks])
    fig.update_yaxes(title_text="hidden units (or gates)")
    return fig
