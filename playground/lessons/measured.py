"""The teaching pages' fixed measurements, shipped with the app.

"Scale drives deep learning" and "Why deep" measure their charts by training dozens of small
networks: some 10 s of CPU on a quiet machine, a minute on a busy classroom server, on every
new server process. The runs are deterministic (seeded), so their results are stored once in
``assets/measured.json`` (written by ``scripts/make_measured.py``) and a page replays them:
a teacher's first visit draws the chart at once. A run the file does not hold (a student's
"Extend to n = 7", or a page whose constants changed since the file was written) is trained
here as before.

Each page's entry records the constants its runs depend on; when they differ from the
lesson's current ones the entry is ignored, so a stale file can slow a page but never show
numbers the page's own settings would not give. A test retrains a sample of the stored runs
and compares.

No Streamlit here.
"""

from __future__ import annotations

import copy
import functools
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

ASSET = Path(__file__).resolve().parents[2] / "assets" / "measured.json"
FORMAT = 1


def run_key(args: tuple) -> str:
    """A run's arguments as the file's key: JSON of the list (tuples become lists)."""
    return json.dumps(list(args), separators=(",", ":"))


class Store:
    """The stored runs of every page: {page: {"constants": {...}, "runs": {key: result}}}."""

    def __init__(self, pages: dict[str, dict] | None = None):
        self.pages: dict[str, dict] = pages or {}

    @classmethod
    def load(cls, path: Path = ASSET) -> Store:
        # A missing or unreadable file is an empty store: every run is trained here.
        try:
            doc = json.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return cls()
        if not isinstance(doc, dict) or doc.get("format") != FORMAT:
            return cls()
        pages = doc.get("pages")
        return cls(pages if isinstance(pages, dict) else {})

    def save(self, path: Path = ASSET) -> None:
        doc = {"format": FORMAT, "pages": self.pages}
        Path(path).write_text(json.dumps(doc, indent=1, sort_keys=True) + "\n", encoding="utf-8")

    def runs(self, page: str, constants: dict[str, Any]) -> dict[str, Any]:
        """The page's stored runs, or none if they were made with other constants."""
        entry = self.pages.get(page)
        if not isinstance(entry, dict) or entry.get("constants") != _plain(constants):
            return {}
        runs = entry.get("runs")
        return runs if isinstance(runs, dict) else {}

    def record(self, page: str, constants: dict[str, Any], args: tuple, result: Any) -> None:
        entry = self.pages.get(page)
        if not isinstance(entry, dict) or entry.get("constants") != _plain(constants):
            entry = self.pages[page] = {"constants": _plain(constants), "runs": {}}
        entry["runs"][run_key(args)] = result


@functools.cache
def shipped() -> Store:
    """The asset's store, read once per process and only read after: every session replays
    from it, and ``replaying`` hands each caller its own copy of a result."""
    return Store.load()


def _plain(constants: dict[str, Any]) -> dict[str, Any]:
    # Compared with what JSON gives back: tuples as lists, floats as floats.
    return json.loads(json.dumps(constants))


def replaying(page: str, constants: dict[str, Any], train: Callable[..., Any],
              store: Store | None = None) -> Callable[..., Any]:
    """``train`` with the page's stored results replayed: called with the same positional
    arguments, it returns the stored result when the file holds that run, else trains."""
    stored = (Store.load() if store is None else store).runs(page, constants)

    def replay(*args):
        key = run_key(args)
        if key in stored:
            return copy.deepcopy(stored[key])
        return train(*args)

    return replay


def recording(page: str, constants: dict[str, Any], train: Callable[..., Any],
              store: Store) -> Callable[..., Any]:
    """``train`` that also writes each run's result into ``store`` (the asset's writer)."""
    def record(*args):
        result = train(*args)
        store.record(page, constants, args, result)
        return result

    return record
