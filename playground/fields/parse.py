"""Parsers for the values a user types, links or uploads: they turn text, numbers and lists
into a field's value, or raise ``Bad`` with the reason, and write a notice for each value
they had to change (clamped, rounded, cut). ``check_value`` is the one entry point a page's
table uses; ``core.validate`` catches ``Bad`` and falls back to the field's default, so
nothing a user sends ever raises.

No imports from the rest of the package: a spec and the setup built so far come in as
arguments (duck-typed), which keeps this module a leaf.
"""

from __future__ import annotations

import math
import numbers
from typing import Any

MAX_NOTICES = 12          # more notices than this are summarised in one line
MAX_TEXT = 200            # a longer string is refused without being parsed
_SHOW = 40                # at most this many characters of a bad value are echoed back

_TRUE = frozenset(("1", "true", "yes", "on", "t", "y"))
_FALSE = frozenset(("0", "false", "no", "off", "f", "n"))


class Bad(Exception):
    """A value that cannot be used; the message says why (without the 'using ...' part)."""


def show(value: Any) -> str:
    """A bad value as text for a notice, cut short (never echo a huge value back)."""
    if isinstance(value, str):
        text = value
    else:
        try:  # str: 0.5 and nan, also for NumPy scalars (not np.float32(nan))
            text = str(value) if isinstance(value, numbers.Number) else repr(value)
        except ValueError:  # an int with more digits than Python will print
            text = "a number too long to show"
    if len(text) > _SHOW:
        return text[:_SHOW] + f"… ({len(text)} characters)"
    return text


def fmt(value: Any) -> str:
    """A valid value as the notices write it: 1.2, 0.0001, 64, tanh, true, 4,4."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, list | tuple):
        return ",".join(fmt(v) for v in value) if value else "none"
    return show(value)


def limit_notices(notices: list[str]) -> list[str]:
    """At most MAX_NOTICES notices: the rest summed up in one line."""
    if len(notices) <= MAX_NOTICES:
        return notices
    extra = len(notices) - (MAX_NOTICES - 1)
    return [*notices[: MAX_NOTICES - 1], f"… and {extra} more notices"]


def normalize_name(value: str) -> str:
    """'Leaky ReLU' -> 'leaky_relu': how a typed choice is matched against the names."""
    return "_".join(value.strip().lower().replace("-", " ").split())


# --------------------------------------------------------------------------- scalars
def _is_bool(value: Any) -> bool:
    return type(value).__name__ in ("bool", "bool_")  # Python's or NumPy's


def _text(name: str, value: str) -> str:
    if len(value) > MAX_TEXT:
        raise Bad(f"{name} is too long ({len(value)} characters)")
    value = value.strip()
    if not value:
        raise Bad(f"{name} is empty")
    return value


def parse_float(name: str, value: Any) -> float:
    if _is_bool(value) or not isinstance(value, numbers.Real | str):
        raise Bad(f"{name}={show(value)} is not a number")
    if isinstance(value, str):
        value = _text(name, value)
        try:
            number = float(value)
        except (ValueError, OverflowError):
            raise Bad(f"{name}={show(value)} is not a number") from None
    else:
        try:
            number = float(value)
        except OverflowError:  # an int too large for a float
            number = math.inf if value > 0 else -math.inf
    if not math.isfinite(number):
        raise Bad(f"{name}={show(value)} is not a finite number")
    return number


def parse_int(name: str, value: Any, notices: list[str]) -> int:
    if isinstance(value, numbers.Integral) and not _is_bool(value):
        return int(value)
    if isinstance(value, str):
        text = _text(name, value)
        try:
            return int(text)
        except ValueError:
            pass
    number = parse_float(name, value)
    if not number.is_integer():
        rounded = round(number)
        notices.append(f"{name}={show(value)} is not a whole number: using {rounded}")
        return rounded
    return int(number)


def parse_bool(name: str, value: Any) -> bool:
    if _is_bool(value):
        return bool(value)
    if isinstance(value, numbers.Integral) and value in (0, 1):
        return bool(value)
    if isinstance(value, str):
        text = _text(name, value).lower()
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
    raise Bad(f"{name}={show(value)} is not true or false")


def parse_choice(name: str, value: Any, choices: tuple[str, ...]) -> str:
    if isinstance(value, str):
        text = _text(name, value)
        lookup = {normalize_name(c): c for c in choices}
        found = lookup.get(normalize_name(text))
        if found is not None:
            return found
    if len(choices) > 8:  # a long list is in the select box, not in the notice
        raise Bad(f"{name}={show(value)} is not a known {name}")
    raise Bad(f"{name}={show(value)} is not one of {', '.join(choices)}")


def clamp(name: str, number: float, low: float, high: float, notices: list[str]) -> float:
    if number < low:
        notices.append(f"{name} {fmt(number)} is less than {fmt(low)}: using {fmt(low)}")
        return low
    if number > high:
        notices.append(f"{name} {fmt(number)} is more than {fmt(high)}: using {fmt(high)}")
        return high
    return number


# --------------------------------------------------------------------------- lists
def items(name: str, value: Any) -> list[Any]:
    """A list field's items: a list/tuple as it is, a string split at commas."""
    if isinstance(value, list | tuple):
        return list(value)
    if isinstance(value, str):
        if len(value) > 20 * MAX_TEXT:
            raise Bad(f"{name} is too long ({len(value)} characters)")
        text = value.strip()
        if text.lower() in ("", "none"):
            return []
        return [item.strip() for item in text.split(",")]
    if isinstance(value, numbers.Real) and not _is_bool(value):
        return [value]
    raise Bad(f"{name}={show(value)} is not a list")


