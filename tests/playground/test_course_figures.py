"""The figure builders of pages B: pure functions, checked on their traces and annotations."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
import pytest

from engine.graph import course_graph, logistic_graph
from playground.figures.course import (
    accuracy_comparison_figure,
    boundaries_grid_figure,
    boundary_figure,
    cost_figure,
    fmt_number,
    graph_figure,
    graph_height,
    graph_layout,
    graph_step_count,
    timing_figure,
)

X = np.array([[0.0, 1.0, 2.0], [0.0, 1.0, -1.0]])
Y = np.array([[0, 1, 1]])
x1s = np.linspace(-1, 3, 5)
x2s = np.linspace(-2, 2, 4)
PROBS = np.linspace(0, 1, 20).reshape(4, 5)


def test_boundary_figure_draws_the_probability_the_line_and_both_classes():
    fig = boundary_figure(x1s, x2s, PROBS, X, Y, title="4 tanh units")
    assert [type(t).__name__ for t in fig.data] == ["Heatmap", "Contour", "Scatter", "Scatter"]
    np.testing.assert_array_equal(fig.data[0].z, PROBS)
    assert fig.data[1].contours.start == 0.5
    assert list(fig.data[2].x) == [0.0]          # y = 0
    assert list(fig.data[3].x) == [1.0, 2.0]     # y = 1
    assert fig.layout.title.text == "4 tanh units"


def test_boundaries_grid_has_one_panel_per_run():
    panels = [{"title": f"n_h = {n}", "x1s": x1s, "x2s": x2s, "probs": PROBS} for n in range(7)]
    fig = boundaries_grid_figure(panels, X, Y, columns=4)
    assert len(fig.data) == 7 * 4
    assert [a.text for a in fig.layout.annotations] == [p["title"] for p in panels]
    # One legend entry each for the boundary and the two classes, not one per panel.
    assert sum(bool(t.showlegend) for t in fig.data) == 3
    with pytest.raises(ValueError, match="at least one panel"):
        boundaries_grid_figure([], X, Y)


def test_accuracy_comparison_puts_course_and_app_side_by_side():
    fig = accuracy_comparison_figure(["1", "2"], [67.5, 67.25], [67.0, 68.0])
    assert [t.name for t in fig.data] == ["the course printed", "this app computed"]
    assert list(fig.data[0].y) == [67.5, 67.25]
    assert list(fig.data[1].text) == ["67.00%", "68.00%"]
    with pytest.raises(ValueError, match="same length"):
        accuracy_comparison_figure(["1"], [1.0, 2.0], [1.0])


def test_cost_figure_has_one_line():
    fig = cost_figure([0, 100, 200], [0.69, 0.4, 0.3])
    assert list(fig.data[0].y) == [0.69, 0.4, 0.3]


def test_timing_figure_uses_milliseconds_on_a_linear_axis():
    fig = timing_figure(0.3, 0.001)
    assert list(fig.data[0].x) == pytest.approx([1.0, 300.0])
    assert list(fig.data[0].text) == ["1 ms", "300 ms"]
    assert fig.layout.xaxis.type is None  # linear: the vectorized bar is a sliver
    with pytest.raises(ValueError, match="positive"):
        timing_figure(0.0, 1.0)


def test_fmt_number():
    assert fmt_number(33.0) == "33"
    assert fmt_number(-0.0) == "0"
    assert fmt_number(0.123456) == "0.1235"
    assert fmt_number(float("nan")) == "nan"


def test_graph_layout_puts_inputs_left_and_each_op_right_of_its_inputs():
    pos = graph_layout(course_graph(5, 3, 2))
    assert pos["a"][0] == pos["b"][0] == pos["c"][0] == 0
    assert pos["u"][0] == 1
    assert pos["v"][0] == 2
    assert pos["J"][0] == 3
    assert pos["u"][1] == (pos["b"][1] + pos["c"][1]) / 2


def test_logistic_graph_leaves_room_between_its_five_stacked_inputs_and_wide_boxes():
    # Drawn with the J graph's spacing, the five input boxes (three lines each) overlapped and
    # the derivative labels of the converging edges sat under the z box.
    g = logistic_graph(1.0, 2.0, 0.5, -0.3, 0.4, 1)
    pos = graph_layout(g)
    assert pos["z"][0] - pos["x1"][0] >= 1.5        # converging edges: a wide gap
    assert pos["a"][0] - pos["z"][0] > 1.0          # right of the wide z box
    fig = graph_figure(g, height=300)
    # Pixels between two stacked inputs: plot height over the y range (inputs 1 unit apart).
    plot_px = fig.layout.height - fig.layout.margin.t - fig.layout.margin.b
    y0, y1 = fig.layout.yaxis.range
    assert plot_px / (y1 - y0) >= 95                 # a 3-line box is about 85 px high
    assert graph_height(course_graph(5, 3, 2)) < 500  # the 3-input graph stays small
    # The label of a short level edge (a -> L) is lifted clear of the two boxes.
    label = next(a for a in fig.layout.annotations if a.text.startswith("∂L/∂a"))
    assert label.y - pos["L"][1] >= 0.5


def _texts(fig: go.Figure) -> str:
    return " | ".join(a.text for a in fig.layout.annotations)


def test_graph_figure_reveals_values_then_derivatives():
    g = course_graph(5, 3, 2)
    start = _texts(graph_figure(g, 0))
    assert "= ?" in start
    assert "dJ/d" not in start
    forward = _texts(graph_figure(g, 3))
    assert "= 33" in forward  # J = 3(5 + 3*2)
    assert "= ?" not in forward
    assert "dJ/d" not in forward
    full = _texts(graph_figure(g, graph_step_count(g)))
    for text in ("dJ/dv = 3", "dJ/du = 3", "dJ/da = 3", "dJ/db = 6", "dJ/dc = 9", "∂u/∂b = 2"):
        assert text in full
    assert _texts(graph_figure(g)) == full
    assert _texts(graph_figure(g, 1000)) == full


def test_graph_figure_of_the_logistic_example_shows_dz_a_minus_y():
    g = logistic_graph(1.0, 2.0, 0.5, -0.25, 0.0, 1)  # z = 0, a = 0.5, dz = a - y = -0.5
    full = _texts(graph_figure(g))
    assert "dL/dz = -0.5" in full
    assert "dL/dw1 = -0.5" in full
    assert "dL/dw2 = -1" in full
    assert graph_step_count(g) == 3 + 8


def _contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two '#rrggbb' colours (1 = identical, 21 = black on white)."""
    def luminance(h: str) -> float:
        c = [int(h[i:i + 2], 16) / 255 for i in (1, 3, 5)]
        c = [x / 12.92 if x <= 0.03928 else ((x + 0.055) / 1.055) ** 2.4 for x in c]
        return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2]
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_class_dots_stand_out_from_their_own_region_on_both_boundary_pages():
    # The dots of class k lie mostly in the region the model colours for class k; with the
    # old deep blue region the blue dots had a contrast of 1.2 and vanished on a projector.
    from playground.figures import teaching as tf

    fig = boundary_figure(x1s, x2s, PROBS, X, Y)
    scale = [c for _, c in fig.data[0].colorscale]
    dots = [fig.data[2].marker.color, fig.data[3].marker.color]
    assert _contrast(dots[0], scale[0]) >= 2.5
    assert _contrast(dots[1], scale[-1]) >= 2.5
    # The teaching pages draw the same classes in the same colours on the same regions.
    fig2 = tf.decision_boundaries_figure(x1s, x2s, [{"label": "a", "P": PROBS}], X, Y)
    heat = next(t for t in fig2.data if isinstance(t, go.Heatmap))
    points = [t for t in fig2.data if isinstance(t, go.Scatter) and t.mode == "markers"]
    assert [p.marker.color for p in points] == dots
    assert [c for _, c in heat.colorscale] == scale


