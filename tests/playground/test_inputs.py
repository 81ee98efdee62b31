"""The Playground's input features (TF Playground's x1, x2, x1², ... column): the network
sees the chosen features of each point everywhere it runs on the plane, n[0] follows the
choice, the default is today's run bit for bit, and a circle needs no hidden layer once x1²
and x2² are inputs."""

from __future__ import annotations

import numpy as np
import pytest

from engine import Network, Trainer
from engine.features import PLANE_FEATURES, feature_map
from playground import state
from playground.fields import Setup, validate
from playground.inputs import grid_points, input_labels, network_inputs
from playground.plane_view import PlaneView
from playground.presets import apply_preset
from playground.state import Session
from playground.urlstate import setup_from_query, setup_to_query

ALL = list(PLANE_FEATURES)
NO_HIDDEN = dict(hidden_units=[], activations=[])


def test_the_default_inputs_are_todays_run_bit_for_bit():
    session = Session(Setup())
    assert session.setup.inputs == ["x1", "x2"]
    d = session.data
    # The engine on the raw points, as the Playground trained before the features existed.
    net = Network([2, 4, 1], ["tanh", "sigmoid"], init="normal", init_scale=0.01, seed=0)
    trainer = Trainer(net, d.X_train, d.Y_train, d.X_test, d.Y_test, loss="bce",
                      learning_rate=1.2, seed=0)
    trainer.run(40)
    session.step(40)
    assert session.trainer.history == trainer.history
    for key, value in net.params.items():
        assert np.array_equal(session.network.params[key], value)


def test_the_network_sees_the_chosen_features_and_n0_follows_them():
    setup = Setup(inputs=["sin_x2", "x1_sq", "x1x2"], hidden_units=[3], activations=["tanh"])
    session = Session(setup)
    d = session.data
    assert d.X_train.shape[0] == 2  # the data keeps its points (x1, x2)
    assert session.network.layer_dims == [3, 3, 1]
    np.testing.assert_array_equal(session.trainer.X_train,
                                  feature_map(d.X_train, ["sin_x2", "x1_sq", "x1x2"]))
    assert session.trainer.X_test.shape == (3, d.X_test.shape[1])
    session.step(5)
    assert session.diverged is None
    assert input_labels(setup) == ["sin x2", "x1²", "x1·x2"]


def test_changing_the_inputs_gives_new_weights_on_the_same_points():
    session = Session(Setup())
    session.step(20)
    points = session.data.X_train.copy()
    assert session.apply(session.setup.replace(inputs=ALL)) == "reset"
    assert session.epoch == 0
    assert session.network.layer_dims[0] == 7
    np.testing.assert_array_equal(session.data.X_train, points)
    assert session.notice.startswith("Inputs changed: new weights")


def _train(inputs, epochs=300):
    setup = Setup(dataset="circle", noise=0.1, data_seed=1, inputs=inputs, seed=0,
                  learning_rate=1.2, **NO_HIDDEN)
    session = Session(setup)
    session.step(epochs)
    assert session.network.layer_dims == [len(inputs), 1]  # logistic regression
    return session.trainer.last["test_metric"]


@pytest.mark.parametrize("inputs", [["x1_sq", "x2_sq"], ["x1", "x2", "x1_sq", "x2_sq"]])
def test_a_circle_needs_no_hidden_layer_once_the_squares_are_inputs(inputs):
    assert _train(inputs) >= 0.95
    assert _train(["x1", "x2"]) < 0.6  # the point alone: one straight line


def test_the_circle_preset_shows_it():
    name = "A circle needs no hidden layer with x1², x2²"
    setup = apply_preset(Setup(inputs=ALL), name)
    assert (setup.inputs, setup.hidden_units, setup.dataset) == (["x1_sq", "x2_sq"], [],
                                                                 "circle")
    session = Session(setup)
    session.step(300)
    assert session.trainer.last["test_metric"] >= 0.95
    # Another preset brings the plain inputs back: its claim is about x1, x2.
    assert apply_preset(setup, "XOR needs a hidden layer").inputs == ["x1", "x2"]


