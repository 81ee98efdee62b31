"""A small deep-learning library in pure NumPy, written in the notation of the course
"Neural Networks and Deep Learning": X is (n_x, m), W[l] is (n[l], n[l-1]), b[l] is (n[l], 1).

It never imports streamlit or plotly.
"""
