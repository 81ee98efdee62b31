"""Page: activation functions and their derivatives, and why ReLU trains faster."""

from __future__ import annotations

import streamlit as st

from playground import lesson_state
from playground.figures import teaching as tf
from playground.lessons import activations as lesson
from playground.lessons import training
from playground.widgets import log_options

DEFAULT_PICK = ["sigmoid", "tanh", "relu", "leaky_relu"]


@st.cache_data(show_spinner=False)
def _curves(names: tuple[str, ...], z_min: float, z_max: float,
            values: tuple[tuple[str, float], ...]) -> list[dict]:
    return lesson.activation_curves(names, z_min, z_max, **dict(values))


@st.cache_data(show_spinner="Training the two networks…")
def _relu_demo() -> dict:
    return lesson.relu_vs_sigmoid()


st.title("Activations and their derivatives")
st.markdown(
    "**The lecture's claim:** a unit learns through its derivative g′(z); where g′(z) is close "
    "to 0 (sigmoid and tanh for large |z|, ReLU for z < 0) gradient descent barely moves it."
)

labels = lesson.activation_labels()
params = lesson.activation_params()  # leaky ReLU's slope "alpha": one slider each
lesson_state.keep_controls("act", ("act_pick", "act_layout", "act_z",
                                   *(f"act_{name}" for name in params)))
c1, c4 = st.columns([3, 1])
# Pills, not a multiselect: its chips sat on one line and cut "Leaky ReLU" to "Leaky" at
# 1280 px; pills on a row of their own show every name, each one click to add or remove.
picked = c1.pills(
    "Activations to compare", options=list(labels), default=DEFAULT_PICK,
    format_func=labels.get, key="act_pick", selection_mode="multi",
) or []
overlay = c4.radio(
    "Layout", ["Side by side", "Overlaid"], horizontal=True, key="act_layout"
) == "Overlaid"
c2, *param_cols, _ = st.columns([2, *([2] * len(params)), 1])
z_range = c2.slider("Range of z", -20.0, 20.0, (-6.0, 6.0), step=0.5, key="act_z")
values = {}
for col, p in zip(param_cols, params.values(), strict=True):
    # The range, steps and default of the sidebar's own slider: the record's.
    options = log_options(p.low, p.high, p.default) if p.log else None
    values[p.name] = float(
        col.select_slider(p.label, options, value=p.default, key=f"act_{p.name}",
                          help=p.help, format_func=lambda v: f"{v:g}")
        if options else
        col.slider(p.label, p.low, p.high, p.default, key=f"act_{p.name}", help=p.help)
    )

if not picked:
    st.warning("Pick at least one activation to draw.")
elif z_range[0] >= z_range[1]:
    st.warning("The range of z must not be empty: move the two ends of the slider apart.")
else:
    curves = _curves(tuple(picked), float(z_range[0]), float(z_range[1]),
                     tuple(sorted(values.items())))
    shaded = {c["name"]: c["saturation"] for c in curves if c["saturation"]}
    st.plotly_chart(
        tf.activation_figure(curves[0]["z"], curves, overlay=overlay, saturation=shaded),
        key="act_fig", theme=None,
    )
    if shaded:
        names = " or ".join(labels[name] for name in shaded)
        st.caption(
            f"Shaded bands: where {names} **saturates**, |g′(z)| < "
            f"{training.SATURATION_THRESHOLD:g}. A unit whose z lands there passes almost no "
            "gradient back, so its weights hardly change."
        )

    st.subheader("Formulas, and what to look for")
    by_name = {c["name"]: c for c in curves}
    for i in range(0, len(picked), 2):
        cols = st.columns(2)
        for col, name in zip(cols, picked[i:i + 2], strict=False):
            c = by_name[name]
            with col:
                # A swatch in the curve's colour, the name in dark text: sky blue or
                # orange letters are too pale to read on a projector.
                st.markdown(
                    f"<span style='font-size:1.3em; font-weight:700'><span style='color:"
                    f"{c['color']}'>■</span> {c['label']}</span>",
                    unsafe_allow_html=True,
                )
                st.latex(c["formula"])
                st.latex(c["derivative_formula"])
                st.caption(c["note"])

st.divider()
st.subheader("The consequence: ReLU makes gradient descent faster")
demo = lesson.RELU_DEMO
st.markdown(
    "**The lecture's claim:** with ReLU hidden units gradient descent learns much faster than "
    "with sigmoid, because ReLU's slope does not shrink towards 0."
)
result = _relu_demo()
sig, relu = result["runs"]
st.plotly_chart(
    tf.cost_curves_figure(
        [{"key": r["key"], "label": r["label"], "epoch": r["epoch"], "cost": r["cost"]}
         for r in result["runs"]],
        title="Same data, same seed, same initialization: only the hidden g differs",
    ),
    key="act_demo_fig", theme=None,
)
m1, m2, m3 = st.columns(3)
target = lesson.RELU_DEMO_TARGET
for col, r in ((m1, sig), (m2, relu)):
    reached = training.epochs_to_reach(r["epoch"], r["cost"], target)
    col.metric(
        f"{r['label']}: epochs to reach J = {target:g}",
        "never" if reached is None else f"{reached:,}",
        help=f"after {r['epoch'][-1]:,} epochs: J = {r['final_cost']:.3f}, "
        f"training accuracy {r['final_metric']:.0%}",
    )
m3.metric(
    "Final accuracy: sigmoid vs ReLU",  # short: a longer label was cut off at 1280 px
    f"{sig['final_metric']:.0%} vs {relu['final_metric']:.0%}",
)
st.caption(
    f"Setup: the **{demo['dataset']}** data ({demo['n_samples']} points, noise "
    f"{demo['noise']:g}), {len(demo['hidden_units'])} hidden layers of "
    f"{demo['hidden_units'][0]} units, sigmoid output, {demo['init'].title()} initialization "
    f"with seed {demo['seed']} for both, gradient descent with learning rate "
    f"{demo['learning_rate']:g}, {demo['epochs']:,} epochs. Each sigmoid layer multiplies the "
    "gradient by g′ ≤ 0.25 on its way back, so the sigmoid network sits on a plateau long "
    "after the ReLU network has started to fit."
)
