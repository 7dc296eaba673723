"""Course certificates: issued once, a short unambiguous code, a Vietnamese PDF with a QR code,
and a public check of the code.

Eligibility: every module of the learner's path complete (the shared core and their track's modules,
as app.learning.progress.course_states measures it) — its quiz passed AND its hands-on exercise done
(the course is about using AI, so the practice counts). One certificate per learner; issuing again returns it.
The QR code points to BINHDAN_PUBLIC_URL (default http://localhost:8501) + /verify?code=CODE.
"""
from __future__ import annotations

import io
import re
import secrets
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

import qrcode
from fpdf import FPDF
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.config import public_url
from app.learning.catalog import Catalog, nfc
from app.learning.progress import course_state
from app.models import Certificate, Setting, User, utcnow
from tools.video.fonts import regular_and_bold

CODE_PREFIX = "BDHAI"
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"  # no 0/O, 1/I/L: easy to read aloud and type
CODE_RE = re.compile(rf"^{CODE_PREFIX}-[{CODE_ALPHABET}]{{4}}-[{CODE_ALPHABET}]{{4}}$")
VIETNAM_TZ = timezone(timedelta(hours=7))  # no daylight saving time
COURSE_TITLE = "Bình dân học AI"
ISSUER = "Phường Mỹ Hào, tỉnh Hưng Yên"


class CertificateError(ValueError):
    """The learner cannot get a certificate yet (message in Vietnamese)."""


SIGNATURE_SETTING = "certificate_signature"


@dataclass(frozen=True)
class SignatureBlock:
    """Who signs the certificates for the ward (set by an admin): printed with room for the signature and
    the stamp, and shown by the public check."""
    name: str
    title: str   # e.g. "Chủ tịch"
    unit: str    # e.g. "UBND phường Mỹ Hào"

    @property
    def empty(self) -> bool:
        return not (self.name or self.title or self.unit)


def signature_block(session: Session) -> SignatureBlock | None:
    row = session.get(Setting, SIGNATURE_SETTING)
    value = (row.value or {}) if row else {}
    block = SignatureBlock(value.get("name", ""), value.get("title", ""), value.get("unit", ""))
    return None if block.empty else block


def save_signature_block(session: Session, name: str, title: str, unit: str) -> SignatureBlock | None:
    """Store the block (the caller checks that an admin does it); all three empty removes it."""
    clean = [" ".join(nfc(x or "").split())[:150] for x in (name, title, unit)]
    row = session.get(Setting, SIGNATURE_SETTING) or Setting(key=SIGNATURE_SETTING)
    row.value = dict(zip(("name", "title", "unit"), clean))
    session.add(row)
    session.flush()
    return signature_block(session)


@dataclass(frozen=True)
class VerifiedCertificate:
    code: str
    full_name: str
    issued_on: date
    signer: SignatureBlock | None = None

    @property
    def issued_text(self) -> str:
        return self.issued_on.strftime("%d/%m/%Y")


def new_code() -> str:
    part = lambda: "".join(secrets.choice(CODE_ALPHABET) for _ in range(4))  # noqa: E731
    return f"{CODE_PREFIX}-{part()}-{part()}"


def normalize_code(text: str) -> str:
    """What a person typed ('bdhai 7kq3 m9xp', with spaces, lower case) -> 'BDHAI-7KQ3-M9XP'."""
    raw = re.sub(r"[^0-9A-Z]", "", nfc(text or "").upper())
    if raw.startswith(CODE_PREFIX):
        raw = raw[len(CODE_PREFIX):]
    return f"{CODE_PREFIX}-{raw[:4]}-{raw[4:]}" if len(raw) == 8 else (text or "").strip().upper()


def issued_date(cert: Certificate) -> date:
    issued = cert.issued_at if cert.issued_at.tzinfo else cert.issued_at.replace(tzinfo=timezone.utc)
    return issued.astimezone(VIETNAM_TZ).date()


def public_base_url() -> str:
    return public_url()


def verification_url(code: str) -> str:
    return f"{public_base_url()}/verify?code={code}"


def certificate_for(session: Session, user_id: int) -> Certificate | None:
    return session.scalar(select(Certificate).where(Certificate.user_id == user_id))


def missing_for_certificate(session: Session, user_id: int, catalog: Catalog) -> list[str]:
    """What the learner still has to do, in Vietnamese (empty: eligible)."""
    state = course_state(session, user_id, catalog)  # the learner's path, whatever catalog was passed
    if not state.catalog.modules:
        return ["Khóa học chưa có học phần nào."]
    missing = []
    for row in state.course_map():
        if not row.quiz_passed:
            missing.append(f"Qua bài kiểm tra “{row.module.title}”")
        if not row.exercise_done:
            missing.append(f"Làm bài thực hành “{row.module.exercise.title}”")
    return missing


def issue_certificate(session: Session, user_id: int, catalog: Catalog, now: datetime | None = None) -> Certificate:
    """The learner's certificate, created on the first call once every module of their path is complete."""
    existing = certificate_for(session, user_id)
    if existing is not None:
        return existing
    missing = missing_for_certificate(session, user_id, catalog)
    if missing:
        raise CertificateError("Bạn chưa đủ điều kiện nhận chứng chỉ. Còn thiếu: " + "; ".join(missing) + ".")
    user = session.get(User, user_id)
    code = new_code()
    while session.scalar(select(Certificate.id).where(Certificate.code == code)):
        code = new_code()
    cert = Certificate(user_id=user_id, code=code, full_name=user.full_name, issued_at=now or utcnow())
    session.add(cert)
    session.flush()
    return cert


