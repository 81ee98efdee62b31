"""The live panel and its training loop: train in the server, redraw figures in place.

How to use it on a page (the Playground page does exactly this; the Housing page too)::

    from playground import live
    from playground.state import Session

    # the task picks the page's field table (playground.fields.page_for)
    session = controls.page_session("hs", task="regression", make_data=...)
    live.live_panel(MyView(), "hs")   # buttons + chart + stats, live, for
                                      # st.session_state["hs_session"]

``MyView`` is a ``live_chart.LiveView`` (``plane_view.PlaneView``,
``housing_view.HousingView``): it says *what* is drawn; ``playground.live_chart`` is the
component and defines what it is sent. The parts of Streamlit's internals the loop needs
are in ``playground.streamlit_private``.

``live_panel`` runs as an ``st.fragment``: Play / Pause / Step / Reset, the component, and the
frame loop. While the session plays, each frame trains up to ``setup.epochs_per_frame`` epochs
within a time budget (so a huge network slows down instead of freezing the page), then sends
one frame; frames are capped at ``MAX_FPS``. A click on a button makes Streamlit stop the loop
at its next element call and rerun the fragment, so Pause is answered within one frame.

Frames also carry ``epoch``: the epoch of the network their pictures show (after a
divergence, the last finite weights: ``Session.drawable_network``), and the stats line gives
that network's numbers. The line next to the buttons (``note_text``) shows the last change's
notice until training moves on, then the status; the loop rewrites it when it changes. After
a zoom of the boundary the component's value carries the visible range (``zoom_view``), and
the picture's grid is evaluated over it.

Frames carry the server's send time. A page that receives them more than 2.5 s late (a slow
or busy computer, where frames queue up in front of a click such as Pause) says so through
the component's value, and from then on the session is *paced*: it uses the pull loop, which
sends each frame only after the browser has drawn the previous one. A page too frozen to say
anything is paced by the server when more than ``MAX_BACKLOG`` messages wait in Streamlit's
send queue for it (``client_backlog``; at 500 Streamlit would drop the connection). Pacing
works both ways: a paced page that answers ``KEEP_UP_FRAMES`` frames in a row, each within
``KEEP_UP_SECONDS``, is pushed at full speed again (``_check_pace``; twice as many frames
each time the same page had to be paced again), and the page may say "behind" again.

The playing sessions of the process share its one core fairly (``playground.fairshare``):
each frame's training and drawing is done in turn, the training time divided among them,
and while the server itself is late a page's "behind" is not taken as the page's fault.
While sharing slows them, the status says "shared server: N students training".
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable

import streamlit as st

from playground import live_chart, resume
from playground.fairshare import SHARE
from playground.live_chart import LiveView, Panel, stat, zoom_view  # noqa: F401 (re-exported)
from playground.plane_view import PlaneView, curve_updates  # noqa: F401 (re-exported)
from playground.state import STEP_BUDGET, Session
from playground.streamlit_private import client_backlog, rerun_pending
from playground.text import plain

MAX_FPS = float(os.environ.get("NN_PLAYGROUND_MAX_FPS", "30"))
MAX_BACKLOG = 60          # frames queued for a browser (2 s at 30/s) before it is paced
SLOW_EVERY = 0.3          # seconds between refreshes of the costly parts (diagram)...
SLOW_FRAMES = 6           # ...and frames between them, at least (push loop)
TRAIN_SHARE = 0.75        # share of a frame's period given to training at most
# "push" (default): one fragment run loops, training and pushing frames until a click asks
# for a rerun (rerun_pending). "pull": one frame per fragment run, the browser asks for the
# next one after drawing the last; every frame then pays a whole fragment rerun (about 4
# frames/s against push's 22 on a quiet 2-core machine). Both: benchmarks/live_fps.py --mode.
# The pull loop also serves every paced session, whatever this says.
LOOP_MODE = os.environ.get("NN_PLAYGROUND_LIVE_LOOP", "push")
KEEP_UP_SECONDS = 1.0     # a paced page that draws each frame this late at most (well under
KEEP_UP_FRAMES = 10       # the 2.5 s of "behind"), this many frames in a row, is pushed again


# --------------------------------------------------------------------------- the panel
def _status(session: Session) -> tuple[str, str]:
    if session.diverged:
        shown = session.drawable_epoch
        stopped = session.trainer.diverged_epoch
        # Short: the status sits in the one-line stats row; the message below says why.
        if shown == stopped:  # the epoch is next to it
            return "stopped", "Stopped"
        return "stopped", f"Stopped at {stopped:,}; shown: epoch {shown:,}"
    if session.playing:
        if SHARE.slowed():
            # Frames and epochs are shared out (playground.fairshare): say so, so that a
            # student does not take a slower curve for a network that learns slowly.
            # Short enough for the stats row at 1280 px (it says "Training…" alone).
            return "playing", f"Shared server: {SHARE.playing()} students training"
        return "playing", "Training…"
    return "paused", "Paused"


def note_text(session: Session) -> str:
    """The line next to the buttons: the last change's notice while it is news (training
    has not moved since it was first shown), else what is true now."""
    notice, cache = session.notice, session.cache
    if notice:
        seen = cache.get("notice_seen")
        if seen is None or seen[0] != notice:
            seen = cache["notice_seen"] = (notice, session.epoch)
        if seen[1] == session.epoch:
            return plain(notice)  # it can hold a file name or a link's value
    if session.diverged:
        return f"Training stopped at epoch {session.trainer.diverged_epoch:,}: see below."
    if session.playing:
        return "Training… change the learning rate at any time; Pause stops."
    if session.epoch == 0:
        return "Press Play to train, or Step for one epoch."
    return f"Paused at epoch {session.epoch:,}: Play goes on, Reset starts again at 0."


def _refresh_note(session: Session) -> None:
    # The notice line is written again only when its text changes (once per notice).
    note = session.cache.get("note_slot")
    text = note_text(session)
    if note is not None and session.cache.get("note_shown") != text:
        session.cache["note_shown"] = text
        note.caption(text)


def _send(slot, key: str, view: LiveView, session: Session, *, base: bool, slow: bool,
          seq: int) -> None:
    _refresh_note(session)
    paced = session.cache.get("paced")  # None, "browser" (it said it is behind) or "server"
    frame = live_chart.frame_message(
        view.frame(session, slow), session, seq=seq, paced=paced,
        ack=(LOOP_MODE == "pull" or paced is not None) and session.playing,
        status=_status(session))
    live_chart.render(slot, key, session,
                      live_chart.base_payload(view, session) if base else None, frame)


def _on_play(session_key: str) -> None:
    s: Session = st.session_state[session_key]
    if s.diverged:
        s.notice = "Training diverged: press Reset (and lower the learning rate) first."
        s.playing = False
        return
    s.playing = not s.playing


def _on_resume(session_key: str) -> None:
    s: Session = st.session_state[session_key]
    if s.trainer.resumable:
        s.trainer.resume()  # the blow-up guard stays off for the rest of this run
        s.notice = "The jump guard is off until Reset: press Play (or Step) to go on."
        s.playing = False


def _on_step(session_key: str) -> None:
    s: Session = st.session_state[session_key]
    s.playing = False
    s.step(1, time_budget=STEP_BUDGET)  # one epoch, or about a second of it


def _on_reset(session_key: str) -> None:
    st.session_state[session_key].reset()


def live_panel(view: LiveView, prefix: str, after: Callable[[str], None] | None = None,
               shortcuts: dict[str, str] | None = None) -> None:
    """Buttons, stats line and live figures for the Session in
    st.session_state[f"{prefix}_session"]; widget keys f"{prefix}_play", "_step", "_reset",
    the component f"{prefix}_live". ``shortcuts``: keys for "play", "step" and "reset"
    (presenter mode).

    Runs as a fragment: a button click reruns only this part of the page. ``after(prefix)``
    draws more under the figures inside the same fragment, before the frame loop starts: so
    it is redrawn after every Play, Pause, Step and Reset, and never interrupts the loop
    (a second fragment with run_every would).
    """
    _live_fragment(view, prefix, after, shortcuts or {})


@st.fragment
def _live_fragment(view: LiveView, prefix: str,
                   after: Callable[[str], None] | None = None,
                   shortcuts: dict[str, str] | None = None) -> None:
    shortcuts = shortcuts or {}
    session_key = f"{prefix}_session"
    session: Session = st.session_state[session_key]
    resume.autosave(session)  # after Pause, Step, Reset: the checkpoint holds this state
    key = f"{prefix}_live"
    c1, c2, c3, c4 = st.columns([1, 1, 1, 3], vertical_alignment="center")
    c1.button("Pause" if session.playing else "Play", key=f"{prefix}_play",
              icon=":material/pause:" if session.playing else ":material/play_arrow:",
              on_click=_on_play, args=(session_key,), type="primary",
              use_container_width=True, shortcut=shortcuts.get("play"))
    c2.button("Step", key=f"{prefix}_step", icon=":material/skip_next:", on_click=_on_step,
              args=(session_key,),
              help="Train one epoch (one pass over the training set) and stop.",
              use_container_width=True, shortcut=shortcuts.get("step"))
    c3.button("Reset", key=f"{prefix}_reset", icon=":material/restart_alt:",
              on_click=_on_reset, args=(session_key,),
              help="New weights from the same seed, same data: epoch 0.",
              use_container_width=True, shortcut=shortcuts.get("reset"))
    session.cache["note_slot"], session.cache["note_shown"] = c4.empty(), None
    message = st.empty()
    if session.diverged:
        if session.trainer.resumable:
            with message.container():
                # The trainer's message already says to lower the learning rate.
                st.error(plain(session.diverged) + " Then press Reset, or go on from here: a "
                         "deep network sometimes falls off a cliff of the cost surface and "
                         "climbs back.")
                st.button("Continue anyway", key=f"{prefix}_resume", on_click=_on_resume,
                          args=(session_key,), icon=":material/warning:")
        else:
            message.error(plain(session.diverged) + " Press Reset to start again.")
    slot = st.empty()
    if after is not None:
        after(prefix)
    held = st.session_state.get(key) or {}
    session.cache["view"] = zoom_view(held.get("view"))
    if not session.playing:
        SHARE.leave(id(session))  # paused: the others share the core without it
    _check_pace(session, held)
    if LOOP_MODE == "push" and not session.cache.get("paced"):
        _push_loop(slot, key, view, session)
    else:
        _pull_step(slot, key, view, session)


def _check_pace(session: Session, held: dict) -> None:
    cache = session.cache
    behind = held.get("behind")
    if behind and behind != cache.get("behind_seen"):
        cache["behind_seen"] = behind
        # The browser said frames reach it late (a slow computer, or a busy one): from now
        # on this session waits for each frame to be drawn before it sends the next. Unless
        # the server itself is late (sessions wait long for their turn): then the lateness
        # is the server's queue, and the pull loop would only cost more per frame.
        if not SHARE.late() and not cache.get("paced"):
            _pace(cache, "browser")
    sent = cache.get("sent_at")
    if cache.get("paced") and sent and held.get("ack") == sent[0]:
        # The answer to the last frame sent: a page that keeps up again (a laptop that woke
        # up) goes back to the push loop after KEEP_UP_FRAMES quick answers in a row.
        # The page says how late it drew the frame ("late", ms); else (the load generator)
        # the time since it was sent, which also counts this server's rerun.
        late = held.get("late")
        if isinstance(late, int | float):
            quick = late < 1000 * KEEP_UP_SECONDS
        else:
            quick = time.perf_counter() - sent[1] < KEEP_UP_SECONDS
        cache["kept_up"] = cache.get("kept_up", 0) + 1 if quick else 0
        # Twice as many each time it was paced again: a page that falls behind whenever it
        # is pushed (a slow computer) stays paced instead of swinging between the loops.
        if cache["kept_up"] >= KEEP_UP_FRAMES * 2 ** (cache.get("times_paced", 1) - 1):
            cache.pop("paced", None)
            cache["kept_up"] = 0


def _pace(cache: dict, why: str) -> None:
    cache["paced"], cache["kept_up"] = why, 0
    cache["times_paced"] = cache.get("times_paced", 0) + 1


def _push_loop(slot, key: str, view: LiveView, session: Session) -> None:
    # One script run keeps training and sending frames until a click interrupts it.
    # Frame numbers keep growing across runs (the browser skips a frame number it holds).
    cache = session.cache
    seq = cache["seq"] = cache.get("seq", 0) + 1
    _send(slot, key, view, session, base=True, slow=True, seq=seq)
    period = 1.0 / MAX_FPS
    last_slow, since_slow = time.perf_counter(), 0
    while session.playing and not rerun_pending():
        start = time.perf_counter()
        with SHARE.turn(id(session), give_up=rerun_pending):
            # Training and the frame in turn with the other playing sessions of this
            # process, the training time divided among them (playground.fairshare).
            session.run_frame(time_budget=SHARE.budget(TRAIN_SHARE * period))
            trained = time.perf_counter()
            if session.diverged:
                # Keep the last good picture on screen; rerun to show the message and "Play".
                st.rerun(scope="fragment")
            seq = cache["seq"] = seq + 1
            # The costly parts (diagram) every SLOW_EVERY seconds and at most every
            # SLOW_FRAMES frames: when a busy server (a whole class) sends few frames, they
            # stay cheap instead of each carrying the diagram.
            since_slow += 1
            slow = start - last_slow >= SLOW_EVERY and since_slow >= SLOW_FRAMES
            if slow:
                last_slow, since_slow = start, 0
            _send(slot, key, view, session, base=False, slow=slow, seq=seq)
            resume.autosave(session)  # every few seconds while training
            SHARE.drew(time.perf_counter() - trained)
        backlog = client_backlog()
        if backlog is not None and backlog > MAX_BACKLOG:
            # The browser has stopped reading: pace this session (see live_panel).
            _pace(session.cache, "server")
            st.rerun(scope="fragment")
        rest = period - (time.perf_counter() - start)
        if rest > 0:
            time.sleep(rest)


def _pull_step(slot, key: str, view: LiveView, session: Session) -> None:
    # One frame per fragment run. While playing, the browser answers each drawn frame with
    # its value {"ack": seq, "spec": ...}, which reruns this fragment for the next frame:
    # frames never pile up faster than the browser draws them (Pause stays instant), and
    # a reloaded page that lacks the base figures asks for them (spec differs).
    # Training is pipelined: after sending frame k we train the epochs of frame k+1 while
    # the browser draws k, so the next run can send at once.
    cache = session.cache
    held = st.session_state.get(key) or {}
    budget = TRAIN_SHARE / MAX_FPS
    if session.playing and not cache.get("pretrained"):
        with SHARE.turn(id(session), give_up=rerun_pending):
            session.run_frame(time_budget=SHARE.budget(budget))
        if session.diverged:
            st.rerun(scope="fragment")  # show the message and "Play"; the picture stays good
    rest = 1.0 / MAX_FPS - (time.perf_counter() - cache.get("last_frame", 0.0))
    if session.playing and rest > 0:
        time.sleep(rest)  # at most MAX_FPS frames per second
    now = time.perf_counter()
    slow = not session.playing or now - cache.get("last_slow", 0.0) >= SLOW_EVERY
    if slow:
        cache["last_slow"] = now
    cache["last_frame"] = now
    cache["seq"] = seq = cache.get("seq", 0) + 1
    _send(slot, key, view, session, base=held.get("spec") != session.version, slow=slow,
          seq=seq)
    cache["sent_at"] = (seq, time.perf_counter())  # timed against the ack (_check_pace)
    cache["pretrained"] = session.playing
    if session.playing:
        with SHARE.turn(id(session), give_up=rerun_pending):
            session.run_frame(time_budget=SHARE.budget(budget))
