"""Compare mode's state: same data and seed, copy, swap, sweep, training in step, the link."""

from __future__ import annotations

import numpy as np
import pytest

from playground.compare import CompareRuns, from_query, shared_fields, sweep_fields
from playground.fields import PLAYGROUND, Setup
from playground.state import PlaneData, Session


def _group(*setups: Setup, first: Setup | None = None) -> CompareRuns:
    a = Session(first or Setup(), make_data=PlaneData())
    return CompareRuns(a, list(setups) or None)


def test_every_run_has_the_same_data_and_the_same_first_weights():
    g = _group(Setup(learning_rate=0.1), Setup(learning_rate=3.0))
    assert g.count == 3
    a = g.runs[0]
    for run in g.runs[1:]:
        assert np.array_equal(run.data.X_train, a.data.X_train)
        assert np.array_equal(run.data.Y_test, a.data.Y_test)
        for key, value in a.network.params.items():  # same architecture, same seed
            assert np.array_equal(run.network.params[key], value)
    assert [r.setup.learning_rate for r in g.runs] == [1.2, 0.1, 3.0]


def test_a_run_cannot_have_other_data_or_another_seed_than_a():
    # A link or a setup that tries: the shared fields are A's.
    g = _group(Setup(dataset="xor", seed=7, learning_rate=0.3))
    b = g.runs[1]
    assert (b.setup.dataset, b.setup.seed, b.setup.learning_rate) == ("flower", 0, 0.3)
    assert {"dataset", "noise", "n_samples", "test_ratio", "data_seed", "seed",
            "show_test"} <= set(shared_fields(PLAYGROUND))
    assert "learning_rate" not in shared_fields(PLAYGROUND)


def test_runs_train_in_step_and_one_that_diverges_stops_alone():
    g = _group(Setup(learning_rate=10.0))
    g.playing = True
    for _ in range(40):
        g.run_frame(time_budget=10.0)  # a generous budget: whole frames, whatever the load
    a, b = g.runs
    assert b.diverged
    assert not a.diverged
    assert g.stopped == ["B"]
    assert g.diverged is None
    assert g.playing
    assert a.epoch == 40 * a.setup.epochs_per_frame == g.epoch
    assert b.epoch < 50  # "Learning rate too large diverges": epoch 14


def test_step_and_reset_drive_every_run():
    g = _group(Setup(activations=["relu"]))
    g.step(3)
    assert [r.epoch for r in g.runs] == [3, 3]
    costs = [r.trainer.history["train_cost"][-1] for r in g.runs]
    assert costs[0] != costs[1]  # tanh and relu learn differently from the same start
    g.reset()
    assert [r.epoch for r in g.runs] == [0, 0]
    assert not g.playing


def test_a_change_that_retrains_one_run_starts_all_again_together():
    g = _group()
    g.step(5)
    b = g.runs[1]
    b.apply(b.setup.replace(hidden_units=[8]))  # what the sidebar does to B
    assert g.sync(1) == "reset"
    assert [r.epoch for r in g.runs] == [0, 0]
    g.step(2)
    b.apply(b.setup.replace(learning_rate=0.5))  # live: training goes on
    assert g.sync(1) is None
    assert [r.epoch for r in g.runs] == [2, 2]


def test_a_data_change_made_on_b_reaches_every_run():
    g = _group()
    b = g.runs[1]
    b.apply(b.setup.replace(dataset="moons", data_seed=4))
    g.sync(1)
    assert {r.setup.dataset for r in g.runs} == {"moons"}
    assert np.array_equal(g.runs[0].data.X_train, b.data.X_train)


def test_copy_a_to_b_and_swap():
    g = _group(Setup(activations=["relu"], learning_rate=0.1))
    g.step(2)
    g.copy(0, 1)
    assert g.runs[1].setup == g.runs[0].setup
    assert [r.epoch for r in g.runs] == [0, 0]
    g.runs[1].apply(g.runs[1].setup.replace(init="xavier"))
    a, b = g.runs
    version = g.version
    g.swap(0, 1)
    assert g.runs == [b, a]
    assert g.runs[0].setup.init == "xavier"
    assert g.version != version  # the pictures change places: the figures are rebuilt


def test_a_sweep_makes_one_run_per_value():
    g = _group()
    assert g.sweep("learning_rate", ["0.01", "0.1", "1", "10"]) == []
    assert [r.setup.learning_rate for r in g.runs] == [0.01, 0.1, 1.0, 10.0]
    assert g.labels() == ["A · α 0.01", "B · α 0.1", "C · α 1", "D · α 10"]
    notices = g.sweep("hidden_units", ["2", "8,8", "99"])
    assert g.count == 3
    assert [r.setup.hidden_units for r in g.runs] == [[2], [8, 8], [64]]
    assert notices
    assert notices[0].startswith("C: ")
    assert g.sweep("dataset", ["xor", "moons"])[0].startswith("dataset cannot be swept")
    assert g.sweep("learning_rate", ["0.1"]) == ["a sweep needs 2 to 4 values"]
    assert "dataset" not in sweep_fields(PLAYGROUND)
    assert "activations" in sweep_fields(PLAYGROUND)


def test_the_link_holds_every_run_and_reads_back():
    g = _group(first=Setup(dataset="moons"))
    g.sweep("learning_rate", ["0.3", "1", "3"])
    g.runs[1].apply(g.runs[1].setup.replace(activations=["relu"]))
    query = g.to_query()
    assert query == {"runs": "3", "b": "act:relu;lr:1", "c": "lr:3"}
    n, setups, notices = from_query(query, g.runs[0].setup)
    assert n == 3
    assert notices == []
    assert [s == r.setup for s, r in zip(setups, g.runs[1:], strict=True)] == [True, True]


@pytest.mark.parametrize(("query", "count", "notice"), [
    ({}, 0, None),
    ({"runs": "7"}, 4, "runs=7: comparing 4 runs"),
    ({"runs": "x"}, 2, "is not a number"),
    ({"runs": "2", "b": "lr:abc;ds:xor;zz:1"}, 2, "run B: "),
])
def test_a_bad_link_never_raises(query, count, notice):
    n, setups, notices = from_query(query, Setup())
    assert n == count
    assert len(setups) == max(n - 1, 0)
    if notice is None:
        assert notices == []
    else:
        assert any(notice in m for m in notices)
    for s in setups:
        assert s.dataset == "flower"  # the data set is A's, whatever the link says