def verify(session: Session, code: str) -> VerifiedCertificate | None:
    """The public check: the holder's name and issue date, or None when no such code exists."""
    code = normalize_code(code)
    if not CODE_RE.match(code):
        return None
    cert = session.scalar(select(Certificate).where(Certificate.code == code))
    return VerifiedCertificate(cert.code, cert.full_name, issued_date(cert), signature_block(session)) if cert else None


def qr_png(url: str) -> bytes:
    img = qrcode.make(url, border=2)
    buf = io.BytesIO()
    img.save(buf, format="PNG")
    return buf.getvalue()


def certificate_pdf(cert: Certificate, catalog: Catalog | None = None, signature: SignatureBlock | None = None) -> bytes:
    """An A4 landscape certificate in Vietnamese: name, course, modules, date, code, QR and the ward's
    signature block."""
    return certificates_pdf([cert], catalog, signature)


def certificates_pdf(certs: list[Certificate], catalog: Catalog | None = None,
                     signature: SignatureBlock | None = None, catalogs: dict[int, Catalog] | None = None) -> bytes:
    """Every certificate on its own A4 landscape page, in the given order (a class printed at once);
    `catalogs` gives each holder's own course (their track) by user id where it differs from `catalog`."""
    regular, bold = regular_and_bold()
    pdf = FPDF(orientation="L", unit="mm", format="A4")
    pdf.set_auto_page_break(False)
    pdf.add_font("vn", "", str(regular))
    pdf.add_font("vn", "B", str(bold))
    pdf.set_title(f"Chứng chỉ {COURSE_TITLE}" + (f" — {certs[0].full_name}" if len(certs) == 1 else ""))
    for cert in certs:
        _draw_certificate(pdf, cert, (catalogs or {}).get(cert.user_id, catalog), signature)
    return bytes(pdf.output())


def _draw_certificate(pdf: FPDF, cert: Certificate, catalog: Catalog | None, signature: SignatureBlock | None) -> None:
    issuer = signature.unit if signature and signature.unit else ISSUER
    pdf.add_page()
    pdf.set_draw_color(20, 83, 45)
    pdf.set_line_width(1.5)
    pdf.rect(8, 8, 281, 194)
    pdf.set_line_width(0.4)
    pdf.rect(12, 12, 273, 186)

    def line(text: str, size: float, style: str = "", height: float = 10, color=(30, 30, 30)):
        pdf.set_font("vn", style, size)
        pdf.set_text_color(*color)
        pdf.set_x(20)
        pdf.multi_cell(257, height, nfc(text), align="C", new_x="LMARGIN", new_y="NEXT")

    pdf.set_y(22)
    line("CHƯƠNG TRÌNH BÌNH DÂN HỌC AI", 12, "B", 7)
    line(issuer, 11, "", 7)
    pdf.ln(6)
    line("CHỨNG CHỈ HOÀN THÀNH KHÓA HỌC", 26, "B", 14, (20, 83, 45))
    line(f"“{COURSE_TITLE}”", 18, "B", 11, (20, 83, 45))
    pdf.ln(4)
    line("Chứng nhận học viên", 13, "", 8)
    line(cert.full_name, 28, "B", 16, (150, 30, 30))
    n_modules = f" gồm {len(catalog.modules)} học phần" if catalog else ""
    line(f"đã hoàn thành khóa học{n_modules}, đạt tất cả bài kiểm tra và làm đủ các bài thực hành.", 12, "", 7)
    if catalog:
        line(" · ".join(m.title for m in catalog.modules), 9, "", 5.5, (80, 80, 80))
    pdf.ln(3)
    line("Theo Khung kiến thức, kỹ năng số cơ bản — Quyết định 757/QĐ-BKHCN ngày 29/4/2025.", 9, "", 5.5, (80, 80, 80))

    pdf.set_text_color(30, 30, 30)
    pdf.set_xy(24, 158)
    pdf.set_font("vn", "", 11)
    pdf.multi_cell(110, 6, f"Ngày cấp: {issued_date(cert).strftime('%d/%m/%Y')}", new_x="LMARGIN", new_y="NEXT")
    pdf.set_x(24)
    pdf.set_font("vn", "B", 13)
    pdf.cell(110, 8, f"Mã chứng chỉ: {cert.code}", new_x="LMARGIN", new_y="NEXT")
    pdf.set_x(24)
    pdf.set_font("vn", "", 8.5)
    pdf.multi_cell(110, 4.5, f"Xác minh: quét mã QR hoặc mở {verification_url(cert.code)}", align="L",
                   new_x="LMARGIN", new_y="NEXT")
    if signature:
        day = issued_date(cert)
        pdf.set_xy(136, 146)
        pdf.set_font("vn", "", 10)
        pdf.multi_cell(96, 5, f"ngày {day.day:02d} tháng {day.month:02d} năm {day.year}", align="C",
                       new_x="LMARGIN", new_y="NEXT")
        pdf.set_x(136)
        pdf.set_font("vn", "B", 10.5)
        heading = "\n".join(x for x in (f"TM. {signature.unit.upper()}" if signature.unit else "",
                                         signature.title.upper()) if x)
        pdf.multi_cell(96, 5.2, heading, align="C", new_x="LMARGIN", new_y="NEXT")
        pdf.set_x(136)
        pdf.set_font("vn", "", 8)
        pdf.set_text_color(130, 130, 130)
        pdf.multi_cell(96, 4, "(Ký, ghi rõ họ tên và đóng dấu)", align="C", new_x="LMARGIN", new_y="NEXT")
        pdf.set_text_color(30, 30, 30)
        pdf.set_xy(136, 186)
        pdf.set_font("vn", "B", 12)
        pdf.multi_cell(96, 6, signature.name, align="C")
    pdf.image(io.BytesIO(qr_png(verification_url(cert.code))), x=238, y=148, w=40, h=40)
