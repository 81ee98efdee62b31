"""Every field of every page does, through the Session, what its table says it does:
"data" makes new data (and new weights), "retrain" a fresh network on the same data, "live"
keeps the weights and the epoch and trains on with the new value."""

from __future__ import annotations

import numpy as np
import pytest

from engine.housing import load_housing_frame
from playground.fields import HOUSING, PAGES, PLAYGROUND, FieldSpec, Setup
from playground.housing_view import housing_data_maker
from playground.state import PlaneData, Session


def _changeable(spec: FieldSpec) -> bool:
    # A choice with one option on its page (the Housing page's loss) cannot be changed.
    if spec.kind != "choice":
        return True
    return len([c for c in spec.valid_choices() if c != "upload"]) > 1


CASES = [(page.name, spec.name) for page in PAGES.values() for spec in page.fields
         if _changeable(spec)]


@pytest.fixture(scope="module")
def frame():
    return load_housing_frame()


def _start(page_name: str, frame) -> Session:
    # Small sets so that a few epochs take milliseconds.
    if page_name == "housing":
        setup = Setup(task=HOUSING.task, housing_samples=400, features=["median_income"],
                      hidden_units=[3], activations=["relu"])
        return Session(setup, make_data=housing_data_maker(frame))
    setup = Setup(task=PLAYGROUND.task, n_samples=100, hidden_units=[3])
    return Session(setup, make_data=PlaneData())


def _other_value(spec: FieldSpec, current):
    """A valid value of the field other than ``current``."""
    if spec.kind == "bool":
        return not current
    if spec.kind == "choice":
        # Not "upload": without a file it falls back to the flower, the default set.
        return next(c for c in spec.valid_choices() if c not in (current, "upload"))
    if spec.kind == "per_layer":
        other = next(c for c in spec.valid_choices() if c not in current)
        return [other] * len(current)
    if spec.kind == "choice_set":
        return [c for c in spec.valid_choices() if c not in current][:2]
    if spec.kind == "int_list":
        return [*current, 2]
    low, high = spec.bounds()
    if spec.kind == "int":
        return current + 1 if current + 1 <= high else current - 1
    value = current * 2 if spec.log else current + (high - low) / 4
    return float(min(max(value, low), high)) if value != current else float(high)


@pytest.mark.parametrize(("page_name", "name"), CASES, ids=[f"{p}-{n}" for p, n in CASES])
def test_a_change_does_what_the_table_declares(page_name, name, frame):
    page = PAGES[page_name]
    spec = page.field(name)
    s = _start(page_name, frame)
    s.step(2)
    data, network, version = s.data, s.network, s.version
    weights = {k: v.copy() for k, v in s.network.params.items()}
    value = _other_value(spec, getattr(s.setup, name))
    changes = {name: value}
    if name == "hidden_units":  # one activation per hidden layer
        changes["activations"] = [*s.setup.activations, s.setup.activations[-1]]
    what = s.apply(s.setup.replace(**changes))
    assert getattr(s.setup, name) == value

    if spec.effect == "data":
        assert what == "data"
        assert s.data is not data
        assert s.network is not network
        assert s.epoch == 0
    elif spec.effect == "retrain":
        assert what == "reset"
        assert s.data is data                  # the same examples
        assert s.network is not network        # a fresh network, from epoch 0
        assert s.epoch == 0
        assert s.trainer.history["epoch"] == []
    else:
        assert what == "live"
        assert s.data is data
        assert s.network is network
        assert s.epoch == 2                    # training goes on where it was
        for key, W in weights.items():
            np.testing.assert_array_equal(s.network.params[key], W)
        _assert_in_use(s, spec, value, version)
        before = s.epoch
        assert s.step(1) == 1
        assert s.epoch == before + 1


def _assert_in_use(s: Session, spec: FieldSpec, value, version: int) -> None:
    # The running session uses the new value from now on.
    t = s.trainer
    in_trainer = {"learning_rate": lambda: t.learning_rate, "l2": lambda: t.l2,
                  "batch_size": lambda: t.batch_size or 0,
                  "optimizer": lambda: t.optimizer_name}
    if spec.name in in_trainer:
        got = in_trainer[spec.name]()
        assert got == (pytest.approx(value) if isinstance(value, float) else value)
    elif spec.group == "display":
        assert s.version == version + 1        # the pictures are rebuilt
    elif spec.name == "epochs_per_frame":
        assert s.run_frame(time_budget=30.0) == value
    else:  # a new live field: say here how the running session shows it
        raise AssertionError(f"no check of the live field {spec.name}")


def test_the_strongest_effect_wins_when_several_fields_change(frame):
    s = _start("playground", frame)
    s.step(2)
    data = s.data
    assert s.apply(s.setup.replace(learning_rate=0.5, seed=3)) == "reset"
    assert s.data is data
    assert s.trainer.learning_rate == pytest.approx(0.5)
    assert s.apply(s.setup.replace(learning_rate=0.2, seed=4, noise=0.1)) == "data"
    assert s.data is not data
