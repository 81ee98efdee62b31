"""Does a session's memory stay flat however long it trains? Samples the app server's RSS.

    python benchmarks/memory_soak.py [--minutes 10] [--every 30] [--sessions 3]
    python benchmarks/memory_soak.py --in-process [--minutes 10]

Default: starts ``streamlit run playground/app.py`` on 127.0.0.1 (tests/browser/support.py),
opens the Playground in Debian's headless Chromium with the fastest setup the controls allow
(no hidden layer, m = 50 examples with a test share of 0.1, full batch, 1000 epochs per frame:
``FASTEST``), presses Play, and prints the server's resident memory (VmRSS of its process,
from /proc) and the page's epoch counter every ``--every`` seconds for ``--minutes``.

Then the memory one more student costs: ``--sessions`` more pages with the default setup are
opened, each trains for 20 s and is paused; the server's RSS grows by the printed amount per
session (RSS is what the kernel counts for the process: Python's allocator keeps freed
memory, so this is an upper figure rather than the size of the session's objects).

``--in-process``: the same setup trained through the same code the live page runs
(``Session.run_frame`` at the page's time budget per frame, 30 frames a second), without a
server or a browser; the RSS is this process's. For a loaded machine where a browser is too
heavy.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

IFRAME = "iframe[title*='live_chart'], iframe[title='Live training chart']"
# The fastest training the sidebar or a link allows (the bounds in playground/fields/).
FASTEST = {"units": "none", "n": "50", "test": "0.1", "batch": "0", "speed": "1000"}


def rss_mb(pid: int | str = "self") -> float:
    """The resident memory of a process in MB (VmRSS in /proc/<pid>/status)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for process {pid}")


def server_pid(port: int) -> int:
    """The process id of the Streamlit server we started on ``port`` (found by its command
    line; support.running_app keeps the Popen to itself)."""
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            args = (proc / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if b"streamlit" in b" ".join(args) and str(port).encode() in args:
            return int(proc.name)
    raise RuntimeError(f"no streamlit server on port {port}")


def _table(rows: list[tuple[float, float, int]]) -> None:
    print("| minute | RSS (MB) | epochs trained |")
    print("|---:|---:|---:|")
    for t, mb, epoch in rows:
        print(f"| {t / 60:.1f} | {mb:.0f} | {epoch:,} |")


def _slope(rows: list[tuple[float, float, int]]) -> None:
    # From minute 1 on (the first minute holds the page's first runs and warm-up).
    warm = [r for r in rows if r[0] >= 60] or rows
    a, b = warm[0], rows[-1]
    per_minute = (b[1] - a[1]) / max(1e-9, (b[0] - a[0]) / 60)
    print(f"RSS from {a[0] / 60:.1f} to {b[0] / 60:.1f} min: {a[1]:.0f} -> {b[1]:.0f} MB "
          f"({per_minute:+.2f} MB a minute) over {b[2]:,} epochs")


def _epoch(chart) -> int:
    text = chart.evaluate("() => document.getElementById('epoch').textContent")
    return int(text.replace(",", "") or 0)


def _open(browser, url: str):
    page = browser.new_context(viewport={"width": 1280, "height": 800}).new_page()
    page.goto(url)
    page.get_by_role("button", name="Play").wait_for(timeout=120_000)
    page.locator(IFRAME).wait_for(timeout=120_000)
    chart = page.locator(IFRAME).element_handle().content_frame()
    chart.wait_for_function("() => !!document.getElementById('epoch')", timeout=120_000)
    return page, chart


def soak_browser(minutes: float, every: float, sessions: int) -> None:
    from playwright.sync_api import sync_playwright

    from tests.browser.support import free_port, launch_chromium, running_app

    port = free_port()
    with running_app(port=port) as url, sync_playwright() as p:
        pid = server_pid(port)
        print(f"server pid {pid}, RSS at start {rss_mb(pid):.0f} MB")
        browser = launch_chromium(p)
        query = "&".join(f"{k}={v}" for k, v in FASTEST.items())
        page, chart = _open(browser, f"{url}/?{query}")
        print(f"page open (fastest setup {query}): RSS {rss_mb(pid):.0f} MB")
        page.get_by_role("button", name="Play").click()
        page.get_by_role("button", name="Pause").wait_for(timeout=60_000)
        start = time.monotonic()
        rows = []
        while True:
            t = time.monotonic() - start
            rows.append((t, rss_mb(pid), _epoch(chart)))
            print(f"  {t:6.0f} s  RSS {rows[-1][1]:7.1f} MB  epoch {rows[-1][2]:,}", flush=True)
            if t >= minutes * 60:
                break
            time.sleep(max(0.0, min(every, minutes * 60 - t)))
        page.get_by_role("button", name="Pause").click()
        _table(rows)
        _slope(rows)
        if sessions:
            time.sleep(2.0)
            before = rss_mb(pid)
            for _ in range(sessions):
                other, other_chart = _open(browser, url)
                other.get_by_role("button", name="Play").click()
                other.get_by_role("button", name="Pause").wait_for(timeout=60_000)
                time.sleep(20.0)
                other.get_by_role("button", name="Pause").click()
                other.get_by_role("button", name="Play").wait_for(timeout=60_000)
                print(f"  one more default session, trained 20 s ({_epoch(other_chart):,} "
                      f"epochs): RSS {rss_mb(pid):.0f} MB")
            after = rss_mb(pid)
            print(f"{sessions} more sessions: RSS {before:.0f} -> {after:.0f} MB, "
                  f"{(after - before) / sessions:.1f} MB per session")
        browser.close()


def soak_in_process(minutes: float, every: float) -> None:
    from playground import live
    from playground.fields import Setup
    from playground.state import Session

    setup = Setup(hidden_units=[], activations=[], n_samples=50, test_ratio=0.1, batch_size=0,
                  epochs_per_frame=1000)
    session = Session(setup)
    view = live.PlaneView()
    period = 1.0 / live.MAX_FPS
    print(f"RSS at start {rss_mb():.0f} MB")
    start = last = time.monotonic()
    rows = [(0.0, rss_mb(), 0)]
    frames = 0
    while time.monotonic() - start < minutes * 60:
        t0 = time.perf_counter()
        session.run_frame(time_budget=live.TRAIN_SHARE * period)
        view.frame(session, slow=frames % live.SLOW_FRAMES == 0)  # what each frame builds
        frames += 1
        rest = period - (time.perf_counter() - t0)
        if rest > 0:
            time.sleep(rest)
        if time.monotonic() - last >= every:
            last = time.monotonic()
            rows.append((last - start, rss_mb(), session.epoch))
            print(f"  {rows[-1][0]:6.0f} s  RSS {rows[-1][1]:7.1f} MB  epoch {session.epoch:,}",
                  flush=True)
    _table(rows)
    _slope(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--every", type=float, default=30.0, help="seconds between samples")
    parser.add_argument("--sessions", type=int, default=3,
                        help="extra default sessions opened after the soak (browser mode)")
    parser.add_argument("--in-process", action="store_true",
                        help="no server or browser: Session.run_frame in this process")
    args = parser.parse_args()
    if args.in_process:
        soak_in_process(args.minutes, args.every)
    else:
        soak_browser(args.minutes, args.every, args.sessions)


if __name__ == "__main__":
    main()
