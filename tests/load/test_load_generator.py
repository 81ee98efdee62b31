"""The protocol-level load generator (benchmarks/load/) against a real server.

The server is started here on 127.0.0.1 (tests/browser/support.py) and stopped by its pid.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from benchmarks.load.protocol import AppClient, Event, ProtocolError, widget_key
from benchmarks.load.student import LIVE, PLAY, StudentResult, _Frames
from tests.browser.support import ROOT, start_app, stop_process

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def app():
    proc, url = start_app()
    try:
        yield proc, url
    finally:
        stop_process(proc)


@pytest.fixture(scope="module")
def app_url(app):
    return app[1]


def test_widget_key_is_the_end_of_the_id():
    assert widget_key("$$ID-4f281fea1a1fc023ac5c36b6f405aad4-pg_play") == "pg_play"
    assert widget_key("$$ID-abc-pg_units_0") == "pg_units_0"
    assert widget_key("no-id") == ""


def _frame_event(frame: dict, base: dict | None = None) -> Event:
    return Event("element", 0.0, key=LIVE, args={"frame": frame, "base": base})


def test_frame_checks_reject_what_a_page_could_not_draw():
    frames = _Frames(AppClient("http://127.0.0.1:1"), StudentResult(0, ""))
    base = {"spec": 1, "panels": [{"name": "boundary"}]}
    good = {"seq": 1, "epoch": 0, "spec": 1, "status": "playing",
            "figures": {"boundary": {"image": {}}}}
    assert frames.take(_frame_event(good, base))
    assert not frames.take(_frame_event(good))          # a frame number already held
    with pytest.raises(ProtocolError, match="epoch"):
        frames.take(_frame_event({**good, "seq": 2, "epoch": "7"}))
    with pytest.raises(ProtocolError, match="boundary"):
        frames.take(_frame_event({**good, "seq": 3, "figures": {}}))
    assert frames.take(_frame_event({**good, "seq": 4, "epoch": 50}))
    with pytest.raises(ProtocolError, match="went back"):
        frames.take(_frame_event({**good, "seq": 5, "epoch": 10}))


def test_first_run_decodes_the_page_and_its_live_chart(app_url):
    client = AppClient(app_url, "ds=xor&units=4")
    client.connect()
    try:
        client.rerun()
        events = client.run_to_end()
    finally:
        client.close()
    live = [e for e in events if e.key == LIVE]
    assert len(live) == 1
    base = live[0].args["base"]
    assert [p["name"] for p in base["panels"]] == ["boundary", "diagram", "cost", "accuracy"]
    assert live[0].args["frame"]["epoch"] == 0
    assert client.element(PLAY).proto.label == "Play"
    assert client.element(PLAY).fragment_id  # the live panel is a fragment
    assert client.page_hash


def test_five_students_run_headless_without_errors(app, tmp_path):
    proc, app_url = app
    out = tmp_path / "load.json"
    run = subprocess.run(
        [sys.executable, "-m", "benchmarks.load.run", "--url", app_url, "--students", "5",
         "--seconds", "3", "--ramp", "1", "--server-pids", str(proc.pid), "--json", str(out)],
        cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stdout + run.stderr
    s = json.loads(out.read_text())
    assert s["errors"] == []
    assert s["finished_ok"] == 5
    assert s["fps_worst"] > 0
    assert s["eps_worst"] > 0
    assert len(s["servers"]) == 1
    assert s["servers"][0]["cpu_pct"] > 5
    assert "frames/s per student" in run.stdout
    # Each student played, changed the rate (training went on after it, else an error) and
    # paused; the six setups in turn gave five different pages.
    rows = s["per_student"]
    assert len({r["query"] for r in rows}) == 5
    assert all(r["fps"] > 0 and r["pause_ms"] is not None for r in rows)


def test_profile_summary_counts_each_stack_once_in_its_first_part():
    from benchmarks.load.profile_summary import summarize

    raw = [
        "t;_push_loop (playground/live.py:1);Session.run_frame (playground/state.py:2);"
        "Trainer.run (engine/trainer.py:3) 30",
        # the diagram's PNG encoding belongs to the diagram, though it is under _send too
        "t;_send (playground/live.py:4);PlaneView._diagram_update (x:1);png_data_uri (y:2) 10",
        "t;autosave (playground/resume.py:5);ZipFile.writestr (zipfile.py:6) 5",
        "t;select (selectors.py:7) 5",
        "not a sample line",
    ]
    parts, total = summarize(raw)
    assert total == 50
    assert parts["training (engine)"] == 30
    assert parts["network diagram (parts, unit pictures, PNG)"] == 10
    assert parts["checkpoint autosave (zip + store)"] == 5
    assert parts["other"] == 5
