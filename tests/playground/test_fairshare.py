"""The process's fair share (playground/fairshare.py): turns in arrival order, the training
time divided among the sessions that play, and the page's "shared server" notice."""

from __future__ import annotations

import threading
import time

from playground import fairshare, live
from playground.fairshare import Share
from playground.fields import Setup
from playground.state import Session


class Clock:
    def __init__(self) -> None:
        self.t = 100.0

    def __call__(self) -> float:
        return self.t


def test_the_budget_is_divided_among_the_sessions_playing_and_a_quiet_one_drops_out():
    clock = Clock()
    share = Share(clock)
    assert share.budget(0.03) == 0.03                      # nobody plays: all of it
    for sid in "abc":
        with share.turn(sid):
            pass
    assert share.playing() == 3
    assert abs(share.budget(0.03) - 0.01) < 1e-12
    clock.t += fairshare.STALE / 2
    with share.turn("a"):
        pass
    clock.t += fairshare.STALE / 2 + 0.1                   # b and c had no turn for STALE s
    assert share.playing() == 1
    assert share.budget(0.03) == 0.03
    share.leave("a")                                       # Pause: no share taken
    assert share.playing() == 0


def test_two_sessions_on_a_saturated_process_take_turns_and_both_progress():
    # Each turn holds the GIL with pure Python work, as a frame of training does; a plain
    # lock would let the thread that just released it win again and again.
    share = Share()
    turns: list[str] = []
    stop = time.perf_counter() + 1.0

    def play(sid: str) -> None:
        while time.perf_counter() < stop:
            with share.turn(sid) as held:
                assert held
                turns.append(sid)
                t = time.perf_counter()
                while time.perf_counter() - t < 0.003:
                    pass

    threads = [threading.Thread(target=play, args=(sid,)) for sid in "ab"]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    a, b = turns.count("a"), turns.count("b")
    assert a > 20
    assert b > 20
    # One frame each per round (a session not yet back in the queue may miss one).
    assert abs(a - b) <= max(3, (a + b) // 10)


def test_a_waiter_gives_up_its_place_when_a_click_wants_a_rerun():
    share = Share()
    inside, release = threading.Event(), threading.Event()

    def hold() -> None:
        with share.turn("a"):
            inside.set()
            release.wait(5)

    holder = threading.Thread(target=hold)
    holder.start()
    inside.wait(5)
    asked = time.perf_counter()
    with share.turn("b", give_up=lambda: time.perf_counter() - asked > 0.05) as held:
        assert not held                                    # Pause is not kept waiting
    release.set()
    holder.join()
    with share.turn("c") as held:                          # the queue was left clean
        assert held


def test_the_server_is_late_only_when_several_play_and_turns_wait_long():
    clock = Clock()
    share = Share(clock)
    with share.turn("a"):
        pass
    share.mean_wait = 1.0
    assert not share.late()                                # alone: nothing to wait for
    with share.turn("b"):
        pass
    assert share.late()
    share.mean_wait = fairshare.LATE_WAIT / 2
    assert not share.late()


def test_the_status_says_shared_server_while_others_train_and_not_alone(monkeypatch):
    clock = Clock()
    share = Share(clock)
    monkeypatch.setattr(live, "SHARE", share)
    s = Session(Setup())
    s.playing = True
    with share.turn(id(s)):
        pass
    assert live._status(s) == ("playing", "Training…")    # alone: full speed, no notice
    for other in range(29):
        with share.turn(other):
            pass
    status, text = live._status(s)
    assert status == "playing"
    assert text == "Shared server: 30 students training"
    clock.t += fairshare.STALE + 1                         # the class paused
    assert live._status(s) == ("playing", "Training…")
    s.playing = False
    assert live._status(s) == ("paused", "Paused")


def test_checkpoints_while_playing_grow_rarer_with_the_class_so_the_process_writes_as_often():
    from playground import resume

    alone = resume.save_every(1)
    assert alone == resume.SAVE_EVERY
    assert resume.save_every(0) == alone                   # Pause: saved at once anyway
    assert resume.save_every(10) == 10 * alone             # one write per SAVE_EVERY in all
    assert resume.save_every(1000) == resume.SAVE_AT_MOST  # never more than 30 s of work lost


def test_a_busy_process_trains_about_as_long_as_it_draws_while_rounds_stay_short():
    clock = Clock()
    share = Share(clock)
    for sid in range(10):
        with share.turn(sid):
            pass
    assert abs(share.budget(0.025) - 0.0025) < 1e-12       # drawing is free so far
    for _ in range(60):
        share.drew(0.010)                                  # 10 ms a frame to draw and send
    assert abs(share.budget(0.025) - 0.010) < 1e-4         # half the work still trains
    assert 10 * (0.010 + share.budget(0.025)) <= fairshare.ROUND
    for sid in range(10, 30):                              # 30 play: 30 x 20 ms > ROUND
        with share.turn(sid):
            pass
    budget = share.budget(0.025)
    assert budget < 0.010                                  # frames first: cut to fit
    assert budget >= 0.025 / 30                            # but never below the share
    assert 30 * (0.010 + budget) <= fairshare.ROUND + 30 * 0.025 / 30
    for _ in range(60):
        share.drew(0.100)
    assert share.budget(0.025) == 0.025 / 30               # too crowded: the share only
