"""How long the run's animation takes to make (playground.recording, playground.animation).

    python benchmarks/animation_speed.py

The default Playground run (flower data, 2-4-1 tanh, gd, lr 1.2) trained for 3,000 epochs,
then the download's work: train it again from epoch 0 while recording 200 pictures, and draw
them as a 20-second GIF (10 frames a second). Target (issue 18): under 10 s in all.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from playground.animation import render_gif
from playground.fields import default_setup
from playground.recording import record_session
from playground.state import Session

EPOCHS = 3000
FRAMES = 200
SECONDS = 20.0


def main() -> None:
    session = Session(default_setup())
    session.step(EPOCHS)
    start, cpu0 = time.perf_counter(), time.process_time()
    rec = record_session(session, FRAMES)
    recorded, cpu1 = time.perf_counter(), time.process_time()
    gif = render_gif(rec, SECONDS)
    done, cpu2 = time.perf_counter(), time.process_time()
    print(f"default run, {EPOCHS:,} epochs, {len(rec.frames)} frames "
          f"({rec.nbytes / 1e3:.0f} kB recorded), {SECONDS:g} s clip")
    # Wall time is what the student waits; CPU time is the work, steadier on a busy machine.
    print(f"  record (train again): {recorded - start:6.2f} s wall, {cpu1 - cpu0:5.2f} s CPU")
    print(f"  render GIF:           {done - recorded:6.2f} s wall, {cpu2 - cpu1:5.2f} s CPU"
          f"   ({len(gif) / 1e6:.1f} MB)")
    print(f"  total:                {done - start:6.2f} s wall, {cpu2 - cpu0:5.2f} s CPU"
          "   (target < 10 s)")


if __name__ == "__main__":
    main()
