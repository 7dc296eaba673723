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


SHEET_CSV = ("tên,giá,đặc điểm,thương hiệu,xuất xứ,khối lượng,kích thước,phân loại,thành phần,cách dùng,"
             "bảo quản,hạn sử dụng,mã sku,tồn kho,ảnh\n"
             'Long nhãn Hưng Yên,95000,sấy khô,Nhà Lan,Hưng Yên,250g,,"Túi 250g=95000 | Túi 500g=180.000đ",'
             "nhãn lồng,ăn trực tiếp,nơi khô ráo,6 tháng,LN-250,120,a.jpg|b.jpg\n")


def test_sheet_columns_are_read_with_vietnamese_headers():
    (product,) = read_products_csv(SHEET_CSV.encode("utf-8")).products
    assert [(v.name, v.price) for v in product.variants] == [("Túi 250g", 95000), ("Túi 500g", 180000)]
    assert (product.brand, product.origin, product.weight, product.ingredients, product.usage, product.storage,
            product.shelf_life, product.sku, product.stock, product.photos) == \
        ("Nhà Lan", "Hưng Yên", "250g", "nhãn lồng", "ăn trực tiếp", "nơi khô ráo", "6 tháng", "LN-250", 120,
         ("a.jpg", "b.jpg"))
    assert "dimensions" not in product.sheet_values()  # empty stays out
    assert "Hưng Yên" in product.seller_text() and "Túi 500g" in product.seller_text()


def test_variant_without_price_takes_the_main_price():
    p = Product.from_fields("Trà", "", "50000", variants="Gói nhỏ | Gói lớn=90k")
    assert [(v.name, v.price) for v in p.variants] == [("Gói nhỏ", 50000), ("Gói lớn", 90000)]
    assert Product.from_fields("Trà", "", "50000", variants=p.variants_text).variants == p.variants


@pytest.mark.parametrize("sheet", [{"variants": "Gói=abc"}, {"variants": "=5000"}, {"variants": "A=1000|a=2000"},
                                   {"stock": "-3"}, {"stock": "vài chục"}, {"photos": "|".join("x%d.jpg" % i
                                                                                                  for i in range(10))}])
def test_bad_sheet_values_are_refused_in_vietnamese(sheet):
    with pytest.raises(ProductError):
        Product.from_fields("Trà", "", "50000", **sheet)


def test_bad_sheet_row_is_reported_and_the_rest_read():
    text = "name,price,variants\nA,1000,X=abc\nB,2000,Y=3000\n"
    result = read_products_csv(text.encode())
    assert [p.name for p in result.products] == ["B"] and [e.line for e in result.errors] == [2]


def test_excel_question_marks_are_detected_not_printed():
    """Regression: English Excel saved "Bánh cốm Mễ Hào" as "Bánh c?m M? Hào"."""
    damaged = "name,price\nBánh c?m M? Hào,45000\n".encode("cp1252")
    with pytest.raises(CsvError) as err:
        read_products_csv(damaged)
    assert "CSV UTF-8" in str(err.value)
    ok = "name,price,photos,features\nTrà,1000,https://x.vn/a.jpg?w=800,Ăn gì? Uống trà\n".encode()
    assert read_products_csv(ok).products[0].photos == ("https://x.vn/a.jpg?w=800",)
