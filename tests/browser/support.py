"""Start the real app on 127.0.0.1 and drive it with Debian's headless Chromium.

Shared by the browser tests and the benchmarks in ``benchmarks/`` (which import it), so
both launch the server and the browser the same way.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Streamlit's own e2e tests wait for this: the script has finished its run.
RUN_FINISHED = '[data-testid="stApp"][data-test-script-state="notRunning"]'
# The live chart's iframe: Streamlit titles it with the component's module path until the
# component renames it "Live training chart".
LIVE_IFRAME = "iframe[title*='live_chart'], iframe[title='Live training chart']"
# What a page must never show: an exception box or an error alert.
ERRORS = '[data-testid="stException"], [data-testid="stAlertContentError"]'


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def running_app(
    port: int | None = None, timeout: float = 60.0, extra_args: list[str] | None = None,
    env: dict[str, str] | None = None,
) -> Iterator[str]:
    """Run ``streamlit run playground/app.py`` on 127.0.0.1; yield its base URL.

    ``env`` adds to (or overrides) the server's environment, e.g. its TMPDIR.

    The server is stopped by its process id (its whole process group) on exit.
    """
    proc, url = start_app(port, timeout, extra_args)
    try:
        yield url
    finally:
        stop_process(proc)


def start_app(
    port: int | None = None, timeout: float = 60.0, extra_args: list[str] | None = None,
    env: dict[str, str] | None = None,
) -> tuple[subprocess.Popen, str]:
    """Start the app (as ``running_app``) and return (process, base URL) once it answers;
    the caller stops it (``stop_process``), or kills it to test a crash. ``env``: extra
    environment variables for the server."""
    port = port or free_port()
    cmd = [
        sys.executable, "-m", "streamlit", "run", str(ROOT / "playground" / "app.py"),
        "--server.address", "127.0.0.1",
        "--server.port", str(port),
        "--server.headless", "true",
        "--browser.gatherUsageStats", "false",
        "--server.fileWatcherType", "none",
        *(extra_args or []),
    ]
    env = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}
    proc = subprocess.Popen(
        cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_healthy(url, proc, timeout, lambda: (
            proc.stderr.read().decode(errors="replace") if proc.stderr else ""))
    except BaseException:
        stop_process(proc)
        raise
    return proc, url


def wait_until_healthy(url: str, proc: subprocess.Popen, timeout: float, errors) -> None:
    """Poll Streamlit's health endpoint at ``url`` (directly or through a proxy) until it
    answers "ok"; RuntimeError with ``errors()`` (e.g. the log) if ``proc`` exits or time
    runs out."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                if r.read().strip() == b"ok":
                    return
        except OSError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            state = f"exited with {proc.returncode}" if proc.poll() is not None else (
                f"did not answer within {timeout} s")
            raise RuntimeError(f"{url} {state}:\n{errors()}")
        time.sleep(0.1)


def stop_process(proc: subprocess.Popen) -> None:
    """Stop a process we started (and its children) by its process id."""
    if proc.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)
    if proc.stderr:
        proc.stderr.close()


def launch_chromium(playwright):
    """Debian's Chromium, headless, with the flags this machine needs."""
    if not os.access(CHROMIUM, os.X_OK):
        raise RuntimeError(
            f"{CHROMIUM} is missing: install Debian's chromium (scripts/test.sh does)"
        )
    return playwright.chromium.launch(
        executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
    )


def wait_for_run(page, timeout: float = 30_000) -> None:
    """Wait until the Streamlit script run has finished."""
    page.wait_for_selector(RUN_FINISHED, timeout=timeout, state="attached")


def open_page(page, app_url: str, path: str, timeout: float = 120_000) -> None:
    """Open one page of the app (its URL path, e.g. "activations") and wait for its run."""
    page.goto(f"{app_url}/{path}")
    wait_for_run(page, timeout=timeout)


def open_live_chart(page, url: str, timeout: float = 60_000):
    """Open ``url``, wait for the script run and the boundary panel; return the chart's frame."""
    page.goto(url)
    wait_for_run(page, timeout=timeout)
    page.frame_locator(LIVE_IFRAME).locator("#panel-boundary .main-svg").first.wait_for(
        timeout=timeout)
    return page.locator(LIVE_IFRAME).element_handle().content_frame()


def chart_epoch(chart) -> int:
    """The epoch counter the live chart shows."""
    return int(chart.inner_text("#epoch").replace(",", ""))


# The notice a page shows when it got its tab's checkpoint back.
RESTORED = re.compile(r"Restored at epoch ([\d,]+)")


def wait_restored(page, timeout: float = 60.0) -> int:
    """The epoch of the "Restored at epoch N" notice, once the page shows it."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        match = RESTORED.search(page.inner_text("body"))
        if match:
            return int(match.group(1).replace(",", ""))
        time.sleep(0.2)
    raise AssertionError("the page never said it restored its work:\n" + page.inner_text("body"))
