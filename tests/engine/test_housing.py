"""Tests for engine.housing: the shipped data, cleaning, train-only statistics, dollars."""

from __future__ import annotations

import gzip
import hashlib

import numpy as np
import pandas as pd
import pytest

from engine.housing import (
    ASSET_PATH,
    DEFAULT_FEATURES,
    FEATURE_LABELS,
    FEATURES,
    PRICE_CAP,
    from_dollars,
    load_housing_frame,
    make_size_price,
    prepare_housing,
    size_price_curve,
    to_dollars,
)

# sha256 of the source file, from /work/shared/data/README.md
SOURCE_SHA256 = "8a3727f4cf54ac1a327f69b1d5b4db54c5834ea81c6e4efc0d163300022a685e"


@pytest.fixture(scope="module")
def frame():
    return load_housing_frame()


def test_asset_decompresses_to_the_source_file_bit_for_bit():
    data = gzip.decompress(ASSET_PATH.read_bytes())
    assert hashlib.sha256(data).hexdigest() == SOURCE_SHA256
    assert "shared" not in ASSET_PATH.parts


def test_raw_frame_has_the_known_quirks(frame):
    assert len(frame) == 20_640
    assert frame["total_bedrooms"].isna().sum() == 207
    assert frame.drop(columns="total_bedrooms").notna().all().all()
    assert (frame["median_house_value"] == PRICE_CAP).sum() == 965
    assert set(frame["ocean_proximity"]) == {
        "<1H OCEAN",
        "INLAND",
        "NEAR OCEAN",
        "NEAR BAY",
        "ISLAND",
    }


def test_all_features_prepared_without_nan_and_with_expected_shapes(frame):
    data = prepare_housing(FEATURES, test_ratio=0.2, seed=0, frame=frame)
    assert data.X_train.shape == (len(FEATURES), 16_512)
    assert data.X_test.shape == (len(FEATURES), 4_128)
    assert data.Y_train.shape == (1, 16_512)
    assert data.Y_test.shape == (1, 4_128)
    for a in (data.X_train, data.X_test, data.Y_train, data.Y_test):
        assert np.isfinite(a).all()
    assert data.feature_names == FEATURES
    assert data.Y_train.max() == pytest.approx(5.00001)


def test_imputation_uses_training_median_and_says_so(frame):
    data = prepare_housing(["total_bedrooms"], seed=3, frame=frame)
    train = frame.iloc[data.train_rows]
    median = train["total_bedrooms"].median()
    missing_in_train = train["total_bedrooms"].isna().to_numpy()
    raw_values = data.unstandardize(data.X_train)[0]
    assert missing_in_train.sum() > 0
    assert np.allclose(raw_values[missing_in_train], median)
    assert any("207 districts had no total_bedrooms" in n and "median" in n for n in data.notes)


def test_no_imputation_note_when_bedrooms_are_not_used(frame):
    data = prepare_housing(["median_income"], frame=frame)
    assert not any("total_bedrooms" in n for n in data.notes)
    assert any("$500,001" in n for n in data.notes)


def test_train_statistics_do_not_see_the_test_split(frame):
    features = ["median_income", "total_bedrooms", "bedrooms_per_room", "latitude"]
    a = prepare_housing(features, test_ratio=0.25, seed=7, frame=frame)
    altered = frame.copy()
    rows = a.test_rows
    altered.loc[altered.index[rows], "median_income"] = 1e6
    altered.loc[altered.index[rows], "latitude"] = -90.0
    altered.loc[altered.index[rows], "total_bedrooms"] = np.nan
    b = prepare_housing(features, test_ratio=0.25, seed=7, frame=altered)
    assert np.array_equal(a.test_rows, b.test_rows)
    assert np.array_equal(a.means, b.means)
    assert np.array_equal(a.stds, b.stds)
    assert np.array_equal(a.X_train, b.X_train)
    assert not np.array_equal(a.X_test, b.X_test)


def test_training_features_are_standardized_and_ocean_columns_kept_as_0_1(frame):
    data = prepare_housing(["median_income", "ocean_inland"], seed=1, frame=frame)
    assert data.X_train[0].mean() == pytest.approx(0.0, abs=1e-12)
    assert data.X_train[0].std() == pytest.approx(1.0)
    assert set(np.unique(data.X_train[1])) == {0.0, 1.0}
    raw_income = frame["median_income"].to_numpy()[data.train_rows]
    assert np.allclose(data.unstandardize(data.X_train)[0], raw_income)
    assert np.allclose(data.standardize(data.unstandardize(data.X_test)), data.X_test)


