"""AppTest of the pages "The course's results", "Shapes and equations" and "Vectorization and
graphs": each runs, its controls work, and the numbers it shows are the engine's."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from engine.graph import course_graph
from engine.shapes import table_rows
from playground.lessons import course_results as course

APP = str(Path(__file__).resolve().parents[2] / "playground" / "app.py")


def _page(name: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120).run()
    at.switch_page(f"views/{name}.py").run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    # theme="streamlit" (st.plotly_chart's default) replaces the figures' 16 px fonts with
    # Streamlit's ~11 px ones, unreadable on a projector: every chart must opt out.
    assert all(c.proto.theme == "" for c in at.get("plotly_chart"))
    return at


def _metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


# ------------------------------------------------------------------ the course's results
def test_course_page_shows_the_course_90_percent_next_to_the_engine_number():
    at = _page("course_results")
    metrics = _metrics(at)
    assert metrics["The notebook printed"] == "90%"
    assert metrics["This app, exact"] == "90.75%"
    assert metrics["This app, printed as the notebook does"] == "90%"
    assert any("`%d`, which truncates" in c.value for c in at.caption)
    assert len(at.get("plotly_chart")) == 2  # the boundary and the cost
    costs = at.dataframe[0].value
    assert list(costs["iteration"]) == list(course.COURSE_COSTS)
    assert list(costs["the notebook printed"][:8]) == list(costs["this app"][:8])
    # The two late iterations differ: the page runs the notebook's own code and says why.
    study = at.dataframe[1].value
    assert list(study["iteration"]) == [7000, 8000, 9000]
    assert "the notebook's code, run here" in study.columns


def test_course_page_logistic_preset_and_seed_control():
    at = _page("course_results")
    at.button_group(key="course_experiment").set_value("Logistic regression").run()
    assert not at.exception
    metrics = _metrics(at)
    assert metrics["The notebook printed"] == "47%"
    assert metrics["This app, printed as the notebook does"] == "47%"
    at.number_input(key="course_seed").set_value(5).run()
    run = course.train_course_model(0, course.PLANAR_ITERATIONS, 1.2, 5)
    assert _metrics(at)["This app, exact"] == f"{run.accuracy:.2f}%"


@pytest.mark.slow
def test_course_page_sweep_lists_every_size_with_the_course_accuracy():
    at = _page("course_results")
    at.button_group(key="course_experiment").set_value("Hidden-layer sizes 1 to 50").run()
    assert not at.exception
    frame = at.dataframe[0].value
    assert list(frame["hidden units n_h"]) == list(course.SWEEP_SIZES)
    assert list(frame["course accuracy (%)"]) == list(course.COURSE_SWEEP.values())
    for ours, theirs in zip(frame["this app (%)"], frame["course accuracy (%)"], strict=True):
        assert ours == pytest.approx(theirs, abs=1)
    assert list(frame["same"]) == [n <= 5 for n in course.SWEEP_SIZES]
    # The two that differ can be trained again with W1 one ulp off: the page says how much
    # the last bit moves them.
    at.toggle(key="course_nudge").set_value(True).run()
    assert not at.exception
    nudged = at.dataframe[-1].value
    assert list(nudged["hidden units n_h"]) == [20, 50]
    assert set(nudged.columns) >= {"this app, W1 -1 ulp (%)", "this app, W1 +1 ulp (%)"}


# ------------------------------------------------------------------ shapes
def test_shapes_page_table_follows_the_architecture():
    at = _page("shapes")
    table = at.table[0].value
    # The default is the week 4 lecture's own network n = [2, 3, 5, 4, 2, 1].
    assert list(table["W"]) == ["(3, 2)", "(5, 3)", "(4, 5)", "(2, 4)", "(1, 2)"]
    at.number_input(key="shapes_layers").set_value(2).run()
    at.number_input(key="shapes_units_1").set_value(7).run()
    at.number_input(key="shapes_m").set_value(50).run()
    assert not at.exception
    table = at.table[0].value
    expected = table_rows([2, 3, 7, 1], 50)
    assert list(table["W"]) == [r["W"] for r in expected] == ["(3, 2)", "(7, 3)", "(1, 7)"]
    assert list(table["dZ"]) == ["(3, 50)", "(7, 50)", "(1, 50)"]


def test_shapes_page_loads_the_lectures_other_network():
    at = _page("shapes")
    at.number_input(key="shapes_layers").set_value(1).run()
    at.button(key="shapes_lecture_Deep L-layer neural network").click().run()
    assert not at.exception
    assert not at.warning, [w.value for w in at.warning]
    assert list(at.table[0].value["W"]) == ["(5, 3)", "(5, 5)", "(3, 5)", "(1, 3)"]
    at.button(key="shapes_lecture_Getting your matrix dimensions right").click().run()
    assert list(at.table[0].value["W"]) == ["(3, 2)", "(5, 3)", "(4, 5)", "(2, 4)", "(1, 2)"]


def test_shapes_page_equations_of_the_chosen_layer():
    at = _page("shapes")
    latex = " ".join(x.value for x in at.latex)
    assert "(3,\\,2)" in latex  # W[1]
    assert "(2,\\,400)" in latex  # X
    at.selectbox(key="shapes_layer").set_value(5).run()
    latex = " ".join(x.value for x in at.latex)
    assert "A^{[5]} - Y" in latex
    assert "(1,\\,2)" in latex  # W[5]


# ------------------------------------------------------------------ vectorization and graphs
def test_vectorization_page_times_both_versions():
    at = _page("vectorization")
    assert not at.metric  # nothing is timed before the button
    at.slider(key="vec_units").set_value(8).run()
    at.button(key="vec_run").click().run()
    assert not at.exception
    metrics = _metrics(at)
    loop_ms = float(metrics["Explicit loops"].split()[0])
    vec_ms = float(metrics["Vectorized (W @ A + b)"].split()[0])
    assert loop_ms > vec_ms > 0
    assert float(metrics["Loops are slower by"].rstrip("×").replace(",", "")) > 2
    assert any("n = [2, 8, 1]" in c.value for c in at.caption)


def test_graph_page_shows_the_engine_derivatives_for_the_users_a_b_c():
    at = _page("vectorization")
    at.number_input(key="graph_b").set_value(4.0).run()
    at.number_input(key="graph_c").set_value(-2.0).run()
    g = course_graph(5.0, 4.0, -2.0)
    assert any(f"dJ/db = 3c = {g.grads['b']:g}" in c.value for c in at.caption)
    at.slider(key="graph_step").set_value(0).run()
    assert "The inputs: a = 5, b = 4, c = -2" in at.info[1].value
    at.slider(key="graph_step").set_value(1).run()
    assert at.info[1].value == "Forward, step 1: u = bc = -8."


def test_logistic_example_shows_dz_and_refuses_a_saturated_sigmoid_politely():
    at = _page("vectorization")
    # Defaults: z = 0.5*1 - 0.3*2 + 0.4 = 0.3, a = 1/(1 + e^-0.3) = 0.5744, y = 1:
    # dz = a - y = -0.4256. (With b = 0.1 the page showed the rounding residue z = 2.776e-17.)
    assert 1 / (1 + math.exp(-0.3)) - 1 == pytest.approx(-0.42556, abs=1e-5)
    assert any("dz = a − y = -0.4256" in c.value for c in at.caption)
    assert not any("e-1" in c.value for c in at.caption)
    for key in ("lr_x1", "lr_x2", "lr_w1", "lr_w2"):
        at.number_input(key=key).set_value(10.0).run()
    at.selectbox(key="lr_y").set_value(0).run()
    assert not at.exception
    assert "rounds to exactly 1" in at.error[0].value


# ------------------------------------------------------------------ coming back to a page
@pytest.mark.parametrize(("page", "widget", "key", "value"), [
    ("activations", "select_slider", "act_alpha", 0.2),
    ("activations", "button_group", "act_pick", ["tanh", "linear"]),
    ("course_results", "number_input", "course_seed", 3),
    ("shapes", "number_input", "shapes_m", 64),
    ("vectorization", "number_input", "graph_a", -2.0),
])
def test_a_teaching_page_keeps_its_controls_when_the_student_comes_back(
        page, widget, key, value):
    # Streamlit forgets a widget that a run does not draw: every control came back at its
    # default after a visit to another page.
    at = _page(page)
    getattr(at, widget)(key=key).set_value(value).run()
    at.switch_page("views/shapes.py" if page != "shapes" else "views/activations.py").run()
    at.switch_page(f"views/{page}.py").run()
    assert not at.exception, [e.value for e in at.exception]
    assert getattr(at, widget)(key=key).value == value


# ------------------------------------------------------------------ readable from the back
def _fonts(node, path=""):
    """(path, font dict) for every font setting in a Plotly figure's JSON."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key.endswith("font") and isinstance(value, dict):
                yield f"{path}.{key}", value
            yield from _fonts(value, f"{path}.{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _fonts(value, f"{path}[{i}]")


def _contrast_on_white(color: str) -> float:
    c = [int(color[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    c = [x / 12.92 if x <= 0.03928 else ((x + 0.055) / 1.055) ** 2.4 for x in c]
    return 1.05 / (0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2] + 0.05)


@pytest.mark.parametrize("page", ["activations", "linear_collapse", "initialization",
                                  "course_results", "vectorization"])
def test_every_text_in_the_teaching_figures_is_projector_sized_and_dark(page):
    # Issue 12: no 12-13 px or light text in a figure a class reads from the back of a room.
    import json

    at = _page(page)
    if page == "vectorization":
        at.button(key="vec_run").click().run()
    charts = at.get("plotly_chart")
    assert charts
    for chart in charts:
        spec = json.loads(chart.proto.spec)
        assert spec["layout"]["font"]["size"] >= 16
        for path, font in _fonts(spec):
            if "size" in font:
                assert font["size"] >= 14, (page, path, font)
            color = font.get("color")
            # White numbers inside dark bars are fine; everything else sits on white.
            if isinstance(color, str) and color.startswith("#") and "insidetext" not in path:
                assert _contrast_on_white(color) >= 4.5, (page, path, font)
