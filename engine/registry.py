"""What the engine's registries share: a record's extra numbers, and live views of a field.

Each family (activations, initializers, losses, optimizers, 2-D data sets) keeps one dict,
name -> record, and every page reads the records; so adding one is adding one record.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Param:
    """An extra number a record takes (leaky ReLU's slope, Adam's beta1), with its range.

    ``low``/``high`` is the range the pages offer (a slider, URL validation); ``log`` says a
    slider should step by factors (1, 2, 5 per decade) rather than evenly.
    """

    name: str
    label: str
    default: float
    low: float
    high: float
    help: str = ""
    log: bool = False


class Column(Mapping):
    """A read-only, live view of one field of every record: name -> ``get(record)``.

    Live, so a record registered later (a test's toy activation) shows up in it too.
    """

    def __init__(self, registry: Mapping[str, Any], get: Callable[[Any], Any]):
        self._registry, self._get = registry, get

    def __getitem__(self, name: str) -> Any:
        return self._get(self._registry[name])

    def __iter__(self) -> Iterator[str]:
        return iter(self._registry)

    def __len__(self) -> int:
        return len(self._registry)


class GroupBy(Mapping):
    """A read-only, live view: key -> [names of the records whose ``get(record)`` is key],
    in the registry's order (e.g. the losses of each task)."""

    def __init__(self, registry: Mapping[str, Any], get: Callable[[Any], Any]):
        self._registry, self._get = registry, get

    def _groups(self) -> dict[Any, list[str]]:
        groups: dict[Any, list[str]] = {}
        for name, record in self._registry.items():
            groups.setdefault(self._get(record), []).append(name)
        return groups

    def __getitem__(self, key: Any) -> list[str]:
        return self._groups()[key]

    def __iter__(self) -> Iterator[Any]:
        return iter(self._groups())

    def __len__(self) -> int:
        return len(self._groups())


class Where(Mapping):
    """A read-only, live view of the records for which ``keep(record)`` is true, name ->
    record, in the registry's order (e.g. the activations a hidden layer may use)."""

    def __init__(self, registry: Mapping[str, Any], keep: Callable[[Any], bool]):
        self._registry, self._keep = registry, keep

    def __getitem__(self, name: str) -> Any:
        record = self._registry[name]
        if not self._keep(record):
            raise KeyError(name)
        return record

    def __iter__(self) -> Iterator[str]:
        return (name for name, record in self._registry.items() if self._keep(record))

    def __len__(self) -> int:
        return sum(1 for _ in self)
