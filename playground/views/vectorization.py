"""Page: two demonstrations from week 2 of the course. Vectorization (explicit loops against
the engine's vectorized forward pass, timed on this machine: ``engine.vectorization``) and the
computation graph with its derivatives flowing backward (``engine.graph``)."""

from __future__ import annotations

import streamlit as st

from engine.activations import HIDDEN_ACTIVATIONS
from engine.graph import course_graph, logistic_graph
from engine.vectorization import time_dot
from playground import course, lesson_state
from playground.figures import course as cf

LOOP_BUDGET = 150_000  # multiply-adds in the loop version: about 0.2 s in CPython
DOT_SIZE = 1_000_000   # the lecture's vectors

st.title("Vectorization and the computation graph")

# ------------------------------------------------------------------ vectorization
st.header("Vectorization")
st.subheader(
    "Explicit for loops are hundreds of times slower than one matrix product: the lecture "
    "measured about 300× on a dot product."
)
lesson_state.keep_controls("vec", ("vec_layers", "vec_units", "vec_act", "vec_m", "graph_a",
                                   "graph_b", "graph_c", "graph_step", "lr_x1", "lr_x2", "lr_w1",
                                   "lr_w2", "lr_b", "lr_y", "lr_step"))
c1, c2, c3, c4 = st.columns(4)
n_layers = c1.slider("Hidden layers", 1, 3, 1, key="vec_layers")
units = c2.slider("Units per hidden layer", 1, 64, 16, key="vec_units")
# Every registered activation: each record carries the one-number version the loops call.
HIDDEN = {name: act.label for name, act in HIDDEN_ACTIVATIONS.items()}
activation = c3.selectbox("Hidden activation", list(HIDDEN), format_func=HIDDEN.get,
                          index=list(HIDDEN).index("tanh") if "tanh" in HIDDEN else 0,
                          key="vec_act")
m = c4.select_slider("Examples m", [100, 400, 1000, 2000, 5000], value=1000, key="vec_m")

if st.button("Time the forward pass on this machine", type="primary", key="vec_run"):
    with st.spinner("Timing: loops first, then the vectorized version…"):
        st.session_state["vec_result"] = {
            "forward": course.vectorization_timing([units] * n_layers, activation, m,
                                                   LOOP_BUDGET),
            "dot": time_dot(DOT_SIZE, rng=0),
        }

result = st.session_state.get("vec_result")
if result is None:
    st.info("Press the button: the page times both versions of the forward pass here, "
            "on the computer showing this page.")
else:
    t = result["forward"]
    a, b, c = st.columns(3)
    a.metric("Explicit loops", f"{t.loop_seconds * 1000:.1f} ms")
    b.metric("Vectorized (W @ A + b)", f"{t.vectorized_seconds * 1000:.3f} ms")
    c.metric("Loops are slower by", f"{t.ratio:,.0f}×")
    st.plotly_chart(cf.timing_figure(t.loop_seconds, t.vectorized_seconds,
                                     title="One forward pass over the same examples"),
                    key="vec_timing", theme=None)
    st.caption(
        f"Network n = {list(t.layer_dims)}, {HIDDEN[activation]} hidden units. Both versions "
        f"ran over the same {t.m_timed:,} of the {t.m_total:,} flower points (X is "
        f"({t.layer_dims[0]}, {t.m_timed:,})): {t.multiply_adds:,} multiply-adds. The loop "
        "version is kept to this size so the page answers quickly. Both give the same "
        f"outputs (largest difference {t.max_abs_difference:.1e}). Look for: the vectorized "
        "bar is hardly visible; the ratio grows with the number of units, because the "
        "vectorized code does the extra work in compiled code."
    )
    d = result["dot"]
    st.markdown(
        f"**The lecture's own example**, c = a·b for two vectors of {d.n:,} numbers: "
        f"for loop **{d.loop_seconds * 1000:.0f} ms**, np.dot **{d.vectorized_seconds * 1000:.2f}"
        f" ms**, **{d.ratio:,.0f}×** faster."
    )

# ------------------------------------------------------------------ computation graph
st.header("The computation graph")
st.subheader(
    "Backpropagation is the chain rule run right to left: each derivative is the one after "
    "it times a local derivative."
)
st.caption(
    "Drag the step slider to 0, then walk forward (values, left to right) and backward "
    "(derivatives in red, right to left)."
)
c1, c2, c3 = st.columns(3)
a_val = c1.number_input("a", min_value=-100.0, max_value=100.0, value=5.0, step=1.0, key="graph_a")
b_val = c2.number_input("b", min_value=-100.0, max_value=100.0, value=3.0, step=1.0, key="graph_b")
c_val = c3.number_input("c", min_value=-100.0, max_value=100.0, value=2.0, step=1.0, key="graph_c")
graph = course_graph(a_val, b_val, c_val)
last = cf.graph_step_count(graph)
step = st.slider("Step", 0, last, last, key="graph_step")
st.info(course.graph_step_text(graph, step))
st.plotly_chart(cf.graph_figure(graph, step), key="graph_fig", theme=None)
st.caption(
    f"Look for: dJ/dv = dJ/du = dJ/da = 3 whatever a, b, c are; dJ/db = 3c = "
    f"{cf.fmt_number(graph.grads['b'])} and dJ/dc = 3b = {cf.fmt_number(graph.grads['c'])}."
)

st.subheader("One logistic-regression example")
st.caption("z = w1 x1 + w2 x2 + b, a = σ(z), L(a, y) = −(y log a + (1 − y) log(1 − a)). "
           "The values come from the engine's sigmoid and cross-entropy.")
cols = st.columns(6)
x1 = cols[0].number_input("x1", min_value=-10.0, max_value=10.0, value=1.0, step=0.5, key="lr_x1")
x2 = cols[1].number_input("x2", min_value=-10.0, max_value=10.0, value=2.0, step=0.5, key="lr_x2")
w1 = cols[2].number_input("w1", min_value=-10.0, max_value=10.0, value=0.5, step=0.1, key="lr_w1")
w2 = cols[3].number_input("w2", min_value=-10.0, max_value=10.0, value=-0.3, step=0.1, key="lr_w2")
# Defaults with z = 0.3: with b = 0.1 the sum 0.5 - 0.6 + 0.1 showed as z = 2.776e-17.
bias = cols[4].number_input("b", min_value=-10.0, max_value=10.0, value=0.4, step=0.1, key="lr_b")
y = cols[5].selectbox("y", [1, 0], key="lr_y")
try:
    lgraph = logistic_graph(x1, x2, w1, w2, bias, int(y))
except ValueError as error:
    st.error(str(error))
else:
    llast = cf.graph_step_count(lgraph)
    lstep = st.slider("Step", 0, llast, llast, key="lr_step")
    st.info(course.graph_step_text(lgraph, lstep))
    st.plotly_chart(cf.graph_figure(lgraph, lstep, height=520), key="lr_fig", theme=None)
    st.caption(
        f"Look for the course's formulas: dz = a − y = {cf.fmt_number(lgraph.grads['z'])}, "
        f"dw1 = x1·dz = {cf.fmt_number(lgraph.grads['w1'])}, dw2 = x2·dz = "
        f"{cf.fmt_number(lgraph.grads['w2'])}, db = dz = {cf.fmt_number(lgraph.grads['b'])}."
    )
