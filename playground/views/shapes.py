"""Page: "get your matrix dimensions right", the course's table with real numbers, and the
equations of one layer. The numbers come from ``engine.shapes``; the LaTeX from
``playground.course.layer_equations``."""

from __future__ import annotations

import streamlit as st

from engine.activations import ACTIVATIONS, HIDDEN_ACTIVATIONS
from engine.shapes import input_shape, n_parameters, table_rows
from playground import course, lesson_state
from playground.inputs import describe

MAX_LAYERS = 6
MAX_UNITS = 64
# The networks the week 4 lectures draw, by the lecture's title: n = [n0, n1, ..., nL].
LECTURE_NETWORKS = {
    "Getting your matrix dimensions right": [2, 3, 5, 4, 2, 1],
    "Deep L-layer neural network": [3, 5, 5, 3, 1],
}
DEFAULT_NETWORK = LECTURE_NETWORKS["Getting your matrix dimensions right"]


def _load(dims: list[int]) -> None:
    # A button's callback runs before the widgets are drawn, so they show the new values.
    st.session_state["shapes_nx"] = dims[0]
    st.session_state["shapes_layers"] = len(dims) - 2
    st.session_state["shapes_ny"] = dims[-1]
    for i, n in enumerate(dims[1:-1]):
        st.session_state[f"shapes_units_{i}"] = n

st.title("Shapes and equations")
st.subheader(
    "Get your matrix dimensions right: W[l] is (n[l], n[l−1]), b[l] is (n[l], 1), "
    "Z[l] and A[l] are (n[l], m), and every dW, db, dZ, dA has the shape of W, b, Z, A."
)

lesson_state.keep_controls("shapes", ("shapes_nx", "shapes_layers", "shapes_ny", "shapes_m",
                                      "shapes_layer", "shapes_out_act", "shapes_hidden_act",
                                      *(f"shapes_units_{i}" for i in range(MAX_LAYERS))))
# The Playground's network of this browser session, n[0] its input features' count.
playground = st.session_state.get("pg_session")
yours = list(playground.network.layer_dims) if playground is not None else None
with st.container(border=True):
    buttons = st.columns(len(LECTURE_NETWORKS) + (yours is not None))
    for col, (title, lecture_dims) in zip(buttons, LECTURE_NETWORKS.items(), strict=False):
        col.button(f"The lecture's network n = {lecture_dims}", key=f"shapes_lecture_{title}",
                   help=f"As drawn in the week 4 lecture “{title}”.", on_click=_load,
                   args=(lecture_dims,), use_container_width=True)
    if yours is not None and len(yours) - 2 <= MAX_LAYERS and max(yours) <= MAX_UNITS:
        buttons[-1].button(
            f"Your Playground network n = {yours}", key="shapes_playground",
            help=f"The Playground's network now: {describe(playground.setup)}.",
            on_click=_load, args=(yours,), use_container_width=True)
    c1, c2, c3, c4 = st.columns(4)
    n_x = c1.number_input("Inputs n[0]", min_value=1, max_value=MAX_UNITS,
                          value=DEFAULT_NETWORK[0], step=1, key="shapes_nx")
    n_hidden = c2.number_input("Hidden layers", min_value=0, max_value=MAX_LAYERS,
                               value=len(DEFAULT_NETWORK) - 2, step=1, key="shapes_layers")
    n_y = c3.number_input("Output units n[L]", min_value=1, max_value=10,
                          value=DEFAULT_NETWORK[-1], step=1, key="shapes_ny")
    m = c4.number_input("Examples m", min_value=1, max_value=1_000_000, value=400, step=1,
                        key="shapes_m")
    hidden: list[int] = []
    if n_hidden:
        cols = st.columns(int(n_hidden))
        # The default network's hidden sizes first, then more of the lecture's sizes.
        defaults = [*DEFAULT_NETWORK[1:-1], 3, 2]
        for i, col in enumerate(cols):
            hidden.append(int(col.number_input(
                f"n[{i + 1}]", min_value=1, max_value=MAX_UNITS, value=defaults[i], step=1,
                key=f"shapes_units_{i}",
            )))

dims = course.architecture_dims(int(n_x), hidden, int(n_y))
L = len(dims) - 1
st.markdown(
    f"**Network** n = {dims}: L = {L} layer{'s' if L > 1 else ''}, "
    f"{n_parameters(dims):,} parameters. **X = A[0]** is {input_shape(dims, int(m))}: "
    "one column per example."
)
st.table(table_rows(dims, int(m)))
st.caption(
    "Look for: the number of columns of W[l] is the number of rows of A[l−1] (so W[l] A[l−1] "
    "is defined), m appears only in Z, A, dZ, dA, and b[l] has one column that broadcasting "
    "copies to all m columns."
)

st.subheader("The equations of one layer")
left, right = st.columns(2)
layer = left.selectbox("Layer l", list(range(1, L + 1)), index=0, key="shapes_layer",
                       format_func=lambda l: f"l = {l}" + (" (output)" if l == L else ""))
if layer == L:
    act = right.selectbox("Its activation g[l]", ["sigmoid", "linear"], key="shapes_out_act",
                          help="The output unit: sigmoid for classification, linear for "
                               "regression.")
else:
    act = right.selectbox("Its activation g[l]", list(HIDDEN_ACTIVATIONS),
                          index=list(HIDDEN_ACTIVATIONS).index("tanh")
                          if "tanh" in HIDDEN_ACTIVATIONS else 0,
                          format_func=lambda name: ACTIVATIONS[name].label,
                          key="shapes_hidden_act")
equations = course.layer_equations(dims, int(m), int(layer), act)
st.markdown("**Forward** (over all m examples at once)")
for line in equations["forward"]:
    st.latex(line)
st.markdown("**Backward**")
for line in equations["backward"]:
    st.latex(line)
st.caption(
    "The number under each symbol is its shape with the sizes above. A shape that does not "
    "match is the most common bug in a from-scratch network: check it first."
)
