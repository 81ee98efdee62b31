"""A fault costs a reconnect, not the work: the pages' checkpoints, wired into Streamlit.

Each browser *tab* has a secret key (``checkpoints.new_key``), kept by the tiny component
``components/checkpoint_key`` in the tab's sessionStorage, never in the URL (a teacher's link
carries the setup, not the teacher's work). Each live page's Session is written under
(key, page) by ``autosave``: every ``save_every()`` seconds while it trains (``SAVE_EVERY``
alone, longer when many play in the process), and at once after Pause, Step, Reset or a
change of setup.

When the server is killed and restarted, or nginx fails a page over to another replica, the
page reconnects to a new, empty Streamlit session: ``page_session`` builds a fresh Session
from the URL, the component reports the tab's earlier key, and ``restore`` puts the saved
work in place (paused), saying "Restored at epoch N". The same happens on a reload.

What the tab cases do:
- reload, reconnect, failover: the same tab, the same key: the work comes back;
- a new tab, or a link opened elsewhere: empty sessionStorage, a new key, a new session;
- "Duplicate tab" (the browser copies sessionStorage): the copy finds the original tab still
  using the key (BroadcastChannel), so it starts from a copy of the work under a new key of
  its own; the two tabs never write over each other;
- a different link pasted into a tab that has work: its setup differs from the saved one,
  so the link wins (nothing is restored).

The store comes from the ``NN_PLAYGROUND_CHECKPOINTS`` setting (``checkpoints.store_from_env``);
a store that fails is logged and retried later, and the page goes on without it.
"""

from __future__ import annotations

import functools
import logging
import os
import time
from pathlib import Path

import streamlit as st
import streamlit.components.v1 as components

from playground import checkpoints as C
from playground.fairshare import SHARE
from playground.state import PlaneData, Session
from playground.urlstate import setup_to_query

log = logging.getLogger(__name__)

SAVE_EVERY = float(os.environ.get("NN_PLAYGROUND_CHECKPOINT_EVERY", "2"))  # seconds, playing
# ...for a session that plays alone. A checkpoint costs a zip of the session and a write (10 %
# of a busy server's work at 10 students, every 2 s each): with N playing in the process each
# saves every N * SAVE_EVERY seconds, at most SAVE_AT_MOST, so the process writes about one
# checkpoint per SAVE_EVERY whatever the class size. Pause, Step, Reset still save at once.
SAVE_AT_MOST = 30.0
RETRY_AFTER = 30.0          # seconds without writes after the store failed
TAB_KEY = "nnpg_checkpoint_tab"           # st.session_state: {"key": ..., "answered": ...}
COMPONENT_KEY = "nnpg_checkpoint_key"     # the component's widget key (its value: a report)
_CACHE = "checkpoint"                     # Session.cache entry: the page's _Saver

_key_component = components.declare_component(
    "checkpoint_key", path=str(Path(__file__).resolve().parent / "components" / "checkpoint_key"))


@functools.cache
def store():
    """This process's store (None when the setting is "off" or names no usable store)."""
    try:
        found = C.store_from_env()
    except (ValueError, C.StoreError) as err:
        log.error("Checkpoints are off: %s", err)
        return None
    log.info("Checkpoints in %r", found)
    return found


class _Saver:
    """What autosave remembers about one page's Session."""

    def __init__(self, page: str, state: tuple | None = None) -> None:
        self.page = page
        self.state = state
        self.saved_at = 0.0
        self.retry_at = 0.0


def _state(session: Session) -> tuple:
    # Changes whenever there is something new to save (cheap: compared every frame).
    setup = tuple((k, tuple(v) if isinstance(v, list) else v)
                  for k, v in session.setup.to_dict().items())
    return (id(session), session.version, session.epoch, session.diverged, setup)


def save_every(playing: int | None = None) -> float:
    """Seconds between a playing session's checkpoints, with ``playing`` sessions playing in
    this process (default: as ``fairshare.SHARE`` counts them)."""
    if playing is None:
        playing = SHARE.playing()
    return max(SAVE_EVERY, min(SAVE_AT_MOST, SAVE_EVERY * playing))


def _tab() -> dict:
    return st.session_state.setdefault(TAB_KEY, {"key": C.new_key(), "answered": None})