def check_int_list(spec: Any, value: Any, fallback: int, notices: list[str]) -> list[int]:
    """Whole numbers within the spec's bounds, at most ``spec.max_items`` of them (the hidden
    units n[l]); a bad item becomes ``fallback``."""
    listed = items(spec.name, value)
    most = spec.max_items
    if most is not None and len(listed) > most:
        notices.append(f"{spec.name}: {len(listed)} {spec.count} is more than {most}: "
                       f"keeping the first {most}")
        listed = listed[:most]
    low, high = spec.bounds()
    out = []
    for item in listed:
        try:
            n = parse_int(spec.item, item, notices)
        except Bad as bad:
            notices.append(f"{spec.name}: {bad}: using {fallback}")
            n = fallback
        out.append(int(clamp(spec.item, n, low, high, notices)))
    return out


def check_per_layer(spec: Any, value: Any, n_layers: int, default: str,
                    notices: list[str]) -> list[str]:
    """One choice per hidden layer (the activations g[l]): one name is used for every layer,
    too few repeat the last one, too many are cut, an unknown one becomes ``default``."""
    choices = spec.valid_choices()
    names = []
    for item in items(spec.name, value):
        try:
            names.append(parse_choice(spec.item, item, choices))
        except Bad as bad:
            notices.append(f"{spec.name}: {bad}: using {default}")
            names.append(default)
    if not names:
        if n_layers:
            notices.append(f"{spec.name}: none given for {n_layers} hidden layers: "
                           f"using {default}")
        return [default] * n_layers
    if len(names) == 1:  # one name: the same for all layers
        return names * n_layers
    if len(names) > n_layers:
        notices.append(f"{spec.name}: {len(names)} given for {n_layers} hidden layers: "
                       f"ignoring the extra ones")
        return names[:n_layers]
    if len(names) < n_layers:
        notices.append(f"{spec.name}: {len(names)} given for {n_layers} hidden layers: "
                       f"the last {n_layers - len(names)} use {names[-1]}")
        names += [names[-1]] * (n_layers - len(names))
    return names


def check_choice_set(spec: Any, value: Any, default: list[str],
                     notices: list[str]) -> list[str]:
    """Distinct names from the choices, in the order given (the housing features); unknown
    ones are dropped, and none left gives ``default``."""
    choices = spec.valid_choices()
    listed = items(spec.name, value)
    if len(listed) > 4 * len(choices):
        notices.append(f"{spec.name}: {len(listed)} given: keeping the first {len(choices)}")
        listed = listed[: len(choices)]
    names: list[str] = []
    for item in listed:
        try:
            name = parse_choice(spec.item, item, choices)
        except Bad as bad:
            notices.append(f"{spec.name}: {bad}: ignored")
            continue
        if name not in names:
            names.append(name)
    if not names:
        notices.append(f"{spec.name}: none chosen: using {fmt(default)}")
        return list(default)
    return names


def check_value(spec: Any, value: Any, partial: Any, fallback: Any,
                notices: list[str]) -> Any:
    """The valid value of one field, given the setup built so far (``partial``: the number of
    hidden layers) and the field's default there (``fallback``); raises Bad for a value to
    replace by that default."""
    name = spec.name
    if spec.kind in ("choice", "float", "int", "bool") and isinstance(value, list | tuple):
        if not value:
            raise Bad(f"{name} is empty")
        if len(value) > 1:
            notices.append(f"{name} was given {len(value)} times: using the last value")
        value = value[-1]
    if value is None:
        raise Bad(f"{name} is empty")
    if spec.kind == "choice":
        return parse_choice(name, value, spec.valid_choices())
    if spec.kind == "bool":
        return parse_bool(name, value)
    if spec.kind == "float":
        low, high = spec.bounds()
        return float(clamp(name, parse_float(name, value), low, high, notices))
    if spec.kind == "int":
        low, high = spec.bounds()
        return int(clamp(name, parse_int(name, value, notices), low, high, notices))
    if spec.kind == "int_list":
        base = spec.value()
        return check_int_list(spec, value, base[0] if base else 1, notices)
    if spec.kind == "per_layer":
        first = (fallback or spec.value() or list(spec.valid_choices()))[0]
        return check_per_layer(spec, value, len(partial.hidden_units), first, notices)
    if spec.kind == "choice_set":
        return check_choice_set(spec, value, fallback, notices)
    raise Bad(f"{name}: no parser for kind {spec.kind!r}")  # pragma: no cover
