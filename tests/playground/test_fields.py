"""playground.fields: the pages' field tables, validate()'s clamping and notices, a value one
page does not have."""

from __future__ import annotations

import math

import numpy as np
import pytest

from engine.activations import ACTIVATIONS, HIDDEN_ACTIVATIONS
from engine.datasets import DATASETS, NOISE_MAX
from engine.housing import FEATURES
from engine.initializers import INITIALIZERS
from engine.losses import LOSSES
from engine.optimizers import OPTIMIZERS
from playground.fields import (
    EFFECTS,
    HOUSING,
    HOUSING_FEATURES,
    MAX_NOTICES,
    PAGES,
    PLAYGROUND,
    Setup,
    default_setup,
    page_for,
    registry_names,
    validate,
)

FIELD = {spec.name: spec for spec in PLAYGROUND.fields}  # the Playground's, by name

# ---------------------------------------------------------------------------------------------
# Helpers shared with test_urlstate / test_exports: an independent validity check and a
# generator of random valid setups (both written from API.md, not from the code under test).

LOSSES_BY_TASK = {"classification": {"bce", "sigmoid_mse"}, "regression": {"mse"}}
BOUNDS = {
    "noise": (0.0, NOISE_MAX), "n_samples": (50, 2000), "test_ratio": (0.1, 0.9),
    "data_seed": (0, 2**31 - 1), "housing_samples": (100, 20_640),
    "leaky_alpha": (0.001, 0.5), "init_scale": (0.001, 10.0), "learning_rate": (1e-5, 100.0),
    "batch_size": (0, 100_000), "l2": (0.0, 10.0), "epochs_per_frame": (1, 1000),
    "seed": (0, 2**31 - 1),
}
INT_FIELDS = {"n_samples", "data_seed", "housing_samples", "batch_size", "epochs_per_frame",
              "seed"}


def assert_valid(setup: Setup) -> None:
    """Every field of setup is within the rules of API.md."""
    assert setup.task in ("classification", "regression")
    if setup.task == "classification":
        assert setup.dataset in (*DATASETS, "upload")
    else:
        assert setup.dataset == "housing"  # not a control of the Housing page
    assert setup.loss in LOSSES_BY_TASK[setup.task]
    for name, (low, high) in BOUNDS.items():
        value = getattr(setup, name)
        assert type(value) is (int if name in INT_FIELDS else float), name
        assert math.isfinite(value)
        assert low <= value <= high, name
    assert 0 <= len(setup.hidden_units) <= 8
    assert all(type(n) is int and 1 <= n <= 64 for n in setup.hidden_units)
    assert len(setup.activations) == len(setup.hidden_units)
    assert all(a in ACTIVATIONS for a in setup.activations)
    assert setup.init in INITIALIZERS
    assert setup.optimizer in ("gd", "momentum", "rmsprop", "adam")
    assert 1 <= len(setup.features) == len(set(setup.features))
    assert all(f in FEATURES for f in setup.features)
    for name in ("show_test", "threshold_only", "log_cost"):
        assert type(getattr(setup, name)) is bool


