"""Entry point: ``streamlit run playground/app.py``.

It only routes: every page lives in ``playground/views/`` and stays small.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

# One BLAS thread per computation: every session trains in its own thread, and OpenBLAS's
# own threads fight them for the cores (an epoch on the full housing set took 20x longer on
# a busy 2-core machine). Set before NumPy is first imported; a value already set wins.
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

# `streamlit run playground/app.py` puts playground/ on sys.path, not the project root;
# make `import engine` and `import playground` work even without an editable install.
_ROOT = Path(__file__).resolve().parents[1]
if str(_ROOT) not in sys.path:
    sys.path.insert(0, str(_ROOT))

import streamlit as st  # noqa: E402

from engine.allocator import keep_freed_memory  # noqa: E402

keep_freed_memory()  # large-batch steps reuse freed memory instead of new pages (2x faster)

_VIEWS = Path(__file__).resolve().parent / "views"


def main() -> None:
    # The favicon is an emoji: Streamlit inlines it as an SVG. A ":material/...:" page icon
    # is fetched from fonts.gstatic.com by every browser (fails offline, a console error).
    st.set_page_config(page_title="Neural network playground", page_icon="🧠", layout="wide")
    page = st.Page
    pages = {
        "Train": [
            page(_VIEWS / "playground.py", title="Playground", icon=":material/tune:",
                 default=True),
            page(_VIEWS / "housing.py", title="Housing prices", icon=":material/home:"),
        ],
        "Learn": [
            page(_VIEWS / "activations.py", title="Activations", icon=":material/show_chart:"),
            page(_VIEWS / "linear_collapse.py", title="Why linear collapses",
                 icon=":material/straighten:"),
            page(_VIEWS / "initialization.py", title="Initialization",
                 icon=":material/casino:"),
            page(_VIEWS / "course_results.py", title="The course's results",
                 icon=":material/school:"),
            page(_VIEWS / "shapes.py", title="Shapes and equations",
                 icon=":material/table_chart:"),
            page(_VIEWS / "vectorization.py", title="Vectorization and graphs",
                 icon=":material/bolt:"),
        ],
    }
    st.navigation(pages).run()


main()
