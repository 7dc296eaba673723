"""Widgets shared by the trainer pages (class picker, percent formatting)."""
from __future__ import annotations

import streamlit as st

from app.db import session_scope
from app.trainer.classes import ClassInfo, list_classes


def pick_class(user, key: str, include_archived: bool = False, label: str = "Lớp") -> ClassInfo | None:
    """A select box of the classes this user may see; remembers the choice across pages (?lop=ID)."""
    with session_scope() as s:
        classes = list_classes(s, user, include_archived=include_archived)
    if not classes:
        st.info("Bạn chưa có lớp nào. Hãy tạo lớp ở trang **Lớp học**.")
        return None
    ids = [c.id for c in classes]
    wanted = st.query_params.get("lop") or st.session_state.get("trainer_class_id")
    index = ids.index(int(wanted)) if wanted and str(wanted).isdigit() and int(wanted) in ids else 0
    chosen = st.selectbox(label, classes, index=index, key=key,
                          format_func=lambda c: f"{c.label} — {c.learners} học viên")
    st.session_state["trainer_class_id"] = chosen.id
    st.query_params["lop"] = str(chosen.id)
    return chosen


def pct(value) -> str:
    return "—" if value is None or value != value else f"{value * 100:.0f}%"


def when(series, empty: str = "Chưa học"):
    """Local date-time text for a table (a missing time reads as `empty`, never as "None")."""
    local = series.dt.tz_convert("Asia/Ho_Chi_Minh").dt.strftime("%d/%m/%Y %H:%M")
    return local.fillna(empty)


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
