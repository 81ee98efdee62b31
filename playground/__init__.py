"""The Streamlit app: pages, session state, and figure builders (pure functions)."""
