"""Assignment links: hide and lock lists, the goal grammar, and the page that obeys them."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qsl, urlencode

import pytest
from streamlit.testing.v1 import AppTest

from playground import assignment_panel
from playground.assignment import Goal, make_assignment, parse_goal, read_query
from playground.fields import PLAYGROUND, Setup
from playground.plane_view import PlaneView
from playground.urlstate import setup_from_query

APP = str(Path(__file__).resolve().parents[2] / "playground" / "app.py")


# --------------------------------------------------------------------------- the goal
def test_the_goal_grammar_reads_metrics_percentages_and_limits():
    goal, notices = parse_goal("test_acc>=95;units<=3")
    assert notices == []
    assert goal == Goal("test_acc", 0.95, max_units=3)
    assert goal.text() == "Reach 95 % test accuracy with at most 3 hidden units."
    assert parse_goal("train_cost:0.2;layers<=1")[0] == Goal("train_cost", 0.2, max_layers=1)
    assert parse_goal("TEST_ACC=90%")[0] == Goal("test_acc", 0.9)
    # The text a goal writes reads back to the same goal.
    for goal in (Goal("test_acc", 0.875, 5, 2), Goal("test_cost", 0.05), Goal("train_acc", 1.0)):
        assert parse_goal(goal.to_url()) == (goal, [])


@pytest.mark.parametrize(("text", "part"), [
    ("speed>=3", "not a metric"),
    ("test_acc>=lots", "not understood"),
    ("units<=3", "names no metric"),
    ("test_acc>=150", "not possible"),
    ("test_acc<=95", "at least"),
])
def test_a_bad_goal_term_is_a_notice_not_an_error(text, part):
    goal, notices = parse_goal(text)
    assert any(part in n for n in notices), notices
    assert goal is None or goal.target <= 1.0


def test_accuracy_goals_are_refused_where_there_is_no_accuracy():
    goal, notices = parse_goal("test_acc>=90", task="regression")
    assert goal is None
    assert any("no accuracy" in n for n in notices)


def test_the_goal_is_reached_at_the_first_epoch_that_meets_it_within_the_limits():
    goal = Goal("test_acc", 0.9, max_units=4)
    history = {"epoch": [0, 1, 2, 3], "test_metric": [0.5, None, 0.91, 0.95]}
    assert goal.reached_epoch(Setup(hidden_units=[4]), history) == 2
    assert goal.reached_epoch(Setup(hidden_units=[3, 2]), history) is None
    assert "5 hidden units" in goal.breaks(Setup(hidden_units=[3, 2]))
    cost = Goal("train_cost", 0.3)
    assert cost.reached_epoch(Setup(), {"epoch": [0, 1], "train_cost": [0.7, 0.29]}) == 1
    assert cost.reached_epoch(Setup(), {"epoch": [0], "train_cost": [float("nan")]}) is None


# --------------------------------------------------------------------------- hide and lock
def test_hidden_and_locked_values_come_from_their_entries_and_the_url_cannot_change_them():
    query = {"hide": "ds:moons;noise", "lock": "lr:0.3", "lr": "5", "noise": "0.4",
             "n": "600"}
    setup_query, assignment, notices = read_query(query, PLAYGROUND)
    assert set(assignment.hidden) == {"ds", "noise"}
    assert set(assignment.locked) == {"lr"}
    setup, more = setup_from_query(setup_query)
    assert more == []
    assert (setup.dataset, setup.noise, setup.learning_rate, setup.n_samples) == (
        "moons", 0.2, 0.3, 600)  # noise: its default, as its entry has no value
    assert len(notices) == 2
    assert any("Learning rate α is locked" in n and "lr=5" in n for n in notices)
    assert any("Noise is hidden" in n for n in notices)


def test_units_and_activations_are_fixed_together_and_unknown_keys_are_notices():
    _, assignment, notices = read_query({"lock": "units:3;bogus"}, PLAYGROUND)
    assert set(assignment.locked) == {"units", "act"}
    assert notices == ["lock='bogus': not a control of this page, ignored"]


def test_an_assignment_link_round_trips():
    setup = Setup(dataset="xor", hidden_units=[3], activations=["relu"], learning_rate=0.1,
                  noise=0.3)
    made = make_assignment(PLAYGROUND, hide=["ds", "units"], lock=["lr"],
                           goal=Goal("test_acc", 0.95, max_units=3))
    query = made.to_query(setup)
    assert query["hide"] == "act:relu;ds:xor;units:3"
    assert query["lock"] == "lr:0.1"
    assert "lr" not in query
    assert "ds" not in query
    assert query["noise"] == "0.3"
    # Through a real URL's encoding and back.
    setup_query, read, notices = read_query(parse_qsl(urlencode(query)), PLAYGROUND)
    assert notices == []
    assert (read.hidden.keys(), read.locked.keys(), read.goal) == (
        made.hidden.keys(), made.locked.keys(), made.goal)
    assert setup_from_query(setup_query) == (setup, [])


# --------------------------------------------------------------------------- the page
def _goal_stat(session) -> str:
    frame = assignment_panel.GoalView(PlaneView(), Goal("train_acc", 0.8, 4)).frame(
        session, slow=False)
    return next(s["value"] for s in frame["stats"] if s["id"] == "goal")


def _page(query: dict) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in query.items():
        at.query_params[key] = value
    return at.run()


def test_the_page_hides_locks_states_the_goal_and_sees_it_reached():
    at = _page({"hide": "ds:moons", "lock": "lr:1", "goal": "train_acc>=80;units<=4",
                "ds": "spiral"})
    assert not at.exception
    keys = {w.key for w in [*at.selectbox, *at.select_slider, *at.slider]}
    assert "pg_dataset" not in keys
    assert "pg_learning_rate" not in keys
    assert "pg_noise" in keys  # not hidden
    assert "pg_preset" not in keys  # a preset would change the fixed controls
    assert any("Learning rate α**: 1 (locked" in c.value for c in at.caption)
    assert any("Data set is hidden" in w.body for w in at.warning)
    session = at.session_state["pg_session"]
    assert session.setup.dataset == "moons"
    assert session.setup.learning_rate == 1.0
    goal = next(i.body for i in at.info if "Goal" in i.body)
    assert "Reach 80 % training accuracy with at most 4 hidden units" in goal
    # The live check: the stats line of each frame (what the browser shows over the picture).
    assert at.session_state["pg_assignment"].goal == Goal("train_acc", 0.8, 4)
    assert _goal_stat(session) == "not yet"
    session.step(400)
    at.run()
    epoch = Goal("train_acc", 0.8, 4).reached_epoch(session.setup, session.trainer.history)
    assert epoch is not None
    assert _goal_stat(session) == f"✓ reached at epoch {epoch:,}"
    session.reset()  # a new run: the goal is to be reached again
    assert _goal_stat(session) == "not yet"
    # The address bar keeps the assignment, and the locked value stays in its entry.
    assert at.query_params["lock"] == "lr:1"
    assert "lr" not in at.query_params


def test_the_teacher_makes_the_link_on_the_page():
    at = _page({"ds": "xor"})
    at.multiselect(key="pg_as_hide").set_value(["noise"]).run()
    at.multiselect(key="pg_as_lock").set_value(["lr"]).run()
    at.selectbox(key="pg_as_metric").set_value("test_acc").run()
    at.number_input(key="pg_as_units").set_value(3).run()
    (link,) = [c.value for c in at.code if "hide=" in c.value]
    query = dict(parse_qsl(link.split("?", 1)[1]))
    assert query == {"ds": "xor", "hide": "noise", "lock": "lr", "goal": "test_acc>=95;units<=3"}
    assert any("Reach 95 % test accuracy with at most 3 hidden units" in c.value
               for c in at.caption)
