"""The housing page's figures and its dollar metrics, on tiny hand-worked examples."""

from __future__ import annotations

import math

import numpy as np
import plotly.graph_objects as go
import pytest

from engine.housing import from_dollars, to_dollars
from playground.figures.dollars import DollarMetrics, dollar_metrics, metrics_text, money
from playground.figures.housing import (
    PRICE_CAP,
    fitted_curve_figure,
    fitted_curve_update,
    predicted_vs_actual_figure,
    predicted_vs_actual_update,
    residual_histogram,
    residual_histogram_figure,
    residual_histogram_update,
    rmse_curve_figure,
    rmse_curve_update,
)
from playground.figures.housing_map import district_map_figure, district_map_update

# Predictions A and targets Y in the network's unit, $100,000 (worked by hand):
#   errors A - Y = [-0.5, 0, 1, 1]; squared [0.25, 0, 1, 1], mean 0.5625
#   RMSE = sqrt(0.5625) = 0.75          -> $75,000
#   MAE  = (0.5 + 0 + 1 + 1) / 4 = 0.625 -> $62,500
#   mean Y = 9.5 / 4 = 2.375; SS_tot = 0.875² + 2 * 0.375² + 1.625² = 3.6875 = 59/16
#   SS_res = 2.25 = 36/16;  R² = 1 - 36/59 = 23/59
A = np.array([[1.0, 2.0, 3.0, 5.0]])
Y = np.array([[1.5, 2.0, 2.0, 4.0]])


def test_dollar_metrics_match_hand_computed_values():
    m = dollar_metrics(A, Y)
    assert m.rmse == pytest.approx(75_000.0)
    assert m.mae == pytest.approx(62_500.0)
    assert m.r2 == pytest.approx(23 / 59)


def test_dollar_metrics_of_perfect_predictions():
    m = dollar_metrics(Y, Y)
    assert m == (pytest.approx(0.0), pytest.approx(0.0), pytest.approx(1.0))


def test_predicting_the_mean_gives_r2_zero():
    mean = np.full_like(Y, Y.mean())
    assert dollar_metrics(mean, Y).r2 == pytest.approx(0.0, abs=1e-12)


@pytest.mark.parametrize(
    ("amount", "text"),
    [(0, "$0"), (48_210.4, "$48,210"), (-1_200, "-$1,200"), (500_001, "$500,001")],
)
def test_money_formats_dollars(amount, text):
    assert money(amount) == text


def test_metrics_text_names_all_three_metrics():
    text = metrics_text("Test", DollarMetrics(48_210.0, 33_100.0, 0.7123))
    assert text == "Test: RMSE $48,210 · MAE $33,100 · R² 0.712"
    assert metrics_text("Test", None) == "Test: no data yet"


def test_rmse_curve_has_train_and_test_traces_and_metrics_in_title():
    fig = rmse_curve_figure(
        [1, 2, 3], [90_000, 70_000, 60_000], [95_000, 75_000, 66_000],
        train_metrics=DollarMetrics(60_000, 41_000, 0.72),
        test_metrics=DollarMetrics(66_000, 45_000, 0.66),
    )
    assert isinstance(fig, go.Figure)
    assert list(fig.data[0].y) == [90_000, 70_000, 60_000]
    assert list(fig.data[1].y) == [95_000, 75_000, 66_000]
    assert "R² 0.720" in fig.layout.title.text
    assert "Test: RMSE $66,000" in fig.layout.title.text
    assert fig.layout.yaxis.type == "linear"
    assert rmse_curve_figure([1], [1.0], log_y=True).layout.yaxis.type == "log"


def test_rmse_curve_without_test_has_an_empty_test_trace():
    fig = rmse_curve_figure([1, 2], [2.0, 1.0])
    assert len(fig.data) == 2
    assert len(fig.data[1].y) == 0
    assert "Test" not in fig.layout.title.text


def test_predicted_vs_actual_separates_the_censored_districts():
    pred = np.array([100_000, 250_000, 480_000, 390_000])
    actual = np.array([120_000, 200_000, PRICE_CAP, PRICE_CAP])
    fig = predicted_vs_actual_figure(pred, actual)
    free, capped, diagonal = fig.data[:3]
    assert list(free.x) == [100_000, 250_000]
    assert list(capped.x) == [480_000, 390_000]
    assert list(capped.y) == [PRICE_CAP, PRICE_CAP]
    # The cap is drawn as a horizontal line at y = 500,001 and annotated with the count.
    lines = [s for s in fig.layout.shapes if s.y0 == s.y1 == PRICE_CAP]
    assert len(lines) == 1
    assert any("these 2 districts" in a.text for a in fig.layout.annotations)
    assert fig.layout.yaxis.range[0] <= 0
    assert fig.layout.yaxis.range[1] > PRICE_CAP  # the cap's line is inside the picture
    # The diagonal spans every point.
    assert diagonal.x[0] <= 100_000
    assert diagonal.x[-1] >= PRICE_CAP


def test_the_cap_survives_the_round_trip_through_units_of_100000():
    # 500001 / 100000 * 100000 is 500000.99999999994 in floating point: still at the cap.
    actual = to_dollars(from_dollars(np.array([500_001.0, 500_001.0, 499_000.0])))
    fig = predicted_vs_actual_figure([1.0, 2.0, 3.0], actual)
    assert len(fig.data[1].x) == 2
    assert any("these 2 districts" in a.text for a in fig.layout.annotations)


