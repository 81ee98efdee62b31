"""The one decision-boundary builder (figures.boundary) and the shared style (figures.style)."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import plotly.graph_objects as go
import pytest

from playground.figures import boundary, plane, style
from playground.figures import course as cf
from playground.figures import teaching as tf

FIGURES = Path(boundary.__file__).resolve().parent
X = np.array([[0.0, 1.0, 2.0, -1.0], [0.0, 1.0, -1.0, 0.5]])
Y = np.array([[0, 1, 1, 0]])
x1s = np.linspace(-2, 3, 90)
x2s = np.linspace(-2, 2, 70)
P = 1 / (1 + np.exp(-(x1s[None, :] - x2s[:, None])))


def _kinds(fig):
    return [type(t).__name__ for t in fig.data]


def test_every_boundary_page_draws_the_same_traces_in_the_same_colours():
    single = cf.boundary_figure(x1s, x2s, P, X, Y)
    grid = cf.boundaries_grid_figure([{"title": "a", "x1s": x1s, "x2s": x2s, "probs": P}] * 2,
                                     X, Y)
    pair = tf.decision_boundaries_figure(x1s, x2s, [{"label": "a", "P": P}] * 2, X, Y)
    per_panel = ["Heatmap", "Contour", "Scatter", "Scatter"]
    assert _kinds(single) == per_panel
    assert _kinds(grid) == _kinds(pair) == per_panel * 2
    for fig in (single, grid, pair):
        heat, line, zeros, ones = fig.data[:4]
        assert heat.colorscale == go.Heatmap(colorscale=style.PROBABILITY_SCALE).colorscale
        assert line.contours.start == line.contours.end == 0.5
        assert line.line.color == style.BOUNDARY_LINE
        assert (zeros.marker.color, ones.marker.color) == style.CLASS_COLORS
        assert list(zeros.x) == [0.0, -1.0]
        assert list(ones.x) == [1.0, 2.0]
        assert sum(bool(t.showlegend) for t in fig.data) == 3  # one entry each, not per panel
        assert fig.layout.template.layout.plot_bgcolor == "white"  # plotly_white, not plotly
        assert fig.layout.font.size == style.FONT_SIZE


def test_the_small_multiples_thin_the_grid_but_keep_its_span():
    fig = cf.boundaries_grid_figure([{"title": "a", "x1s": x1s, "x2s": x2s, "probs": P}], X, Y)
    heat = fig.data[0]
    assert len(heat.x) == boundary.PANEL_GRID < len(x1s)
    assert (heat.x[0], heat.x[-1], heat.y[0], heat.y[-1]) == (x1s[0], x1s[-1], x2s[0], x2s[-1])
    # The thinned picture is the full one sampled, not recomputed.
    cols = [int(np.flatnonzero(x1s == v)[0]) for v in heat.x]
    rows = [int(np.flatnonzero(x2s == v)[0]) for v in heat.y]
    np.testing.assert_array_equal(np.asarray(heat.z), P[np.ix_(rows, cols)])


def test_a_panel_without_output_shows_its_note_and_still_the_points():
    fig = boundary.boundaries_figure(
        [{"title": "ok", "x1s": x1s, "x2s": x2s, "P": P},
         {"title": "bad", "x1s": x1s, "x2s": x2s, "P": None, "note": "training diverged"}],
        X, Y, output="a")
    assert _kinds(fig) == ["Heatmap", "Contour", "Scatter", "Scatter", "Scatter", "Scatter"]
    notes = [a for a in fig.layout.annotations if a.text == "training diverged"]
    assert len(notes) == 1
    assert notes[0].xref == "x2 domain"
    assert fig.data[1].name == "decision boundary (a = 0.5)"
    with pytest.raises(ValueError, match="at least one panel"):
        boundary.boundaries_figure([], X, Y)


def test_the_live_boundary_uses_the_shared_class_colours():
    fig = plane.boundary_figure(x1s, x2s, P, X, Y)
    assert set(fig.data[1].marker.color) == {style.BLUE, style.ORANGE}
    assert fig.layout.font.size == style.LIVE_FONT_SIZE
    assert fig.layout.uirevision == "keep"


def test_class_colours_and_fonts_are_defined_only_in_the_style_module():
    # A figure module with its own copy of the class blue, a probability scale or a font size
    # would drift from the others: each fact lives in figures/style.py.
    own = re.compile(r'^(BLUE|ORANGE|FONT_SIZE|TITLE_SIZE|\w*SCALE|DIVERGING|THRESHOLD)\s*=\s*'
                     r'["\[\d]', re.M)
    for path in FIGURES.glob("*.py"):
        if path.name != "style.py":
            assert not own.findall(path.read_text()), path.name
            assert style.BLUE not in path.read_text(), path.name


def test_side_by_side_panels_label_x2_once():
    fig = tf.decision_boundaries_figure(x1s, x2s, [{"label": "a", "P": P}] * 2, X, Y)
    assert fig.layout.yaxis.showticklabels is True
    assert fig.layout.yaxis.title.text == "x2"
    assert fig.layout.yaxis2.showticklabels is False
    assert fig.layout.yaxis2.title.text is None
