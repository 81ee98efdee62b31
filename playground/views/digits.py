"""Page: images as vectors. The 8x8 handwritten digits unrolled into x and X (64, m), and
"is it a 3?" learned by logistic regression and a deep network, with the learned w drawn back
as a picture and the test images each model got wrong (computations:
playground/lessons/digits.py, data: engine/digits.py)."""

from __future__ import annotations

import streamlit as st

from engine.digits import N_X
from playground import lesson_state
from playground.figures import digits as df
from playground.lessons import digits as lesson

KEYS = ("dig_index", "dig_digit", "dig_iters", "dig_arch")


@st.cache_data(show_spinner=False)
def _dataset():
    return lesson.dataset()


@st.cache_data(max_entries=32, show_spinner=False)
def _train(digit: int, iterations: int, arch: str):
    return lesson.train_models(digit, iterations, lesson.ARCHITECTURES[arch])


st.title("Images as vectors")
st.subheader("A picture is a grid of numbers. Unrolled into one column x, and m columns side "
             "by side into X, it is the input a network takes.")
lesson_state.keep_controls("dig", KEYS)
images, labels, X = _dataset()
m = X.shape[1]

left, right = st.columns([1, 1.25])
with left:
    index = st.number_input(f"Image (0 to {m - 1})", 0, m - 1, 0, key="dig_index")
    st.plotly_chart(df.image_and_vector_figure(images[index], X[:, index], int(labels[index]),
                                               int(index)),
                    key="dig_vector", theme=None)
with right:
    st.markdown(
        f"**{m:,} pictures of handwritten digits**, 8 × 8 pixels each, every pixel a darkness "
        "from 0 (white) to 16 (black). Unrolling reads a picture row by row into one column: "
        f"pixel (row r, column c) becomes x[8r + c], so **x has n_x = {N_X} entries** "
        "(the course's 64 × 64 colour cat pictures give 64 · 64 · 3 = 12,288). Dividing by 16 "
        "puts every entry in [0, 1]."
    )
    st.markdown(f"Stacking the m columns gives **X of shape (n_x, m) = {X.shape}**: "
                "`X = images.reshape(m, 64).T / 16`; rolling back is "
                "`(X.T * 16).reshape(m, 8, 8)`.")
    first = list(range(20))
    st.plotly_chart(df.gallery_figure(images[first], [str(labels[i]) for i in first], cols=10,
                                      panel_px=78),
                    key="dig_gallery", theme=None)
    st.caption("The first 20 images with their labels. Hover over the big picture: each "
               "pixel names its place in x.")

st.header("Is it a 3? Logistic regression against a deep network")
c1, c2, c3 = st.columns(3)
digit = c1.selectbox("The digit to recognise", list(range(10)), index=3, key="dig_digit")
iterations = c2.select_slider("Iterations", lesson.ITERATIONS, value=500, key="dig_iters")
arch = c3.selectbox("Deep network's hidden layers", list(lesson.ARCHITECTURES), key="dig_arch")
with st.spinner("Training both models…"):
    result = _train(int(digit), int(iterations), arch)

models = list(result.accuracy)
m1, m2, m3 = st.columns(3)
m1.metric('Always answer "no"', f"{100 * result.baseline:.1f}%",
          help="The accuracy to beat: most test images are not the digit.")
for col, name in zip((m2, m3), models, strict=True):
    col.metric(f"{name}, test", f"{100 * result.accuracy[name]:.1f}%",
               delta=f"{100 * (result.accuracy[name] - result.baseline):+.1f} points vs always no")
hidden = lesson.ARCHITECTURES[arch]
st.caption(
    f"Both trained by batch gradient descent on the cross-entropy for {iterations:,} "
    f"iterations on the same {result.m_train:,} training images; tested on the other "
    f"{result.y_test.size} (the same fixed split every time, each class split 3 : 1). "
    f"Logistic regression: n = [64, 1], zero start, α = {lesson.LOGISTIC_RATE}. Deep "
    f"network: n = {[64, *hidden, 1]}, ReLU hidden units, He start (seed "
    f"{lesson.WEIGHT_SEED}), α = {lesson.DEEP_RATE}. Training accuracy: "
    + ", ".join(f"{n} {100 * result.train_accuracy[n]:.1f}%" for n in models) + "."
)

left, right = st.columns(2)
left.plotly_chart(df.weights_figure(result.w), key="dig_weights", theme=None)
left.caption(f"Each weight multiplies one pixel: z = w·x + b (b = {result.b:.2f}). Red pixels "
             f"add to the score for \"a {digit}\", blue ones subtract: the picture shows "
             "where the ink of this digit is, and is not, compared with the others.")
right.plotly_chart(df.costs_figure(result.costs), key="dig_costs", theme=None)

st.subheader("The test images each model got wrong")
for name in models:
    wrong = lesson.misclassified(result, name)
    if not wrong.size:
        st.markdown(f"**{name}**: none wrong.")
        continue
    shown = wrong[:20]
    titles = [f"{labels[i]}: said {'yes' if labels[i] != digit else 'no'}" for i in shown]
    more = f" (the first 20 of {wrong.size})" if wrong.size > 20 else ""
    st.markdown(f"**{name}**: {wrong.size} wrong{more}. Each picture's title is its true "
                f"label and the model's answer to \"is it a {digit}?\".")
    st.plotly_chart(df.gallery_figure(images[shown], titles, cols=10),
                    key=f"dig_wrong_{models.index(name)}", theme=None)
