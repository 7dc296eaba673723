"""Trainer side: classes, enrolment, progress analytics and exports (no Streamlit here)."""
