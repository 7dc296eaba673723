"""Page styling: large-text mode for older learners, comfortable on a phone-width screen."""
from __future__ import annotations

import streamlit as st

from app.ui import keys

BASE_CSS = """
<style>
@media (max-width: 640px) { .block-container { padding: 3.2rem 0.6rem 3rem 0.6rem; } }
/* quiz and checklist choices, buttons, links: finger-sized touch targets (at least 44 px) */
[data-testid="stRadio"] label, [data-testid="stCheckbox"] label { min-height: 44px; align-items: center; padding: 0.2rem 0; }
.stButton button, .stFormSubmitButton button, .stDownloadButton button, [data-testid="stPageLink-NavLink"],
[data-testid="stExpander"] summary, [data-testid="stTab"] { min-height: 44px; }
[data-testid="stExpandSidebarButton"], [data-testid="stSidebarCollapseButton"] button { min-height: 44px; min-width: 44px; }
/* the collapsed menu button says what it is */
[data-testid="stExpandSidebarButton"]::after { content: "Trình đơn"; font-size: 1rem; margin-left: 0.3rem; }
@media (max-width: 640px) {
  /* body text at least 16 px on phones (choices included: Streamlit draws them at 14 px) */
  [data-testid="stAppViewContainer"] p, [data-testid="stAppViewContainer"] li,
  [data-testid="stRadio"] label p, [data-testid="stCheckbox"] label p, [data-testid="stWidgetLabel"] p,
  [data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] p,
  [data-testid="stSidebar"] p, [data-testid="stSidebar"] span { font-size: 16px !important; }
  [data-testid="stTextInput"] input, textarea { font-size: 16px !important; min-height: 44px; }
}
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
