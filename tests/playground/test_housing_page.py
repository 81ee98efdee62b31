"""The Housing prices page (AppTest) and its plug-in for the live machinery."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from engine.housing import load_housing_frame
from playground.exports import setup_to_json
from playground.fields import default_setup
from playground.housing_view import (
    HousingView,
    explain_features,
    make_housing_data,
    short_label,
)
from playground.state import Session

APP = Path(__file__).resolve().parents[2] / "playground" / "app.py"
PAGE = APP.parent / "views" / "housing.py"


@pytest.fixture(scope="module")
def frame():
    return load_housing_frame()


def _open_page() -> AppTest:
    # The page alone, as a link to /housing runs it (tests/playground/test_app.py checks
    # that the router lists and runs it).
    at = AppTest.from_file(str(PAGE), default_timeout=120).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _live_charts(at: AppTest) -> list:
    # The page's live chart (the tab's checkpoint-key component is a component too).
    return [c for c in at.get("component_instance") if "live_chart" in c.proto.component_name]


def _shown(at: AppTest) -> dict:
    """What the live chart was last sent: its stats by id and its panels by name."""
    (chart,) = _live_charts(at)
    args = json.loads(chart.proto.json_args)
    stats = {s["id"]: s["value"] for s in args["frame"]["stats"]}
    panels = [p["name"] for p in (args.get("base") or {}).get("panels", [])]
    return {"stats": stats, "panels": panels}


def _dollars(text: str) -> float:
    assert text.startswith("$"), text
    return float(text[1:].replace(",", ""))


def test_choose_features_then_step_and_the_rmse_in_dollars_falls():
    at = _open_page()
    session = at.session_state["housing_session"]
    assert session.network.activations[-1] == "linear"
    assert session.setup.loss == "mse"
    assert set(_shown(at)["panels"]) >= {"rmse", "scatter", "residuals", "map"}

    at.multiselect(key="housing_features").set_value(["median_income", "latitude", "longitude"])
    at.run()
    session = at.session_state["housing_session"]
    assert session.data.n_x == 3
    assert any("**median income**, **latitude** and **longitude**" in m.value
               for m in at.markdown)
    shown = [_dollars(_shown(at)["stats"]["test-rmse"])]
    for _ in range(3):
        at.button(key="housing_step").click().run()
        shown.append(_dollars(_shown(at)["stats"]["test-rmse"]))
    assert not at.exception
    assert _shown(at)["stats"]["epoch"] == "3"
    assert shown[-1] < shown[0]
    assert all(later < earlier for earlier, later in itertools.pairwise(shown))


def test_one_feature_adds_the_fitted_curve():
    at = _open_page()
    at.multiselect(key="housing_features").set_value(["median_income"])
    at.run()
    assert not at.exception
    assert "fit" in _shown(at)["panels"]
    assert any("one number, its **median income**" in m.value for m in at.markdown)


def test_the_data_notes_say_the_cap_and_the_imputation():
    at = _open_page()
    text = " ".join(m.value for m in at.markdown)
    assert "$500,001" in text
    assert "total_bedrooms" in text
    assert "median" in text


def test_housing_data_keeps_the_test_districts_coordinates(frame):
    setup = default_setup("regression").replace(housing_samples=1000, test_ratio=0.25)
    data = make_housing_data(setup, frame)
    hd = data.extra["housing"]
    assert data.X_train.shape == (8, 750)
    assert data.X_test.shape == (8, 250)
    # The map's coordinates are the test districts' own: compare with the raw table.
    np.testing.assert_array_equal(data.extra["lon"], frame["longitude"].to_numpy()[hd.test_rows])
    i = hd.feature_names.index("latitude")
    np.testing.assert_allclose(hd.unstandardize(data.X_test)[i], data.extra["lat"])
    assert "grid" not in data.extra


def test_one_feature_gets_a_grid_covering_the_data(frame):
    setup = default_setup("regression").replace(features=["median_income"],
                                                housing_samples=500)
    data = make_housing_data(setup, frame)
    grid_raw = data.extra["grid_raw"]
    incomes = frame["median_income"].to_numpy()[np.concatenate(
        [data.extra["housing"].train_rows, data.extra["housing"].test_rows])]
    assert grid_raw[0] == pytest.approx(incomes.min())
    assert grid_raw[-1] == pytest.approx(incomes.max())
    assert np.all(np.diff(grid_raw) > 0)


def test_single_relu_unit_draws_a_hinge(frame):
    """One ReLU unit, fixed weights: the fitted curve is flat, then rises past a threshold."""
    setup = default_setup("regression").replace(
        features=["median_income"], hidden_units=[1], activations=["relu"], housing_samples=500)
    session = Session(setup, make_data=lambda s: make_housing_data(s, frame))
    # a = W2 relu(W1 x + b1) + b2 with W1 = 1, b1 = -0.5 (threshold at x = 0.5 standardized),
    # W2 = 2, b2 = 1: price $100,000 flat, then +$200,000 per standard deviation of income.
    session.network.params = {"W1": np.array([[1.0]]), "b1": np.array([[-0.5]]),
                              "W2": np.array([[2.0]]), "b2": np.array([[1.0]])}
    frame_ = HousingView().frame(session, slow=True)
    curve = np.array(frame_["figures"]["fit"]["traces"]["1"]["y"])
    x = session.data.extra["grid"].ravel()
    below = x < 0.5
    np.testing.assert_allclose(curve[below], 100_000)
    np.testing.assert_allclose(curve[~below], np.round(100_000 + 200_000 * (x[~below] - 0.5)))


def test_view_stats_match_the_dollar_metrics(frame):
    setup = default_setup("regression").replace(housing_samples=600)
    session = Session(setup, make_data=lambda s: make_housing_data(s, frame))
    session.step(2)
    stats = {s["id"]: s["value"] for s in HousingView().frame(session, slow=True)["stats"]}
    A = session.network.forward(session.data.X_test)
    err = (A - session.data.Y_test).ravel() * 100_000
    assert _dollars(stats["test-rmse"]) == pytest.approx(np.sqrt(np.mean(err**2)), abs=1)
    assert _dollars(stats["test-mae"]) == pytest.approx(np.mean(np.abs(err)), abs=1)
    y = session.data.Y_test.ravel() * 100_000
    r2 = 1 - np.sum(err**2) / np.sum((y - y.mean()) ** 2)
    assert float(stats["test-r2"]) == pytest.approx(r2, abs=5e-4)


def test_map_colour_choice_is_validated():
    with pytest.raises(ValueError, match="predicted, error"):
        HousingView("income")


@pytest.mark.parametrize(
    ("name", "label"),
    [("median_income", "median income"), ("population_per_household", "people per household"),
     ("ocean_inland", "whether it is inland")],
)
def test_short_labels_read_as_words(name, label):
    assert short_label(name) == label


def test_explain_features_counts_the_inputs():
    assert "from 2 numbers" in explain_features(["median_income", "latitude"])
    assert explain_features([]) == "Choose at least one feature."


def test_setup_export_then_import_restores_the_features():
    at = _open_page()
    at.multiselect(key="housing_features").set_value(["median_income", "ocean_inland"])
    at.run()
    saved = setup_to_json(at.session_state["housing_session"].setup)
    at = _open_page()
    assert at.session_state["housing_session"].data.n_x == 8
    # What the "Load a setup (JSON)" uploader's callback stores (AppTest cannot upload).
    at.session_state["housing_import_text"] = ("setup.json", saved)
    at.run()
    assert not at.exception
    assert at.session_state["housing_session"].setup.features == ["median_income",
                                                                 "ocean_inland"]
    assert at.session_state["housing_session"].data.n_x == 2


def test_frames_update_the_costly_pictures_in_turn_while_playing(frame):
    setup = default_setup("regression").replace(housing_samples=300)
    session = Session(setup, make_data=lambda s: make_housing_data(s, frame))
    view = HousingView()
    assert set(view.frame(session, slow=False)["figures"]) == {"rmse", "scatter", "residuals",
                                                               "map"}  # paused: all
    session.playing = True
    sent = [set(view.frame(session, slow=False)["figures"]) for _ in range(6)]
    assert all("rmse" in names for names in sent)
    costly = [names - {"rmse"} for names in sent]
    assert all(len(names) == 1 for names in costly)
    assert set().union(*costly[:3]) == {"scatter", "residuals", "map"}
    assert costly[:3] == costly[3:]


def test_a_new_map_colouring_rebuilds_the_chart():
    at = _open_page()
    version = at.session_state["housing_session"].version
    at.radio(key="housing_map_color").set_value("error").run()
    assert not at.exception
    assert at.session_state["housing_session"].version == version + 1
    (chart,) = _live_charts(at)
    base = json.loads(chart.proto.json_args)["base"]
    (map_panel,) = [p for p in base["panels"] if p["name"] == "map"]
    assert "error" in map_panel["figure"]["layout"]["title"]["text"]
    at.run()  # same colouring: nothing to rebuild
    assert at.session_state["housing_session"].version == version + 1


def test_a_shared_link_sets_the_features_and_a_bad_value_is_named():
    at = AppTest.from_file(str(PAGE), default_timeout=120)
    at.query_params.update({"task": "regression", "feat": "median_income,latitude",
                            "units": "3", "hn": "999999"})
    at.run()
    assert not at.exception
    session = at.session_state["housing_session"]
    assert session.setup.features == ["median_income", "latitude"]
    assert session.setup.hidden_units == [3]
    assert session.setup.housing_samples == 20_640  # clamped to the data set's size
    assert any("housing_samples" in w.value for w in at.warning)
