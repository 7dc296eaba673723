"""A seller on a phone (390×844) takes ten orders from pasted chat messages, three taps each; every order's
VietQR code on screen is scanned and decoded; the month's revenue book is downloaded and opened."""
from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest
import zxingcpp
from openpyxl import load_workbook
from PIL import Image
from playwright.sync_api import expect

from tests.e2e.conftest import ROOT, login, open_page, screenshot, wait_idle
from tests.helpers import parse_payload

pytestmark = pytest.mark.e2e

SETUP = """
from sqlalchemy import select
from app.db import session_scope
from app.models import User
from app.products import save_product
from app.shop_profile import save_shop_profile
with session_scope() as s:
    uid = s.scalar(select(User.id).where(User.username == "cuahang"))
    save_shop_profile(s, uid, shop_name="Đặc sản Hoa Mỹ Hào", phone="0987654321", address="Phường Mỹ Hào, Hưng Yên",
                      bank_bin="970422", bank_account="0912345678", account_holder="NGUYEN THI HOA")
    save_product(s, uid, name="Long nhãn Hưng Yên", price="95000", variants="Túi 250g=95000 | Túi 500g=180000",
                 stock="40")
    save_product(s, uid, name="Mật ong rừng", price="250000", stock="20")
"""

MESSAGES = [
    ("chị lấy 2 hộp long nhãn 500g, ship về 12 Nguyễn Văn Linh, sđt 0912 345 678", 360000),
    ("Em ơi cho chị 1 mật ong rừng nhé, giao về xóm 3 Bần Yên Nhân, 0987 111 222", 250000),
    ("lay 3 tui long nhan 250g, dc: thon Dong, xa My Hao, sdt 0903334455", 285000),
    ("Cho mình 2 chai mật ong rừng và 1 túi long nhãn 500g. Địa chỉ: 45 Trần Phú. SĐT 0934 567 890", 680000),
    ("anh lấy hai hũ mật ong rừng, ship về 7 Lê Lợi, sđt +84 912 000 111", 500000),
    ("1 long nhãn hưng yên 250g giao đến chợ Bần nha, 0977 222 333", 95000),
    ("mat ong rung x2, giao ve 20 Nguyen Trai, sdt 0966.777.888", 500000),
    ("chị đặt 4 túi long nhãn 500g, gửi về trường THCS Mỹ Hào, sđt 0988 999 000", 720000),
    ("Lấy giúp em 1 mật ong rừng với 2 túi long nhãn 250g, ship về 3 Hoàng Hoa Thám, 0911 222 444", 440000),
    ("5 túi long nhãn 250g nhé, địa chỉ: thôn Trung, sđt 0922 333 555", 475000),
]


@pytest.fixture
def phone_page(browser, app_server, app_env):
    subprocess.run([sys.executable, "-c", SETUP], cwd=ROOT, env=app_env, check=True, capture_output=True)
    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True,
                                  has_touch=True, locale="vi-VN", accept_downloads=True)
    page = context.new_page()
    login(page, app_server, "cuahang", "cuahang123")
    yield page
    context.close()


def _decode(png: bytes) -> str:
    found = zxingcpp.read_barcodes(Image.open(io.BytesIO(png)).convert("L"))
    assert len(found) == 1
    return found[0].text


def test_ten_orders_on_a_phone(phone_page, app_server, tmp_path):
    page = phone_page
    open_page(page, app_server, "biz_orders")
    main = page.locator('[data-testid="stMain"]')
    for n, (message, total) in enumerate(MESSAGES, start=1):
        code = f"DH{n:06d}"
        box = main.get_by_label("Tin nhắn của khách")
        box.fill(message)                                               # tap 1: paste
        main.get_by_role("button", name="Đọc tin nhắn").click()         # tap 2
        save = main.get_by_role("button", name="Lưu đơn")
        expect(save).to_be_visible(timeout=30_000)
        if n == 1:
            screenshot(page, "biz-orders-phone-draft")
        save.click()                                                    # tap 3
        expect(main.get_by_text(f"Đã lưu đơn {code}")).to_be_visible(timeout=30_000)
        wait_idle(page)
        qr = main.locator('[data-testid="stImage"] img').first
        expect(qr).to_be_visible()
        got = parse_payload(_decode(qr.screenshot()))
        assert (got.bank_bin, got.account, got.amount, got.note, got.crc_ok) == (
            "970422", "0912345678", total, f"TT {code}", True), message
        if n == 1:
            screenshot(page, "biz-orders-phone-saved")

    main.get_by_role("tab", name="Sổ đơn hàng").click()
    wait_idle(page)
    expect(main.get_by_text("DH000010 · Đã xác nhận")).to_be_visible()
    screenshot(page, "biz-orders-phone-book")

    main.get_by_role("tab", name="Tồn kho & khách hàng").click()
    wait_idle(page)
    general = main.get_by_role("tabpanel", name="Tồn kho & khách hàng").locator('[data-testid="stImage"] img')
    expect(general).to_be_visible()
    got = parse_payload(_decode(general.screenshot()))
    assert (got.bank_bin, got.amount, got.dynamic, got.crc_ok) == ("970422", None, False, True)
    screenshot(page, "biz-orders-phone-stock")

    open_page(page, app_server, "biz_revenue")
    expect(page.locator('[data-testid="stMetricValue"]').first).to_have_text("4.305.000đ")
    screenshot(page, "biz-revenue-phone")
    page.get_by_role("button", name="Tạo sổ doanh thu (Excel)").click()
    wait_idle(page)
    with page.expect_download() as download:
        page.get_by_role("button", name="Tải so_doanh_thu").click()
    assert download.value.suggested_filename.endswith(".xlsx")
    ws = load_workbook(io.BytesIO(Path(download.value.path()).read_bytes())).active
    rows = [tuple(r) for r in ws.iter_rows(values_only=True)]
    header = next(i for i, r in enumerate(rows) if r[:3] == ("Ngày tháng", "Diễn giải", "Số tiền"))
    lines = rows[header + 2: header + 12]
    assert [r[2] for r in lines] == [t for _, t in MESSAGES]
    assert rows[header + 12][1:3] == ("Tổng cộng", sum(t for _, t in MESSAGES))

    page.set_viewport_size({"width": 1366, "height": 768})
    open_page(page, app_server, "biz_revenue")
    expect(page.locator('[data-testid="stVegaLiteChart"]').first).to_be_visible()
    screenshot(page, "biz-revenue-desktop")
    open_page(page, app_server, "biz_orders")
    screenshot(page, "biz-orders-desktop")