def random_setup(rng: np.random.Generator) -> Setup:
    """A random valid setup of a random page (floats with many digits, lists of every length
    0..8): the page's own fields drawn at random, the others at the page's defaults."""
    task = str(rng.choice(["classification", "regression"]))
    n_layers = int(rng.integers(0, 9))

    def uniform(name):
        low, high = BOUNDS[name]
        if name in INT_FIELDS:
            return int(rng.integers(low, high + 1))
        if rng.random() < 0.2:
            return float(rng.choice([low, high]))
        return float(rng.uniform(low, high))

    n_features = int(rng.integers(1, len(FEATURES) + 1))
    values = dict(
        task=task,
        dataset=str(rng.choice([*DATASETS, "upload"])),
        noise=uniform("noise"),
        n_samples=uniform("n_samples"),
        test_ratio=uniform("test_ratio"),
        data_seed=uniform("data_seed"),
        features=[str(f) for f in rng.choice(FEATURES, n_features, replace=False)],
        housing_samples=uniform("housing_samples"),
        hidden_units=[int(n) for n in rng.integers(1, 65, n_layers)],
        activations=[str(a) for a in rng.choice(list(HIDDEN_ACTIVATIONS), n_layers)],
        leaky_alpha=uniform("leaky_alpha"),
        init=str(rng.choice(list(INITIALIZERS))),
        init_scale=uniform("init_scale"),
        loss=str(rng.choice(sorted(LOSSES_BY_TASK[task]))),
        optimizer=str(rng.choice(["gd", "momentum", "rmsprop", "adam"])),
        learning_rate=uniform("learning_rate"),
        batch_size=uniform("batch_size"),
        l2=uniform("l2"),
        epochs_per_frame=uniform("epochs_per_frame"),
        seed=uniform("seed"),
        show_test=bool(rng.random() < 0.5),
        threshold_only=bool(rng.random() < 0.5),
        log_cost=bool(rng.random() < 0.5),
    )
    own = page_for(task).names
    return Setup(**{k: v for k, v in values.items() if k == "task" or k in own})


GARBAGE = [
    None, "", "   ", "abc", "nan", "NaN", "inf", "-inf", "1e400", "-1e400", float("nan"),
    float("inf"), -5, 0, 1, 3.7, 10**400, "9" * 5000, "x" * 1_000_000, True, [], ["1", "2"],
    {"a": 1}, (1, 2), b"bytes", object(), "4,4,4,4,4,4,4,4,4,4,4", "relu,,tanh", "0",
    "-0", "1_000", " 64 ", "Tanh", "LEAKY-RELU", "65", "1e-9", "\x00\n", "😀",
]


# ---------------------------------------------------------------------------------------------
# The table


@pytest.mark.parametrize("page", list(PAGES.values()), ids=list(PAGES))
def test_each_page_lists_its_fields_once_with_help_a_group_and_an_effect(page):
    names = [f.name for f in page.fields]
    assert len(set(names)) == len(names)
    assert len({f.key for f in page.fields}) == len(names)
    groups = {g.name for g in page.groups}
    for spec in page.fields:
        assert spec.group in groups
        assert spec.help.strip()
        assert spec.label.strip()
        assert spec.effect in EFFECTS
        assert spec.on_live is None or spec.effect == "live"
    assert all(g.help.strip() for g in page.groups)


def test_shared_fields_keep_their_url_key_on_every_page():
    for spec in HOUSING.fields:
        other = PLAYGROUND.field(spec.name)
        if other is not None:
            assert (other.key, other.kind, other.effect) == (spec.key, spec.kind, spec.effect)


def test_the_sidebar_groups_are_the_courses_hyperparameters():
    labels = [g.label for g in PLAYGROUND.groups]
    assert "Network: hyperparameters" in labels
    assert "Training: hyperparameters" in labels
    (note,) = [g.note for g in PLAYGROUND.groups if g.note is not None]
    assert note[0] == "Parameters vs hyperparameters"
    assert "W[l], b[l] are learned" in note[1]
    for chosen in ("learning rate", "iterations", "hidden layers", "hidden units",
                   "activation"):
        assert chosen in note[1]


def test_each_field_spec_knows_its_default_per_page():
    assert PLAYGROUND.field("learning_rate").default == 1.2
    assert HOUSING.field("learning_rate").default == 0.01
    assert FIELD["noise"].bounds() == (0.0, NOISE_MAX)
    units = FIELD["hidden_units"].value()
    units.append(9)  # a copy: the default itself stays [4]
    assert FIELD["hidden_units"].value() == [4]
    assert Setup().hidden_units == [4]


