"""The CSV upload says what is wrong and offers what it can (issue 12, should-fix "CSV
upload"): a file without a label says the label is missing, a few text cells in a numeric
column become missing values (dropped or filled in, and counted), and the first rows are
shown before anything is used."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from engine.upload import UploadError, prepare_classification, read_csv_upload, text_cells

APP = str(Path(__file__).resolve().parents[2] / "playground" / "app.py")


def _table(rows: int = 120, bad: tuple[int, ...] = (5, 40, 77), label: bool = True) -> bytes:
    rng = np.random.default_rng(1)
    lines = ["height,weight,kind" if label else "height,weight"]
    for i in range(rows):
        w = "abc" if i in bad else f"{rng.normal(70, 12):.1f}"
        cells = [f"{rng.normal(170, 10):.1f}", w] + (["dog" if i % 2 else "cat"] if label else [])
        lines.append(",".join(cells))
    return ("\n".join(lines) + "\n").encode()


def test_a_few_text_cells_are_missing_values_dropped_or_filled_and_counted():
    df = read_csv_upload(_table(), "t.csv")
    assert text_cells(df, ["height", "weight"]) == {"weight": (3, "abc")}
    X, _Y, report = prepare_classification(df, ["height", "weight"], "kind", missing="drop")
    assert X.shape == (2, 117)
    assert "3 cells of weight are not numbers (e.g. 'abc')" in report
    assert "3 rows with missing feature values dropped." in report
    X, _Y, report = prepare_classification(df, ["height", "weight"], "kind", missing="impute")
    assert X.shape == (2, 120)
    assert "3 missing feature values filled with the column median." in report


def test_a_text_column_is_still_refused():
    df = read_csv_upload(_table(), "t.csv")
    with pytest.raises(UploadError, match="not numeric: 'kind'"):
        prepare_classification(df, ["height", "kind"], "weight")


def test_a_file_without_a_label_says_the_label_is_missing():
    df = read_csv_upload(_table(label=False, bad=()), "t.csv")
    with pytest.raises(UploadError, match="no label column"):
        prepare_classification(df, ["height", "weight"], "weight")
    with pytest.raises(UploadError, match="no label column"):
        prepare_classification(df, ["height", "height"], "weight")


def _app() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["ds"] = "upload"
    return at.run()


def _upload(at: AppTest, data: bytes, name: str) -> AppTest:
    return at.file_uploader(key="pg_upload").set_value((name, data, "text/csv")).run()


def test_the_panel_previews_offers_to_drop_and_uses_the_rest():
    at = _upload(_app(), _table(), "gaps.csv")
    assert not at.exception
    (preview,) = at.dataframe
    assert list(preview.value.columns) == ["height", "weight", "kind"]
    assert len(preview.value) == 5
    captions = " ".join(c.value for c in at.caption)
    assert "weight has 3 cells that are not numbers" in captions
    at.radio(key="pg_up_missing").set_value("drop")
    at.button(key="pg_up_use").click().run()
    assert not at.error
    assert at.session_state["pg_session"].uploaded.X.shape == (2, 117)


def test_the_panel_says_when_no_column_can_be_the_label():
    at = _upload(_app(), _table(label=False, bad=()), "nolabel.csv")
    text = " ".join(w.value for w in at.warning) + " ".join(e.value for e in at.error)
    assert "label" in text
    assert "two classes" in text
    at.button(key="pg_up_use").click().run()
    errors = [e.value for e in at.error]
    assert errors
    assert not any("Pick two different feature columns" in e for e in errors)
