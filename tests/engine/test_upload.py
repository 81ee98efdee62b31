"""Tests for engine.upload: one test per failure, with the message the UI shows asserted."""

from __future__ import annotations

import re
import time

import numpy as np
import pytest

from engine.upload import (
    MAX_ROWS,
    MAX_UPLOAD_BYTES,
    MAX_UPLOAD_MB,
    UploadError,
    prepare_classification,
    read_csv_upload,
)


def csv_bytes(n_rows=20, header="x1,x2,label,price", row=None):
    """A small valid CSV: two numeric features, a text label with two classes, a target."""
    row = row or (lambda i: f"{i * 0.5},{(i * 7) % 5},{'yes' if i % 2 else 'no'},{100 + 3 * i}")
    return (header + "\n" + "\n".join(row(i) for i in range(n_rows)) + "\n").encode()


def upload_error(data, filename="data.csv"):
    with pytest.raises(UploadError) as info:
        read_csv_upload(data, filename)
    return str(info.value)


# ---------------------------------------------------------------- reading a valid file


def test_valid_file_is_read_whole():
    df = read_csv_upload(csv_bytes(25), "data.csv")
    assert list(df.columns) == ["x1", "x2", "label", "price"]
    assert len(df) == 25
    assert df["x1"].iloc[3] == 1.5


def test_utf8_byte_order_mark_and_semicolons_are_accepted():
    data = "\ufeff".encode() + csv_bytes(12, "a;b;c", lambda i: f"{i};{i * 2};{i % 2}")
    df = read_csv_upload(data, "excel.csv")
    assert list(df.columns) == ["a", "b", "c"]
    assert df["b"].sum() == 2 * sum(range(12))


def test_numeric_first_row_is_read_as_data_and_said():
    df = read_csv_upload(csv_bytes(11, "1,2", lambda i: f"{i},{i + 1}"))
    assert list(df.columns) == ["column 1", "column 2"]
    assert len(df) == 12
    assert "read as data" in df.attrs["notes"][0]


def test_upload_error_is_a_value_error():
    assert issubclass(UploadError, ValueError)


# ---------------------------------------------------------------- one test per failure


def test_empty_file():
    assert upload_error(b"") == ("The file is empty. Upload a CSV with a header row and data rows.")
    assert "empty" in upload_error(b"  \n\n")


