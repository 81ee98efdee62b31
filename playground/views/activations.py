"""Page: activations (being built)."""

import streamlit as st

st.title("activations")
st.info("This page is being built.")
