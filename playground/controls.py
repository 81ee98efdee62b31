"""Sidebar controls, the URL and the session, wired together for a live page.

``page_session(prefix, task, make_data, fields)`` is all a page calls: on the first run it
reads the setup from the URL (notices shown with ``st.warning``), creates the ``Session`` in
``st.session_state[f"{prefix}_session"]`` and fills the widgets; on every run it draws the
sidebar (every widget keyed ``f"{prefix}_{field}"``, filled from the registries through
``playground.fields.FIELDS``), validates the values, applies them to the session (new data,
new weights, or live: ``Session.apply`` says which) and keeps the URL in sync.

Widgets never get a ``value=``: their state is written into ``st.session_state`` before
they are drawn (``load_setup``), so a URL or an imported JSON can set them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

import numpy as np
import streamlit as st

from engine.datasets import DATASET_HELP, DATASET_LABELS
from engine.upload import MAX_UPLOAD_MB, UploadError, read_csv_upload, text_cells
from playground import fields as S
from playground import resume
from playground.fields import Setup
from playground.state import (
    Session,
    guess_columns,
    make_plane_data,
    sentence,
    uploaded_from_frame,
)
from playground.text import plain
from playground.urlstate import setup_from_query, setup_to_query

PER_LAYER = "per layer"

# The labels users read, in the course's words, for the registries' names.
NAMES = {
    "sigmoid": "Sigmoid", "tanh": "tanh", "relu": "ReLU", "leaky_relu": "Leaky ReLU",
    "linear": "Linear (none)", "normal": "Random normal × scale", "zeros": "Zeros",
    "xavier": "Xavier", "he": "He", "bce": "Cross-entropy", "mse": "Squared error",
    "sigmoid_mse": "Squared error on a sigmoid", "gd": "Gradient descent",
    "momentum": "Momentum", "rmsprop": "RMSprop", "adam": "Adam",
    "upload": "Upload a CSV…", "classification": "Classification", "regression": "Regression",
    # Short enough for the sidebar's select box at 1280 px (the long name is in the help).
    "flower": "Flower (the course's data)",
}

PLANE_FIELDS = (
    "dataset", "noise", "n_samples", "test_ratio", "data_seed",
    "hidden_units", "activations", "leaky_alpha", "init", "init_scale",
    "loss", "optimizer", "learning_rate", "batch_size", "l2", "epochs_per_frame", "seed",
    "show_test", "threshold_only", "log_cost",
)


def label_of(name: str) -> str:
    if name in NAMES:
        return NAMES[name]
    return DATASET_LABELS.get(name, name.replace("_", " "))


def log_options(low: float, high: float, current: float) -> list[float]:
    """1, 2, 5 per decade between low and high (and the current value): a log slider."""
    values = {float(low), float(high), float(current)}
    for e in range(int(np.floor(np.log10(low))), int(np.ceil(np.log10(high))) + 1):
        for m in (1.0, 2.0, 5.0):
            v = float(f"{m * 10.0 ** e:.10g}")
            if low <= v <= high:
                values.add(v)
    return sorted(values)


def _fmt_number(v: float) -> str:
    return f"{v:g}"


# --------------------------------------------------------------------------- widget state
def widget_values(setup: Setup) -> dict[str, object]:
    """The widgets' values for a setup, by key suffix (``f"{prefix}_{suffix}"``)."""
    values: dict[str, object] = {
        spec.name: getattr(setup, spec.name) for spec in S.FIELDS
        if spec.name not in ("hidden_units", "activations")
    }
    values["features"] = list(setup.features)
    values["layers"] = len(setup.hidden_units)
    for i, n in enumerate(setup.hidden_units):
        values[f"units_{i}"] = int(n)
        values[f"act_{i}"] = setup.activations[i]
    same = set(setup.activations)
    # With no hidden layer the menu is hidden; it comes back with the page's own default.
    first = setup.activations[0] if setup.activations else S.contextual_default(
        "activations", setup.replace(hidden_units=[1]))[0]
    values["act_all"] = first if len(same) <= 1 else PER_LAYER
    return values


