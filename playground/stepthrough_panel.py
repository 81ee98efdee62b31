"""The Playground's step-through: one training step of the network the student built, one
building block at a time (forward per layer, the cost, backward per layer, the update).

``panel(prefix)`` is the one call the page makes: a toggle that, when on, pauses training and
shows the walk below the live panel. The walk itself is a fragment, so Back and Next (and the
arrow keys) rerun only it. The numbers come from ``engine.stepthrough``; what is written
where comes from ``playground.lessons.stepthrough``; the figures from
``playground.figures.stepthrough``.
"""

from __future__ import annotations

import numpy as np
import streamlit as st

from engine.stepthrough import check_affordable, trace_step
from playground.figures.stepthrough import picker_figure, step_diagram
from playground.inputs import input_labels, input_names
from playground.lessons import stepthrough as lesson
from playground.state import Session

TOGGLE = "Step through one example, block by block"
DIAGRAM_HEIGHT = 430


def panel(prefix: str) -> None:
    """The toggle and, when it is on, the step-through of st.session_state[prefix_session].
    Widget keys start with f"{prefix}_st_"."""
    st.toggle(TOGGLE, key=f"{prefix}_st_on", on_change=_on_toggle, args=(prefix,),
              help="Pauses training, then walks one step of gradient descent through the "
                   "network: forward layer by layer, the cost, backward, the update.")
    if st.session_state.get(f"{prefix}_st_on"):
        _walk(prefix)


def _on_toggle(prefix: str) -> None:
    ss = st.session_state
    if ss.get(f"{prefix}_st_on"):
        ss[f"{prefix}_session"].playing = False  # the walk needs weights that stay put


def _session(prefix: str) -> Session:
    return st.session_state[f"{prefix}_session"]


def _pause_for_walk(prefix: str) -> None:
    # A click on the walk while training runs: stop, and redraw the whole page afterwards so
    # the live panel's button says Play again (this fragment's rerun does not redraw it).
    s = _session(prefix)
    if s.playing:
        s.playing = False
        st.session_state[f"{prefix}_st_full"] = True


def _on_move(prefix: str, delta: int, last: int) -> None:
    _pause_for_walk(prefix)
    key = f"{prefix}_st_pos"
    st.session_state[key] = int(np.clip(st.session_state.get(key, 0) + delta, 0, last))


def _on_random(prefix: str, m_train: int) -> None:
    _pause_for_walk(prefix)
    ss = st.session_state
    draws = ss.get(f"{prefix}_st_draws", 0) + 1
    ss[f"{prefix}_st_draws"] = draws
    # Seeded by the session's seed and the number of draws: a class gets the same sequence.
    rng = np.random.default_rng([_session(prefix).setup.seed, draws])
    ss[f"{prefix}_st_index"] = int(rng.integers(m_train))


def _take_click(prefix: str, m_train: int) -> None:
    # A click on a training point of the picture (trace 1) chooses that example. Read before
    # the index box is drawn, so the box can show it.
    ss = st.session_state
    event = ss.get(f"{prefix}_st_pick")
    points = (event or {}).get("selection", {}).get("points", []) if event else []
    picked = [p.get("point_index") for p in points if p.get("curve_number") == 1]
    seen = ss.get(f"{prefix}_st_seen")
    if picked and picked != seen and picked[0] is not None and 0 <= picked[0] < m_train:
        ss[f"{prefix}_st_index"] = int(picked[0])
    ss[f"{prefix}_st_seen"] = picked


