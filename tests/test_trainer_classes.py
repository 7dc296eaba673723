"""Classes and enrolment: access rules, good and bad roster files, accounts with one-time passwords."""
import io
import unicodedata

import pandas as pd
import pytest
from sqlalchemy import func, select

from tests.helpers import authenticate
from app.models import Enrolment, User
from app.trainer.access import AccessError, check_learner
from app.trainer.classes import ClassError, archive_class, create_class, find_class, list_classes, rename_class
from app.trainer.enrolment import (RosterError, enrol_file, enrol_one, enrolment_sheet_csv, enrolment_sheet_pdf,
                                   read_roster, roster_template)
from tests.trainer_data import data  # noqa: F401,F811 - pytest fixtures

GOOD_CSV = ("Họ và tên,Số điện thoại,Email,Nhóm\n"
            "Nguyễn Văn Mới,0987 654 321,,Tổ dân phố 3\n"
            "Trần Thị Hai,,hai@example.vn,Tổ dân phố 4\n"
            "Lê Thị Bình,+84912000002,,Tổ dân phố 3\n")  # already has an account (phone of binh)
BAD_CSV = ("Họ tên,SĐT,Email,Tổ\n"
           ",0911111111,,\n"                        # no name
           "Người Sai Số,12345,,\n"                 # bad phone
           "Người Sai Thư,,khong-phai-email,\n"     # bad email
           "Không Liên Lạc,,,\n"                    # neither
           "Người Tốt,0911222333,,Tổ 5\n"
           "Người Trùng,0911 222 333,,\n")          # same phone as the line above


def to_cp1258(text: str) -> bytes:
    """Encode as Windows does: a precomposed letter (ê, ơ, ă, ...) where one exists, plus combining tone marks."""
    out = b""
    for ch in text:
        nfd = unicodedata.normalize("NFD", ch)
        for i, mark in enumerate([""] + list(nfd[1:])):
            base = unicodedata.normalize("NFC", nfd[0] + mark)
            rest = nfd[1:].replace(mark, "", 1) if mark else nfd[1:]
            try:
                out += base.encode("cp1258") + rest.encode("cp1258")
                break
            except UnicodeEncodeError:
                continue
    return out


def test_trainer_manages_only_own_classes(session, data):
    gv, gv2, admin = data["gv"], data["gv2"], data["admin"]
    new = create_class(session, gv, "  Lớp   tối thứ Ba ")
    assert new.name == "Lớp tối thứ Ba"
    with pytest.raises(ClassError):
        create_class(session, gv, "lớp tối thứ ba".replace("l", "L", 1))  # same name, other case
    rename_class(session, gv, new.id, "Lớp tối thứ Tư")
    with pytest.raises(AccessError):
        rename_class(session, gv2, new.id, "Của tôi")
    with pytest.raises(AccessError):
        archive_class(session, data["learner"], new.id)
    assert {c.name for c in list_classes(session, gv)} == {"Lớp A", "Lớp tối thứ Tư"}
    assert {c.name for c in list_classes(session, admin)} == {"Lớp A", "Lớp B", "Lớp tối thứ Tư"}
    archive_class(session, gv, new.id)
    assert [c.name for c in list_classes(session, gv)] == ["Lớp A"]
    assert [c.archived for c in list_classes(session, gv, include_archived=True)] == [False, True]
    assert next(c.learners for c in list_classes(session, gv) if c.name == "Lớp A") == 3
    assert find_class(session, gv, "Lớp A").id == data["class_a"]
    with pytest.raises(ClassError):
        find_class(session, gv, "Lớp B")  # exists, but not this trainer's


def test_learner_access_follows_enrolment(session, data):
    check_learner(session, data["gv"], data["an"])
    check_learner(session, data["admin"], data["dung"])
    with pytest.raises(AccessError):
        check_learner(session, data["gv"], data["dung"])


