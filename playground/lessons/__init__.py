"""The teaching pages' computations, one module per page (no streamlit, no plotly)."""
