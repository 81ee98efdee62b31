"""What README.md's "Extending" section promises, done at test time: one record added to an
engine registry (monkeypatch only, no other file edited) shows up in the Playground's sidebar,
on the Activations page and in URL validation, and trains; an activation that declares a
parameter gets its slider in the sidebar.

AppTest runs the app in this process, so the patched registries are the ones it reads.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from engine import Network, Trainer, gradient_check
from engine.activations import ACTIVATIONS, Activation
from engine.datasets import DATASETS, DataSet, make_2d
from engine.registry import Param
from playground.urlstate import setup_from_query

APP = str(Path(__file__).resolve().parents[1] / "playground" / "app.py")

SOFTSIGN = Activation(
    name="softsign",
    label="Softsign",
    forward=lambda z: z / (1.0 + np.abs(z)),
    derivative=lambda z, a: 1.0 / (1.0 + np.abs(z)) ** 2,  # from z, as one writes it
    formula=r"g(z) = \frac{z}{1 + |z|}",
    derivative_formula=r"g'(z) = \frac{1}{(1 + |z|)^2}",
    color="#CC79A7",
    note="Like tanh, but it flattens out slowly: g(0) = {zero:.2f}, slope at most {max:.2f}.",
    saturates="slowly, for large |z|",
)


def _halves(n_samples: int, noise: float, rng: np.random.Generator):
    """Class 0 on the left (x1 < -0.1), class 1 on the right (x1 > 0.1)."""
    n0 = n_samples // 2
    n1 = n_samples - n0
    x1 = np.concatenate([rng.uniform(-1.0, -0.1, n0), rng.uniform(0.1, 1.0, n1)])
    x2 = rng.uniform(-1.0, 1.0, n_samples)
    Y = np.concatenate([np.zeros(n0), np.ones(n1)]).reshape(1, -1)
    return np.vstack([x1, x2]), Y


HALVES = DataSet("halves", "Two halves", "Left against right: one straight line.", _halves,
                 jitter=0.3)


@pytest.fixture
def registered(monkeypatch):
    monkeypatch.setitem(ACTIVATIONS, "softsign", SOFTSIGN)
    monkeypatch.setitem(DATASETS, "halves", HALVES)


def _clean(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]


def test_unregistered_names_are_refused_by_url_validation():
    # Without the records the same link falls back to the defaults, with notices: the
    # test below is not passing by accident.
    setup, notices = setup_from_query({"act": "softsign", "ds": "halves"})
    assert setup.activations != ["softsign"]
    assert setup.dataset != "halves"
    assert len(notices) == 2


def test_url_validation_accepts_the_new_records(registered):
    setup, notices = setup_from_query({"act": "softsign", "ds": "halves", "units": "6"})
    assert notices == []
    assert (setup.activations, setup.dataset, setup.hidden_units) == (["softsign"], "halves",
                                                                       [6])


def test_the_playground_sidebar_offers_them_and_a_link_opens_with_them(registered):
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["act"] = "softsign"
    at.query_params["ds"] = "halves"
    at.run()
    _clean(at)
    assert not at.warning, [w.value for w in at.warning]  # the link was accepted as it is
    setup = at.session_state["pg_session"].setup
    assert (setup.activations, setup.dataset) == (["softsign"], "halves")
    hidden = at.selectbox(key="pg_act_all")  # "every hidden layer", the link's one value
    assert "Softsign" in hidden.options
    assert hidden.value == "softsign"
    assert "Two halves" in at.selectbox(key="pg_dataset").options
    assert at.selectbox(key="pg_dataset").value == "halves"


def test_the_activations_page_lists_and_draws_it(registered):
    at = AppTest.from_file(APP, default_timeout=120).run()
    at.switch_page("views/activations.py").run()
    _clean(at)
    assert "Softsign" in at.button_group(key="act_pick").options
    at.button_group(key="act_pick").set_value(["softsign"]).run()
    _clean(at)
    assert SOFTSIGN.formula in [x.value.strip("$\n") for x in at.latex]
    assert "Like tanh, but it flattens out slowly: g(0) = 0.00, slope at most 1.00." in [
        c.value for c in at.caption]
    assert any("where Softsign **saturates**" in c.value for c in at.caption)  # its shaded bands


def test_a_network_with_it_trains_on_the_new_data_and_passes_gradient_check(registered):
    X, Y = make_2d("halves", n_samples=200, noise=0.2, seed=3)
    net = Network([2, 6, 1], ["softsign", "sigmoid"], init="xavier", seed=0)
    trainer = Trainer(net, X, Y, learning_rate=0.5, seed=0)
    trainer.run(200)
    cost = trainer.history["train_cost"]
    assert cost[-1] < 0.5 * cost[0]
    assert trainer.history["train_metric"][-1] > 0.9
    assert gradient_check(net, X[:, :20], Y[:, :20]) < 1e-7


# --------------------------------------------------------------------------- a parameter
ELU_ALPHA = Param("alpha", "ELU α", 0.01, 0.001, 0.5, help="ELU's value far left: −α.",
                  log=True)


def _elu(alpha: float = ELU_ALPHA.default) -> Activation:
    return Activation(
        name="elu",
        label="ELU",
        forward=lambda z: np.where(z > 0, z, alpha * np.expm1(np.minimum(z, 0.0))),
        derivative=lambda z, a: np.where(z > 0, 1.0, a + alpha),  # from a: α e^z = a + α
        formula=r"g(z) = \begin{cases} z & z > 0 \\ \alpha (e^z - 1) & z \le 0 \end{cases}",
        derivative_formula=r"g'(z) = \begin{cases} 1 & z > 0 \\ a + \alpha & z \le 0 \end{cases}",
        color="#882255",
        note="Smooth below 0, down to −α.",
        params=(replace(ELU_ALPHA, default=float(alpha)),),
        bind=_elu,
    )


@pytest.fixture
def elu(monkeypatch):
    monkeypatch.setitem(ACTIVATIONS, "elu", _elu())


def _alpha_slider(at: AppTest):
    return [s for s in at.select_slider if s.key == "pg_leaky_alpha"]


def test_a_declared_parameter_gets_its_slider_only_with_its_activation(elu):
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["act"] = "tanh"
    at.run()
    _clean(at)
    assert _alpha_slider(at) == []  # tanh declares no parameter: no slider

    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["act"] = "elu"
    at.query_params["alpha"] = "0.2"
    at.run()
    _clean(at)
    assert not at.warning, [w.value for w in at.warning]
    (slider,) = _alpha_slider(at)
    assert slider.value == 0.2
    assert (min(slider.options), max(slider.options)) == ("0.001", "0.5")
    # The value reached the network: its hidden layer is ELU with α = 0.2.
    net = at.session_state["pg_session"].network
    assert net.activations[0] == "elu"
    X = np.array([[-3.0, -0.5, 0.0, 2.0], [1.0, -2.0, 0.5, -1.0]])
    Z1 = net.params["W1"] @ X + net.params["b1"]
    A1 = np.where(Z1 > 0, Z1, 0.2 * np.expm1(np.minimum(Z1, 0.0)))
    np.testing.assert_allclose(net.layer_outputs(X)[0], A1, rtol=1e-12)
