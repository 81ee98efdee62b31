"""Is a long epoch cut into pieces? Frame and Step times on the worst setup the UI allows.

    python benchmarks/long_epoch.py [--rows 200000] [--frames 8] [--base]

In-process, with one BLAS thread as the app runs (playground/app.py): a synthetic 2-feature
upload of ``--rows`` rows (the upload's limit is 200,000), 8 hidden layers of 64 ReLU units,
for batch sizes 1, 0 (the whole set) and 100,000 and test shares 0.1 and 0.9. Prints the
worst of ``--frames`` live frames (``Session.run_frame`` at the page's budget, then
``PlaneView.frame`` with the diagram: what one push-loop frame does, and so how long Pause
can wait) and the time of one Step (``Session.step``), with how far into the epoch it got.
``--base`` also times ``PlaneView.base_figures`` (built once per new data or setup).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")  # as the app: set before NumPy is imported

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

from playground import live  # noqa: E402
from playground.fields import Setup  # noqa: E402
from playground.state import STEP_BUDGET, PlaneData, Session, Uploaded  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--frames", type=int, default=8)
    parser.add_argument("--base", action="store_true", help="also time the base figures")
    args = parser.parse_args()
    rng = np.random.default_rng(0)
    X = rng.standard_normal((2, args.rows)) * 3 + 10
    Y = (X[0:1] * X[1:2] > 100).astype(float)
    uploaded = Uploaded(X, Y, "synthetic.csv", ("a", "b", "y"), "")
    budget = live.TRAIN_SHARE / live.MAX_FPS
    for batch_size in (1, 0, 100_000):
        for test_ratio in (0.1, 0.9):
            setup = Setup(dataset="upload", hidden_units=[64] * 8, activations=["relu"] * 8,
                          batch_size=batch_size, test_ratio=test_ratio, epochs_per_frame=1000)
            session = Session(setup, make_data=PlaneData(uploaded))
            view = live.PlaneView()
            worst = 0.0
            for _ in range(args.frames):
                start = time.perf_counter()
                session.run_frame(time_budget=budget)
                view.frame(session, slow=True)
                worst = max(worst, time.perf_counter() - start)
            start = time.perf_counter()
            session.step(time_budget=STEP_BUDGET)
            step = time.perf_counter() - start
            line = (f"batch {batch_size:>7,}  test share {test_ratio}:  worst frame "
                    f"{worst * 1000:5.0f} ms   Step {step:.2f} s "
                    f"({100 * session.trainer.epoch_progress:.1f} % into the epoch)")
            if args.base:
                start = time.perf_counter()
                view.base_figures(session)
                line += f"   base figures {time.perf_counter() - start:.1f} s"
            print(line, flush=True)


if __name__ == "__main__":
    main()
