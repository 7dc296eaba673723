"""No traceback reaches a user: the page guard shows Vietnamese with a reference, never a path or exception."""
from streamlit.testing.v1 import AppTest


def _app_with_failing_page():
    import streamlit as st

    from app.ui.errors import run_page

    class Page:
        def run(self):
            st.write("trước lỗi")
            raise OSError("/srv/secret/path/data.db: disk I/O error")

    run_page(Page())
    st.write("sau trang")


def _app_with_stopping_page():
    import streamlit as st

    from app.ui.errors import run_page

    class Page:
        def run(self):
            st.stop()

    run_page(Page())
    st.write("không được chạy tới đây")


def test_unexpected_error_shows_vietnamese_without_details():
    at = AppTest.from_function(_app_with_failing_page).run()
    assert not at.exception
    [error] = at.error
    assert "lỗi ngoài dự kiến" in error.value and "/srv" not in error.value and "OSError" not in error.value
    assert [m.value for m in at.markdown] == ["trước lỗi", "sau trang"]


def test_stop_and_rerun_pass_through():
    at = AppTest.from_function(_app_with_stopping_page).run()
    assert not at.exception and not at.error and not at.markdown
