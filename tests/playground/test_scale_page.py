"""The page "Scale drives deep learning": the split and the sweep behind it
(playground/lessons/scale.py), its chart (playground/figures/scale.py), and the page
itself (AppTest)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from engine.housing import N_DISTRICTS
from playground.figures import scale as sf
from playground.lessons import scale as lesson

APP = str(Path(__file__).resolve().parents[2] / "playground" / "app.py")


@pytest.fixture(scope="module")
def data():
    return lesson.split()


@pytest.fixture(scope="module")
def small_sweep(data):
    # A small grid and a short budget: the trends must already show on it.
    models = {k: v for k, v in lesson.MODELS.items() if v in ((), (64, 32))}
    return lesson.sweep(data, m_values=(200, 1_000, 5_000), models=models, steps=600)


def test_split_is_a_fixed_test_set_and_a_pool_of_the_other_districts(data):
    n_x = len(data.features)
    assert data.X_pool.shape == (n_x, 16_512)
    assert data.Y_pool.shape == (1, 16_512)
    assert data.X_test.shape == (n_x, 4_128)
    assert data.Y_test.shape == (1, 4_128)
    assert data.X_pool.shape[1] + data.X_test.shape[1] == N_DISTRICTS
    assert lesson.M_VALUES[-1] == data.X_pool.shape[1]  # the last m is every district
    # Standardized on the pool: mean 0 and std 1 for the non-0/1 features.
    scaled = data.X_pool[[i for i, f in enumerate(data.features) if not f.startswith("ocean")]]
    assert np.allclose(scaled.mean(axis=1), 0.0, atol=1e-9)
    assert np.allclose(scaled.std(axis=1), 1.0, atol=1e-9)
    assert np.array_equal(lesson.split().Y_test, data.Y_test)  # the same split every time


@pytest.mark.parametrize(("m", "epochs"), [(200, 1_500), (256, 1_500), (1_000, 375),
                                           (16_512, 23)])
def test_epochs_give_about_the_same_number_of_steps_for_every_m(m, epochs):
    assert lesson.epochs_for(m) == epochs
    steps = epochs * -(-m // lesson.BATCH)
    assert abs(steps - lesson.STEPS) / lesson.STEPS < 0.05


def test_one_run_is_reproducible_and_refuses_a_bad_m(data):
    a = lesson.train_one(data, (4,), 300, steps=200)
    b = lesson.train_one(data, (4,), 300, steps=200)
    assert a == b
    assert a["n_params"] == 4 * (len(data.features) + 1) + 5
    with pytest.raises(ValueError, match="m must be from 10"):
        lesson.train_one(data, (4,), 20_000)


def test_sweep_shapes_and_the_lecture_trends(small_sweep):
    assert len(small_sweep) == 2 * 3
    assert {r["m"] for r in small_sweep} == {200, 1_000, 5_000}
    s = lesson.summary(small_sweep)
    linear, large = s["Linear regression (no hidden layer)"], s["Large network (64, 32)"]
    # No hidden layer: it has reached its level by m = 1,000 (a plateau)...
    assert abs(linear["last_gain"]) < 0.02
    assert 0.55 < linear["last"] < 0.75
    # ...the large network overfits 200 districts and keeps gaining with more of them,
    # ending above the straight line.
    _, ys = lesson.curve(small_sweep, "Large network (64, 32)")
    assert ys[0] < ys[1] < ys[2]
    assert large["gain"] > 0.2
    assert large["last"] > linear["last"] + 0.03
    _, train = lesson.curve(small_sweep, "Large network (64, 32)", "train_r2")
    assert train[0] > 0.95 > ys[0]  # it fits its 200 examples by heart


def test_sweep_reports_progress_from_0_to_1_in_order(data):
    heard = []
    rows = lesson.sweep(data, m_values=(100, 300), models={"lin": (), "net": (3,)}, steps=20,
                        on_step=lambda done, what: heard.append((done, what)))
    fractions = [d for d, _ in heard]
    assert fractions[0] == 0.0
    assert fractions[-1] == 1.0
    assert fractions == sorted(fractions)
    assert [w for _, w in heard[:-1]] == ["lin, m = 100", "lin, m = 300", "net, m = 100",
                                         "net, m = 300"]
    assert [r["model"] for r in rows] == ["lin", "lin", "net", "net"]


def test_figure_draws_one_line_per_model_on_a_log_axis(small_sweep):
    fig = sf.scale_figure(small_sweep)
    assert [t.name for t in fig.data] == ["Linear regression (no hidden layer)",
                                         "Large network (64, 32)"]
    assert list(fig.data[0].x) == [200, 1_000, 5_000]
    assert fig.layout.xaxis.type == "log"
    assert fig.data[0].line.dash == "dash"  # the traditional method, dashed
    with_train = sf.scale_figure(small_sweep, metric="test_rmse", show_train=True)
    assert len(with_train.data) == 5  # and one legend entry for "dotted"
    assert "RMSE" in with_train.layout.yaxis.title.text
    # The legend sits where the curves are not: in the plot's bottom-right corner for R²
    # (high curves there), under the plot for RMSE (no corner is free).
    assert (fig.layout.legend.yanchor, fig.layout.legend.y) == ("bottom", 0.03)
    assert with_train.layout.legend.orientation == "h"
    assert with_train.layout.legend.y < 0
    rmse = [r["train_rmse"] for r in sorted(small_sweep, key=lambda r: r["m"])
            if r["model"] == "Large network (64, 32)"]
    assert list(with_train.data[3].y) == rmse
    assert [t.showlegend for t in with_train.data] == [None, False, None, False, None]
    with pytest.raises(ValueError, match="metric"):
        sf.scale_figure(small_sweep, metric="accuracy")


def test_page_runs_draws_the_chart_and_its_controls_work():
    at = AppTest.from_file(APP, default_timeout=400).run()
    at.switch_page("views/scale.py").run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    charts = at.get("plotly_chart")
    assert all(c.proto.theme == "" for c in charts)
    fig = json.loads(charts[0].proto.spec)
    assert len(fig["data"]) == len(lesson.MODELS)
    assert [len(t["x"]) for t in fig["data"]] == [len(lesson.M_VALUES)] * len(lesson.MODELS)
    text = " ".join(m.value for m in at.markdown)
    assert "A plateau" in text
    assert "the order is the lecture's" in text
    at.radio(key="scl_metric").set_value("test_rmse").run()
    at.checkbox(key="scl_train").check().run()
    assert not at.exception
    fig = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert len(fig["data"]) == 2 * len(lesson.MODELS) + 1
    assert "RMSE" in fig["layout"]["yaxis"]["title"]["text"]
