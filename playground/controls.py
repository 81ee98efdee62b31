"""Sidebar controls, the URL and the session, wired together for a live page.

``page_session(prefix, task, make_data, fields)`` is all a page calls: on the first run it
reads the setup from the URL (notices shown with ``st.warning``), creates the ``Session`` in
``st.session_state[f"{prefix}_session"]`` and fills the widgets; on every run it draws the
sidebar (every widget keyed ``f"{prefix}_{field}"``, filled from the registries through
``playground.setup.FIELDS``), validates the values, applies them to the session (new data,
new weights, or live: ``Session.apply`` says which) and keeps the URL in sync.

Widgets never get a ``value=``: their state is written into ``st.session_state`` before
they are drawn (``load_setup``), so a URL or an imported JSON can set them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import numpy as np
import streamlit as st

from playground import setup as S
from playground.setup import Setup
from playground.state import Session, make_plane_data
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
    try:
        from engine.datasets import DATASET_LABELS
    except ImportError:  # pragma: no cover
        DATASET_LABELS = {}
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
def load_setup(prefix: str, setup: Setup) -> None:
    """Write a setup into the widgets' session state (before they are drawn)."""
    ss = st.session_state
    for spec in S.FIELDS:
        if spec.name in ("hidden_units", "activations", "features"):
            continue
        ss[f"{prefix}_{spec.name}"] = getattr(setup, spec.name)
    ss[f"{prefix}_features"] = list(setup.features)
    ss[f"{prefix}_layers"] = len(setup.hidden_units)
    for i, n in enumerate(setup.hidden_units):
        ss[f"{prefix}_units_{i}"] = int(n)
        ss[f"{prefix}_act_{i}"] = setup.activations[i]
    same = set(setup.activations)
    ss[f"{prefix}_act_all"] = setup.activations[0] if len(same) == 1 else PER_LAYER


def _on_init_change(prefix: str) -> None:
    # A new scheme comes with its own scale (normal 0.01, Xavier and He 1).
    init = st.session_state[f"{prefix}_init"]
    st.session_state[f"{prefix}_init_scale"] = S.default_init_scale(init)


def _on_regenerate(prefix: str) -> None:
    key = f"{prefix}_data_seed"
    st.session_state[key] = (int(st.session_state.get(key, 1)) + 1) % (2**31)


# --------------------------------------------------------------------------- widgets
def _widget(prefix: str, spec: S.FieldSpec, task: str):
    key = f"{prefix}_{spec.name}"
    ss = st.session_state
    if spec.kind == "choice":
        options = list(spec.valid_choices(task))
        if ss.get(key) not in options:
            ss[key] = options[0]
        on_change, args = (_on_init_change, (prefix,)) if spec.name == "init" else (None, ())
        return st.selectbox(spec.label, options, key=key, help=spec.help, format_func=label_of,
                            on_change=on_change, args=args)
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
    same = st.selectbox("Activation of every hidden layer", [PER_LAYER, *acts],
                        key=f"{prefix}_act_all", format_func=label_of,
                        help="g[l] for all hidden layers at once, or one per layer.")
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


def sidebar(prefix: str, task: str, fields: Iterable[str]) -> tuple[Setup, list[str]]:
    """Draw the sidebar controls for ``fields`` (grouped as in setup.GROUPS, a short line
    under each group) and return the validated Setup and its notices."""
    fields = set(fields)
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
                elif spec.name == "data_seed":
                    c1, c2 = st.columns([3, 2], vertical_alignment="bottom")
                    with c1:
                        raw["data_seed"] = _widget(prefix, spec, task)
                    c2.button("Regenerate", key=f"{prefix}_regenerate", on_click=_on_regenerate,
                              args=(prefix,), help="Draw a new data set (next data seed).",
                              use_container_width=True)
                elif spec.name == "features":
                    raw["features"] = st.multiselect(
                        spec.label, list(spec.valid_choices(task)), key=f"{prefix}_features",
                        help=spec.help)
                else:
                    raw[spec.name] = _widget(prefix, spec, task)
    return S.validate(raw, task=task)