def test_predicted_vs_actual_rejects_mismatched_lengths():
    with pytest.raises(ValueError, match="3 values"):
        predicted_vs_actual_figure([1, 2, 3], [1, 2])


def test_residual_histogram_counts_every_residual_once():
    # residuals -2, -1, 0, 0, 1, 2 in 4 bins of width 1 over [-2, 2]:
    # [-2,-1): -2 ; [-1,0): -1 ; [0,1): 0, 0 ; [1,2]: 1, 2
    centres, counts = residual_histogram([-2, -1, 0, 0, 1, 2], bins=4)
    np.testing.assert_allclose(centres, [-1.5, -0.5, 0.5, 1.5])
    assert list(counts) == [1, 1, 2, 2]


def test_residual_histogram_of_equal_values_has_one_full_bin():
    centres, counts = residual_histogram([3.0, 3.0, 3.0], bins=5)
    assert counts.sum() == 3
    assert centres[np.argmax(counts)] == pytest.approx(3.0)


def test_residual_figure_reports_the_mean_error():
    fig = residual_histogram_figure(np.array([-1000.0, 3000.0]), bins=2)
    assert sum(fig.data[0].y) == 2
    assert "mean $1,000" in fig.layout.title.text


def test_map_keeps_californias_shape_and_colours_by_choice():
    lon = np.array([-122.0, -118.0, -117.0])
    lat = np.array([38.0, 34.0, 33.0])
    fig = district_map_figure(lon, lat, [300_000, 200_000, 100_000])
    assert fig.layout.yaxis.scaleanchor == "x"
    assert fig.layout.yaxis.scaleratio == pytest.approx(1 / math.cos(math.radians(35.0)))
    assert list(fig.data[0].marker.color) == [300_000, 200_000, 100_000]
    err = district_map_figure(lon, lat, [-50_000, 0, 20_000], color_by="error")
    # A diverging scale centred at zero error, symmetric.
    assert err.data[0].marker.cmid == 0
    assert err.data[0].marker.cmin == -err.data[0].marker.cmax
    # Nothing from the internet: no geo or tile-based traces.
    assert all(t.type == "scattergl" for t in fig.data + err.data)


def test_map_rejects_an_unknown_colouring():
    with pytest.raises(ValueError, match="predicted, error"):
        district_map_figure([0], [0], [0], color_by="rooms")


def test_fitted_curve_draws_the_line_over_the_data():
    fig = fitted_curve_figure(
        [1.0, 2.0, 3.0], [100_000, 150_000, 300_000],
        [0.0, 1.5, 3.0], [120_000, 120_000, 300_000],
        feature_label="median income",
    )
    data, curve = fig.data[:2]
    assert list(data.x) == [1.0, 2.0, 3.0]
    assert list(curve.y) == [120_000, 120_000, 300_000]
    assert "median income" in fig.layout.xaxis.title.text


# A live frame sends only what moves; applied to the base figure it must give the figure
# built from the new numbers (the JS applies each trace update with Object.assign).
def _apply(fig: go.Figure, traces: dict) -> dict:
    data = [dict(t.to_plotly_json()) for t in fig.data]
    for i, props in traces.items():
        data[int(i)].update(props)
    return data


def _same_traces(got: list[dict], want: go.Figure, props=("x", "y", "marker", "width")):
    for g, w in zip(got, [t.to_plotly_json() for t in want.data], strict=True):
        for p in props:
            if p in w or p in g:
                a, b = g.get(p), w.get(p)
                if isinstance(a, dict):
                    assert a == b
                else:
                    np.testing.assert_allclose(np.asarray(a, float), np.asarray(b, float))


def test_updates_turn_an_old_figure_into_the_new_one():
    rng = np.random.default_rng(0)
    actual = np.minimum(rng.uniform(50_000, 600_000, 60), PRICE_CAP)
    old, new = actual + rng.normal(0, 90_000, 60), actual + rng.normal(0, 30_000, 60)
    lon, lat = rng.uniform(-124, -114, 60), rng.uniform(32, 42, 60)
    pairs = [
        (predicted_vs_actual_figure(old, actual), predicted_vs_actual_update(new, actual),
         predicted_vs_actual_figure(new, actual)),
        (residual_histogram_figure(old - actual), residual_histogram_update(new - actual)[0],
         residual_histogram_figure(new - actual)),
        (district_map_figure(lon, lat, old - actual, color_by="error"),
         district_map_update(new - actual, color_by="error"),
         district_map_figure(lon, lat, new - actual, color_by="error")),
        (fitted_curve_figure([1, 2], [1, 2], [0, 1, 2], [5, 6, 7], feature_label="f"),
         fitted_curve_update([7, 8, 9]),
         fitted_curve_figure([1, 2], [1, 2], [0, 1, 2], [7, 8, 9], feature_label="f")),
    ]
    for base, update, want in pairs:
        _same_traces(_apply(base, update), want)


def test_rmse_update_keeps_at_most_500_points_with_first_and_last():
    epochs = list(range(1, 2001))
    rmse_d = [100_000 - 10 * e for e in epochs]
    traces = rmse_curve_update(epochs, rmse_d, rmse_d)
    assert len(traces["0"]["x"]) <= 500
    assert traces["0"]["x"][0] == 1
    assert traces["0"]["x"][-1] == 2000
    assert traces["1"]["y"][-1] == 80_000
