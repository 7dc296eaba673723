"""Public: check a certificate code (from the QR link ?code=... or typed in), no login needed."""
import streamlit as st

from app.db import session_scope
from app.learning.certificates import verify
from app.ui.session import guard
from tools.safe_text import md

guard(__file__)
st.title("Xác minh chứng chỉ")
st.write("Nhập mã in trên chứng chỉ “Bình dân học AI” (dạng BDHAI-XXXX-XXXX) hoặc quét mã QR trên chứng chỉ.")

with st.form("verify"):
    code = st.text_input("Mã chứng chỉ", value=st.query_params.get("code", ""), placeholder="BDHAI-XXXX-XXXX")
    checked = st.form_submit_button("Kiểm tra", type="primary", icon=":material/verified:")

if (checked or st.query_params.get("code")) and code.strip():
    with session_scope() as s:
        found = verify(s, code)
    if found:
        st.success(f"✅ **Chứng chỉ hợp lệ.** Mã {found.code} được cấp cho **{md(found.full_name)}** "
                   f"ngày {found.issued_text}, hoàn thành khóa học “Bình dân học AI”.")
        if found.signer:
            st.markdown(f"Người ký: **{md(found.signer.name)}** — {md(found.signer.title)}, {md(found.signer.unit)}.")
    else:
        st.error(f"Không tìm thấy chứng chỉ có mã “{md(code.strip())}”. Hãy kiểm tra lại từng ký tự.")
elif checked:
    st.warning("Vui lòng nhập mã chứng chỉ.")