def load_setup(prefix: str, setup: Setup, *, missing_only: bool = False) -> None:
    """Write a setup into the widgets' session state (before they are drawn).

    ``missing_only``: fill only the keys that are gone. Streamlit drops the state of a
    widget that was not drawn on a run (another page, a hidden control), and a widget
    without state starts at its minimum; the Session's setup is what the student chose,
    so the widgets are filled again from it (``page_session`` does this on every run).
    """
    ss = st.session_state
    for suffix, value in widget_values(setup).items():
        key = f"{prefix}_{suffix}"
        if not missing_only or key not in ss:
            ss[key] = value


def _on_init_change(prefix: str) -> None:
    # A new scheme comes with its own scale (normal 0.01, Xavier and He 1).
    init = st.session_state[f"{prefix}_init"]
    st.session_state[f"{prefix}_init_scale"] = S.default_init_scale(init)


def _on_regenerate(prefix: str) -> None:
    key = f"{prefix}_data_seed"
    st.session_state[key] = (int(st.session_state.get(key, 1)) + 1) % (2**31)


def keep_widget(prefix: str, key: str) -> str:
    """A page's own widget that is not part of the setup (the preset menu, the map's
    colouring): give its state back after a page switch from what ``remember_widget``
    kept in the Session. Returns ``key``, to pass on to the widget."""
    ss = st.session_state
    session = ss.get(f"{prefix}_session")
    kept = session.cache.get("widgets", {}) if session is not None else {}
    if key not in ss and key in kept:
        ss[key] = kept[key]
    return key


def remember_widget(prefix: str, key: str, value) -> None:
    """Keep a widget's value in the Session (see ``keep_widget``)."""
    session = st.session_state.get(f"{prefix}_session")
    if session is not None:
        session.cache.setdefault("widgets", {})[key] = value


# --------------------------------------------------------------------------- widgets
def _choice_help(spec: S.FieldSpec, options: list[str]) -> str:
    # The data sets' one-line descriptions (and long names) under the field's own help.
    if spec.name != "dataset":
        return spec.help
    lines = [f"- **{DATASET_LABELS.get(n, label_of(n))}**: {DATASET_HELP[n]}"
             for n in options if n in DATASET_HELP]
    return "\n".join([spec.help, "", *lines])


def _widget(prefix: str, spec: S.FieldSpec, task: str):
    key = f"{prefix}_{spec.name}"
    ss = st.session_state
    if spec.kind == "choice":
        options = list(spec.valid_choices(task))
        if ss.get(key) not in options:
            ss[key] = options[0]
        on_change, args = (_on_init_change, (prefix,)) if spec.name == "init" else (None, ())
        return st.selectbox(spec.label, options, key=key, help=_choice_help(spec, options),
                            format_func=label_of, on_change=on_change, args=args)
    if spec.kind == "bool":
        return st.checkbox(spec.label, key=key, help=spec.help)
    low, high = spec.bounds()
    if spec.kind == "float" and spec.log:
        current = float(ss.get(key, low))
        return st.select_slider(spec.label, log_options(low, high, current), key=key,
                                help=spec.help, format_func=_fmt_number)
    if spec.step is not None and (high - low) / spec.step <= 2000:
        cast = float if spec.kind == "float" else int
        return st.slider(spec.label, cast(low), cast(high), step=cast(spec.step), key=key,
                         help=spec.help)
    if spec.kind == "float":
        return st.number_input(spec.label, float(low), float(high), key=key, help=spec.help,
                               format="%g")
    return st.number_input(spec.label, int(low), int(high), step=1, key=key, help=spec.help)


def _layers(prefix: str) -> tuple[list[int], list[str]]:
    ss = st.session_state
    acts = S.registry_names("activations")
    n = st.number_input("Hidden layers", 0, S.MAX_HIDDEN_LAYERS, step=1, key=f"{prefix}_layers",
                        help="L − 1, the number of hidden layers. 0 is logistic regression.")
    all_key = f"{prefix}_act_all"
    if not n:  # no hidden layer, no hidden activation to choose (the choice is kept)
        st.caption("No hidden layer: logistic regression, ŷ = σ(w·x + b).")
        if ss.get(all_key) is not None:
            remember_widget(prefix, all_key, ss[all_key])
        return [], []
    same = st.selectbox("Activation of every hidden layer", [PER_LAYER, *acts],
                        key=all_key, format_func=label_of,
                        help="g[l] for all hidden layers at once, or one per layer.")
    remember_widget(prefix, all_key, same)
    units, names = [], []
    for i in range(int(n)):
        ss.setdefault(f"{prefix}_units_{i}", ss.get(f"{prefix}_units_{i - 1}", 4))
        ss.setdefault(f"{prefix}_act_{i}", ss.get(f"{prefix}_act_{i - 1}", "tanh"))
        if same == PER_LAYER:
            c1, c2 = st.columns([3, 2])
            with c1:
                u = st.slider(f"Units n[{i + 1}]", 1, S.MAX_UNITS, key=f"{prefix}_units_{i}")
            with c2:
                a = st.selectbox(f"g[{i + 1}]", acts, key=f"{prefix}_act_{i}",
                                 format_func=label_of)
        else:
            u = st.slider(f"Units n[{i + 1}]", 1, S.MAX_UNITS, key=f"{prefix}_units_{i}")
            a = same
        units.append(int(u))
        names.append(a)
    return units, names


