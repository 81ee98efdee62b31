"""Page: why a deep network with linear hidden activations is no deeper than one layer."""

from __future__ import annotations

import streamlit as st

from engine.activations import HIDDEN_ACTIVATIONS
from engine.datasets import COLLAPSE_PAGE, datasets_for
from engine.datasets import DATASETS as DATASETS_ALL
from engine.housing import to_dollars
from playground import lesson_state
from playground.figures import teaching as tf
from playground.lessons import linear_collapse as lesson

# The choices come from the engine's registries (a set's record says which pages offer it):
# the linear network against any other activation, tanh to start with.
DATASETS = {name: DATASETS_ALL[name].short for name in datasets_for(COLLAPSE_PAGE)}
OTHERS = {name: act.label for name, act in HIDDEN_ACTIVATIONS.items() if name != "linear"}
START_OTHER = "tanh"
LEARNING_RATE = lesson.COLLAPSE_LEARNING_RATE
RANK_SIZE = 6  # the rank demonstration maps R^6 -> R^6


@st.cache_data(show_spinner="Training both networks…")
def _collapse(dataset: str, depth: int, width: int, other: str, epochs: int, lr: float) -> dict:
    return lesson.collapse_experiment(dataset, depth, width, other, epochs, lr)


@st.cache_data(show_spinner=False)
def _rank(depth: int, width: int, bottleneck: int) -> dict:
    return lesson.rank_experiment(RANK_SIZE, depth, width, bottleneck)


@st.cache_data(show_spinner="Fitting the prices…")
def _regression() -> dict:
    return lesson.regression_output_demo()


def _affine_latex(W, b) -> str:
    """z = w1 x1 + w2 x2 + b as LaTeX, with the engine's numbers."""
    text = ""
    for j, w in enumerate([*W[0], b[0][0]]):
        sign = "-" if w < 0 else ("+" if j else "")
        name = f"\\,x_{j + 1}" if j < len(W[0]) else ""
        text += f" {sign} {abs(float(w)):.4g}{name}"
    return rf"z^{{[L]}} = W'x + b' ={text}"


st.title("Why linear activations collapse")
st.markdown(
    "**The lecture's claim:** if every hidden activation is linear, a network of any depth "
    "computes one linear function, W′x + b′, so it can only draw a straight boundary."
)

CONTROLS = ("lc_data", "lc_depth", "lc_width", "lc_other", "lc_epochs", "lc_bottleneck")
LABELS = {"dataset": "Data", "depth": "Hidden layers", "width": "Units per hidden layer",
          "other": "Compare with", "epochs": "Epochs"}
TRAIN = "Train both networks"


def _describe(name: str, value) -> str:
    """A control's label (value None) or one of its values, as the notice names them."""
    if value is None:
        return LABELS[name]
    if name == "dataset":
        return DATASETS[value]
    if name == "other":
        return OTHERS[value]
    return f"{value:,}"


# No st.form: a changed control reruns the page, so the results can say at once that they
# belong to the previous choice (a form showed the old pictures under the new labels).
lesson_state.keep_controls("lc", CONTROLS)
with st.container(border=True):
    c1, c2, c3, c4, c5 = st.columns(5)
    choice = {
        "dataset": c1.selectbox("Data", list(DATASETS), format_func=DATASETS.get,
                                key="lc_data"),
        "depth": int(c2.slider("Hidden layers", 1, 8, 4, key="lc_depth")),
        "width": int(c3.slider("Units per hidden layer", 1, 16, 6, key="lc_width")),
        "other": c4.selectbox(
            "Compare with", list(OTHERS), format_func=OTHERS.get, key="lc_other",
            index=list(OTHERS).index(START_OTHER) if START_OTHER in OTHERS else 0,
            help="The same network, same data and seed, with this activation in the hidden "
            "layers.",
        ),
        "epochs": int(c5.select_slider(
            "Epochs", [200, 500, 1000, 2000, 3000], value=1000, key="lc_epochs"
        )),
    }
    pressed = st.button(TRAIN, type="primary", key="lc_train")
shown = lesson_state.shown_choice("lc", choice, pressed)
lesson_state.stale_notice(shown, choice, _describe, TRAIN)
dataset, depth, width = shown["dataset"], shown["depth"], shown["width"]
other, epochs = shown["other"], shown["epochs"]

res = _collapse(dataset, int(depth), int(width), other, int(epochs), LEARNING_RATE)
lin, non = res["runs"]
col = res["collapse"]
for r in res["runs"]:
    if r["diverged"]:
        st.warning(f"{r['label']}: {r['diverged']}")