def autosave(session: Session) -> None:
    """Write the session's checkpoint if it changed: at once when paused, at most every
    ``save_every()`` seconds while playing. A session without a page (tests) is left alone."""
    saver = session.cache.get(_CACHE)
    target = store()
    if saver is None or target is None:
        return
    if session.setup.dataset == "upload" and C.upload_in_use(session) is None:
        return  # trained on a file too big to checkpoint: no half restore
    now = time.monotonic()
    state = _state(session)
    if state == saver.state or now < saver.retry_at:
        return
    if session.playing and now - saver.saved_at < save_every():
        return
    saver.state, saver.saved_at = state, now
    try:
        target.put(_tab()["key"], saver.page, C.session_to_bytes(session))
    except ValueError:
        pass  # NaN weights after a divergence: the checkpoint before it is the one to keep
    except Exception as err:  # the store is a safety net: it never stops the training
        saver.retry_at = now + RETRY_AFTER
        log.warning("Checkpoint not written (retrying in %.0f s): %s", RETRY_AFTER, err)


def _restore(prefix: str, task: str, make_data, key: str) -> Session | None:
    # The checkpoint under (key, page) as a Session, if there is one for the current setup.
    target = store()
    if target is None:
        return None
    current: Session = st.session_state[f"{prefix}_session"]
    if current.epoch or current.playing:
        return None  # the student has already started here: keep that
    try:
        data = target.get(key, prefix)
        if data is None:
            return None
        restored = C.session_from_bytes(data, lambda setup, uploaded=None: Session(
            setup, make_data=make_data if uploaded is None else PlaneData(uploaded)), task=task)
    except C.StoreError as err:
        log.warning("Checkpoint not read: %s", err)
        return None
    except Exception as err:  # ValueError: it does not fit; anything else: never a traceback
        log.warning("Checkpoint for page %s not used: %s", prefix, err)
        return None
    if setup_to_query(restored.setup) != setup_to_query(current.setup):
        return None  # another link was opened in this tab: the link wins
    return restored


def restore(prefix: str, task: str, make_data) -> None:
    """Called by ``page_session`` right after it made sure the page's Session exists: bring
    back this tab's saved work for the page (a reconnect, a failover, a reload), once."""
    from playground.controls import load_setup

    ss = st.session_state
    session: Session = ss[f"{prefix}_session"]
    tab = _tab()
    report = ss.get(COMPONENT_KEY)
    wanted = None
    if (isinstance(report, dict) and report.get("for") == tab["key"]
            and C.valid_key(report.get("restore")) and tab["answered"] != report):
        tab["answered"] = report  # the browser knew an earlier key: this is a reconnect
        wanted = report["restore"]
        if report.get("adopt"):
            tab["key"] = wanted
    elif _CACHE not in session.cache:
        wanted = tab["key"]  # a new page of this session: its own earlier work, if any
    restored = None if wanted is None else _restore(prefix, task, make_data, wanted)
    if restored is not None:
        restored.version = session.version + 1  # the browser redraws every figure
        restored.notice = (f"Restored at epoch {restored.epoch:,}: the page reconnected and "
                           "found its work. Press Play to go on.")
        ss[f"{prefix}_session"] = session = restored
        load_setup(prefix, restored.setup)
    if _CACHE not in session.cache:
        session.cache[_CACHE] = _Saver(prefix, _state(session) if restored else None)


class _Never(_Saver):
    """The saver of a session that is never checkpointed (``exclude``)."""

    def __init__(self) -> None:
        super().__init__("")
        self.retry_at = float("inf")  # autosave never writes it


def exclude(session: Session) -> None:
    """Never checkpoint this session, nor restore a page's work into it: compare mode's
    runs B..D (only the Playground's own session, run A, is the tab's work)."""
    session.cache[_CACHE] = _Never()


def track(prefix: str) -> None:
    """Called at the end of ``page_session``: save what changed, and keep the tab's key in
    its sessionStorage (the component, drawn at the bottom of the sidebar, takes no room)."""
    autosave(st.session_state[f"{prefix}_session"])
    with st.sidebar:
        _key_component(tab_key=_tab()["key"], key=COMPONENT_KEY, default=None)
