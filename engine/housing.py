"""California housing prices (regression on real data) and a small synthetic size -> price set.

The data: 20,640 districts (census block groups) of the 1990 US census, shipped compressed in
assets/california_housing.csv.gz (see assets/README.md). The network predicts the median
house value in units of $100,000 (so a prediction of 2.5 means $250,000); errors are reported
in dollars with to_dollars().

What the loader handles:
- 207 districts have no ``total_bedrooms``: filled with the median of the training split only
  (and said in HousingData.notes);
- ``ocean_proximity`` is text: one 0/1 column per category (``ocean_inland``, ...);
- derived ratios: rooms per household, bedrooms per room, population per household;
- the price is capped at PRICE_CAP = $500,001 by the census (965 districts): kept, and said.

Features are standardized with the mean and standard deviation of the training split only
(0/1 ocean columns are left as they are). Nothing is cached here: the app caches
load_housing_frame().
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from engine.preprocess import standardize, test_count

ASSET_PATH = Path(__file__).resolve().parent.parent / "assets" / "california_housing.csv.gz"

PRICE_CAP = 500_001
PRICE_UNIT = 100_000  # the target Y is the price in units of $100,000
N_DISTRICTS = 20_640

RAW_COLUMNS = [
    "longitude",
    "latitude",
    "housing_median_age",
    "total_rooms",
    "total_bedrooms",
    "population",
    "households",
    "median_income",
    "median_house_value",
    "ocean_proximity",
]
TARGET = "median_house_value"

# Category in the file -> name of its 0/1 feature column.
OCEAN_CATEGORIES = {
    "<1H OCEAN": "ocean_1h",
    "INLAND": "ocean_inland",
    "NEAR OCEAN": "ocean_near_ocean",
    "NEAR BAY": "ocean_near_bay",
    "ISLAND": "ocean_island",
}
ONE_HOT_FEATURES = list(OCEAN_CATEGORIES.values())
NUMERIC_FEATURES = [
    "median_income",
    "housing_median_age",
    "total_rooms",
    "total_bedrooms",
    "population",
    "households",
    "latitude",
    "longitude",
]
DERIVED_FEATURES = ["rooms_per_household", "bedrooms_per_room", "population_per_household"]
FEATURES = NUMERIC_FEATURES + DERIVED_FEATURES + ONE_HOT_FEATURES

# The course's picture first: one input (income) -> price.
DEFAULT_FEATURES = ["median_income"]

FEATURE_LABELS = {
    "median_income": "Median income (tens of thousands of $)",
    "housing_median_age": "Median house age (years)",
    "total_rooms": "Total rooms in the district",
    "total_bedrooms": "Total bedrooms in the district",
    "population": "Population of the district (people)",
    "households": "Households in the district",
    "latitude": "Latitude (degrees north)",
    "longitude": "Longitude (degrees east)",
    "rooms_per_household": "Rooms per household",
    "bedrooms_per_room": "Bedrooms per room (share)",
    "population_per_household": "People per household",
    "ocean_1h": "Less than 1 hour from the ocean (0/1)",
    "ocean_inland": "Inland (0/1)",
    "ocean_near_ocean": "Near the ocean (0/1)",
    "ocean_near_bay": "Near the San Francisco Bay (0/1)",
    "ocean_island": "On an island (0/1)",
    "size_sqft": "House size (square feet, synthetic)",
}

# The same, short enough for a chip in the sidebar's feature picker (FEATURE_LABELS
# says the units).
FEATURE_SHORT_LABELS = {
    "median_income": "Median income",
    "housing_median_age": "House age",
    "total_rooms": "Total rooms",
    "total_bedrooms": "Total bedrooms",
    "population": "Population",
    "households": "Households",
    "latitude": "Latitude",
    "longitude": "Longitude",
    "rooms_per_household": "Rooms/household",
    "bedrooms_per_room": "Bedrooms/room",
    "population_per_household": "People/household",
    "ocean_1h": "< 1 h from ocean",
    "ocean_inland": "Inland",
    "ocean_near_ocean": "Near ocean",
    "ocean_near_bay": "Near the Bay",
    "ocean_island": "Island",
    "size_sqft": "House size",
}


HOUSING_DESCRIPTION = (
    "California housing: 20,640 districts of the 1990 US census (R. K. Pace and R. Barry, "
    "public domain). The network predicts the median house value of a district in units of "
    "$100,000. The census capped prices at $500,001: 965 districts sit at that cap, so no "
    "model can learn higher prices from this data."
)


@dataclass
class HousingData:
    """A regression set ready for the network.

    X_train (n_x, m_train) and X_test (n_x, m_test): standardized features, one row per name in
    feature_names; Y_train (1, m_train) and Y_test (1, m_test): prices in units of $100,000.
    means and stds (n_x, 1): the training split's statistics used to standardize (mean 0 and
    std 1 for 0/1 columns, which are left as they are). notes: what was done to the data, in
    sentences for the UI. train_rows / test_rows: the districts' row positions in the raw
    table (None for synthetic data).
    """

    X_train: np.ndarray
    Y_train: np.ndarray
    X_test: np.ndarray
    Y_test: np.ndarray
    feature_names: list[str]
    means: np.ndarray
    stds: np.ndarray
    notes: list[str] = field(default_factory=list)
    synthetic: bool = False
    train_rows: np.ndarray | None = None  # positions in the raw table of the train districts
    test_rows: np.ndarray | None = None

    @property
    def n_x(self) -> int:
        return len(self.feature_names)

    def standardize(self, raw: np.ndarray) -> np.ndarray:
        """Raw feature values (n_x, k) -> the network's inputs (n_x, k)."""
        return (np.asarray(raw, dtype=float) - self.means) / self.stds

    def unstandardize(self, X: np.ndarray) -> np.ndarray:
        """The network's inputs (n_x, k) -> raw feature values (n_x, k) (for axes)."""
        return np.asarray(X, dtype=float) * self.stds + self.means


