"""The page "Logistic regression": its surface is the engine's cost, its path is gradient
descent as the engine computes it, the squared error on a sigmoid is not convex while the
cross-entropy is, and the page runs with its controls."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from engine.activations import sigmoid
from engine.optimizers import GradientDescent
from playground.figures import logistic as lf
from playground.lessons import logistic as lesson

APP = str(Path(__file__).resolve().parents[2] / "playground" / "app.py")


@pytest.fixture(scope="module")
def data():
    return lesson.data()


@pytest.mark.parametrize("loss", ["bce", "sigmoid_mse"])
def test_surface_values_are_the_engine_cost_at_those_weights(data, loss):
    X, Y = data
    w1s, w2s = np.linspace(-5, 7, 9), np.linspace(-6, 4, 7)
    J = lesson.cost_surface(X, Y, w1s, w2s, 0.5, loss)
    assert J.shape == (7, 9)
    for i in (0, 3, 6):
        for j in (0, 4, 8):
            assert J[i, j] == pytest.approx(lesson.cost_at(X, Y, w1s[j], w2s[i], 0.5, loss),
                                            rel=1e-12)


def test_surface_matches_the_formula_written_out(data):
    # Independent of the engine: J = -(1/m) sum y log a + (1 - y) log(1 - a).
    X, Y = data
    a = 1 / (1 + np.exp(-(2.0 * X[0] - 1.0 * X[1] + 0.3)))
    by_hand = -np.mean(Y[0] * np.log(a) + (1 - Y[0]) * np.log(1 - a))
    J = lesson.cost_surface(X, Y, [2.0], [-1.0], 0.3, "bce")
    assert J[0, 0] == pytest.approx(by_hand, rel=1e-10)


def test_a_surface_larger_than_one_forward_pass_is_computed_in_pieces(data):
    X, Y = data
    w1s, w2s = lesson.grid_axes(41)  # 1,681 points > CHUNK
    J = lesson.cost_surface(X, Y, w1s, w2s, 0.0)
    assert J[40, 40] == pytest.approx(lesson.cost_at(X, Y, w1s[40], w2s[40], 0.0), rel=1e-12)


@pytest.mark.parametrize("loss", ["bce", "sigmoid_mse"])
def test_path_equals_engine_gradient_descent_steps_with_b_fixed(data, loss):
    X, Y = data
    path = lesson.descend(X, Y, (-6.0, -4.0), 0.5, 3.0, 25, loss)
    assert path.shape == (26, 3)
    net = lesson.logistic_net(-6.0, -4.0, 0.5)
    optimizer = GradientDescent(3.0)
    for k in range(26):
        J, grads = net.cost_and_grads(X, Y, loss=loss)
        assert path[k] == pytest.approx([*net.params["W1"][0], J], rel=1e-12)
        grads["db1"][:] = 0.0  # b is held fixed on this page
        optimizer.step(net.params, grads)
    assert net.params["b1"][0, 0] == 0.5


def test_path_step_is_the_course_formula(data):
    # dw = (1/m) X (A - Y)^T, written out here without the engine's backward pass.
    X, Y = data
    path = lesson.descend(X, Y, (1.0, -2.0), 0.0, 0.7, 1)
    A = sigmoid(np.array([[1.0, -2.0]]) @ X)
    dw = (X @ (A - Y).T / X.shape[1]).ravel()
    assert path[1, :2] == pytest.approx(np.array([1.0, -2.0]) - 0.7 * dw, rel=1e-12)


def test_squared_error_is_not_convex_but_cross_entropy_is(data):
    X, Y = data
    _, se = lesson.cost_slice(X, Y, 0.0, "sigmoid_mse")
    _, ce = lesson.cost_slice(X, Y, 0.0, "bce")
    assert lesson.concave_parts(se).any()
    assert not lesson.concave_parts(ce).any()
    # and along other lines of the plane too (cross-entropy: convex everywhere)
    rng = np.random.default_rng(0)
    for _ in range(5):
        p, d = rng.uniform(-5, 5, 2), rng.normal(size=2)
        t = np.linspace(-10, 10, 81)
        line = p + t[:, None] * d
        assert not lesson.concave_parts(lesson.costs_of(X, Y, line, 0.3, "bce")).any()


def test_learning_rate_verdicts_crawl_walk_and_overshoot(data):
    X, Y = data
    low = lesson.cost_surface(X, Y, *lesson.grid_axes(), 0.0).min()
    kinds = {lr: lesson.judge_path(lesson.descend(X, Y, (-6, -4), 0.0, lr, 100), low).kind
             for lr in (0.03, 3.0, 100.0)}
    assert kinds == {0.03: "crawl", 3.0: "good", 100.0: "overshoot"}
    near = lesson.descend(X, Y, (4, 3), 0.0, 300.0, 100)
    assert lesson.judge_path(near, low).kind == "diverge"
    assert near[-1, 2] > near[0, 2]


def test_squared_error_crawl_is_blamed_on_its_plateau(data):
    X, Y = data
    low = lesson.cost_surface(X, Y, *lesson.grid_axes(), 0.0, "sigmoid_mse").min()
    path = lesson.descend(X, Y, (-6, -4), 0.0, 1.0, 200, "sigmoid_mse")
    verdict = lesson.judge_path(path, low, "sigmoid_mse")
    assert verdict.kind == "crawl"
    assert "plateau" in verdict.text
    # the cross-entropy from the same start, same alpha, gets most of the way
    ce = lesson.descend(X, Y, (-6, -4), 0.0, 1.0, 200)
    ce_low = lesson.cost_surface(X, Y, *lesson.grid_axes(), 0.0).min()
    assert ce[-1, 2] - ce_low < 0.05 * (ce[0, 2] - ce_low)


def test_loss_curves_are_minus_log(data):
    c = lesson.loss_curves()
    assert c["bce_y1"] == pytest.approx(-np.log(c["a"]), rel=1e-9)
    assert c["bce_y0"] == pytest.approx(-np.log(1 - c["a"]), rel=1e-9)
    assert c["mse_y0"] == pytest.approx(c["a"] ** 2 / 2)


def test_figures_draw_the_path_and_the_shaded_stretches(data):
    X, Y = data
    w1s, w2s = lesson.grid_axes(11)
    J = lesson.cost_surface(X, Y, w1s, w2s, 0.0)
    path = lesson.descend(X, Y, (-6, -4), 0.0, 1.0, 5)
    fig = lf.surface_figure(w1s, w2s, J, path)
    traces = {t.name: t for t in fig.data}
    assert list(traces["gradient descent"].x) == pytest.approx(path[:, 0])
    assert traces["now"].x[0] == pytest.approx(path[-1, 0])
    t, se = lesson.cost_slice(X, Y, 0.0, "sigmoid_mse")
    mask = lesson.concave_parts(se)
    fig = lf.slice_figure(t, se, se, mask)
    assert len(fig.layout.shapes) == len(lf._runs(t, mask)) >= 1


def _page() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120).run()
    at.switch_page("views/logistic.py").run()
    assert not at.exception, [e.value for e in at.exception]
    assert all(c.proto.theme == "" for c in at.get("plotly_chart"))
    return at


def _metrics(at):
    return {m.label: m.value for m in at.metric}


def test_page_steps_runs_resets_and_restarts_on_a_change():
    at = _page()
    assert len(at.get("plotly_chart")) == 3
    assert _metrics(at)["Steps"] == "0"
    at.button(key="lgr_step").click().run()
    assert _metrics(at)["Steps"] == "1"
    at.button(key="lgr_run").click().run()
    X, Y = lesson.data()
    path = lesson.descend(X, Y, (-6.0, -4.0), 0.0, 1.0, 51)
    assert _metrics(at)["Steps"] == "51"
    assert _metrics(at)["J now"] == f"{path[-1, 2]:.4f}"
    at.select_slider(key="lgr_lr").set_value(0.03).run()
    assert _metrics(at)["Steps"] == "0"  # a new learning rate starts a new path
    at.button(key="lgr_run").click().run()
    at.button(key="lgr_run").click().run()
    assert any("Small" in w.value for w in at.warning)
    at.button(key="lgr_reset").click().run()
    assert _metrics(at)["Steps"] == "0"
    at.radio(key="lgr_loss").set_value("sigmoid_mse").run()
    assert not at.exception
    at.select_slider(key="lgr_lr").set_value(300.0).run()
    at.slider(key="lgr_w1").set_value(4.0).run()
    at.slider(key="lgr_w2").set_value(3.0).run()
    at.radio(key="lgr_loss").set_value("bce").run()
    at.button(key="lgr_run").click().run()
    at.button(key="lgr_run").click().run()
    assert any("diverges" in w.value for w in at.warning)
    assert not at.exception
