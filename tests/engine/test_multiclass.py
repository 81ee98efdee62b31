"""K classes end to end: softmax + categorical cross-entropy against gradient checks for K = 3..5
and random architectures, predictions as class indices, training with every optimizer, L2 and
mini-batches, the divergence guard, the accuracy metric, weight files, and the tuned path."""

from __future__ import annotations

import numpy as np
import pytest

from engine import HIDDEN_ACTIVATIONS, OPTIMIZERS, Network, Trainer, gradient_check
from engine.metrics import accuracy, confusion_matrix, per_class_accuracy
from engine.serialize import (
    params_from_json,
    params_from_npz_bytes,
    params_to_json,
    params_to_npz_bytes,
)


def _clusters(K: int, m: int, seed: int, spread: float = 0.25):
    """K round clusters on a circle of radius 1: X (2, m), Y one-hot (K, m), labels (m,)."""
    rng = np.random.default_rng(seed)
    labels = np.arange(m) % K
    angle = 2 * np.pi * labels / K
    X = np.vstack([np.cos(angle), np.sin(angle)]) + spread * rng.standard_normal((2, m))
    return X, np.eye(K)[:, labels], labels


@pytest.mark.parametrize("K", [3, 4, 5])
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_backprop_matches_the_gradient_check_on_random_architectures(K, seed):
    rng = np.random.default_rng(100 * K + seed)
    depth = int(rng.integers(0, 4))
    hidden = [int(n) for n in rng.integers(2, 6, depth)]
    acts = [str(a) for a in rng.choice(list(HIDDEN_ACTIVATIONS), depth)]
    n_x = int(rng.integers(1, 4))
    net = Network([n_x, *hidden, K], [*acts, "softmax"], init="xavier", seed=seed)
    for key in net.params:  # nonzero biases keep every Z off the ReLU kink at 0
        if key.startswith("b"):
            net.params[key] = rng.uniform(-0.5, 0.5, net.params[key].shape)
    m = 7
    X = rng.standard_normal((n_x, m))
    Y = np.eye(K)[:, rng.integers(0, K, m)]
    l2 = float(rng.choice([0.0, 0.4]))
    assert gradient_check(net, X, Y, loss="cross_entropy", l2=l2) < 1e-7
    # ... and the training step's tuned path gives the plain path's numbers.
    _, cache = net.forward_cache(X)
    plain = net.backward(cache, Y, "cross_entropy", l2)
    J, grads = net.cost_and_grads(X, Y, "cross_entropy", l2)
    assert J == net.cost(X, Y, "cross_entropy", l2)
    for key, g in plain.items():
        np.testing.assert_allclose(grads[key], g, rtol=1e-12, atol=1e-15)


def test_predict_returns_the_class_index_of_the_largest_output():
    net = Network([2, 3], ["softmax"], init="zeros")
    net.params = {"W1": np.array([[1.0, 0.0], [0.0, 1.0], [-1.0, -1.0]]), "b1": np.zeros((3, 1))}
    X = np.array([[2.0, 0.0, -3.0], [0.0, 2.0, -3.0]])
    y_hat = net.predict(X)
    assert y_hat.shape == (1, 3)
    assert y_hat.dtype == np.int64
    np.testing.assert_array_equal(y_hat, [[0, 1, 2]])
    np.testing.assert_allclose(net.forward(X).sum(axis=0), 1.0)


def test_softmax_is_refused_in_a_hidden_layer_and_on_one_unit():
    with pytest.raises(ValueError, match=r"Softmax is an output activation.*layer 1 is hidden"):
        Network([2, 4, 3], ["softmax", "softmax"])
    with pytest.raises(ValueError, match="softmax output needs one unit per class, at least 2"):
        Network([2, 4, 1], ["tanh", "softmax"])


