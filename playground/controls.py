"""Sidebar controls, the URL and the session, wired together for a live page.

``page_session(prefix, task, make_data)`` is all a page calls: on the first run it reads the
setup from the URL (notices shown with ``st.warning``), creates the ``Session`` in
``st.session_state[f"{prefix}_session"]`` and fills the widgets; on every run it draws the
sidebar from the page's field table (``playground.fields.page_for(task)``: its groups in
order, one widget per field keyed ``f"{prefix}_{field}"``), validates the values, applies
them to the session (new data, new weights, or live: each field's declared effect) and keeps
the URL in sync.

One widget per field is ``playground.widgets``; the own-data panel under the data set is
``playground.upload_panel``; the share link and the "Save and share" box are
``playground.share``.

Widgets never get a ``value=``: their state is written into ``st.session_state`` before
they are drawn (``load_setup``), so a URL or an imported JSON can set them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import streamlit as st

from playground import assignment_panel, resume
from playground import fields as S
from playground.fields import FieldSpec, Setup
from playground.state import Session, make_plane_data, sentence
from playground.text import plain
from playground.upload_panel import upload_panel
from playground.urlstate import setup_to_query
from playground.widgets import (
    PER_LAYER,
    features_widget,
    field_widget,
    keep_widget,
    layers_widget,
    remember_widget,
)


# --------------------------------------------------------------------------- widget state
def _copy(value):
    return list(value) if isinstance(value, list) else value


def widget_values(setup: Setup) -> dict[str, object]:
    """The widgets' values for a setup, by key suffix (``f"{prefix}_{suffix}"``)."""
    values: dict[str, object] = {
        spec.name: _copy(getattr(setup, spec.name)) for spec in setup.page.fields
        if spec.widget not in ("layers", "with_layers")  # drawn as layers, units, g[l]
    }
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


def _on_regenerate(prefix: str) -> None:
    key = f"{prefix}_data_seed"
    st.session_state[key] = (int(st.session_state.get(key, 1)) + 1) % (2**31)


def regenerate_button(prefix: str, raw: dict) -> None:
    """Under the data seed, on its own line (beside the seed it was cut to "Regener…")."""
    st.button("Regenerate the data", key=f"{prefix}_regenerate", on_click=_on_regenerate,
              args=(prefix,), icon=":material/refresh:",
              help="Draw a new data set (the next data seed).", use_container_width=True)


# A page's extras drawn right under a field's widget: name -> fn(prefix, raw values so far).
Extras = Mapping[str, Callable[[str, dict], None]]
COMMON_EXTRAS: dict[str, Callable[[str, dict], None]] = {"data_seed": regenerate_button}


def _layers(prefix: str, spec: FieldSpec, task: str, raw: dict) -> None:
    # One widget for two fields: the number of layers with their units, and their g[l].
    raw[spec.name], raw["activations"] = layers_widget(prefix)


def _features(prefix: str, spec: FieldSpec, task: str, raw: dict) -> None:
    raw[spec.name] = features_widget(prefix, spec, task)


def _inputs(prefix: str, spec: FieldSpec, task: str, raw: dict) -> None:
    from playground.inputs_panel import inputs_widget

    raw[spec.name] = inputs_widget(prefix, spec, task)


# The widgets a field can name instead of its kind's (FieldSpec.widget); "with_layers" is
# drawn by "layers".
WIDGETS: dict[str, Callable[[str, FieldSpec, str, dict], None] | None] = {
    "layers": _layers, "with_layers": None, "features": _features, "inputs": _inputs,
}


def _draw_field(prefix: str, spec: FieldSpec, task: str, raw: dict) -> None:
    if spec.shown is not None and not spec.shown(raw):
        # Hidden (e.g. zeros has no scale): the value is kept as it is.
        if spec.hidden_note:
            st.caption(spec.hidden_note)
        raw[spec.name] = st.session_state.get(f"{prefix}_{spec.name}", spec.value())
    elif spec.widget:
        draw = WIDGETS[spec.widget]
        if draw is not None:
            draw(prefix, spec, task, raw)
    else:
        raw[spec.name] = field_widget(prefix, spec, task)


def sidebar(prefix: str, task: str, after: Extras | None = None) -> tuple[Setup, list[str]]:
    """Draw the page's sidebar controls from its field table (a heading, a short line and
    maybe a folded note per group) and return the validated Setup and its notices.
    ``after`` maps a field name to a function drawn right under that field's widget (e.g. the
    file uploader under the data set), added to ``COMMON_EXTRAS``."""
    page = S.page_for(task)
    extras = {**COMMON_EXTRAS, **(after or {})}
    raw: dict = {"task": task}
    with st.sidebar:
        for group in page.groups:
            # An assignment link's hidden fields get no widget (their values stay in raw).
            specs = [spec for spec in page.in_group(group.name)
                     if not assignment_panel.hidden_field(prefix, spec, raw)]
            if not specs:
                continue
            st.subheader(group.label)
            st.caption(group.help)
            if group.note is not None:
                with st.expander(group.note[0]):
                    st.markdown(group.note[1])
            for spec in specs:
                if assignment_panel.locked_field(prefix, spec, raw):
                    continue  # one line with its value, no widget and no extras
                _draw_field(prefix, spec, task, raw)
                if spec.name in extras:
                    extras[spec.name](prefix, raw)
    return S.validate(raw, task=task)


# --------------------------------------------------------------------------- the session
def page_session(
    prefix: str,
    task: str = "classification",
    make_data: Callable[[Setup], object] = make_plane_data,
    after: Extras | None = None,
) -> Session:
    """The page's Session, created from the URL on the first run, updated from the sidebar
    on every run; the URL follows the setup. Notices are shown with st.warning. ``after``:
    extras drawn under some fields' widgets (see ``sidebar``)."""
    ss = st.session_state
    skey = f"{prefix}_session"
    if skey not in ss:
        setup, notices = assignment_panel.setup_from_link(prefix, task)  # + hide, lock
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
    setup, notices = sidebar(prefix, task, after)
    if notices:
        ss[f"{prefix}_notices"] = [*ss.get(f"{prefix}_notices", []), *notices]
    imported = ss.pop(f"{prefix}_imported", None)
    if session.apply(setup) is not None and not notices and imported is None:
        ss[f"{prefix}_notices"] = []
    if imported is not None:
        session.notice = sentence(f"Loaded {imported}. {session.notice}")
    query = assignment_panel.link_query(prefix, setup_to_query(session.setup))
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


# --------------------------------------------------------------------------- an imported setup
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