def _on_features_change(prefix: str) -> None:
    # An empty choice would silently mean a default set: keep the features in use instead,
    # and say so (runs before the script, so the picker can still be filled).
    ss = st.session_state
    session: Session | None = ss.get(f"{prefix}_session")
    if ss.get(f"{prefix}_features") or session is None:
        return
    from engine.housing import FEATURE_SHORT_LABELS

    kept = list(session.setup.features)
    ss[f"{prefix}_features"] = kept
    names = ", ".join(FEATURE_SHORT_LABELS.get(n, n) for n in kept)
    ss[f"{prefix}_notices"] = [
        f"Choose at least one feature: the network needs an input x. Still using {names}"]


def _features(prefix: str, spec: S.FieldSpec, task: str) -> list[str]:
    """The housing features picker: short labels on the chips (the long ones, with their
    units, in the help); emptying it keeps the features in use (``_on_features_change``)."""
    from engine.housing import FEATURE_LABELS, FEATURE_SHORT_LABELS

    options = list(spec.valid_choices(task))
    long_names = "; ".join(f"{FEATURE_SHORT_LABELS.get(n, n)}: {FEATURE_LABELS.get(n, n)}"
                           for n in options)
    return st.multiselect(spec.label, options, key=f"{prefix}_features",
                          format_func=lambda n: FEATURE_SHORT_LABELS.get(n, n),
                          on_change=_on_features_change, args=(prefix,),
                          help=f"{spec.help} Pick at least one. {long_names}.")


# A page's extras drawn right under a field's widget: name -> fn(prefix, raw values so far).
Extras = Mapping[str, Callable[[str, dict], None]]


def sidebar(prefix: str, task: str, fields: Iterable[str],
            after: Extras | None = None) -> tuple[Setup, list[str]]:
    """Draw the sidebar controls for ``fields`` (grouped as in setup.GROUPS, a short line
    under each group) and return the validated Setup and its notices. ``after`` maps a
    field name to a function drawn right under that field's widget (e.g. the file uploader
    under the data set)."""
    fields = set(fields)
    after = after or {}
    raw: dict = {"task": task}
    with st.sidebar:
        for group in S.GROUPS:
            specs = [f for f in S.fields_in_group(group) if f.name in fields]
            if not specs:
                continue
            st.subheader(S.GROUP_LABELS[group])
            st.caption(S.GROUP_HELP[group])
            for spec in specs:
                if spec.name == "hidden_units":
                    raw["hidden_units"], raw["activations"] = _layers(prefix)
                elif spec.name == "activations":
                    continue
                elif spec.name == "leaky_alpha":
                    if "leaky_relu" in raw.get("activations", []):
                        raw["leaky_alpha"] = _widget(prefix, spec, task)
                    else:
                        raw["leaky_alpha"] = st.session_state.get(f"{prefix}_leaky_alpha",
                                                                  spec.low)
                elif spec.name == "init_scale" and raw.get("init") == "zeros":
                    # Zeros has no scale: the slider is hidden, the value kept as it is.
                    st.caption("Zeros: every weight starts at 0, so there is no scale.")
                    raw["init_scale"] = st.session_state.get(f"{prefix}_init_scale",
                                                             spec.low)
                elif spec.name == "data_seed":
                    # The button on its own line: beside the seed it was cut to "Regener…".
                    raw["data_seed"] = _widget(prefix, spec, task)
                    st.button("Regenerate the data", key=f"{prefix}_regenerate",
                              on_click=_on_regenerate, args=(prefix,),
                              icon=":material/refresh:",
                              help="Draw a new data set (the next data seed).",
                              use_container_width=True)
                elif spec.name == "features":
                    raw["features"] = _features(prefix, spec, task)
                else:
                    raw[spec.name] = _widget(prefix, spec, task)
                if spec.name in after:
                    after[spec.name](prefix, raw)
    return S.validate(raw, task=task)


