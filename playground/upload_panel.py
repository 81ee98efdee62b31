"""The Playground's own-data panel: a CSV file under the data set choice, its columns, and the
line above the chart that says what the axes are.

``upload_panel`` is a sidebar extra (``controls.PLANE_EXTRAS``), drawn under the data set's
widget; its widgets are keyed ``f"{prefix}_upload"`` and ``f"{prefix}_up_..."``.
"""

from __future__ import annotations

import streamlit as st

from engine.upload import MAX_UPLOAD_MB, UploadError, read_csv_upload, text_cells
from playground.checkpoints import MAX_UPLOAD_EXAMPLES
from playground.state import Session, guess_columns, sentence, uploaded_from_frame
from playground.text import plain

MISSING_LABELS = {"drop": "Drop those rows", "impute": "Fill in the column's median"}
_FILE_FIXED = "Noise and Examples m do not change a file; Test share and Data seed split it."


def _parsed_upload(prefix: str, file) -> tuple[object | None, str | None]:
    """(DataFrame, None) or (None, message) for the file in the uploader, parsed once per
    file (kept in the session with the file's id; a new file also resets the pickers)."""
    ss = st.session_state
    key = f"{prefix}_upload_parsed"
    file_id = getattr(file, "file_id", None) or f"{file.name}:{file.size}"
    cached = ss.get(key)
    if cached is not None and cached[0] == file_id:
        return cached[1], cached[2]
    try:
        df, error = read_csv_upload(file.getvalue(), file.name), None
    except UploadError as err:
        df, error = None, str(err)
    ss[key] = (file_id, df, error)
    ss.pop(f"{prefix}_upload_error", None)
    if df is not None:
        names = [str(c) for c in df.columns]
        for k, v in zip(("x1", "x2", "label"), guess_columns(df), strict=True):
            ss[f"{prefix}_up_{k}"] = v
        ss[f"{prefix}_up_names"] = names
    return df, error


def _on_use_upload(prefix: str) -> None:
    # Runs before the script: build the whole set, then swap it in, or keep everything.
    ss = st.session_state
    session: Session = ss[f"{prefix}_session"]
    file = ss.get(f"{prefix}_upload")
    cached = ss.get(f"{prefix}_upload_parsed")
    if file is None or cached is None or cached[1] is None:
        return
    try:
        uploaded = uploaded_from_frame(
            cached[1], file.name, ss[f"{prefix}_up_x1"], ss[f"{prefix}_up_x2"],
            ss[f"{prefix}_up_label"], ss.get(f"{prefix}_up_missing", "drop"))
        session.use_upload(uploaded)
        # The file's labels set the number of classes (the control follows, and with it the
        # loss: playground.classes).
        ss[f"{prefix}_n_classes"] = max(2, int(uploaded.Y.shape[0]))
    except ValueError as err:  # UploadError included: its message is for the user
        ss[f"{prefix}_upload_error"] = sentence(err)
        return
    ss.pop(f"{prefix}_upload_error", None)


def upload_panel(prefix: str, raw: dict) -> None:
    """Under the data set choice, when it is "upload": the CSV file (capped at
    engine.upload.MAX_UPLOAD_MB, as server.maxUploadSize), the columns x1, x2 and the label,
    missing values (drop or impute) and "Use these columns". A failure is shown with
    st.error and changes nothing: the data and network in use stay."""
    ss = st.session_state
    session: Session | None = ss.get(f"{prefix}_session")
    if raw.get("dataset") != "upload" or session is None:
        return
    in_use = session.uploaded
    st.file_uploader(
        f"Your CSV file (at most {MAX_UPLOAD_MB} MB)", key=f"{prefix}_upload",
        max_upload_size=MAX_UPLOAD_MB,
        help="A table with the column names on the first line: two numeric columns for the "
             "features x1, x2 and a label column with two values (0/1, yes/no, ...), or 3 to 5 "
             "values for as many classes (a softmax output). "
             "The file stays in this browser session and, up to "
             f"{MAX_UPLOAD_EXAMPLES:,} rows, in its "
             "checkpoint on the server (so a reconnect keeps it); it is never put in the "
             "link.")
    file = ss.get(f"{prefix}_upload")
    if file is None:
        if in_use is not None:
            st.caption(f"In use: {plain(in_use.filename)}. {plain(in_use.report)} {_FILE_FIXED}")
        return
    df, error = _parsed_upload(prefix, file)
    if error is not None:
        st.error(plain(sentence(error)))
        if in_use is not None:
            st.caption(f"Still in use: {plain(in_use.filename)}.")
        return
    for note in df.attrs.get("notes", []):
        st.caption(plain(note))
    with st.expander(f"The first rows of {plain(file.name)}", expanded=True):
        st.dataframe(df.head(5), hide_index=True, height=220)
    names = ss.get(f"{prefix}_up_names", [str(c) for c in df.columns])
    if not any(2 <= df[c].nunique(dropna=True) <= 5 for c in df.columns):
        st.warning("No column of this file holds 2 to 5 values, so none can be the label y "
                   "(two classes: 0/1, yes/no, ...; or up to five). Add a label column to the "
                   "file.")
    c1, c2 = st.columns(2)
    c1.selectbox("Feature x1", names, key=f"{prefix}_up_x1")
    c2.selectbox("Feature x2", names, key=f"{prefix}_up_x2")
    st.selectbox("Label y (2 to 5 classes)", names, key=f"{prefix}_up_label")
    chosen = [ss.get(f"{prefix}_up_x1"), ss.get(f"{prefix}_up_x2")]
    for column, (count, example) in text_cells(df, [c for c in chosen if c]).items():
        st.caption(f":orange[{column} has {count} cell{'s' if count != 1 else ''} that "
                   f"{'are' if count != 1 else 'is'} not numbers (e.g. “{example[:20]}”): "
                   "those rows count as missing values, dropped or filled in as chosen "
                   "below.]")
    st.radio("Rows with missing feature values", list(MISSING_LABELS),
             format_func=MISSING_LABELS.get, key=f"{prefix}_up_missing", horizontal=True,
             help="Rows without a label are always dropped. How many is said once loaded.")
    st.button("Use these columns", key=f"{prefix}_up_use", on_click=_on_use_upload,
              args=(prefix,), type="primary", use_container_width=True)
    message = ss.get(f"{prefix}_upload_error")
    if message:
        st.error(plain(message))
        if in_use is not None:
            st.caption(f"Still in use: {plain(in_use.filename)}.")
    elif in_use is not None:
        st.caption(f"In use: {plain(in_use.filename)}. {plain(in_use.report)} {_FILE_FIXED}")


def data_note(prefix: str) -> None:
    """Above the chart, for "upload": what the axes are, or that no file is loaded (a link
    never carries a file) and the flower set is shown meanwhile."""
    session: Session = st.session_state[f"{prefix}_session"]
    if session.setup.dataset != "upload":
        return
    uploaded = session.data.extra.get("uploaded")
    if uploaded is None:
        st.info("Your own data: no CSV file is loaded in this browser yet (a file is never "
                "part of a link), so the flower data is shown. Upload a CSV under Data in "
                "the sidebar.", icon=":material/upload_file:")
        return
    x1, x2, label = uploaded.columns
    st.caption(f"Your data, {plain(uploaded.filename)}: x1 = {plain(x1)}, x2 = {plain(x2)}, "
               f"y = {plain(label)}. The "
               "features are standardized (minus the training set's mean, divided by its "
               "standard deviation), so the axes are in standard deviations.")
