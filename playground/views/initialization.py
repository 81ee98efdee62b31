"""Page: how the starting weights decide whether gradient descent can learn."""

from __future__ import annotations

import numpy as np
import streamlit as st

from engine.activations import ACTIVATIONS, HIDDEN_ACTIVATIONS
from engine.datasets import DATASETS as DATASETS_ALL
from engine.datasets import INITIALIZATION_PAGE, datasets_for
from playground import lesson_state
from playground.figures import diagnostics as dfig
from playground.figures import style
from playground.figures import teaching as tf
from playground.lessons import initialization as lesson
from playground.lessons import training

# The choices come from the engine's registries (a set's record says which pages offer it);
# the lesson starts on the course's flower with tanh hidden units.
DATASETS = {name: DATASETS_ALL[name].short for name in datasets_for(INITIALIZATION_PAGE)}
HIDDEN = {name: act.label for name, act in HIDDEN_ACTIVATIONS.items()}
START_DATASET, START_HIDDEN = "flower", "tanh"
CHOICE_LABELS = {key: lesson.init_choice_label(key) for key in lesson.INIT_CHOICES}
CHOICE_LABELS["large"] = "Random × large"


@st.cache_data(show_spinner="Training one network per initialization…")
def _train(
    key: str, activation: str, dataset: str, hidden: tuple[int, ...], epochs: int, lr: float,
    large_scale: float,
) -> dict:
    """One initialization's run, cached on its own: moving the "large" scale or adding an
    initialization trains only that network, not all five again."""
    return lesson.compare_inits(
        (key,), activation, dataset, hidden, epochs, lr, large_scale=large_scale
    )["runs"][0]


def _heading(run: dict) -> str:
    """The run's name after a swatch in its palette colour (the colour of its curves); the
    name itself in dark text, since sky blue or orange letters are too pale on a projector."""
    return (
        f"<span style='font-size:1.25em; font-weight:700'><span style='color:"
        f"{tf.color_for(run['key'])}'>■</span> {run['label']}</span>"
    )


st.title("Initialization")
st.markdown(
    "**The lecture's claims** (Course 1, week 3): zero weights keep all hidden units "
    "identical (symmetry); weights that are too large saturate sigmoid and tanh, and learning "
    "stalls; small random weights (× 0.01) work.  \n"
    "**Beyond this course:** He and Xavier scaling (randn × √(2/n[l-1]) and × √(1/n[l-1])) "
    "come in Course 2, *Improving Deep Neural Networks*, week 1; they are here to compare."
)

CONTROLS = ("init_keys", "init_large", "init_act", "init_data", "init_depth", "init_width",
            "init_epochs", "init_lr")
LABELS = {"keys": "Initializations", "large": "“Large” scale", "activation": "Hidden activation",
          "dataset": "Data", "depth": "Hidden layers", "width": "Units per hidden layer",
          "epochs": "Epochs", "lr": "Learning rate"}
TRAIN = "Train"


def _describe(name: str, value) -> str:
    """A control's label (value None) or one of its values, as the notice names them."""
    if value is None:
        return LABELS[name]
    if name == "keys":
        return ", ".join(CHOICE_LABELS[k] for k in value) or "none"
    if name == "activation":
        return HIDDEN[value]
    if name == "dataset":
        return DATASETS[value]
    return f"{value:,g}"


# No st.form: a changed control reruns the page, so the results can say at once that they
# belong to the previous choice (a form showed the old pictures under the new labels).
lesson_state.keep_controls("init", CONTROLS)
with st.container(border=True):
    # Pills, not a multiselect: its chips sat on one line and "He" was cut off at 1280 px.
    c1, c2 = st.columns([4, 1])
    keys = c1.pills(
        "Initializations to compare", list(CHOICE_LABELS), default=list(CHOICE_LABELS),
        format_func=CHOICE_LABELS.get, key="init_keys", selection_mode="multi",
    ) or []
    large = c2.select_slider(
        "“Large” scale", [2.0, 5.0, 10.0, 20.0, 50.0], value=10.0, key="init_large",
        help="W = randn × this scale.",
    )
    d1, d2, d3, d4, d5 = st.columns(5)
    activation = d1.selectbox(
        "Hidden activation", list(HIDDEN), format_func=HIDDEN.get, key="init_act",
        index=list(HIDDEN).index(START_HIDDEN) if START_HIDDEN in HIDDEN else 0,
    )
    dataset = d2.selectbox(
        "Data", list(DATASETS), format_func=DATASETS.get, key="init_data",
        index=list(DATASETS).index(START_DATASET) if START_DATASET in DATASETS else 0,
    )
    depth = d3.slider("Hidden layers", 1, 4, 2, key="init_depth")
    width = d4.slider("Units per hidden layer", 2, 12, 8, key="init_width")
    epochs = d5.select_slider("Epochs", [300, 500, 1000, 1500, 3000], value=1500,
                              key="init_epochs")
    e1, e2 = st.columns([1, 4], vertical_alignment="bottom")
    # 0.5: small random, Xavier and He go down smoothly (at 1.2 their costs jumped back up by
    # 0.2 to 0.5 on the way, which hid the comparison) and the large scale visibly stalls.
    lr = e1.select_slider("Learning rate", [0.1, 0.3, 0.5, 1.0, 1.2, 2.0], value=0.5,
                          key="init_lr")
    pressed = e2.button(TRAIN, type="primary", key="init_train", disabled=not keys)

