"""The page "Broadcasting and vectors": the calories example's numbers, the written-out rule
against NumPy's own, plain-words messages for bad shapes, the rank-1 pitfall, and the page."""

from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from playground.figures import broadcasting as bf
from playground.lessons import broadcasting as lesson

APP = str(Path(__file__).resolve().parents[2] / "playground" / "app.py")


def test_calories_totals_and_percentages_are_the_lecture_numbers():
    c = lesson.calories()
    assert c["cal"].shape == (4,)
    assert c["cal"] == pytest.approx([59.0, 239.0, 155.4, 76.9])
    assert c["percentage"].shape == (3, 4)
    assert c["percentage"].sum(axis=0) == pytest.approx([100.0] * 4)
    assert c["percentage"][0, 0] == pytest.approx(100 * 56 / 59)  # apples: 94.9 % carbohydrate


SHAPES = [(), (1,), (4,), (5,), (1, 4), (3, 1), (3, 4), (4, 3), (5, 1), (2, 1, 4), (2, 3, 4)]


@pytest.mark.parametrize(("a", "b"), list(itertools.product(SHAPES, repeat=2)))
def test_the_written_rule_agrees_with_numpy(a, b):
    try:
        expected = np.broadcast_shapes(a, b)
    except ValueError:
        expected = None
    assert lesson.broadcast(a, b).shape == expected
    assert lesson.numpy_agrees(a, b)


def test_the_rule_says_which_is_copied_and_why_not():
    rows = lesson.broadcast((3, 4), (3, 1)).rows
    assert rows[1]["why"] == "the second is 1: copied 4 times"
    bad = lesson.broadcast((3, 4), (4, 3))
    assert bad.shape is None
    assert "cannot be broadcast" in bad.summary
    assert lesson.broadcast((5,), (5, 1)).rows[0]["first"].startswith("–")


@pytest.mark.parametrize(("text", "shape"), [("(3, 4)", (3, 4)), ("3,4", (3, 4)),
                                             ("(5,)", (5,)), (" 5 ", (5,)), ("()", ())])
def test_shapes_are_read_as_python_writes_them(text, shape):
    assert lesson.parse_shape(text) == shape


@pytest.mark.parametrize(("text", "words"), [("x", "whole numbers"), ("(3, -1)", "whole"),
                                             ("(0, 2)", "at least 1"),
                                             ("1,1,1,1,1,1,1", "At most 6")])
def test_bad_shapes_get_a_plain_message(text, words):
    with pytest.raises(ValueError, match=words):
        lesson.parse_shape(text)


def test_rank_one_array_gives_a_number_and_a_column_gives_a_matrix():
    d = lesson.rank_one()
    assert d["a"].shape == (5,)
    assert d["a_T_shape"] == (5,)
    assert np.ndim(d["a_at"]) == 0
    assert d["a_at"] == pytest.approx(float(np.sum(d["a"] ** 2)))
    assert d["col_at"].shape == (5, 5)
    assert d["col_at"] == pytest.approx(np.outer(d["a"], d["a"]))


def test_stretch_figure_marks_the_copies():
    fig = bf.stretch_figure((1, 4), (3, 1), (3, 4))
    first, second = fig.data[0].z, fig.data[1].z
    assert np.array_equal(np.asarray(first), [[1] * 4, [0] * 4, [0] * 4])
    assert np.array_equal(np.asarray(second), [[1, 0, 0, 0]] * 3)
    assert not bf.drawable((2, 3, 4), (1,), (2, 3, 4))


def test_page_runs_and_answers_in_words_never_a_traceback():
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.switch_page("views/broadcasting.py").run()
    assert not at.exception, [e.value for e in at.exception]
    assert all(c.proto.theme == "" for c in at.get("plotly_chart"))
    assert any("gives (3, 4)" in s.value for s in at.success)
    assert len(at.get("plotly_chart")) == 2
    at.text_input(key="bc_second").input("(4, 3)").run()
    assert any("cannot be broadcast" in w.value for w in at.warning)
    at.text_input(key="bc_first").input("three by four").run()
    assert not at.exception
    assert any("is not a shape" in w.value for w in at.warning)
    at.text_input(key="bc_first").input("(5,)").run()
    at.text_input(key="bc_second").input("(5, 1)").run()
    assert any("gives (5, 5)" in s.value for s in at.success)
    at.radio(key="bc_rank").set_value("np.random.randn(5, 1)").run()
    assert not at.exception
    assert any("(5, 5)" in c.value for c in at.code)
