"""The last guard of every page: an unexpected error is logged on the server and the user reads Vietnamese.

No traceback, exception text or server path reaches the browser (`client.showErrorDetails = "none"` in
.streamlit/config.toml covers errors raised outside a page as well).
"""
from __future__ import annotations

import logging
import secrets

import streamlit as st

log = logging.getLogger("binhdan.pages")
MESSAGE = ("Xin lỗi, trang gặp lỗi ngoài dự kiến nên chưa làm xong việc này. Dữ liệu đã lưu trước đó không bị mất. "
           "Hãy tải lại trang và thử lại; nếu vẫn lỗi, báo quản trị viên mã lỗi {ref}.")


def run_page(page) -> None:
    """Run a navigation page; Streamlit's own rerun/stop signals (BaseException) pass through untouched."""
    try:
        page.run()
    except Exception:  # noqa: BLE001 - the guard exists to catch everything a page did not
        ref = secrets.token_hex(3).upper()
        log.exception("page error %s", ref)
        st.error(MESSAGE.format(ref=ref), icon=":material/error:")
