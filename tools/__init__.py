"""Content-creation engines and the `binhdan` command (importable without Streamlit)."""
