"""Page: linear_collapse (being built)."""

import streamlit as st

st.title("linear_collapse")
st.info("This page is being built.")
