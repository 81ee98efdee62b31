"""AppTest of the Playground's step-through: the toggle pauses training, Next walks every
block of a 2-3-1 network and Back walks home, and every number the page writes equals the
engine's own forward cache, gradients and gradient-descent step; plus the text helpers."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from engine import Network, Trainer
from engine.stepthrough import trace_step
from playground.lessons import stepthrough as lesson

APP = str(Path(__file__).resolve().parents[2] / "playground" / "app.py")
# A value line: an optional size, then "\begin{aligned}Z^{[1]} &=" (or "&:=" for an update).
_SYM = re.compile(r"^(?:\\[a-z]+size |\\small )?(?:\\begin\{aligned\})?"
                  r"(d?[A-Za-z])\^\{\[(\d+)\]\} &?:?=")


def _app(query: dict) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=90)
    for key, value in query.items():
        at.query_params[key] = value
    return at.run()


def _button(at: AppTest, key: str):
    return next(b for b in at.button if b.key == key)


def _parse_matrix(tex: str) -> np.ndarray:
    body = tex.split(r"\begin{bmatrix}")[1].split(r"\end{bmatrix}")[0]
    return np.array([[float(v) for v in row.split("&")] for row in body.split(r" \\ ")])


def _shown_values(at: AppTest) -> dict[str, np.ndarray]:
    # Each "values of this step" line: the computed name, then its values as the last matrix.
    shown = {}
    for element in at.latex:
        tex = element.value.strip().removeprefix("$$").removesuffix("$$").strip()
        match = _SYM.match(tex)
        if match and r"\begin{bmatrix}" in tex and "&=" in tex:
            last = tex.rsplit("&= ", 1)[1]
            shown[f"{match.group(1)}{match.group(2)}"] = _parse_matrix(last)
        elif re.fullmatch(r"J = [-+0-9.e]+", tex):
            shown["J"] = np.array(float(tex[4:]))
    return shown


def _close(shown: np.ndarray, exact: np.ndarray) -> bool:
    # The page writes 4 significant digits: equal to that precision.
    exact = np.asarray(exact, dtype=float)
    return np.allclose(shown, exact, rtol=6e-4, atol=1e-15)


def _heading(at: AppTest) -> str:
    return next(m.value for m in at.markdown if m.value.startswith(("**Block", "**Summary")))


@pytest.fixture(scope="module")
def walked():
    """A 2-3-1 tanh network on the flower data, step-through on, example 5, walked to the end
    and back; records what each block showed."""
    at = _app({"units": "3"})
    session = at.session_state["pg_session"]
    session.playing = True  # the toggle must pause it
    at.toggle(key="pg_st_on").set_value(True).run()
    at.number_input(key="pg_st_index").set_value(5).run()
    pages = [(_heading(at), _shown_values(at))]
    while not _button(at, "pg_st_next").disabled:
        _button(at, "pg_st_next").click().run()
        pages.append((_heading(at), _shown_values(at)))
    forward_end = at.session_state["pg_st_pos"]
    back = []
    while not _button(at, "pg_st_back").disabled:
        _button(at, "pg_st_back").click().run()
        back.append(_heading(at))
    return at, pages, back, forward_end


def test_the_toggle_pauses_training_and_nothing_goes_wrong(walked):
    at, _, _, _ = walked
    assert not at.exception
    assert not at.error
    s = at.session_state["pg_session"]
    assert s.playing is False
    assert s.network.layer_dims == [2, 3, 1]
    assert s.epoch == 0  # walking a step never trains the real network


def test_next_walks_every_block_in_order_and_back_walks_home(walked):
    _, pages, back, forward_end = walked
    headings = [h for h, _ in pages]
    assert headings == [
        "**Block 1 of 8: Forward, layer 1** · m = 1",
        "**Block 2 of 8: Forward, layer 2** · m = 1",
        "**Block 3 of 8: Cost** · m = 1",
        "**Block 4 of 8: Output error dZ[2]** · m = 1",
        "**Block 5 of 8: Backward, layer 2** · m = 1",
        "**Block 6 of 8: Backward, layer 1** · m = 1",
        "**Block 7 of 8: Update, layer 1** · m = 1",
        "**Block 8 of 8: Update, layer 2** · m = 1",
        "**Summary: the gradient check and the cost** · m = 1",
    ]
    assert forward_end == 8
    assert back == headings[-2::-1]  # the same pages, in reverse, down to the first block


def test_every_value_shown_equals_the_engine(walked):
    at, pages, _, _ = walked
    s = at.session_state["pg_session"]
    X = s.data.X_train[:, [5]]
    Y = s.data.Y_train[:, [5]]
    net = s.network
    _, cache = net.forward_cache(X)
    J, grads = net.cost_and_grads(X, Y, "bce")
    twin = net.copy()
    Trainer(twin, X, Y, loss="bce", optimizer="gd", learning_rate=s.trainer.learning_rate).run(1)
    expected = [
        {"Z1": cache["Z1"], "A1": cache["A1"]},
        {"Z2": cache["Z2"], "A2": cache["A2"]},
        {"J": J},
        {"dZ2": cache["A2"] - Y},
        {"dW2": grads["dW2"], "db2": grads["db2"], "dA1": net.params["W2"].T @ (cache["A2"] - Y)},
        {"dW1": grads["dW1"], "db1": grads["db1"]},
        {"W1": twin.params["W1"], "b1": twin.params["b1"]},
        {"W2": twin.params["W2"], "b2": twin.params["b2"]},
    ]
    for (heading, shown), want in zip(pages, expected, strict=False):
        for name, value in want.items():
            assert name in shown, (heading, name, sorted(shown))
            assert shown[name].shape == np.shape(value) or np.ndim(value) == 0
            assert _close(shown[name], value), (heading, name, shown[name], value)


def test_the_summary_reports_a_passing_check_and_the_costs(walked):
    at, _, _, _ = walked
    _button(at, "pg_st_next").click().run()  # from the first block, walk to the end again
    while not _button(at, "pg_st_next").disabled:
        _button(at, "pg_st_next").click().run()
    assert at.success, "the gradient check's verdict is missing"
    assert "below 1e-7" in at.success[0].value
    s = at.session_state["pg_session"]
    X, Y = s.data.X_train[:, [5]], s.data.Y_train[:, [5]]
    trace = trace_step(s.network, X, Y, "bce", s.trainer.learning_rate)
    values = [m.value for m in at.metric]
    assert values == [lesson.num(trace.cost_before), lesson.num(trace.cost_after)]


def test_the_whole_batch_is_one_step_of_batch_gradient_descent():
    at = _app({"units": "3", "l2": "0.1"})
    at.toggle(key="pg_st_on").set_value(True).run()
    at.radio(key="pg_st_batch").set_value(at.radio(key="pg_st_batch").options[1]).run()
    for _ in range(5):  # to the backward block of layer 1
        _button(at, "pg_st_next").click().run()
    s = at.session_state["pg_session"]
    m = s.data.X_train.shape[1]
    assert _heading(at) == f"**Block 6 of 8: Backward, layer 1** · m = {m}"
    shown = _shown_values(at)
    _, grads = s.network.cost_and_grads(s.data.X_train, s.data.Y_train, "bce", l2=0.1)
    assert _close(shown["dW1"], grads["dW1"])
    assert _close(shown["db1"], grads["db1"])
    assert not at.exception


def test_no_hidden_layer_is_logistic_regression_in_five_blocks():
    at = _app({"units": "none"})
    at.toggle(key="pg_st_on").set_value(True).run()
    headings = [_heading(at)]
    while not _button(at, "pg_st_next").disabled:
        _button(at, "pg_st_next").click().run()
        headings.append(_heading(at))
    assert [h.split(": ", 1)[1].split("**")[0] for h in headings] == [
        "Forward, layer 1", "Cost", "Output error dZ[1]", "Backward, layer 1",
        "Update, layer 1", "the gradient check and the cost"]
    assert not at.exception


# --------------------------------------------------------------------------- the text
def test_numbers_symbols_and_matrices_are_written_as_the_course_does():
    assert lesson.num(0.000123456) == "0.0001235"
    assert lesson.num(-2.5) == "-2.5"
    assert lesson.num(-0.0) == "0"
    assert lesson.sym("dZ2") == "dZ^{[2]}"
    assert lesson.sym("A0T") == "A^{[0]T}"
    assert lesson.plain_sym("W1") == "W[1]"
    small = lesson.matrix(np.array([[1.0, -2.0], [0.5, 3.25]]))
    assert small == r"\begin{bmatrix}1 & -2 \\ 0.5 & 3.25\end{bmatrix}"
    corner = lesson.matrix(np.arange(10 * 400, dtype=float).reshape(10, 400))
    assert r"\cdots" in corner and r"\vdots" in corner  # noqa: PT018 (both marks of a corner)
    assert "3999" not in corner  # the far corner is not written
    wide = lesson.matrix(np.arange(4 * 400, dtype=float).reshape(4, 400))
    assert wide.count(r" \\ ") == 3  # all 4 rows are written (a Z[1] of 4 units keeps them)
    assert r"\vdots" not in wide
    tall = lesson.matrix(np.zeros((64, 1)))
    assert tall.count(r" \\ ") == 3  # 3 of 64 rows, then the dots
    assert r"\cdots" not in tall
    assert lesson.summary(np.array([[1.0, 3.0]])) == "1 × 2: min 1, mean 2, max 3"


def test_every_latex_line_of_a_deep_batch_step_is_balanced():
    # Braces and environments balance on every block (KaTeX shows broken LaTeX in red).
    rng = np.random.default_rng(0)
    net = Network([2, 5, 4, 1], ["relu", "tanh", "sigmoid"], init="he", seed=1)
    X, Y = rng.standard_normal((2, 30)), (rng.random((1, 30)) > 0.5).astype(float)
    for loss, l2 in (("bce", 0.0), ("sigmoid_mse", 0.2)):
        trace = trace_step(net, X, Y, loss, 0.5, l2=l2)
        for i, block in enumerate(trace):
            lines = (lesson.equations(block, trace) + lesson.value_lines(block, trace)
                     + lesson.read_lines(block))
            for line in lines:
                assert line.count("{") == line.count("}"), line
                assert line.count(r"\begin") == line.count(r"\end"), line
            labels = lesson.unit_labels(trace, i)
            assert [len(layer) for layer in labels] == net.layer_dims