def test_sweep_bar_labels_run_up_inside_the_bars_and_the_legend_clears_x1():
    # Above the bars, "90.75%" of the course and of the app overlapped at 16 px.
    fig = accuracy_comparison_figure(["n_h = 3", "n_h = 4"], [90.75, 90.5], [90.75, 90.75])
    for bars in fig.data:
        assert bars.textposition == "inside"
        assert bars.textangle == -90
    # The boundary's legend sat on the "x1" axis title.
    assert boundary_figure(x1s, x2s, PROBS, X, Y).layout.legend.y <= -0.18


def test_the_sweep_grid_of_seven_boundaries_stays_small_enough_to_send_quickly():
    # Issue 12: the sweep took seconds per change in the browser even with the runs cached;
    # its seven 120 x 120 panels were 2.9 MB of JSON for pictures 300 px wide.
    from playground.lessons import course_results as course

    Xf, Yf = course.flower()
    runs = [course.train_course_model(n, 5) for n in course.SWEEP_SIZES]
    fig = boundaries_grid_figure(
        [{"title": f"n_h = {r.hidden_units}", "x1s": r.x1s, "x2s": r.x2s, "probs": r.probs}
         for r in runs], Xf, Yf)
    assert len(fig.to_json()) < 1_000_000
    heat = fig.data[0]
    # Still a fine grid: at least one cell per 5 px of a 300 px panel, the same span.
    assert len(heat.x) >= 60
    assert len(heat.y) >= 60
    assert heat.x[0] == runs[0].x1s[0]
    assert heat.x[-1] == runs[0].x1s[-1]


def test_accuracy_bars_keep_the_place_of_a_run_not_trained_yet():
    # The sweep fills in while it trains: the course's bars all there, ours one by one.
    fig = accuracy_comparison_figure(["n_h = 1", "n_h = 2"], [67.5, 67.25], [66.0, None])
    course_bars, ours = fig.data
    assert list(course_bars.x) == list(ours.x) == ["n_h = 1", "n_h = 2"]
    assert list(ours.y) == [66.0, None]
    assert list(ours.text) == ["66.00%", ""]
