"""Enrol learners into a class, one by one or from a CSV/XLSX roster.

Columns: name + phone or email + optional group (Vietnamese or English headers). A bad row is reported
with its line number and the reason in Vietnamese; every good row is enrolled. Learners without an
account get one with a one-time password (must_change_password=True), listed on an enrolment sheet.
"""
from __future__ import annotations

import io
import logging
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from app.auth import PHONE_EXAMPLE, AuthError, canonical_phone, create_user, one_time_password
from app.models import ClassInvitation, Classroom, Enrolment, User
from app.trainer.access import Actor, get_class
from tools import safe_text
from tools.tabular import TableError, check_size, read_table
from tools.textnorm import decode_spreadsheet_text, fold

log = logging.getLogger(__name__)
MAX_ROWS = 2000
MAX_NAME, MAX_GROUP, MAX_EMAIL = 200, 120, 200  # the column sizes in app/models.py
LEARNER_ROLES = ("learner", "business")
# normalised header (no accents, no spaces) -> field
HEADERS = {
    "name": "name", "hoten": "name", "hovaten": "name", "ten": "name", "fullname": "name",
    "phone": "phone", "sdt": "phone", "sodienthoai": "phone", "dienthoai": "phone", "sodt": "phone",
    "email": "email", "e-mail": "email", "thudientu": "email",
    "group": "group", "nhom": "group", "to": "group", "todanpho": "group", "donvi": "group",
}
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
STATUS_LABELS = {"created": "Tạo tài khoản mới", "existing": "Đã có tài khoản", "already": "Đã ở trong lớp",
                 "invited": "Đã mời (chờ học viên đồng ý)", "conflict": "Cần giảng viên quyết định", "error": "Lỗi"}


class RosterError(ValueError):
    """The whole file cannot be read (message in Vietnamese)."""


@dataclass
class RowResult:
    line: int            # line in the file (header is line 1) or 0 for a single enrolment
    name: str
    status: str          # created | existing | already | error
    message: str = ""
    username: str = ""
    password: str = ""   # one-time password, only for accounts created now
    group: str = ""
    phone: str = ""      # canonical, kept for a conflict the trainer decides later
    email: str = ""
    code: str = ""       # for an error row: which check refused it (ROW_PROBLEMS)

    @property
    def ok(self) -> bool:
        return self.status not in ("error", "conflict")


@dataclass
class EnrolmentReport:
    class_name: str
    rows: list[RowResult] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # file-level remarks (encoding converted, ...)

    @property
    def errors(self) -> list[RowResult]:
        return [r for r in self.rows if r.status == "error"]

    @property
    def conflicts(self) -> list[RowResult]:
        """Rows whose phone belongs to someone with another name: the trainer decides (never skipped)."""
        return [r for r in self.rows if r.status == "conflict"]

    @property
    def enrolled(self) -> list[RowResult]:
        return [r for r in self.rows if r.status in ("created", "existing")]

    def summary(self) -> str:
        created = sum(r.status == "created" for r in self.rows)
        text = (f"Đã ghi danh {len(self.enrolled)} học viên ({created} tài khoản mới), "
                f"{sum(r.status == 'already' for r in self.rows)} đã có trong lớp, {len(self.errors)} dòng lỗi.")
        if invited := sum(r.status == "invited" for r in self.rows):
            text += f" {invited} người đã học lớp khác: đã gửi lời mời, họ đồng ý khi đăng nhập."
        if self.conflicts:
            text += f" {len(self.conflicts)} dòng cần bạn quyết định (số điện thoại đã có người tên khác)."
        return text

    def table(self) -> pd.DataFrame:
        return pd.DataFrame([{
            "Dòng": r.line or "", "Họ và tên": r.name, "Nhóm": r.group, "Kết quả": STATUS_LABELS[r.status],
            "Tên đăng nhập": r.username, "Mật khẩu dùng một lần": r.password, "Ghi chú": r.message,
        } for r in self.rows])


def _fold(text: str) -> str:
    """Lowercase ASCII without accents or spaces, for matching headers and usernames."""
    return fold(str(text)).replace(" ", "").replace("_", "")


def _nfc(value) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    text = safe_text.ILLEGAL_XLSX.sub("", str(value))  # NUL/ESC: no database or spreadsheet holds them
    if text.endswith(".0") and text[:-2].isdigit():  # a phone number that Excel stored as a number
        text = text[:-2]
    return " ".join(unicodedata.normalize("NFC", text).split())


