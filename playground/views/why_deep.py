"""Page: "Why deep", the lecture's circuit-theory claim measured on n-bit parity.

Thin: the training and the hand-set network are ``playground.lessons.why_deep`` (cached here
per n), the chart is ``playground.figures.why_deep``.
"""

from __future__ import annotations

import streamlit as st

from playground.figures import why_deep as wf
from playground.lessons import measured
from playground.lessons import why_deep as wd

EXTRA_KEY = "why_deep_extra"  # the n's the student added, in session state


@st.cache_data(show_spinner=False, max_entries=2000)
def _train_here(n: int, hidden: list[int], seed: int, epochs: int) -> int | None:
    # One training run, cached on plain arguments: a page visit after the first replays them.
    return wd.train_to_target(n, hidden, seed, epochs)


# The shipped results of n = 2..6 first (a first visit draws at once); "Extend" trains here.
_train = measured.replaying("why_deep", wd.constants(), _train_here, measured.shipped())


def _measure(n: int, bar) -> dict:
    """Both families for n, the progress bar saying which size is training."""
    sizes = wd.max_width(n) - 1  # widths 2 .. max_width per family

    def hear(family: str):
        def report(hidden: tuple[int, ...]) -> None:
            done = hidden[0] - 2 + (sizes if family == "deep" else 0)
            shape = " × ".join(str(h) for h in hidden)
            bar.progress(min(1.0, done / (2 * sizes)),
                         text=f"n = {n}: training hidden layers {shape} ({family})…")
        return report

    shallow = wd.fewest_units(n, "shallow", on_try=hear("shallow"), train=_train)
    deep = wd.fewest_units(n, "deep", on_try=hear("deep"), train=_train)
    return {"row": wd.row(n, shallow, deep), "shallow": shallow, "deep": deep}


st.title("Why deep")
st.markdown(
    "**The lecture's claim** (week 4, *Why deep representations?*, from circuit theory): "
    "some functions a small deep network computes need exponentially more hidden units in a "
    "shallow one. Its example is the parity of n bits (XOR of them all): a tree of XOR gates "
    "needs n − 1 gates in log₂ n layers; one hidden layer of AND/OR gates needs 2ⁿ⁻¹.  \n"
    "**Measured here:** the fewest hidden units gradient descent needs to fit all 2ⁿ "
    "examples of n-bit parity (100 % training accuracy), with one hidden layer and with a deep "
    "narrow network, next to a deep ReLU network whose weights are set by hand."
)

ns = list(wd.DEFAULT_NS) + [int(n) for n in st.session_state.get(EXTRA_KEY, [])]
results: dict[int, dict] = {}
bar = st.progress(0.0, text=f"Measuring n = {ns[0]} to {ns[-1]} (once; then cached)…")
for n in ns:
    results[n] = _measure(n, bar)
bar.empty()
rows = [results[n]["row"] for n in ns]

st.plotly_chart(wf.units_figure(rows, title="Hidden units needed for n-bit parity"),
                key="why_deep_chart", theme=None)

next_n = max(ns) + 1
left, right = st.columns([1, 2])
with left:
    extend = st.button(f"Extend to n = {next_n}", key="why_deep_extend", type="primary",
                       disabled=next_n > wd.MAX_N,
                       help=f"Trains on the {2 ** next_n} examples of {next_n}-bit parity: "
                            "from seconds to a minute or two.")
with right:
    if next_n > wd.MAX_N:
        st.caption(f"The page stops at n = {wd.MAX_N} ({2 ** wd.MAX_N} examples).")
    else:
        st.caption(f"Each size is tried with {len(wd.SEEDS)} seeds, {wd.EPOCHS:,} Adam steps "
                   "each; a size counts when one seed reaches 100 %.")
if extend and next_n <= wd.MAX_N:
    _measure(next_n, st.progress(0.0, text=f"n = {next_n}: starting…"))
    st.session_state[EXTRA_KEY] = [*st.session_state.get(EXTRA_KEY, []), next_n]
    st.rerun()

st.dataframe(rows, hide_index=True, key="why_deep_table")

shallow_wins = [n for n in ns
                if (rows[ns.index(n)]["one hidden layer, trained (units)"] or 10 ** 9)
                <= (rows[ns.index(n)]["deep narrow, trained (units)"] or 10 ** 9)]
st.subheader("What the numbers say")
st.markdown(
    f"- **Trained, one hidden layer** needs about n units, not 2ⁿ⁻¹: a tanh unit adds its "
    f"inputs up, which no AND/OR gate can, so the lecture's gate count does not carry over to "
    f"units. Here it needed no more units than the deep narrow network for "
    f"{len(shallow_wins)} of the {len(ns)} values of n.\n"
    "- **Deep, set by hand**: ⌈log₂ n⌉ layers of 2 ReLU units compute parity exactly (the "
    "table's accuracy column): the first layer reads x = (sum of the bits) / 2ᵏ and every "
    "layer folds x with the tent 2 relu(x) − 4 relu(x − ½). Its count grows like log n: "
    f"{wd.deep_construction_units(16)} units for n = 16, {wd.deep_construction_units(64)} "
    "for n = 64, where a single layer, at about n units as measured here, would need some "
    "16 and 64.\n"
    "- **Deep, trained**: gradient descent does fit parity with deep networks, but with wider "
    "layers than the hand-set 2 units (compare the two green and blue lines): small deep "
    "networks are harder to train. Depth can buy fewer units; finding them is another matter."
)
with st.expander("How the measurement is made"):
    st.markdown(
        f"For each n, every bit string of length n is one example (2ⁿ of them); y = 1 when an "
        f"odd number of bits are 1. Widths 2, 3, 4, … are tried in turn (1 unit per layer "
        "cannot: the output is then a threshold of one w·x): one hidden layer of k tanh "
        "units, or ⌈log₂ n⌉ (at least 2) hidden layers of w tanh units each; sigmoid "
        f"output, cross-entropy, Xavier start, full-batch Adam at {wd.LEARNING_RATE}, bits fed "
        f"as ±1, up to {wd.EPOCHS:,} steps, seeds {', '.join(map(str, wd.SEEDS))}. The first "
        "width that one seed fits 100 % is the table's number."
    )
    detail = [{"n bits": n,
               "one hidden layer": str(results[n]["shallow"].hidden),
               "its seed, epoch": f"{results[n]['shallow'].seed}, {results[n]['shallow'].epoch}",
               "deep narrow": str(results[n]["deep"].hidden),
               "its seed, epoch ": f"{results[n]['deep'].seed}, {results[n]['deep'].epoch}"}
              for n in ns]
    st.dataframe(detail, hide_index=True, key="why_deep_detail")
