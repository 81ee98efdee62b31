"""The sidebar's widgets, one per field of a page's table (``playground.fields.PAGES``): a
select box, a checkbox, a slider or a number box from the field's kind and bounds, the hidden
layers with their units and activations, and the housing features picker. Every widget is keyed
``f"{prefix}_{field}"`` and gets no ``value=`` (``controls.load_setup`` fills its state).

``keep_widget``/``remember_widget`` give a page's own widgets (not part of the setup) their
state back after a page switch.
"""

from __future__ import annotations

import numpy as np
import streamlit as st

from engine.activations import ACTIVATIONS
from engine.datasets import DATASETS
from engine.initializers import INITIALIZERS
from engine.losses import LOSSES
from engine.optimizers import OPTIMIZERS
from playground import fields as S
from playground.state import Session

PER_LAYER = "per layer"

_REGISTRIES = (ACTIVATIONS, INITIALIZERS, LOSSES, OPTIMIZERS, DATASETS)


def _record(name: str):
    return next((registry[name] for registry in _REGISTRIES if name in registry), None)


def label_of(name: str, spec: S.FieldSpec | None = None) -> str:
    """The label users read for a choice: its engine record's label (activation,
    initializer, loss, optimizer, 2-D data set), else the field's own (``spec.labels``),
    else the name."""
    record = _record(name)
    if record is not None:
        return record.label
    own = dict(spec.labels) if spec is not None else {}
    return own.get(name, name.replace("_", " "))


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


def _on_init_change(prefix: str) -> None:
    # A new scheme comes with its own scale (normal 0.01, Xavier and He 1).
    init = st.session_state[f"{prefix}_init"]
    st.session_state[f"{prefix}_init_scale"] = S.default_init_scale(init)


# --------------------------------------------------------------------------- widgets
def _choice_help(spec: S.FieldSpec, options: list[str]) -> str:
    # Each record's label and one line under the field's own help, so the help names the
    # members the registry holds now (a data set's long name, what an optimizer does).
    records = [(n, r) for n in options if getattr(r := _record(n), "help", "")]
    if not records:
        return spec.help
    return "\n".join([spec.help, "", *(f"- **{r.label}**: {r.help}" for _, r in records)])


def field_widget(prefix: str, spec: S.FieldSpec, task: str):
    key = f"{prefix}_{spec.name}"
    ss = st.session_state
    if spec.kind == "choice":
        options = list(spec.widget_choices(task))
        if ss.get(key) not in options:
            ss[key] = options[0]
        on_change, args = (_on_init_change, (prefix,)) if spec.name == "init" else (None, ())
        return st.selectbox(spec.label, options, key=key, help=_choice_help(spec, options),
                            format_func=lambda n: label_of(n, spec), on_change=on_change,
                            args=args)
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


def _first_activation(prefix: str) -> str:
    # A new first hidden layer starts with the page's default g[l] (its field's).
    session = st.session_state.get(f"{prefix}_session")
    page = session.setup.page if session is not None else S.PLAYGROUND
    spec = page.field("activations")
    return spec.default[0] if spec is not None and spec.default else (
        S.registry_names("activations")[0])


def layers_widget(prefix: str) -> tuple[list[int], list[str]]:
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
        ss.setdefault(f"{prefix}_act_{i}",
                      ss.get(f"{prefix}_act_{i - 1}") or _first_activation(prefix))
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


def features_widget(prefix: str, spec: S.FieldSpec, task: str) -> list[str]:
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
