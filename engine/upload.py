"""Reading a user's CSV file safely, then turning chosen columns into X and Y.

read_csv_upload() checks everything that can be wrong with an uploaded file, cheapest checks
first, and raises UploadError with a short message for the UI that says what is wrong and what
to do. It either returns a whole DataFrame or raises: nothing is half-loaded. The checks, in
order: empty; over MAX_UPLOAD_MB; a known non-CSV format (Excel, zip, PDF, image, HTML,
UTF-16); binary (NUL bytes); more than MAX_ROWS rows (counted on the raw bytes, before
parsing); not UTF-8 text; unparseable; one column only; too many columns; header only; fewer
than MIN_ROWS rows; cells that look like spreadsheet formulas (refused: a file shown back or
exported could run them in a spreadsheet).

prepare_classification() picks the columns and handles missing values ("drop" the rows or
"impute" the column median; the counts are in the report).
"""

from __future__ import annotations

import io
import math
import re
import warnings
from pathlib import PurePath

import numpy as np
import pandas as pd

from engine.serialize import is_pickle

MAX_UPLOAD_MB = 5  # the same as server.maxUploadSize in .streamlit/config.toml
MAX_UPLOAD_BYTES = MAX_UPLOAD_MB * 1024 * 1024
MAX_ROWS = 200_000
MIN_ROWS = 10
MAX_COLUMNS = 200
MISSING_CHOICES = ("drop", "impute")

_DELIMITERS = (",", ";", "\t", "|")
_DELIMITER_NAMES = {",": "commas", ";": "semicolons", "\t": "tabs", "|": "bars"}

# A cell a spreadsheet would run as a formula: "=..." or "+", "-", "@" followed by a letter,
# "|", "(", "=" or "@" (so "-1.5", "+3" and a lone "-" stay plain). Leading blanks ignored.
_FORMULA = re.compile(r"^\s*(?:=|[+\-@]\s*[A-Za-z_|(=@])")

# Magic bytes of formats people upload by mistake -> what to tell them.
_SIGNATURES = (
    (b"PK\x03\x04", "a zip archive (an Excel .xlsx file is one)"),
    (b"\xd0\xcf\x11\xe0", "an old Excel (.xls) or Word file"),
    (b"%PDF", "a PDF document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\x1f\x8b", "a gzip-compressed file"),
)
_NOT_CSV_EXTENSIONS = {
    ".xlsx": "an Excel file",
    ".xls": "an Excel file",
    ".ods": "a spreadsheet file",
    ".numbers": "a Numbers file",
    ".json": "a JSON file",
    ".parquet": "a Parquet file",
    ".zip": "a zip archive",
    ".gz": "a compressed file",
    ".pdf": "a PDF document",
    ".npz": "a NumPy file",
    ".npy": "a NumPy file",
    ".pkl": "a pickle file",
    ".pickle": "a pickle file",
}
_SAVE_AS_CSV = "Save it as CSV (UTF-8) from your spreadsheet and upload that file."


class UploadError(ValueError):
    """A problem with an uploaded file or the chosen columns; str(error) is the message the
    UI shows as it is (short, specific, and says what to do)."""


def _check_container(data: bytes, filename: str) -> None:
    """Refuse known non-CSV formats by file name and by their first bytes."""
    suffix = PurePath(filename).suffix.lower() if filename else ""
    if suffix in _NOT_CSV_EXTENSIONS:
        raise UploadError(
            f"'{filename}' is {_NOT_CSV_EXTENSIONS[suffix]}, not a CSV. {_SAVE_AS_CSV}"
        )
    if is_pickle(data):
        raise UploadError(
            "This file is a Python pickle, not a CSV; it is never opened (a pickle can run "
            f"code). {_SAVE_AS_CSV}"
        )
    for magic, what in _SIGNATURES:
        if data.startswith(magic):
            raise UploadError(f"This file is {what}, not a CSV. {_SAVE_AS_CSV}")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise UploadError(
            "This file is saved as UTF-16 text. Save it again as 'CSV UTF-8' and upload that file."
        )
    if b"\x00" in data:
        raise UploadError(
            "This file is binary (it contains NUL bytes), not a text CSV. " + _SAVE_AS_CSV
        )
    head = data[:512].lstrip().lower()
    if head.startswith((b"<!doctype html", b"<html", b"<?xml")):
        raise UploadError(f"This file is a web page or XML, not a CSV. {_SAVE_AS_CSV}")


