"""The shipped 8x8 digits and the unroll/roll of images into X (n_x, m) and back."""

from __future__ import annotations

import hashlib

import numpy as np
import pytest

from engine.digits import ASSET, is_digit, load_digits, roll, unroll


def test_asset_holds_the_1797_uci_digits_with_balanced_labels():
    images, labels = load_digits()
    assert images.shape == (1797, 8, 8)
    assert labels.shape == (1797,)
    assert images.min() == 0
    assert images.max() == 16
    counts = np.bincount(labels, minlength=10)
    assert counts.sum() == 1797
    assert counts.size == 10
    assert counts[3] == 183
    assert counts.min() >= 174
    assert counts.max() <= 183
    # The first image is a 0 whose top row is 0 0 5 13 9 1 0 0 (the UCI file's first row).
    assert labels[0] == 0
    assert list(images[0, 0]) == [0, 0, 5, 13, 9, 1, 0, 0]


def test_asset_file_is_the_one_the_script_writes():
    # scripts/make_digits_asset.py writes gzip with mtime 0: the same data, the same bytes.
    digest = hashlib.sha256(ASSET.read_bytes()).hexdigest()
    assert digest == "3dfa5abbe5f13b33c388acc86191880767382ea5dd79e363e944f526b208f0f1"


def test_unroll_reads_each_picture_row_by_row_into_one_column():
    images, _ = load_digits()
    X = unroll(images[:5])
    assert X.shape == (64, 5)
    assert X.min() >= 0.0
    assert X.max() <= 1.0
    r, c = 3, 6
    assert X[8 * r + c, 2] == images[2, r, c] / 16


def test_roll_undoes_unroll():
    images, _ = load_digits()
    assert np.array_equal(roll(unroll(images)), images)
    assert roll(unroll(images[7:8])).shape == (8, 8)  # one column: one picture
    X = np.random.default_rng(0).random((64, 9))
    assert unroll(roll(X)) == pytest.approx(X)


def test_bad_shapes_are_refused_with_the_expected_shape():
    with pytest.raises(ValueError, match=r"\(m, 8, 8\)"):
        unroll(np.zeros((3, 64)))
    with pytest.raises(ValueError, match=r"\(64, m\)"):
        roll(np.zeros((63, 2)))


def test_is_digit_is_a_0_1_row():
    Y = is_digit(np.array([3, 1, 3, 0]), 3)
    assert Y.shape == (1, 4)
    assert list(Y[0]) == [1.0, 0.0, 1.0, 0.0]