def _decode(data: bytes) -> tuple[str, list[str]]:
    try:
        text, encoding = decode_spreadsheet_text(data)
    except UnicodeError:
        raise RosterError("Không đọc được bảng mã của tệp. Hãy lưu tệp dạng “CSV UTF-8” trong Excel rồi tải lên lại.") from None
    if encoding in ("utf-8", "utf-16"):
        return text, []
    return text, [
        f"Tệp được lưu bằng bảng mã Windows ({encoding}); đã tự chuyển sang Unicode. "
        "Hãy kiểm tra lại họ tên có dấu trong bảng dưới đây."]


def _frame_from_csv(text: str) -> pd.DataFrame:
    """Roster CSV rows (tools.tabular: limits, broken quotes, extra cells) with a `problem` column."""
    first = next((ln for ln in text.splitlines() if ln.strip()), "")
    delimiter = max((",", ";", "\t"), key=first.count)
    try:
        table = read_table(text, delimiter, max_rows=MAX_ROWS)
    except TableError as exc:
        raise RosterError(str(exc)) from None
    width = len(table.header)
    rows = [(r.cells + [""] * width)[:width] + [r.problem] for r in table.records]
    frame = pd.DataFrame(rows, columns=[*table.header, "problem"], index=[r.line for r in table.records], dtype=str)
    return frame


def _sheets(data: bytes) -> dict[str, pd.DataFrame]:
    """Every sheet of a workbook; line numbers as Excel shows them (header = line 1)."""
    sheets = pd.read_excel(io.BytesIO(data), dtype=str, engine="openpyxl", sheet_name=None)
    for frame in sheets.values():
        frame.index = frame.index + 2
    return sheets


def _roster_columns(frame: pd.DataFrame) -> dict:
    columns = {}
    for col in frame.columns:
        key = HEADERS.get(_fold(col))
        if key and key not in columns.values():
            columns[col] = key
    return columns if "name" in columns.values() and {"phone", "email"} & set(columns.values()) else {}


def read_roster(data: bytes, filename: str) -> tuple[pd.DataFrame, list[str]]:
    """The roster as a DataFrame with columns name, phone, email, group, problem, code (strings) and file-level notes.

    Every row is checked as enrolment will check it (`check_roster`): broken quoting, extra cells, cells over the
    limit, a missing or too long name, an invalid phone or email, a phone or email repeated in the file. Rows with
    a `problem` are kept for the preview and reported as errors by `enrol_frame`; every sheet of a workbook that
    has the roster columns is read, the others are named as ignored.
    """
    suffix = Path(filename).suffix.lower()
    notes: list[str] = []
    try:
        check_size(data)
    except TableError as exc:
        raise RosterError(str(exc)) from None
    try:
        if suffix in (".xlsx", ".xlsm"):
            sheets = _sheets(data)
        elif suffix in (".csv", ".txt"):
            text, notes = _decode(data)
            sheets = {"": _frame_from_csv(text)}
        else:
            raise RosterError("Chỉ nhận tệp .csv hoặc .xlsx.")
    except RosterError:
        raise
    except Exception as exc:  # pandas/openpyxl raise many kinds for a broken file
        raise RosterError(f"Không đọc được tệp “{filename}”: tệp hỏng hoặc không đúng định dạng ({type(exc).__name__}).") from None
    parts = []
    for sheet, frame in sheets.items():
        columns = _roster_columns(frame)
        if not columns:
            if sheet:
                notes.append(f"Trang tính “{sheet}” bị bỏ qua: không có cột “Họ và tên” và “Số điện thoại”/“Email”.")
            continue
        part = frame[list(columns) + (["problem"] if "problem" in frame else [])].rename(columns=columns)
        for col in ("name", "phone", "email", "group", "problem"):
            part[col] = part[col].map(_nfc) if col in part else ""
        part = part.dropna(how="all")
        part = part[(part[["name", "phone", "email", "group", "problem"]] != "").any(axis=1)]
        if sheet and len(sheets) > 1:
            notes.append(f"Đã đọc trang tính “{sheet}”: {len(part)} dòng.")
        parts.append(part)
    if not parts:
        raise RosterError("Tệp cần cột “Họ và tên” và ít nhất một trong hai cột “Số điện thoại” hoặc “Email” "
                          "(cột “Nhóm” không bắt buộc). Dòng đầu tiên của tệp phải là tên cột.")
    frame = pd.concat(parts) if len(parts) > 1 else parts[0]
    if len(frame) > MAX_ROWS:
        raise RosterError(f"Tệp có {len(frame)} dòng; mỗi lần tải tối đa {MAX_ROWS} dòng. Hãy chia nhỏ tệp.")
    return check_roster(frame[["name", "phone", "email", "group", "problem"]]), notes


