"""Trainer: determinism, the history's meaning, mini-batches, live settings, divergence."""

from __future__ import annotations

import math
import re

import numpy as np
import pytest

from engine import Network, Trainer
from engine.datasets import make_2d, train_test_split
from engine.trainer import HISTORY_KEYS


@pytest.fixture
def flower():
    X, Y = make_2d("flower", n_samples=200, noise=0.2, seed=1)
    return X, Y


def _net(seed=0, **kwargs):
    return Network([2, 4, 1], ["tanh", "sigmoid"], init="xavier", seed=seed, **kwargs)


def _regression(seed=0, m=60):
    rng = np.random.default_rng(seed)
    X = rng.uniform(-1, 1, (1, m))
    return X, 3 * X + 0.5 + 0.1 * rng.standard_normal((1, m))


def _trained(net_seed, shuffle_seed, flower, optimizer="adam"):
    net = _net(net_seed)
    Trainer(
        net, *flower, optimizer=optimizer, learning_rate=0.01, batch_size=32, seed=shuffle_seed
    ).run(100)
    return net.params


def test_same_seeds_give_identical_parameters_after_100_epochs(flower):
    a, b = _trained(0, 0, flower), _trained(0, 0, flower)
    assert all(np.array_equal(a[k], b[k]) for k in a)


@pytest.mark.parametrize(("net_seed", "shuffle_seed"), [(1, 0), (0, 1)])
def test_a_different_seed_gives_different_parameters(flower, net_seed, shuffle_seed):
    a, b = _trained(0, 0, flower), _trained(net_seed, shuffle_seed, flower)
    assert not np.array_equal(a["W1"], b["W1"])


def test_history_row_i_is_the_cost_after_i_epochs(flower):
    X, Y = flower
    net = _net()
    trainer = Trainer(net, X, Y, X[:, :50], Y[:, :50], learning_rate=0.5)
    costs, test_costs = [], []
    for _ in range(3):
        costs.append(net.cost(X, Y))
        test_costs.append(net.cost(X[:, :50], Y[:, :50]))
        trainer.run(1)
    assert trainer.epoch == 3
    assert trainer.history["epoch"] == [0, 1, 2]
    assert trainer.history["train_cost"] == pytest.approx(costs, rel=1e-14)
    assert trainer.history["test_cost"] == pytest.approx(test_costs, rel=1e-14)
    accuracy = np.mean(net.predict(X) == Y)
    trainer.run(1)
    assert trainer.last["train_metric"] == accuracy
    assert trainer.history_rows()[0] == {key: values[0] for key, values in trainer.history.items()}


def test_without_a_test_set_the_test_columns_are_empty(flower):
    trainer = Trainer(_net(), *flower)
    trainer.run(2)
    assert trainer.history["test_cost"] == [None, None]
    assert trainer.history["test_metric"] == [None, None]


def test_regression_metric_is_the_rmse():
    X, Y = _regression()
    net = Network([1, 3, 1], ["tanh", "linear"], init="xavier")
    trainer = Trainer(net, X, Y, X, Y, loss="mse", learning_rate=0.1)
    rmse = math.sqrt(np.mean((net.forward(X) - Y) ** 2))
    trainer.run(1)
    assert trainer.last["train_metric"] == pytest.approx(rmse, rel=1e-12)
    assert trainer.last["test_metric"] == pytest.approx(rmse, rel=1e-12)
    assert trainer.last["train_cost"] == pytest.approx(rmse**2 / 2, rel=1e-12)


def test_minibatch_epoch_cost_is_the_size_weighted_mean_of_its_batches(flower):
    X, Y = flower  # m = 200 = 3 batches of 64 + one of 8
    net, twin = _net(), _net()
    trainer = Trainer(net, X, Y, batch_size=64, learning_rate=0.3, seed=4)
    trainer.run(1)
    order = np.random.default_rng(4).permutation(200)  # the trainer's own shuffle, replayed
    Xs, Ys = X[:, order], Y[:, order]
    total = 0.0
    for start in range(0, 200, 64):
        cost, grads = twin.cost_and_grads(Xs[:, start : start + 64], Ys[:, start : start + 64])
        total += cost * Ys[:, start : start + 64].shape[1]
        for key in twin.params:
            twin.params[key] -= 0.3 * grads["d" + key]
    assert trainer.history["train_cost"] == [pytest.approx(total / 200, rel=1e-14)]
    assert all(np.allclose(net.params[k], twin.params[k], rtol=1e-14, atol=0) for k in net.params)


