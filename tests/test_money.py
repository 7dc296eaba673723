"""tools.money is the one reader of written money: a typed price (parse_amount), amounts inside text
(find_amounts) and the value behind digits and a scale word (scaled_value). The product form, the rule
checker and the speech text all go through it, so each edge case is pinned here once."""
import pytest

from tools.money import find_amounts, parse_amount, scaled_value
from tools.product import ProductError, parse_price
from tools.speech_text import normalize_for_speech

TYPED = [
    ("45000", 45000), ("45.000đ", 45000), ("45.000 ₫", 45000), ("45.000 VND", 45000), ("45,000 vnđ", 45000),
    ("45 000", 45000), ("45 000đ", 45000), ("45k", 45000), ("45,5k", 45500), ("45 nghìn đồng", 45000),
    ("1,2 triệu", 1_200_000), ("1tr2", 1_200_000), ("30k5", 30_500), ("VND 45000", 45000),
    ("1.250.000", 1_250_000), (" 12000 đồng ", 12000), ("500d", 500),
]
NOT_AN_AMOUNT = ["", "abc", "45.5", "45.0", "-3", "12.34.5", "45.000đ/chai", "giá 45000", "45 46", "k"]


@pytest.mark.parametrize("text,value", TYPED)
def test_parse_amount_reads_what_sellers_type(text, value):
    assert parse_amount(text) == value


@pytest.mark.parametrize("text", NOT_AN_AMOUNT)
def test_parse_amount_refuses_anything_else(text):
    assert parse_amount(text) is None


@pytest.mark.parametrize("text,value", TYPED)
def test_product_price_and_text_amounts_agree_with_the_one_reader(text, value):
    """The product form takes what parse_amount reads; find_amounts reads the same value inside a sentence
    for every spelling that carries a money word (bare digits are only money in a price field)."""
    assert parse_price(text) == value
    if text == "500d":  # in running text a bare "d" after a small number ("3d", "5 d") is not money
        assert find_amounts(f"Chỉ {text} thôi") == []
    elif any(ch.isalpha() or ch == "₫" for ch in text):
        amounts = find_amounts(f"Chỉ {text.strip()} thôi")
        assert [a.value for a in amounts] == [value]


@pytest.mark.parametrize("text", [t for t in NOT_AN_AMOUNT if t != "0"])
def test_product_price_refuses_what_the_reader_refuses(text):
    with pytest.raises(ProductError):
        parse_price(text)


def test_scaled_value_groups_thousands_and_reads_decimals():
    assert scaled_value("45.000") == 45000
    assert scaled_value("45,000") == 45000
    assert scaled_value("1,5", "triệu") == 1_500_000
    assert scaled_value("45", "k") == 45000
    assert scaled_value("45", "đ") == 45
    with pytest.raises(ValueError):
        scaled_value("1.2.3")


def test_speech_reads_the_same_value():
    # "45,000đ" is 45 nghìn đồng for the price checker, and now for the listener too
    assert normalize_for_speech("45,000đ") == normalize_for_speech("45.000đ") == "bốn mươi lăm nghìn đồng"
    assert normalize_for_speech("1,2 triệu") == "một triệu hai trăm nghìn"
