"""The learning domain: course catalog, quiz grading, progress, certificates (no Streamlit)."""