def to_dollars(y):
    """A price in units of $100,000 -> dollars (array or number)."""
    return np.asarray(y, dtype=float) * PRICE_UNIT if np.ndim(y) else float(y) * PRICE_UNIT


def from_dollars(d):
    """A price in dollars -> units of $100,000 (array or number)."""
    return np.asarray(d, dtype=float) / PRICE_UNIT if np.ndim(d) else float(d) / PRICE_UNIT


def load_housing_frame(path: str | Path | None = None) -> pd.DataFrame:
    """Read the raw California housing table (20,640 rows, the file's 10 columns).

    Values are left as in the file (total_bedrooms has 207 NaN; ocean_proximity is text):
    prepare_housing() does the cleaning, with training-split statistics. Not cached here.
    """
    source = ASSET_PATH if path is None else Path(path)
    frame = pd.read_csv(source, compression="infer")
    missing = [c for c in RAW_COLUMNS if c not in frame.columns]
    if missing:
        raise ValueError(f"The housing file lacks the columns: {', '.join(missing)}.")
    return frame[RAW_COLUMNS]


def _feature_frame(raw: pd.DataFrame, bedrooms_fill: float) -> pd.DataFrame:
    """All FEATURES as float columns, total_bedrooms filled with bedrooms_fill."""
    out = pd.DataFrame(index=raw.index)
    for name in NUMERIC_FEATURES:
        out[name] = raw[name].astype(float)
    out["total_bedrooms"] = out["total_bedrooms"].fillna(bedrooms_fill)
    households = out["households"]
    out["rooms_per_household"] = out["total_rooms"] / households
    out["bedrooms_per_room"] = out["total_bedrooms"] / out["total_rooms"]
    out["population_per_household"] = out["population"] / households
    for category, name in OCEAN_CATEGORIES.items():
        out[name] = (raw["ocean_proximity"] == category).astype(float)
    return out


def _check_features(features) -> list[str]:
    if isinstance(features, str):
        features = [features]
    names = list(features)
    if not names:
        raise ValueError("Choose at least one feature.")
    unknown = [n for n in names if n not in FEATURES]
    if unknown:
        raise ValueError(
            f"Unknown feature(s): {', '.join(map(str, unknown))}. "
            f"Choose from: {', '.join(FEATURES)}."
        )
    if len(set(names)) != len(names):
        raise ValueError("Each feature can be chosen only once.")
    return names


