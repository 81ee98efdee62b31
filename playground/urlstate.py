"""The setup in the URL's query parameters, so a teacher can hand out a link.

Short, readable keys from the page's field table (`FieldSpec.key`): ``?ds=spiral&units=8,8
&act=relu&lr=0.03``. Only the page's fields whose values differ from their default are
written (short links; the page itself is the task, so ``task`` is not written); a full URL
with every key works as well, and so do the long field names (``learning_rate=0.03``).
Old links keep working: ``task`` naming the page's own task, and another page's values
that are what this page holds anyway (a link once carried them), are read silently; any
other value for a field this page does not have is ignored with a notice.

Reading never raises: a bad, out-of-range, empty, repeated, huge or unknown parameter gives a
valid Setup and a notice.  This module imports neither streamlit nor plotly.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from playground.fields import (
    PAGES,
    FieldSpec,
    Setup,
    contextual_default,
    fmt,
    limit_notices,
    show,
    validate,
)

MAX_PARAMETERS = 100  # more query parameters than this: the rest are ignored


def url_keys() -> dict[str, FieldSpec]:
    """Every page's fields by URL key and by long name (read at each call, so a field added
    to a table is linkable at once); ``validate`` then keeps the current page's."""
    keys: dict[str, FieldSpec] = {}
    for page in PAGES.values():
        for spec in page.fields:
            keys.setdefault(spec.key, spec)
    for page in PAGES.values():
        for spec in page.fields:
            keys.setdefault(spec.name, spec)
    return keys


def _encode(value: Any) -> str:
    """A field's value as URL text: 1.2, 0.0001 -> 0.0001, 4,4,2, tanh,relu, 1/0 for bools."""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float):
        return fmt(value)  # repr: the shortest text that reads back to the same float
    if isinstance(value, list):
        return ",".join(_encode(v) for v in value) if value else "none"
    return str(value)


def setup_to_query(setup: Setup, *, full: bool = False) -> dict[str, str]:
    """The query parameters of a setup: only values that differ from their default
    (given the task and the init scheme), or every field when full=True.
    A list of identical activations is written once (act=relu: the same for all)."""
    query: dict[str, str] = {}
    partial = setup.page.defaults()
    for spec in setup.page.fields:
        value = getattr(setup, spec.name)
        default = contextual_default(spec.name, partial)
        setattr(partial, spec.name, value)
        if not full and value == default:
            continue
        if spec.name == "activations" and value and len(set(value)) == 1:
            query[spec.key] = value[0]
        else:
            query[spec.key] = _encode(value)
    return query


def _values(query: Any) -> Iterable[tuple[Any, Any]]:
    """(key, value) pairs of a mapping, of Streamlit's query_params, or of a list of pairs."""
    if isinstance(query, Mapping):
        getter = getattr(query, "get_all", None)  # st.query_params keeps repeated keys
        for key in list(query):
            yield key, (getter(key) if callable(getter) else query[key])
    elif isinstance(query, list | tuple):
        for pair in query:
            if isinstance(pair, list | tuple) and len(pair) == 2:
                yield pair[0], pair[1]


def setup_from_query(query: Any, *, task: str | None = None) -> tuple[Setup, list[str]]:
    """A valid Setup from query parameters (key -> str, or key -> list of str for a
    repeated parameter), and notices for what was clamped, replaced or ignored.
    `task` is the page's task (see `validate`). Never raises."""
    notices: list[str] = []
    raw: dict[str, Any] = {}
    unknown: list[str] = []
    try:
        pairs = list(_values(query))
    except Exception:  # an object that is not a mapping: keep the defaults
        pairs = []
        notices.append("the link's parameters could not be read: using the defaults")
    if len(pairs) > MAX_PARAMETERS:
        notices.append(f"the link has {len(pairs)} parameters: reading the first "
                       f"{MAX_PARAMETERS}")
        pairs = pairs[:MAX_PARAMETERS]
    keys = url_keys()
    for key, value in pairs:
        key = str(key)
        spec = keys.get(key)
        if key == "task":  # an old link names its page; validate compares it with this one
            raw["task"] = value[-1] if isinstance(value, list | tuple) and value else value
            continue
        if spec is None:
            unknown.append(key)
            continue
        name = spec.name
        if isinstance(value, list | tuple) and len(value) == 1:
            value = value[0]
        if name in raw:  # the short key and the long name both given
            notices.append(f"{name} was given twice: using {show(value)}")
        if isinstance(value, list | tuple) and spec.is_list:
            notices.append(f"{name} was given {len(value)} times: using the last value")
            value = value[-1] if value else ""
        if not isinstance(value, str | list | tuple):
            value = str(value)
        raw[name] = value
    setup, more = validate(raw, task=task, limit=False)
    notices += more
    notices += [f"unknown parameter {show(key)!r} ignored" for key in unknown]
    return setup, limit_notices(notices)


__all__ = ["setup_from_query", "setup_to_query", "url_keys"]
