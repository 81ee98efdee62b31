"""The figure builders: arrays in, figures out, with the trace order the live view relies on."""

from __future__ import annotations

import numpy as np
import pytest

from playground.figures import plane as figures
from playground.figures import style


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
    heat, train, test = fig.data
    assert heat.type == "heatmap"
    assert heat.opacity == 0
    np.testing.assert_allclose(np.asarray(heat.z), Z, atol=5e-4)
    np.testing.assert_allclose(heat.x, x1s)
    np.testing.assert_allclose(heat.y, x2s)
    np.testing.assert_allclose(train.x, X[0])
    np.testing.assert_allclose(train.y, X[1])
    # label 1 orange, label 0 blue
    assert list(train.marker.color) == [style.BLUE, style.ORANGE, style.ORANGE]
    assert len(test.x) == 0
    assert "x1" in heat.hovertemplate
    assert "output" in heat.hovertemplate
    assert fig.layout.uirevision == "keep"
    image = fig.layout.images[0]
    assert image.source.startswith("data:image/png;base64,")
    assert image.layer == "below"
    # the picture covers the grid cells exactly: half a cell beyond the first and last point
    dx = (x1s[-1] - x1s[0]) / (len(x1s) - 1)
    assert image.x == pytest.approx(x1s[0] - dx / 2)
    assert image.sizex == pytest.approx(x1s[-1] - x1s[0] + dx)


def test_boundary_picture_colours_and_threshold_line():
    # A left-to-right ramp from 0 to 1 on a 2 x 5 grid: blue on the left, orange on the
    # right, white-ish in the middle, and the 0.5 line where the ramp crosses 0.5.
    Z = np.tile(np.linspace(0, 1, 5), (2, 1))
    rgba = figures.boundary_rgba(figures.quantize(Z), up=4)
    assert rgba.shape == (8, 20, 4)
    blue, orange = style.hex_rgb(style.DIVERGING[0][1]), style.hex_rgb(
        style.DIVERGING[-1][1])
    assert tuple(rgba[0, 0, :3]) == blue
    assert tuple(rgba[0, -1, :3]) == orange
    line_cols = {int(j) for j in np.nonzero((rgba[..., :3] == figures.LINE_COLOUR).all(-1))[1]}
    assert line_cols == {9}                 # the pixel column before the crossing
    step = figures.boundary_rgba(figures.quantize(Z), threshold_only=True, up=1)
    assert tuple(step[0, 0, :3]) == style.hex_rgb(style.THRESHOLD[0][1])
    assert tuple(step[0, 4, :3]) == style.hex_rgb(style.THRESHOLD[-1][1])


def test_boundary_picture_puts_x2_up():
    Z = np.array([[0.6, 0.6], [1.0, 1.0]])   # row 0 = lowest x2; no 0.5 crossing
    rgba = figures.boundary_rgba(figures.quantize(Z), up=1)
    orange = style.hex_rgb(style.DIVERGING[-1][1])
    assert tuple(rgba[0, 0, :3]) == orange       # the top row is the highest x2 (1.0)
    assert tuple(rgba[-1, 0, :3]) != orange


def test_boundary_shows_test_points_on_request():
    x1s, x2s, Z, X, Y = _plane()
    fig = figures.boundary_figure(x1s, x2s, Z, X, Y, X[:, :2], Y[:, :2], threshold_only=True)
    assert len(fig.data[2].x) == 2
    assert fig.layout.meta["live_image"]["step"] is True


def test_quantize_maps_0_1_to_bytes_and_refuses_nan():
    np.testing.assert_array_equal(figures.quantize(np.array([[0.0, 0.5, 1.0]])), [[0, 128, 255]])
    with pytest.raises(ValueError, match="non-finite"):
        figures.quantize(np.array([[0.5, np.nan]]))


def test_encode_grid_round_trips():
    import base64

    Q = np.arange(12, dtype=np.uint8).reshape(3, 4)
    enc = figures.encode_grid(Q)
    assert (enc["rows"], enc["cols"]) == (3, 4)
    assert list(base64.b64decode(enc["b64"])) == list(range(12))


def test_downsample_keeps_the_ends_and_at_most_max_points():
    x = list(range(10_001))
    y = [float(v) ** 0.5 for v in x]
    xs, ys = figures.downsample(x, y, max_points=500)
    assert len(xs) <= 500
    assert xs[0] == 0
    assert xs[-1] == 10_000
    assert ys == pytest.approx([v**0.5 for v in xs], rel=1e-4)  # 5 significant digits
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
    assert len(fig.layout.images) == sum(dims)          # one picture per unit
    edge_traces = fig.data[0:8]
    n_segments = sum(sum(v is None for v in t.x) for t in edge_traces)
    assert n_segments == 2 * 3 + 3 * 1
    thick_negative = edge_traces[3]            # sign 0 (negative), size 3 (largest)
    assert thick_negative.line.color == style.NEG_EDGE
    assert len(thick_negative.x) == 3
    hover = fig.data[8].text
    assert len(hover) == 9
    assert "W[1] row 1, col 1 = -2.000" in hover
    biases = fig.data[10]
    assert len(biases.x) == 3 + 1               # hidden biases and the output bias
    assert any(f"b[2] unit 1 = {params['b2'][0, 0]:.3f}" in t for t in biases.text)


