"""Text read aloud as a Vietnamese listener expects: no digits or symbols left for the engine to spell."""
import re
import unicodedata

import pytest

from tools.speech_text import normalize_for_speech


@pytest.mark.parametrize("text, spoken", [
    ("Giá chỉ 45.000đ một chai", "bốn mươi lăm nghìn đồng"),
    ("Giá 1.250.000 ₫", "một triệu hai trăm năm mươi nghìn đồng"),
    ("Chỉ 250k thôi", "hai trăm năm mươi nghìn đồng"),
    ("Túi 5kg", "năm ki lô gam"),
    ("Chai 1,5 lít", "một phẩy năm lít"),
    ("Hộp 500ml", "năm trăm mi li lít"),
    ("Giảm 20%", "hai mươi phần trăm"),
    ("Gọi 0912 345 678", "không chín một hai, ba bốn năm, sáu bảy tám"),
    ("Gọi 0912.345.678.", "không chín một hai, ba bốn năm, sáu bảy tám."),
    ("Mở cửa 8h30", "tám giờ ba mươi"),
    ("Giao 3-5 ngày", "ba đến năm ngày"),
    ("45.000đ/kg", "bốn mươi lăm nghìn đồng một ký"),
    ("105 khách", "một trăm lẻ năm khách"),
])
def test_spoken_form(text, spoken):
    out = normalize_for_speech(text)
    assert spoken in out
    assert not re.search(r"\d", out), out


def test_letters_glued_to_numbers_and_symbols():
    out = normalize_for_speech("Gạo ST25 #ngon 😀 & thơm")
    assert out == "Gạo ST hai mươi lăm ngon và thơm"


def test_text_without_numbers_is_kept_and_made_nfc():
    assert normalize_for_speech(unicodedata.normalize("NFD", "Nước mắm")) == "Nước mắm"
