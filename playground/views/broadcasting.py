"""Page: broadcasting and vectors (week 2). The lecture's calories example, the rule for
(m, n) with (1, n) and (m, 1), a widget that broadcasts any two shapes and says why, and the
rank-1 array pitfall (computations: playground/lessons/broadcasting.py)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from playground import lesson_state
from playground.figures import broadcasting as bf
from playground.lessons import broadcasting as lesson

KEYS = ("bc_first", "bc_second", "bc_rank")


def _array_text(a) -> str:
    return np.array2string(np.asarray(a), precision=3, suppress_small=True)


st.title("Broadcasting and vectors")
st.subheader("NumPy stretches a row, a column or a number to the shape of the array it meets: "
             "one line of code instead of a loop.")
lesson_state.keep_controls("bc", KEYS)

# ------------------------------------------------------------------ calories
st.header("The lecture's example: calories")
calories = lesson.calories()
left, right = st.columns([1, 1.2])
with left:
    st.markdown("Calories in 100 g of each food, from carbohydrate, protein and fat: "
                "A has shape (3, 4).")
    st.dataframe(pd.DataFrame(calories["A"], index=lesson.NUTRIENTS, columns=lesson.FOODS),
                 key="bc_table")
    st.code(f"cal = A.sum(axis=0)          # shape {lesson.fmt_shape(calories['cal'].shape)}\n"
            f"{_array_text(calories['cal'])}\n"
            "# (3, 4) / (1, 4) -> "
            f"{lesson.fmt_shape(calories['percentage'].shape)}\n"
            "percentage = 100 * A / cal.reshape(1, 4)", language="python")
    st.caption("axis=0 sums down the columns (over the rows): one total per food. Dividing the "
               "(3, 4) matrix by the (1, 4) row copies the row three times, so each column is "
               "divided by its own total. The reshape costs nothing and makes the shape sure.")
with right:
    st.plotly_chart(bf.calories_figure(calories["A"], calories["percentage"], lesson.FOODS,
                                       lesson.NUTRIENTS),
                    key="bc_calories", theme=None)
    st.caption("Look for: every column adds up to 100 %. Apples get 95 % of their calories "
               "from carbohydrate, beef 57 % from fat.")

# ------------------------------------------------------------------ the rule
st.header("The rule")
st.markdown(
    "- **(m, n) with (1, n)**: the row is copied m times, down → (m, n).\n"
    "- **(m, n) with (m, 1)**: the column is copied n times, across → (m, n).\n"
    "- **(m, n) with a number**: the number is copied into every cell → (m, n).\n\n"
    "In general NumPy lines the two shapes up on the right; each pair of sizes must be equal "
    "or one of them 1 (that one is copied), and a missing dimension counts as 1. The same "
    "rule gives b[l] of shape (n[l], 1) to every column of W[l] A[l-1] in Z[l] = W[l] A[l-1] "
    "+ b[l]."
)
M = np.array([[1, 2, 3], [4, 5, 6]])
c1, c2 = st.columns(2)
c1.code(f"M + np.array([[100, 200, 300]])   # (2, 3) + (1, 3)\n"
        f"{_array_text(M + np.array([[100, 200, 300]]))}", language="python")
c2.code(f"M + np.array([[100], [200]])      # (2, 3) + (2, 1)\n"
        f"{_array_text(M + np.array([[100], [200]]))}", language="python")

# ------------------------------------------------------------------ widget
st.header("Try a broadcast")
c1, c2 = st.columns(2)
first_text = c1.text_input("Shape of the first array", "(3, 4)", key="bc_first",
                           max_chars=40)
second_text = c2.text_input("Shape of the second array", "(1, 4)", key="bc_second",
                            max_chars=40)
try:
    first, second = lesson.parse_shape(first_text), lesson.parse_shape(second_text)
except ValueError as error:
    st.warning(str(error), icon=":material/edit:")
else:
    result = lesson.broadcast(first, second)
    (st.success if result.shape is not None else st.warning)(result.summary)
    st.dataframe(pd.DataFrame(result.rows), hide_index=True, key="bc_rows")
    if bf.drawable(first, second, result.shape):
        st.plotly_chart(bf.stretch_figure(first, second, result.shape), key="bc_stretch",
                        theme=None)
        st.caption("Dark cells are the array's own numbers; light cells are the copies that "
                   "broadcasting makes (NumPy does not store them).")
    if lesson.numpy_agrees(first, second):
        st.caption("Checked: adding arrays of these shapes in NumPy gives the same answer.")

# ------------------------------------------------------------------ rank 1
st.header("The rank-1 array pitfall")
demo = lesson.rank_one()
kind = st.radio("Make a with", ["np.random.randn(5)", "np.random.randn(5, 1)"],
                horizontal=True, key="bc_rank")
if kind == "np.random.randn(5)":
    a = demo["a"]
    st.code(f"a.shape        # {lesson.fmt_shape(a.shape)}: a rank-1 array, neither row nor "
            f"column\na.T.shape      # {lesson.fmt_shape(demo['a_T_shape'])}: transposing "
            f"changes nothing\na @ a.T        # {demo['a_at']:.4f}: one number (the inner "
            "product), not a matrix", language="python")
    st.warning("A (5,) array behaves like neither a row nor a column, and broadcasting it "
               "against a (5, 1) column quietly gives a (5, 5) matrix. The course's advice: "
               "never use rank-1 arrays.")
else:
    col = demo["col"]
    st.code(f"a.shape        # {lesson.fmt_shape(col.shape)}: a column vector\n"
            f"a.T.shape      # {lesson.fmt_shape(demo['col_T_shape'])}: a row vector\n"
            f"a @ a.T        # shape {lesson.fmt_shape(demo['col_at'].shape)}: the outer "
            f"product\n{_array_text(demo['col_at'])}", language="python")
st.markdown("**The cure**: say the shape and check it.")
st.code("a = np.random.randn(5, 1)       # not randn(5)\n"
        "assert a.shape == (5, 1)        # cheap, and documents the code\n"
        "a = a.reshape(5, 1)             # turns a (5,) array into a column", language="python")
