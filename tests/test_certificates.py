"""Certificates: eligibility, one per learner, unique code, Vietnamese PDF with QR, public verification."""
import re
import subprocess

import pytest

from app.learning.certificates import (
    CODE_RE, CertificateError, certificate_pdf, issue_certificate, missing_for_certificate, normalize_code, verify,
)
from app.learning.practice import complete_exercise
from tests.learning_fixtures import finish_module, fixture_catalog, make_learner

CATALOG = fixture_catalog()


def finish_course(session, user_id):
    for module in CATALOG.modules:
        finish_module(session, user_id, CATALOG, module)
    complete_exercise(session, user_id, CATALOG, CATALOG.modules[0], {"checked": list(CATALOG.modules[0].exercise.checklist)})
    complete_exercise(session, user_id, CATALOG, CATALOG.modules[1], {
        "prompt_a": "Viết lời chào", "answer_a": "Xin chào", "prompt_b": "Viết lời chào cho khách quen",
        "answer_b": "Chào cô Lan", "better": "b", "reason": "Câu lệnh rõ hơn cho câu trả lời tốt hơn"})


def test_no_certificate_until_every_quiz_and_exercise(session):
    user = make_learner(session)
    for module in CATALOG.modules:
        finish_module(session, user.id, CATALOG, module)
    missing = missing_for_certificate(session, user.id, CATALOG)
    assert missing and all(m.startswith("Làm bài thực hành") for m in missing)
    with pytest.raises(CertificateError, match="chưa đủ điều kiện"):
        issue_certificate(session, user.id, CATALOG)


def test_issued_once_verified_by_code(session):
    user = make_learner(session, full_name="Lê Thị Ánh Nguyệt")
    other = make_learner(session, username="nguoikhac", full_name="Trần Văn Ổn")
    finish_course(session, user.id)
    finish_course(session, other.id)
    cert = issue_certificate(session, user.id, CATALOG)
    assert CODE_RE.match(cert.code)
    assert issue_certificate(session, user.id, CATALOG).code == cert.code  # one per learner
    assert issue_certificate(session, other.id, CATALOG).code != cert.code
    found = verify(session, cert.code)
    assert found.full_name == "Lê Thị Ánh Nguyệt" and re.fullmatch(r"\d{2}/\d{2}/\d{4}", found.issued_text)
    typed = " " + cert.code.lower().replace("-", " ") + " "
    assert verify(session, typed).code == cert.code
    assert verify(session, "BDHAI-2222-2222") is None and verify(session, "xin chào") is None


def test_normalize_code_handles_what_people_type():
    assert normalize_code("bdhai 7kq3 m9xp") == "BDHAI-7KQ3-M9XP"
    assert normalize_code("7KQ3M9XP") == "BDHAI-7KQ3-M9XP"


def test_pdf_has_vietnamese_name_date_code_and_qr(session, tmp_path, monkeypatch):
    monkeypatch.setenv("BINHDAN_PUBLIC_URL", "https://hoc.myhao.vn/")
    user = make_learner(session, full_name="Nguyễn Thị Hồng Nhung")
    finish_course(session, user.id)
    cert = issue_certificate(session, user.id, CATALOG)
    pdf = certificate_pdf(cert, CATALOG)
    assert pdf.startswith(b"%PDF") and b"/Subtype /Image" in pdf
    path = tmp_path / "cert.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert "Nguyễn Thị Hồng Nhung" in text
    assert "CHỨNG CHỈ HOÀN THÀNH KHÓA HỌC" in text
    assert cert.code in text and verify(session, cert.code).issued_text in text
    assert f"https://hoc.myhao.vn/verify?code={cert.code}" in text
    assert "Làm quen với AI" in text  # the modules studied
    pages = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"Pages:\s+1\b", pages)
