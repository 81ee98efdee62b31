"""The figure builders: arrays in, figures out, with the trace order the live view relies on."""

from __future__ import annotations

import numpy as np
import pytest

from playground import figures


def _plane(n=7):
    x1s = np.linspace(-2, 2, n)
    x2s = np.linspace(-1, 1, n + 1)
    g1, g2 = np.meshgrid(x1s, x2s)
    Z = 1 / (1 + np.exp(-(g1 - g2)))          # a known probability surface
    X = np.array([[0.0, 1.0, -1.0], [0.5, -0.5, 0.0]])
    Y = np.array([[0, 1, 1]])
    return x1s, x2s, Z, X, Y


def test_boundary_figure_draws_the_grid_with_x1_across_and_x2_up():
    x1s, x2s, Z, X, Y = _plane()
    fig = figures.boundary_figure(x1s, x2s, Z, X, Y)
    heat, contour, train, test = fig.data
    assert heat.type == "heatmap"
    assert contour.type == "contour"
    np.testing.assert_allclose(np.asarray(heat.z), Z)
    np.testing.assert_allclose(heat.x, x1s)
    np.testing.assert_allclose(heat.y, x2s)
    assert (heat.zmin, heat.zmax) == (0.0, 1.0)
    assert contour.contours.start == contour.contours.end == 0.5
    np.testing.assert_allclose(train.x, X[0])
    np.testing.assert_allclose(train.y, X[1])
    # label 1 orange, label 0 blue
    assert list(train.marker.color) == [figures.BLUE, figures.ORANGE, figures.ORANGE]
    assert len(test.x) == 0
    assert "x1" in heat.hovertemplate
    assert "x2" in heat.hovertemplate
    assert "output" in heat.hovertemplate
    assert fig.layout.uirevision == "keep"


def test_boundary_shows_test_points_and_threshold_colours_on_request():
    x1s, x2s, Z, X, Y = _plane()
    fig = figures.boundary_figure(x1s, x2s, Z, X, Y, X[:, :2], Y[:, :2], threshold_only=True)
    assert len(fig.data[3].x) == 2
    scale = fig.data[0].colorscale
    # a step at 0.5: the colour just below differs from just above, constant on each side
    assert scale[0][1] == scale[1][1]
    assert scale[2][1] == scale[3][1]
    assert scale[1][0] == scale[2][0] == 0.5
    assert scale[1][1] != scale[2][1]


def test_boundary_z_rounds_and_refuses_nan():
    assert figures.boundary_z(np.array([[0.12345, 1.0]])) == [[0.12, 1.0]]
    with pytest.raises(ValueError, match="non-finite"):
        figures.boundary_z(np.array([[0.5, np.nan]]))


def test_downsample_keeps_the_ends_and_at_most_max_points():
    x = list(range(10_001))
    y = [float(v) ** 0.5 for v in x]
    xs, ys = figures.downsample(x, y, max_points=500)
    assert len(xs) <= 500
    assert xs[0] == 0
    assert xs[-1] == 10_000
    assert ys == pytest.approx([v**0.5 for v in xs])
    xs, ys, zs = figures.downsample([0, 1, 2], [1.0, 2.0, float("nan")], [None, None, None])
    assert (xs, ys, zs) == ([0, 1, 2], [1.0, 2.0, None], [None, None, None])


def test_curve_figure_log_scale_and_empty_test():
    fig = figures.curve_figure([0, 1, 2], [0.7, 0.5, 0.3], None, log_y=True)
    assert fig.layout.yaxis.type == "log"
    assert list(fig.data[0].y) == [0.7, 0.5, 0.3]
    assert len(fig.data[1].x) == 0


def _net(dims, seed=0):
    rng = np.random.default_rng(seed)
    return {**{f"W{l}": rng.normal(size=(dims[l], dims[l - 1])) for l in range(1, len(dims))},
            **{f"b{l}": rng.normal(size=(dims[l], 1)) for l in range(1, len(dims))}}


def test_network_figure_edges_biases_and_pictures():
    dims = [2, 3, 1]
    params = _net(dims)
    params["W1"][0, 0] = -2.0                 # the largest |w|: a thick negative edge
    k = 5
    pictures = [np.full((n, k, k), 0.25 * (l + 1)) for l, n in enumerate(dims)]
    fig = figures.network_figure(dims, params, pictures, ["tanh", "sigmoid"])
    heat = fig.data[0]
    grid = np.asarray(heat.z, dtype=float)
    # every unit's picture is there: k*k cells per unit, the rest are gaps
    assert np.count_nonzero(np.isfinite(grid)) == k * k * sum(dims)
    edge_traces = fig.data[1:9]
    n_segments = sum(sum(v is None for v in t.x) for t in edge_traces)
    assert n_segments == 2 * 3 + 3 * 1
    thick_negative = edge_traces[3]            # sign 0 (negative), size 3 (largest)
    assert thick_negative.line.color == figures.NEG_EDGE
    assert len(thick_negative.x) == 3
    hover = fig.data[9].text
    assert len(hover) == 9
    assert "W[1] row 1, col 1 = -2.000" in hover
    biases = fig.data[11]
    assert len(biases.x) == 3 + 1               # hidden biases and the output bias
    assert any(f"b[2] unit 1 = {params['b2'][0, 0]:.3f}" in t for t in biases.text)


def test_network_figure_shows_at_most_max_units_per_layer():
    dims = [2, 64, 64, 1]
    params = _net(dims)
    pictures = [np.zeros((n, 4, 4)) for n in dims]
    fig = figures.network_figure(dims, params, pictures, ["relu", "relu", "sigmoid"],
                                 max_units=16)
    assert len(fig.data[10].x) == 2 + 16 + 16 + 1
    assert any("16 of 64" in a.text for a in fig.layout.annotations)


def test_unit_pictures_shapes_and_probability_centering():
    k = 3
    G = np.vstack([np.tile(np.linspace(-2, 2, k), k), np.repeat(np.linspace(-1, 1, k), k)])
    A1 = np.tanh(G[:1] + G[1:])
    A2 = np.full((1, k * k), 0.75)
    pics = figures.unit_pictures([A1, A2], G, k)
    assert [p.shape for p in pics] == [(2, k, k), (1, k, k), (1, k, k)]
    np.testing.assert_allclose(pics[0][0, 0], [-1, 0, 1])   # x1 scaled to [-1, 1]
    np.testing.assert_allclose(pics[2], 0.5)                  # 2 * 0.75 - 1
