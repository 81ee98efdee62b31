"""The page "Images as vectors": both models beat answering "no" on the fixed test split,
the split is fixed and stratified, the app never needs scikit-learn, and the page runs."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from playground.figures import digits as df
from playground.lessons import digits as lesson

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "playground" / "app.py")


@pytest.fixture(scope="module")
def result():
    return lesson.train_models(3, 500)


def test_both_models_beat_always_no_on_the_test_images(result):
    assert result.baseline == pytest.approx(1 - 46 / 450)  # 46 of the 450 test images are 3s
    for name, accuracy in result.accuracy.items():
        assert accuracy > result.baseline + 0.05, name
        wrong = lesson.misclassified(result, name)
        assert wrong.size == round((1 - accuracy) * result.y_test.size)


def test_split_is_fixed_disjoint_and_stratified():
    _, labels, _ = lesson.dataset()
    train, test = lesson.split_indices(labels, 3)
    again_train, again_test = lesson.split_indices(labels, 3)
    assert np.array_equal(test, again_test)
    assert np.array_equal(train, again_train)
    assert np.intersect1d(train, test).size == 0
    assert train.size + test.size == labels.size
    assert np.mean(labels[test] == 3) == pytest.approx(np.mean(labels == 3), abs=0.005)


def test_learned_w_is_logistic_regressions_and_decides_as_it_does(result):
    _images, _labels, X = lesson.dataset()
    z = result.w @ X[:, result.test_index] + result.b
    said = (z > 0).astype(int)  # sigmoid(z) > 0.5 exactly when z > 0
    assert np.array_equal(said, result.predictions["Logistic regression"])
    assert df.weights_figure(result.w).data[0].z.shape == (8, 8)


def test_the_app_never_imports_scikit_learn():
    code = ("import sys; import playground.lessons.digits, playground.figures.digits; "
            "playground.lessons.digits.train_models(3, 5); print('sklearn' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                         text=True, check=True)
    assert out.stdout.strip() == "False"


def test_page_shows_the_vector_the_scores_and_the_wrong_images(result):
    at = AppTest.from_file(APP, default_timeout=120).run()
    at.switch_page("views/digits.py").run()
    assert not at.exception, [e.value for e in at.exception]
    assert all(c.proto.theme == "" for c in at.get("plotly_chart"))
    metrics = {m.label: m.value for m in at.metric}
    assert metrics['Always answer "no"'] == f"{100 * result.baseline:.1f}%"
    assert metrics["Logistic regression, test"] == (
        f"{100 * result.accuracy['Logistic regression']:.1f}%")
    assert any("(64, 1797)" in md.value for md in at.markdown)
    n_wrong_charts = sum(lesson.misclassified(result, n).size > 0 for n in result.accuracy)
    assert len(at.get("plotly_chart")) == 4 + n_wrong_charts
    at.number_input(key="dig_index").set_value(1796)
    at.selectbox(key="dig_digit").set_value(8)
    at.select_slider(key="dig_iters").set_value(100)
    at.run()  # one run (one training) for the three changes
    assert not at.exception
    assert any("a 8" in c.value for c in at.caption)