def test_a_batch_as_large_as_the_set_is_batch_gradient_descent(flower):
    a, b = _net(), _net()
    Trainer(a, *flower, batch_size=0, learning_rate=0.5).run(20)
    Trainer(b, *flower, batch_size=10_000, learning_rate=0.5).run(20)
    assert all(np.array_equal(a.params[k], b.params[k]) for k in a.params)


def test_settings_change_between_runs_without_resetting_the_weights(flower):
    net = _net()
    trainer = Trainer(net, *flower, learning_rate=0.5)
    trainer.run(5)
    weights = net.params["W1"].copy()
    trainer.learning_rate = 0.05
    trainer.l2 = 0.1
    trainer.batch_size = 50
    trainer.set_optimizer("momentum", beta=0.8)
    assert np.array_equal(net.params["W1"], weights)
    assert trainer.optimizer.learning_rate == 0.05
    assert trainer.optimizer.beta == 0.8
    assert trainer.run(5) == 5
    assert trainer.epoch == 10
    assert len(trainer.history["epoch"]) == 10


def test_l2_keeps_the_weights_smaller(flower):
    plain, regularized = _net(), _net()
    Trainer(plain, *flower, learning_rate=1.0).run(300)
    Trainer(regularized, *flower, learning_rate=1.0, l2=2.0).run(300)
    assert np.linalg.norm(regularized.params["W1"]) < 0.9 * np.linalg.norm(plain.params["W1"])


def test_a_zero_time_budget_still_runs_one_epoch(flower):
    trainer = Trainer(_net(), *flower)
    assert trainer.run(1000, time_budget=0.0) == 1


def test_float32_training_stays_float32(flower):
    net = _net(dtype="float32")
    trainer = Trainer(net, *flower, optimizer="adam", batch_size=64)
    trainer.run(3)
    assert {v.dtype for v in net.params.values()} == {np.dtype(np.float32)}
    assert all(math.isfinite(c) for c in trainer.history["train_cost"])


def test_learning_rate_50_diverges_with_a_reason_and_no_warning():
    # Warnings are errors in this suite, so an overflow RuntimeWarning would fail this test.
    X, Y = _regression()
    trainer = Trainer(
        Network([1, 4, 1], ["tanh", "linear"], init="xavier"), X, Y, loss="mse", learning_rate=50
    )
    done = trainer.run(1000)
    assert done < 1000
    assert trainer.diverged_epoch == trainer.epoch == done
    assert re.fullmatch(
        rf"Training diverged at epoch {done}: (the parameters exploded "
        r"\(\|W[12]\| reached [0-9.e+]+ > 1e6\)|the cost jumped to [0-9.e+]+, more than 3 "
        r"times its value at the start \([0-9.e+]+\): the steps overshoot the minimum)\. "
        r"Try a smaller learning rate \(now 50\)\.",
        trainer.diverged,
    )
    assert trainer.run(10) == 0  # stays stopped


def _course_model_on(name: str, learning_rate: float) -> Trainer:
    # The app's default network (2 -> 4 tanh -> 1 sigmoid, randn x 0.01, GD) on a 2-D set.
    X, Y = make_2d(name, n_samples=400, noise=0.2, seed=1)
    X_train, Y_train, X_test, Y_test = train_test_split(X, Y, 0.3, seed=1)
    net = Network([2, 4, 1], ["tanh", "sigmoid"], init="normal", init_scale=0.01, seed=0)
    return Trainer(net, X_train, Y_train, X_test, Y_test, learning_rate=learning_rate)


@pytest.mark.parametrize("name", ["flower", "circle", "xor", "spiral"])
@pytest.mark.parametrize("learning_rate", [10.0, 30.0])
def test_a_learning_rate_of_10_or_more_stops_with_the_epoch_and_advice(name, learning_rate):
    # From logits the cross-entropy never becomes NaN: the overshoot shows as a cost that
    # climbs far above its starting value ln 2 = 0.693 (e.g. 4.5 at epoch 23 on flower).
    trainer = _course_model_on(name, learning_rate)
    done = trainer.run(3000)
    assert trainer.diverged is not None
    assert trainer.diverged.startswith(f"Training diverged at epoch {done}: ")
    assert f"Try a smaller learning rate (now {learning_rate:g})." in trainer.diverged
    costs = trainer.history["train_cost"]
    assert costs[-1] > 3 * costs[0]
    assert all(np.isfinite(costs))
    assert trainer.resumable


