"""One simulated student on the Playground page, over Streamlit's own protocol.

``run_student`` is the whole visit: open the page with this student's setup in the URL
(``playground/urlstate.py``'s short keys), press Play, receive and decode the live frames,
change the learning rate mid-run, press Pause and time until training stops showing, leave.
It answers the live chart the way its page in a browser does (``live_chart.js``): an "ack"
for each frame that asks for one (the pull loop, paced sessions), "behind" once when frames
arrive more than 2.5 s late (again after the server pushes it again), "need_base" when a
frame names figures it does not hold.

Nothing here knows about Locust: ``locustfile.py`` runs it as a Locust user, the tests call
it directly.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from benchmarks.load.protocol import AppClient, Event, ProtocolError

PREFIX = "pg"                    # the Playground page's widget prefix (views/playground.py)
PLAY, LIVE, LR = f"{PREFIX}_play", f"{PREFIX}_live", f"{PREFIX}_learning_rate"
BEHIND_MS = 2500                 # as live_chart.js: frames this late make the page say so
QUIET = 1.5                      # seconds without a frame after Pause: frames have stopped
PAUSE_TIMEOUT = 30.0             # seconds for the page to say "paused" after the click
STARVED = 10.0                   # seconds without a frame while playing: an error

# A class's mixture of setups (each student gets one, with its own seed): the default
# network on the course's flower first (what benchmarks/live_fps.py measures), then the
# other data sets with small networks of the kinds a lesson uses.
SETUPS = [
    "",
    "ds=circle&units=8&act=relu&lr=0.1",
    "ds=xor&units=4&lr=0.5",
    "ds=spiral&units=16,16&act=relu&opt=adam&lr=0.01",
    "ds=moons&units=8&lr=0.5",
    "ds=gauss&units=2",
]


def setup_query(index: int) -> str:
    """Student ``index``'s URL query: a setup from SETUPS and its own seed."""
    query = SETUPS[index % len(SETUPS)]
    if index:
        query = f"{query}&seed={index}" if query else f"seed={index}"
    return query


@dataclass
class StudentResult:
    index: int
    query: str
    frames: int = 0               # frames received while playing (before Pause)
    play_seconds: float = 0.0     # from the first frame to Pause
    epochs: int = 0               # epochs the frames advanced over that time
    first_frame_s: float | None = None   # from the Play click to the first frame
    load_s: float | None = None          # from connecting to the page's first script end
    pause_s: float | None = None  # from the Pause click to the last frame with a new epoch
    pauses: list[float] = field(default_factory=list)  # every Play/Pause cycle's, first first
    changed_lr: bool = False      # the mid-run change was sent and frames went on after it
    paced: str | None = None      # the server's "paced" flag on the last frame
    acks: int = 0
    bytes_in: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def fps(self) -> float:
        return self.frames / self.play_seconds if self.play_seconds > 0 else 0.0

    @property
    def epochs_per_s(self) -> float:
        return self.epochs / self.play_seconds if self.play_seconds > 0 else 0.0


class _Frames:
    """Decodes and checks the live chart's frames, and answers them as the browser does."""

    def __init__(self, client: AppClient, result: StudentResult) -> None:
        self.client, self.result = client, result
        self.spec = None          # the figures' version we hold (from the last base)
        self.seq = -1
        self.epoch = None
        self.status = None
        self.last_frame_at = None
        self.last_epoch_change_at = None
        self.min_lag = float("inf")
        self.said_behind = False
        self.was_paced = False
        self.count = 0            # every frame decoded

    def take(self, ev: Event) -> bool:
        """True when ``ev`` is a new live frame (checked; errors raise ProtocolError)."""
        if ev.kind != "element" or ev.key != LIVE or ev.args is None:
            return False
        base, frame = ev.args.get("base"), ev.args.get("frame")
        if base is not None:
            if not isinstance(base.get("panels"), list) or not base["panels"]:
                raise ProtocolError("a base without panels")
            self.spec = base.get("spec")
        if not isinstance(frame, dict):
            raise ProtocolError("a live chart update without a frame")
        seq, epoch = frame.get("seq"), frame.get("epoch")
        if not isinstance(seq, int) or not isinstance(epoch, int) or epoch < 0:
            raise ProtocolError(f"a frame with seq {seq!r}, epoch {epoch!r}")
        if not isinstance(frame.get("figures"), dict) or "boundary" not in frame["figures"]:
            raise ProtocolError("a frame without the boundary's picture")
        if seq <= self.seq:
            return False          # the browser skips a frame number it holds
        if self.epoch is not None and epoch < self.epoch and frame.get("status") == "playing":
            raise ProtocolError(f"epoch went back from {self.epoch} to {epoch} while playing")
        self.seq, self.count = seq, self.count + 1
        if epoch != self.epoch:
            self.last_epoch_change_at = ev.at
        self.epoch, self.status, self.last_frame_at = epoch, frame.get("status"), ev.at
        self.result.paced = frame.get("paced")
        self._answer(frame)
        return True

    def _answer(self, frame: dict) -> None:
        if frame.get("paced"):
            self.was_paced = True
        elif self.was_paced:                # pushed again: it may say "behind" again
            self.was_paced = self.said_behind = False
        if frame.get("spec") != self.spec:
            self.client.set_component_value(LIVE, {"spec": self.spec, "need_base": self.count,
                                                   "view": None})
            return
        if frame.get("ack"):
            self.result.acks += 1
            self.client.set_component_value(LIVE, {"ack": frame["seq"], "spec": self.spec,
                                                   "view": None})
            return
        sent = frame.get("sent")
        if isinstance(sent, int | float) and not self.said_behind:
            lag = time.time() * 1000 - sent
            self.min_lag = min(self.min_lag, lag)
            if lag - self.min_lag > BEHIND_MS:
                self.said_behind = True
                self.client.set_component_value(LIVE, {"behind": frame["seq"],
                                                       "spec": self.spec, "view": None})


