"""AppTest of the Playground's take-away downloads: the script, the report, the animation."""

from __future__ import annotations

import io
import re
import subprocess
import sys
from pathlib import Path

from PIL import Image
from streamlit.testing.v1 import AppTest

from playground import takeaway_panel

APP = str(Path(__file__).resolve().parents[2] / "playground" / "app.py")


def _downloads(at: AppTest) -> dict[str, str]:
    # AppTest has no download-button type: read the protos of the unknown elements.
    found = {}
    for el in at.get("download_button"):
        proto = el.proto
        found[proto.id.split("-")[-1] if not proto.label else proto.label] = proto.id
    return found


def test_the_three_downloads_sit_with_the_others_and_the_script_runs(tmp_path):
    at = AppTest.from_file(APP, default_timeout=90)
    at.query_params["lr"] = "0.8"
    at.run()
    assert not at.exception
    labels = set(_downloads(at))
    assert {"Setup (JSON)", "History (CSV)", "Run as a Python script", "Report (PNG)"} <= labels
    make = next(b for b in at.button if b.key == "pg_make_gif")
    session = at.session_state["pg_session"]
    session.step(60)  # as the page's frames train
    # The deferred script download, as the click builds it: run it, compare with the page.
    path = tmp_path / "playground_run.py"
    path.write_text(takeaway_panel.script_file(session), encoding="utf-8")
    out = subprocess.run([sys.executable, "-I", str(path)], capture_output=True, text=True,
                         timeout=60, cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    printed = {int(e): float(c) for e, c in re.findall(r"epoch (\d+): (\S+)", out.stdout)}
    history = dict(zip(session.trainer.history["epoch"], session.trainer.history["train_cost"],
                       strict=True))
    assert max(printed) == 59
    for epoch, cost in printed.items():
        assert abs(cost - history[epoch]) <= 1e-9 * history[epoch]
    assert Image.open(io.BytesIO(takeaway_panel.report_file(session))).format == "PNG"
    # The animation: made on the button, then offered as a download of this run.
    make.click()
    at.run()
    assert not at.exception
    assert "Animation (GIF, epochs 0 to 60)" in set(_downloads(at))
    version, epochs, gif, same = at.session_state["pg_takeaway_gif"]
    assert (version, epochs, same) == (session.version, 60, True)
    assert takeaway_panel.DIFFERENT_RUN not in [c.value for c in at.caption]
    img = Image.open(io.BytesIO(gif))
    assert img.format == "GIF"
    assert img.n_frames > 20


def test_a_run_whose_settings_changed_midway_is_said_to_differ():
    at = AppTest.from_file(APP, default_timeout=90)
    at.run()
    session = at.session_state["pg_session"]
    session.step(20)
    session.apply(session.setup.replace(learning_rate=0.3))  # live: training goes on
    session.step(20)
    next(b for b in at.button if b.key == "pg_make_gif").click()
    at.run()
    assert not at.exception
    assert at.session_state["pg_takeaway_gif"][3] is False
    assert takeaway_panel.DIFFERENT_RUN in [c.value for c in at.caption]
