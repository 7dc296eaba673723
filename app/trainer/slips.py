"""Cut-out login slips: one card per learner (eight per A4 page, dashed cutting lines) with the class, the
name, the username, the one-time password, the site address and a QR code to the login page."""
from __future__ import annotations

import io
from dataclasses import dataclass

from app.config import public_url
from app.learning.certificates import qr_png
from app.trainer import documents
from tools.safe_text import cell  # names as text, as in every export

COLUMNS, ROWS = 2, 4
MARGIN_X, MARGIN_Y = 10.0, 10.0
CARD_W, CARD_H = 95.0, 66.0


@dataclass(frozen=True)
class Slip:
    full_name: str
    username: str
    password: str      # empty: the learner keeps the password they already have
    group: str = ""


def login_url() -> str:
    return f"{public_url()}/login"


def slips_pdf(slips: list[Slip], class_name: str, title: str = "Phiếu đăng nhập") -> bytes:
    """Cards to cut along the dashed lines; each says where to log in and that the password is changed at
    the first login."""
    pdf = documents.new_pdf(f"{title} — {class_name}")
    pdf.set_auto_page_break(False)
    url = login_url()
    qr = qr_png(url)
    for index, slip in enumerate(slips):
        spot = index % (COLUMNS * ROWS)
        if spot == 0 and index:
            pdf.add_page()
        top = 24.0 if pdf.page == 1 else MARGIN_Y
        x = MARGIN_X + (spot % COLUMNS) * CARD_W
        y = top + (spot // COLUMNS) * CARD_H
        pdf.set_draw_color(120, 120, 120)
        pdf.set_dash_pattern(dash=2, gap=1.5)
        pdf.rect(x, y, CARD_W, CARD_H)
        pdf.set_dash_pattern()
        pdf.set_text_color(20, 83, 45)
        pdf.set_font("vn", "B", 9)
        pdf.set_xy(x + 4, y + 3)
        pdf.multi_cell(CARD_W - 8, 4.2, f"BÌNH DÂN HỌC AI · {cell(class_name)}"[:90], new_x="LMARGIN", new_y="NEXT")
        pdf.set_text_color(30, 30, 30)
        pdf.set_font("vn", "B", 12)
        pdf.set_x(x + 4)
        pdf.multi_cell(CARD_W - 8, 6, cell(slip.full_name)[:60], new_x="LMARGIN", new_y="NEXT")
        if slip.group:
            pdf.set_font("vn", "", 8.5)
            pdf.set_x(x + 4)
            pdf.cell(CARD_W - 8, 4.5, cell(slip.group)[:60], new_x="LMARGIN", new_y="NEXT")
        text_w = CARD_W - 40
        pdf.set_font("vn", "", 9)
        pdf.set_x(x + 4)
        pdf.cell(text_w, 5, "Tên đăng nhập:", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("vn", "B", 12)
        pdf.set_x(x + 4)
        pdf.cell(text_w, 6, slip.username, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("vn", "", 9)
        pdf.set_x(x + 4)
        pdf.cell(text_w, 5, "Mật khẩu dùng một lần:" if slip.password else "Mật khẩu:", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("vn", "B", 12 if slip.password else 9)
        pdf.set_x(x + 4)
        pdf.cell(text_w, 6, slip.password or "(dùng mật khẩu đang có)", new_x="LMARGIN", new_y="NEXT")
        pdf.image(io.BytesIO(qr), x=x + CARD_W - 35, y=y + CARD_H - 46, w=30, h=30)
        pdf.set_font("vn", "", 7.5)
        pdf.set_xy(x + 4, y + CARD_H - 14)
        note = "Đăng nhập rồi đặt mật khẩu mới ngay. " if slip.password else ""
        pdf.multi_cell(CARD_W - 8, 3.5, f"{note}Vào trang: {url} (hoặc quét mã QR).", align="L",
                       new_x="LMARGIN", new_y="NEXT")
    return documents.output(pdf)
