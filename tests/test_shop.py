"""The shop profile: cleaning, checks and the --shop YAML file."""
import pytest

from tools.shop import ShopError, ShopProfile, canonical_phone, load_shop


def test_yaml_with_vietnamese_keys(tmp_path):
    path = tmp_path / "shop.yaml"
    path.write_text("Tên shop: Đặc sản Nhà Lan\nSố điện thoại: 0912 345 678\nZalo: 0912345678\n"
                    "địa chỉ: 12 Nguyễn Văn Linh, Hưng Yên\ngiao hàng: toàn quốc\n"
                    "đổi trả: đổi trong 3 ngày nếu hàng lỗi\nbank_bin: 970436\nstk: '0123456789'\n", encoding="utf-8")
    shop = load_shop(path)
    assert shop.phone == "0912345678" and shop.bank_bin == "970436" and shop.bank_account == "0123456789"
    lines = shop.contact_lines()
    assert lines[0] == "Đặc sản Nhà Lan" and sum("0912345678" in ln for ln in lines) == 1


@pytest.mark.parametrize("text", ["shop: [a, b", "- a\n- b\n", "mau sac: đỏ\n"])
def test_bad_yaml_is_a_vietnamese_error(tmp_path, text):
    path = tmp_path / "shop.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ShopError):
        load_shop(path)


def test_missing_file(tmp_path):
    with pytest.raises(ShopError):
        load_shop(tmp_path / "nope.yaml")


@pytest.mark.parametrize("raw,ok", [("0912 345 678", "0912345678"), ("+84912345678", "0912345678"),
                                    ("84912345678", "0912345678"), ("091.234.5678", "0912345678")])
def test_phone_forms(raw, ok):
    assert canonical_phone(raw) == ok


@pytest.mark.parametrize("fields", [{"phone": "12345"}, {"bank_bin": "9704", "bank_account": "1234"},
                                    {"bank_bin": "123456", "bank_account": "1234"},
                                    {"bank_bin": "970436"}, {"facebook": "trang của tôi"}])
def test_bad_fields(fields):
    with pytest.raises(ShopError):
        ShopProfile.from_fields(**fields)


def test_bank_must_be_in_the_napas_list():
    from tools.sales.vietqr import bank_by_bin
    assert ShopProfile.from_fields(bank_bin="vietcombank", bank_account="0123").bank_bin == "970436"
    assert ShopProfile.from_fields(bank_bin=" MB Bank ", bank_account="0123").bank_bin == "970422"
    assert bank_by_bin("123456") is None
    with pytest.raises(ShopError, match="NAPAS"):
        ShopProfile.from_fields(bank_bin="123456", bank_account="0123")