def test_the_picture_and_the_diagram_run_the_network_on_the_features():
    session = Session(Setup(inputs=ALL, hidden_units=[4], activations=["tanh"]))
    session.step(10)
    d, view, net = session.data, PlaneView(), session.network
    A = net.forward(feature_map(d.G, ALL)).reshape(len(d.x2s), len(d.x1s))
    np.testing.assert_array_equal(view._boundary(session), A)
    zoom = [-0.5, 0.5, -1.0, 0.0]
    Z = view._boundary(session, zoom)
    n1, n2 = len(d.x1s), len(d.x2s)
    x1 = zoom[0] + (np.arange(n1) + 0.5) * (zoom[1] - zoom[0]) / n1
    x2 = zoom[2] + (np.arange(n2) + 0.5) * (zoom[3] - zoom[2]) / n2
    expected = net.forward(feature_map(grid_points(x1, x2), ALL)).reshape(n2, n1)
    np.testing.assert_array_equal(Z, expected)
    pictures = view._pictures(session)
    assert [p.shape[0] for p in pictures] == [7, 4, 1]  # seven input pictures
    # Each input's picture is its feature over the plane (rows along x2): x1² changes
    # along x1 only, sin x2 along x2 only, x1·x2 along both.
    sq, prod, sin2 = pictures[0][2], pictures[0][4], pictures[0][6]
    assert np.ptp(sq, axis=0).max() < 1e-12 < np.ptp(sq)
    assert np.ptp(sin2, axis=1).max() < 1e-12 < np.ptp(sin2)
    assert min(np.ptp(prod, axis=0).max(), np.ptp(prod, axis=1).max()) > 0.1
    fig = view._diagram(session)
    texts = [a.text for a in fig.layout.annotations]
    for label in ("x1", "x2", "x1²", "x2²", "x1·x2", "sin x1", "sin x2"):
        assert label in texts
    assert len(fig.layout.images) == 7 + 4 + 1


def test_discretize_output_makes_every_computed_units_picture_two_coloured():
    session = Session(Setup(inputs=["x1", "x1_sq"], threshold_only=True))
    pictures = PlaneView()._pictures(session)
    plain = PlaneView()._pictures(Session(Setup(inputs=["x1", "x1_sq"])))
    for P, Q in zip(pictures[1:], plain[1:], strict=True):
        assert set(np.unique(P)) <= {-1.0, 1.0}
        np.testing.assert_array_equal(P, np.where(Q >= 0, 1.0, -1.0))
        assert len(np.unique(Q)) > 2
    np.testing.assert_array_equal(pictures[0], plain[0])  # the inputs keep their shading


def test_the_inputs_travel_in_the_link_and_the_setup_file():
    setup = Setup(inputs=["x1_sq", "x2_sq"])
    query = setup_to_query(setup)
    assert query == {"in": "x1_sq,x2_sq"}
    again, notices = setup_from_query(query)
    assert notices == []
    assert again == setup
    assert "in" not in setup_to_query(Setup())  # the default is left out of a link
    back, notices = validate(setup.to_dict())
    assert back.inputs == ["x1_sq", "x2_sq"]
    assert notices == []


@pytest.mark.parametrize(("value", "message"), [
    ("none", "none chosen: using x1,x2"),
    ("x3,y", "not one of"),
])
def test_a_link_without_a_known_input_keeps_x1_x2_and_says_so(value, message):
    setup, notices = setup_from_query({"in": value})
    assert setup.inputs == ["x1", "x2"]
    assert any(message in n for n in notices), notices


def test_an_uploaded_file_of_two_columns_takes_features_too():
    rng = np.random.default_rng(4)
    X = rng.normal(size=(2, 120)) * np.array([[10.0], [3.0]]) + 50
    Y = (((X[0] - 50) / 10) ** 2 + ((X[1] - 50) / 3) ** 2 < 1.2).astype(float)[None]
    setup = Setup(dataset="upload", inputs=["x1_sq", "x2_sq"], **NO_HIDDEN)
    session = Session(setup, make_data=state.PlaneData((X, Y)))
    d = session.data
    # The features of the standardized columns (the plane the picture shows).
    np.testing.assert_array_equal(session.trainer.X_train, feature_map(d.X_train,
                                                                       ["x1_sq", "x2_sq"]))
    session.step(400)
    assert session.trainer.last["test_metric"] > 0.9


def test_a_page_without_the_control_passes_its_x_through():
    housing = Setup(task="regression")
    X = np.arange(12.0).reshape(3, 4)
    assert network_inputs(housing, X) is X
    assert input_labels(housing, 3) == ["x1", "x2", "x3"]


def test_an_assignment_link_can_lock_the_inputs_and_ask_for_no_hidden_layer():
    from playground.assignment import make_assignment, parse_goal, read_query
    from playground.fields import PLAYGROUND

    goal, notices = parse_goal("test_acc>=95;layers<=0")
    assert notices == []
    setup = Setup(dataset="circle", inputs=["x1_sq", "x2_sq"], **NO_HIDDEN)
    query = make_assignment(PLAYGROUND, lock=["in"], goal=goal).to_query(setup)
    assert query["lock"] == "in:x1_sq,x2_sq"
    assert "in" not in query
    # A student's edit of the link's setup part cannot change the locked inputs.
    query_back, assignment, notices = read_query({**query, "in": "x1,x2"}, PLAYGROUND)
    assert assignment.mode(PLAYGROUND.field("inputs")) == "locked"
    assert any("Input features is locked" in n for n in notices)
    back, more = setup_from_query(query_back)
    assert back.inputs == ["x1_sq", "x2_sq"]
    assert more == []
    session = Session(back)
    session.step(300)
    assert assignment.goal.breaks(back) is None
    assert assignment.goal.reached_epoch(back, session.trainer.history) is not None