@st.fragment
def _walk(prefix: str) -> None:
    ss = st.session_state
    if ss.pop(f"{prefix}_st_full", False):
        st.rerun(scope="app")
    session = _session(prefix)
    network, data, trainer = session.drawable_network(), session.data, session.trainer
    m_train = int(data.X_train.shape[1])
    if m_train == 0:
        st.info("There are no training examples to step through.")
        return
    _take_click(prefix, m_train)
    index_key = f"{prefix}_st_index"
    ss[index_key] = int(np.clip(ss.get(index_key, 0), 0, m_train - 1))

    batch = trainer.batch_size or m_train
    with st.container(border=True):
        pick, controls = st.columns([1, 1], gap="medium")
        with controls:
            st.markdown("**The example**: click a training point on the picture, type its "
                        "number, or draw one at random.")
            c1, c2 = st.columns([2, 1], vertical_alignment="bottom")
            index = int(c1.number_input(f"Example (0 to {m_train - 1:,})", min_value=0,
                                        max_value=m_train - 1, step=1, key=index_key))
            c2.button("Random", key=f"{prefix}_st_random", icon=":material/casino:",
                      on_click=_on_random, args=(prefix, m_train), use_container_width=True)
            whole_label = (f"The whole training set (m = {m_train:,})" if batch >= m_train
                           else f"The current mini-batch (m = {batch:,}, from this example on)")
            whole = st.radio("Examples in the step", ["One example (m = 1)", whole_label],
                             key=f"{prefix}_st_batch", horizontal=False) != "One example (m = 1)"
            x, y = data.X_train[:, index], int(data.Y_train[0, index])
            st.caption(f"Example {index:,}: x = ({lesson.num(x[0])}, {lesson.num(x[1])}), "
                       f"{_features_note(session)}"
                       f"label y = {y}. Learning rate α = {lesson.num(trainer.learning_rate)}"
                       + (f", λ = {lesson.num(trainer.l2)}" if trainer.l2 else "") + ".")
            if session.setup.optimizer != "gd":
                st.caption("The update shown is plain gradient descent, the course's rule; "
                           "the optimizer you chose moves the weights its own way.")
        columns = lesson.batch_columns(m_train, index, trainer.batch_size, whole)
        trace, picture = _trace(prefix, session, network, columns)
        with pick:
            st.plotly_chart(picture, key=f"{prefix}_st_pick", on_select="rerun",
                            selection_mode="points", config={"displayModeBar": False})

        last = len(trace)  # positions 0..len-1 are the blocks, len the summary
        pos_key = f"{prefix}_st_pos"
        pos = int(np.clip(ss.get(pos_key, 0), 0, last))
        ss[pos_key] = pos
        b1, mid, b2 = st.columns([1, 4, 1], vertical_alignment="center")
        b1.button("Back", key=f"{prefix}_st_back", icon=":material/chevron_left:",
                  shortcut="Left", disabled=pos == 0, on_click=_on_move,
                  args=(prefix, -1, last), use_container_width=True)
        b2.button("Next", key=f"{prefix}_st_next", icon=":material/chevron_right:",
                  shortcut="Right", disabled=pos == last, on_click=_on_move,
                  args=(prefix, 1, last), use_container_width=True, type="primary")
        shown = min(pos, last - 1)
        block = trace[shown]
        title = ("Summary: the gradient check and the cost" if pos == last
                 else f"Block {pos + 1} of {last}: {block.label}")
        mid.markdown(f"**{title}** · m = {trace.m}", help="The arrow keys ← and → move too.")
        _progress(trace, pos)

        # A small network sits beside its equations; a large one gets the whole width.
        big = lesson.compact(network.layer_dims)
        if big:
            left, right = st.container(), st.container()
        else:
            left, right = st.columns([1, 1.15], gap="medium")
        with left:
            labels = lesson.unit_labels(trace, shown, short=big, inputs=input_labels(
                session.setup, network.layer_dims[0]))
            fig = step_diagram(
                network.layer_dims, labels, lesson.edge_values(trace, shown),
                layer=block.layer if block.layer is not None else trace.L,
                phase="update" if block.kind == "update" else lesson.phase(block),
                params=trace.params_before,
                grads=trace.grads if lesson.phase(block) == "backward" else None,
                params_after=trace.params_after if block.kind == "update" else None,
                height=max(DIAGRAM_HEIGHT, 38 * min(max(network.layer_dims), 12) + 100))
            st.plotly_chart(fig, key=f"{prefix}_st_diagram", config={"displayModeBar": False})
            if trace.m > 1:
                st.caption(f"The numbers on the units are example {index:,}'s (column 1 of "
                           f"the {trace.m:,}); dW and db sum over all of them.")
        with right:
            if pos == last:
                _summary(trace)
            else:
                _block(block, trace, shown)


