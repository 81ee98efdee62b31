"""Compare mode's state: two to four runs (A..D) of the Playground trained side by side.

``CompareRuns`` holds one ``Session`` per run. Every run trains on the same data from the
same seed: the *shared* fields (the data group, the display group, the seed and the speed:
``shared_fields``) are always run A's, so only what a student changes on purpose differs.
Runs train in step (``run_frame``: each frame brings every run to the same epoch), so the
curves are compared epoch for epoch; a run that diverges stops, the others go on.

``CompareRuns`` has what ``live.live_panel`` reads of a ``Session`` (playing, run_frame,
step, reset, epoch, diverged, version, notice, cache...): the live loop drives all runs
with its Play / Pause / Step / Reset unchanged.

In the link, next to run A's own keys (``playground.urlstate``)::

    runs=4&b=lr:0.1&c=lr:1&d=lr:10     four runs; B, C, D differ from A in the learning rate

each run's entry lists the URL keys where it differs from A (``key:value;key:value``).
Reading never raises: a bad entry is dropped with a notice. No Streamlit here.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from playground.fields import PageFields, Setup, show, validate
from playground.state import Session, sentence
from playground.urlstate import setup_from_query, setup_to_query, url_keys

NAMES = ("A", "B", "C", "D")
MIN_RUNS, MAX_RUNS = 2, 4
RUNS_KEY = "runs"                      # the link's number of runs (compare mode is on)
RUN_KEYS = tuple(n.lower() for n in NAMES[1:])  # "b", "c", "d": what each differs in
LINK_KEYS = (RUNS_KEY, *RUN_KEYS)
MAX_TEXT = 500                         # a longer run entry in a link is cut
# Besides the data and display groups: one seed (the same first weights for the same
# architecture) and one speed (the runs train in step anyway).
SHARED_NAMES = ("seed", "epochs_per_frame")
SHARED_GROUPS = ("data", "display")


def shared_fields(page: PageFields) -> tuple[str, ...]:
    """The fields every run takes from run A: the same data, seed, speed and display."""
    return tuple(spec.name for spec in page.fields
                 if spec.group in SHARED_GROUPS or spec.name in SHARED_NAMES)


def sweep_fields(page: PageFields) -> tuple[str, ...]:
    """The fields a sweep can vary: every field that is not shared (numbers, choices, the
    hidden layers and their activations); a bool is a comparison of two, not a sweep."""
    shared = set(shared_fields(page))
    return tuple(spec.name for spec in page.fields
                 if spec.name not in shared and spec.kind != "bool")


def with_shared(setup: Setup, source: Setup) -> Setup:
    """``setup`` with the shared fields of ``source`` (run A)."""
    names = shared_fields(source.page)
    return setup.replace(**{name: getattr(source, name) for name in names})


class _GroupTrainer:
    """The little of ``Trainer`` the live loop reads from a group: when every run has
    diverged, the epoch it stopped at; the jump guard's "Continue anyway" is per run, so a
    group offers none."""

    resumable = False

    def __init__(self, group: CompareRuns) -> None:
        self._group = group

    @property
    def diverged_epoch(self) -> int:
        return max((r.trainer.diverged_epoch or 0) for r in self._group.runs)

    def resume(self) -> None:  # pragma: no cover - never offered (resumable is False)
        pass


class CompareRuns:
    """Runs A..D, each a ``Session`` on the same data and seed, driven as one."""

    def __init__(self, first: Session, setups: list[Setup] | None = None) -> None:
        # Run A is the Playground's own Session (the sidebar, the checkpoints, the link).
        self.runs: list[Session] = [first]
        self.playing = False
        self.notice = ""
        self.cache: dict = {}
        self.trainer = _GroupTrainer(self)
        self._generation = 0  # bumped when runs are added, removed or swapped
        for setup in setups or [first.setup]:
            self._add(setup)
        self.reset()

    # ------------------------------------------------------------------ the runs
    def _add(self, setup: Setup) -> Session:
        first = self.runs[0]
        # The same data builder (the user's CSV, if any, lives in it) and the shared fields.
        run = Session(with_shared(setup, first.setup), make_data=first.make_data,
                      output=first.output)
        _exclude_from_checkpoints(run)
        self.runs.append(run)
        self._generation += 1
        return run

    @property
    def count(self) -> int:
        return len(self.runs)

    @property
    def names(self) -> tuple[str, ...]:
        return NAMES[:self.count]

    def set_count(self, n: int) -> None:
        """2 to 4 runs: new ones start as copies of A; all start again at epoch 0."""
        n = max(MIN_RUNS, min(MAX_RUNS, int(n)))
        if n == self.count:
            return
        while self.count > n:
            self.runs.pop()
            self._generation += 1
        while self.count < n:
            self._add(self.runs[0].setup)
        self.reset()
        self.notice = f"{n} runs: the new ones are copies of A. Change them, then press Play."

    def sync(self, edited: int = 0) -> str | None:
        """After run ``edited`` changed (the sidebar): its shared fields go to every run.
        A change that gave it new weights (new data, a new network) starts every run again
        at epoch 0, so they stay in step; a live change (a learning rate) goes on."""
        source = self.runs[edited]
        if edited:  # the shared fields are A's: a sidebar change of them on B is A's too
            self.runs[0].apply(with_shared(self.runs[0].setup, source.setup))
        base = self.runs[0].setup
        for i, run in enumerate(self.runs):
            if i:
                run.apply(with_shared(run.setup, base))
        epochs = {run.epoch for run in self.runs}
        if len(epochs) > 1 and min(epochs) == 0:
            # One run has new weights: all start again together (one starting point).
            playing = self.playing
            self.reset()
            self.playing = playing
            self.notice = sentence(f"{NAMES[edited]} changed: every run starts again at "
                                   "epoch 0, on the same data and seed")
            return "reset"
        return None

    def copy(self, source: int = 0, target: int = 1) -> None:
        """Run ``target`` becomes a copy of run ``source``; all start again at epoch 0."""
        self.runs[target].apply(self.runs[source].setup.replace())
        self.reset()
        self.notice = (f"{NAMES[target]} is now a copy of {NAMES[source]}: change "
                       f"{NAMES[target]}, then press Play.")

    def swap(self, i: int = 0, j: int = 1) -> None:
        """Runs ``i`` and ``j`` change places (their training goes with them); run A is the
        Playground's own session, so A's setup is the one in the sidebar and the link."""
        self.runs[i], self.runs[j] = self.runs[j], self.runs[i]
        self._generation += 1
        self.notice = f"{NAMES[i]} and {NAMES[j]} swapped."

    def sweep(self, field: str, values: list[str]) -> list[str]:
        """One run per value of ``field`` (2 to 4 values, as a link writes them: "0.1",
        "8,8", "relu"), the rest of each run A's setup; every run starts again at epoch 0.
        Returns notices for the values that had to be changed (clamped, unknown...)."""
        page = self.runs[0].setup.page
        spec = page.field(field)
        notices: list[str] = []
        if spec is None or field not in sweep_fields(page):
            return [f"{show(field)} cannot be swept: choose one of "
                    f"{', '.join(sweep_fields(page))}"]
        values = [str(v).strip() for v in values if str(v).strip()][:MAX_RUNS]
        if len(values) < MIN_RUNS:
            return [f"a sweep needs {MIN_RUNS} to {MAX_RUNS} values"]
        base = self.runs[0].setup.to_dict()
        setups = []
        for name, value in zip(NAMES, values, strict=False):
            setup, more = validate({**base, field: value}, task=page.task)
            notices += [f"{name}: {m}" for m in more]
            setups.append(setup)
        self.set_count(len(setups))
        for i, setup in enumerate(setups):
            self.runs[i].apply(setup)
        self.sync(0)
        self.reset()
        self.notice = sentence(f"A sweep of {spec.label}: {', '.join(values)}; press Play")
        return notices

    # ------------------------------------------------------------------ what differs
    def differing(self) -> list[str]:
        """URL keys of the fields where some run differs from another, in table order."""
        queries = [setup_to_query(r.setup, full=True) for r in self.runs]
        return [key for key in queries[0] if len({q.get(key) for q in queries}) > 1]

    def labels(self, limit: int = 2) -> list[str]:
        """Per run, its values of the fields that differ: "A · α 0.1", "B · α 1 · relu"."""
        keys = self.differing()[:limit]
        specs = url_keys()
        out = []
        for name, run in zip(self.names, self.runs, strict=True):
            query = setup_to_query(run.setup, full=True)
            out.append(" · ".join([name, *(_short(specs[k], query[k]) for k in keys)]))
        return out

    # ------------------------------------------------------------------ the link
    def to_query(self) -> dict[str, str]:
        """The link's compare part: ``runs`` and each run's differences from A."""
        return compare_query([r.setup for r in self.runs])

    # ------------------------------------------------------------------ the live loop's
    @property
    def setup(self) -> Setup:
        return self.runs[0].setup

    @property
    def version(self) -> str:
        # Any run's new figures (new data, weights, display), or the runs themselves.
        return f"c{self._generation}:" + ".".join(str(r.version) for r in self.runs)

    @property
    def epoch(self) -> int:
        """The epoch every run has reached (they train in step; a diverged run stops)."""
        going = [r.epoch for r in self.runs if not r.diverged]
        return min(going) if going else max(r.epoch for r in self.runs)

    @property
    def drawable_epoch(self) -> int:
        return min(r.drawable_epoch for r in self.runs)

    @property
    def diverged(self) -> str | None:
        """A message once every run has diverged (then nothing trains any more)."""
        if all(r.diverged for r in self.runs):
            return "Every run diverged: lower their learning rates."
        return None

    @property
    def stopped(self) -> list[str]:
        """The names of the runs that diverged (they stay as they stopped)."""
        return [n for n, r in zip(self.names, self.runs, strict=True) if r.diverged]

    def run_frame(self, time_budget: float) -> int:
        """One frame of every run that still trains, in step: each is brought to the
        slowest one's epoch plus ``epochs_per_frame``, its share of ``time_budget`` each.
        Returns the epochs the slowest run trained."""
        going = [r for r in self.runs if not r.diverged]
        if not going:
            self.playing = False
            return 0
        start = min(r.epoch for r in going)
        target = start + self.setup.epochs_per_frame
        behind = [r for r in going if r.epoch < target]
        for run in behind:
            run.run_frame(time_budget / len(behind), epochs=target - run.epoch)
        if self.diverged:
            self.playing = False
        going = [r for r in self.runs if not r.diverged]
        return (min(r.epoch for r in going) if going else start) - start

    def step(self, epochs: int = 1, time_budget: float | None = None) -> int:
        """``epochs`` more epochs for every run that still trains (the Step button)."""
        going = [r for r in self.runs if not r.diverged]
        share = None if time_budget is None else time_budget / max(len(going), 1)
        done = [r.step(epochs, time_budget=share) for r in going]
        return min(done, default=0)

    def reset(self) -> None:
        """Every run: new weights from the same seed, same data, epoch 0; paused."""
        self.playing = False
        for run in self.runs:
            run.reset()
        self.notice = "Reset: every run has new weights (same seed), same data, epoch 0."


def _exclude_from_checkpoints(run: Session) -> None:
    # Imported when a run is made: playground.resume is the page's (it imports Streamlit).
    from playground.resume import exclude

    exclude(run)


# A field's value in a picture's title, short: choices speak for themselves ("relu",
# "xavier", "adam"); numbers say what they are.
_SHORT = {"lr": "α", "units": "units", "scale": "scale", "l2": "L2", "batch": "batch",
          "alpha": "leak"}


def _short(spec, text: str) -> str:
    if spec.kind in ("choice", "per_layer", "choice_set"):
        return text.replace(",", "-")
    return f"{_SHORT.get(spec.key, spec.key)} {text.replace(',', '-')}"


# --------------------------------------------------------------------------- the link
def compare_query(setups: list[Setup]) -> dict[str, str]:
    """The compare part of a link for these runs' setups (A first): ``runs`` and, per run
    after A, the URL keys where it differs from A. A lab page's "Open as a comparison"
    adds it to A's own ``setup_to_query``."""
    query = {RUNS_KEY: str(len(setups))}
    a = setup_to_query(setups[0], full=True)
    for key, setup in zip(RUN_KEYS, setups[1:], strict=False):
        mine = setup_to_query(setup, full=True)
        diff = [f"{k}:{v}" for k, v in mine.items() if a.get(k) != v]
        if diff:
            query[key] = ";".join(diff)
    return query


