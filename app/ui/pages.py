"""The st.Page objects given to st.navigation, built once per server process.

st.Page resolves its file, checks it exists and validates its icon each time it is made: for the 23 pages
of the registry that was a seventh of the script's CPU per run (cProfile under bench/bench_load.py). Each run gets
shallow copies of the same pages (a page object carries one flag per run, "may be called once"), so two
sessions running at the same moment never share one.
"""
from __future__ import annotations

import copy
from functools import lru_cache

import streamlit as st

from app.navigation import PAGES, PAGES_DIR

LOGIN = "login.py"


@lru_cache(maxsize=1)
def _templates() -> dict[str, st.Page]:
    # Made inside the first script run (st.Page needs its context); the registry never changes at run time.
    pages = {spec.file: st.Page(str(PAGES_DIR / spec.file), title=spec.title, icon=spec.icon,
                                url_path=spec.url_path, default=spec.file == "home.py") for spec in PAGES}
    pages[LOGIN] = st.Page(str(PAGES_DIR / LOGIN), title="Đăng nhập / Đăng ký", icon=":material/login:",
                           url_path="login")
    return pages


def navigation_pages() -> dict[str, st.Page]:
    """Every registered page by file name (the login page included), fresh for this run."""
    return {name: copy.copy(page) for name, page in _templates().items()}
