"""The housing page's district map: the test districts at their longitude and latitude,
coloured by predicted price or by error (plain axes, nothing fetched from the internet).
A pure builder, like the page's other figures (``figures.housing``)."""

from __future__ import annotations

import math

import numpy as np
import plotly.graph_objects as go
from plotly.colors import get_colorscale

from playground.figures.dollars import MONEY_FORMAT, dollars_list, flat
from playground.figures.housing import housing_layout

MAP_COLOR_BY = ("predicted", "error")
MAP_TITLES = {
    "predicted": "Test districts coloured by predicted price",
    "error": "Test districts coloured by error (red: predicted too high, blue: too low)",
}


def map_marker(values, color_by: str = "predicted") -> dict:
    """The marker of the district map: colours from predicted prices or from errors
    (predicted − actual, a diverging scale centred on zero and symmetric), in dollars.
    Colour scales are written out in full: plotly.js does not know Python's "_r" names."""
    if color_by not in MAP_COLOR_BY:
        raise ValueError(f"color_by must be one of {', '.join(MAP_COLOR_BY)}, not {color_by!r}")
    v = flat(values)
    marker: dict = {"color": dollars_list(v), "size": 4, "opacity": 0.75}
    if color_by == "predicted":
        marker.update(colorscale=get_colorscale("Viridis"),
                      colorbar={"title": {"text": "predicted"}, "tickformat": MONEY_FORMAT})
    else:
        finite = np.abs(v[np.isfinite(v)])
        span = float(np.percentile(finite, 98)) if finite.size else 1.0
        span = round(span) if span >= 1 else 1.0
        marker.update(colorscale=get_colorscale("RdBu_r"), cmin=-span, cmax=span, cmid=0,
                      colorbar={"title": {"text": "error"}, "tickformat": MONEY_FORMAT})
    return marker


def district_map_update(values, *, color_by: str = "predicted") -> dict:
    """The moving part of ``district_map_figure``: trace 0's whole marker."""
    return {"0": {"marker": map_marker(values, color_by)}}


def district_map_figure(
    longitude, latitude, values, *, color_by: str = "predicted", height: int = 520,
) -> go.Figure:
    """The districts at their longitude/latitude, coloured by predicted price or by error.

    values: predicted price (color_by="predicted") or error = predicted − actual
    (color_by="error"), in dollars, one per district. Plain axes, no map tiles: nothing is
    fetched from the internet. A degree of longitude is shorter than a degree of latitude by
    cos(latitude), so the y axis is stretched by 1/cos(mean latitude) to keep California's
    shape. Trace 0: the districts.
    """
    lon, lat, v = flat(longitude), flat(latitude), flat(values)
    if not (lon.shape == lat.shape == v.shape):
        raise ValueError("longitude, latitude and values must have the same length")
    marker = map_marker(v, color_by)
    if color_by == "predicted":
        hover = "lon %{x:.2f}, lat %{y:.2f}<br>predicted %{marker.color:$,.0f}<extra></extra>"
    else:
        hover = ("lon %{x:.2f}, lat %{y:.2f}<br>predicted − actual "
                 "%{marker.color:$,.0f}<extra></extra>")
    fig = go.Figure(go.Scattergl(
        x=np.round(lon, 3).tolist(), y=np.round(lat, 3).tolist(), mode="markers",
        marker=marker, hovertemplate=hover, name="districts",
    ))
    mean_lat = float(np.mean(lat)) if lat.size else 36.0
    housing_layout(
        fig, height,
        title={"text": MAP_TITLES[color_by], "font": {"size": 14}},
        # Autorange, not fixed ranges: with scaleanchor, fixed ranges were widened to keep the
        # aspect while the panel had no size yet (California became a dot).
        xaxis={"title": {"text": "longitude"}, "showgrid": False},
        yaxis={"title": {"text": "latitude"}, "showgrid": False, "scaleanchor": "x",
               "scaleratio": 1.0 / math.cos(math.radians(mean_lat))},
        showlegend=False,
    )
    return fig