def _username_base(name: str, phone: str | None, email: str | None) -> str:
    if phone:
        return phone
    local = _fold(email.split("@")[0]) if email else _fold(name)
    local = re.sub(r"[^a-z0-9_.-]", "", local)[:32]
    return local if len(local) >= 3 else f"hv{local}"


def _free_username(session: Session, base: str) -> str:
    taken = set(session.scalars(select(User.username).where(User.username.like(f"{base}%"))))
    if base not in taken:
        return base
    n = 2
    while f"{base}{n}" in taken:
        n += 1
    return f"{base}{n}"


def _same_name(a: str, b: str) -> bool:
    return _fold(a) == _fold(b)


def _in_actor_classes(session: Session, actor: Actor, user_id: int) -> bool:
    if actor.role == "admin":
        return True
    return bool(session.scalar(select(Enrolment.id).join(Classroom, Classroom.id == Enrolment.class_id)
                               .where(Enrolment.user_id == user_id, Classroom.trainer_id == actor.id).limit(1)))


def _join(session: Session, actor: Actor, class_id: int, user: User, result: RowResult, group: str,
          notice_given: bool) -> RowResult:
    """Put an existing account in the class, or invite it when it is not yet the actor's learner: a trainer
    never gains a learner's record by knowing a phone number; the learner (or an admin) decides."""
    result.username = user.username
    if session.scalar(select(Enrolment.id).where(Enrolment.class_id == class_id, Enrolment.user_id == user.id)):
        result.status, result.message = "already", "Học viên đã có trong lớp."
        return result
    if not _in_actor_classes(session, actor, user.id):
        invitation = session.scalar(select(ClassInvitation).where(ClassInvitation.class_id == class_id,
                                                                  ClassInvitation.user_id == user.id))
        if invitation is None:
            session.add(ClassInvitation(class_id=class_id, user_id=user.id, invited_by=actor.id or None,
                                        group_name=group or None))
        elif invitation.status != "pending":
            invitation.status, invitation.decided_at = "pending", None
        session.flush()
        result.status = "invited"
        result.message = ("Người này đã có tài khoản (lớp khác hoặc tự đăng ký). Đã gửi lời mời: họ đồng ý khi "
                          "đăng nhập lần tới, hoặc nhờ quản trị viên ghi danh.")
        return result
    result.status = "existing"
    session.add(Enrolment(class_id=class_id, user_id=user.id, group_name=group or None, notice_given=notice_given))
    session.flush()
    return result


def _create_and_enrol(session: Session, class_id: int, result: RowResult, name: str, phone: str | None,
                      email: str | None, group: str, notice_given: bool, username_base: str) -> RowResult:
    password = one_time_password()
    try:
        with session.begin_nested():
            user = create_user(session, _free_username(session, username_base), password,
                               name, "learner", phone=phone, email=email, must_change_password=True)
    except AuthError as exc:
        result.status, result.message = "error", str(exc)
        return result
    result.status, result.username, result.password = "created", user.username, password
    session.add(Enrolment(class_id=class_id, user_id=user.id, group_name=group or None, notice_given=notice_given))
    session.flush()
    return result


# Why a roster row cannot be enrolled (the `code` of the preview and of an error row).
ROW_PROBLEMS = ("structure", "name_missing", "name_too_long", "name_no_letters", "group_too_long",
                "email_too_long", "phone_invalid", "email_invalid", "contact_missing", "duplicate", "database")


@dataclass(frozen=True)
class RowCheck:
    """The verdict on one roster row before anything is written: `code` is "" for a good row."""
    code: str = ""
    message: str = ""
    phone: str | None = None   # canonical
    email: str | None = None   # lower case