if not keys:
    st.warning("Pick at least one initialization to train.")
    st.stop()

choice = {"keys": [k for k in CHOICE_LABELS if k in keys], "large": float(large),
          "activation": activation, "dataset": dataset, "depth": int(depth),
          "width": int(width), "epochs": int(epochs), "lr": float(lr)}
previous = st.session_state.get("_init_trained")
if "large" not in choice["keys"] and previous:
    choice["large"] = previous["large"]  # the scale of a run not drawn changes nothing
shown = lesson_state.shown_choice("init", choice, pressed)
lesson_state.stale_notice(shown, choice, _describe, TRAIN)
keys, large, activation, dataset = (shown["keys"], shown["large"], shown["activation"],
                                    shown["dataset"])
depth, width, epochs, lr = shown["depth"], shown["width"], shown["epochs"], shown["lr"]

order = [k for k in CHOICE_LABELS if k in keys]
# Same data and seed for every run; only the "large" run depends on the large scale.
runs = [
    _train(key, activation, dataset, (int(width),) * int(depth), int(epochs), float(lr),
           float(large) if key == "large" else lesson.INIT_CHOICES["large"][1])
    for key in order
]

st.subheader("Cost")
st.plotly_chart(
    tf.cost_curves_figure(
        [{"key": r["key"], "label": r["label"], "epoch": r["epoch"], "cost": r["cost"]}
         for r in runs],
        title=None, log_y=True, y_title="cost J (log)",
    ),
    key="init_cost", theme=None,
)
for r in runs:
    if r["diverged"]:
        st.warning(f"{r['label']}: {r['diverged']}")
st.caption(
    "Look for: zeros stays flat at J = 0.693 (= log 2, a coin flip); the large scale starts "
    "with a huge cost and crawls; small random weights, Xavier and He go down."
)
if st.button("Open as a comparison", key="init_compare", icon=":material/compare:",
             help="These initializations (the first four) on the Playground, live, side by "
                  "side, on the same data and seed."):
    from playground import compare_panel
    from playground.lessons import comparisons

    compare_panel.open_comparison(comparisons.query(comparisons.initialization_setups(
        order, activation, dataset, (int(width),) * int(depth), float(lr), float(large))))
    st.switch_page("views/playground.py")

st.subheader("The hidden units' weights after training")
st.plotly_chart(
    tf.weights_heatmaps_figure(
        [{"label": r["label"], "W": r["W1"]} for r in runs],
        title="W[1]: one row per hidden unit, one column per input",
    ),
    key="init_weights", theme=None,
)
g_at_zero = float(ACTIVATIONS[activation].forward(np.zeros(1))[0])  # what W = 0 outputs
# Balanced data (half of each class): at the start every a = 0.5, so the output layer's
# gradient, the average of a - y, is exactly 0, and W[2] = 0 sends nothing back to W[1].
zeros_note = (
    " Here, in exact arithmetic, nothing moves at all: W[2] = 0 sends no gradient back to "
    "W[1], and on these balanced data (half the points in each class) the output layer's "
    "gradient, the average of a − y = 0.5 − y, is 0 too."
    + (
        f" With {HIDDEN[activation]} the hidden units output {g_at_zero:g}, not 0, so the "
        "computer's rounding (16th digit) can grow over thousands of epochs until the weights "
        "move, and can even split the rows: symmetry is an unstable balance, like a pencil on "
        "its tip. Random initialization does not leave this to luck."
        if g_at_zero != 0 else
        f" With {HIDDEN[activation]} the hidden units output exactly 0, so not even rounding "
        "can start them."
    )
)
st.caption(
    "Under zeros every row is the same: each hidden unit computes the same function and gets "
    "the same update, forever (the symmetry is never broken)."
    + (zeros_note if "zeros" in keys else "")
)
_run_columns = st.columns(len(runs))
for col, r in zip(_run_columns, runs, strict=True):
    col.markdown(_heading(r), unsafe_allow_html=True)
    col.metric(
        "rows differ by", f"{r['row_spread']:.3g}",
        help="The largest difference between two hidden units' weights on the same input "
        "(0 = all units identical).",
    )

st.subheader("How much gradient reaches each layer")
st.plotly_chart(tf.gradient_norms_figure(
    [{"key": r["key"], "label": r["label"], "epoch": r["grad_epoch"], "norms": r["grad_norms"]}
     for r in runs]
), key="init_grads", theme=None)
st.caption(
    "‖dW[l]‖ over training, log scale (layer 1 solid, deeper layers dashed/dotted). "
    "Random × 0.01 in a deep network: the gradient shrinks layer by layer on its way back "
    "(vanishing). Zeros: no line at all where the gradient is exactly 0."
)

