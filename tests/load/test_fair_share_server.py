"""Two students on one saturated server process both progress, and both pages are told
the server is shared (playground/fairshare.py), over Streamlit's own protocol."""

from __future__ import annotations

import threading
import time

import pytest

from benchmarks.load.protocol import AppClient
from benchmarks.load.student import PLAY, StudentResult, _Frames
from tests.browser.support import start_app, stop_process

pytestmark = pytest.mark.slow

PLAY_SECONDS = 6.0


def _student(url: str, query: str, out: dict) -> None:
    client = AppClient(url, query, timeout=60)
    result = StudentResult(0, query)
    texts: set[str] = set()
    try:
        client.connect()
        client.rerun()
        frames = _Frames(client, result)
        for ev in client.run_to_end():
            frames.take(ev)
        client.click(PLAY)
        first = last = None
        count = 0
        while last is None or last - first < PLAY_SECONDS:
            ev = client.read(15)
            assert ev is not None, "starved: no frame for 15 s"
            if not frames.take(ev) or frames.status != "playing":
                continue
            texts.add(ev.args["frame"]["status_text"])
            if first is None:
                first, first_epoch = ev.at, frames.epoch
            last, count = ev.at, count + 1
        out.update(fps=count / (last - first), epochs=frames.epoch - first_epoch, texts=texts)
    except BaseException as err:  # reported by the test, not lost in the thread
        out["error"] = err
    finally:
        client.close()


def test_two_students_on_a_saturated_process_both_progress_and_are_told_it_is_shared():
    # 200 frames/s asked of each with a 32-32 network: every frame overruns its period, so
    # the two loops want the process's one core all the time.
    proc, url = start_app(env={"NN_PLAYGROUND_MAX_FPS": "200",
                               "NN_PLAYGROUND_CHECKPOINTS": "off"})
    try:
        outs = [{}, {}]
        threads = [threading.Thread(target=_student, args=(url, q, out)) for q, out in
                   zip(["units=32,32&seed=1", "ds=circle&units=32,32&seed=2"], outs,
                       strict=True)]
        for t in threads:
            t.start()
            time.sleep(0.5)
        for t in threads:
            t.join(120)
    finally:
        stop_process(proc)
    for out in outs:
        assert "error" not in out, out.get("error")
        assert out["epochs"] > 0
        assert "Shared server: 2 students training" in out["texts"]
    slow, fast = sorted(out["fps"] for out in outs)
    assert slow > 2
    assert slow >= 0.5 * fast       # a fair share: neither gets less than half the other's