# --------------------------------------------------------------------------- the session
def page_session(
    prefix: str,
    task: str = "classification",
    make_data: Callable[[Setup], object] = make_plane_data,
    fields: Iterable[str] = PLANE_FIELDS,
    after: Extras | None = None,
) -> Session:
    """The page's Session, created from the URL on the first run, updated from the sidebar
    on every run; the URL follows the setup. Notices are shown with st.warning. ``after``:
    extras drawn under some fields' widgets (see ``sidebar``)."""
    ss = st.session_state
    skey = f"{prefix}_session"
    if skey not in ss:
        setup, notices = setup_from_query(st.query_params, task=task)
        load_setup(prefix, setup)
        ss[f"{prefix}_notices"] = [f"In the link: {n}" for n in notices]
        try:
            ss[skey] = Session(setup, make_data=make_data)
        except ValueError as err:  # e.g. a data set that cannot be built from this setup
            ss[f"{prefix}_notices"] = [*ss[f"{prefix}_notices"],
                                       f"{sentence(err)} Using the defaults"]
            setup = S.default_setup(task)
            load_setup(prefix, setup)
            ss[skey] = Session(setup, make_data=make_data)
    else:  # back from another page, or a control that was hidden: its state is gone
        keep_widget(prefix, f"{prefix}_act_all")  # kept while there is no hidden layer
        load_setup(prefix, ss[skey].setup, missing_only=True)
    resume.restore(prefix, task, make_data)  # a reconnected tab gets its work back
    if f"{prefix}_import_text" in ss:  # an imported setup: fill the widgets first
        import_pending(prefix, task)
    session: Session = ss[skey]
    setup, notices = sidebar(prefix, task, fields, after)
    if notices:
        ss[f"{prefix}_notices"] = [*ss.get(f"{prefix}_notices", []), *notices]
    imported = ss.pop(f"{prefix}_imported", None)
    if session.apply(setup) is not None and not notices and imported is None:
        ss[f"{prefix}_notices"] = []
    if imported is not None:
        session.notice = sentence(f"Loaded {imported}. {session.notice}")
    query = setup_to_query(session.setup)
    if query != {k: st.query_params.get(k) for k in st.query_params}:
        st.query_params.from_dict(query)
    resume.track(prefix)  # checkpoint what changed; the tab's key component

    with st.container():  # always one element here, so what follows keeps its place
        for notice in ss.get(f"{prefix}_notices", []):
            st.warning(plain(sentence(notice)))
    return session


# --------------------------------------------------------------------------- presets
def _on_apply_preset(prefix: str) -> None:
    # Runs before the script, so the widgets can still be filled (load_setup).
    from playground.presets import apply_preset

    ss = st.session_state
    name = ss.get(f"{prefix}_preset")
    session: Session | None = ss.get(f"{prefix}_session")
    if name is None or session is None:
        return
    new = apply_preset(session.setup, name)
    what = session.apply(new)
    if what not in ("data", "reset"):
        session.reset()
    session.playing = False
    load_setup(prefix, new)
    ss[f"{prefix}_notices"] = []
    part = "new data and new weights" if what == "data" else "new weights"
    session.notice = f"Preset “{name}” applied: {part}, epoch 0. Press Play."


def presets_box(prefix: str, task: str = "classification"):
    """A preset menu and Apply at the top of the sidebar (call it before page_session).
    Apply sets every control to the preset (the URL follows) and starts again at epoch 0.
    Returns the container where ``preset_note`` explains the preset while it is active."""
    from playground.presets import preset_names

    with st.sidebar:
        st.subheader("Presets")
        key = f"{prefix}_preset"
        chosen = st.selectbox("A claim of the course, ready to run", preset_names(task),
                              index=None, placeholder="Choose a preset…",
                              key=keep_widget(prefix, key),
                              help="Apply sets every control to show one point of the "
                                   "course; then press Play.")
        remember_widget(prefix, key, chosen)
        if chosen is not None:  # the whole name (a long one is cut in the box) and its point
            from playground.presets import preset_explanation

            st.caption(f"**{chosen}**: {preset_explanation(chosen)}")
        st.button("Apply", key=f"{prefix}_preset_apply", on_click=_on_apply_preset,
                  args=(prefix,), disabled=st.session_state.get(f"{prefix}_preset") is None,
                  icon=":material/school:", use_container_width=True)
        return st.container()


