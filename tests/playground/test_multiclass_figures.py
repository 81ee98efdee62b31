"""The K-class pictures (playground/figures/multiclass.py): colours by class, confidence as
lightness, a palette that stays apart for colour-blind students, and the confusion matrix."""

from __future__ import annotations

import base64
import io
import itertools

import numpy as np
import pytest
from PIL import Image

from engine.activations import softmax
from engine.metrics import confusion_matrix, per_class_accuracy
from playground.figures import multiclass as mc
from playground.figures import style
from tests.playground.test_teaching_colors import CVD, delta_e


def _grid_outputs(K: int, n: int = 30, sharp: float = 6.0):
    # Softmax outputs on an n x n grid over [-1, 1]^2: class k wins in the sector around
    # angle 2 pi k / K, more surely further from the centre.
    x1s = x2s = np.linspace(-1, 1, n)
    g1, g2 = np.meshgrid(x1s, x2s)
    angles = 2 * np.pi * np.arange(K) / K
    Z = sharp * (np.cos(angles)[:, None, None] * g1 + np.sin(angles)[:, None, None] * g2)
    return x1s, x2s, softmax(Z.reshape(K, -1)).reshape(K, n, n)


@pytest.mark.parametrize("K", [3, 4, 5])
def test_the_class_colours_stay_apart_under_every_colour_vision_deficiency(K):
    colours = mc.class_colors(K)
    assert len(set(colours)) == K
    for vision in CVD:
        closest = min(delta_e(a, b, vision) for a, b in itertools.combinations(colours, 2))
        assert closest >= 16.5, (vision, closest)  # measured minimum 16.97
    assert mc.class_colors(2) == ("#0072B2", "#E69F00")  # blue and orange, as in binary


@pytest.mark.parametrize("K", [3, 5])
def test_each_region_has_its_class_colour_and_confidence_sets_the_lightness(K):
    _, _, P = _grid_outputs(K)
    rgba = mc.region_rgba(P, up=1)[::-1]  # back to row 0 = x2s[0]
    cls, conf = mc.class_and_confidence(P)
    palette = np.array([style.hex_rgb(c) for c in mc.class_colors(K)], dtype=float)
    white = np.full(3, 255.0)
    inside = np.ones(cls.shape, dtype=bool)  # away from the drawn class boundaries
    inside[1:, :] &= cls[1:, :] == cls[:-1, :]
    inside[:-1, :] &= cls[:-1, :] == cls[1:, :]
    inside[:, 1:] &= cls[:, 1:] == cls[:, :-1]
    inside[:, :-1] &= cls[:, :-1] == cls[:, 1:]
    for k in range(K):
        here = inside & (cls == k)
        assert here.any()
        rgb = rgba[here][:, :3].astype(float)
        # Each pixel lies on the segment from white to class k's colour ...
        share = (white - rgb) @ (white - palette[k]) / np.sum((white - palette[k]) ** 2)
        np.testing.assert_allclose(rgb, white - share[:, None] * (white - palette[k]), atol=1.5)
        # ... further from white the surer the prediction, and never the full colour.
        order = np.argsort(conf[here])
        assert np.all(np.diff(share[order]) >= -0.01)
        assert share.max() <= mc.MAX_TINT + 0.01
        assert share.min() >= mc.MIN_TINT - 0.01
    # The class boundaries, in dark ink: only where the class changes, and at every change.
    line = (rgba[..., :3] == mc.LINE).all(axis=-1)
    assert line.any()
    assert not (line & inside).any()
    assert (line[:, 1:] | line[:, :-1])[cls[:, 1:] != cls[:, :-1]].all()
    assert (line[1:, :] | line[:-1, :])[cls[1:, :] != cls[:-1, :]].all()


def test_the_region_figure_shows_k_colours_and_the_points_by_class():
    K = 3
    x1s, x2s, P = _grid_outputs(K, n=20)
    X = np.array([[0.9, -0.5, -0.5], [0.0, 0.8, -0.8]])
    Y = np.eye(K)[:, [0, 1, 2]]
    fig = mc.region_figure(x1s, x2s, P, X, Y, X[:, :2], np.array([[1, 2]]))
    assert list(fig.data[1].marker.color) == list(mc.class_colors(K))
    assert list(fig.data[2].marker.color) == [mc.CLASS_PALETTE[1], mc.CLASS_PALETTE[2]]
    assert [t.name for t in fig.data[3:]] == ["class 0", "class 1", "class 2"]
    uri = fig.layout.images[0].source
    image = np.array(Image.open(io.BytesIO(base64.b64decode(uri.split(",", 1)[1]))))
    assert image.shape == (20 * mc.UPSAMPLE, 20 * mc.UPSAMPLE, 4)
    # The three classes' hues all appear: each pixel's nearest palette colour (by direction
    # from white) covers all three.
    rgb = image[..., :3].reshape(-1, 3).astype(float)
    rgb = rgb[(rgb != mc.LINE).any(axis=1)]
    towards = 255.0 - rgb
    palette = 255.0 - np.array([style.hex_rgb(c) for c in mc.class_colors(K)], dtype=float)
    cos = (towards / np.linalg.norm(towards, axis=1, keepdims=True)) @ (
        palette / np.linalg.norm(palette, axis=1, keepdims=True)).T
    assert set(np.unique(cos.argmax(axis=1))) == {0, 1, 2}
    with pytest.raises(ValueError, match=r"P must be \(K, 20, 20\); got \(3, 5, 20\)"):
        mc.region_figure(x1s, x2s, P[:, :5], X, Y)


def test_the_confusion_figure_writes_every_count_with_per_class_accuracy():
    truth = np.array([[0, 0, 1, 1, 1, 2, 2, 2, 2]])
    guess = np.array([[0, 1, 1, 1, 2, 2, 2, 2, 0]])
    C = confusion_matrix(guess, truth)
    fig = mc.confusion_figure(C, per_class_accuracy(guess, truth))
    np.testing.assert_array_equal(np.array(fig.data[0].z), C)
    assert list(fig.data[0].y) == ["class 0 · 50 %", "class 1 · 67 %", "class 2 · 75 %"]
    assert sorted(int(a.text) for a in fig.layout.annotations) == sorted(C.ravel().tolist())
    biggest = max(fig.layout.annotations, key=lambda a: int(a.text))
    assert biggest.font.color == "white"  # readable on the darkest cell
    assert fig.layout.yaxis.title.text == "true class"
    assert fig.layout.xaxis.title.text == "predicted class"
    no_example = mc.confusion_figure(np.zeros((2, 2)), [np.nan, 1.0])
    assert list(no_example.data[0].y) == ["class 0 · –", "class 1 · 100 %"]
    for bad in (np.ones((2, 3)), -np.eye(3), np.ones((1, 1))):
        with pytest.raises(ValueError, match="C must"):
            mc.confusion_figure(bad)


def test_bad_outputs_are_refused():
    with pytest.raises(ValueError, match="2 to 5 classes"):
        mc.class_colors(6)
    with pytest.raises(ValueError, match="finite"):
        mc.class_and_confidence(np.full((3, 2, 2), np.nan))
    _, conf = mc.class_and_confidence(np.full((4, 1, 1), 0.25))
    assert conf[0, 0] == 0.0  # an even guess is white-most