def _lr_options(client: AppClient) -> tuple[list[str], str]:
    slider = client.element(LR).proto
    return list(slider.options), (slider.raw_value[0] if slider.raw_value else "")


def run_student(base_url: str, index: int, play_seconds: float, *,
                change_at: float | None = 0.5, timeout: float = 60.0, cycles: int = 1,
                stop=lambda: False) -> StudentResult:
    """One student's visit; ``change_at`` is the fraction of ``play_seconds`` after which the
    learning rate changes (None: never). ``cycles`` > 1 adds Play / 1 s / Pause cycles after
    the first Pause, each timed. ``stop()`` True ends the playing early (Locust's end of
    test). Errors are recorded in the result, never raised."""
    result = StudentResult(index, setup_query(index))
    client = AppClient(base_url, result.query, timeout=timeout)
    try:
        frames = _visit(client, result, play_seconds, change_at, stop)
        for _ in range(cycles - 1):
            _play_again(client, frames, result, 1.0)
    except ProtocolError as e:
        result.errors.append(str(e))
    except Exception as e:  # a bug or a socket failure: counted, with its type
        result.errors.append(f"{type(e).__name__}: {e}")
    finally:
        result.bytes_in = client.bytes_in
        client.close()
    return result


def _visit(client: AppClient, result: StudentResult, play_seconds: float,
           change_at: float | None, stop) -> _Frames:
    t0 = time.perf_counter()
    client.connect()
    client.rerun()                          # the page's first run, with the URL's query
    frames = _Frames(client, result)
    for ev in client.run_to_end():
        frames.take(ev)
    result.load_s = time.perf_counter() - t0
    if frames.spec is None:
        raise ProtocolError("the first run sent no live chart")

    # Play. Frames come from the fragment's push loop (or, paced, one per ack).
    clicked = time.perf_counter()
    client.click(PLAY)
    first = None
    change_due = None if change_at is None else play_seconds * change_at
    while True:
        ev = client.read(STARVED)
        now = time.perf_counter()
        if ev is None:
            raise ProtocolError(f"starved: no frame for {STARVED:.0f} s while playing "
                                f"(epoch {frames.epoch})")
        if not frames.take(ev) or frames.status != "playing":
            continue
        if first is None:
            first, first_epoch = ev.at, frames.epoch
            result.first_frame_s = first - clicked
            frames_at_first = frames.count
            continue
        if change_due is not None and now - first >= change_due:
            options, current = _lr_options(client)
            i = options.index(current) if current in options else len(options) // 2
            new = options[i - 1] if i > 0 else options[i + 1]   # one notch lower
            client.set_value(LR, string_array_value=[new])     # a whole-page rerun
            change_due, changed_epoch = None, frames.epoch
        if (not result.changed_lr and change_due is None and change_at is not None
                and frames.epoch > changed_epoch):
            result.changed_lr = True        # training went on after the change
        if stop():
            break
        if now - first >= play_seconds:
            # Pause only once training has gone on after the change (a busy server can
            # take seconds to rerun the page), and give up STARVED seconds later.
            if change_at is None or result.changed_lr:
                break
            if now - first >= play_seconds + STARVED:
                raise ProtocolError("training did not go on after the learning rate changed")
    result.frames = frames.count - frames_at_first
    result.play_seconds = frames.last_frame_at - first
    result.epochs = frames.epoch - first_epoch

    result.pause_s = _pause(client, frames)
    result.pauses.append(result.pause_s)
    return frames


def _pause(client: AppClient, frames: _Frames) -> float:
    """Press Pause, read until frames stop; the seconds to the last frame with a new epoch
    (what benchmarks/live_fps.py times in the browser: the epoch counter's last change)."""
    paused = time.perf_counter()
    client.click(PLAY)                      # the same widget, labelled "Pause" now
    # First the frame that says "paused" (a busy server may take seconds to send it), then
    # QUIET seconds more: any frame with a newer epoch still counts against the latency.
    while True:
        left = paused + PAUSE_TIMEOUT - time.perf_counter()
        ev = client.read(min(QUIET, left) if frames.status == "paused" else left)
        if ev is None:
            break
        frames.take(ev)
    if frames.status != "paused":
        raise ProtocolError(f"{PAUSE_TIMEOUT:.0f} s after Pause the page says "
                            f"{frames.status!r}")
    changed = frames.last_epoch_change_at or paused
    return max(0.0, changed - paused)


def _play_again(client: AppClient, frames: _Frames, result: StudentResult,
                seconds: float) -> None:
    client.click(PLAY)
    started = None
    while started is None or time.perf_counter() - started < seconds:
        ev = client.read(STARVED)
        if ev is None:
            raise ProtocolError(f"starved: no frame for {STARVED:.0f} s after Play")
        if frames.take(ev) and frames.status == "playing" and started is None:
            started = ev.at
    result.pauses.append(_pause(client, frames))
