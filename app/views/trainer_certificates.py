"""Certificates of a class: who has one, who is close and what is missing; print them all at once."""
import streamlit as st

from app.db import session_scope
from app.learning.catalog import load_catalog
from app.learning.certificates import signature_block
from app.trainer.access import AccessError
from app.trainer.awards import (certificate_roster, class_certificates_pdf, class_certificates_zip,
                                save_signature)
from app.trainer.exports import export_filename
from app.ui.session import guard
from app.ui.trainer import metric_row, pick_class
from tools.safe_text import md
from app.ui.keys import TrainerCertificates as K

user = guard(__file__)
st.title("Chứng chỉ của lớp")
classroom = pick_class(user, "certificates_pick", include_archived=True)
if classroom is None:
    st.stop()
catalog = load_catalog()

with session_scope() as s:
    table = certificate_roster(s, user, classroom.id, catalog)
    signer = signature_block(s)
counts = table["status"].value_counts()
metric_row([("Đã có chứng chỉ", int(counts.get("has", 0)), None),
            ("Đủ điều kiện", int(counts.get("eligible", 0)), "Đã hoàn thành khóa học, chứng chỉ sẽ được cấp khi in."),
            ("Sắp đủ", int(counts.get("close", 0)), "Còn thiếu 1–2 việc."),
            ("Còn thiếu nhiều", int(counts.get("missing", 0)), None)], width=160)

if flash := st.session_state.pop(K.SIGNATURE_FLASH, None):
    st.success(flash)
if signer is None:
    st.warning("Chưa có người ký chứng chỉ (họ tên, chức vụ, đơn vị). Quản trị viên đặt ở mục bên dưới.")
else:
    st.caption(f"Người ký in trên chứng chỉ: {md(signer.name)} — {md(signer.title)}, {md(signer.unit)}.")

ready = int(counts.get("has", 0) + counts.get("eligible", 0))


def bulk(kind: str):
    def make() -> bytes:
        with session_scope() as s:
            maker = class_certificates_pdf if kind == "pdf" else class_certificates_zip
            return maker(s, user, classroom.id, catalog) or b""
    return make


buttons = st.container(horizontal=True)
buttons.download_button(f"In tất cả chứng chỉ ({ready}) — một tệp PDF", bulk("pdf"),
                        export_filename(classroom.name, "pdf", "chung-chi"), "application/pdf",
                        icon=":material/print:", type="primary", disabled=not ready, on_click="ignore", key=K.BULK_PDF)
buttons.download_button("Từng chứng chỉ riêng (ZIP)", bulk("zip"), export_filename(classroom.name, "zip", "chung-chi"),
                        "application/zip", icon=":material/folder_zip:", disabled=not ready, on_click="ignore",
                        key=K.BULK_ZIP)
st.caption("Mỗi chứng chỉ một trang A4 ngang, có mã và mã QR để xác minh.")

st.dataframe(table.assign(issued_on=table["issued_on"].map(lambda d: d.strftime("%d/%m/%Y") if d else "")),
             hide_index=True, width="stretch",
             column_order=["full_name", "group", "status_label", "code", "issued_on", "missing"],
             column_config={"full_name": "Học viên", "group": "Nhóm", "status_label": "Tình trạng",
                            "code": "Mã chứng chỉ", "issued_on": "Ngày cấp",
                            "missing": st.column_config.TextColumn("Còn thiếu", width="large")})

if user.role == "admin":
    with st.expander("Người ký chứng chỉ (quản trị viên)", expanded=signer is None):
        with st.form("signature"):
            name = st.text_input("Họ và tên người ký", value=signer.name if signer else "")
            title = st.text_input("Chức vụ", value=signer.title if signer else "", placeholder="Chủ tịch")
            unit = st.text_input("Đơn vị", value=signer.unit if signer else "", placeholder="UBND phường Mỹ Hào")
            if st.form_submit_button("Lưu", type="primary"):
                try:
                    with session_scope() as s:
                        save_signature(s, user, name, title, unit)
                except AccessError as exc:
                    st.error(str(exc))
                else:
                    st.session_state[K.SIGNATURE_FLASH] = ("Đã lưu. Chứng chỉ in từ bây giờ và trang xác minh sẽ "
                                                           "hiện người ký này.")
                    st.rerun()