st.subheader("At the start: are the hidden units saturated?")
for col, r in zip(st.columns(len(runs)), runs, strict=True):
    col.markdown(_heading(r), unsafe_allow_html=True)
    col.metric(
        "typical g′(z) in layer 1", f"{r['slope_at_start'][0]:.2g}",
        help="Median |g′(z)| over the units and examples before training.",
    )
    col.metric(
        "saturated units", f"{r['saturated_at_start'][0]:.0%}",
        help=f"Share of |g′(z)| < {training.SATURATION_THRESHOLD:g} in layer 1 before training.",
    )
    col.caption(f"after training: J = {r['final_cost']:.3f}, accuracy {r['final_metric']:.0%}")
saturates = ACTIVATIONS[activation].saturates
st.caption(
    "With large weights |z| is large, so sigmoid and tanh sit on their flat parts: g′(z) is "
    "nearly 0 and each step of gradient descent barely changes the weights. "
    + (f"{HIDDEN[activation]} saturates {saturates}: that is what the large scale shows here."
       if saturates else
       f"{HIDDEN[activation]} does not saturate, so compare it with sigmoid or tanh under the "
       "large scale.")
)

# ------------------------------------------------------------------ a deep network, per layer
st.subheader("A deep network, layer by layer: watch the gradients flow")
DEEP_INITS = ("zeros", "large", "small", "xavier", "he")
DEEP_LABELS = {key: ("Random × 10" if key == "large" else CHOICE_LABELS[key]) for key in DEEP_INITS}


@st.cache_data(show_spinner="Training the deep network…", max_entries=20)
def _deep(key: str, activation: str) -> dict:
    return lesson.deep_diagnostics(key, activation)


f1, f2, f3 = st.columns([3, 1.3, 1.6])
deep_key = f1.segmented_control(
    "Initialization", DEEP_INITS, default="large", format_func=DEEP_LABELS.get,
    key="init_deep_key",
) or "large"
deep_act = f2.segmented_control(
    "Hidden activation", lesson.DEEP_ACTIVATIONS, default="tanh", format_func=HIDDEN.get,
    key="init_deep_act",
) or "tanh"
when = f3.segmented_control("Histograms", ("before", "after"), default="before",
                            format_func={"before": "before training",
                                         "after": "after training"}.get,
                            key="init_deep_when") or "before"
deep = _deep(deep_key, deep_act)
hidden = len(lesson.DEEP_HIDDEN)
st.caption(
    f"{hidden} hidden layers of {lesson.DEEP_HIDDEN[0]} {HIDDEN[deep_act]} units and a sigmoid "
    f"output, on the flower data, {deep['epoch']:,} epochs of gradient descent (α = 0.1). Per "
    "layer: the distribution of a over all units and examples (with the share of units that "
    f"are saturated, |g′(z)| < {training.SATURATION_THRESHOLD:g}, or dead, g′(z) = 0), "
    "‖dW[l]‖ over the epochs (log scale), and the distribution of W[l]."
)
if deep["diverged"]:
    st.warning(f"{DEEP_LABELS[deep_key]}: {deep['diverged']}")
stats = deep["before" if when == "before" else "after"]
st.plotly_chart(
    dfig.diagnostics_figure(stats, deep["grad_epochs"], deep["grad_norms"],
                            layer_dims=deep["layer_dims"], epoch=deep["epoch"],
                            font_size=style.FONT_SIZE + 2),
    key="init_deep_fig", theme=None,
)
LOOK_FOR = {
    "zeros": "Every unit of a layer computes the same number: each histogram is one spike "
    "(at g(0)), and W[l] is one spike at 0. No gradient reaches the hidden layers at all "
    "(‖dW[l]‖ = 0), so nothing ever changes.",
    "large": "With tanh, z is huge: the histograms pile up at −1 and +1, almost every unit is "
    "saturated, and ‖dW[1]‖ falls by orders of magnitude as training goes on: the first "
    "layers stop learning. With ReLU nothing saturates, but the outputs grow ×10 per layer "
    "and the gradients explode: training diverges at once.",
    "small": "× 0.01 keeps every z near 0: the histograms are one narrow spike at g(0), the "
    "signal shrinks in each layer going forward and the gradient again coming back, so "
    "every hidden layer's ‖dW[l]‖ is tiny (vanishing) and the cost stays at 0.693: fine for "
    "one hidden layer, hopeless for six.",
    "xavier": "Spread-out histograms in every layer, few saturated units, and ‖dW[l]‖ of "
    "the same size in all layers: the signal and its gradient reach every layer.",
    "he": "Like Xavier (He's √(2/n) suits ReLU, which zeroes half its inputs): about half "
    "the ReLU entries are 0 (dead share near 50 %, not 100 %), and every layer's ‖dW[l]‖ is "
    "of the same size.",
}
st.caption("Look for: " + LOOK_FOR[deep_key])
