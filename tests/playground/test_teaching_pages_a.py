"""AppTest of the Activations, Why-linear-collapses and Initialization pages.

Each page runs through the router (as in the app), its controls work, and the numbers it shows
are the engine's (recomputed here through playground.teaching).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from playground.lessons import activations as act_page
from playground.lessons import initialization as init_page
from playground.lessons import linear_collapse as collapse_page
from playground.lessons import training

APP = Path(__file__).resolve().parents[2] / "playground" / "app.py"
LR = collapse_page.COLLAPSE_LEARNING_RATE  # the collapse page trains both networks with it


def _open(page: str) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=180).run()
    at.switch_page(f"views/{page}").run()
    _assert_clean(at)
    # Every page states the lecture's claim in one sentence, first, above its pictures.
    assert at.markdown[0].value.startswith("**The lecture's claim")
    _assert_projector_charts(at)
    return at


def _assert_projector_charts(at: AppTest) -> None:
    # theme="streamlit" (st.plotly_chart's default) replaces the figures' 16 px fonts with
    # Streamlit's ~11 px ones, unreadable on a projector: every chart must opt out.
    charts = at.get("plotly_chart")
    assert charts
    assert [c.proto.theme for c in charts] == [""] * len(charts)


def _assert_clean(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]


def _metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def _text(at: AppTest) -> str:
    return "\n".join([*(c.value for c in at.caption), *(m.value for m in at.markdown)])


# ----------------------------------------------------------------------------- activations


def test_activations_page_shows_the_engine_formulas_and_the_relu_demo():
    at = _open("activations.py")
    assert at.title[0].value == "Activations and their derivatives"
    latex = [x.value.strip("$\n") for x in at.latex]
    for name in ("sigmoid", "tanh", "relu"):
        assert act_page.activation_curves((name,), -1, 1)[0]["formula"] in latex
    assert "saturates" in _text(at)
    # The demonstration's numbers are the engine's.
    sig, relu = act_page.relu_vs_sigmoid()["runs"]
    target = act_page.RELU_DEMO_TARGET
    shown = _metrics(at)
    e_sig = training.epochs_to_reach(sig["epoch"], sig["cost"], target)
    e_relu = training.epochs_to_reach(relu["epoch"], relu["cost"], target)
    assert shown[f"Sigmoid: epochs to reach J = {target:g}"] == f"{e_sig:,}"
    assert shown[f"ReLU: epochs to reach J = {target:g}"] == f"{e_relu:,}"
    assert e_relu * 10 < e_sig


def test_activations_page_controls():
    at = _open("activations.py")
    # The slope starts at the record's default, the sidebar's own (not a page's own 0.05).
    from engine.activations import ACTIVATIONS

    (alpha,) = ACTIVATIONS["leaky_relu"].params
    assert at.select_slider(key="act_alpha").value == alpha.default == 0.01
    at.button_group(key="act_pick").set_value(["relu", "leaky_relu"])
    at.select_slider(key="act_alpha").set_value(0.2)
    at.slider(key="act_z").set_value((-3.0, 8.0))
    at.radio(key="act_layout").set_value("Overlaid")
    at.run()
    _assert_clean(at)
    text = _text(at)
    assert "α = 0.2 instead of 0" in text
    assert "saturates" not in text  # no sigmoid or tanh picked: nothing shaded
    assert any(r"0.2" in x.value for x in at.latex)  # leaky's formula carries the slope
    at.button_group(key="act_pick").set_value([])
    at.run()
    _assert_clean(at)
    assert "Pick at least one activation" in at.warning[0].value


# ----------------------------------------------------------------------------- linear collapse


def _float(text: str) -> float:
    return float(text.replace(",", ""))


def test_linear_collapse_page_agreement_rank_and_regression():
    at = _open("linear_collapse.py")
    shown = _metrics(at)
    gap = _float(shown["Largest |deep network − (W′x + b′)|"])
    assert gap < 1e-12
    expected = collapse_page.collapse_experiment("circle", 4, 6, "tanh", 1000, LR)
    assert shown["Largest |deep network − (W′x + b′)|"] == (
        f"{expected['collapse']['agreement']:.1e}"
    )
    assert shown["Rank of this W′"] == "1"  # the classifier's W′ is (1, 2)
    # The rank demonstration: rank = narrowest layer.
    assert shown["Rank of W′ (6 × 6)"] == shown["Narrowest layer"] == "2"
    assert any("W'x + b'" in x.value for x in at.latex)
    assert "RMSE" not in shown  # the regression RMSE is in the figure's legend, not a metric


def test_linear_collapse_page_controls_retrain_and_bottleneck():
    at = _open("linear_collapse.py")
    at.selectbox(key="lc_data").set_value("xor")
    at.slider(key="lc_depth").set_value(6)
    at.slider(key="lc_width").set_value(3)
    at.selectbox(key="lc_other").set_value("relu")
    at.select_slider(key="lc_epochs").set_value(200)
    at.button[0].click()  # the form's "Train both networks"
    at.run()
    _assert_clean(at)
    shown = _metrics(at)
    expected = collapse_page.collapse_experiment("xor", 6, 3, "relu", 200, LR)
    assert shown["Largest |deep network − (W′x + b′)|"] == (
        f"{expected['collapse']['agreement']:.1e}"
    )
    assert _float(shown["Largest |deep network − (W′x + b′)|"]) < 1e-12
    assert "6 hidden layers of 3 units" in _text(at)
    for bottleneck in (1, 5):
        at.slider(key="lc_bottleneck").set_value(bottleneck)
        at.run()
        _assert_clean(at)
        shown = _metrics(at)
        narrowest = min(bottleneck, 3)  # the other hidden layers have 3 units
        assert shown["Narrowest layer"] == str(narrowest)
        assert int(shown["Rank of W′ (6 × 6)"]) <= narrowest
        assert int(shown["Rank of W′ (6 × 6)"]) == collapse_page.rank_experiment(
            6, 6, 3, bottleneck
        )["rank"]


# ----------------------------------------------------------------------------- initialization


def _run_values(at: AppTest, label: str) -> list[str]:
    return [m.value for m in at.metric if m.label == label]


def test_initialization_page_shows_symmetry_and_saturation():
    at = _open("initialization.py")
    keys = list(init_page.INIT_CHOICES)
    spreads = dict(zip(keys, _run_values(at, "rows differ by"), strict=True))
    slopes = dict(zip(keys, _run_values(at, "typical g′(z) in layer 1"), strict=True))
    assert spreads["zeros"] == "0"  # every hidden unit identical
    assert float(spreads["xavier"]) > 0.5
    assert float(slopes["large"]) < 1e-3  # × 10 with tanh: saturated, tiny slopes
    assert float(slopes["xavier"]) > 0.3
    lr = at.select_slider(key="init_lr").value
    expected = init_page.compare_inits(tuple(keys), "tanh", "flower", (8, 8), 1500, lr)
    for key, run in zip(keys, expected["runs"], strict=True):
        assert slopes[key] == f"{run['slope_at_start'][0]:.2g}"
        assert spreads[key] == f"{run['row_spread']:.3g}"
        if key in ("small", "xavier", "he"):
            # The good initializations go down without jumping back up (at the old default
            # learning rate 1.2 their costs climbed back by 0.2 to 0.5 on the way).
            cost = np.asarray(run["cost"])
            assert np.max(cost - np.minimum.accumulate(cost)) < 0.05


@pytest.mark.parametrize(("page", "key"), [("linear_collapse.py", "lc_data"),
                                           ("initialization.py", "init_data")])
def test_data_choices_fit_their_box_at_1280_px(page, key):
    # "Flower (the course's data)" was cut to "Flower (the cour" in a fifth of the page.
    options = _open(page).selectbox(key=key).options
    assert "Flower (course)" in options
    assert max(len(o) for o in options) <= 15


def test_initialization_page_retrains_only_the_run_whose_setting_changed(monkeypatch):
    at = _open("initialization.py")
    trained: list[str] = []
    real = init_page.compare_inits

    def counting(keys, *args, **kwargs):
        trained.extend(keys)
        return real(keys, *args, **kwargs)

    monkeypatch.setattr(init_page, "compare_inits", counting)
    at.select_slider(key="init_large").set_value(5.0)
    at.button[0].click()
    at.run()
    _assert_clean(at)
    assert trained == ["large"]  # the other four runs come from the cache
    assert "Random × 5" in _text(at)


def test_initialization_page_controls():
    at = _open("initialization.py")
    at.button_group(key="init_keys").set_value(["zeros", "large", "he"])
    at.selectbox(key="init_act").set_value("sigmoid")
    at.select_slider(key="init_large").set_value(20.0)
    at.selectbox(key="init_data").set_value("circle")
    at.slider(key="init_depth").set_value(1)
    at.slider(key="init_width").set_value(4)
    at.select_slider(key="init_epochs").set_value(300)
    at.select_slider(key="init_lr").set_value(0.5)
    at.button[0].click()
    at.run()
    _assert_clean(at)
    spreads = _run_values(at, "rows differ by")
    assert len(spreads) == 3
    expected = init_page.compare_inits(
        ("zeros", "large", "he"), "sigmoid", "circle", (4,), 300, 0.5, large_scale=20.0
    )
    assert [f"{r['row_spread']:.3g}" for r in expected["runs"]] == spreads
    assert float(spreads[0]) < 1e-12  # zeros: rows move together under sigmoid
    assert "Random × 20" in _text(at)
    at.button_group(key="init_keys").set_value([])
    at.button[0].click()
    at.run()
    _assert_clean(at)
    assert "Pick at least one initialization" in at.warning[0].value


# ----------------------------------------------------------------------------- stale results


def _stale(at: AppTest) -> list[str]:
    return [w.value for w in at.warning if "previous choice" in w.value]


def test_linear_collapse_marks_results_of_a_changed_choice_stale_until_trained():
    # Issue 12, must-fix 8: a changed choice showed the previous comparison's pictures and
    # numbers without a word.
    at = _open("linear_collapse.py")
    assert not _stale(at)
    at.selectbox(key="lc_data").set_value("xor")
    at.slider(key="lc_depth").set_value(2)
    at.run()
    _assert_clean(at)
    notice = _stale(at)
    assert len(notice) == 1
    assert "Data: Circle → XOR" in notice[0]
    assert "Hidden layers: 4 → 2" in notice[0]
    assert "Units per hidden layer" not in notice[0]  # unchanged controls are not listed
    # What is shown is honestly the old run: its caption still names the old setup.
    assert "4 hidden layers of 6 units" in _text(at)
    at.button(key="lc_train").click().run()
    _assert_clean(at)
    assert not _stale(at)
    expected = collapse_page.collapse_experiment("xor", 2, 6, "tanh", 1000, LR)
    assert _metrics(at)["Largest |deep network − (W′x + b′)|"] == (
        f"{expected['collapse']['agreement']:.1e}"
    )
    assert "2 hidden layers of 6 units" in _text(at)
    # Back to the trained choice by hand: nothing is stale any more.
    at.slider(key="lc_depth").set_value(3).run()
    assert _stale(at)
    at.slider(key="lc_depth").set_value(2).run()
    assert not _stale(at)


def test_linear_collapse_keeps_its_controls_when_the_student_comes_back():
    at = _open("linear_collapse.py")
    at.selectbox(key="lc_data").set_value("flower")
    at.select_slider(key="lc_epochs").set_value(200)
    at.button(key="lc_train").click().run()
    at.switch_page("views/activations.py").run()
    at.switch_page("views/linear_collapse.py").run()
    _assert_clean(at)
    assert at.selectbox(key="lc_data").value == "flower"
    assert at.select_slider(key="lc_epochs").value == 200
    assert not _stale(at)
    assert "for 200 epochs" in _text(at)


def test_initialization_marks_results_of_a_changed_choice_stale_until_trained():
    at = _open("initialization.py")
    assert not _stale(at)
    at.selectbox(key="init_act").set_value("relu")
    at.select_slider(key="init_epochs").set_value(300)
    at.run()
    _assert_clean(at)
    notice = _stale(at)
    assert len(notice) == 1
    assert "Hidden activation: Tanh → ReLU" in notice[0]
    assert "Epochs: 1,500 → 300" in notice[0]
    assert "Initializations" not in notice[0]
    at.button(key="init_train").click().run()
    _assert_clean(at)
    assert not _stale(at)
    keys = list(init_page.INIT_CHOICES)
    expected = init_page.compare_inits(tuple(keys), "relu", "flower", (8, 8), 300, 0.5)
    assert _run_values(at, "rows differ by") == [
        f"{r['row_spread']:.3g}" for r in expected["runs"]
    ]
    # A run taken out is named, not the whole list twice.
    at.button_group(key="init_keys").set_value(["zeros", "xavier", "he"]).run()
    assert "Initializations: Random × 0.01 removed, Random × large removed" in _stale(at)[0]
    # Without its run, the large scale changes nothing: not stale because of it.
    at.button(key="init_train").click().run()
    at.select_slider(key="init_large").set_value(50.0).run()
    assert not _stale(at)
    # Leaving the page and coming back keeps the choice and its results.
    at.switch_page("views/shapes.py").run()
    at.switch_page("views/initialization.py").run()
    assert at.selectbox(key="init_act").value == "relu"
    assert not _stale(at)
