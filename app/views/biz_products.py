"""Placeholder until the feature lands (see the issue that owns this page)."""
import streamlit as st

from app.navigation import spec_for
from app.ui.session import guard

guard(__file__)
st.title(spec_for(__file__).title)
st.info("Trang này đang được xây dựng.")