def _trace(prefix: str, session: Session, network, columns: np.ndarray):
    # The trace and the picture, rebuilt only when the weights, the data or the choice change
    # (each Next reruns this fragment, and the walk must not move under the student).
    ss, t = st.session_state, session.trainer
    key = (session.version, session.epoch, t.epoch_progress, int(columns[0]), len(columns),
           t.learning_rate, t.l2, session.setup.loss)
    held = ss.get(f"{prefix}_st_trace")
    if held is not None and held[0] == key:
        return held[1], held[2]
    d = session.data
    X, Y = session.inputs(d.X_train[:, columns]), d.Y_train[:, columns]  # the features
    with np.errstate(all="ignore"):
        trace = trace_step(network, X, Y, session.setup.loss, t.learning_rate, t.l2,
                           check=check_affordable(network, len(columns)))
        Z = network.forward(session.inputs(d.G)).reshape(len(d.x2s), len(d.x1s))
    picture = picker_figure(d.x1s, d.x2s, Z, d.X_train, d.Y_train, columns)
    if held is not None:
        ss[f"{prefix}_st_pos"] = 0  # a new step starts at its first block
    ss[f"{prefix}_st_trace"] = (key, trace, picture)
    return trace, picture


def _progress(trace, pos: int) -> None:
    # One row of small tags: where this block sits in the whole step.
    names = [("F" if b.kind == "forward" else "J" if b.kind == "cost" else
              "dZ" if b.equation == "output_delta" else "B" if b.kind == "backward" else "U")
             + ("" if b.layer is None or b.equation == "output_delta" else str(b.layer))
             for b in trace] + ["✓"]
    parts = [f"**:red[{n}]**" if i == pos else n for i, n in enumerate(names)]
    st.caption("  ·  ".join(parts))


def _block(block, trace, index: int) -> None:
    st.markdown(lesson.note(block, trace))
    st.markdown("**The equation**, the shape of each term under it")
    for line in lesson.equations(block, trace):
        st.latex(line)
    st.markdown("**The values of this step**")
    for line in lesson.value_lines(block, trace):
        st.latex(line)
    for text in lesson.large_notes(block):
        st.caption(text)
    with st.expander("What this block reads"):
        for line in lesson.read_lines(block):
            st.latex(line)
    rows = lesson.cache_rows(trace, index)
    if rows:
        st.markdown("**The cache**: what the forward pass keeps for the backward pass")
        st.table(rows)


def _summary(trace) -> None:
    lines = lesson.summary_lines(trace)
    c1, c2 = st.columns(2)
    c1.metric("Cost before the update", lesson.num(trace.cost_before))
    c2.metric("Cost after the update", lesson.num(trace.cost_after),
              delta=lesson.num(trace.cost_after - trace.cost_before), delta_color="inverse")
    st.markdown(lines["cost"])
    verdict = trace.check_verdict
    if verdict == "right":
        st.success(lines["check"], icon=":material/check_circle:")
    elif verdict == "unclear" or verdict is None:
        st.info(lines["check"])
    else:
        st.warning(lines["check"])
    st.caption("Press Back to walk the step again, or Play to train: the walk follows the "
               "new weights when you come back.")


def _features_note(session: Session) -> str:
    # With input features the network's x is not the point: say what it sees instead.
    names = input_names(session.setup)
    if names is None or list(names) == ["x1", "x2"]:
        return ""
    return f"the network's inputs {', '.join(input_labels(session.setup))}, "
