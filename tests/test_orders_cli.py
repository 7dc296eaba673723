"""`binhdan orders …`: a draft is not saved without --confirm; add, status, book, customer export; errors exit 2."""
import json

from openpyxl import load_workbook

from app.auth import create_user
from app.cli import main
from app.db import session_scope
from app.orders.service import search_orders
from app.products import save_product


def _shop(sqlite_url):
    with session_scope() as s:
        u = create_user(s, "cuahang_cli", "matkhau123", "Cửa hàng", "business")
        s.flush()
        save_product(s, u.id, name="Mật ong rừng", price="250000")
        return u.id


def _orders(owner):
    with session_scope() as s:
        return [(o.seq, o.status, o.total) for o in search_orders(s, owner)]


def test_orders_commands(sqlite_url, tmp_path, capsys):
    owner = _shop(sqlite_url)
    assert main(["orders", "draft", "--shop", "cuahang_cli", "lấy 2 hũ mật ong rừng, sđt 0912345678",
                 "--rules-only"]) == 0
    assert _orders(owner) == []
    assert main(["orders", "draft", "--shop", "cuahang_cli", "lấy 2 hũ mật ong rừng, sđt 0912345678",
                 "--rules-only", "--confirm"]) == 0
    assert main(["orders", "add", "--shop", "cuahang_cli", "--item", "mat ong rung=1", "--channel", "stall",
                 "--payment", "cash", "--confirmed"]) == 0
    assert _orders(owner) == [(2, "confirmed", 250000), (1, "new", 500000)]
    assert main(["orders", "status", "--shop", "cuahang_cli", "DH000001", "confirmed"]) == 0
    assert main(["orders", "status", "--shop", "cuahang_cli", "DH000001", "new"]) == 2
    book = tmp_path / "so.xlsx"
    from datetime import datetime

    from tools.sales.orders import VN_TZ
    today = datetime.now(VN_TZ)
    assert main(["orders", "book", "--shop", "cuahang_cli", "--month", f"{today:%m/%Y}", "--out", str(book)]) == 0
    assert load_workbook(book).active.max_row > 10
    out = tmp_path / "khach.json"
    assert main(["orders", "customer", "export", "--shop", "cuahang_cli", "0912 345 678", "--out", str(out)]) == 0
    assert json.loads(out.read_text(encoding="utf-8"))["so_dien_thoai"] == "0912345678"
    assert main(["orders", "add", "--shop", "cuahang_cli", "--item", "Bánh gai=1"]) == 2
    assert main(["orders", "list", "--shop", "nobody"]) == 2
    assert "Lỗi" in capsys.readouterr().err