def test_network_figure_shows_at_most_max_units_per_layer():
    dims = [2, 64, 64, 1]
    params = _net(dims)
    pictures = [np.zeros((n, 4, 4)) for n in dims]
    fig = figures.network_figure(dims, params, pictures, ["relu", "relu", "sigmoid"],
                                 max_units=16)
    assert len(fig.data[9].x) == 2 + 16 + 16 + 1
    assert any("16 of 64" in a.text for a in fig.layout.annotations)


def test_unit_rgba_is_blue_negative_white_zero_orange_positive():
    P = np.array([[-1.0, 0.0, 1.0], [-5.0, 0.0, 5.0]])       # clipped to [-1, 1]
    rgba = figures.unit_rgba(P)
    cols = [style.hex_rgb(c) for _, c in style.UNIT_SCALE]
    assert [tuple(rgba[1, j, :3]) for j in range(3)] == cols  # row 0 drawn at the bottom
    assert [tuple(rgba[0, j, :3]) for j in range(3)] == cols


def test_unit_pictures_shapes_and_probability_centering():
    k = 3
    G = np.vstack([np.tile(np.linspace(-2, 2, k), k), np.repeat(np.linspace(-1, 1, k), k)])
    A1 = np.tanh(G[:1] + G[1:])
    A2 = np.full((1, k * k), 0.75)
    pics = figures.unit_pictures([A1, A2], G, k)
    assert [p.shape for p in pics] == [(2, k, k), (1, k, k), (1, k, k)]
    np.testing.assert_allclose(pics[0][0, 0], [-1, 0, 1])   # x1 scaled to [-1, 1]
    np.testing.assert_allclose(pics[2], 0.5)                  # 2 * 0.75 - 1


# ---------------------------------------------------------------------- huge finite numbers
EXTREMES = [1e308, -1e308, 1.7976931348623157e308, 5e-324, -1e-310, 1e-300]


def _json_numbers_finite(obj):
    import json

    json.dumps(obj, allow_nan=False)  # ValueError on NaN or infinity anywhere


@pytest.mark.parametrize("value", EXTREMES)
def test_the_network_diagram_takes_any_finite_weight(value):
    dims = [2, 3, 2, 1]
    params = _net(dims)
    params["W1"][0, 0] = value
    params["W3"][:] = value
    params["b2"][1, 0] = value
    rng = np.random.default_rng(0)
    pictures = [rng.uniform(-1, 1, (n, 8, 8)) for n in dims]
    pictures[1][0, 0, 0] = value
    parts = figures.network_parts(dims, params, pictures, ["tanh", "relu", "sigmoid"])
    _json_numbers_finite({"data": parts["data"], "images": parts["images"]})
    fig = figures.network_figure(dims, params, pictures, ["tanh", "relu", "sigmoid"])
    assert len(fig.data) == 11
    hover = " ".join(parts["data"][8]["text"])
    assert len(hover) < 100 * len(parts["data"][8]["text"])  # no 309-digit numbers


@pytest.mark.parametrize("value", EXTREMES)
def test_the_curves_and_the_boundary_take_any_finite_value(value):
    for log_y in (False, True):
        fig = figures.curve_figure([0, 1, 2], [0.7, value, 0.3], [value, 0.5, value],
                                   log_y=log_y)
        fig.to_json()
    x1s, x2s = np.linspace(-3, 3, 5), np.linspace(-2, 2, 4)
    Z = np.full((4, 5), 0.5)
    Z[0, 0] = value
    X = np.array([[0.0, value], [value, 1.0]])
    fig = figures.boundary_figure(x1s, x2s, Z, X, np.array([[0, 1]]), X, np.array([[1, 0]]))
    fig.to_json()
    grid = np.array([-abs(value), abs(value) or 1.0])
    figures.boundary_figure(grid, grid, np.full((2, 2), 0.5), X, np.array([[0, 1]])).to_json()


def test_layer_labels_stay_short_with_many_layers_and_the_colour_bar_title_runs_along_it():
    from playground.figures import plane as f

    rng = np.random.default_rng(0)
    dims = [2] + [64] * 8 + [1]
    params = {}
    for l in range(1, len(dims)):
        params[f"W{l}"] = rng.normal(size=(dims[l], dims[l - 1]))
        params[f"b{l}"] = rng.normal(size=(dims[l], 1))
    shown = [min(n, 16) for n in dims]
    pictures = [rng.uniform(-1, 1, size=(n, 10, 10)) for n in shown]
    parts = f.network_parts(dims, params, pictures, ["relu"] * 8 + ["sigmoid"])
    labels = parts["annotations"]
    columns = [a for a in labels if not a.get("yshift")]
    assert [a["text"] for a in columns] == ["input", *map(str, range(1, 9)), "output"]
    assert (columns[0]["xanchor"], columns[-1]["xanchor"]) == ("left", "right")
    note = [a["text"] for a in labels if a.get("yshift")]
    assert note == ["hidden layers 1 to 8 (16 of 64 units shown)"]
    # Up to 4 hidden layers: words, and a cut layer says so under its label.
    few = f.network_parts([2, 64, 1], {k: params[k] for k in ("W1", "b1")} | {
        "W2": rng.normal(size=(1, 64)), "b2": rng.normal(size=(1, 1))},
        [pictures[0], pictures[1], pictures[-1]], ["relu", "sigmoid"])
    assert [a["text"] for a in few["annotations"]] == ["input", "layer 1<br>(16 of 64)",
                                                         "output"]
    Z = np.full((5, 5), 0.5)
    X, Y = np.zeros((2, 3)), np.zeros((1, 3))
    bar = f.boundary_figure(np.arange(5.0), np.arange(5.0), Z, X, Y).data[0].colorbar
    assert bar.title.side == "right"
