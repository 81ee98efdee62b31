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

# App-wide look for a projector (1280 x 800 seen from the back of a room): Streamlit's
# ~6rem of empty space above every page goes (the live charts fit above the fold), titles
# are a size smaller, and captions are larger and dark enough to read (not 12-14 px light
# grey). The skip link (views/playground.py) shows only when it has the keyboard focus.
_CSS = """
<style>
.stMainBlockContainer, [data-testid="stMainBlockContainer"] {
  padding: 1.4rem 2.2rem 2rem 2.2rem !important; }
h1 { font-size: 2.1rem !important; padding: 0.1rem 0 0.4rem 0 !important; }
[data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] p {
  font-size: 1rem !important; color: #3b3e4a !important; }
.skip-link { position: absolute; left: -9999px; }
.skip-link:focus { position: static; display: inline-block; padding: 0.2rem 0.6rem;
  background: #fff; outline: 2px solid #1f6fb4; }
</style>
"""


def main() -> None:
    # The favicon is an emoji: Streamlit inlines it as an SVG. A ":material/...:" page icon
    # is fetched from fonts.gstatic.com by every browser (fails offline, a console error).
    st.set_page_config(page_title="Neural network playground", page_icon="🧠", layout="wide")
    st.html(_CSS)
    page = st.Page
    pages = {
        "Train": [
            page(_VIEWS / "playground.py", title="Playground", icon=":material/tune:",
                 default=True),
            page(_VIEWS / "housing.py", title="Housing prices", icon=":material/home:"),
        ],
        "Learn": [
            # In the order of the course's weeks (1: why deep learning, 2: logistic regression
            # and vectorization, 3: shallow networks, 4: deep networks).
            # Week 1
            page(_VIEWS / "scale.py", title="Scale drives deep learning",
                 icon=":material/stacked_line_chart:"),
            # Week 2
            page(_VIEWS / "logistic.py", title="Logistic regression",
                 icon=":material/trending_down:"),
            page(_VIEWS / "digits.py", title="Images as vectors", icon=":material/image:"),
            page(_VIEWS / "vectorization.py", title="Vectorization and graphs",
                 icon=":material/bolt:"),
            page(_VIEWS / "broadcasting.py", title="Broadcasting and vectors",
                 icon=":material/open_in_full:"),
            # Week 3
            page(_VIEWS / "activations.py", title="Activations", icon=":material/show_chart:"),
            page(_VIEWS / "linear_collapse.py", title="Why linear collapses",
                 icon=":material/straighten:"),
            page(_VIEWS / "initialization.py", title="Initialization",
                 icon=":material/casino:"),
            page(_VIEWS / "course_results.py", title="The course's results",
                 icon=":material/school:"),
            # Week 4
            page(_VIEWS / "shapes.py", title="Shapes and equations",
                 icon=":material/table_chart:"),
            page(_VIEWS / "why_deep.py", title="Why deep", icon=":material/layers:"),
        ],
    }
    # expanded: every page listed (past ten, Streamlit folds the rest under "View more").
    nav = st.navigation(pages, expanded=True)
    from playground import presenter

    presenter.from_link()
    if presenter.active() and nav.title == "Playground":  # the projector's sizes
        st.set_page_config(initial_sidebar_state="collapsed")
        st.html(presenter.css())
    nav.run()


main()
