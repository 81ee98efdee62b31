"""The live machinery: train in the server, redraw Plotly figures in place in the browser.

How to use it on a page (the Playground page does exactly this; the Housing page too)::

    from playground import live
    from playground.state import Session

    session = controls.page_session("hs", task="regression", make_data=..., fields=...)
    live.live_panel(MyView(), "hs")   # buttons + chart + stats, live, for
                                      # st.session_state["hs_session"]

``MyView`` implements ``LiveView``: two methods that say *what* is drawn:

- ``base_figures(session) -> list[Panel]``: the full Plotly figures (from the pure builders
  in ``figures.py``), each with its name and width (a fraction of the row). Sent to the
  browser once per script run, or when the browser asks for them.
- ``frame(session, slow) -> dict``: only the numbers that move, as
  ``{"figures": {name: {"traces": {index: {prop: value}}}, ...}, "stats": [Stat...]}``
  (or ``{name: {"data": [...]}}`` to replace all traces of a figure). ``slow`` is True about
  every ``SLOW_EVERY`` seconds: the time to refresh costly parts (the network diagram).
  Every number must be finite: the session stops at divergence before a frame is built.

``live_panel`` runs as an ``st.fragment``: Play / Pause / Step / Reset, the component, and the
frame loop. While the session plays, each frame trains up to ``setup.epochs_per_frame`` epochs
within a time budget (so a huge network slows down instead of freezing the page), then sends
one frame; frames are capped at ``MAX_FPS``. A click on a button makes Streamlit stop the loop
at its next element call and rerun the fragment, so Pause is answered within one frame.

The component (``components/live_chart``: an index.html and a hand-written JS file, no build)
draws the base figures once and applies each frame in place: no remount, no blank frame.
Panels of kind "curve" (the training curves) it draws on a canvas of its own. Plotly panels
use the plotly.min.js that the ``plotly`` package ships (no CDN), with ``Plotly.react`` and a
constant ``layout.uirevision`` so the user's zoom is kept; a view with ``plotly_loading =
"lazy"`` (the Playground) starts with the component's own drawings of its Plotly panels and
loads plotly.js (about a second of the browser's main thread) only when the pointer comes
over one or the page is idle, so the page answers Play at once. Frames are coalesced with
``requestAnimationFrame``: a slow browser draws the latest frame and skips the rest.

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
send queue for it (``client_backlog``; at 500 Streamlit would drop the connection).
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import numpy as np
import plotly
import plotly.graph_objects as go
import streamlit as st
import streamlit.components.v1 as components
from streamlit.elements.lib.utils import user_key_from_element_id
from streamlit.runtime.scriptrunner_utils.script_requests import ScriptRequestType
from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

from playground import figures, resume
from playground.state import Session
from playground.text import plain

MAX_FPS = float(os.environ.get("NN_PLAYGROUND_MAX_FPS", "30"))
MAX_BACKLOG = 60          # frames queued for a browser (2 s at 30/s) before it is paced
SLOW_EVERY = 0.3          # seconds between refreshes of the costly parts (diagram)...
SLOW_FRAMES = 6           # ...and frames between them, at least (push loop)
TRAIN_SHARE = 0.75        # share of a frame's period given to training at most
PICTURE_SIZE = 16         # cells per side of each unit's picture in the diagram
# "push" (default): one fragment run loops, training and pushing frames until a click asks
# for a rerun (rerun_pending). "pull": one frame per fragment run, the browser asks for the
# next one after drawing the last; every frame then pays a whole fragment rerun (about 4
# frames/s against push's 22 on a quiet 2-core machine). Both: benchmarks/live_fps.py --mode.
LOOP_MODE = os.environ.get("NN_PLAYGROUND_LIVE_LOOP", "push")

_SOURCE_DIR = Path(__file__).resolve().parent / "components" / "live_chart"


# --------------------------------------------------------------------------- component
# Both folders are served straight from the installed packages (nothing is copied, no
# temporary folder is trusted): our index.html and live_chart.js, and the plotly.min.js that
# the ``plotly`` package ships, through a second v1 component that is declared only so that
# Streamlit serves its folder and is never rendered. v1 components are served side by side
# under Streamlit's component path, so the chart's iframe reaches plotly.js by a relative URL.
_live_chart = components.declare_component("live_chart", path=str(_SOURCE_DIR))
_plotly_files = components.declare_component(
    "plotly_js", path=str(Path(plotly.__file__).resolve().parent / "package_data"))
PLOTLY_SRC = f"../{_plotly_files.name}/plotly.min.js"


def render_again(key: str) -> None:
    """Let the keyed component ``key`` be rendered once more in the current script run.

    Streamlit refuses a second element with the same key in one run (it records each key and
    element id in ``ctx.shared.widget_user_keys_this_run`` / ``widget_ids_this_run``, see
    ``_register_element_id`` in streamlit/elements/lib/utils.py). A v1 component's id with a
    key does not depend on its arguments (``key_as_main_identity``), so rendering it again
    into the same ``st.empty`` slot is an in-place update of the same element. We forget the
    key and its id before each new render. Tested in tests/playground/test_live.py so a
    Streamlit upgrade that breaks it fails loudly.
    """
    ctx = get_script_run_ctx()
    if ctx is None:
        return
    keys, ids = ctx.shared.widget_user_keys_this_run, ctx.shared.widget_ids_this_run
    with keys._lock:
        keys._data.discard(key)
    with ids._lock:
        for element_id in [i for i in ids._data if user_key_from_element_id(i) == key]:
            ids._data.discard(element_id)


def client_backlog() -> int | None:
    """Messages Streamlit holds for this session's browser, not yet written to the socket.

    Streamlit's Starlette server queues what a session sends and writes it as fast as the
    browser reads; a browser that stops reading (a frozen or starved page) lets the queue
    grow, and at 500 messages Streamlit drops the connection. None where this cannot be read
    (no server, as under AppTest, or another Streamlit): the push loop then relies on the
    page's own report that it is behind. Internal API, like rerun_pending.
    """
    try:
        from streamlit.runtime import Runtime

        ctx = get_script_run_ctx()
        info = Runtime.instance()._session_mgr.get_active_session_info(ctx.session_id)
        return int(info.client._send_queue.qsize())
    except Exception:  # any failure means "unknown", never an error
        return None


def rerun_pending() -> bool:
    """True when the browser has asked for a rerun that Streamlit keeps waiting.

    A click on a button inside a fragment (Pause, Step, Reset) or a component value asks for
    a *fragment* rerun, and Streamlit does not interrupt a running fragment for that: it
    queues the request until the run ends (``_fragment_run_should_not_preempt_script`` in
    streamlit/runtime/scriptrunner_utils/script_requests.py). The push loop never ends by
    itself, so it asks here after every frame and returns, letting the queued rerun run.
    Tested in tests/playground/test_live.py so a Streamlit upgrade that breaks it fails.
    """
    ctx = get_script_run_ctx()
    requests = getattr(ctx, "script_requests", None)
    return requests is not None and requests._state == ScriptRequestType.RERUN


# --------------------------------------------------------------------------- views
@dataclass
class Panel:
    """One figure of the live chart: its name, its width (fraction of the row), the figure.

    ``kind`` says who draws it in the browser: "plotly" (Plotly, with its hover, zoom and
    pan), or "curve" for a line chart of a few traces (a training curve), which the component
    draws on a canvas of its own from the same figure JSON (title, axis titles and type,
    range, trace names, colours, dashes), with a hover that reads the values under the
    cursor. A curve redraws in well under a millisecond where Plotly.react takes 10-15 ms,
    and it is redrawn every frame.
    """

    name: str
    width: float
    figure: go.Figure
    kind: str = "plotly"


def stat(id_: str, label: str, value: str) -> dict:
    """One item of the stats line; ``id_`` becomes the HTML id (e.g. ``#epoch``)."""
    return {"id": id_, "label": label, "value": value}


class LiveView(Protocol):
    # "lazy": the component draws its Plotly panels itself until the pointer comes over one
    # or the page is idle, then loads plotly.js (about a second of the browser's main
    # thread); "eager": it loads plotly.js right after the first paint.
    plotly_loading: str

    def base_figures(self, session: Session) -> list[Panel]: ...

    def frame(self, session: Session, slow: bool) -> dict: ...


def _fmt(v, digits: int = 4) -> str:
    if v is None or not np.isfinite(v):
        return "–"
    return f"{v:.{digits}f}"


def curve_updates(history: dict, train_key: str, test_key: str) -> dict:
    """Trace updates for a curve figure (traces 0 train, 1 test), downsampled."""
    x, tr, te = figures.downsample(history["epoch"], history[train_key], history[test_key])
    has_test = any(v is not None for v in te)
    return {"traces": {"0": {"x": x, "y": tr}, "1": {"x": x if has_test else [], "y": te}}}


class PlaneView:
    """The Playground page: decision boundary, network diagram, cost and accuracy."""

    # Pixel heights of the two rows: at 1280 x 800 (a projector) the picture, the diagram
    # and the curves are all above the fold.
    PICTURE_HEIGHT = 325
    CURVE_HEIGHT = 225

    # The component draws the boundary and the diagram itself until plotly.js is needed:
    # the page answers Play at once instead of after a second of parsing plotly.js.
    plotly_loading = "lazy"

    def _network(self, session: Session):
        return session.drawable_network()

    def _boundary(self, session: Session, view: list | None = None) -> np.ndarray:
        # Over the data's plane grid, or with ``view`` [x0, x1, y0, y1] (a zoom) a grid of
        # the same size over the visible range: cell centres, rows along x2.
        d = session.data
        if view is None:
            A = self._network(session).forward(d.G)
        else:
            n1, n2 = len(d.x1s), len(d.x2s)
            x1 = view[0] + (np.arange(n1) + 0.5) * (view[1] - view[0]) / n1
            x2 = view[2] + (np.arange(n2) + 0.5) * (view[3] - view[2]) / n2
            g1, g2 = np.meshgrid(x1, x2)
            A = self._network(session).forward(np.vstack([g1.ravel(), g2.ravel()]))
        return A.reshape(len(d.x2s), len(d.x1s))

    def _pictures(self, session: Session) -> list[np.ndarray]:
        d = session.data
        k = PICTURE_SIZE if max(session.network.layer_dims) <= 8 else 10
        x1 = np.linspace(d.x1s[0], d.x1s[-1], k)
        x2 = np.linspace(d.x2s[0], d.x2s[-1], k)
        g1, g2 = np.meshgrid(x1, x2)
        G = np.vstack([g1.ravel(), g2.ravel()])
        outputs = self._network(session).layer_outputs(G)
        return figures.unit_pictures(outputs, G, k, probability_output=session.output
                                     == "sigmoid")

    def _diagram(self, session: Session) -> go.Figure:
        net = self._network(session)
        return figures.network_figure(net.layer_dims, net.params, self._pictures(session),
                                      net.activations, height=self.PICTURE_HEIGHT)

    def _diagram_update(self, session: Session) -> dict:
        # What a refresh of the diagram changes (traces and pictures), as plain JSON: built
        # without Plotly's figure objects, ~10x cheaper than _diagram on the server.
        net = self._network(session)
        parts = figures.network_parts(net.layer_dims, net.params, self._pictures(session),
                                      net.activations)
        return {"data": parts["data"], "layout": {"images": parts["images"]}}

    def base_figures(self, session: Session) -> list[Panel]:
        d, s, h = session.data, session.setup, session.trainer.history
        show_test = s.show_test and d.X_test.size > 0
        boundary = figures.boundary_figure(
            d.x1s, d.x2s, self._boundary(session), d.X_train, d.Y_train,
            d.X_test if show_test else None, d.Y_test if show_test else None,
            threshold_only=s.threshold_only, height=self.PICTURE_HEIGHT,
        )
        cost = figures.curve_figure(h["epoch"], h["train_cost"], h["test_cost"],
                                    title="Cost", y_title="cost J", log_y=s.log_cost,
                                    height=self.CURVE_HEIGHT)
        acc = figures.curve_figure(h["epoch"], h["train_metric"], h["test_metric"],
                                   title="Accuracy", y_title="accuracy", y_range=(0, 1.02),
                                   height=self.CURVE_HEIGHT)
        return [Panel("boundary", 0.5, boundary), Panel("diagram", 0.5, self._diagram(session)),
                Panel("cost", 0.5, cost, kind="curve"),
                Panel("accuracy", 0.5, acc, kind="curve")]

    def frame(self, session: Session, slow: bool) -> dict:
        view = session.cache.get("view")
        Z = self._boundary(session, view)
        image = figures.encode_grid(figures.quantize(Z))
        if view is not None:
            image["extent"] = view
        h = session.trainer.history
        figs = {
            # Every frame: the boundary picture (uint8 grid, painted in the browser) and the
            # two curves (drawn on a canvas). The rest, costlier to redraw, on the slow ticks.
            "boundary": {"image": image},
            "cost": curve_updates(h, "train_cost", "test_cost"),
            "accuracy": curve_updates(h, "train_metric", "test_metric"),
        }
        if slow:
            figs["diagram"] = self._diagram_update(session)
        # The numbers of the network drawn: after a divergence, the last finite weights.
        epoch = session.drawable_epoch
        last = history_row(h, epoch)
        stats = [
            stat("epoch", "Epoch", f"{epoch:,}"),
            stat("train-cost", "Train cost", _fmt(last.get("train_cost"))),
            stat("test-cost", "Test cost", _fmt(last.get("test_cost"))),
            stat("train-acc", "Train accuracy", _pct(last.get("train_metric"))),
            stat("test-acc", "Test accuracy", _pct(last.get("test_metric"))),
        ]
        return {"figures": figs, "stats": stats, "epoch": epoch}


def history_row(history: dict, epoch: int) -> dict:
    """The history's latest row up to ``epoch`` (searched from the end), or {}.

    After N epochs of training the last row is N - 1 (the cost measured during epoch N - 1);
    after a blow-up stop it is the stopped epoch; the weights kept after NaN are those of
    the row of their epoch."""
    epochs = history["epoch"]
    for i in range(len(epochs) - 1, -1, -1):
        if epochs[i] <= epoch:
            return {key: values[i] for key, values in history.items()}
    return {}


def _pct(v) -> str:
    if v is None or not np.isfinite(v):
        return "–"
    return f"{100 * v:.1f} %"


# --------------------------------------------------------------------------- the panel
def _to_json(fig: go.Figure) -> dict:
    # Plain lists (no numpy) so Streamlit can json.dumps the component's arguments.
    import json

    return json.loads(fig.to_json(validate=False))


def _base_payload(view: LiveView, session: Session) -> dict:
    # Built once per session.version (new data, weights or display) and kept on the session:
    # the frame sent with it brings the current numbers anyway.
    cached = session.cache.get("live_base")
    if cached is not None and cached[0] == session.version:
        return cached[1]
    panels = view.base_figures(session)
    payload = {"spec": session.version,
            "plotly": getattr(view, "plotly_loading", "eager"), "plotly_src": PLOTLY_SRC,
            "panels": [{"name": p.name, "width": p.width, "kind": p.kind,
                        "figure": _to_json(p.figure)} for p in panels]}
    session.cache["live_base"] = (session.version, payload)
    return payload


def _status(session: Session) -> tuple[str, str]:
    if session.diverged:
        shown = session.drawable_epoch
        stopped = session.trainer.diverged_epoch
        # Short: the status sits in the one-line stats row; the message below says why.
        if shown == stopped:  # the epoch is next to it
            return "stopped", "Stopped"
        return "stopped", f"Stopped at {stopped:,}; shown: epoch {shown:,}"
    if session.playing:
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
    frame = view.frame(session, slow)
    frame.setdefault("epoch", session.epoch)  # the epoch the pictures show
    frame["spec"] = session.version
    frame["seq"] = seq
    paced = session.cache.get("paced")  # None, "browser" (it said it is behind) or "server"
    frame["ack"] = (LOOP_MODE == "pull" or paced is not None) and session.playing
    frame["paced"] = paced
    frame["sent"] = round(time.time() * 1000)  # ms: the browser measures how late frames arrive
    frame["status"], frame["status_text"] = _status(session)
    render_again(key)
    with slot:
        _live_chart(spec=session.version, base=_base_payload(view, session) if base else None,
                    frame=frame, key=key, default=None)


def zoom_view(raw) -> list[float] | None:
    """The browser's visible range of the picture [x0, x1, y0, y1] after a zoom, checked
    (four finite numbers, each span positive and not absurdly large), or None."""
    try:
        view = [float(v) for v in raw]
    except (TypeError, ValueError):
        return None
    if len(view) != 4 or not all(np.isfinite(view)):
        return None
    if not (0 < view[1] - view[0] < 1e6 and 0 < view[3] - view[2] < 1e6):
        return None
    return view


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
    s.step(1)


def _on_reset(session_key: str) -> None:
    st.session_state[session_key].reset()


def live_panel(view: LiveView, prefix: str) -> None:
    """Buttons, stats line and live figures for the Session in
    st.session_state[f"{prefix}_session"]; widget keys f"{prefix}_play", "_step", "_reset",
    the component f"{prefix}_live".

    Runs as a fragment: a button click reruns only this part of the page.
    """
    _live_fragment(view, prefix)


@st.fragment
def _live_fragment(view: LiveView, prefix: str) -> None:
    session_key = f"{prefix}_session"
    session: Session = st.session_state[session_key]
    resume.autosave(session)  # after Pause, Step, Reset: the checkpoint holds this state
    key = f"{prefix}_live"
    c1, c2, c3, c4 = st.columns([1, 1, 1, 3], vertical_alignment="center")
    c1.button("Pause" if session.playing else "Play", key=f"{prefix}_play",
              icon=":material/pause:" if session.playing else ":material/play_arrow:",
              on_click=_on_play, args=(session_key,), type="primary",
              use_container_width=True)
    c2.button("Step", key=f"{prefix}_step", icon=":material/skip_next:", on_click=_on_step,
              args=(session_key,),
              help="Train one epoch (one pass over the training set) and stop.",
              use_container_width=True)
    c3.button("Reset", key=f"{prefix}_reset", icon=":material/restart_alt:",
              on_click=_on_reset, args=(session_key,),
              help="New weights from the same seed, same data: epoch 0.",
              use_container_width=True)
    session.cache["note_slot"], session.cache["note_shown"] = c4.empty(), None
    message = st.empty()
    if session.diverged:
        if session.trainer.resumable:
            with message.container():
                st.error(plain(session.diverged) + " Lower the learning rate and press Reset, or "
                         "go on from here: a deep network sometimes falls off a cliff of the cost "
                         "surface and climbs back.")
                st.button("Continue anyway", key=f"{prefix}_resume", on_click=_on_resume,
                          args=(session_key,), icon=":material/warning:")
        else:
            message.error(plain(session.diverged) + " Press Reset to start again.")
    slot = st.empty()
    session.cache["view"] = zoom_view((st.session_state.get(key) or {}).get("view"))
    if (st.session_state.get(key) or {}).get("behind"):
        # The browser said frames reach it late (a slow computer, or a busy one): from now on
        # this session waits for each frame to be drawn before it sends the next.
        session.cache.setdefault("paced", "browser")
    if LOOP_MODE == "push" and not session.cache.get("paced"):
        _push_loop(slot, key, view, session)
    else:
        _pull_step(slot, key, view, session)


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
        session.run_frame(time_budget=TRAIN_SHARE * period)
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
        backlog = client_backlog()
        if backlog is not None and backlog > MAX_BACKLOG:
            # The browser has stopped reading: pace this session (see live_panel).
            session.cache["paced"] = "server"
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
        session.run_frame(time_budget=budget)
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
    cache["pretrained"] = session.playing
    if session.playing:
        session.run_frame(time_budget=budget)
