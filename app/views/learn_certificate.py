"""The learner's certificate: what is still missing, or the PDF with its code and QR."""
import streamlit as st

from app.db import session_scope
from app.learning.certificates import (
    CertificateError, certificate_for, certificate_pdf, issue_certificate, issued_date, missing_for_certificate,
    qr_png, signature_block, verification_url,
)
from app.ui.learn import PAGE, course_or_stop
from app.ui.session import guard
from tools.safe_text import md
from app.ui.keys import LearnCertificate as K

user = guard(__file__)
catalog = course_or_stop(user.id)
st.title("Chứng chỉ “Bình dân học AI”")

with session_scope() as s:
    signer = signature_block(s)  # the ward's signature block, set by an admin
    cert = certificate_for(s, user.id)
    missing = [] if cert else missing_for_certificate(s, user.id, catalog)

if cert is None and missing:
    st.info("Bạn nhận được chứng chỉ khi qua bài kiểm tra và làm bài thực hành của tất cả các học phần.")
    st.markdown("**Còn thiếu:**\n" + "\n".join(f"- {m}" for m in missing))
    st.page_link(PAGE["course"], label="Về bản đồ khóa học", icon=":material/map:")
    st.stop()

if cert is None:
    st.success("Bạn đã hoàn thành khóa học!")
    if st.button("Nhận chứng chỉ", type="primary", icon=":material/workspace_premium:", key=K.ISSUE):
        try:
            with session_scope() as s:
                cert = issue_certificate(s, user.id, catalog)
        except CertificateError as exc:
            st.error(str(exc))
    if cert is None:
        st.stop()

st.success(f"Chứng chỉ của **{md(cert.full_name)}** — mã **{cert.code}**, cấp ngày {issued_date(cert):%d/%m/%Y}.")
st.download_button("Tải chứng chỉ (PDF)", data=certificate_pdf(cert, catalog, signer), file_name=f"chung-chi-{cert.code}.pdf",
                   mime="application/pdf", type="primary", icon=":material/download:", key=K.DOWNLOAD)
with st.container(border=True):
    cols = st.columns([1, 3])
    cols[0].image(qr_png(verification_url(cert.code)), width=160)
    cols[1].markdown(f"Ai cũng có thể kiểm tra chứng chỉ này bằng cách quét mã QR hoặc mở  \n"
                     f"`{verification_url(cert.code)}`")
