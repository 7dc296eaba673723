"""Product fields, prices and the products CSV reader (encodings, bad rows, bad files)."""
import pytest

from tests.helpers_cp1258 import encode_cp1258
from tools.money import format_vnd
from tools.product import CsvError, Product, ProductError, parse_price, read_products_csv, split_features

HEADER = "name,category,price,features,audience\n"
ROWS = ('Mật ong rừng,Thực phẩm,"250.000đ","nguyên chất;chai 500ml",gia đình\n'
        "Nón lá Huế,Thủ công,120000,lá cọ;vành rộng,du khách\n")


@pytest.mark.parametrize("raw,expected", [
    ("45000", 45000), ("45.000đ", 45000), ("45.000 ₫", 45000), ("45000 VND", 45000), ("45,000 vnđ", 45000),
    ("45k", 45000), ("1.250.000", 1250000), (" 12000 đồng ", 12000), (45000, 45000), (45000.0, 45000),
])
def test_parse_price_accepts_what_sellers_type(raw, expected):
    assert parse_price(raw) == expected


@pytest.mark.parametrize("raw", ["", "abc", "45.5", "-3", "0", "12.34.5", True, 4.5])
def test_parse_price_refuses_in_vietnamese(raw):
    with pytest.raises(ProductError) as err:
        parse_price(raw)
    assert "giá" in str(err.value).lower()


def test_money_format_is_vietnamese():
    assert format_vnd(45000) == "45.000đ"
    assert format_vnd(1250000) == "1.250.000đ"
    assert format_vnd(500) == "500đ"


def test_fields_are_nfc_and_features_split():
    decomposed = "Ma\u0302\u0323t ong"  # "Mật ong" typed with combining marks
    p = Product.from_fields(decomposed, "Thực phẩm", "50000", " nguyên chất ; ;chai 500ml;Nguyên chất ")
    assert p.name == "Mật ong"
    assert p.features == ("nguyên chất", "chai 500ml")
    assert split_features("a\nb;c") == ("a", "b", "c")


@pytest.mark.parametrize("prefix,encode", [
    ("", lambda s: s.encode("utf-8")),
    ("\ufeff", lambda s: s.encode("utf-8")),
    ("", encode_cp1258),
    ("\ufeff", lambda s: s.encode("utf-16")),
])
def test_csv_encodings(prefix, encode):
    result = read_products_csv(encode(prefix + HEADER + ROWS))
    assert [p.name for p in result.products] == ["Mật ong rừng", "Nón lá Huế"]
    assert result.products[0].price == 250000 and result.products[0].features == ("nguyên chất", "chai 500ml")
    assert not result.errors


def test_bad_rows_are_reported_and_others_still_read(tmp_path):
    path = tmp_path / "sp.csv"
    path.write_text(HEADER + ",Thực phẩm,1000,,\nTrà xanh,Đồ uống,miễn phí,,\n" + ROWS
                    + "Bánh,Đồ ăn,5000,giòn,trẻ em,thừa ô\n", encoding="utf-8")
    result = read_products_csv(path)
    assert [p.name for p in result.products] == ["Mật ong rừng", "Nón lá Huế"]
    assert [e.line for e in result.errors] == [2, 3, 6]
    assert "tên" in str(result.errors[0]).lower() and "Dòng 3" in str(result.errors[1])


def test_semicolon_csv_and_vietnamese_headers():
    text = 'Tên sản phẩm;Giá;Đặc điểm;Kênh\nTương Bần;45.000đ;"chai 500ml;ủ chum";zalo\n'
    result = read_products_csv(text.encode())
    assert result.products == [Product("Tương Bần", "", 45000, ("chai 500ml", "ủ chum"), "", "zalo")]


@pytest.mark.parametrize("raw,needle", [
    (b"", "trống"), (b"ma,mota\nA,1\n", "Thiếu cột"), (b"\x81\x8d\x8f\x90\x9d" * 5, "UTF-8"),
])
def test_unreadable_files_are_refused_clearly(raw, needle):
    with pytest.raises(CsvError) as err:
        read_products_csv(raw)
    assert needle in str(err.value)


def test_missing_file_is_refused(tmp_path):
    with pytest.raises(CsvError):
        read_products_csv(tmp_path / "khong-co.csv")
