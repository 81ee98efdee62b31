"""Page: vectorization (being built)."""

import streamlit as st

st.title("vectorization")
st.info("This page is being built.")
