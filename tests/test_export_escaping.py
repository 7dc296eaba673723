"""Every export neutralises formula text (OWASP CSV injection) and survives NUL/ESC in names."""
import csv
import io
import json

import openpyxl
import pytest
from pypdf import PdfReader

from app.models import User
from app.trainer.enrolment import enrol_file, enrolment_sheet_csv, enrolment_sheet_pdf
from app.trainer.exports import export_class
from tests.trainer_data import NOW, build_class, fixture_catalog
from tools import safe_text
from tools.listing.export import to_csv_bytes, to_xlsx_bytes
from tools.listing.model import Listing

FORMULA = '=HYPERLINK("http://evil.example/x","Bấm")'
PROBES = [FORMULA, "+1+1", "-2+3", "@SUM(A1:A9)", "\t=1+1", "\r=1+1"]
CONTROL = "Tên\x00có\x1bký tự lạ"
CONTROL_DB = "Tên\x07có\x1bký tự lạ"  # PostgreSQL refuses NUL before any export runs
DANGEROUS = ("=", "+", "-", "@", "\t", "\r")


@pytest.mark.parametrize("probe", PROBES)
def test_cell_prefixes_formula_text(probe):
    assert safe_text.cell(probe) == "'" + probe
    assert safe_text.cell("Nón lá - 50.000đ") == "Nón lá - 50.000đ"
    assert safe_text.cell(-5) == -5 and safe_text.cell(None) is None


def test_cell_strips_xlsx_illegal_characters():
    assert safe_text.cell(CONTROL) == "Têncóký tự lạ"
    assert safe_text.cell("=\x00x") == "'=x"


def _csv_cells(data: bytes) -> list[str]:
    return [c for row in csv.reader(io.StringIO(data.decode("utf-8-sig"))) for c in row]


def _assert_no_formula_csv(data: bytes, expected: list[str]):
    cells = _csv_cells(data)
    assert not [c for c in cells if c.startswith(DANGEROUS)]
    for probe in expected:
        assert "'" + probe in cells


def _assert_no_formula_xlsx(data: bytes, expected: list[str]):
    book = openpyxl.load_workbook(io.BytesIO(data))
    values = []
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for c in row:
                assert c.data_type != "f", (sheet.title, c.coordinate, c.value)
                values.append(c.value)
    assert not [v for v in values if isinstance(v, str) and v.startswith(DANGEROUS)]
    for probe in expected:
        assert "'" + probe in values


def _listings():
    names = PROBES + [CONTROL]
    return [Listing(name=n, channel="shopee", status="ok", title=n, description=n, hashtags=["#a"],
                    warnings=[n]) for n in names]


def test_listings_csv():
    _assert_no_formula_csv(to_csv_bytes(_listings()), [FORMULA, "@SUM(A1:A9)"])


def test_listings_xlsx():
    data = to_xlsx_bytes(_listings())  # NUL/ESC must not raise IllegalCharacterError
    _assert_no_formula_xlsx(data, [FORMULA, "-2+3"])


@pytest.fixture
def evil_class(session):
    data = build_class(session)
    an, binh = session.get(User, data["an"]), session.get(User, data["binh"])
    an.full_name, an.username = FORMULA, "@an"
    binh.full_name = CONTROL_DB
    session.commit()
    return data


def _export(session, data, fmt, attempts=False):
    return export_class(session, data["gv"], data["class_a"], fixture_catalog(), fmt, now=NOW, attempts=attempts)


def test_class_report_csv(session, evil_class):
    _assert_no_formula_csv(_export(session, evil_class, "csv"), [FORMULA, "@an"])


def test_class_attempts_csv(session, evil_class):
    _assert_no_formula_csv(_export(session, evil_class, "csv", attempts=True), [FORMULA, "@an"])


def test_class_report_xlsx(session, evil_class):
    _assert_no_formula_xlsx(_export(session, evil_class, "xlsx"), [FORMULA, "@an"])


def test_class_attempts_xlsx(session, evil_class):
    _assert_no_formula_xlsx(_export(session, evil_class, "xlsx", attempts=True), [FORMULA, "@an"])


def test_class_summary_pdf_table(session, evil_class):
    text = PdfReader(io.BytesIO(_export(session, evil_class, "pdf"))).pages[0].extract_text()
    assert "Têncóký tự lạ" in text  # binh is stuck: her name is in the table, control characters gone
    assert "\x00" not in text


def test_class_xapi(session, evil_class):
    statements = json.loads(_export(session, evil_class, "json"))
    names = {s["actor"]["name"] for s in statements}
    accounts = {s["actor"]["account"]["name"] for s in statements}
    assert "'" + FORMULA in names and "'@an" in accounts
    assert not [n for n in names | accounts if n.startswith(DANGEROUS)]


ROSTER = ("Họ và tên,Số điện thoại,Nhóm\n"
          '"=HYPERLINK(""http://evil.example/x"",""Bấm"")",0912000011,@nhom\n'
          "-Lê Văn Hai,0912000012,+Tổ 1\n")


def test_enrolment_sheet_csv_and_pdf(session, evil_class):
    report = enrol_file(session, evil_class["gv"], evil_class["class_a"], ROSTER.encode("utf-8"), "ds.csv")
    assert [r.status for r in report.rows] == ["created", "created"]
    _assert_no_formula_csv(enrolment_sheet_csv(report), [FORMULA, "@nhom", "-Lê Văn Hai", "+Tổ 1"])
    text = PdfReader(io.BytesIO(enrolment_sheet_pdf(report))).pages[0].extract_text()
    assert "'-Lê Văn Hai" in text and "'@nhom" in text