def active_preset(setup: Setup) -> str | None:
    """The preset the setup is exactly (its display choices aside), if any."""
    from playground.presets import apply_preset, preset_names

    return next((n for n in preset_names(setup.task) if apply_preset(setup, n) == setup), None)


def preset_note(prefix: str, box) -> None:
    """While the setup is a preset's: its one line on what to look for, in ``box``."""
    from playground.presets import preset_explanation

    name = active_preset(st.session_state[f"{prefix}_session"].setup)
    if name is not None:
        box.info(f"**{name}.** {preset_explanation(name)}", icon=":material/school:")


# --------------------------------------------------------------------------- own data
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
             "features x1, x2 and a label column with two values (0/1, yes/no, ...). "
             "The file stays in this browser session; it is never put in the link.")
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
    if not any(df[c].nunique(dropna=True) == 2 for c in df.columns):
        st.warning("No column of this file holds exactly two values, so none can be the "
                   "label y (two classes: 0/1, yes/no, ...). Add a label column to the file.")
    c1, c2 = st.columns(2)
    c1.selectbox("Feature x1", names, key=f"{prefix}_up_x1")
    c2.selectbox("Feature x2", names, key=f"{prefix}_up_x2")
    st.selectbox("Label y (two classes)", names, key=f"{prefix}_up_label")
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


LARGE_LEARNING_RATE = 3.0


def learning_rate_hint(prefix: str, raw: dict) -> None:
    """Under the learning rate when α >= LARGE_LEARNING_RATE: why the cost may jump up."""
    lr = raw.get("learning_rate")
    if isinstance(lr, int | float) and lr >= LARGE_LEARNING_RATE:
        st.caption(":orange[:material/warning: A large step: with α ≥ 3 the cost can jump "
                   "up and training diverge. If it does, training stops and says so: lower α "
                   "and press Reset.]")


# The Playground page's extras under the sidebar widgets.
PLANE_EXTRAS: dict[str, Callable[[str, dict], None]] = {
    "dataset": upload_panel,
    "learning_rate": learning_rate_hint,
}


# --------------------------------------------------------------------------- save and share
def share_url(prefix: str) -> str:
    """The link to this page with the current setup (what the address bar holds)."""
    from urllib.parse import urlencode, urlsplit, urlunsplit

    session: Session = st.session_state[f"{prefix}_session"]
    here = str(getattr(st.context, "url", "") or "")
    parts = urlsplit(here)
    return urlunsplit((parts.scheme, parts.netloc, parts.path or "/",
                       urlencode(setup_to_query(session.setup)), ""))


def share_link(prefix: str) -> None:
    """A "Copy share link" button: it opens the page's link with its copy button (Streamlit's
    code block copies to the clipboard; where the browser refuses, the link can be
    selected)."""
    with st.popover("Copy share link", icon=":material/link:", use_container_width=True):
        st.code(share_url(prefix), language=None, wrap_lines=True)
        st.caption("Copy it with the copy icon at the right of the link (or select it): it "
                   "opens this setup "
                   "for anyone, e.g. the whole class. The weights and a CSV file are not in "
                   "it (Save and share keeps those).")


def _history_snapshot(session: Session) -> dict:
    # Called on the download thread while training may go on: copy, then cut to one length.
    hist = {k: list(v) for k, v in session.trainer.history.items()}
    n = min((len(v) for v in hist.values()), default=0)
    return {k: v[:n] for k, v in hist.items()}


_WEIGHTS_HELP = ("W1, b1, ..., WL, bL as they are at the click; after a divergence, the last "
                 "finite weights (the ones drawn).")


def _weights_file(session: Session, build):
    # Runs at the click (maybe while training goes on): the weights of that moment, or the
    # last finite ones after a divergence. A download callable cannot show a message, so if
    # none can be saved (the button is disabled then) it gives an empty file, not an error.
    from playground.exports import weights_for_download

    params, _ = weights_for_download(session)
    return build(params) if params is not None else b""


