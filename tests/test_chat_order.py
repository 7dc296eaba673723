"""Pasted chat message -> draft order: rules, fuzzy matching without accents, guesses marked, optional helper."""
from dataclasses import dataclass

import pytest

from tools.sales.chat_order import draft_order


@dataclass(frozen=True)
class Item:
    product_id: int
    name: str
    variant: str
    price: int


CATALOG = [
    Item(1, "Long nhãn Hưng Yên", "Túi 250g", 95000), Item(1, "Long nhãn Hưng Yên", "Túi 500g", 180000),
    Item(2, "Mật ong rừng", "", 250000),
    Item(3, "Trà xanh Thái Nguyên", "Gói 100g", 60000), Item(3, "Trà xanh Thái Nguyên", "Gói 200g", 110000),
]


def test_issue_example():
    d = draft_order("chị lấy 2 hộp long nhãn 500g, ship về 12 Nguyễn Văn Linh, sđt 0912 345 678", CATALOG)
    assert (d.phone.value, d.phone.guess) == ("0912345678", False)
    assert [(l.product_id, l.variant, l.unit_price, l.qty.value) for l in d.lines] == [(1, "Túi 500g", 180000, 2)]
    assert not d.lines[0].qty.guess
    assert d.lines[0].match.guess  # "long nhãn" is only part of the saved name
    assert d.address.value == "12 Nguyễn Văn Linh" and d.address.guess


def test_no_accents_two_products_and_name():
    text = ("Lay 3 goi tra thai nguyen 200g va mot tui long nhan 250g nhe. Ten: Tran Thi Mai, "
            "dc: thon Dong, xa My Hao, sdt +84 987.654.321")
    d = draft_order(text, CATALOG)
    assert d.phone.value == "0987654321"
    got = [(l.product_id, l.variant, l.qty.value) for l in d.lines]
    assert got == [(3, "Gói 200g", 3), (1, "Túi 250g", 1)]
    assert d.lines[1].qty.guess  # "mot" without accents is not read as a number
    assert d.name.value == "Tran Thi Mai"
    assert d.address.value == "thon Dong, xa My Hao"


def test_accented_number_word_and_exact_name():
    d = draft_order("Em ơi cho chị hai hũ mật ong rừng, giao về xóm 3 Bần Yên Nhân nhé", CATALOG)
    line = d.lines[0]
    assert (line.product_id, line.qty.value, line.qty.guess, line.match.guess) == (2, 2, False, False)
    assert d.phone.value == "" and d.address.value.startswith("xóm 3 Bần Yên Nhân")


def test_typo_and_unknown_product():
    d = draft_order("lấy 1 mat ongg rung với 3 hộp bánh gai", CATALOG)
    assert [l.product_id for l in d.lines] == [2]
    assert d.lines[0].match.guess
    assert d.unmatched and "bánh gai" in d.unmatched[0]


def test_variant_not_named_is_a_guess():
    d = draft_order("cho 2 túi long nhãn hưng yên", CATALOG)
    assert d.lines[0].match.guess and "Túi 500g" in d.lines[0].other_variants + [d.lines[0].variant]


def test_phone_digits_are_not_quantities():
    d = draft_order("0912345678 mật ong rừng", CATALOG)
    assert d.lines[0].qty.value == 1 and d.lines[0].qty.guess


def test_helper_fills_gaps_only_with_words_from_the_message():
    text = "mật ong rừng 1 chai, người ở 45 Trần Phú nhận giúp"
    d = draft_order(text, CATALOG, model_helper=lambda t: {"address": "45 Trần Phú", "name": "Bà Lan"})
    assert d.address.value == "45 Trần Phú" and d.address.how == "model" and d.address.guess
    assert d.name.value == ""  # "Bà Lan" is not in the message: refused
    broken = draft_order(text, CATALOG, model_helper=lambda t: 1 / 0)
    assert broken.address.value == "" and not broken.helper_used


@pytest.mark.parametrize("mode", ["hang", "garbage"])
def test_model_server_that_hangs_or_babbles_leaves_the_rules_draft(mode):
    import time

    from tests.fake_openai import FakeOpenAI
    from tools.providers.openai_compat import OpenAISettings
    from tools.sales.chat_order import openai_helper
    with FakeOpenAI(mode, delay=10) as server:
        helper = openai_helper(OpenAISettings(base_url=server.url, api_key="x", model="fake", timeout=1.0))
        started = time.perf_counter()
        d = draft_order("lấy 2 hũ mật ong rừng nha", CATALOG, model_helper=helper)
        assert time.perf_counter() - started < 5  # the 1 s deadline, not the server's 10 s
        assert server.requests  # the server was asked
    assert [(l.product_id, l.qty.value) for l in d.lines] == [(2, 2)]
    assert d.address.value == "" and not d.helper_used


def test_each_quantity_belongs_to_one_product():
    d = draft_order("mình lấy mật ong 1 chai + trà thái nguyên gói 100g x 2 nhé", CATALOG)
    assert [(l.product_id, l.variant, l.qty.value) for l in d.lines] == [(2, "", 1), (3, "Gói 100g", 2)]


def test_house_number_after_address_key_is_not_a_phone_key():
    d = draft_order("Đ/c: số 8 ngách 4, Hưng Yên. Sdt 0345678901. Lấy 1 túi long nhãn 250g", CATALOG)
    assert (d.address.value, d.phone.value) == ("số 8 ngách 4, Hưng Yên", "0345678901")