def check_row(line: int, name: str, phone_raw: str, email_raw: str, group: str, seen: dict[str, int]) -> RowCheck:
    """The checks every row passes before enrolment, in the preview and when enrolling (one place).
    `seen` maps the phones and emails of earlier good rows to their line: a repeat is a duplicate."""
    if not name:
        return RowCheck("name_missing", "Thiếu họ và tên.")
    if len(name) > MAX_NAME:
        return RowCheck("name_too_long", f"Họ và tên dài {len(name)} ký tự; tối đa {MAX_NAME} ký tự.")
    if not any(ch.isalpha() for ch in name):
        return RowCheck("name_no_letters", f"Họ và tên “{name}” không có chữ nào (có thể nhầm cột).")
    if len(group) > MAX_GROUP:
        return RowCheck("group_too_long", f"Tên nhóm dài {len(group)} ký tự; tối đa {MAX_GROUP} ký tự.")
    if len(email_raw) > MAX_EMAIL:
        return RowCheck("email_too_long", f"Email dài {len(email_raw)} ký tự; tối đa {MAX_EMAIL} ký tự.")
    phone = canonical_phone(phone_raw) if phone_raw else None
    if phone_raw and phone is None:
        return RowCheck("phone_invalid", f"Số điện thoại “{phone_raw}” không hợp lệ (cần 10 chữ số bắt đầu "
                                         f"bằng 0, ví dụ {PHONE_EXAMPLE}).")
    email = email_raw.lower() if email_raw else None
    if email and not EMAIL_RE.match(email):
        return RowCheck("email_invalid", f"Email “{email_raw}” không hợp lệ.")
    if not phone and not email:
        return RowCheck("contact_missing", "Cần số điện thoại hoặc email.")
    for key in filter(None, (phone, email)):
        if key in seen:
            return RowCheck("duplicate", f"Trùng với dòng {seen[key]} ({key}).")
    for key in filter(None, (phone, email)):
        seen[key] = line
    return RowCheck(phone=phone, email=email)


def check_roster(frame: pd.DataFrame) -> pd.DataFrame:
    """The roster with every row checked (`check_row`): `code` and `problem` (the reason in Vietnamese) are
    filled for rows to correct; a structural problem of the file keeps its reason with the code "structure"."""
    seen: dict[str, int] = {}
    codes, problems = [], []
    for line, name, phone, email, group, problem in zip(frame.index, frame["name"], frame["phone"], frame["email"],
                                                         frame["group"], frame["problem"]):
        if problem:
            codes.append("structure")
            problems.append(problem)
            continue
        verdict = check_row(int(line), name, phone, email, group, seen)
        codes.append(verdict.code)
        problems.append(verdict.message)
    return frame.assign(code=codes, problem=problems)


def preview_counts(frame: pd.DataFrame) -> tuple[int, int]:
    """(rows that will be enrolled, rows to correct) of a checked roster."""
    bad = int((frame["code"] != "").sum()) if len(frame) else 0
    return len(frame) - bad, bad


def preview_summary(frame: pd.DataFrame) -> str:
    good, bad = preview_counts(frame)
    return f"{good} dòng hợp lệ, {bad} dòng cần sửa"


def _enrol_row(session: Session, actor: Actor, class_id: int, line: int, name: str, phone_raw: str,
               email_raw: str, group: str, seen: dict[str, int], notice_given: bool = False) -> RowResult:
    result = RowResult(line=line, name=name[:MAX_NAME], status="error", group=group[:MAX_GROUP])
    verdict = check_row(line, name, phone_raw, email_raw, group, seen)
    if verdict.code:
        result.code, result.message = verdict.code, verdict.message
        return result
    phone, email = verdict.phone, verdict.email
    result.phone, result.email = phone or "", email or ""
    user = None
    if email:
        user = session.scalar(select(User).where(User.email == email).order_by(User.id))
    if user is None and phone:
        owners = list(session.scalars(select(User).where((User.phone == phone) | (User.username == phone))
                                      .order_by(User.id)))
        user = next((u for u in owners if _same_name(u.full_name, name)), None)
        if user is None and owners:
            mine = [u for u in owners if _in_actor_classes(session, actor, u.id)]
            who = f" (tài khoản {mine[0].username}, tên “{mine[0].full_name}”)" if mine else ""
            result.status, result.username = "conflict", (mine[0].username if mine else "")
            result.message = (f"Số điện thoại này đã có tài khoản với họ tên khác{who}. Hãy chọn: tạo tài khoản "
                              "mới cho người này, hoặc đây là cùng một người.")
            return result
    if user is not None and user.role not in LEARNER_ROLES:
        result.message = "Số điện thoại/email này thuộc một tài khoản không phải học viên."
        return result
    if user is not None:
        return _join(session, actor, class_id, user, result, group, notice_given)
    return _create_and_enrol(session, class_id, result, name, phone, email, group, notice_given,
                             _username_base(name, phone, email))


