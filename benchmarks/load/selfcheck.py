"""Does the protocol-level student see what a browser sees? One session, both ways.

    python -m benchmarks.load.selfcheck [--seconds 10] [--pauses 3] [--mode push|pull]

1. ``benchmarks/live_fps.py``'s measurement: headless Chromium on the Playground with the
   default network on "flower", its own server: visual updates/s, Pause latency (click to
   the epoch counter's last change) over ``--pauses`` cycles.
2. The load generator's student 0 (the same default setup, no control change) on a fresh
   server of its own: frames/s, and Pause latency (click to the last frame with a new epoch)
   over the same number of cycles.

Prints both and their ratio; the issue asks them to agree within 20 %. The browser draws at
most one update per animation frame and skips frames it could not draw in time, so on a busy
machine its updates/s can fall below the frames the server sent (the generator counts
every frame received).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.load.student import run_student  # noqa: E402
from tests.browser.support import start_app, stop_process  # noqa: E402


def protocol_side(seconds: float, pauses: int) -> dict:
    proc, url = start_app()
    try:
        r = run_student(url, 0, seconds, change_at=None, cycles=pauses)
    finally:
        stop_process(proc)
    if r.errors:
        raise SystemExit(f"the protocol student failed: {r.errors}")
    return {"fps": r.fps, "epochs_per_s": r.epochs_per_s,
            "pause_ms": [1000 * p for p in r.pauses]}


def browser_side(seconds: float, pauses: int) -> dict:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import live_fps

    r = live_fps.measure(seconds, pauses)
    return {"fps": r["updates_per_s"], "epochs_per_s": r["epochs_per_s"],
            "pause_ms": list(r["pause_latency_ms"])}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--seconds", type=float, default=10.0)
    p.add_argument("--pauses", type=int, default=3)
    p.add_argument("--mode", choices=["push", "pull"], default="push",
                   help="the live loop of both servers (playground/live.py LOOP_MODE)")
    args = p.parse_args(argv)
    os.environ["NN_PLAYGROUND_LIVE_LOOP"] = args.mode  # both servers inherit it
    browser = browser_side(args.seconds, args.pauses)
    proto = protocol_side(args.seconds, args.pauses)
    ok = True
    for name, b, g in (
        ("frames/s", browser["fps"], proto["fps"]),
        ("epochs/s", browser["epochs_per_s"], proto["epochs_per_s"]),
        ("Pause ms (median)", statistics.median(browser["pause_ms"]),
         statistics.median(proto["pause_ms"])),
    ):
        ratio = g / b if b else float("inf")
        within = abs(ratio - 1) <= 0.2
        ok &= within or name == "epochs/s"   # epochs/s: shown, not part of the check
        print(f"{name:<20} browser {b:8.1f}   protocol {g:8.1f}   ratio {ratio:.2f}"
              f"{'' if name == 'epochs/s' else ('  ok' if within else '  OFF by > 20 %')}")
    print("pauses (ms)          browser " + "/".join(f"{v:.0f}" for v in browser["pause_ms"])
          + "   protocol " + "/".join(f"{v:.0f}" for v in proto["pause_ms"]))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