def test_a_bad_kind_or_effect_is_refused_when_the_table_is_built():
    from playground.fields import FieldSpec

    with pytest.raises(ValueError, match="effect"):
        FieldSpec("x", "bool", False, "display", "X", "x", "x", "sometimes")
    with pytest.raises(ValueError, match="kind"):
        FieldSpec("x", "colour", False, "display", "X", "x", "x", "live")


def test_defaults_are_the_api_values():
    s = Setup()
    assert (s.task, s.dataset, s.noise, s.n_samples, s.test_ratio, s.data_seed) == (
        "classification", "flower", 0.2, 400, 0.3, 1)
    assert (s.hidden_units, s.activations, s.leaky_alpha) == ([4], ["tanh"], 0.01)
    assert (s.init, s.init_scale, s.loss, s.optimizer) == ("normal", 0.01, "bce", "gd")
    assert (s.learning_rate, s.batch_size, s.l2, s.epochs_per_frame, s.seed) == (
        1.2, 0, 0.0, 50, 0)
    assert (s.show_test, s.threshold_only, s.log_cost) == (False, False, False)


@pytest.mark.parametrize("task", ["classification", "regression"])
def test_empty_input_gives_the_task_defaults_without_notices(task):
    setup, notices = validate({"task": task})
    assert setup == default_setup(task)
    assert notices == []
    assert_valid(setup)


def test_regression_defaults_use_a_linear_output_and_mse():
    s = default_setup("regression")
    assert s.loss == "mse"
    assert s.dataset == "housing"
    assert s.all_activations() == [*s.activations, "linear"]
    assert len(s.features) > 1  # one feature alone stays below R² 0.5 on housing


def test_the_regression_defaults_train_well_on_housing():
    from engine.housing import prepare_housing
    from engine.metrics import r2
    from engine.network import Network
    from engine.trainer import Trainer

    s = default_setup("regression")
    data = prepare_housing(s.features, n_samples=s.housing_samples, test_ratio=s.test_ratio,
                           seed=s.data_seed)
    net = Network(s.layer_dims(data.X_train.shape[0]), s.all_activations(), init=s.init,
                  init_scale=s.init_scale, seed=s.seed)
    trainer = Trainer(net, data.X_train, data.Y_train, data.X_test, data.Y_test, loss=s.loss,
                      optimizer=s.optimizer, learning_rate=s.learning_rate,
                      batch_size=s.batch_size, seed=s.seed)
    trainer.run(5)
    assert r2(net.forward(data.X_test), data.Y_test) > 0.7


def test_the_declared_effects_split_the_fields_as_the_course_does():
    effect = {f.name: f.effect for f in PLAYGROUND.fields}
    assert {n for n, e in effect.items() if e == "data"} == {
        "dataset", "n_classes", "noise", "n_samples", "test_ratio", "data_seed"}
    assert {n for n, e in effect.items() if e == "retrain"} == {
        "inputs", "hidden_units", "activations", "leaky_alpha", "init", "init_scale", "loss",
        "seed"}  # the input features: the same points, a new n[0], so new weights
    assert {n for n, e in effect.items() if e == "live"} == {
        "optimizer", "learning_rate", "batch_size", "l2", "epochs_per_frame", "show_test",
        "threshold_only", "log_cost"}
    assert {f.name for f in HOUSING.fields if f.effect == "data"} == {
        "features", "housing_samples", "test_ratio", "data_seed"}


def test_each_page_has_only_its_own_controls():
    assert {"dataset", "noise", "n_samples", "show_test", "threshold_only"} <= set(
        PLAYGROUND.names) - set(HOUSING.names)
    assert {"features", "housing_samples"} <= set(HOUSING.names) - set(PLAYGROUND.names)
    assert default_setup("regression").to_dict().keys() == {"task", *HOUSING.names}