def test_a_blowup_stop_can_be_overruled_but_nan_cannot(flower):
    trainer = _course_model_on("flower", 10.0)
    trainer.run(3000)
    stopped_at = trainer.epoch
    assert trainer.diverged_kind == "blowup"
    trainer.resume()
    assert trainer.diverged is None
    assert trainer.run(50) == 50  # the guard is off for the rest of this run
    assert trainer.epoch == stopped_at + 50

    net = _net()
    net.params["b2"][0, 0] = np.nan
    nan_trainer = Trainer(net, *flower)
    nan_trainer.run(5)
    assert not nan_trainer.resumable
    with pytest.raises(ValueError, match="cannot go on"):
        nan_trainer.resume()


@pytest.mark.parametrize("name", ["flower", "circle", "xor", "gauss", "spiral", "moons"])
def test_the_course_learning_rate_never_trips_the_guard(name):
    trainer = _course_model_on(name, 1.2)
    assert trainer.run(2000) == 2000
    assert trainer.diverged is None


def test_two_gaussian_clusters_tolerate_learning_rate_10():
    # Two Gaussian clusters are nearly separable: the output saturates and big steps do little
    # harm, so the guard rightly lets the run go on: there is nothing to stop.
    trainer = _course_model_on("gauss", 10.0)
    assert trainer.run(2000) == 2000
    assert trainer.diverged is None
    assert max(trainer.history["train_cost"]) <= trainer.history["train_cost"][0]
    assert trainer.history["train_metric"][-1] > 0.95


def test_the_moons_at_learning_rate_10_mostly_converge_and_a_spike_stops_resumably():
    # On the moons, lr 10 is on the edge: the cost sometimes spikes (to 1.5-2.3 from 0.69)
    # and comes back. Which draw of the data spikes above 3x the start depends on rounding
    # in the last bits, so this checks the pattern over six draws rather than one trajectory.
    finished, stopped = 0, 0
    for seed in range(6):
        X, Y = make_2d("moons", n_samples=400, noise=0.2, seed=seed)
        X_train, Y_train, X_test, Y_test = train_test_split(X, Y, 0.3, seed=seed)
        net = Network([2, 4, 1], ["tanh", "sigmoid"], init="normal", init_scale=0.01, seed=0)
        trainer = Trainer(net, X_train, Y_train, X_test, Y_test, learning_rate=10.0)
        if trainer.run(2000) == 2000:
            finished += 1
            assert trainer.history["train_metric"][-1] > 0.85  # it learned (0.87 to 0.99)
        else:
            stopped += 1
            assert trainer.diverged_kind == "blowup"
            assert trainer.resumable
            assert all(np.isfinite(trainer.history["train_cost"]))
    assert finished >= 4, (finished, stopped)


def test_a_nan_cost_stops_training_before_any_update(flower):
    net = _net()
    net.params["b2"][0, 0] = np.inf  # the output becomes inf - inf = NaN somewhere
    net.params["W2"][0, 0] = -np.inf
    trainer = Trainer(net, *flower, learning_rate=0.5)
    assert trainer.run(10) == 0
    assert trainer.diverged == (
        "Training diverged at epoch 0: the cost became NaN. Try a smaller learning rate (now 0.5)."
    )
    assert trainer.diverged_epoch == 0
    assert math.isnan(trainer.history["train_cost"][0])


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"learning_rate": 0.0}, "learning rate must be a number > 0"),
        ({"l2": -1.0}, "lambda must be a number >= 0"),
        ({"batch_size": 2.5}, "mini-batch size must be a whole number"),
        ({"loss": "hinge"}, "Unknown loss"),
        ({"optimizer": "sgd"}, "Unknown optimizer"),
        ({"X_test": np.zeros((2, 3))}, "both X_test and Y_test"),
    ],
)
def test_bad_settings_are_refused(flower, kwargs, message):
    with pytest.raises(ValueError, match=message):
        Trainer(_net(), *flower, **kwargs)