def resolve_conflict(session: Session, actor: Actor, class_id: int, row: RowResult, same_person: bool,
                     notice_given: bool = False) -> RowResult:
    """The trainer's decision on a flagged row: the same person (the existing account joins, or is invited),
    or another person sharing the phone (a new account whose username comes from the name)."""
    classroom = get_class(session, actor, class_id)
    if classroom.archived:
        raise RosterError("Lớp đã lưu trữ; hãy khôi phục lớp trước khi ghi danh.")
    result = RowResult(line=row.line, name=row.name, status="error", group=row.group, phone=row.phone,
                       email=row.email)
    if same_person:
        owners = list(session.scalars(select(User).where((User.phone == row.phone) | (User.username == row.phone))
                                      .where(User.role.in_(LEARNER_ROLES)).order_by(User.id)))
        if not owners:
            result.message = "Không còn tài khoản nào có số điện thoại này."
            return result
        return _join(session, actor, class_id, owners[0], result, row.group, notice_given)
    return _create_and_enrol(session, class_id, result, row.name, row.phone or None, row.email or None, row.group,
                             notice_given, _username_base(row.name, None, row.email or None))


def enrol_frame(session: Session, actor: Actor, class_id: int, frame: pd.DataFrame,
                notes: list[str] | None = None, notice_given: bool = False) -> EnrolmentReport:
    """Enrol every good row of a roster; bad rows are reported and change nothing."""
    classroom = get_class(session, actor, class_id)
    if classroom.archived:
        raise RosterError("Lớp đã lưu trữ; hãy khôi phục lớp trước khi ghi danh.")
    report = EnrolmentReport(class_name=classroom.name, notes=list(notes or []))
    seen: dict[str, int] = {}
    for line, row in frame.iterrows():
        if row.get("problem"):
            report.rows.append(RowResult(line=int(line), name=row["name"][:MAX_NAME], status="error",
                                         message=row["problem"], group=row["group"][:MAX_GROUP],
                                         code=row.get("code") or "structure"))
            continue
        try:
            with session.begin_nested():  # a row the database refuses is reported; the others stay
                result = _enrol_row(session, actor, class_id, int(line), row["name"], row["phone"],
                                    row["email"], row["group"], seen, notice_given)
        except SQLAlchemyError as exc:
            log.warning("roster row %s refused by the database: %s", line, type(exc).__name__)
            result = RowResult(line=int(line), name=row["name"][:MAX_NAME], status="error", group=row["group"][:MAX_GROUP],
                               code="database", message="Cơ sở dữ liệu không nhận dòng này (dữ liệu quá dài hoặc có ký tự lạ).")
        report.rows.append(result)
    return report


def enrol_file(session: Session, actor: Actor, class_id: int, data: bytes, filename: str,
               notice_given: bool = False) -> EnrolmentReport:
    frame, notes = read_roster(data, filename)
    return enrol_frame(session, actor, class_id, frame, notes, notice_given)


def enrol_one(session: Session, actor: Actor, class_id: int, name: str, phone: str = "", email: str = "",
              group: str = "", notice_given: bool = False) -> RowResult:
    """Enrol one learner (the same checks as a roster row)."""
    frame = pd.DataFrame([{"name": _nfc(name), "phone": _nfc(phone), "email": _nfc(email), "group": _nfc(group)}])
    frame.index = [0]
    return enrol_frame(session, actor, class_id, frame, notice_given=notice_given).rows[0]


def roster_template() -> bytes:
    """A CSV a trainer can fill in (UTF-8 with BOM so Excel shows the accents)."""
    frame = pd.DataFrame([{"Họ và tên": "Nguyễn Văn An", "Số điện thoại": "0912345678", "Email": "",
                           "Nhóm": "Tổ dân phố 3"}])
    return safe_text.csv_bytes(frame)


def sheet_rows(report: EnrolmentReport) -> pd.DataFrame:
    """The learners now in the class, with the one-time passwords of new accounts."""
    rows = [r for r in report.rows if r.status in ("created", "existing")]
    return pd.DataFrame([{"Họ và tên": r.name, "Nhóm": r.group, "Tên đăng nhập": r.username,
                          "Mật khẩu dùng một lần": r.password or "(dùng mật khẩu đang có)"} for r in rows],
                        columns=["Họ và tên", "Nhóm", "Tên đăng nhập", "Mật khẩu dùng một lần"])


def enrolment_sheet_csv(report: EnrolmentReport) -> bytes:
    return safe_text.csv_bytes(sheet_rows(report))


def enrolment_sheet_pdf(report: EnrolmentReport) -> bytes:
    """Cut-out login slips, one card per learner: who logs in with what, the site address and a QR code to
    the login page; new accounts change the password at the first login."""
    from app.trainer.slips import Slip, slips_pdf  # fpdf2 only when slips are printed
    rows = [r for r in report.rows if r.status in ("created", "existing")]
    return slips_pdf([Slip(r.name, r.username, r.password, r.group) for r in rows], report.class_name,
                     "Phiếu ghi danh")