def test_a_value_the_page_does_not_have_is_ignored_with_a_notice():
    setup, notices = validate({"noise": "0.4", "show_test": True}, task="regression")
    assert setup == default_setup("regression")
    assert notices == ["noise=0.4 is not a control of the Housing page: ignored",
                       "show_test=True is not a control of the Housing page: ignored"]
    setup, notices = validate({"features": "latitude"}, task="classification")
    assert setup == Setup()
    assert notices == ["features=latitude is not a control of the Playground page: ignored"]


def test_what_the_page_holds_anyway_is_read_silently():
    # An old link or a format-1 file carried every field: those at this page's values say
    # nothing the page does not do.
    held = default_setup("regression")
    setup, notices = validate({"dataset": "housing", "noise": "0.2", "show_test": "0",
                               "n_samples": 400}, task="regression")
    assert (setup, notices) == (held, [])


@pytest.mark.parametrize(("kind", "registry"), [
    ("activations", HIDDEN_ACTIVATIONS), ("initializers", INITIALIZERS), ("datasets", DATASETS),
    ("features", FEATURES), ("losses", LOSSES), ("optimizers", OPTIMIZERS)])
def test_choices_come_from_the_engine_registries(kind, registry):
    assert registry_names(kind) == tuple(registry)


def test_select_boxes_offer_the_registry_names():
    assert FIELD["activations"].valid_choices() == tuple(HIDDEN_ACTIVATIONS)
    assert "softmax" not in FIELD["activations"].valid_choices()  # output-only
    assert FIELD["init"].valid_choices() == tuple(INITIALIZERS)
    assert FIELD["optimizer"].valid_choices() == tuple(OPTIMIZERS)
    assert FIELD["dataset"].valid_choices() == (*DATASETS, "upload")
    # A setup may hold the categorical cross-entropy (K >= 3 classes); the widget offers
    # the binary losses only (the categorical one is not a choice: playground.classes).
    assert FIELD["loss"].valid_choices() == ("bce", "sigmoid_mse", "cross_entropy")
    assert FIELD["loss"].offered() == ("bce", "sigmoid_mse")
    assert HOUSING.field("loss").valid_choices() == ("mse",)
    assert HOUSING.field("features").valid_choices() == tuple(FEATURES)
    assert set(HOUSING_FEATURES) <= set(FEATURES)


def test_a_new_activation_in_the_registry_is_accepted_everywhere(monkeypatch):
    monkeypatch.setitem(ACTIVATIONS, "swish", ACTIVATIONS["relu"])
    assert "swish" in FIELD["activations"].valid_choices()
    setup, notices = validate({"hidden_units": [3, 3], "activations": ["swish", "tanh"]})
    assert setup.activations == ["swish", "tanh"]
    assert notices == []


@pytest.mark.parametrize("name", list(HIDDEN_ACTIVATIONS))
def test_every_activation_name_is_accepted(name):
    setup, notices = validate({"activations": name})
    assert setup.activations == [name]
    assert notices == []


# ---------------------------------------------------------------------------------------------
# Methods


def test_layer_dims_and_all_activations():
    s = Setup(hidden_units=[5, 3], activations=["relu", "tanh"])
    assert s.layer_dims(2) == [2, 5, 3, 1]
    assert s.layer_dims(8, n_out=2) == [8, 5, 3, 2]
    assert s.all_activations() == ["relu", "tanh", "sigmoid"]
    assert s.all_activations("linear") == ["relu", "tanh", "linear"]
    logistic = Setup(hidden_units=[], activations=[])
    assert logistic.layer_dims(2) == [2, 1]
    assert logistic.all_activations() == ["sigmoid"]


def test_changed_fields_names_exactly_the_differences():
    a = Setup()
    b = a.replace(learning_rate=0.1, hidden_units=[4, 2], activations=["tanh", "tanh"])
    assert a.changed_fields(b) == {"learning_rate", "hidden_units", "activations"}
    assert b.changed_fields(a) == {"learning_rate", "hidden_units", "activations"}
    assert a.changed_fields(Setup()) == set()
    assert a.hidden_units == [4]  # replace() copied, did not share, the lists


