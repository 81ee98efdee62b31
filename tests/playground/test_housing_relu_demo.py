"""The README's one-ReLU-unit housing demo works on the first try, whatever the seed
(issue 12, must-fix 4), and no statistic is written as a negative zero."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from engine.housing import load_housing_frame
from playground.fields import default_setup
from playground.figures import dollars as dl
from playground.housing_view import HousingView, housing_data_maker
from playground.presets import HOUSING_PRESETS, apply_preset, preset_names
from playground.state import Session

DEMO = "One ReLU unit: a threshold"
PAGE = Path(__file__).resolve().parents[2] / "playground" / "views" / "housing.py"


@pytest.fixture(scope="module")
def make():
    return housing_data_maker(load_housing_frame())


def _demo(make, seed: int | None = None) -> Session:
    setup = apply_preset(default_setup("regression"), DEMO)
    return Session(setup if seed is None else setup.replace(seed=seed), make_data=make)


@pytest.mark.parametrize("seed", range(6))
def test_the_one_unit_demo_learns_a_rising_line_for_every_seed(make, seed):
    s = _demo(make, seed)
    s.step(20)
    p = s.network.params
    Z = p["W1"] @ s.data.X_train + p["b1"]
    assert (Z > 0).mean() > 0.5                     # the unit is alive (not a flat line)
    assert p["W1"][0, 0] * p["W2"][0, 0] > 0        # the price rises with income
    r2 = dl.dollar_metrics(s.network.forward(s.data.X_test), s.data.Y_test).r2
    assert r2 > 0.45                                # the income alone explains about half


def test_the_demo_bends_past_a_threshold_inside_the_data(make):
    s = _demo(make)
    s.step(100)
    p = s.network.params
    bend = -p["b1"][0, 0] / p["W1"][0, 0]            # z = 0 here (standardized income)
    below = float(np.mean(s.data.X_train.ravel() < bend))
    assert 0.02 < below < 0.5                        # flat on the left, rising on the right


def test_the_housing_page_offers_the_demo_and_explains_it():
    assert preset_names("regression") == list(HOUSING_PRESETS)
    at = AppTest.from_file(str(PAGE), default_timeout=120).run()
    at.selectbox(key="housing_preset").set_value(DEMO).run()
    at.button(key="housing_preset_apply").click().run()
    assert not at.exception
    s = at.session_state["housing_session"]
    assert s.setup.features == ["median_income"]
    assert s.setup.hidden_units == [1]
    assert s.setup.activations == ["relu"]
    assert any(DEMO in i.value for i in at.sidebar.info)
    assert at.query_params["feat"] == "median_income"


@pytest.mark.parametrize("value", [-0.0, -1e-9, -0.0004])
def test_no_negative_zero_in_the_stats(value):
    assert dl.fixed(value, 3) == "0.000"
    assert "-0.000" not in dl.metrics_text("Test", dl.DollarMetrics(1.0, 1.0, value))
    assert dl.money(-0.3) == "$0"
    assert dl.fixed(-0.0006, 3) == "-0.001"


def test_a_dead_unit_shows_r2_as_0_000(make):
    s = _demo(make)
    s.network.params = {**s.network.params, "W1": np.array([[1.0]]), "b1": np.array([[-50.0]]),
                        "b2": np.array([[float(s.data.Y_train.mean())]])}
    view = HousingView()
    r2 = dl.dollar_metrics(s.network.forward(s.data.X_test), s.data.Y_test).r2
    assert -0.0005 < r2 < 0                          # the mean: R² a hair below zero
    frame = view.frame(s, slow=True)
    stats = {x["id"]: x["value"] for x in frame["stats"]}
    assert stats["test-r2"] == "0.000"
    assert "-0.000" not in json.dumps(frame)
