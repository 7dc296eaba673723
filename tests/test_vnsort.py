"""Vietnamese alphabetical order of real names (Đ after D, Ơ after Ô, tones only break ties)."""
import random

import pytest

from tests.helpers import vi_sorted
from tools.vnsort import vi_key, vi_string_key

# A ward roster in the order a Vietnamese reader expects.
ORDERED = ["An Văn Bình", "Âu Thị Hà", "Bùi Thị Thu", "Dương Văn Tú", "Đặng Thị Mai", "Đinh Công Sơn",
           "Đỗ Văn Dũng", "Hà Thị Lan", "Hồ Văn Nam", "Lê Thị Bình", "Ngô Thị Hạnh", "Ngô Thị Hằng",
           "Nguyễn Thị Hoa", "Nguyễn Văn An", "Nguyễn Văn Ánh", "Phạm Minh Chi", "Trần Văn Bảo",
           "Trương Thị Ơn", "Vũ Thị Hằng"]


def test_real_names_sort_in_vietnamese_order():
    shuffled = ORDERED[:]
    random.Random(7).shuffle(shuffled)
    assert vi_sorted(shuffled) == ORDERED


@pytest.mark.parametrize("before,after", [("Dương", "Đặng"), ("Ngô", "Nguyễn"), ("An", "Ân"), ("Anh", "Ân"),
                                          ("Ô", "Ơ"), ("U", "Ư"), ("Ư", "V"), ("a", "à"), ("à", "ả"), ("ả", "ã"),
                                          ("ã", "á"), ("á", "ạ"), ("ha", "Ha"), ("An", "An Bình")])
def test_pairs(before, after):
    assert vi_key(before) < vi_key(after)


def test_missing_names_last_and_nfc_equals_nfd():
    import unicodedata
    assert vi_sorted([None, "Vũ", "An"]) == ["An", "Vũ", None]
    assert vi_key(unicodedata.normalize("NFD", "Nguyễn")) == vi_key("Nguyễn")


def test_same_order_as_icu_where_installed():
    icu = pytest.importorskip("icu")
    collator = icu.Collator.createInstance(icu.Locale("vi_VN"))
    assert sorted(ORDERED, key=collator.getSortKey) == vi_sorted(ORDERED)


def test_same_order_as_icu_on_ten_thousand_names():
    """Every family name x middle name x given name (tones, ă/â/ê/ô/ơ/ư/đ, "Hòa"/"Hoà" spellings)."""
    icu = pytest.importorskip("icu")
    collator = icu.Collator.createInstance(icu.Locale("vi_VN"))
    family = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô",
              "Dương", "Lý", "Âu", "Ưng", "Ông", "Ơn", "Đinh", "Đoàn", "Tạ", "Tô", "Từ", "Phan"]
    middle = ["Văn", "Thị", "Hữu", "Đức", "Minh", "Thu", "Thanh", "Ngọc", "Xuân", "Quốc", "Ánh", "Ấn", "Ẩn", "Ẫn",
              "Ận", "Ầm"]
    given = ["An", "Ân", "Anh", "Ánh", "Bình", "Hà", "Hạ", "Hải", "Hằng", "Hạnh", "Hoa", "Hòa", "Hoà", "Hỏa",
             "Dũng", "Dung", "Đông", "Uyên", "Ửng", "Ưu", "Yến", "Ý", "Ỷ", "Ỹ", "Ỵ", "Ỳ"]
    names = [f"{a} {b} {c}" for a in family for b in middle for c in given]
    random.Random(1).shuffle(names)
    assert sorted(names, key=collator.getSortKey) == vi_sorted(names)


def test_one_string_key_gives_the_same_order():
    shuffled = ORDERED + ["An", "An Bình", "Anh", "ha", "Ha", None]
    random.Random(3).shuffle(shuffled)
    assert sorted(shuffled, key=vi_string_key) == vi_sorted(shuffled)
