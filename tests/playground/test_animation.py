"""The run's recording and its animated GIF."""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image, ImageSequence

from playground import animation
from playground.fields import default_setup
from playground.recording import Recording, frame_epochs, record_session, same_run
from playground.state import Session


@pytest.fixture(scope="module")
def recording():
    session = Session(default_setup().replace(show_test=True))
    session.step(400)
    return record_session(session, n_frames=30)


def test_frame_epochs_start_at_0_end_at_the_last_and_are_denser_early():
    epochs = frame_epochs(1000, 30)
    assert epochs[0] == 0
    assert epochs[-1] == 1000
    assert len(epochs) == len(set(epochs)) <= 30
    gaps = np.diff(epochs)
    assert gaps[0] < gaps[-1]


def test_the_recording_replays_the_session(recording):
    # Same seed, same data: the recording's history is the session's run, epoch for epoch.
    session = Session(default_setup().replace(show_test=True))
    session.step(400)
    assert recording.frames[-1].epoch == 400
    assert recording.train_cost[:400] == session.trainer.history["train_cost"]
    assert recording.epochs[-1] == 400  # the last picture's weights, measured
    assert recording.frames[0].grid.shape == (len(recording.x2s), len(recording.x1s))
    assert recording.frames[0].grid.dtype == np.uint8


def test_a_live_recording_stays_bounded_and_even():
    rec = Recording(np.arange(3.0), np.arange(2.0), np.zeros((2, 1)), np.zeros((1, 1)),
                    max_frames=8)
    for epoch in range(1000):
        rec.add(epoch, np.full((2, 3), epoch / 1000))
    assert len(rec.frames) <= 8
    epochs = [f.epoch for f in rec.frames]
    assert epochs[0] == 0
    assert len(set(np.diff(epochs))) == 1  # evenly spaced over the whole run
    assert epochs[-1] > 800


def test_the_gif_has_one_frame_per_picture_of_the_layout_size(recording):
    shares = []
    gif = animation.render_gif(recording, seconds=6.0, progress=shares.append)
    img = Image.open(io.BytesIO(gif))
    assert img.format == "GIF"
    assert img.n_frames == len(recording.frames)
    layout = animation.Layout(recording)
    assert img.size == (layout.width, layout.height)
    durations = [frame.info["duration"] for frame in ImageSequence.Iterator(img)]
    assert sum(durations[:-1]) == pytest.approx(6000, rel=0.1)  # about the clip asked for
    assert shares == sorted(shares)
    assert shares[-1] == 1.0


def test_the_frames_differ_as_the_run_learns(recording):
    img = Image.open(io.BytesIO(animation.render_gif(recording)))
    first = np.asarray(img.convert("RGB"))
    img.seek(img.n_frames - 1)
    last = np.asarray(img.convert("RGB"))
    x0, y0 = animation.MARGIN, animation.TOP
    panel = animation.PANEL
    picture_first = first[y0:y0 + panel, x0:x0 + panel].astype(int)
    picture_last = last[y0:y0 + panel, x0:x0 + panel].astype(int)
    # At epoch 0 (weights ~0.01) the picture is nearly white; after 400 epochs it is coloured.
    assert np.abs(picture_last - picture_first).mean() > 20
    # The cost curve has been drawn in the last frame, not in the first.
    px = animation.MARGIN + panel + animation.MARGIN + animation.LEFT_AXIS
    curve = (slice(y0 + 2, y0 + panel - 2), slice(px + 2, px + panel - 2))
    dark = np.array([51, 51, 51])
    assert not (first[curve] == dark).all(axis=-1).any()
    assert (last[curve] == dark).all(axis=-1).sum() > 100


def test_an_empty_recording_is_refused():
    rec = Recording(np.arange(3.0), np.arange(2.0), np.zeros((2, 1)), np.zeros((1, 1)))
    with pytest.raises(ValueError, match="no frames"):
        animation.render_gif(rec)


def test_same_run_tells_a_replay_of_the_session_from_another_run(recording):
    session = Session(default_setup().replace(show_test=True))
    session.step(400)
    assert same_run(recording, session.trainer.history)
    changed = Session(default_setup().replace(show_test=True))
    changed.step(200)
    changed.apply(changed.setup.replace(learning_rate=0.5))
    changed.step(200)
    assert not same_run(recording, changed.trainer.history)
