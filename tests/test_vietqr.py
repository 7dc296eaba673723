"""VietQR: payload per the NAPAS/EMVCo spec, CRC, and the rendered image decodes back (zxing-cpp)."""
import io

import pytest
import zxingcpp
from PIL import Image

from tests.helpers import parse_payload
from tools.sales.vietqr import (
    VietQRError, bank_by_bin, banks, build_payload, crc16, order_note, qr_png,
)


def decode_png(png: bytes) -> str:
    results = zxingcpp.read_barcodes(Image.open(io.BytesIO(png)).convert("L"))
    assert len(results) == 1
    return results[0].text


def test_crc_matches_published_example():
    # Example payload published with napas-qr-python (Vietcombank, CRC FCE9).
    body = ("00020101021153037045802VN38540010A00000072701240006970436011010319334300208QRIBFTTA"
            "62220818Thanh toan hoa don6304")
    assert crc16(body) == "FCE9"


def test_order_code_round_trip_through_the_image():
    payload = build_payload("970422", "0912 345 678", 275000, order_note("DH-000123"), "Nguyễn Thị Hoa")
    text = decode_png(qr_png(payload))
    assert text == payload
    got = parse_payload(text)
    assert (got.bank_bin, got.account, got.amount) == ("970422", "0912345678", 275000)
    assert got.note == "TT DH 000123"
    assert got.holder == "NGUYEN THI HOA"
    assert got.crc_ok and got.dynamic


def test_general_code_has_no_amount_and_is_static():
    payload = build_payload("970436", "1031933430")
    got = parse_payload(decode_png(qr_png(payload)))
    assert got.amount is None and not got.dynamic and got.crc_ok
    assert "5402" not in payload and payload[6:14] == "01021138"  # point of initiation 11, then field 38


def test_broken_crc_is_detected():
    payload = build_payload("970436", "1031933430", 50000, "TT DH1")
    tampered = payload.replace("54055000", "54056000")
    assert not parse_payload(tampered).crc_ok


def test_note_is_ascii_and_short():
    payload = build_payload("970436", "123456", 1000, "Đơn hàng số 12 của chị Hường ở Mỹ Hào rất dài")
    note = parse_payload(payload).note
    assert note.isascii() and len(note) <= 25 and note.startswith("Don hang so 12")


@pytest.mark.parametrize("bank,account,amount,code", [
    ("123456", "123456", 1000, "bank"), ("970436", "12 34a!", 1000, "account"), ("970436", "123456", 0, "amount"),
])
def test_bad_input_has_a_code(bank, account, amount, code):
    with pytest.raises(VietQRError) as err:
        build_payload(bank, account, amount)
    assert err.value.code == code


def test_bank_list_is_unique_six_digit_bins():
    bins = [b.bin for b in banks()]
    assert len(bins) == len(set(bins)) >= 40
    assert all(len(b) == 6 and b.isdigit() for b in bins)
    assert bank_by_bin("970418").short == "BIDV"