def _decode(data: bytes) -> str:
    """UTF-8 (with or without a byte-order mark), else say where the file is not UTF-8."""
    errors = []
    for encoding in ("utf-8", "utf-8-sig"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as err:
            errors.append(err)
            continue
        return text.removeprefix("\ufeff")
    position = errors[0].start  # a position in the raw bytes (plain utf-8 keeps the BOM)
    line = data.count(b"\n", 0, position) + 1
    byte = data[position]
    return_hint = (
        "It is probably saved as Latin-1 / Windows-1252."
        if 0x80 <= byte <= 0xFF
        else "It is not UTF-8 text."
    )
    raise UploadError(
        f"The file is not UTF-8 text: byte 0x{byte:02X} on line {line} cannot be read. "
        f"{return_hint} Save it as 'CSV UTF-8' and upload it again."
    )


def _data_lines(data: bytes) -> int:
    """Non-blank lines after the header, counted on the raw bytes (fast, no parsing)."""
    newline = b"\n" if b"\n" in data else b"\r"  # old Mac files end lines with CR only
    lines = data.count(newline) + (0 if data.endswith(newline) else 1)
    blank = data.count(newline + newline) + data.count(b"\n\r\n")
    return max(lines - blank - 1, 0)


def _sniff_delimiter(header: str) -> str | None:
    counts = {d: header.count(d) for d in _DELIMITERS}
    best = max(counts, key=counts.get)
    return best if counts[best] > 0 else None


def _parse(text: str, delimiter: str, header: int | None = 0) -> pd.DataFrame:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return pd.read_csv(
                io.StringIO(text),
                sep=delimiter,
                header=header,
                skipinitialspace=True,
                low_memory=False,
                nrows=MAX_ROWS + 1,
            )
    except pd.errors.EmptyDataError:
        raise UploadError("The file has no columns. Upload a CSV with a header row.") from None
    except pd.errors.ParserError as err:
        found = re.search(r"Expected (\d+) fields in line (\d+), saw (\d+)", str(err))
        if found:
            expected, line, saw = found.groups()
            raise UploadError(
                f"Line {line} has {saw} values but the header has {expected} columns. "
                "Fix that line (put quotes around values that contain the separator)."
            ) from None
        raise UploadError(
            "The file could not be read as a CSV (unbalanced quotes or broken rows). "
            "Check it in a spreadsheet and save it again as CSV."
        ) from None
    except (ValueError, UnicodeError, MemoryError):
        raise UploadError(
            "The file could not be read as a CSV. Check it in a spreadsheet and save it again "
            "as CSV."
        ) from None


def _looks_numeric(values) -> bool:
    try:
        [float(v) for v in values]
    except (TypeError, ValueError):
        return False
    return True


def _check_formulas(df: pd.DataFrame, first_line: int) -> None:
    """Refuse formula-like column names and text cells (first_line: the file line of row 0)."""
    for name in df.columns:
        if _FORMULA.match(str(name)):
            raise UploadError(
                f"The column name {_short(name)} looks like a spreadsheet formula. For safety, "
                "formulas are not accepted: rename the column and upload again."
            )
    for name in df.columns:
        col = df[name]
        if pd.api.types.is_numeric_dtype(col) or pd.api.types.is_bool_dtype(col):
            continue
        text = col.dropna().astype(str)
        hits = text[text.str.match(_FORMULA)]
        if len(hits):
            line = df.index.get_loc(hits.index[0]) + first_line
            raise UploadError(
                f"Column {_short(name)}, line {line} holds {_short(hits.iloc[0])}, which looks "
                "like a spreadsheet formula. For safety, formulas are not accepted: remove "
                "them (or paste values only) and upload again."
            )


def _short(value, limit: int = 30) -> str:
    """A value quoted for a message, cut to `limit` characters."""
    text = str(value)
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")


def read_csv_upload(data: bytes, filename: str = "") -> pd.DataFrame:
    """Validate an uploaded file and parse it into a DataFrame (first row = column names).

    Raises UploadError with a user-facing message for every problem; see the module docstring
    for the checks. If the first row is all numbers, it is taken as data and the columns are
    named "column 1", "column 2", ... (said in df.attrs["notes"]).
    """
    if isinstance(data, str):
        data = data.encode("utf-8")
    data = bytes(data)
    if not data.strip():
        raise UploadError("The file is empty. Upload a CSV with a header row and data rows.")
    if len(data) > MAX_UPLOAD_BYTES:
        raise UploadError(
            f"The file is {len(data) / 1024 / 1024:.1f} MB; the limit is {MAX_UPLOAD_MB} MB. "
            "Upload a smaller CSV (keep fewer rows or columns)."
        )
    _check_container(data, filename)
    n_lines = _data_lines(data)
    if n_lines > MAX_ROWS:
        raise UploadError(
            f"The file has about {n_lines:,} rows; the limit is {MAX_ROWS:,}. "
            "Upload a random sample of the rows."
        )
    text = _decode(data)
    header = re.split(r"\r\n|\r|\n", text.lstrip("\r\n"), maxsplit=1)[0]
    delimiter = _sniff_delimiter(header)
    if delimiter is None:
        raise UploadError(
            "Only one column was found. A CSV needs at least two columns separated by commas "
            "(or semicolons or tabs), with the column names on the first line."
        )
    n_columns = header.count(delimiter) + 1
    if n_columns > MAX_COLUMNS:
        raise UploadError(
            f"The file has {n_columns:,} columns; at most {MAX_COLUMNS} are supported. "
            "Keep only the columns you need."
        )
    df = _parse(text, delimiter)
    notes = []
    if len(df.columns) and _looks_numeric(df.columns):
        df = _parse(text, delimiter, header=None)
        df.columns = [f"column {i + 1}" for i in range(len(df.columns))]
        notes.append(
            "The first row holds numbers, so it was read as data: the columns are named "
            "'column 1', 'column 2', ..."
        )
    if df.shape[1] < 2:
        raise UploadError(
            "Only one column was found. A CSV needs at least two columns separated by commas "
            "(or semicolons or tabs), with the column names on the first line."
        )
    if len(df) == 0:
        raise UploadError(
            "The file has a header but no data rows. Add at least "
            f"{MIN_ROWS} rows under the column names."
        )
    if len(df) < MIN_ROWS:
        raise UploadError(
            f"The file has only {len(df)} data row{'s' if len(df) != 1 else ''}; at least "
            f"{MIN_ROWS} are needed. Add more rows."
        )
    if len(df) > MAX_ROWS:
        raise UploadError(
            f"The file has more than {MAX_ROWS:,} rows. Upload a random sample of the rows."
        )
    _check_formulas(df, first_line=1 if notes else 2)
    if notes:
        df.attrs["notes"] = notes
    return df


# ---------------------------------------------------------------- choosing columns


def _check_columns(df: pd.DataFrame, columns: list, role: str) -> None:
    missing = [c for c in columns if c not in df.columns]
    if missing:
        names = ", ".join(_short(c) for c in missing)
        raise UploadError(f"No column named {names} in the file. Pick the {role} from the list.")


# A column is numeric when at least this share of its filled cells are numbers: the other
# cells ("abc", "n/a" typed by hand) are then missing values, dropped or filled in as chosen.
NUMERIC_SHARE = 0.5


def text_cells(df: pd.DataFrame, columns) -> dict:
    """The numeric columns among ``columns`` that hold a few cells that are not numbers:
    name -> (how many, an example). A column of text is not listed (it is refused)."""
    out = {}
    for name in dict.fromkeys(columns):
        if name not in df.columns:
            continue
        converted = pd.to_numeric(df[name], errors="coerce")
        failed = converted.isna() & df[name].notna()
        filled = int(df[name].notna().sum())
        if failed.any() and filled and 1 - failed.sum() / filled >= NUMERIC_SHARE:
            out[name] = (int(failed.sum()), str(df[name][failed].iloc[0]))
    return out


def _numeric(df: pd.DataFrame, columns: list, role: str) -> tuple[pd.DataFrame, str]:
    """The columns as floats, and the report's line on the cells that were not numbers
    (missing values now); UploadError naming every column of text (with an example)."""
    out = {}
    bad = []
    few = text_cells(df, columns)
    for name in columns:
        converted = pd.to_numeric(df[name], errors="coerce")
        failed = converted.isna() & df[name].notna()
        if failed.any() and name not in few:
            bad.append(f"{_short(name)} (e.g. {_short(df[name][failed].iloc[0], 20)})")
        out[name] = converted.astype(float)
    if bad:
        plural = "s are" if len(bad) > 1 else " is"
        raise UploadError(
            f"The {role} column{plural} not numeric: {'; '.join(bad)}. "
            f"Pick numeric columns as {role}s."
        )
    text = " ".join(
        f"{n} cell{'s' if n != 1 else ''} of {str(name)[:30]} {'are' if n != 1 else 'is'} "
        f"not {'numbers' if n != 1 else 'a number'} (e.g. {_short(example, 20)}): counted as "
        "missing." for name, (n, example) in few.items())
    return pd.DataFrame(out, index=df.index), text


# A number beyond this size cannot be standardized: the sum of squares of 200,000 such
# values overflows to infinity (the network would see NaN and training seem to diverge).
MAX_MAGNITUDE = 1e100


def _check_magnitude(frame: pd.DataFrame) -> None:
    """UploadError naming the first column that holds a finite number beyond MAX_MAGNITUDE."""
    for name in frame.columns:
        values = frame[name].to_numpy(dtype=float)
        finite = values[np.isfinite(values)]
        if finite.size and np.abs(finite).max() > MAX_MAGNITUDE:
            worst = finite[np.argmax(np.abs(finite))]
            raise UploadError(
                f"The column {_short(name)} holds {worst:.3g}: numbers beyond "
                f"±{MAX_MAGNITUDE:.0e} are too large to standardize. Rescale that column "
                "(other units, or its logarithm) and upload the file again."
            )


def _missing_rows(frame: pd.DataFrame) -> pd.Series:
    values = frame.to_numpy(dtype=float)
    return pd.Series(~np.isfinite(values).all(axis=1), index=frame.index)


def _handle_missing(
    features: pd.DataFrame, target: pd.Series, missing: str
) -> tuple[pd.DataFrame, pd.Series, str]:
    """Drop or impute rows with missing (or infinite) values; returns the text for the report."""
    if missing not in MISSING_CHOICES:
        raise UploadError(f"Missing values must be handled by 'drop' or 'impute', not {missing!r}.")
    features = features.replace([np.inf, -np.inf], np.nan)
    target_missing = target.isna()
    feature_missing = features.isna().any(axis=1)
    n_feature_missing = int((feature_missing & ~target_missing).sum())
    n_target_missing = int(target_missing.sum())
    parts = []
    if missing == "drop":
        keep = ~(feature_missing | target_missing)
        if n_feature_missing:
            parts.append(
                f"{n_feature_missing} row{'s' if n_feature_missing != 1 else ''} "
                "with missing feature values dropped."
            )
    else:
        keep = ~target_missing
        n_cells = int(features[keep].isna().to_numpy().sum())
        if n_cells:
            medians = features[keep].median()
            if medians.isna().any():
                empty = medians.index[medians.isna()][0]
                raise UploadError(
                    f"Column {_short(empty)} has no values at all. Pick another column."
                )
            features = features.fillna(medians)
            parts.append(
                f"{n_cells} missing feature value{'s' if n_cells != 1 else ''} "
                "filled with the column median."
            )
    if n_target_missing:
        parts.append(
            f"{n_target_missing} row{'s' if n_target_missing != 1 else ''} "
            "without a label/target dropped."
        )
    features, target = features[keep], target[keep]
    if len(features) < MIN_ROWS:
        raise UploadError(
            f"Only {len(features)} complete row{'s' if len(features) != 1 else ''} left after "
            f"removing missing values; at least {MIN_ROWS} are needed. Choose 'impute' or "
            "fill in the file."
        )
    return features, target, " ".join(parts)


def prepare_classification(
    df: pd.DataFrame, feature_cols, label_col, missing: str = "drop"
) -> tuple[np.ndarray, np.ndarray, str]:
    """Two numeric feature columns and a two-class label column -> X (2, m), Y (1, m) of 0/1.

    The label's two values are sorted and mapped to 0 and 1 (the mapping is in the report).
    missing: "drop" removes rows with a missing feature; "impute" fills it with the column's
    median. Rows without a label are always dropped. Raises UploadError with the UI's message.
    """
    feature_cols = list(feature_cols)
    if len(feature_cols) != 2:
        raise UploadError(f"Pick exactly two feature columns (x1 and x2), not {len(feature_cols)}.")
    if len(df.columns) < 3:
        raise UploadError(
            f"This file has no label column: it has {len(df.columns)} column"
            f"{'s' if len(df.columns) != 1 else ''}, and it needs two feature columns (x1, x2) "
            "and a label column y with two classes (0/1, yes/no, ...). Add one to the file.")
    if feature_cols[0] == feature_cols[1]:
        raise UploadError("Pick two different feature columns.")
    if label_col in feature_cols:
        raise UploadError("The label column cannot also be a feature. Pick another one.")
    _check_columns(df, feature_cols, "features")
    _check_columns(df, [label_col], "label")
    features, text_note = _numeric(df, feature_cols, "feature")
    _check_magnitude(features)
    label = df[label_col]
    if not pd.api.types.is_numeric_dtype(label) and not pd.api.types.is_bool_dtype(label):
        label = label.astype(str).str.strip().where(label.notna())
        label = label.mask(label == "")
    features, label, missing_text = _handle_missing(features, label, missing)
    classes = sorted(pd.unique(label), key=_class_key)
    if len(classes) != 2:
        if len(classes) == 1:
            detail = f"only one class ({_short(classes[0])})"
        else:
            shown = ", ".join(_short(c, 15) for c in classes[:5])
            detail = f"{len(classes)} classes ({shown}{', ...' if len(classes) > 5 else ''})"
        raise UploadError(
            f"The label column {_short(label_col)} has {detail}; it needs exactly two. "
            "Pick another label column or edit the file."
        )
    Y = (label.to_numpy() == classes[1]).astype(float).reshape(1, -1)
    X = features.to_numpy(dtype=float).T
    n1 = int(Y.sum())
    report = (
        f"{X.shape[1]} rows: features {_short(feature_cols[0])} (x1) and "
        f"{_short(feature_cols[1])} (x2); label {_short(label_col)}: "
        f"{_short(_plain(classes[0]))} → 0 ({X.shape[1] - n1} rows), "
        f"{_short(_plain(classes[1]))} → 1 ({n1} rows)."
    )
    return X, Y, " ".join(p for p in (report, text_note, missing_text) if p)


def _class_key(value):
    """Sort numbers numerically and everything else as text (numbers first)."""
    if isinstance(value, bool | np.bool_):
        return (0, float(value), "")
    if isinstance(value, int | float | np.integer | np.floating):
        return (0, float(value), "")
    return (1, 0.0, str(value))


def _plain(value) -> str:
    """0.0 -> '0', 'cat' -> 'cat' (for the mapping in the report)."""
    if isinstance(value, float | np.floating) and math.isfinite(value) and value == int(value):
        return str(int(value))
    return str(value)
