"""Exports read back: CSV, XLSX, PDF, xAPI JSON, and the `binhdan progress export` command."""
import io
import json
from datetime import date, datetime

import openpyxl

import pandas as pd
import pytest
from pypdf import PdfReader

from app.trainer.access import AccessError
from app.trainer.exports import export_class, export_filename
from tests.trainer_data import FIXTURE_COURSE, NOW, build_class, fixture_catalog
from app.cli import main


@pytest.fixture
def data(session):
    result = build_class(session)
    session.commit()
    return result


def _export(session, data, fmt, who="gv"):
    return export_class(session, data[who], data["class_a"], fixture_catalog(), fmt, now=NOW)


def test_csv_and_xlsx_read_back(session, data):
    csv = pd.read_csv(io.BytesIO(_export(session, data, "csv")), encoding="utf-8-sig", dtype={"Số điện thoại": str})
    assert list(csv["Tên đăng nhập"]) == ["binh", "an", "chi"]  # dung is in another class; group, then name
    an = csv.set_index("Tên đăng nhập").loc["an"]
    assert (an["Số bài đã học xong"], an["Tiến độ khóa học (%)"], an["Mã chứng chỉ"]) == (3, 62.5, "BD-TEST-0001")  # 5 of 8 steps
    assert an["Hoàn thành khóa học"] == "Chưa hoàn thành" and an["Ngày ghi danh"] == "05/11/2026"
    assert an["Ngày cấp chứng chỉ"] == "24/11/2026" and an["Hoạt động gần nhất"] == "24/11/2026 19:00"
    book = _export(session, data, "xlsx")
    sheets = pd.read_excel(io.BytesIO(book), sheet_name=None)
    assert {"Học viên", "Đang vướng", "Bài học", "Học phần", "Câu hỏi khó", "Lượt làm bài", "Câu trả lời"} <= set(sheets)
    assert len(sheets["Lượt làm bài"]) == 4 and len(sheets["Câu trả lời"]) == 8
    assert sheets["Câu hỏi khó"].iloc[0]["Câu hỏi"] == "Khi gõ “Chúc mừng năm”, điện thoại gợi ý gì?"
    assert set(sheets["Lượt làm bài"]["Kết quả"]) == {"Đạt", "Chưa đạt"}  # words, not True/False
    answers = sheets["Câu trả lời"]
    assert set(answers["Học phần"]) == {"Làm quen với AI"} and set(answers["Đúng/Sai"]) == {"Đúng", "Sai"}
    assert "Khi gõ “Chúc mừng năm”, điện thoại gợi ý gì?" in set(answers["Câu hỏi"]) and "cũ" in set(answers["Đã chọn"])
    assert not any(c.startswith(("module_id", "question_id")) for frame in sheets.values() for c in frame.columns)
    assert sheets["Đang vướng"]["Họ và tên"].tolist() == ["Lê Thị Bình"]  # one row per learner
    cell = openpyxl.load_workbook(io.BytesIO(book))["Học viên"]["U2"]  # Ngày ghi danh: a real date, dd/mm/yyyy
    assert isinstance(cell.value, datetime) and cell.number_format == "dd/mm/yyyy"


def test_export_filename_has_class_name_and_date():
    assert export_filename("Lớp AI cơ bản — Tổ dân phố 5", "xlsx", day=date(2026, 11, 27)) == \
        "bao-cao-lop-ai-co-ban-to-dan-pho-5-27-11-2026.xlsx"
    assert export_filename("Đội 1", "pdf", "chung-chi", date(2026, 1, 2)) == "chung-chi-doi-1-02-01-2026.pdf"


def test_pdf_summary_is_one_page_with_the_numbers(session, data):
    reader = PdfReader(io.BytesIO(_export(session, data, "pdf")))
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    assert "Lớp A" in text and "Nguyễn Thị Hoa" in text and "Lê Thị Bình" in text
    assert "1 học viên đang vướng" in text  # the same count as the "Đang vướng" sheet and the page


def test_xapi_statements(session, data):
    statements = json.loads(_export(session, data, "json"))
    verbs = [s["verb"]["id"].rsplit("/", 1)[1] for s in statements]
    # lessons: 5 views + 4 completions; quiz: 1 passed + 3 failed; 1 exercise completed
    assert sorted(verbs) == sorted(["experienced"] * 5 + ["completed"] * 5 + ["passed"] + ["failed"] * 3)
    passed = next(s for s in statements if s["verb"]["id"].endswith("/passed"))
    assert passed["actor"]["account"]["name"] == "an" and passed["result"]["score"]["scaled"] == 1.0
    assert passed["result"]["success"] is True and passed["timestamp"].endswith("Z")
    assert len({s["id"] for s in statements}) == len(statements)
    assert {s["actor"]["account"]["name"] for s in statements} == {"an", "binh"}


def test_other_trainer_cannot_export(session, data):
    with pytest.raises(AccessError):
        _export(session, data, "csv", who="gv2")


@pytest.mark.parametrize("suffix", ["csv", "xlsx", "json"])
def test_cli_export(data, db_url, tmp_path, capsys, suffix):
    out = tmp_path / f"bao-cao.{suffix}"
    assert main(["progress", "export", "--class", "Lớp A", "--out", str(out), "--courses", str(FIXTURE_COURSE)]) == 0
    assert out.stat().st_size > 0 and "Lớp A" in capsys.readouterr().out
    if suffix == "csv":
        assert len(pd.read_csv(out, encoding="utf-8-sig")) == 3


def test_cli_unknown_class(data, db_url, tmp_path, capsys):
    code = main(["progress", "export", "--class", "Lớp Không Có", "--out", str(tmp_path / "x.csv"),
                 "--courses", str(FIXTURE_COURSE)])
    assert code == 2 and "Không tìm thấy lớp" in capsys.readouterr().err
    assert not (tmp_path / "x.csv").exists()


def test_cli_exports_every_attempt(data, db_url, tmp_path, capsys):
    out = tmp_path / "luot.csv"
    assert main(["progress", "export", "--class", "Lớp A", "--out", str(out), "--attempts",
                 "--courses", str(FIXTURE_COURSE)]) == 0
    frame = pd.read_csv(out, encoding="utf-8-sig")
    assert len(frame) == 4 and sorted(frame["Điểm (%)"]) == [25.0, 50.0, 50.0, 100.0]
    assert set(frame["Học phần"]) == {"Làm quen với AI"}
    assert main(["progress", "export", "--class", "Lớp A", "--out", str(tmp_path / "x.pdf"), "--attempts",
                 "--courses", str(FIXTURE_COURSE)]) == 2
    assert "csv, xlsx" in capsys.readouterr().err
