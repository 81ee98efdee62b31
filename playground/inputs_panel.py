"""The Playground's input-features picker (TF Playground's "Features" column): a
multiselect of the plane's features, in the order picked. Emptying it keeps the features in
use and says why (the network needs at least one input). The features themselves are
``engine.features``; what the network sees is ``playground.inputs``.
"""

from __future__ import annotations

import streamlit as st

from engine.features import PLANE_FEATURES, feature_labels
from playground.fields import FieldSpec

NONE_CHOSEN = "Choose at least one input feature: the network needs an input x. Still using {}"


def _label(name: str) -> str:
    record = PLANE_FEATURES.get(name)
    return record.label if record is not None else name


def _on_change(prefix: str) -> None:
    # Runs before the script, so the picker can still be filled: an empty choice would
    # silently mean the default set; the features in use are kept instead, with a notice.
    ss = st.session_state
    session = ss.get(f"{prefix}_session")
    if ss.get(f"{prefix}_inputs") or session is None:
        return
    kept = list(session.setup.inputs)
    ss[f"{prefix}_inputs"] = kept
    ss[f"{prefix}_notices"] = [NONE_CHOSEN.format(", ".join(feature_labels(kept)))]


def inputs_widget(prefix: str, spec: FieldSpec, task: str) -> list[str]:
    """The picker; returns the chosen names in order (the Setup's ``inputs``)."""
    options = list(spec.valid_choices(task))
    each = "; ".join(f"{_label(n)}: {PLANE_FEATURES[n].help}" for n in options
                     if n in PLANE_FEATURES and PLANE_FEATURES[n].help)
    return st.multiselect(spec.label, options, key=f"{prefix}_{spec.name}",
                          format_func=_label, on_change=_on_change, args=(prefix,),
                          help=f"{spec.help} Pick at least one. {each}")
