"""Two replicas behind real nginx, sharing real Redis: the replica serving a page is killed,
the page fails over to the other one and finds its work there ("Restored at epoch N"); the
killed replica comes back, and the page's downloads and uploads still work, without a
reload (its cookie follows the replica holding its session)."""

from __future__ import annotations

import json
import os
import re
import secrets
import signal
import threading
import time
from pathlib import Path

from tests.browser.support import (
    ERRORS,
    free_port,
    start_app,
    stop_process,
    wait_for_run,
    wait_restored,
)
from tests.deploy.services import running_nginx, running_redis

IFRAME = "iframe[title*='live_chart'], iframe[title='Live training chart']"
FAIL_TIMEOUT = 10  # nginx's default: a failed replica is tried again after this


def _epoch(chart) -> int:
    return int(chart.inner_text("#epoch").replace(",", ""))


def _start_both(ports, env):
    # Both replicas at once (each takes seconds to import the app on a busy machine).
    out: dict = {}

    def one(port):
        try:
            out[port] = start_app(port, env=env)
        except Exception as err:  # reported below, in the test's thread
            out[port] = err

    threads = [threading.Thread(target=one, args=(p,)) for p in ports]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    procs = {p: v[0] for p, v in out.items() if isinstance(v, tuple)}
    failed = [v for v in out.values() if isinstance(v, Exception)]
    if failed:
        for proc in procs.values():
            stop_process(proc)
        raise failed[0]
    return procs


def test_a_killed_replica_fails_over_with_the_work_and_files_keep_working(chromium, tmp_path):
    with running_redis(tmp_path) as redis_url:
        env = {"NN_PLAYGROUND_CHECKPOINTS": redis_url, "NN_PLAYGROUND_CHECKPOINT_EVERY": "0.5",
               "STREAMLIT_SERVER_COOKIE_SECRET": secrets.token_hex(16)}
        ports = [free_port(), free_port()]
        procs = _start_both(ports, env)
        nginx_dir = tmp_path / "nginx"
        nginx_dir.mkdir()
        context = chromium.new_context(viewport={"width": 1280, "height": 800},
                                       accept_downloads=True)
        page = context.new_page()
        try:
            with running_nginx(nginx_dir, ports) as url:
                page.goto(url + "/?lr=0.5")
                wait_for_run(page, timeout=60_000)
                page.frame_locator(IFRAME).locator("#panel-boundary .main-svg").first.wait_for(
                    timeout=60_000)
                chart = page.locator(IFRAME).element_handle().content_frame()
                page.get_by_role("button", name="Play").click()
                page.get_by_role("button", name="Pause").wait_for()
                chart.wait_for_function(
                    "parseInt(document.getElementById('epoch').textContent"
                    ".replace(/,/g, '')) > 200", timeout=30_000)
                time.sleep(1.0)  # at least one checkpoint written while playing
                trained = _epoch(chart)

                # Kill the replica that serves this page (its cookie names it), mid-training.
                route = {c["name"]: c["value"] for c in context.cookies()}["nnpg_route"]
                dead = int(route.rsplit(":", 1)[1])
                assert dead in ports
                os.killpg(procs[dead].pid, signal.SIGKILL)
                procs[dead].wait(timeout=10)
                stop_process(procs.pop(dead))
                killed_at = time.monotonic()

                restored = wait_restored(page)
                assert restored > 0
                assert restored <= _epoch_at_least(chart, restored)
                assert trained - restored < 2000  # at most a checkpoint period was lost
                survivor = next(p for p in ports if p != dead)
                cookie = {c["name"]: c["value"] for c in context.cookies()}["nnpg_route"]
                assert cookie.endswith(f":{survivor}")

                # The killed replica comes back; once nginx would try it again, this page's
                # files must still go where its session is.
                procs[dead], _ = start_app(dead, env=env)
                time.sleep(max(0.0, FAIL_TIMEOUT + 1.5 - (time.monotonic() - killed_at)))

                page.get_by_text("Save and share").click()
                with page.expect_download(timeout=30_000) as download:
                    page.get_by_role("button", name="Setup (JSON)", exact=True).click()
                document = json.loads(Path(download.value.path()).read_text())
                assert document["setup"]["learning_rate"] == 0.5
                document["setup"]["learning_rate"] = 0.2
                page.locator("[data-testid='stExpander'] input[type=file]").first.set_input_files(
                    files=[{"name": "setup.json", "mimeType": "application/json",
                            "buffer": json.dumps(document).encode()}])
                page.wait_for_url(re.compile(r"lr=0\.2"), timeout=30_000)
                assert page.locator(ERRORS).count() == 0
        finally:
            context.close()
            for proc in procs.values():
                stop_process(proc)




def _epoch_at_least(chart, n: int) -> int:
    chart.wait_for_function(
        f"parseInt(document.getElementById('epoch').textContent.replace(/,/g, '')) >= {n}",
        timeout=30_000)
    return _epoch(chart)
