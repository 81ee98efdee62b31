"""The Housing page's table: the California districts' features, a regression network and
its training. The data set is always the housing table (not a control here), and only the
cost curve has a display switch (the page's map colouring is a widget of its own).

Its task is regression: a price, a linear output unit, the squared-error cost. The shared
fields start from other defaults here, chosen to train well on this data: with them the
network reaches a test R² above 0.7 after 3 epochs.
"""

from __future__ import annotations

from dataclasses import replace

from playground.fields import common as c
from playground.fields.core import FieldSpec, PageFields

HOUSING_ROWS = 20_640
# The default inputs: with these the default network reaches a test R² of 0.77 after 20
# epochs (one feature, median income, stays below 0.5).
HOUSING_FEATURES = (
    "median_income", "housing_median_age", "latitude", "longitude", "rooms_per_household",
    "bedrooms_per_room", "population_per_household", "ocean_inland",
)

FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("features", "choice_set", HOUSING_FEATURES, "data", "Features",
              "The inputs x of the network, standardized with the training set's statistics.",
              "feat", "data", choices=c.names_of("features"), item="feature",
              widget="features"),
    FieldSpec("housing_samples", "int", HOUSING_ROWS, "data", "Districts",
              "How many districts to use: fewer train faster, all 20,640 is the real set.",
              "hn", "data", low=100, high=HOUSING_ROWS, step=100),
    replace(c.TEST_RATIO, default=0.2),
    replace(c.DATA_SEED, default=0),
    replace(c.HIDDEN_UNITS, default=[16, 8]),
    replace(c.ACTIVATIONS_FIELD, default=["relu", "relu"]),
    c.LEAKY_ALPHA,
    replace(c.INIT_FIELD, default="he"),
    replace(c.INIT_SCALE, default=1.0),
    c.loss_field("regression", "mse"),
    replace(c.OPTIMIZER, default="adam"),
    replace(c.LEARNING_RATE, default=0.01),
    replace(c.BATCH_SIZE, default=256),
    c.L2,
    # An epoch of the 16,512 training districts takes about 15 ms: 2 per picture.
    replace(c.EPOCHS_PER_FRAME, default=2),
    c.SEED,
    c.LOG_COST,
)

HOUSING = PageFields(
    name="housing", title="Housing", task="regression", output="linear",
    groups=(c.DATA, c.NETWORK, c.INIT, c.TRAINING, c.DISPLAY), fields=FIELDS,
    fixed={"dataset": "housing"},
)
