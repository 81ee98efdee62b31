"""playground.figures.teaching: each builder draws exactly the arrays it is given."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
import pytest

from engine.activations import ACTIVATIONS
from playground.figures import teaching as tf
from playground.lessons import initialization as init_page


def _curve(name, z):
    act = ACTIVATIONS[name]
    a = act.forward(z)
    return {"name": name, "label": act.label, "a": a, "da": act.derivative(z, a)}


def test_every_activation_and_init_gets_its_own_colour():
    acts = [tf.color_for(name) for name in ACTIVATIONS]
    inits = [tf.color_for(key) for key in init_page.INIT_CHOICES]
    assert len(set(acts)) == len(acts)
    assert len(set(inits)) == len(inits)
    assert tf.color_for("nonexistent", 1) == tf.FALLBACK_COLORS[1]


def test_an_activation_registered_later_is_drawn_in_its_records_colour(monkeypatch):
    from dataclasses import replace

    monkeypatch.setitem(ACTIVATIONS, "relu2", replace(ACTIVATIONS["relu"], color="#123456"))
    assert tf.color_for("relu2") == "#123456"


def test_activation_figure_side_by_side_draws_g_left_and_derivative_right():
    z = np.linspace(-5, 5, 11)
    curves = [_curve("sigmoid", z), _curve("relu", z)]
    fig = tf.activation_figure(z, curves, saturation={"sigmoid": [(-5.0, -3.0), (3.0, 5.0)]})
    assert isinstance(fig, go.Figure)
    lines = [t for t in fig.data if t.x is not None and t.x[0] is not None]
    assert len(lines) == 4
    sig_g, sig_d = lines[0], lines[1]
    np.testing.assert_array_equal(sig_g.y, curves[0]["a"])
    np.testing.assert_array_equal(sig_d.y, curves[0]["da"])
    assert sig_g.xaxis == "x"
    assert sig_d.xaxis == "x2"
    assert sig_g.line.color == ACTIVATIONS["sigmoid"].color == sig_d.line.color
    assert lines[2].line.color == ACTIVATIONS["relu"].color
    # Two intervals, each shaded on both panels, plus one legend entry for the shading.
    assert len(fig.layout.shapes) == 4
    assert {s.x0 for s in fig.layout.shapes} == {-5.0, 3.0}
    assert any(t.name == "Sigmoid saturates" for t in fig.data)
    assert fig.layout.font.size == tf.FONT_SIZE


def test_activation_figure_keeps_relu_visible_under_leaky_relu():
    # For z > 0 ReLU, leaky ReLU and linear are the same line (and their derivatives too): the
    # last one drawn hid the others, so the picture showed three curves for four activations.
    z = np.linspace(-4, 4, 81)
    names = ["sigmoid", "tanh", "relu", "leaky_relu", "linear"]
    fig = tf.activation_figure(z, [_curve(n, z) for n in names])
    lines = [t for t in fig.data if t.x is not None and t.x[0] is not None]
    width = {(t.legendgroup, t.xaxis): t.line.width for t in lines}
    for axis in ("x", "x2"):  # g on the left, g' on the right
        assert width[("sigmoid", axis)] == width[("tanh", axis)] == tf.LINE_WIDTH
        # Each curve is wider than every later curve that runs on top of it.
        assert width[("relu", axis)] > width[("leaky_relu", axis)] > width[("linear", axis)]
        assert width[("linear", axis)] == tf.LINE_WIDTH


def test_activation_figure_overlay_draws_the_derivative_dashed_on_one_plot():
    z = np.linspace(-2, 2, 5)
    fig = tf.activation_figure(z, [_curve("tanh", z)], overlay=True)
    g, d = fig.data
    assert g.line.dash == "solid"
    assert d.line.dash == "dash"
    assert d.name == "Tanh′"
    assert g.xaxis in (None, "x")
    assert d.xaxis in (None, "x")
    assert not fig.layout.shapes


def test_cost_curves_figure_one_trace_per_run_in_palette_colours():
    runs = [
        {"key": "zeros", "label": "Zeros", "epoch": [0, 1, 2], "cost": [0.69, 0.69, 0.69]},
        {"key": "he", "label": "He", "epoch": [0, 1, 2], "cost": [0.7, 0.5, 0.3]},
    ]
    fig = tf.cost_curves_figure(runs, log_y=True)
    assert [t.name for t in fig.data] == ["Zeros", "He"]
    assert list(fig.data[1].y) == [0.7, 0.5, 0.3]
    assert fig.data[0].line.color == tf.LAB_COLORS["zeros"]
    assert fig.layout.yaxis.type == "log"


def test_gradient_norms_figure_one_panel_per_run_and_zero_is_not_drawn():
    runs = [
        {"key": "zeros", "label": "Zeros", "epoch": [0, 10], "norms": [[0.0, 0.0], [0.0, 0.0]]},
        {"key": "he", "label": "He", "epoch": [0, 10], "norms": [[1.0, 0.5], [0.3, 0.2]]},
    ]
    fig = tf.gradient_norms_figure(runs)
    drawn = [t for t in fig.data if t.x[0] is not None]
    legend = [t for t in fig.data if t.x[0] is None]
    assert len(drawn) == 4  # 2 runs x 2 layers
    assert list(drawn[0].y) == [None, None]  # log axis: a zero gradient leaves a gap
    assert list(drawn[2].y) == [1.0, 0.5]
    assert drawn[2].xaxis == "x2"
    assert drawn[2].line.color == tf.LAB_COLORS["he"]
    assert drawn[1].line.dash != drawn[0].line.dash  # layers told apart by dash
    assert [t.name for t in legend] == ["layer 1", "layer 2"]
    assert not any(t.showlegend for t in drawn)
    # The all-zero panel says so instead of staying blank.
    notes = [a for a in fig.layout.annotations if "nothing" in a.text]
    assert len(notes) == 1
    assert notes[0].xref == "x domain"
    assert fig.layout.yaxis.type == "log"


def test_weights_heatmaps_figure_symmetric_colour_range_and_zero_matrix():
    W = np.array([[1.0, -3.0], [2.0, 0.5]])
    fig = tf.weights_heatmaps_figure(
        [{"label": "A", "W": W}, {"label": "Z", "W": np.zeros((2, 2))}]
    )
    a, z = fig.data
    np.testing.assert_array_equal(np.asarray(a.z), W)
    assert (a.zmin, a.zmax) == (-3.0, 3.0)
    assert (z.zmin, z.zmax) == (-1.0, 1.0)  # all zero: a fixed range, no division by zero
    assert list(a.y) == ["unit 1", "unit 2"]


def test_matrix_figure_annotates_values():
    fig = tf.matrix_figure(np.array([[0.5, -2.0]]), title="W′", col_name="x")
    (h,) = fig.data
    assert list(h.x) == ["x 1", "x 2"]
    assert h.text[0][1] == "-2.00"
    # A tiny negative entry reads 0.00, not -0.00 (seen in the collapsed W′ on the page).
    fig = tf.matrix_figure(np.array([[-1e-4, -0.004, -0.006]]))
    assert list(fig.data[0].text[0]) == ["0.00", "0.00", "-0.01"]
    fig = tf.weights_heatmaps_figure([{"label": "a", "W": np.array([[-0.0, -0.5]])}])
    assert list(fig.data[0].text[0]) == ["0", "-0.5"]


def test_singular_values_figure_colours_the_rank_and_floors_zeros():
    s = np.array([2.0, 1.0, 1e-17, 0.0])
    fig = tf.singular_values_figure(s, rank=2, bottleneck=2)
    (bar,) = fig.data
    assert list(bar.marker.color[:2]) == [tf.LAB_COLORS["collapsed"]] * 2
    assert bar.marker.color[2] != tf.LAB_COLORS["collapsed"]
    assert min(bar.y) > 0  # a log axis cannot show 0
    assert fig.layout.yaxis.type == "log"
    assert len(fig.layout.shapes) == 1  # the bottleneck line


def test_decision_boundaries_figure_draws_each_panel_and_the_points():
    x1s = np.linspace(-1, 1, 4)
    x2s = np.linspace(-2, 2, 3)
    P = np.arange(12.0).reshape(3, 4) / 11
    X = np.array([[0.0, 0.5, -0.5], [1.0, -1.0, 0.0]])
    Y = np.array([[0, 1, 1]])
    fig = tf.decision_boundaries_figure(x1s, x2s, [{"label": "L", "P": P},
                                                   {"label": "T", "P": 1 - P}], X, Y)
    heat = [t for t in fig.data if isinstance(t, go.Heatmap)]
    contour = [t for t in fig.data if isinstance(t, go.Contour)]
    points = [t for t in fig.data if isinstance(t, go.Scatter)]
    assert len(heat) == len(contour) == 2
    np.testing.assert_array_equal(np.asarray(heat[0].z), P)
    assert contour[0].contours.start == 0.5
    assert len(points) == 4  # 2 classes x 2 panels
    assert list(points[1].x) == [0.5, -0.5]  # class 1
    assert [a.text for a in fig.layout.annotations] == ["L", "T"]


def test_regression_fit_figure_points_then_curves():
    fig = tf.regression_fit_figure(
        np.array([1.0, 2.0]), np.array([3.0, 4.0]),
        [{"key": "linear", "label": "Linear output", "x": [1, 2], "y": [3.1, 3.9]}],
    )
    pts, line = fig.data
    assert pts.mode == "markers"
    assert list(pts.y) == [3.0, 4.0]
    assert line.line.color == ACTIVATIONS["linear"].color


def _luminance(hex_color: str) -> float:
    c = [int(hex_color.lstrip("#")[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    c = [x / 12.92 if x <= 0.03928 else ((x + 0.055) / 1.055) ** 2.4 for x in c]
    return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2]


@pytest.mark.parametrize("key", ["linear", "sigmoid"])
def test_regression_curves_stand_out_from_the_points(key):
    # The linear output's dark grey line ran through dark grey (#444) points: invisible.
    fig = tf.regression_fit_figure(
        np.array([1.0, 2.0]), np.array([3.0, 4.0]),
        [{"key": key, "label": key, "x": [1, 2], "y": [3.1, 3.9]}],
    )
    pts, line = fig.data
    hi, lo = sorted((_luminance(pts.marker.color), _luminance(line.line.color)), reverse=True)
    assert (hi + 0.05) / (lo + 0.05) >= 3.0  # WCAG contrast ratio of line against points


@pytest.mark.parametrize("builder_runs", [0, 1, 3])
def test_multi_panel_builders_accept_any_number_of_runs(builder_runs):
    runs = [{"key": k, "label": k, "epoch": [0, 1], "norms": [[1.0, 0.5]], "W": np.eye(2)}
            for k in list(init_page.INIT_CHOICES)[:builder_runs]]
    legend = 1 if builder_runs else 0  # one layer: one neutral legend entry
    assert len(tf.gradient_norms_figure(runs).data) == builder_runs + legend
    assert len(tf.weights_heatmaps_figure(runs).data) == builder_runs


def test_log_cost_axis_names_round_costs_and_the_legend_leaves_the_curves_the_width():
    # Plotly's own labels on a log axis spanning 0.15..5 were bare digits "2 3 4 5 6 7 8 9 1".
    runs = [{"key": "zeros", "label": "Zeros", "epoch": [0, 1], "cost": [0.693, 0.693]},
            {"key": "large", "label": "Random × 10", "epoch": [0, 1], "cost": [5.0, 0.15]}]
    fig = tf.cost_curves_figure(runs, log_y=True)
    ticks = list(fig.layout.yaxis.tickvals)
    assert {0.2, 0.5, 0.693, 1, 2, 5} <= set(ticks)
    assert all(0.1 <= t <= 7.5 for t in ticks)
    assert list(fig.layout.yaxis.ticktext) == [f"{t:g}" for t in ticks]
    assert fig.layout.legend.orientation == "h"
    assert tf.cost_curves_figure(runs).layout.yaxis.tickvals is None  # linear: Plotly's


def test_gradient_norms_panels_have_few_ticks_and_a_note_that_fits():
    runs = [{"key": k, "label": k, "epoch": [0, 750, 1500], "norms": [[0.0, 0.0, 0.0]]}
            for k in ("zeros", "small", "large", "xavier", "he")]
    fig = tf.gradient_norms_figure(runs)
    for i in range(1, 6):  # "1500" of one panel ran into "0" of the next
        axis = fig.layout["xaxis" if i == 1 else f"xaxis{i}"]
        assert axis.nticks == 3
    note = next(a for a in fig.layout.annotations if "nothing" in a.text)
    assert max(len(line) for line in note.text.split("<br>")) <= 14  # fits a fifth of 1280 px