st.plotly_chart(
    tf.decision_boundaries_figure(
        res["x1s"], res["x2s"],
        [{"label": f"{r['label']}: {r['final_metric']:.0%} accuracy", "P": r["P"],
          "note": "training diverged"} for r in res["runs"]],
        res["X"], res["Y"],
    ),
    key="lc_boundaries", theme=None,
)
st.caption(
    f"Both networks: {depth} hidden layers of {width} units, sigmoid output, Xavier "
    f"initialization with the same seed, gradient descent (learning rate {LEARNING_RATE:g}) "
    "for "
    f"{epochs:,} epochs. The black line is where a[L] = 0.5. Left: a straight line, however "
    f"many layers you add. Right: {OTHERS[other]} bends it."
)

if st.button("Open as a comparison", key="lc_compare", icon=":material/compare:",
             help="The same two networks on the Playground, live, side by side: change "
                  "either and train them again."):
    from playground import compare_panel
    from playground.lessons import comparisons

    compare_panel.open_comparison(comparisons.query(comparisons.collapse_setups(
        dataset, int(depth), int(width), other, LEARNING_RATE)))
    st.switch_page("views/playground.py")

st.subheader("The collapsed layer, computed from the trained weights")
st.markdown(
    "Multiply the layers out: W′ = W[L] ⋯ W[2] W[1] and b′ = W[L](⋯(W[2]b[1] + b[2])⋯) + b[L]. "
    "The deep network's Z[L] and W′x + b′ are the same numbers."
)
if col is None:
    st.warning("The linear network diverged, so there are no trained weights to multiply out.")
    st.stop()
st.latex(_affine_latex(col["W"], col["b"]))
m1, m2, m3 = st.columns(3)
m1.metric(
    "Largest |deep network − (W′x + b′)|", f"{col['agreement']:.1e}",
    help=f"Over the {res['X'].shape[1]} training points, comparing Z[L] before the output "
    "sigmoid (which is applied on top of both). Floating-point rounding is about 1e-16.",
)
m2.metric(
    "Rank of this W′", col["rank"],
    help="W′ is (1, 2): one output, two inputs, so its rank is at most 1.",
)
m3.metric(
    "Parameters in the deep linear network", f"{lin['n_params']:,}",
    help=f"{lin['repr']}. All of them do the work of the 3 numbers in W′ and b′.",
)

st.divider()
st.subheader("The rank of W′ is at most the narrowest layer")
st.markdown(
    f"**The claim:** a linear map that passes through a layer of k units can only reach a "
    f"k-dimensional space. Here a deep linear network maps {RANK_SIZE} inputs to "
    f"{RANK_SIZE} outputs; one hidden layer in the middle is the bottleneck."
)
bottleneck = st.slider(
    "Units in the bottleneck layer", 1, RANK_SIZE, 2, key="lc_bottleneck",
    help="The middle hidden layer's width; the other hidden layers keep the width set above.",
)
rk = _rank(choice["depth"], choice["width"], int(bottleneck))
r1, r2, r3 = st.columns([5, 4, 2])
with r1:
    st.plotly_chart(
        tf.singular_values_figure(
            rk["singular_values"], rank=rk["rank"], bottleneck=rk["narrowest"],
            title="Singular values of W′",  # longer titles were cut off at 1280 px
        ),
        key="lc_singular", theme=None,
    )
with r2:
    st.plotly_chart(
        tf.matrix_figure(rk["W"], title="W′ = W[L] ⋯ W[1]", row_name="out", col_name="in"),
        key="lc_wprime", theme=None,
    )
with r3:
    st.metric(f"Rank of W′ ({RANK_SIZE} × {RANK_SIZE})", rk["rank"])
    st.metric("Narrowest layer", rk["narrowest"])
    st.caption("Layer sizes: " + " → ".join(str(n) for n in rk["layer_dims"]) +
               ". Random weights: no training can raise the rank above the narrowest layer. "
               "Grey bars: rounding noise (about 1e-16), not real directions.")

st.divider()
st.subheader("Where linear is right: the output unit of a regression")
st.markdown(
    "**The claim:** to predict a real number such as a price, use g(z) = z in the output "
    "unit (and ReLU or tanh in the hidden layers); a sigmoid output can never leave (0, 1)."
)
reg = _regression()
st.plotly_chart(
    tf.regression_fit_figure(
        reg["size"], reg["price"],
        [{"key": r["key"], "label": f"{r['label']} (RMSE ${to_dollars(r['final_metric']):,.0f})",
          "x": r["fit_x"], "y": r["fit_y"]} for r in reg["runs"]],
        x_title="size (sq ft)", y_title="price ($100,000)",
        title="Same ReLU network (1 → 8 ReLU → 1), squared-error cost",
    ),
    key="lc_regression", theme=None,
)
st.caption(
    "Synthetic lecture data: the lecture's ReLU, price $0 up to 1,000 sq ft, then rising "
    "$150 per sq ft. The linear output follows the prices; the sigmoid output stops at 1, "
    "i.e. $100,000."
)
