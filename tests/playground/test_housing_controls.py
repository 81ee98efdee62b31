"""The housing page's sidebar and first picture (issue 12, should-fix "Housing"): the feature
chips read as words, an empty choice is not silently all eight, one district is "this
district", and the RMSE axis at epoch 0 covers the RMSE the stats show."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
from streamlit.testing.v1 import AppTest

from engine.housing import FEATURE_LABELS, FEATURE_SHORT_LABELS, FEATURES
from playground.figures import housing as hf

PAGE = Path(__file__).resolve().parents[2] / "playground" / "views" / "housing.py"
CHIP_CHARS = 17  # what a chip shows at 1280 px without an ellipsis (see the screenshots)


def _open() -> AppTest:
    at = AppTest.from_file(str(PAGE), default_timeout=120).run()
    assert not at.exception
    return at


def _base(at: AppTest) -> dict:
    (chart,) = [c for c in at.get("component_instance") if "live_chart" in c.proto.component_name]
    args = json.loads(chart.proto.json_args)
    return args


def test_every_feature_has_a_short_chip_label():
    assert set(FEATURE_SHORT_LABELS) >= set(FEATURES)
    assert all(len(FEATURE_SHORT_LABELS[n]) <= CHIP_CHARS for n in FEATURES)
    assert all("_" not in FEATURE_SHORT_LABELS[n] for n in FEATURES)
    assert set(FEATURE_LABELS) >= set(FEATURES)


def test_the_chips_show_labels_and_an_empty_choice_keeps_the_features_in_use():
    at = _open()
    picker = at.multiselect(key="housing_features")
    assert picker.format_func("rooms_per_household") == "Rooms/household"
    before = list(at.session_state["housing_session"].setup.features)
    assert len(before) == 8
    at.multiselect(key="housing_features").set_value(["median_income", "latitude"]).run()
    at.multiselect(key="housing_features").set_value([]).run()
    assert not at.exception
    s = at.session_state["housing_session"]
    assert s.setup.features == ["median_income", "latitude"]      # not all eight
    assert at.multiselect(key="housing_features").value == ["median_income", "latitude"]
    text = " ".join(w.value for w in at.warning)
    assert "Choose at least one feature" in text
    assert "Median income, Latitude" in text
    assert at.query_params["feat"] == "median_income,latitude"


def test_one_district_at_the_cap_is_this_district():
    fig = hf.predicted_vs_actual_figure(np.array([1e5, 2e5]), np.array([3e5, 500_001.0]))
    text = " ".join(a.text for a in fig.layout.annotations)
    assert "this district is worth" in text
    assert "these 1 " not in text


def test_the_rmse_axis_at_epoch_0_covers_the_rmse_shown():
    at = _open()
    args = _base(at)
    rmse = next(p for p in args["base"]["panels"] if p["name"] == "rmse")["figure"]
    shown = float(args["frame"]["stats"][2]["value"].strip("$").replace(",", ""))
    ys = [y for trace in rmse["data"] for y in (trace.get("y") or []) if y is not None]
    assert ys, "the curve has its epoch-0 point"
    assert max(ys) >= 0.9 * shown            # the axis autoscale includes the RMSE
    frame_traces = args["frame"]["figures"]["rmse"]["traces"]
    assert abs(frame_traces["1"]["y"][0] - shown) <= 1e-4 * shown  # 5 significant digits
    at.button(key="housing_step").click().run()
    traces = _base(at)["frame"]["figures"]["rmse"]["traces"]
    assert traces["0"]["x"] == [0]           # then the history's own rows