def prepare_housing(
    features=None,
    n_samples: int | None = None,
    test_ratio: float = 0.2,
    seed: int = 0,
    *,
    frame: pd.DataFrame | None = None,
) -> HousingData:
    """Build the regression set from the chosen features (names in FEATURES; one is fine).

    n_samples: use a seeded random subset of that many districts (None = all 20,640).
    test_ratio: the share of districts held out for the test split (seeded shuffle).
    frame: the raw table from load_housing_frame() (the app passes its cached copy); read
    from the assets when None. The missing total_bedrooms are filled with the training split's
    median; the statistics used to standardize come from the training split only.
    """
    names = _check_features(DEFAULT_FEATURES if features is None else features)
    raw = load_housing_frame() if frame is None else frame
    total = len(raw)
    rng = np.random.default_rng(int(seed))
    if n_samples is None:
        rows = rng.permutation(total)
    else:
        if isinstance(n_samples, bool) or not 10 <= int(n_samples) <= total:
            raise ValueError(f"The number of districts must be from 10 to {total:,}.")
        rows = rng.permutation(total)[: int(n_samples)]
    m = rows.size
    n_test = test_count(m, test_ratio)
    test_rows, train_rows = rows[:n_test], rows[n_test:]
    train_raw = raw.iloc[train_rows]
    test_raw = raw.iloc[test_rows]

    notes = []
    bedrooms_median = float(train_raw["total_bedrooms"].median())
    n_missing = int(raw["total_bedrooms"].iloc[rows].isna().sum())
    if n_missing and {"total_bedrooms", "bedrooms_per_room"} & set(names):
        notes.append(
            f"{n_missing} districts had no total_bedrooms: filled with the training split's "
            f"median ({bedrooms_median:,.0f})."
        )
    n_capped = int((raw[TARGET].iloc[rows] >= PRICE_CAP).sum())
    if n_capped:
        notes.append(
            f"{n_capped} districts have the census's capped price of ${PRICE_CAP:,}: "
            "the network cannot learn higher prices."
        )
    keep = [name in ONE_HOT_FEATURES for name in names]
    if any(keep):
        notes.append("The 0/1 ocean columns are used as they are; other features are standardized.")
    notes.append(
        "Features standardized with the training split's mean and standard deviation only."
    )

    X_tr_raw = _feature_frame(train_raw, bedrooms_median)[names].to_numpy(dtype=float).T
    X_te_raw = _feature_frame(test_raw, bedrooms_median)[names].to_numpy(dtype=float).T
    X_train, X_test, means, stds = standardize(X_tr_raw, X_te_raw, keep=keep)
    Y_train = from_dollars(train_raw[TARGET].to_numpy(dtype=float)).reshape(1, -1)
    Y_test = from_dollars(test_raw[TARGET].to_numpy(dtype=float)).reshape(1, -1)
    return HousingData(
        X_train,
        Y_train,
        X_test,
        Y_test,
        names,
        means,
        stds,
        notes,
        train_rows=train_rows,
        test_rows=test_rows,
    )


# The lecture's first picture: a ReLU through the prices, 0 (a price is never negative) up to a
# size, then a straight line.
SIZE_PRICE_THRESHOLD = 1_000  # square feet: below it the synthetic price is 0
SIZE_PRICE_SLOPE = 150  # dollars per square foot past the threshold


def size_price_curve(size_sqft):
    """The noiseless synthetic price in units of $100,000:
    slope * max(0, size - threshold) -- 0, then rising (the lecture's ReLU, shifted)."""
    s = np.asarray(size_sqft, dtype=float)
    dollars = SIZE_PRICE_SLOPE * np.maximum(0.0, s - SIZE_PRICE_THRESHOLD)
    return from_dollars(dollars)


def make_size_price(
    n_samples: int = 50, noise: float = 0.15, seed: int = 0, test_ratio: float = 0.2
) -> HousingData:
    """A small SYNTHETIC "house size -> price" set, as on the lecture slide.

    Sizes are uniform in 500-3,500 sq ft; the price is 0 up to 1,000 sq ft, then rises by
    $150 per sq ft (the lecture's ReLU); noise is the standard deviation of the added Gaussian
    noise in units of $100,000 (0.15 = $15,000). One feature, "size_sqft", standardized with the
    training split's statistics. Same seed, same set.
    """
    if isinstance(n_samples, bool) or not 10 <= int(n_samples) <= 100_000:
        raise ValueError("The number of houses must be from 10 to 100,000.")
    level = float(noise)
    if not (math.isfinite(level) and level >= 0.0):
        raise ValueError("The noise must be 0 or more.")
    rng = np.random.default_rng(int(seed))
    m = int(n_samples)
    size = rng.uniform(500.0, 3_500.0, m)
    price = size_price_curve(size) + level * rng.standard_normal(m)
    price = np.maximum(price, 0.0)  # no negative prices
    n_test = test_count(m, test_ratio)
    X_tr_raw, X_te_raw = size[n_test:].reshape(1, -1), size[:n_test].reshape(1, -1)
    X_train, X_test, means, stds = standardize(X_tr_raw, X_te_raw)
    notes = [
        "Synthetic data, made up for the lecture's picture: not real prices.",
        f"Price $0 up to {SIZE_PRICE_THRESHOLD:,} sq ft, then +${SIZE_PRICE_SLOPE} per sq ft "
        "(the lecture's ReLU), plus noise (a negative price is set to 0).",
    ]
    return HousingData(
        X_train,
        price[n_test:].reshape(1, -1),
        X_test,
        price[:n_test].reshape(1, -1),
        ["size_sqft"],
        means,
        stds,
        notes,
        synthetic=True,
    )
