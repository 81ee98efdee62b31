"""One process's fair share of its core among the sessions that play.

Python runs one thread at a time per process, so the live loops of every playing session
(each in its own script thread) and every page load compete for one core. Left to the GIL,
a saturated process does not share evenly: measured at 30 students on one process, 4 got no
frame for 10 s while others got 1.6 frames/s, and new page loads waited 16 s behind them.

``Share`` fixes the order and the amounts:

- **turns**: a session trains and sends a frame only while it holds the turn, taken in
  arrival order (a ticket queue: a plain lock promises no order at all). Every playing
  session gets one frame per round, none starves; and as
  only one loop wants the GIL at a time, a page load shares the core with one loop instead
  of with all of them (page loads take no turn: they come first);
- **budget**: the training time of one frame is the frame period's training share divided
  among the sessions playing, raised to the time a frame takes to draw and send (``drew``)
  as long as a round of every session's frame still fits in ``ROUND`` seconds: every
  session gets fewer epochs and frames, not some none; a busy process still spends about
  half its work training (measured at 30 students on one process, the divided budget alone
  left 0.8 ms of training per frame: 1.9 frames/s but 4 epochs/s), and a crowded one keeps
  the frames coming (the floor alone doubled the rounds: some students waited 10 s);
- **late**: while sessions wait long for their turn the server itself is behind, and a
  page's report that frames reach it late is about the server's queue, not the page
  (``live`` then does not pace that page).

No Streamlit here (the loop in ``playground.live`` uses it); the clock and the waiting are
injectable so the tests drive them.
"""

from __future__ import annotations

import collections
import itertools
import os
import threading
import time
from contextlib import contextmanager

STALE = 3.0          # seconds without a turn after which a session no longer counts as playing
MAX_WAIT = 5.0       # a waiter goes on without the turn after this (a holder that hangs)
LATE_WAIT = 0.25     # mean wait for a turn above which the server is behind (seconds)
# Turns held at once: 1 is the GIL's own count; 2 lets NumPy (which releases the GIL)
# overlap with the next turn's Python, and on a machine shared with other work keeps two
# threads asking the OS for a core. Frames stay in arrival order either way.
SLOTS = max(1, int(os.environ.get("NN_PLAYGROUND_TURNS", "1")))
ROUND = 0.5          # seconds a round of every playing session's frame may take, at most,
                     # before the training of each frame is cut to its divided share
SMOOTH = 0.2         # weight of the newest wait in the running mean


class Share:
    """Turns and budgets for the playing sessions of one process (see the module)."""

    def __init__(self, clock=time.monotonic) -> None:
        self._clock = clock
        self._cond = threading.Condition()
        self._queue: collections.deque[int] = collections.deque()
        self._tickets = itertools.count()
        self._seen: dict[object, float] = {}   # session id -> time of its last turn
        self.mean_wait = 0.0                   # running mean of the waits for a turn (s)
        self.mean_draw = 0.0                   # ...and of a frame's drawing and sending

    # ------------------------------------------------------------------ who plays
    def _prune(self, now: float) -> None:
        for sid in [s for s, t in self._seen.items() if now - t > STALE]:
            del self._seen[sid]

    def playing(self) -> int:
        """Sessions that took a turn in the last ``STALE`` seconds."""
        with self._cond:
            self._prune(self._clock())
            if not self._seen:
                self.mean_wait = 0.0  # nobody plays: nothing to be late for
            return len(self._seen)

    def leave(self, sid) -> None:
        """``sid`` stopped playing (Pause): it no longer takes a share."""
        with self._cond:
            self._seen.pop(sid, None)

    def budget(self, frame_budget: float) -> float:
        """One frame's training time for each playing session: ``frame_budget`` divided
        among them, raised towards a frame's drawing time while the round fits in
        ``ROUND``; never more than ``frame_budget``."""
        n = max(1, self.playing())
        floor = min(self.mean_draw, max(0.0, ROUND / n - self.mean_draw))
        return min(frame_budget, max(frame_budget / n, floor))

    def drew(self, seconds: float) -> None:
        """A frame took ``seconds`` to draw and send (everything in its turn but training)."""
        with self._cond:
            self.mean_draw += SMOOTH * (seconds - self.mean_draw)

    def late(self) -> bool:
        """True while sessions wait so long for their turn that the server is behind."""
        return self.playing() > 1 and self.mean_wait > LATE_WAIT

    def slowed(self) -> bool:
        """True while the core is shared: each session gets a part of a frame's training
        (``budget``), so it trains slower than alone (the page says so)."""
        return self.playing() > 1

    # ------------------------------------------------------------------ turns
    @contextmanager
    def turn(self, sid, give_up=lambda: False, poll: float = 0.02):
        """Hold the turn for the body; yields False (and runs the body without the turn)
        when ``give_up()`` turned true while waiting (a click wants a rerun) or after
        ``MAX_WAIT``."""
        with self._cond:
            ticket = next(self._tickets)
            self._queue.append(ticket)
            start = self._clock()
            self._seen[sid] = start
            held = True
            while self._queue.index(ticket) >= SLOTS:
                if give_up() or self._clock() - start > MAX_WAIT:
                    held = False
                    break
                self._cond.wait(poll)
            if not held:
                self._queue.remove(ticket)
                self._cond.notify_all()
            wait = self._clock() - start
            self.mean_wait += SMOOTH * (wait - self.mean_wait)
        try:
            yield held
        finally:
            with self._cond:
                self._seen[sid] = self._clock()
                if held:
                    self._queue.remove(ticket)
                    self._cond.notify_all()


SHARE = Share()   # the process's one share: every live loop of every page uses it
