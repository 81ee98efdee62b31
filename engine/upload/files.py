"""Reading a user's CSV file safely: every check on the bytes and the parsed table.

read_csv_upload() checks everything that can be wrong with an uploaded file, cheapest checks
first, and raises UploadError with a short message for the UI that says what is wrong and what
to do. It either returns a whole DataFrame or raises: nothing is half-loaded. The checks, in
order: empty; over MAX_UPLOAD_MB; a known non-CSV format (a pickle, Excel, zip, PDF, image,
HTML, UTF-16); binary (NUL bytes); more than MAX_ROWS rows (counted on the raw bytes, before
parsing); not UTF-8 text; unparseable; one column only; too many columns; header only; fewer
than MIN_ROWS rows; cells that look like spreadsheet formulas (refused: a file shown back or
exported could run them in a spreadsheet).
"""

from __future__ import annotations

import io
import re
import warnings
from pathlib import PurePath

import pandas as pd

from engine.serialize import is_pickle

MAX_UPLOAD_MB = 5  # the same as server.maxUploadSize in .streamlit/config.toml
MAX_UPLOAD_BYTES = MAX_UPLOAD_MB * 1024 * 1024
MAX_ROWS = 200_000
MIN_ROWS = 10
MAX_COLUMNS = 200

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
