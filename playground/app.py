"""Entry point: ``streamlit run playground/app.py``.

It only routes: every page lives in ``playground/views/`` and stays small.
"""

from __future__ import annotations

import sys
from pathlib import Path

# `streamlit run playground/app.py` puts playground/ on sys.path, not the project root;
# make `import engine` and `import playground` work even without an editable install.
_ROOT = Path(__file__).resolve().parents[1]
if str(_ROOT) not in sys.path:
    sys.path.insert(0, str(_ROOT))

import streamlit as st  # noqa: E402

_VIEWS = Path(__file__).resolve().parent / "views"


def main() -> None:
    st.set_page_config(page_title="Neural network playground", page_icon="🧠", layout="wide")
    pages = {
        "Train": [
            st.Page(_VIEWS / "playground.py", title="Playground", icon="🎛️", default=True),
            st.Page(_VIEWS / "housing.py", title="Housing prices", icon="🏠"),
        ],
        "Learn": [
            st.Page(_VIEWS / "activations.py", title="Activations", icon="📈"),
            st.Page(_VIEWS / "linear_collapse.py", title="Why linear collapses", icon="📏"),
            st.Page(_VIEWS / "initialization.py", title="Initialization", icon="🎲"),
            st.Page(_VIEWS / "course_results.py", title="The course's results", icon="🎓"),
            st.Page(_VIEWS / "shapes.py", title="Shapes and equations", icon="🧮"),
            st.Page(_VIEWS / "vectorization.py", title="Vectorization and graphs", icon="⚡"),
        ],
    }
    st.navigation(pages).run()


main()