# ---------------------------------------------------------------------------------------------
# validate: the notices


def test_not_a_number_is_replaced_by_the_default():
    setup, notices = validate({"learning_rate": "abc"})
    assert setup.learning_rate == 1.2
    assert notices == ["learning_rate=abc is not a number: using 1.2"]


def test_units_above_64_are_clamped():
    setup, notices = validate({"hidden_units": "500,3"})
    assert setup.hidden_units == [64, 3]
    assert notices == ["units 500 is more than 64: using 64"]


def test_units_below_one_are_clamped():
    setup, notices = validate({"hidden_units": [0, -3]})
    assert setup.hidden_units == [1, 1]
    assert notices == ["units 0 is less than 1: using 1", "units -3 is less than 1: using 1"]


def test_unknown_key_is_ignored_with_a_notice():
    setup, notices = validate({"foo": 1})
    assert setup == Setup()
    assert notices == ["unknown parameter 'foo' ignored"]


@pytest.mark.parametrize(("raw", "value", "notice"), [
    ({"noise": "2"}, 0.5, "noise 2 is more than 0.5: using 0.5"),
    ({"noise": -1}, 0.0, "noise -1 is less than 0: using 0"),
    ({"learning_rate": "0"}, 1e-5, "learning_rate 0 is less than 1e-05: using 1e-05"),
    ({"learning_rate": "nan"}, 1.2, "learning_rate=nan is not a finite number: using 1.2"),
    ({"learning_rate": float("inf")}, 1.2,
     "learning_rate=inf is not a finite number: using 1.2"),
    ({"learning_rate": "1e400"}, 1.2, "learning_rate=1e400 is not a finite number: using 1.2"),
    ({"learning_rate": ""}, 1.2, "learning_rate is empty: using 1.2"),
    ({"learning_rate": None}, 1.2, "learning_rate is empty: using 1.2"),
    ({"learning_rate": True}, 1.2, "learning_rate=True is not a number: using 1.2"),
    ({"learning_rate": {"a": 1}}, 1.2, "learning_rate={'a': 1} is not a number: using 1.2"),
    ({"n_samples": "300.6"}, 301, "n_samples=300.6 is not a whole number: using 301"),
    ({"n_samples": "1e9"}, 2000, "n_samples 1000000000 is more than 2000: using 2000"),
    ({"seed": -4}, 0, "seed -4 is less than 0: using 0"),
    ({"show_test": "maybe"}, False, "show_test=maybe is not true or false: using false"),
    ({"dataset": "mnist"}, "flower",
     "dataset=mnist is not one of circle, xor, gauss, spiral, moons, flower, upload: "
     "using flower"),
    ({"init": 3}, "normal", "init=3 is not one of normal, zeros, xavier, he, course: using normal"),
    ({"loss": "mse"}, "bce", "loss=mse is not one of bce, sigmoid_mse, cross_entropy: using bce"),
    ({"task": "clustering"}, "classification",
     "task=clustering is not one of classification, regression: using classification"),
])
def test_bad_scalar_values_are_fixed_with_a_notice(raw, value, notice):
    setup, notices = validate(raw)
    assert getattr(setup, next(iter(raw))) == value
    assert notices == [notice]


@pytest.mark.parametrize(("raw", "value"), [
    ({"learning_rate": "0.03"}, 0.03), ({"learning_rate": 5}, 5.0),
    ({"learning_rate": " 1e-3 "}, 0.001), ({"n_samples": "1_000"}, 1000),
    ({"n_samples": 600.0}, 600), ({"show_test": "1"}, True), ({"show_test": "Yes"}, True),
    ({"show_test": 0}, False), ({"activations": "Leaky ReLU"}, ["leaky_relu"]),
    ({"optimizer": "ADAM"}, "adam"), ({"init": " He "}, "he"),
])
def test_good_values_in_other_spellings_are_read_silently(raw, value):
    setup, notices = validate(raw)
    assert getattr(setup, next(iter(raw))) == value
    assert type(getattr(setup, next(iter(raw)))) is type(value)
    assert notices == []


