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
