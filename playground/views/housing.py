"""Page: housing (being built)."""

import streamlit as st

st.title("housing")
st.info("This page is being built.")
