"""Certificates for a whole class: who has one, who is close and what is still missing; one PDF with every
certificate (one A4 page each) and a ZIP of single PDFs; the ward's signature block (admin only)."""
from __future__ import annotations

import io
import zipfile

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.learning.catalog import Catalog
from app.learning.certificates import (SignatureBlock, certificate_for, certificates_pdf, issue_certificate,
                                       issued_date, missing_for_certificate, save_signature_block, signature_block)
from app.learning.tracks import learner_catalog
from app.models import Certificate, Enrolment, User
from app.trainer.access import AccessError, Actor, get_class
from app.trainer.roster import audit
from tools.textnorm import fold
from tools.vnsort import vi_key

CLOSE = 2  # "sắp đủ": at most this many things missing
STATUS_LABELS = {"has": "Đã có chứng chỉ", "eligible": "Đủ điều kiện, chưa in", "close": "Sắp đủ",
                 "missing": "Còn thiếu nhiều"}


def certificate_roster(session: Session, actor: Actor, class_id: int, catalog: Catalog) -> pd.DataFrame:
    """One row per learner (Vietnamese order): status (has | eligible | close | missing), code, issued_on,
    missing (what is still to do, Vietnamese), missing_count."""
    get_class(session, actor, class_id)
    people = list(session.execute(select(User.id, User.full_name, Enrolment.group_name)
                                  .join(Enrolment, Enrolment.user_id == User.id).where(Enrolment.class_id == class_id)))
    certs = {c.user_id: c for c in session.scalars(
        select(Certificate).join(Enrolment, Enrolment.user_id == Certificate.user_id)
        .where(Enrolment.class_id == class_id))}
    rows = []
    for user_id, name, group in sorted(people, key=lambda r: vi_key(r[1])):
        cert = certs.get(user_id)
        missing = [] if cert else missing_for_certificate(session, user_id, learner_catalog(session, user_id, catalog))
        status = "has" if cert else "eligible" if not missing else "close" if len(missing) <= CLOSE else "missing"
        rows.append({"user_id": user_id, "full_name": name, "group": group, "status": status,
                     "status_label": STATUS_LABELS[status], "code": cert.code if cert else None,
                     "issued_on": issued_date(cert) if cert else None, "missing": "; ".join(missing),
                     "missing_count": len(missing)})
    return pd.DataFrame(rows, columns=["user_id", "full_name", "group", "status", "status_label", "code",
                                       "issued_on", "missing", "missing_count"])


def class_certificates(session: Session, actor: Actor, class_id: int, catalog: Catalog) -> list[Certificate]:
    """Every certificate of the class's learners in Vietnamese name order, issuing it now for those who
    are eligible and have not asked for it yet."""
    table = certificate_roster(session, actor, class_id, catalog)
    certs = []
    for row in table.itertuples():
        if row.status == "has":
            certs.append(certificate_for(session, row.user_id))
        elif row.status == "eligible":
            certs.append(issue_certificate(session, row.user_id, learner_catalog(session, row.user_id, catalog)))
    if certs:
        audit(session, actor, "certificates", class_id, text=f"{len(certs)} chứng chỉ")
    return certs


def class_certificates_pdf(session: Session, actor: Actor, class_id: int, catalog: Catalog) -> bytes | None:
    """One PDF, one A4 page per certificate (None when nobody has one yet)."""
    certs = class_certificates(session, actor, class_id, catalog)
    return certificates_pdf(certs, catalog, signature_block(session), _courses(session, certs, catalog)) if certs else None


def _courses(session: Session, certs: list[Certificate], catalog: Catalog) -> dict[int, Catalog]:
    return {c.user_id: learner_catalog(session, c.user_id, catalog) for c in certs}


def class_certificates_zip(session: Session, actor: Actor, class_id: int, catalog: Catalog) -> bytes | None:
    """A ZIP of single PDFs named after each learner and code (None when nobody has one yet)."""
    certs = class_certificates(session, actor, class_id, catalog)
    if not certs:
        return None
    signature, courses = signature_block(session), _courses(session, certs, catalog)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for cert in certs:
            name = "-".join(fold(cert.full_name).split()) or "hoc-vien"
            archive.writestr(f"chung-chi-{name}-{cert.code}.pdf", certificates_pdf([cert], courses[cert.user_id], signature))
    return buffer.getvalue()


def save_signature(session: Session, actor: Actor, name: str, title: str, unit: str) -> SignatureBlock | None:
    """The ward's signature block printed on certificates: only an admin sets it."""
    if actor is None or actor.role != "admin":
        raise AccessError("Chỉ quản trị viên mới đặt được người ký chứng chỉ.")
    return save_signature_block(session, name, title, unit)