def test_numpy_scalars_from_widgets_are_read_as_python_values():
    setup, notices = validate({"hidden_units": [np.int64(3)], "seed": np.int64(4),
                               "noise": np.float64(0.1), "show_test": np.bool_(True),
                               "learning_rate": np.int32(2), "l2": np.float32("nan")})
    assert notices == ["l2=nan is not a finite number: using 0"]
    assert (setup.hidden_units, setup.seed, setup.noise, setup.show_test) == ([3], 4, 0.1, True)
    assert setup.learning_rate == 2.0
    assert_valid(setup)


def test_repeated_scalar_uses_the_last_value():
    setup, notices = validate({"learning_rate": ["0.1", "0.5"]})
    assert setup.learning_rate == 0.5
    assert notices == ["learning_rate was given 2 times: using the last value"]


def test_huge_values_are_not_echoed_back():
    huge = "7" * 1_000_000
    setup, notices = validate({"learning_rate": huge, "dataset": huge, huge: 1,
                               "hidden_units": huge})
    assert setup.learning_rate == 1.2
    assert setup.dataset == "flower"
    assert setup.hidden_units == [4]
    assert len(notices) == 4
    assert all(len(n) < 200 for n in notices)
    assert notices[0] == "dataset is too long (1000000 characters): using flower"


def test_an_integer_too_long_to_print_is_handled():
    setup, notices = validate({"seed": 10**5000, "noise": 10**5000})
    assert (setup.seed, setup.noise) == (2**31 - 1, 0.2)
    assert notices == ["noise=a number too long to show is not a finite number: using 0.2",
                       "seed a number too long to show is more than 2147483647: "
                       "using 2147483647"]


def test_a_huge_integer_is_clamped_and_shown_short():
    setup, notices = validate({"seed": 10**400})
    assert setup.seed == 2**31 - 1
    assert len(notices) == 1
    assert len(notices[0]) < 200
    assert notices[0].endswith("is more than 2147483647: using 2147483647")


@pytest.mark.parametrize("raw", [None, [], "learning_rate=1", 42, b"{}"])
def test_input_that_is_not_a_mapping_gives_the_defaults(raw):
    setup, notices = validate(raw)
    assert setup == Setup()
    assert len(notices) == 1
    assert notices[0].startswith("the setup is not a set of named values")


def test_too_many_notices_are_summed_up():
    raw = {f"junk{i}": i for i in range(50)}
    _, notices = validate(raw)
    assert len(notices) == MAX_NOTICES
    assert notices[-1] == f"… and {50 - MAX_NOTICES + 1} more notices"


# ---------------------------------------------------------------------------------------------
# validate: the lists


def test_no_hidden_layer_is_logistic_regression():
    for value in ("", "none", [], "None"):
        setup, notices = validate({"hidden_units": value, "activations": "relu"})
        assert (setup.hidden_units, setup.activations, notices) == ([], [], [])


def test_more_than_eight_hidden_layers_keep_the_first_eight():
    setup, notices = validate({"hidden_units": ",".join(str(n) for n in range(1, 11))})
    assert setup.hidden_units == [1, 2, 3, 4, 5, 6, 7, 8]
    assert setup.activations == ["tanh"] * 8
    assert notices == ["hidden_units: 10 hidden layers is more than 8: keeping the first 8"]


def test_a_bad_unit_count_is_replaced():
    setup, notices = validate({"hidden_units": "3,x"})
    assert setup.hidden_units == [3, 4]
    assert notices == ["hidden_units: units=x is not a number: using 4"]


def test_a_single_activation_applies_to_every_layer():
    setup, notices = validate({"hidden_units": [2, 3, 4], "activations": "relu"})
    assert setup.activations == ["relu", "relu", "relu"]
    assert notices == []