@pytest.mark.parametrize("optimizer", list(OPTIMIZERS))
def test_every_optimizer_learns_k_clusters_with_l2_and_mini_batches(optimizer):
    X, Y, _ = _clusters(4, 400, seed=3)
    X_test, Y_test, _ = _clusters(4, 200, seed=4)
    net = Network([2, 8, 4], ["tanh", "softmax"], init="xavier", seed=0)
    lr = {"gd": 0.5, "momentum": 0.5, "rmsprop": 0.01, "adam": 0.01}[optimizer]
    trainer = Trainer(net, X, Y, X_test, Y_test, loss="cross_entropy", optimizer=optimizer,
                      learning_rate=lr, batch_size=64, l2=0.01, seed=0)
    trainer.run(60)
    assert trainer.diverged is None
    assert trainer.metric_name == "accuracy"
    cost = trainer.history["train_cost"]
    assert cost[-1] < 0.5 * cost[0]
    assert trainer.last["test_metric"] > 0.95
    # The metric is the accuracy of the predicted class, as engine.metrics computes it.
    assert trainer.last["test_metric"] == pytest.approx(accuracy(net.predict(X_test), Y_test))


def test_a_huge_learning_rate_is_stopped_by_the_guard_without_a_warning():
    X, Y, _ = _clusters(3, 300, seed=5)
    net = Network([2, 16, 16, 3], ["relu", "relu", "softmax"], init="he", seed=0)
    trainer = Trainer(net, X, Y, loss="cross_entropy", learning_rate=500.0)
    done = trainer.run(300)
    assert done < 300
    assert trainer.diverged
    assert trainer.diverged.startswith(f"Training diverged at epoch {done}")


@pytest.mark.parametrize("dtype", ["float64", "float32"])
def test_float_types_train_and_the_k_output_weights_round_trip(dtype):
    X, Y, _ = _clusters(5, 200, seed=6)
    net = Network([2, 6, 5], ["relu", "softmax"], init="he", seed=1, dtype=dtype)
    Trainer(net, X, Y, loss="cross_entropy", learning_rate=0.3).run(20)
    assert net.params["W2"].shape == (5, 6)
    for back in (params_from_npz_bytes(params_to_npz_bytes(net.params)),
                 params_from_json(params_to_json(net.params))):
        twin = Network([2, 6, 5], ["relu", "softmax"], dtype=dtype)
        twin.params = back
        np.testing.assert_array_equal(twin.predict(X), net.predict(X))


def test_confusion_matrix_and_per_class_accuracy_by_hand():
    truth = np.array([[0, 0, 1, 1, 1, 2]])
    guess = np.array([[0, 1, 1, 1, 2, 2]])
    C = confusion_matrix(guess, truth)
    np.testing.assert_array_equal(C, [[1, 1, 0], [0, 2, 1], [0, 0, 1]])
    np.testing.assert_allclose(per_class_accuracy(guess, truth), [0.5, 2 / 3, 1.0])
    assert accuracy(guess, truth) == pytest.approx(4 / 6)
    # One-hot on either side gives the same; a class with no example is NaN, not 0.
    one_hot = np.eye(4)[:, truth[0]]
    np.testing.assert_array_equal(confusion_matrix(guess, one_hot)[:3, :3], C)
    assert confusion_matrix(guess, one_hot).shape == (4, 4)
    assert accuracy(np.eye(3)[:, guess[0]], one_hot) == pytest.approx(4 / 6)
    per_class = per_class_accuracy(guess, truth, n_classes=4)
    assert np.isnan(per_class[3])
    assert per_class[0] == 0.5
    assert C.sum() == truth.size
    with pytest.raises(ValueError, match=r"0\.\.2"):
        confusion_matrix(np.array([[3]]), np.array([[0]]), n_classes=3)


def test_the_three_arm_spiral_is_learned_to_90_percent_on_its_test_set():
    from engine.datasets import make_2d, train_test_split

    X, Y = make_2d("spiral", 400, 0.2, seed=1, n_classes=3)
    X_train, Y_train, X_test, Y_test = train_test_split(X, Y, 0.3, seed=1)
    net = Network([2, 16, 16, 3], ["tanh", "tanh", "softmax"], init="xavier", seed=0)
    trainer = Trainer(net, X_train, Y_train, X_test, Y_test, loss="cross_entropy",
                      optimizer="adam", learning_rate=0.01, batch_size=32)
    trainer.run(300)
    assert trainer.last["test_metric"] >= 0.9
    C = confusion_matrix(net.predict(X_test), Y_test)
    assert C.shape == (3, 3)
    assert np.trace(C) / C.sum() == pytest.approx(trainer.last["test_metric"])
