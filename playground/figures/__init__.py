"""Pure figure builders (arrays in, plotly figures out), one module per page or view."""