def test_too_few_activations_repeat_the_last_one():
    setup, notices = validate({"hidden_units": "2,3,4", "activations": "relu,sigmoid"})
    assert setup.activations == ["relu", "sigmoid", "sigmoid"]
    assert notices == ["activations: 2 given for 3 hidden layers: the last 1 use sigmoid"]


def test_too_many_activations_are_cut():
    setup, notices = validate({"hidden_units": "2", "activations": ["relu", "sigmoid"]})
    assert setup.activations == ["relu"]
    assert notices == ["activations: 2 given for 1 hidden layers: ignoring the extra ones"]


def test_an_unknown_activation_becomes_the_default():
    setup, notices = validate({"hidden_units": "2,2", "activations": "relu,swish"})
    assert setup.activations == ["relu", "tanh"]
    assert notices == ["activations: activation=swish is not one of sigmoid, tanh, relu, "
                       "leaky_relu, linear: using tanh"]


def test_missing_activations_follow_the_number_of_layers():
    setup, notices = validate({"hidden_units": "5,5,5"})
    assert setup.activations == ["tanh"] * 3
    assert notices == []
    reg, notices = validate({"task": "regression", "hidden_units": "5,5,5"})
    assert reg.activations == ["relu"] * 3
    assert notices == []


def test_features_drop_unknown_names_and_duplicates():
    setup, notices = validate({"features": "median_income,bogus,latitude,median_income"},
                              task="regression")
    assert setup.features == ["median_income", "latitude"]
    assert len(notices) == 1
    assert notices == ["features: feature=bogus is not a known feature: ignored"]


def test_no_feature_left_gives_the_default_features():
    setup, notices = validate({"features": "bogus"}, task="regression")
    assert setup.features == Setup().features
    assert notices[-1].startswith("features: none chosen: using median_income,")


# ---------------------------------------------------------------------------------------------
# validate: defaults that depend on other fields


def test_init_scale_follows_the_init_scheme_when_missing():
    assert validate({"init": "he"})[0].init_scale == 1.0
    assert validate({"init": "xavier"})[0].init_scale == 1.0
    assert validate({"init": "zeros"})[0].init_scale == 0.001  # 0 is below the slider
    assert validate({"init": "he", "init_scale": "0.5"})[0].init_scale == 0.5


def test_the_page_task_wins_over_a_different_one():
    setup, notices = validate({"task": "classification"}, task="regression")
    assert setup == default_setup("regression")
    assert notices == ["task=classification does not apply on this page: using regression"]
    setup, notices = validate({}, task="regression")
    assert setup == default_setup("regression")
    assert notices == []


def test_regression_refuses_a_classification_loss():
    setup, notices = validate({"task": "regression", "loss": "bce", "dataset": "flower"})
    assert (setup.loss, setup.dataset) == ("mse", "housing")
    assert notices == ["loss=bce is not one of mse: using mse",
                       "dataset=flower is not a control of the Housing page: ignored"]


# ---------------------------------------------------------------------------------------------
# Properties


def test_random_valid_setups_pass_unchanged():
    rng = np.random.default_rng(0)
    for _ in range(300):
        setup = random_setup(rng)
        assert_valid(setup)
        again, notices = validate(setup.to_dict())
        assert again == setup
        assert notices == []


def test_fuzzed_input_always_gives_a_valid_setup():
    rng = np.random.default_rng(1)
    names = [*PLAYGROUND.names, *HOUSING.names, "task", "foo", ""]
    for _ in range(400):
        raw = {}
        for name in rng.choice(names, int(rng.integers(1, 8)), replace=False):
            raw[str(name)] = GARBAGE[int(rng.integers(len(GARBAGE)))]
        setup, notices = validate(raw)
        assert_valid(setup)
        assert len(notices) <= MAX_NOTICES
        assert all(isinstance(n, str) and len(n) < 300 for n in notices)
        assert validate(setup.to_dict()) == (setup, [])  # the result is a fixed point
