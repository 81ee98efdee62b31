"""At a divergence stop the live page's picture, diagram and numbers describe one network
(issue 12, must-fix 3), and the "Learning rate too large diverges" preset shows what its
explanation says."""

from __future__ import annotations

import base64

import numpy as np

from playground import live
from playground.fields import Setup
from playground.presets import apply_preset, preset_explanation
from playground.state import Session

PRESET = "Learning rate too large diverges"


def _grid(frame) -> np.ndarray:
    image = frame["figures"]["boundary"]["image"]
    return np.frombuffer(base64.b64decode(image["b64"]), dtype=np.uint8)


def _stats(frame) -> dict:
    return {s["id"]: s["value"] for s in frame["stats"]}


def _played_until_stopped(setup: Setup, guard: bool = True) -> Session:
    s = Session(setup)
    s.trainer.blowup_guard = guard  # off: as after "Continue anyway"
    s.playing = True
    for _ in range(200):
        s.run_frame(time_budget=1.0)
        if s.diverged:
            return s
    raise AssertionError("did not diverge")


def test_at_a_blowup_stop_the_picture_is_the_network_of_the_numbers():
    # lr 10 on the default network: the cost jumps past 3 x its start at epoch 14, all in
    # the first frame (50 epochs per frame). The weights are finite: they are the network
    # whose cost the stats line shows.
    s = _played_until_stopped(Setup(learning_rate=10.0))
    assert s.trainer.diverged_kind == "blowup"
    stopped = s.epoch
    assert stopped > 5
    view = live.PlaneView()
    frame = view.frame(s, slow=True)
    stats = _stats(frame)
    assert stats["epoch"] == f"{stopped:,}"
    assert frame["epoch"] == stopped
    # The same network trained afresh for that many epochs draws the same picture.
    fresh = Session(Setup(learning_rate=10.0))
    fresh.trainer.run(stopped)
    assert fresh.epoch == stopped
    np.testing.assert_array_equal(_grid(frame), _grid(view.frame(fresh, slow=False)))
    np.testing.assert_array_equal(view._network(s).params["W1"], fresh.network.params["W1"])
    assert stats["train-cost"] == f"{s.trainer.history['train_cost'][-1]:.4f}"


def test_at_a_nan_stop_the_numbers_are_those_of_the_last_good_network_drawn():
    # Without the blow-up guard (as after "Continue anyway") the weights explode; the
    # picture keeps the weights from before the frame that diverged.
    s = _played_until_stopped(Setup(learning_rate=1000.0, init="he", init_scale=1.0,
                                    hidden_units=[8], activations=["relu"]), guard=False)
    assert s.trainer.diverged_kind in ("nan", "exploded")
    view = live.PlaneView()
    frame = view.frame(s, slow=True)
    shown = frame["epoch"]
    assert shown < s.trainer.diverged_epoch
    assert _stats(frame)["epoch"] == f"{shown:,}"
    fresh = Session(s.setup)
    fresh.trainer.run(shown)
    np.testing.assert_array_equal(_grid(frame), _grid(view.frame(fresh, slow=False)))
    # The status says which epoch the picture is.
    assert f"epoch {shown:,}" in live._status(s)[1]


def test_the_too_large_learning_rate_preset_jumps_around_before_it_stops():
    setup = apply_preset(Setup(), PRESET)
    s = Session(setup)
    s.step(500)
    assert s.trainer.diverged
    assert s.trainer.diverged_kind == "blowup"
    cost = np.array(s.trainer.history["train_cost"])
    # The cost goes up and down several times (not one jump to the stop)...
    turns = np.sum(np.diff(np.sign(np.diff(cost))) != 0)
    assert turns >= 4, cost
    assert s.trainer.diverged_epoch >= 8
    # ...and the explanation names the learning rates it uses.
    text = preset_explanation(PRESET)
    assert f"{setup.learning_rate:g}" in text
    assert f"(epoch {s.trainer.diverged_epoch})" in text
    calm = Session(setup.replace(learning_rate=1.2))
    calm.step(1500)
    assert calm.trainer.diverged is None
    assert calm.trainer.last["train_metric"] > 0.85
    assert "1.2" in text


def test_while_training_the_stats_show_the_latest_row_of_the_history():
    s = Session(Setup())
    s.step(30)
    stats = _stats(live.PlaneView().frame(s, slow=False))
    assert stats["epoch"] == "30"
    assert stats["train-cost"] == f"{s.trainer.history['train_cost'][-1]:.4f}"
