"""Page: course_results (being built)."""

import streamlit as st

st.title("course_results")
st.info("This page is being built.")
