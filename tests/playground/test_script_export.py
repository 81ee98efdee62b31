"""The standalone script: run with plain Python, it prints the Trainer's costs (to 1e-9)."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from types import SimpleNamespace

import numpy as np
import pytest

from engine import Network, Trainer
from engine.activations import ACTIVATIONS
from engine.initializers import INITIALIZERS
from engine.losses import LOSSES
from engine.optimizers import OPTIMIZERS
from playground import script_export
from playground.fields import default_setup
from playground.script_export import array_literal, standalone_script
from playground.state import Session

COST_LINE = re.compile(r"Cost after epoch (\d+): (\S+)")

# Together: every activation (hidden and output), both kinds of loss, every optimizer and
# initializer, batch and mini-batch gradient descent (a last batch smaller than the others),
# with and without L2.
PLANE_CASES = [
    dict(),  # the default: 2-4 tanh-1 sigmoid, gd, lr 1.2, batch
    dict(hidden_units=[5, 3], activations=["relu", "leaky_relu"], leaky_alpha=0.05,
         optimizer="adam", learning_rate=0.01, batch_size=64, l2=0.1, init="he",
         init_scale=1.0),
    dict(activations=["sigmoid"], loss="sigmoid_mse", optimizer="momentum",
         learning_rate=0.3, batch_size=50, seed=3),
    dict(hidden_units=[6], activations=["linear"], optimizer="rmsprop", learning_rate=0.005,
         batch_size=32, init="xavier", init_scale=1.0, dataset="moons", l2=0.5),
    dict(hidden_units=[3], activations=["tanh"], init="zeros", init_scale=0.0,
         learning_rate=0.5),
    # Input features: the script holds the points and computes the network's X from them.
    dict(inputs=["sin_x2", "x1", "x2", "x1_sq", "x2_sq", "x1x2", "sin_x1"],
         optimizer="adam", learning_rate=0.02, batch_size=64),
    dict(inputs=["x1_sq", "x2_sq"], dataset="circle", noise=0.1, hidden_units=[],
         activations=[]),
]


def _run(script: str, tmp_path) -> dict[int, float]:
    path = tmp_path / script_export.FILENAME
    path.write_text(script, encoding="utf-8")
    # A clean environment and another directory: the file needs nothing of this project.
    out = subprocess.run([sys.executable, "-I", str(path)], capture_output=True, text=True,
                         cwd=tmp_path, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stderr == ""
    return {int(e): float(c) for e, c in COST_LINE.findall(out.stdout)}


def _assert_same(printed: dict[int, float], history: dict, epochs: int, every: int) -> None:
    expected_epochs = sorted({*range(0, epochs, every), epochs - 1})
    assert sorted(printed) == expected_epochs
    costs = dict(zip(history["epoch"], history["train_cost"], strict=True))
    for epoch, cost in printed.items():
        assert cost == pytest.approx(costs[epoch], rel=1e-9, abs=0), epoch


@pytest.mark.parametrize("changes", PLANE_CASES)
def test_the_script_reproduces_the_playground_costs(changes, tmp_path):
    setup = default_setup().replace(**changes)
    session = Session(setup)
    network0 = session.network.copy()
    epochs, every = 240, 15
    script = standalone_script(setup, network0, session.data, epochs, every)
    session.step(epochs)
    assert session.epoch == epochs
    assert not session.diverged
    _assert_same(_run(script, tmp_path), session.trainer.history, epochs, every)


def test_the_script_reproduces_a_regression_with_squared_error(tmp_path):
    rng = np.random.default_rng(7)
    X = rng.standard_normal((3, 90))
    Y = (X[:1] * 2.0 - X[1:2] + 0.1 * rng.standard_normal((1, 90)))
    setup = default_setup("regression").replace(loss="mse", optimizer="adam",
                                                learning_rate=0.02, batch_size=16, l2=0.01,
                                                seed=5)
    network0 = Network([3, 4, 1], ["relu", "linear"], seed=2, init="he", init_scale=1.0)
    script = standalone_script(setup, network0, SimpleNamespace(X_train=X, Y_train=Y), 100, 9)
    trainer = Trainer(network0.copy(), X, Y, loss="mse", optimizer="adam", learning_rate=0.02,
                      batch_size=16, l2=0.01, seed=5)
    trainer.run(100)
    _assert_same(_run(script, tmp_path), trainer.history, 100, 9)


def test_the_session_script_starts_from_the_sessions_first_weights(tmp_path):
    # Built after training: the weights are drawn again from the seed, epoch 0 onwards.
    session = Session(default_setup().replace(batch_size=100, optimizer="momentum",
                                              learning_rate=0.5))
    session.step(30)
    printed = _run(script_export.session_script(session, print_every=10), tmp_path)
    assert sorted(printed) == [0, 10, 20, 29]
    _assert_same(printed, session.trainer.history, 30, 10)


def test_the_script_imports_only_numpy():
    session = Session(default_setup())
    tree = ast.parse(script_export.session_script(session, epochs=5))
    imports = [n for n in ast.walk(tree) if isinstance(n, ast.Import | ast.ImportFrom)]
    assert [[a.name for a in n.names] for n in imports] == [["numpy"]]


def test_every_registry_name_has_its_code():
    assert set(script_export.ACTIVATION_CODE) == set(ACTIVATIONS)
    assert set(script_export.LOSS_CODE) == set(LOSSES)
    assert set(script_export.OPTIMIZER_CODE) == set(OPTIMIZERS)
    assert set(script_export.INIT_DRAW) == set(INITIALIZERS)
    # Each activation's code defines the two functions the tables name.
    for name, code in script_export.ACTIVATION_CODE.items():
        defined = {n.name for n in ast.parse(code).body}
        assert defined == {name, script_export._BACKWARD_NAME.get(name, name + "_backward")}


def test_the_optimizers_hyperparameters_are_the_engines():
    # The constants the update reads are attributes of the engine's optimizer, by name.
    for name, (hyper, _) in script_export.OPTIMIZER_CODE.items():
        optimizer = OPTIMIZERS[name](0.1)
        for attr in hyper:
            assert isinstance(getattr(optimizer, attr), float)


def test_literals_read_back_bit_for_bit():
    a = np.random.default_rng(0).standard_normal((3, 9)) * 10.0 ** np.arange(-4, 5)
    back = eval(array_literal(a), {"np": np})
    assert back.shape == a.shape
    assert np.array_equal(back, a)
    assert np.array_equal(eval(array_literal(np.zeros((2, 1))), {"np": np}), np.zeros((2, 1)))


def test_a_loss_written_for_another_output_unit_is_refused():
    network0 = Network([2, 3, 1], ["tanh", "linear"])
    data = SimpleNamespace(X_train=np.zeros((2, 4)), Y_train=np.zeros((1, 4)))
    with pytest.raises(ValueError, match="sigmoid output"):
        standalone_script(default_setup(), network0, data, 10)


@pytest.mark.parametrize("changes", PLANE_CASES)
def test_the_script_is_clean_python(changes, tmp_path):
    # No undefined or unused names, no long lines: a file a student can read and edit.
    session = Session(default_setup().replace(**changes))
    path = tmp_path / script_export.FILENAME
    path.write_text(script_export.session_script(session, epochs=3), encoding="utf-8")
    # ruff comes with the test extra: run it as a module, so a missing ruff fails, not skips.
    out = subprocess.run([sys.executable, "-m", "ruff", "check", "--isolated", "--select",
                          "E,F,W", "--ignore", "E741", "--line-length", "100", str(path)],
                         capture_output=True, text=True)
    assert out.returncode == 0, out.stdout


def test_with_input_features_the_script_computes_x_from_the_points():
    setup = default_setup().replace(inputs=["x1x2", "sin_x1"])
    session = Session(setup)
    script = script_export.session_script(session, epochs=2)
    assert "def input_features(P):" in script
    assert "X_train = input_features(np.array([" in script
    assert "layer_dims = [2, 4, 1]" in script  # n[0]: the two features
    namespace: dict = {}
    start, end = script.index("import numpy"), script.index("Y_train =")
    exec(script[start:end], namespace)  # the setup and the data, not the training
    np.testing.assert_array_equal(namespace["X_train"], session.trainer.X_train)
    plain = script_export.session_script(Session(default_setup()), epochs=2)
    assert "input_features" not in plain
