"""How long "The course's results" takes per change, and how much it sends, for one checkout.

Drives the page with Streamlit's AppTest (no browser): opens it, switches experiments and seeds
(each new seed trains again: cold; a choice seen before comes from st.cache_data: warm), and
prints the seconds per change, the bytes of chart JSON the sweep sends, and when the sweep's
first result is ready (the page fills in after each trained run). Usage, from the repository
root (a checkout to compare with: ``git worktree add /tmp/before <commit>``):

    python benchmarks/course_page.py .
    python benchmarks/course_page.py /tmp/before

Seconds depend on the machine's load: compare two checkouts run one after the other.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path


def main(checkout: str) -> None:
    root = Path(checkout).resolve()
    sys.path.insert(0, str(root))
    from streamlit.testing.v1 import AppTest

    from playground import course

    at = AppTest.from_file(str(root / "playground" / "app.py"), default_timeout=600).run()

    def change(label: str, action) -> None:
        start = time.perf_counter()
        action()
        at.run()
        seconds = time.perf_counter() - start
        assert not at.exception, [e.value for e in at.exception]
        sent = sum(len(c.proto.spec) for c in at.get("plotly_chart"))
        print(f"{label:34s} {seconds:6.2f} s   charts {sent / 1e6:5.2f} MB")

    experiment = lambda name: lambda: at.button_group(key="course_experiment").set_value(name)  # noqa: E731
    seed = lambda n: lambda: at.number_input(key="course_seed").set_value(n)  # noqa: E731
    change("open (4 tanh units, seed 2)", lambda: at.switch_page("views/course_results.py"))
    change("sweep, seed 2 (cold)", experiment("Hidden-layer sizes 1 to 50"))
    change("sweep, seed 2 again (warm)", lambda: None)
    change("sweep, seed 5 (cold)", seed(5))
    change("4 tanh units, seed 5 (cold)", experiment("4 tanh hidden units"))
    change("sweep, seed 5 (warm)", experiment("Hidden-layer sizes 1 to 50"))
    change("sweep, seed 2 (warm)", seed(2))
    # The sweep's first result: before it filled in, nothing showed until all runs were done.
    start = time.perf_counter()
    done = []
    for n_h in course.SWEEP_SIZES:
        course.train_course_model(n_h, course.SWEEP_ITERATIONS, course.PLANAR_LEARNING_RATE, 9)
        done.append(time.perf_counter() - start)
    print(f"sweep, seed 9: first run trained after {done[0]:.2f} s, all after {done[-1]:.2f} s")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else ".")
