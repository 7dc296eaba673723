"""Widgets shared by the trainer pages (class picker, percent formatting)."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from app.db import session_scope
from app.ui import keys
from app.trainer.classes import ClassInfo, list_classes



def pick_class(user, key: str, include_archived: bool = False, label: str = "Lớp",
               empty_hint: str = "Hãy tạo lớp ở trang **Lớp học**.") -> ClassInfo | None:
    """A select box of the classes this user may see; the choice follows the user across pages (?lop=ID)."""
    with session_scope() as s:
        classes = {c.id: c for c in list_classes(s, user, include_archived=include_archived)}
    if not classes:
        st.info(f"Bạn chưa có lớp nào. {empty_hint}")
        return None
    wanted = st.query_params.get("lop") or st.session_state.get(keys.TRAINER_CLASS_ID)
    wanted = int(wanted) if wanted is not None and str(wanted).isdigit() else None
    if st.session_state.get(key) not in classes:  # first show on this page, or the class left the list
        st.session_state[key] = wanted if wanted in classes else next(iter(classes))
    chosen = classes[st.selectbox(label, list(classes), key=key,
                                  format_func=lambda i: f"{classes[i].label} — {classes[i].learners} học viên")]
    choose_class(chosen.id)
    return chosen


def choose_class(class_id: int, key: str | None = None) -> None:
    """Make this class the chosen one on every trainer page (and in the select box `key` on this run)."""
    st.session_state[keys.TRAINER_CLASS_ID] = class_id
    st.query_params["lop"] = str(class_id)
    if key:
        st.session_state[key] = class_id


def link_to(container, file: str, label: str, icon: str, query_params: dict | None = None) -> None:
    """A link to another page of the app; a plain Markdown link when the page runs on its own (tests)."""
    from streamlit.errors import StreamlitPageNotFoundError
    from app.navigation import PAGES_DIR
    try:
        container.page_link(str(PAGES_DIR / file), label=label, icon=icon, query_params=query_params)
    except StreamlitPageNotFoundError:  # outside the app's navigation
        query = "&".join(f"{k}={v}" for k, v in (query_params or {}).items())
        container.markdown(f"[{label}]({file.removesuffix('.py')}{'?' + query if query else ''})")


def pct(value) -> str:
    return "—" if value is None or value != value else f"{value * 100:.0f}%"


def when(series, empty: str = "Chưa học"):
    """Local date-time text for a table (a missing time reads as `empty`, never as "None")."""
    local = series.dt.tz_convert("Asia/Ho_Chi_Minh").dt.strftime("%d/%m/%Y %H:%M")
    return local.fillna(empty)


def local_time(moment) -> str:
    """One stored time (naive values are UTC, as SQLite returns them) as Vietnam dd/mm/yyyy hh:mm."""
    ts = pd.Timestamp(moment)
    ts = ts.tz_localize("UTC") if ts.tzinfo is None else ts
    return ts.tz_convert("Asia/Ho_Chi_Minh").strftime("%d/%m/%Y %H:%M")


def readable(frame, empty: str = "—"):
    """A copy for display: missing numbers and texts as a dash instead of "None"."""
    out = frame.copy()
    for col in out.columns:
        if out[col].isna().any():
            out[col] = out[col].astype(object).where(out[col].notna(), empty)
    return out


def as_percent(frame, *columns):
    """A copy with 0..1 shares as 0..100 for ProgressColumn(format="%.0f%%")."""
    return frame.assign(**{c: frame[c].astype(float) * 100 for c in columns})


def bar_column(label: str):
    return st.column_config.ProgressColumn(label, format="%.0f%%", min_value=0, max_value=100)


def metric_row(items, width: int = 140) -> None:
    """Metric cards side by side that wrap into rows on a phone (instead of one long column)."""
    with st.container(horizontal=True, gap="small"):
        for label, value, note in items:
            st.metric(label, value, help=note, border=True, width=width)
