"""Bình dân học AI: the Streamlit app and the learning domain (importable without Streamlit)."""