# ---------------------------------------------------------------------- a bounded history
def _tiny_trainer(**kwargs):
    X = np.array([[0.0, 1.0, 2.0, 3.0]])
    Y = np.array([[0.0, 1.0, 1.0, 0.0]])  # no line separates them: the cost stays near 0.69
    return Trainer(Network([1, 1], ["sigmoid"], seed=0), X, Y, X, Y, learning_rate=0.1,
                   **kwargs)


@pytest.fixture
def small_history(monkeypatch):
    # The same rule with a smaller bound, so the test runs a few thousand epochs, not 20,000.
    from engine import history as H

    monkeypatch.setattr(H, "RECENT", 100)
    monkeypatch.setattr(H, "OLDER", 60)
    monkeypatch.setattr(H, "SLACK", 20)
    monkeypatch.setattr(H, "MAX_ROWS", 180)
    return H


def test_a_long_run_keeps_a_bounded_history_with_the_first_and_last_epoch(small_history):
    H = small_history
    trainer = _tiny_trainer()
    epochs = 1500
    assert trainer.run(epochs) == epochs
    h = trainer.history
    rows = len(h["epoch"])
    assert rows <= H.MAX_ROWS
    assert all(len(values) == rows for values in h.values())
    assert h["epoch"][0] == 0
    assert h["epoch"][-1] == epochs - 1
    # Every epoch since the last thinning (at least the recent part), and before that only
    # round epochs, in order.
    assert h["epoch"][-H.RECENT:] == list(range(epochs - H.RECENT, epochs))
    e = h["epoch"]
    k = next(i for i in range(len(e)) if e[i:] == list(range(e[i], epochs)))
    older = e[:k]
    assert older == sorted(set(older))
    assert len(older) <= H.OLDER
    stride = older[1] - older[0]
    assert stride in (10, 20, 100)
    assert all(e % stride == 0 for e in older)
    # Every kept row is the row that epoch had: the same as a run that kept everything.
    full = _tiny_trainer()
    full.run(epochs)  # the same run; its rows for the kept epochs must be the same numbers
    by_epoch = {e: i for i, e in enumerate(full.history["epoch"])}
    for key in ("train_cost", "test_cost", "train_metric"):
        assert [full.history[key][by_epoch[e]] for e in h["epoch"]] == h[key]
    assert trainer.last["epoch"] == epochs - 1
    assert len(trainer.history_rows()) == rows


def test_thinning_only_drops_rows_and_keeps_round_epochs():
    from engine.history import thin

    h = {"epoch": list(range(1000)), "x": [float(i) for i in range(1000)]}
    assert thin(h, recent=100, older=50, slack=10)
    assert len(h["epoch"]) <= 160
    assert h["epoch"][0] == 0
    assert h["epoch"][-1] == 999
    assert h["x"] == [float(e) for e in h["epoch"]]
    assert all(e % 20 == 0 for e in h["epoch"][:-100])
    before = list(h["epoch"])
    h["epoch"] += list(range(1000, 1200))
    h["x"] += [float(i) for i in range(1000, 1200)]
    thin(h, recent=100, older=50, slack=10)
    # Thinning again never brings back a dropped row, and keeps one stride.
    assert {e for e in h["epoch"] if e < 900} <= set(before)
    assert all(e % 100 == 0 for e in h["epoch"][:-100])
    assert not thin(h, recent=100, older=50, slack=10)  # within the bound: nothing to do


def test_the_divergence_guard_still_compares_with_epoch_0_after_thinning(small_history):
    trainer = _tiny_trainer()
    trainer.run(1000)
    first = trainer.history["train_cost"][0]
    assert trainer.history["epoch"][0] == 0
    trainer.learning_rate = 1e4  # now each step overshoots: the cost climbs past 3x epoch 0's
    trainer.run(200)
    assert trainer.diverged_kind == "blowup"
    assert f"at the start ({first:.3g})" in trainer.diverged
    assert trainer.history["train_cost"][0] == first


