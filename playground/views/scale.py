"""Page: "Scale drives deep learning", the lecture's week-1 chart measured: test performance
against the training-set size m for a model with no hidden layer and three networks, on the
California housing prices.

Thin: the training is ``playground.lessons.scale``, its results shipped in assets/measured.json
(``playground.lessons.measured``: a first visit trains nothing) and any other run cached
here; the chart is ``playground.figures.scale``.
"""

from __future__ import annotations

import streamlit as st

from engine.housing import load_housing_frame
from playground import lesson_state
from playground.figures import scale as sf
from playground.lessons import measured
from playground.lessons import scale as lesson

KEYS = ("scl_metric", "scl_train")


@st.cache_data(show_spinner=False)
def _split() -> lesson.Split:
    return lesson.split(load_housing_frame())


@st.cache_data(show_spinner=False, max_entries=64)
def _train_here(hidden: tuple[int, ...], m: int, steps: int) -> dict:
    # One (model, m) run on plain arguments: a later visit, from any session, replays it.
    return lesson.train_one(_split(), hidden, m, steps)


# The shipped results first (a first visit draws at once); a run they lack is trained here.
_train = measured.replaying("scale", lesson.constants(), _train_here, measured.shipped())


st.title("Scale drives deep learning")
st.markdown(
    "**The lecture's chart** (week 1, *Why is deep learning taking off?*): as the amount of "
    "labelled data grows, a traditional learning method improves, then plateaus; a small "
    "neural network goes further, a medium one further still, and a large one keeps "
    "improving. With little data the order is not clear: there, hand-made features and "
    "details of the method matter more than size.  \n"
    "**Measured here** with this app's engine on the California housing prices (all "
    f"{len(lesson.FEATURES)} features of the Housing page): each model is trained on the "
    "first m districts, and scored on the same 4,128 districts it never saw."
)

lesson_state.keep_controls("scl", KEYS)
data = _split()
bar = st.progress(0.0, text="Training every model on every m (once; then cached)…")
rows = lesson.sweep(
    data, on_step=lambda done, what: bar.progress(min(1.0, done), text=f"Training {what}…"),
    train=_train,
)
bar.empty()

left, right = st.columns([3, 1])
with right:
    metric = st.radio("Performance", list(sf.METRICS), key="scl_metric",
                      format_func=lambda k: {"test_r2": "Test R²",
                                             "test_rmse": "Test RMSE"}[k],
                      help="R²: the share of the prices' variance the model explains "
                           "(1 perfect, 0 = always guess the mean). RMSE: the typical "
                           "error, in $100,000.")
    show_train = st.checkbox("Training scores too", key="scl_train",
                             help="Dotted lines: the score on the m training districts. "
                                  "Far above the test score, the model has learnt its few "
                                  "examples by heart.")
with left:
    st.plotly_chart(sf.scale_figure(rows, metric=metric, show_train=show_train,
                                    title="Performance against the amount of data"),
                    key="scl_chart", theme=None)

st.subheader("What the numbers say")
s = lesson.summary(rows)
names = list(lesson.MODELS)
linear, large = s[names[0]], s[names[-1]]
smallest, largest = lesson.M_VALUES[0], lesson.M_VALUES[-1]
lines = [
    f"- **No hidden layer**: test R² {linear['first']:.2f} at m = {smallest:,}, "
    f"{linear['last']:.2f} at m = {largest:,}; from m = {lesson.M_VALUES[-2]:,} to "
    f"{largest:,} it moved by {linear['last_gain']:+.3f}. "
    + ("A plateau: a straight W x + b cannot use more data, however much there is."
       if abs(linear["last_gain"]) < 0.01 else "It is still moving here."),
    f"- **Large network** {list(lesson.MODELS[names[-1]])}: {large['first']:.2f} at "
    f"m = {smallest:,}, {large['last']:.2f} at m = {largest:,} "
    + ("(the best of the four there): " if large["last"] >= max(v["last"] for v in s.values())
       else "(not the best there): ")
    + f"{large['last_gain']:+.3f} over the last step of m.",
]
order = sorted(names, key=lambda n: s[n]["last"])
if order == names:
    lines.append("- **At the most data**, the order is the lecture's: the bigger the model, "
                 "the higher its score.")
else:
    lines.append("- **At the most data**, from worst to best: " + ", ".join(order) + ".")
first_best = max(names, key=lambda n: s[n]["first"])
lines.append(
    f"- **With little data** (m = {smallest:,}) the best is {first_best.lower()}; the large "
    f"network scores {large['first']:.2f}: it fits its {smallest} examples almost perfectly "
    "(tick *Training scores too*) and does worse on new districts. As the lecture says, with "
    "small training sets the order of the methods is not set by their size."
)
lines.append(
    "- **Honest limits**: the curves are one seed each and a fixed budget of training "
    "steps; the price is capped at $500,001 by the census and the 16 features say only so "
    "much, so no model here gets near R² = 1: the large network's curve flattens too, only "
    "higher and later."
)
st.markdown("\n".join(lines))

with st.expander("How the measurement is made"):
    st.markdown(
        f"The 20,640 districts are split once (seed {lesson.SPLIT_SEED}): 4,128 for the "
        f"test, the other 16,512 in one fixed random order; the training set of size m is "
        f"the first m of them, so a larger m only adds districts. Features are standardized "
        f"with the 16,512's statistics. Every model has ReLU hidden units and a linear output, "
        f"is trained on the squared error with Adam (α = {lesson.LEARNING_RATE}) for about "
        f"{lesson.STEPS:,} steps (mini-batches of {lesson.BATCH}, or the whole set when m is "
        f"smaller), from seed {lesson.WEIGHT_SEED}; the model with no hidden layer starts "
        "at zero, the networks from He's initialization. The course's logistic regression "
        "is the model with no hidden layer and a sigmoid output; a price is a number, so "
        "here its output is linear: linear regression."
    )
    st.dataframe(
        [{"model": r["model"], "m": r["m"], "parameters": r["n_params"],
          "test R²": round(r["test_r2"], 3), "training R²": round(r["train_r2"], 3),
          "test RMSE ($)": round(r["test_rmse"] * 100_000)} for r in rows],
        hide_index=True, key="scl_table",
    )
