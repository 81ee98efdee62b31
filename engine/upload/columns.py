"""Turning the chosen columns of an uploaded table into X and Y.

prepare_classification() picks two feature columns and a label of two classes (or, when the
caller allows it with ``max_classes``, of 3 to MAX_CLASSES: a K-class problem), and handles
missing values ("drop" the rows or "impute" the column median; the counts are in the report). Every
problem raises UploadError with the message the UI shows.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from engine.upload.files import MIN_ROWS, UploadError, _short

MISSING_CHOICES = ("drop", "impute")
# The most label values a K-class upload may have (the 2-D sets' max_classes, the legend's
# five colours).
MAX_CLASSES = 5


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
    df: pd.DataFrame, feature_cols, label_col, missing: str = "drop", max_classes: int = 2
) -> tuple[np.ndarray, np.ndarray, str]:
    """Two numeric feature columns and a two-class label column -> X (2, m), Y (1, m) of 0/1.

    The label's two values are sorted and mapped to 0 and 1 (the mapping is in the report).
    With ``max_classes`` K_max > 2 (at most MAX_CLASSES), a label of K = 3..K_max values is a
    K-class problem: the sorted values are classes 0..K-1 and Y is one-hot, (K, m); two values
    still give Y (1, m). missing: "drop" removes rows with a missing feature; "impute" fills it
    with the column's median. Rows without a label are always dropped. Raises UploadError with
    the UI's message.
    """
    top = min(max(int(max_classes), 2), MAX_CLASSES)
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
    if not 2 <= len(classes) <= top:
        if len(classes) == 1:
            detail = f"only one class ({_short(classes[0])})"
        else:
            shown = ", ".join(_short(c, 15) for c in classes[:5])
            detail = f"{len(classes)} classes ({shown}{', ...' if len(classes) > 5 else ''})"
        needs = "exactly two" if top == 2 else f"2 to {top}"
        raise UploadError(
            f"The label column {_short(label_col)} has {detail}; it needs {needs}. "
            "Pick another label column or edit the file."
        )
    X = features.to_numpy(dtype=float).T
    if len(classes) > 2:
        return X, *_one_hot(label.to_numpy(), classes, X.shape[1], feature_cols, label_col,
                            (text_note, missing_text))
    Y = (label.to_numpy() == classes[1]).astype(float).reshape(1, -1)
    n1 = int(Y.sum())
    report = (
        f"{X.shape[1]} rows: features {_short(feature_cols[0])} (x1) and "
        f"{_short(feature_cols[1])} (x2); label {_short(label_col)}: "
        f"{_short(_plain(classes[0]))} → 0 ({X.shape[1] - n1} rows), "
        f"{_short(_plain(classes[1]))} → 1 ({n1} rows)."
    )
    return X, Y, " ".join(p for p in (report, text_note, missing_text) if p)


def _one_hot(values, classes, m: int, feature_cols, label_col, notes) -> tuple[np.ndarray, str]:
    # Y one-hot (K, m), class k = the k-th sorted value, and the report naming the mapping.
    Y = np.stack([(values == c) for c in classes]).astype(float)
    mapping = ", ".join(f"{_short(_plain(c))} → {k} ({int(Y[k].sum())} rows)"
                        for k, c in enumerate(classes))
    report = (
        f"{m} rows: features {_short(feature_cols[0])} (x1) and {_short(feature_cols[1])} "
        f"(x2); label {_short(label_col)}, {len(classes)} classes: {mapping}."
    )
    return Y, " ".join(p for p in (report, *notes) if p)


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