def test_too_large_states_the_cap():
    message = upload_error(b"a,b\n" + b"1,2\n" * (MAX_UPLOAD_BYTES // 4 + 10))
    assert re.fullmatch(
        rf"The file is 5\.0 MB; the limit is {MAX_UPLOAD_MB} MB\. Upload a smaller CSV .*",
        message,
    )


def test_one_million_rows_refused_fast_before_parsing():
    data = b"a,b\n" + b"1,0\n" * 1_000_000  # 4 MB: under the size cap
    start = time.perf_counter()
    message = upload_error(data)
    assert time.perf_counter() - start < 1.0
    assert message == (
        f"The file has about 1,000,000 rows; the limit is {MAX_ROWS:,}. "
        "Upload a random sample of the rows."
    )


def test_binary_file_with_nul_bytes():
    message = upload_error(bytes(range(256)) * 4)
    assert message.startswith("This file is binary (it contains NUL bytes), not a text CSV.")


def test_excel_file_by_content():
    message = upload_error(b"PK\x03\x04" + b"\x14\x00" * 50, "data.csv")
    assert message.startswith("This file is a zip archive (an Excel .xlsx file is one), not a CSV")
    assert "Save it as CSV" in message


def test_excel_file_by_name():
    message = upload_error(csv_bytes(), "grades.xlsx")
    assert message.startswith("'grades.xlsx' is an Excel file, not a CSV.")


def test_latin1_encoding_names_the_line_and_the_fix():
    data = "name,x\n" + "".join(f"row{i},{i}\n" for i in range(5)) + "café,1\n"
    message = upload_error(data.encode("latin-1"))
    assert message == (
        "The file is not UTF-8 text: byte 0xE9 on line 7 cannot be read. It is probably "
        "saved as Latin-1 / Windows-1252. Save it as 'CSV UTF-8' and upload it again."
    )


def test_utf16_file():
    message = upload_error(csv_bytes().decode().encode("utf-16"))
    assert message.startswith("This file is saved as UTF-16 text.")


def test_web_page_is_not_a_csv():
    message = upload_error(b"<!DOCTYPE html><html><body>hi</body></html>")
    assert message.startswith("This file is a web page or XML, not a CSV.")


def test_single_column_is_not_a_csv():
    message = upload_error(b"Hello world\nThis is prose\n" * 10)
    assert message.startswith("Only one column was found.")


def test_unparseable_row_names_the_line():
    data = b"a,b,c\n" + b"1,2,3\n" * 5 + b"1,2,3,4\n" + b"1,2,3\n" * 5
    assert upload_error(data) == (
        "Line 7 has 4 values but the header has 3 columns. "
        "Fix that line (put quotes around values that contain the separator)."
    )


def test_header_only():
    assert upload_error(b"x1,x2,label\n") == (
        "The file has a header but no data rows. Add at least 10 rows under the column names."
    )


def test_fewer_than_ten_rows():
    assert upload_error(csv_bytes(4)) == (
        "The file has only 4 data rows; at least 10 are needed. Add more rows."
    )


def test_too_many_columns():
    header = ",".join(f"c{i}" for i in range(300))
    message = upload_error((header + "\n" + ",".join("1" * 300) + "\n").encode())
    assert message.startswith("The file has 300 columns; at most 200 are supported.")


@pytest.mark.parametrize(
    "cell",
    [
        "=cmd|' /C calc'!A0",
        '=HYPERLINK("http://example.invalid")',
        "+cmd|' /C notepad'!A0",
        "-cmd|' /C calc'!A0",
        "@SUM(A1:A2)",
        "  =1+1",
    ],
)
def test_formula_like_cells_are_refused(cell):
    quoted = '"' + cell.replace('"', '""') + '"'  # CSV quoting, as a spreadsheet writes it
    data = csv_bytes(12, "x1,x2,label", lambda i: f"{i},{i},{quoted if i == 3 else 'a'}")
    message = upload_error(data)
    assert message.startswith("Column 'label', line 5 holds ")  # the header is line 1
    assert "looks like a spreadsheet formula. For safety, formulas are not accepted" in message


def test_formula_like_column_name_is_refused():
    message = upload_error(csv_bytes(12, "x1,=cmd|'/C calc'!A0", lambda i: f"{i},{i}"))
    assert message.startswith("The column name \"=cmd|'/C calc'!A0\" looks like a spreadsheet")


def test_negative_numbers_and_plain_text_are_not_formulas():
    data = csv_bytes(12, "x1,x2,label", lambda i: f"-{i}.5,+{i},-" if i % 2 else f"{i},{i},@")
    df = read_csv_upload(data)
    assert df["x1"].iloc[1] == -1.5


# ---------------------------------------------------------------- classification columns


def test_classification_maps_two_classes_to_0_1_and_reports_it():
    df = read_csv_upload(csv_bytes(20))
    X, Y, report = prepare_classification(df, ["x1", "x2"], "label")
    assert X.shape == (2, 20)
    assert Y.shape == (1, 20)
    assert np.array_equal(X[0], np.arange(20) * 0.5)
    assert np.array_equal(Y[0], (np.arange(20) % 2 == 1).astype(float))  # "yes" -> 1
    assert report == (
        "20 rows: features 'x1' (x1) and 'x2' (x2); label 'label': "
        "'no' → 0 (10 rows), 'yes' → 1 (10 rows)."
    )


def test_classification_numeric_labels_sorted_numerically():
    df = read_csv_upload(csv_bytes(12, "a,b,y", lambda i: f"{i},{i},{10 if i % 3 else 2}"))
    _, Y, report = prepare_classification(df, ["a", "b"], "y")
    assert "'2' → 0 (4 rows), '10' → 1 (8 rows)" in report
    assert Y.sum() == 8


def test_classification_needs_exactly_two_feature_columns():
    df = read_csv_upload(csv_bytes())
    with pytest.raises(
        UploadError, match=r"^Pick exactly two feature columns \(x1 and x2\), not 3"
    ):
        prepare_classification(df, ["x1", "x2", "price"], "label")


def test_classification_names_the_non_numeric_feature_column():
    df = read_csv_upload(csv_bytes(12, "x1,city,label", lambda i: f"{i},Paris{i},{i % 2}"))
    with pytest.raises(UploadError) as info:
        prepare_classification(df, ["x1", "city"], "label")
    assert str(info.value) == (
        "The feature column is not numeric: 'city' (e.g. 'Paris0'). Pick numeric columns as "
        "features."
    )


@pytest.mark.parametrize(
    ("label", "detail"),
    [
        (lambda i: "cat", "only one class ('cat')"),
        (lambda i: ["a", "b", "c"][i % 3], "3 classes ('a', 'b', 'c')"),
    ],
)
def test_label_column_must_have_two_classes(label, detail):
    df = read_csv_upload(csv_bytes(12, "a,b,kind", lambda i: f"{i},{i},{label(i)}"))
    with pytest.raises(UploadError) as info:
        prepare_classification(df, ["a", "b"], "kind")
    assert str(info.value) == (
        f"The label column 'kind' has {detail}; it needs exactly two. "
        "Pick another label column or edit the file."
    )


def rows_with_gaps(i):
    """Every 5th row lacks x2; row 7 lacks its label."""
    x2 = "" if i % 5 == 0 else str(i * 2)
    label = "" if i == 7 else str(i % 2)
    return f"{i},{x2},{label}"


def test_missing_values_dropped_and_counted():
    df = read_csv_upload(csv_bytes(20, "a,b,y", rows_with_gaps))
    X, _, report = prepare_classification(df, ["a", "b"], "y", missing="drop")
    assert X.shape == (2, 15)  # 20 - 4 (no x2) - 1 (no label)
    assert np.isfinite(X).all()
    assert report.endswith(
        "4 rows with missing feature values dropped. 1 row without a label/target dropped."
    )


def test_missing_values_imputed_with_median_and_counted():
    df = read_csv_upload(csv_bytes(20, "a,b,y", rows_with_gaps))
    X, _, report = prepare_classification(df, ["a", "b"], "y", missing="impute")
    assert X.shape == (2, 19)
    present = [i * 2 for i in range(20) if i % 5 and i != 7]
    assert X[1, 0] == np.median(present)
    assert "4 missing feature values filled with the column median." in report


def test_too_few_complete_rows_after_dropping():
    df = read_csv_upload(csv_bytes(12, "a,b,y", lambda i: f"{i},{'' if i < 6 else i},{i % 2}"))
    with pytest.raises(UploadError) as info:
        prepare_classification(df, ["a", "b"], "y", missing="drop")
    assert str(info.value) == (
        "Only 6 complete rows left after removing missing values; at least 10 are needed. "
        "Choose 'impute' or fill in the file."
    )


def test_unknown_column_and_bad_missing_choice():
    df = read_csv_upload(csv_bytes())
    with pytest.raises(UploadError, match=r"^No column named 'z' in the file\."):
        prepare_classification(df, ["x1", "z"], "label")
    with pytest.raises(UploadError, match="'drop' or 'impute'"):
        prepare_classification(df, ["x1", "x2"], "label", missing="guess")


@pytest.mark.parametrize("newline", ["\r\n", "\r", "\n"])
def test_any_line_ending_is_read(newline):
    text = "a,b,c" + newline + newline.join(f"{i},{i % 2},{i * 3}" for i in range(300))
    df = read_csv_upload(text.encode())
    assert df.shape == (300, 3)
    assert df["c"].iloc[-1] == 897


def test_one_million_rows_with_old_mac_line_endings_refused():
    message = upload_error(b"a,b\r" + b"1,0\r" * 1_000_000)
    assert message.startswith("The file has about 1,000,000 rows; the limit is 200,000.")


# ---------------------------------------------------------------- huge but finite numbers


@pytest.mark.parametrize("value", ["1e308", "-1e308", "1.5e101"])
def test_a_huge_feature_value_is_refused_naming_the_column(value):
    data = csv_bytes(20, row=lambda i: f"{value if i == 3 else i},{i % 5},{i % 2},{i}")
    df = read_csv_upload(data)
    with pytest.raises(UploadError) as info:
        prepare_classification(df, ["x1", "x2"], "label")
    message = str(info.value)
    assert "'x1'" in message
    assert "learning rate" not in message
    assert f"{float(value):.3g}" in message


def test_large_ordinary_values_are_accepted_and_standardize_finitely():
    from playground.fields import Setup
    from playground.state import Uploaded, make_plane_data

    data = csv_bytes(40, row=lambda i: f"{1e99 * (i % 7 - 3)},{1e-300 * i},{i % 2},{i}")
    X, Y, _ = prepare_classification(read_csv_upload(data), ["x1", "x2"], "label")
    d = make_plane_data(Setup(dataset="upload"), Uploaded(X, Y, "f.csv", ("x1", "x2", "y"), ""))
    assert np.isfinite(d.X_train).all()
    assert np.isfinite(d.G).all()


# ---------------------------------------------------------------- K classes
def test_three_to_five_label_values_become_a_k_class_problem_when_allowed():
    names = ["cat", "dog", "emu", "fox", "gnu"]
    for K in (3, 4, 5):
        df = read_csv_upload(csv_bytes(20, "a,b,kind", lambda i, K=K: f"{i},{-i},{names[i % K]}"))
        X, Y, report = prepare_classification(df, ["a", "b"], "kind", max_classes=5)
        assert X.shape == (2, 20)
        assert Y.shape == (K, 20)
        np.testing.assert_array_equal(Y.sum(axis=0), 1.0)  # one-hot
        np.testing.assert_array_equal(Y.argmax(axis=0), np.arange(20) % K)  # sorted values
        assert f"label 'kind', {K} classes: 'cat' → 0 ({len(range(0, 20, K))} rows)" in report
    # Two values stay the binary (1, m) labels, as without max_classes.
    df = read_csv_upload(csv_bytes(20))
    _, Y, _ = prepare_classification(df, ["x1", "x2"], "label", max_classes=5)
    assert Y.shape == (1, 20)


def test_numeric_k_class_labels_sort_numerically_and_six_values_are_refused():
    df = read_csv_upload(csv_bytes(12, "a,b,y", lambda i: f"{i},{i},{[10, 2, 7][i % 3]}"))
    _, Y, report = prepare_classification(df, ["a", "b"], "y", max_classes=5)
    assert "'2' → 0 (4 rows), '7' → 1 (4 rows), '10' → 2 (4 rows)." in report
    np.testing.assert_array_equal(Y[:, :3], [[0, 1, 0], [0, 0, 1], [1, 0, 0]])
    df = read_csv_upload(csv_bytes(12, "a,b,y", lambda i: f"{i},{i},{i % 6}"))
    with pytest.raises(UploadError, match=r"has 6 classes \('0', .*; it needs 2 to 5\. Pick"):
        prepare_classification(df, ["a", "b"], "y", max_classes=5)
    with pytest.raises(UploadError, match="it needs 2 to 5"):  # capped at MAX_CLASSES
        prepare_classification(df, ["a", "b"], "y", max_classes=9)