# --------------------------------------------------------------------------- the session
def page_session(
    prefix: str,
    task: str = "classification",
    make_data: Callable[[Setup], object] = make_plane_data,
    fields: Iterable[str] = PLANE_FIELDS,
) -> Session:
    """The page's Session, created from the URL on the first run, updated from the sidebar
    on every run; the URL follows the setup. Notices are shown with st.warning."""
    ss = st.session_state
    skey = f"{prefix}_session"
    if skey not in ss:
        setup, notices = setup_from_query(st.query_params, task=task)
        load_setup(prefix, setup)
        ss[f"{prefix}_notices"] = [f"In the link: {n}" for n in notices]
        try:
            ss[skey] = Session(setup, make_data=make_data)
        except ValueError as err:  # e.g. a data set that cannot be built from this setup
            ss[f"{prefix}_notices"] = [*notices, f"{err} Using the defaults."]
            setup = S.default_setup(task)
            load_setup(prefix, setup)
            ss[skey] = Session(setup, make_data=make_data)
    if f"{prefix}_import_text" in ss:  # an imported setup: fill the widgets first
        import_pending(prefix, task)
    session: Session = ss[skey]
    setup, notices = sidebar(prefix, task, fields)
    if notices:
        ss[f"{prefix}_notices"] = [*ss.get(f"{prefix}_notices", []), *notices]
    imported = ss.pop(f"{prefix}_imported", None)
    if session.apply(setup) is not None and not notices and imported is None:
        ss[f"{prefix}_notices"] = []
    if imported is not None:
        session.notice = f"Loaded {imported}. " + session.notice
    query = setup_to_query(session.setup)
    if query != {k: st.query_params.get(k) for k in st.query_params}:
        st.query_params.from_dict(query)
    with st.container():  # always one element here, so what follows keeps its place
        for notice in ss.get(f"{prefix}_notices", []):
            st.warning(f"{notice}.")
    return session


# --------------------------------------------------------------------------- save and share
def _history_snapshot(session: Session) -> dict:
    # Called on the download thread while training may go on: copy, then cut to one length.
    hist = {k: list(v) for k, v in session.trainer.history.items()}
    n = min((len(v) for v in hist.values()), default=0)
    return {k: v[:n] for k, v in hist.items()}


def _on_import_setup(prefix: str) -> None:
    # Only read the file here; page_session parses it on this same run (see import_pending).
    upload = st.session_state.get(f"{prefix}_import")
    if upload is not None:
        st.session_state[f"{prefix}_import_text"] = (upload.name, upload.getvalue())


def import_pending(prefix: str, task: str) -> None:
    """Parse a setup JSON waiting in st.session_state[f"{prefix}_import_text"] (a pair
    (file name, bytes or str)); on success fill the widgets and pause, else show why."""
    from playground.exports import setup_from_json

    ss = st.session_state
    name, data = ss.pop(f"{prefix}_import_text")
    try:
        setup, notices = setup_from_json(data, task=task)
    except ValueError as err:
        ss[f"{prefix}_notices"] = [f"{name} could not be loaded: {err}"]
        return
    load_setup(prefix, setup)
    ss[f"{prefix}_notices"] = [f"{name}: {n}" for n in notices]
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
        c1.download_button("Setup (JSON)", lambda: exports.setup_to_json(session.setup),
                           file_name="setup.json", mime="application/json",
                           key=f"{prefix}_dl_setup", on_click="ignore")
        c2.download_button("Weights (.npz)", lambda: exports.weights_npz(session.network),
                           file_name="weights.npz", mime="application/octet-stream",
                           key=f"{prefix}_dl_npz", on_click="ignore")
        c3.download_button("Weights (JSON)", lambda: exports.weights_json(session.network),
                           file_name="weights.json", mime="application/json",
                           key=f"{prefix}_dl_wjson", on_click="ignore")
        c4.download_button("History (CSV)",
                           lambda: exports.history_csv(_history_snapshot(session),
                                                       loss=session.setup.loss),
                           file_name="history.csv", mime="text/csv",
                           key=f"{prefix}_dl_csv", on_click="ignore")
        st.file_uploader("Load a setup (JSON)", type=["json"], key=f"{prefix}_import",
                         on_change=_on_import_setup, args=(prefix,),
                         help="A setup.json saved from this page: every control is restored.")
