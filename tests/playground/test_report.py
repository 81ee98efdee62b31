"""The run's report: one PNG with the setup, the final numbers, the picture and the curves."""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image

from playground.fields import default_setup
from playground.report import build_report
from playground.state import Session


@pytest.fixture(scope="module")
def report():
    session = Session(default_setup().replace(hidden_units=[5], learning_rate=0.9))
    session.step(300)
    png, layout = build_report(session)
    return session, Image.open(io.BytesIO(png)), layout


def test_the_report_is_a_png_of_its_layouts_size(report):
    _, img, layout = report
    assert img.format == "PNG"
    assert img.size == layout.size
    assert img.size[0] == 1040
    assert 600 < img.size[1] < 1000


def test_the_report_holds_the_setup_and_the_final_numbers(report):
    session, _, layout = report
    text = layout.text()
    last = session.trainer.last
    assert "Hidden units: 5" in text
    assert "Learning rate alpha: 0.9" in text  # the built-in font has no Greek letters
    assert "Epochs trained: 300" in text
    assert f"Train cost J: {last['train_cost']:.4f}" in text
    assert f"Test accuracy: {100 * last['test_metric']:.1f} %" in text


def test_every_text_line_is_drawn_where_the_layout_says(report):
    _, img, layout = report
    pixels = np.asarray(img.convert("L"))
    for x, y, line in layout.texts:
        width = max(8, 5 * len(line))
        patch = pixels[y:y + 14, x:x + width]
        assert (patch < 160).any(), line  # dark glyphs there


def test_the_picture_and_the_curves_are_drawn(report):
    _, img, layout = report
    rgb = np.asarray(img.convert("RGB")).astype(int)
    x0, y0, _, y1 = layout.boxes["picture_and_cost"]
    picture = rgb[y0 + 60:y1 - 40, x0 + 20:x0 + 300]
    # Trained: strongly coloured blue and orange regions, not a white page.
    blue = (picture[..., 2] - picture[..., 0] > 80).mean()
    orange = (picture[..., 0] - picture[..., 2] > 80).mean()
    assert blue > 0.2
    assert orange > 0.2
    mx0, my0, mx1, my1 = layout.boxes["metric"]
    panel = rgb[my0 + 2:my1 - 2, mx0 + 2:mx1 - 2]
    assert (np.abs(panel - [51, 51, 51]).sum(-1) < 30).sum() > 200  # the train curve
    assert (np.abs(panel - [217, 112, 15]).sum(-1) < 30).sum() > 200  # the test curve


def test_a_diverged_run_says_so():
    session = Session(default_setup().replace(learning_rate=30.0))
    session.step(300)
    assert session.diverged
    _, layout = build_report(session)
    assert "Stopped: Training diverged" in layout.text()


def test_a_history_caught_mid_append_is_cut_to_one_length():
    from playground.report import history_snapshot

    history = {"epoch": [0, 1, 2], "train_cost": [0.7, 0.6, 0.5], "test_cost": [0.7, 0.6]}
    snap = history_snapshot(history)
    assert snap == {"epoch": [0, 1], "train_cost": [0.7, 0.6], "test_cost": [0.7, 0.6]}
    assert len(history["epoch"]) == 3  # a copy: the trainer's lists are left alone
