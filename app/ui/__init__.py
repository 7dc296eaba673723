"""Streamlit-only helpers shared by the pages (session, guards, styling)."""
