"""Page: shapes (being built)."""

import streamlit as st

st.title("shapes")
st.info("This page is being built.")
