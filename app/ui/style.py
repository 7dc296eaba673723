"""Page styling: large-text mode for older learners, comfortable on a phone-width screen."""
from __future__ import annotations

import streamlit as st

from app.ui import keys

BASE_CSS = """
<style>
@media (max-width: 640px) { .block-container { padding: 3.2rem 0.6rem 3rem 0.6rem; } }
/* quiz and checklist choices: finger-sized touch targets */
[data-testid="stRadio"] label, [data-testid="stCheckbox"] label { padding: 0.3rem 0; }
</style>
"""

LARGE_CSS = """
<style>
html, body, [data-testid="stAppViewContainer"] p, [data-testid="stAppViewContainer"] li,
[data-testid="stMarkdownContainer"], .stButton button, label { font-size: 1.3rem !important; line-height: 1.6; }
[data-testid="stSidebar"] [data-testid="stPageLink-NavLink"] * { white-space: normal !important; overflow: visible !important; }
h1 { font-size: 2.4rem !important; } h2 { font-size: 2rem !important; } h3 { font-size: 1.6rem !important; }
</style>
"""


def apply_style() -> None:
    st.markdown(BASE_CSS, unsafe_allow_html=True)
    if st.session_state.get(keys.LARGE_TEXT):
        st.markdown(LARGE_CSS, unsafe_allow_html=True)