def _on_import_setup(prefix: str) -> None:
    # Only read the file here; page_session parses it on this same run (see import_pending).
    upload = st.session_state.get(f"{prefix}_import")
    if upload is not None:
        st.session_state[f"{prefix}_import_text"] = (upload.name, upload.getvalue())


def _on_import_weights(prefix: str) -> None:
    # Runs before the script: the file is read, checked against the current network's layer
    # sizes and, only if everything is right, becomes the network's weights.
    from playground.exports import load_weights

    ss = st.session_state
    upload = ss.get(f"{prefix}_import_weights")
    ss.pop(f"{prefix}_weights_error", None)
    if upload is None:
        return
    session: Session = ss[f"{prefix}_session"]
    try:
        params = load_weights(upload.getvalue(), upload.name,
                              layer_dims=session.network.layer_dims)
        session.load_params(params, upload.name)
    except ValueError as err:
        ss[f"{prefix}_weights_error"] = sentence(f"The file {upload.name} was not loaded: {err}")


def import_pending(prefix: str, task: str) -> None:
    """Parse a setup JSON waiting in st.session_state[f"{prefix}_import_text"] (a pair
    (file name, bytes or str)); on success fill the widgets and pause, else show why."""
    from playground.exports import setup_from_json

    ss = st.session_state
    name, data = ss.pop(f"{prefix}_import_text")
    try:
        setup, notices = setup_from_json(data, task=task)
    except ValueError as err:
        ss[f"{prefix}_notices"] = [f"The file {name} could not be loaded: {err}"]
        return
    load_setup(prefix, setup)
    ss[f"{prefix}_notices"] = [f"In {name}: {n}" for n in notices]
    ss[f"{prefix}_imported"] = name
    if f"{prefix}_session" in ss:
        ss[f"{prefix}_session"].playing = False


def export_import(prefix: str, task: str = "classification") -> None:
    """The "Save and share" box: the setup as JSON, the weights (.npz, .json), the history
    (CSV), and an importer for a setup JSON. Downloads are built when clicked (on_click
    "ignore"), so they never interrupt training and always hold the latest weights."""
    from playground import exports

    session: Session = st.session_state[f"{prefix}_session"]
    with st.expander("Save and share", expanded=False):
        st.caption("The address bar holds this setup: copy the link to share it with the "
                   "class. Or save the setup, the learned weights and the cost history.")
        c1, c2, c3, c4 = st.columns(4)
        # After a divergence the weights are the last finite ones (the page says so below);
        # the files are still built at the click, from the weights of that moment.
        params, weights_note = exports.weights_for_download(session)
        c1.download_button("Setup (JSON)", lambda: exports.setup_to_json(session.setup),
                           file_name="setup.json", mime="application/json",
                           key=f"{prefix}_dl_setup", on_click="ignore")
        c2.download_button("Weights (.npz)", lambda: _weights_file(session, exports.weights_npz),
                           file_name="weights.npz", mime="application/octet-stream",
                           key=f"{prefix}_dl_npz", on_click="ignore", disabled=params is None,
                           help=_WEIGHTS_HELP)
        c3.download_button("Weights (JSON)",
                           lambda: _weights_file(session, exports.weights_json),
                           file_name="weights.json", mime="application/json",
                           key=f"{prefix}_dl_wjson", on_click="ignore",
                           disabled=params is None, help=_WEIGHTS_HELP)
        c4.download_button("History (CSV)",
                           lambda: exports.history_csv(_history_snapshot(session),
                                                       loss=session.setup.loss),
                           file_name="history.csv", mime="text/csv",
                           key=f"{prefix}_dl_csv", on_click="ignore",
                           help="One row per epoch for the most recent 2,000 epochs; before "
                                "them, rows at round epochs only (always epoch 0).")
        if weights_note:
            st.caption(weights_note)
        st.file_uploader("Load a setup (JSON)", type=["json"], key=f"{prefix}_import",
                         on_change=_on_import_setup, args=(prefix,),
                         help="A setup.json saved from this page: every control is restored.")
        st.file_uploader("Load weights (.npz or JSON)", key=f"{prefix}_import_weights",
                         on_change=_on_import_weights, args=(prefix,),
                         help="A weights file saved from this page, for a network with the "
                              "same layer sizes n[0] … n[L]. Training starts again from them "
                              "at epoch 0; the cost history is cleared.")
        error = st.session_state.get(f"{prefix}_weights_error")
        if error:
            st.error(plain(error))
