"""Where a loaded server's CPU goes: a py-spy recording summarized by part of the frame.

    py-spy record -p SERVER_PID -d 15 -r 50 --format raw -o prof.txt --nonblocking
    python -m benchmarks.load.profile_summary prof.txt

Record while ``benchmarks.load.run`` plays a class against the server (py-spy is on PyPI; it
samples the running process from outside, no change to the app). Each sampled stack is
counted once, in the first part below whose pattern it contains (so the order matters: the
diagram's picture encoding counts as the diagram, not as "other"). py-spy leaves idle
threads out by default, so the shares are of the server's busy time.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from pathlib import Path

PARTS = [
    ("checkpoint autosave (zip + store)", r"autosave"),
    ("network diagram (parts, unit pictures, PNG)", r"_diagram_update|network_parts|_pictures"),
    ("boundary picture (grid forward, encode)", r"PlaneView\._boundary|encode_grid|quantize"),
    ("training curves (downsample)", r"curve_updates|downsample"),
    ("training (engine)", r"run_frame|engine/"),
    ("Streamlit: message hash (every message serialized and hashed)",
     r"populate_hash_if_needed"),
    ("Streamlit: component element, JSON, enqueue", r"create_instance|_enqueue|json/"),
    ("page and fragment runs (rest of the script)", r"exec_func_with_error_handling"),
    ("server event loop, WebSocket writes", r"asyncio|uvicorn|starlette|websocket"),
]


def summarize(lines) -> tuple[Counter, int]:
    parts: Counter = Counter()
    total = 0
    for line in lines:
        stack, _, count = line.rstrip().rpartition(" ")
        if not count.isdigit():
            continue
        n = int(count)
        total += n
        name = next((name for name, rx in PARTS if re.search(rx, stack)), "other")
        parts[name] += n
    return parts, total


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("raw", type=Path, help="py-spy's --format raw output")
    args = p.parse_args(argv)
    with args.raw.open() as f:
        parts, total = summarize(f)
    if not total:
        print("no samples", file=sys.stderr)
        return 1
    for name, n in parts.most_common():
        print(f"{100 * n / total:5.1f} %  {name}")
    print(f"({total} samples)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
