"""Page: the course's own results, reproduced by the engine on the course's flower data.

Thin: the training is ``playground.course.train_course_model`` (cached here on plain
arguments), the pictures are ``playground.figures.course``.
"""

from __future__ import annotations

import time

import streamlit as st

from playground import course, lesson_state
from playground.figures import course as cf

FILL_IN_AFTER = 0.1  # s: a sweep run slower than this trained (a cached one takes ~1 ms)
EXPERIMENTS = {
    "Logistic regression": "logistic",
    "4 tanh hidden units": "planar",
    "Hidden-layer sizes 1 to 50": "sweep",
}


@st.cache_data(show_spinner=False, max_entries=64)
def _run(hidden_units: int, iterations: int, learning_rate: float, seed: int) -> course.CourseRun:
    return course.train_course_model(hidden_units, iterations, learning_rate, seed)


@st.cache_data(show_spinner=False)
def _flower():
    return course.flower()


def _side_by_side(claim: str, course_value: float, course_figure: str, run: course.CourseRun,
                  X, Y) -> None:
    st.subheader(claim)
    left, right = st.columns([1, 2])
    with left:
        st.metric("The course printed", f"{course_value:.0f}%")
        st.caption(course_figure)
        st.metric("This app computed", f"{run.accuracy:.2f}%",
                  delta=f"{run.accuracy - course_value:+.2f} points vs the course",
                  delta_color="off")
        st.caption(
            f"{run.architecture}, learning rate {run.learning_rate:g}, gradient descent, "
            f"{run.iterations_done:,} iterations in {run.seconds:.2f} s. "
            f"Final cost J = {run.final_cost:.4f}."
        )
        if run.diverged:
            st.warning(run.diverged)
    with right:
        st.plotly_chart(
            cf.boundary_figure(run.x1s, run.x2s, run.probs, X, Y,
                               title=f"This app: {run.accuracy:.2f}% of the 400 points"),
            key=f"boundary_{run.hidden_units}", theme=None,
        )
    st.plotly_chart(cf.cost_figure(run.cost_iterations, run.costs, title="Cost J while training"),
                    key=f"cost_{run.hidden_units}", theme=None)


st.title("The course's results")
st.markdown(
    "The notebook *Planar data classification with one hidden layer*, run again by this app's "
    "engine on the course's own **flower** data (400 points, the same numbers bit for bit). "
    "Like the course, we train and measure on all 400 points (no test set)."
)
st.caption(
    "Our weights are drawn as randn × 0.01 with seed 2 like the notebook, but from NumPy's "
    "newer random generator: the starting weights differ from the notebook's, so an accuracy "
    "can differ from the course's by a point or so."
)

lesson_state.keep_controls("course", ("course_experiment", "course_seed"))
choice = st.segmented_control(
    "Experiment", list(EXPERIMENTS), default="4 tanh hidden units", key="course_experiment",
)
with st.expander("Change the weight seed"):
    seed = st.number_input("Weight seed (the notebook used 2)", min_value=0, max_value=10_000,
                           value=course.WEIGHT_SEED, step=1, key="course_seed")
    st.caption("Another seed, other starting weights: see how much the accuracy moves.")

X, Y = _flower()
experiment = EXPERIMENTS.get(choice or "")
if experiment is None:
    st.info("Pick an experiment above.")
elif experiment == "logistic":
    with st.spinner("Training logistic regression…"):
        run = _run(0, course.PLANAR_ITERATIONS, course.PLANAR_LEARNING_RATE, int(seed))
    _side_by_side(
        "Logistic regression draws one straight line, so it cannot separate the petals: "
        "about half the points are wrong.",
        course.COURSE_LOGISTIC_ACCURACY,
        "The notebook's figure: a straight boundary across the flower, 47% accuracy "
        "(it used scikit-learn's logistic regression; we use gradient descent on the same "
        "model, 2 → 1 sigmoid).",
        run, X, Y,
    )
elif experiment == "planar":
    with st.spinner("Training 2 → 4 tanh → 1 sigmoid for 10,000 iterations…"):
        run = _run(4, course.PLANAR_ITERATIONS, course.PLANAR_LEARNING_RATE, int(seed))
    _side_by_side(
        "One hidden layer of 4 tanh units bends the boundary around the petals: about 90%.",
        course.COURSE_PLANAR_ACCURACY,
        "The notebook's figure: a curved boundary that follows the petals, 90% accuracy "
        "(4 tanh units, learning rate 1.2, 10,000 iterations).",
        run, X, Y,
    )
else:
    st.subheader(
        "More hidden units fit the data better, up to a point: from 3 units on, the accuracy "
        "stays near 90%."
    )
    sizes = course.SWEEP_SIZES
    title = "Accuracy on the 400 points: the course's printout and this app"
    progress = st.progress(0.0, text=f"Training {len(sizes)} networks, "
                                     f"{course.SWEEP_ITERATIONS:,} iterations each…")
    bars = st.empty()
    st.caption("Look for: 1 and 2 units stay under 70%; 3 units and more reach about 90%, "
               "in the course and here.")
    table = st.empty()
    runs: list[course.CourseRun] = []
    for i, n_h in enumerate(sizes):
        start = time.perf_counter()
        runs.append(_run(n_h, course.SWEEP_ITERATIONS, course.PLANAR_LEARNING_RATE, int(seed)))
        progress.progress((i + 1) / len(sizes),
                          text=f"Trained n_h = {n_h} ({i + 1} of {len(sizes)})")
        if time.perf_counter() - start > FILL_IN_AFTER and i + 1 < len(sizes):
            # A run that really trained (not from the cache): show what is done so far
            # instead of a blank page for the seconds the seven runs take.
            ours = [r.accuracy for r in runs] + [None] * (len(sizes) - len(runs))
            bars.plotly_chart(cf.accuracy_comparison_figure(
                [f"n_h = {n}" for n in sizes], [course.COURSE_SWEEP[n] for n in sizes], ours,
                title=title), theme=None)
            table.dataframe(course.sweep_rows(runs), hide_index=True)
    progress.progress(1.0, text="Drawing the decision boundaries…")
    bars.plotly_chart(
        cf.accuracy_comparison_figure(
            [f"n_h = {r.hidden_units}" for r in runs],
            [course.COURSE_SWEEP[r.hidden_units] for r in runs],
            [r.accuracy for r in runs], title=title,
        ),
        key="sweep_bars", theme=None,
    )
    table.dataframe(course.sweep_rows(runs), hide_index=True, key="sweep_table")
    st.plotly_chart(
        cf.boundaries_grid_figure(
            [{"title": f"n_h = {r.hidden_units}: {r.accuracy:.2f}%", "x1s": r.x1s,
              "x2s": r.x2s, "probs": r.probs} for r in runs],
            X, Y, title="Decision boundary for each hidden-layer size (this app)",
        ),
        key="sweep_grid", theme=None,
    )
    progress.empty()
    st.caption("The course printed the same grid of pictures: with 1 or 2 units the boundary "
               "is too simple; with 20 or 50 it starts to wrap single points (overfitting).")
