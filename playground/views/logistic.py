"""Page: logistic regression as the course builds it in week 2. The cost J(w1, w2) of two
inputs and no hidden layer, gradient descent walking on it step by step, and why the
cross-entropy, not the squared error on a sigmoid (computations: playground/lessons/logistic.py)."""

from __future__ import annotations

import streamlit as st

from playground import lesson_state
from playground.figures import logistic as lf
from playground.lessons import logistic as lesson

KEYS = ("lgr_b", "lgr_loss", "lgr_lr", "lgr_w1", "lgr_w2", "lgr_n")
RUN_SIZES = (10, 50, 100, 500)


@st.cache_data(max_entries=64, show_spinner=False)
def _surface(b: float, loss: str):
    X, Y = lesson.data()
    w1s, w2s = lesson.grid_axes()
    return w1s, w2s, lesson.cost_surface(X, Y, w1s, w2s, b, loss)


@st.cache_data(max_entries=64, show_spinner=False)
def _slices(b: float):
    X, Y = lesson.data()
    t, ce = lesson.cost_slice(X, Y, b, "bce")
    _, se = lesson.cost_slice(X, Y, b, "sigmoid_mse")
    return t, ce, se


st.title("Logistic regression: gradient descent on J(w1, w2)")
st.subheader("a = σ(w1 x1 + w2 x2 + b): two inputs, no hidden layer. Every (w1, w2) has a "
             "cost J; gradient descent walks downhill on that surface.")
lesson_state.keep_controls("lgr", KEYS)

c1, c2, c3, c4, c5 = st.columns([1.3, 1.3, 1, 1, 1])
loss = c1.radio("Cost J", list(lesson.LOSS_NAMES), format_func=lesson.LOSS_NAMES.get,
                key="lgr_loss")
alpha = c2.select_slider("Learning rate α", lesson.LEARNING_RATES, value=1.0, key="lgr_lr")
b = c3.slider("b (held fixed)", -3.0, 3.0, 0.0, 0.5, key="lgr_b")
w1_0 = c4.slider("Start w1", *lesson.W_RANGE, -6.0, 0.5, key="lgr_w1")
w2_0 = c5.slider("Start w2", *lesson.W_RANGE, -4.0, 0.5, key="lgr_w2")

# A path belongs to one setup: any change of the controls above starts it again.
setup = (loss, alpha, b, w1_0, w2_0)
if st.session_state.get("_lgr_setup") != setup:
    st.session_state["_lgr_setup"] = setup
    st.session_state["_lgr_steps"] = 0

b1, b2, b3, b4 = st.columns([1, 1, 1.2, 1])
n_run = b3.select_slider("N", RUN_SIZES, value=50, key="lgr_n", label_visibility="collapsed")
steps = st.session_state["_lgr_steps"]
if b1.button("Step", key="lgr_step", type="primary", use_container_width=True):
    steps += 1
if b2.button(f"Run {n_run} steps", key="lgr_run", use_container_width=True):
    steps += n_run
if b4.button("Reset", key="lgr_reset", use_container_width=True):
    steps = 0
steps = min(steps, lesson.MAX_STEPS)
st.session_state["_lgr_steps"] = steps

X, Y = lesson.data()
w1s, w2s, J = _surface(b, loss)
path = lesson.descend(X, Y, (w1_0, w2_0), b, alpha, steps, loss)
verdict = lesson.judge_path(path, float(J.min()), loss)

left, right = st.columns([1.45, 1])
with left:
    st.plotly_chart(lf.surface_figure(w1s, w2s, J, path,
                                      title=f"{lesson.LOSS_NAMES[loss]}: J(w1, w2) at b = {b:g}"),
                    key="lgr_surface", theme=None)
with right:
    m1, m2, m3 = st.columns(3)
    m1.metric("Steps", f"{len(path) - 1:,}")
    m2.metric("J now", f"{path[-1, 2]:.4f}")
    m3.metric("Lowest drawn J", f"{J.min():.4f}")
    st.markdown(f"**w = ({path[-1, 0]:.3f}, {path[-1, 1]:.3f})**")
    show = {"crawl": st.warning, "overshoot": st.warning, "diverge": st.warning}.get(
        verdict.kind, st.info)
    show(verdict.text)
    if steps >= lesson.MAX_STEPS:
        st.caption(f"The page keeps at most {lesson.MAX_STEPS:,} steps: press Reset.")
    st.caption(
        "Each step is w := w − α ∂J/∂w, with ∂J/∂w the engine's dW1 on all "
        f"{X.shape[1]} points (two overlapping Gaussian clouds). b is held at its slider's "
        "value so the path stays on the drawn surface. Try α = 0.03 (crawls), 3 (walks "
        "straight down), 100 and 300 (overshoots: the step leaps across the valley). For "
        "logistic regression the gradient is bounded, so a too-large step bounces from wall "
        "to wall with J staying high rather than running off to infinity."
    )

st.header("Why cross-entropy, not the squared error")
st.caption(
    "Left: the loss of one example. −log a grows without bound as a confident prediction "
    "goes wrong, so the gradient stays large; the squared error of a sigmoid output is at "
    "most ½ and goes flat exactly where the model is most wrong. Right: the two costs along "
    "the line w1 = w2 of the same plane, on the same data. The cross-entropy is convex (one "
    "bowl, gradient descent finds its bottom from anywhere); the squared error has a plateau "
    "where the gradient vanishes and stretches where it curves down (shaded): not convex."
)
t, ce, se = _slices(b)
l2, r2 = st.columns(2)
l2.plotly_chart(lf.loss_curves_figure(lesson.loss_curves()), key="lgr_losses", theme=None)
r2.plotly_chart(lf.slice_figure(t, ce, se, lesson.concave_parts(se)), key="lgr_slice",
                theme=None)
st.caption(
    "Look for it on the surface too: choose **Squared error on a sigmoid** above and start at "
    "(−6, −4): with α = 1 the path hardly moves in 500 steps, on a plateau the "
    "cross-entropy crosses in a few."
)