# ---------------------------------------------------------------------- interruptible epochs
def _big_set(m, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((2, m))
    return X, (X[0:1] * X[1:2] > 0).astype(float)


def _wide(seed=0):
    return Network([2, 64, 64, 1], ["relu", "relu", "sigmoid"], init="he", seed=seed)


def test_a_time_budget_stops_an_epoch_between_mini_batches_and_it_goes_on_exactly():
    X, Y = _big_set(3000)
    whole = Trainer(_net(), X, Y, X[:, :500], Y[:, :500], batch_size=1, seed=3)
    assert whole.run(2) == 2
    pieces = Trainer(_net(), X, Y, X[:, :500], Y[:, :500], batch_size=1, seed=3)
    calls = 0
    while pieces.epoch < 2:
        done = pieces.run(2 - pieces.epoch, time_budget=0.0)  # one mini-batch per call
        calls += 1
        assert done in (0, 1)
        assert 0.0 <= pieces.epoch_progress < 1.0
    assert calls >= 2 * 3000  # every call stopped after its first mini-batch
    assert pieces.epoch_progress == 0.0
    for k in whole.network.params:
        np.testing.assert_array_equal(pieces.network.params[k], whole.network.params[k])
    assert pieces.history == whole.history  # the rows as if each epoch ran in one go


def test_a_partial_epoch_writes_no_row_until_it_ends():
    X, Y = _big_set(2000)
    trainer = Trainer(_net(), X, Y, batch_size=10, seed=0)
    assert trainer.run(1, time_budget=0.0) == 0
    assert trainer.history["epoch"] == []
    assert trainer.epoch == 0
    assert 0.0 < trainer.epoch_progress < 0.01  # one mini-batch of 10 out of 2000
    trainer.batch_size = 100  # a live change applies from the next mini-batch
    assert trainer.run(1) == 1
    assert trainer.history["epoch"] == [0]
    assert trainer.epoch == 1


def test_a_large_batch_is_summed_in_chunks_equal_to_one_piece(monkeypatch):
    import engine.epoch as T

    X, Y = _big_set(6000)
    Xt, Yt = _big_set(3000, seed=1)
    kwargs = dict(optimizer="adam", learning_rate=0.01, l2=0.7)
    monkeypatch.setattr(T, "CHUNK_WORK", 10**12)  # one piece: the plain path
    plain = Trainer(_wide(), X, Y, Xt, Yt, **kwargs)
    plain.run(3)
    monkeypatch.setattr(T, "CHUNK_WORK", 2**20)  # 245 examples a piece here
    assert plain._chunk_columns() < 3000
    chunked = Trainer(_wide(), X, Y, Xt, Yt, **kwargs)
    calls = 0
    while chunked.epoch < 3:
        chunked.run(1, time_budget=0.0)
        calls += 1
    assert calls >= 3 * (6000 + 3000) // 245  # train and test set, chunk by chunk
    for key in HISTORY_KEYS:
        np.testing.assert_allclose(chunked.history[key], plain.history[key], rtol=1e-10)
    for k in plain.network.params:
        np.testing.assert_allclose(chunked.network.params[k], plain.network.params[k],
                                   rtol=1e-9, atol=1e-12)


def test_the_worst_setup_stops_after_one_piece_of_work():
    # 8 x 64 units, 200,000 rows (the upload's limit): one epoch takes minutes (Step took
    # 186 s). A call whose budget is spent comes back after one piece of work: one
    # mini-batch, or one chunk of CHUNK_WORK multiply-adds of a large batch.
    import time

    import engine.epoch as T

    X, Y = _big_set(200_000)
    net = Network([2] + [64] * 8 + [1], ["relu"] * 8 + ["sigmoid"], init="he", seed=0)
    start = time.perf_counter()
    for batch_size, examples in ((1, 1), (0, None), (100_000, None)):
        trainer = Trainer(net, X[:, :180_000], Y[:, :180_000], X[:, 180_000:],
                          Y[:, 180_000:], batch_size=batch_size)
        if examples is None:
            examples = trainer._chunk_columns()
            assert examples == T.CHUNK_WORK // (2 * 64 + 7 * 64 * 64 + 64)
        assert trainer.run(1, time_budget=0.0) == 0
        assert trainer.epoch_progress == pytest.approx(examples / 200_000)
        assert trainer.history["epoch"] == []
    assert time.perf_counter() - start < 30.0  # generous: about 0.1 s with one BLAS thread

