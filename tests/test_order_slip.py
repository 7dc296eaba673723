"""Order slip PDF: A5, totals in numbers and words, payment state, a VietQR code that scans, not-an-e-invoice."""
import io
import shutil
import subprocess
from datetime import datetime, timezone

import pytest
import zxingcpp
from PIL import Image
from pypdf import PdfReader

from tools.sales.notices import law, notice
from tools.sales.orders import Line, SlipData, amount_words, totals
from tools.sales.slip import slip_pdf, thermal_slip_pdf
from tests.helpers import parse_payload
from tools.sales.vietqr import build_payload


def _slip(paid=False, qr=True, n_lines=2):
    lines = [Line("Long nhãn Hưng Yên", "Túi 500g", 180000, 2), Line("Mật ong rừng", "", 250000, 1)]
    lines = (lines * ((n_lines + 1) // 2))[:n_lines]
    money = totals(lines, 10000, 30000)
    payload = build_payload("970422", "0912345678", money.total, "TT DH000007", "Nguyen Thi Hoa") if qr else None
    return SlipData(code="DH000007", created_at=datetime(2026, 11, 20, 3, tzinfo=timezone.utc),
                    customer_name="Nguyễn Thị Hường", customer_phone="0912345678",
                    customer_address="12 Nguyễn Văn Linh, Mỹ Hào", channel="zalo", payment="transfer", paid=paid,
                    status="confirmed", lines=lines, totals=money, shop_name="Đặc sản Hoa Mỹ Hào",
                    shop_phone="0987654321", shop_address="Phường Mỹ Hào, Hưng Yên", bank_label="MB Bank",
                    bank_account="0912345678", account_holder="NGUYEN THI HOA", qr_payload=payload,
                    extra={"note": "TT DH000007"}), money


def test_amount_words():
    assert amount_words(630000) == "Sáu trăm ba mươi nghìn đồng"
    assert amount_words(1005000) == "Một triệu không trăm lẻ năm nghìn đồng"


def test_slip_is_a5_with_totals_words_and_notice():
    slip, money = _slip()
    pdf = PdfReader(io.BytesIO(slip_pdf(slip)))
    box = pdf.pages[0].mediabox
    assert (round(float(box.width) / 72 * 25.4), round(float(box.height) / 72 * 25.4)) == (148, 210)
    text = " ".join(" ".join(p.extract_text().split()) for p in pdf.pages)
    assert money.total == 630000 and "630.000đ" in text
    assert amount_words(630000) in text
    assert "CHƯA THANH TOÁN" in text and "DH000007" in text
    assert notice("not_einvoice") in text


@pytest.mark.skipif(not shutil.which("pdftoppm"), reason="pdftoppm (poppler-utils) not installed")
def test_qr_on_the_printed_slip_scans(tmp_path):
    slip, money = _slip()
    (tmp_path / "slip.pdf").write_bytes(slip_pdf(slip))
    subprocess.run(["pdftoppm", "-r", "150", "-png", "-f", "1", "-l", "1", str(tmp_path / "slip.pdf"),
                    str(tmp_path / "page")], check=True)
    page = next(tmp_path.glob("page*.png"))
    found = zxingcpp.read_barcodes(Image.open(page).convert("L"))
    assert len(found) == 1
    got = parse_payload(found[0].text)
    assert (got.bank_bin, got.account, got.amount, got.note, got.crc_ok) == (
        "970422", "0912345678", money.total, "TT DH000007", True)


def test_paid_slip_has_no_qr_and_long_orders_flow_onto_more_pages():
    slip, _ = _slip(paid=True, qr=False, n_lines=30)
    pdf = PdfReader(io.BytesIO(slip_pdf(slip)))
    assert len(pdf.pages) >= 2
    text = " ".join(p.extract_text() for p in pdf.pages)
    assert "ĐÃ THANH TOÁN" in " ".join(text.split())
    assert not any(p.images for p in pdf.pages)


def test_every_notice_and_law_is_filled():
    for key in ("not_einvoice", "not_tax_advice", "revenue_book", "customer_data"):
        assert len(notice(key)) > 20
    assert "91/2025/QH15" in law("personal_data")


@pytest.mark.skipif(not shutil.which("pdftoppm"), reason="pdftoppm (poppler-utils) not installed")
def test_thermal_slip_is_80mm_and_its_qr_scans(tmp_path):
    slip, money = _slip()
    data = thermal_slip_pdf(slip)
    pdf = PdfReader(io.BytesIO(data))
    assert len(pdf.pages) == 1 and round(float(pdf.pages[0].mediabox.width) / 72 * 25.4) == 80
    text = " ".join(pdf.pages[0].extract_text().split())
    assert amount_words(money.total) in text and notice("not_einvoice") in text
    (tmp_path / "t.pdf").write_bytes(data)
    subprocess.run(["pdftoppm", "-r", "200", "-png", str(tmp_path / "t.pdf"), str(tmp_path / "t")], check=True)
    found = zxingcpp.read_barcodes(Image.open(next(tmp_path.glob("t*.png"))).convert("L"))
    assert [parse_payload(f.text).amount for f in found] == [money.total]