def test_good_csv_creates_accounts_and_enrols(session, data):
    report = enrol_file(session, data["gv"], data["class_a"], GOOD_CSV.encode("utf-8-sig"), "ds.csv")
    assert not report.errors
    assert [r.status for r in report.rows] == ["created", "created", "already"]
    new = report.rows[0]
    assert new.username == "0987654321" and len(new.password) == 10
    account = authenticate(session, new.username, new.password)
    assert account.full_name == "Nguyễn Văn Mới" and account.must_change_password and account.role == "learner"
    assert report.rows[1].username == "hai"
    groups = dict(session.execute(select(User.username, Enrolment.group_name).join(Enrolment)
                                  .where(Enrolment.class_id == data["class_a"])).all())
    assert groups["0987654321"] == "Tổ dân phố 3" and groups["hai"] == "Tổ dân phố 4"
    sheet = pd.read_csv(io.BytesIO(enrolment_sheet_csv(report)), encoding="utf-8-sig")
    assert sheet["Mật khẩu dùng một lần"].tolist()[0] == new.password
    assert enrolment_sheet_pdf(report).startswith(b"%PDF")


def test_bad_rows_are_reported_and_the_rest_enrolled(session, data):
    before = session.scalar(select(func.count(User.id)))
    report = enrol_file(session, data["gv"], data["class_a"], BAD_CSV.encode("utf-8"), "ds.csv")
    by_line = {r.line: r for r in report.rows}
    assert [r.line for r in report.errors] == [2, 3, 4, 5, 7]
    assert "họ và tên" in by_line[2].message and "12345" in by_line[3].message
    assert "khong-phai-email" in by_line[4].message and "Trùng với dòng 6" in by_line[7].message
    assert by_line[6].status == "created"
    assert session.scalar(select(func.count(User.id))) == before + 1
    assert "1 dòng lỗi" not in report.summary() and "5 dòng lỗi" in report.summary()


def test_existing_account_joins_another_class(session, data):
    result = enrol_one(session, data["gv2"], data["class_b"], "Phạm Minh Chi", email="CHI@example.vn", group="Tổ 9")
    assert (result.status, result.username, result.password) == ("invited", "chi", "")  # consent first
    with pytest.raises(AccessError):
        enrol_one(session, data["gv2"], data["class_a"], "Ai Đó", phone="0900000000")


def test_xlsx_and_cp1258_rosters(session, data):
    buffer = io.BytesIO()
    pd.DataFrame({"Họ và tên": ["Đặng Thị Xuân"], "Số điện thoại": [912333444], "Nhóm": ["Tổ 1"]}).to_excel(buffer, index=False)
    report = enrol_file(session, data["gv"], data["class_a"], buffer.getvalue(), "lop.xlsx")
    assert report.rows[0].status == "created" and report.rows[0].username == "0912333444"
    frame, notes = read_roster(to_cp1258("Họ và tên;SĐT\nĐặng Văn Ánh;0912555666\n"), "lop.csv")
    assert frame.loc[2, "name"] == "Đặng Văn Ánh" and "1258" in notes[0]
    frame, notes = read_roster("Họ và tên,SĐT\nĐặng Văn Ánh,0912555666\n".encode("utf-16"), "lop.csv")
    assert frame.loc[2, "name"] == "Đặng Văn Ánh" and not notes  # "Unicode text" saved by Excel
    frame, _ = read_roster(roster_template(), "mau.csv")
    assert frame.loc[2, "group"] == "Tổ dân phố 3"


def test_unreadable_files_give_clear_messages(session, data):
    with pytest.raises(RosterError, match="Họ và tên"):
        read_roster(b"a,b\n1,2\n", "x.csv")
    with pytest.raises(RosterError, match=".csv hoặc .xlsx"):
        read_roster(b"abc", "x.pdf")
    with pytest.raises(RosterError, match="không đúng định dạng"):
        read_roster(b"not a zip", "x.xlsx")
