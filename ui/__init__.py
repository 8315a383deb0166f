"""Streamlit-side helpers. Only app.py, pages/ and ui/ import Streamlit."""