def test_derived_and_one_hot_features_match_hand_computation(frame):
    names = ["rooms_per_household", "population_per_household", "ocean_near_bay"]
    data = prepare_housing(names, test_ratio=0.1, seed=2, frame=frame)
    raw = data.unstandardize(data.X_train)
    rows = frame.iloc[data.train_rows]
    assert np.allclose(raw[0], rows["total_rooms"] / rows["households"])
    assert np.allclose(raw[1], rows["population"] / rows["households"])
    assert np.array_equal(raw[2], (rows["ocean_proximity"] == "NEAR BAY").to_numpy(float))


def test_single_feature_and_target_in_hundred_thousands(frame):
    data = prepare_housing("median_income", test_ratio=0.2, seed=0, frame=frame)
    assert data.X_train.shape[0] == 1
    prices = frame["median_house_value"].to_numpy()[data.test_rows]
    assert np.allclose(data.Y_test[0], prices / 100_000)


def test_subsample_is_seeded(frame):
    a = prepare_housing(DEFAULT_FEATURES, n_samples=500, seed=4, frame=frame)
    b = prepare_housing(DEFAULT_FEATURES, n_samples=500, seed=4, frame=frame)
    c = prepare_housing(DEFAULT_FEATURES, n_samples=500, seed=5, frame=frame)
    assert a.X_train.shape[1] + a.X_test.shape[1] == 500
    assert np.array_equal(a.X_train, b.X_train)
    assert not np.array_equal(a.train_rows, c.train_rows)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"features": []}, "at least one feature"),
        ({"features": ["price"]}, "Unknown feature"),
        ({"features": ["latitude", "latitude"]}, "only once"),
        ({"n_samples": 5}, "from 10 to 20,640"),
        ({"test_ratio": 1.0}, "less than 1"),
    ],
)
def test_bad_choices_raise_clear_errors(frame, kwargs, message):
    with pytest.raises(ValueError, match=message):
        prepare_housing(frame=frame, **kwargs)


def test_dollar_conversion_round_trips():
    assert to_dollars(2.5) == 250_000.0
    assert from_dollars(PRICE_CAP) == pytest.approx(5.00001)
    y = np.array([[0.14999, 2.0, 5.00001]])
    assert np.allclose(from_dollars(to_dollars(y)), y)
    d = np.array([14_999.0, 123_456.0])
    assert np.allclose(to_dollars(from_dollars(d)), d)


def test_every_feature_has_a_label():
    for name in FEATURES:
        assert FEATURE_LABELS[name]


def test_load_from_explicit_path_checks_columns(tmp_path):
    path = tmp_path / "bad.csv"
    pd.DataFrame({"a": [1, 2]}).to_csv(path, index=False)
    with pytest.raises(ValueError, match="lacks the columns"):
        load_housing_frame(path)


def test_size_price_is_synthetic_zero_then_rising():
    data = make_size_price(n_samples=50, noise=0.0, seed=0)
    assert data.synthetic
    assert data.feature_names == ["size_sqft"]
    assert any("Synthetic" in n for n in data.notes)
    assert data.X_train.shape[1] + data.X_test.shape[1] == 50
    size = data.unstandardize(data.X_train)[0]
    assert size.min() >= 500
    assert size.max() <= 3_500
    # Hand-worked, the lecture's ReLU: $0 below 1,000 sq ft; 2,000 sq ft -> 150 * 1,000.
    assert size_price_curve(800.0) == 0.0
    assert size_price_curve(1_000.0) == 0.0
    assert size_price_curve(2_000.0) == pytest.approx(1.5)
    assert np.allclose(data.Y_train[0], size_price_curve(size))


def test_size_price_noise_and_seed():
    a = make_size_price(n_samples=200, noise=0.2, seed=1)
    b = make_size_price(n_samples=200, noise=0.2, seed=1)
    assert np.array_equal(a.Y_train, b.Y_train)
    residual = a.Y_train[0] - size_price_curve(a.unstandardize(a.X_train)[0])
    assert 0.15 < residual.std() < 0.25