def link(setups: list[Setup]) -> dict[str, str]:
    """The whole link's query for a comparison: run A's setup and the compare part."""
    return {**setup_to_query(setups[0]), **compare_query(setups)}



def _last(value: Any) -> str:
    if isinstance(value, list | tuple):
        value = value[-1] if value else ""
    return str(value)


def from_query(query: Mapping[str, Any], first: Setup) -> tuple[int, list[Setup], list[str]]:
    """(number of runs, the setups of runs B.., notices) from a link's compare part, run A
    being ``first``; (0, [], []) when the link has no ``runs``. Never raises."""
    notices: list[str] = []
    if RUNS_KEY not in query:
        return 0, [], []
    text = _last(query[RUNS_KEY]).strip()
    try:
        n = int(text)
    except ValueError:
        n = MIN_RUNS
        notices.append(f"runs={show(text)} is not a number: comparing {n} runs")
    if not MIN_RUNS <= n <= MAX_RUNS:
        clamped = max(MIN_RUNS, min(MAX_RUNS, n))
        notices.append(f"runs={n}: comparing {clamped} runs ({MIN_RUNS} to {MAX_RUNS})")
        n = clamped
    keys = url_keys()
    shared = set(shared_fields(first.page))
    base = setup_to_query(first, full=True)
    setups = []
    for name, key in zip(NAMES[1:n], RUN_KEYS, strict=False):
        raw = dict(base)
        for item in _last(query.get(key, ""))[:MAX_TEXT].split(";"):
            field_key, _, value = item.strip().partition(":")
            if not field_key:
                continue
            spec = keys.get(field_key)
            if spec is None or first.page.field(spec.name) is None:
                notices.append(f"run {name}: unknown parameter {show(field_key)!r} ignored")
            elif spec.name in shared:
                notices.append(f"run {name}: {spec.label} is the same for every run (A's)")
            else:
                raw[spec.key] = value
        setup, more = setup_from_query(raw, task=first.task)
        notices += [f"run {name}: {m}" for m in more]
        setups.append(setup)
    return n, setups, notices


__all__ = ["MAX_RUNS", "MIN_RUNS", "NAMES", "CompareRuns", "compare_query", "from_query",
           "link", "shared_fields", "sweep_fields", "with_shared"]
