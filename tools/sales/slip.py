"""The order slip (phiếu đơn hàng) as an A5 PDF: shop, customer, items, totals in numbers and words,
payment state and the VietQR code. It says plainly that it is not an e-invoice."""
from __future__ import annotations

import io

from fpdf import FPDF

from tools.money import format_vnd
from tools.sales.notices import notice
from tools.sales.orders import CHANNELS, PAYMENTS, STATUSES, SlipData, amount_words, format_time
from tools.sales.vietqr import qr_png
from tools.textnorm import nfc
from tools.video.fonts import regular_and_bold

WIDTH, HEIGHT, MARGIN = 148, 210, 10  # A5 portrait, mm


def slip_pdf(slip: SlipData) -> bytes:
    regular, bold = regular_and_bold()
    pdf = FPDF(orientation="P", unit="mm", format=(WIDTH, HEIGHT))
    pdf.set_margins(MARGIN, MARGIN, MARGIN)
    pdf.set_auto_page_break(True, margin=14)
    pdf.add_font("vn", "", str(regular))
    pdf.add_font("vn", "B", str(bold))
    pdf.set_title(f"Phiếu đơn hàng {slip.code}")
    pdf.add_page()
    inner = WIDTH - 2 * MARGIN

    def text(value: str, size: float = 9, style: str = "", align: str = "L", h: float = 4.6, w: float = 0):
        pdf.set_font("vn", style, size)
        pdf.multi_cell(w or inner, h, nfc(value), align=align, new_x="LMARGIN", new_y="NEXT")

    # Shop
    text(slip.shop_name or "Cửa hàng", 13, "B")
    shop_bits = [b for b in (slip.shop_address, f"ĐT/Zalo: {slip.shop_phone}" if slip.shop_phone else "") if b]
    if shop_bits:
        text(" · ".join(shop_bits), 8.5)
    pdf.ln(2)
    text(f"PHIẾU ĐƠN HÀNG {slip.code}", 14, "B", "C", 7)
    text(f"Ngày đặt: {format_time(slip.created_at)} · Kênh: {CHANNELS.get(slip.channel, slip.channel)}"
         f" · Trạng thái: {STATUSES.get(slip.status, slip.status)}", 8.5, "", "C")
    pdf.ln(2)
    # Customer
    text(f"Người nhận: {slip.customer_name or '—'}" + (f" · ĐT: {slip.customer_phone}" if slip.customer_phone else ""),
         9.5, "B")
    if slip.customer_address:
        text(f"Địa chỉ: {slip.customer_address}", 9)
    pdf.ln(2)
    # Items
    cols = (8, 60, 14, 22, 24)  # STT, item, qty, unit price, amount
    pdf.set_font("vn", "B", 8.5)
    pdf.set_fill_color(235, 242, 235)
    for w, head in zip(cols, ("STT", "Hàng hóa", "SL", "Đơn giá", "Thành tiền")):
        pdf.cell(w, 6, head, border=1, align="C", fill=True)
    pdf.ln()
    pdf.set_font("vn", "", 8.5)
    for i, line in enumerate(slip.lines, start=1):
        label = nfc(line.label)
        lines_needed = max(1, len(pdf.multi_cell(cols[1], 4.6, label, dry_run=True, output="LINES")))
        h = 4.6 * lines_needed + 1.4
        if pdf.get_y() + h > HEIGHT - 20:
            pdf.add_page()
        x, y = pdf.get_x(), pdf.get_y()
        pdf.cell(cols[0], h, str(i), border=1, align="C")
        pdf.multi_cell(cols[1], h / lines_needed, label, border=1, new_x="RIGHT", new_y="TOP")
        pdf.set_xy(x + cols[0] + cols[1], y)
        pdf.cell(cols[2], h, str(line.qty), border=1, align="C")
        pdf.cell(cols[3], h, format_vnd(line.unit_price), border=1, align="R")
        pdf.cell(cols[4], h, format_vnd(line.total), border=1, align="R")
        pdf.ln()
    t = slip.totals
    rows = [("Tiền hàng", t.subtotal)]
    if t.discount:
        rows.append(("Giảm giá", -t.discount))
    if t.shipping_fee:
        rows.append(("Phí giao hàng", t.shipping_fee))
    for label, value in rows:
        pdf.set_font("vn", "", 9)
        pdf.cell(sum(cols[:4]), 5.5, label, align="R")
        pdf.cell(cols[4], 5.5, ("-" if value < 0 else "") + format_vnd(abs(value)), align="R")
        pdf.ln()
    pdf.set_font("vn", "B", 11)
    pdf.cell(sum(cols[:4]), 7, "TỔNG CỘNG", align="R")
    pdf.cell(cols[4], 7, format_vnd(t.total), align="R")
    pdf.ln()
    text(f"Bằng chữ: {amount_words(t.total)}.", 9, "", "L")
    pdf.ln(1)
    paid = "ĐÃ THANH TOÁN" if slip.paid else "CHƯA THANH TOÁN"
    text(f"Thanh toán: {PAYMENTS.get(slip.payment, slip.payment)} — {paid}", 10, "B")
    if slip.note:
        text(f"Ghi chú: {slip.note}", 8.5)
    # QR for a bank transfer that is still owed
    if slip.qr_payload:
        size = 38
        if pdf.get_y() + size + 14 > HEIGHT - 12:
            pdf.add_page()
        y = pdf.get_y() + 2
        pdf.image(io.BytesIO(qr_png(slip.qr_payload, box_size=6)), x=MARGIN, y=y, w=size, h=size)
        pdf.set_xy(MARGIN + size + 4, y + 2)
        lines = ["Quét mã VietQR bằng ứng dụng ngân hàng:", f"Ngân hàng: {slip.bank_label}",
                 f"Số tài khoản: {slip.bank_account}", f"Chủ tài khoản: {slip.account_holder}",
                 f"Số tiền: {format_vnd(t.total)}", f"Nội dung: {slip.extra.get('note', '')}"]
        for j, value in enumerate(lines):
            pdf.set_font("vn", "B" if j == 0 else "", 8.5)
            pdf.set_x(MARGIN + size + 4)
            pdf.multi_cell(inner - size - 4, 4.6, nfc(value), new_x="LMARGIN", new_y="NEXT")
        pdf.set_y(max(pdf.get_y(), y + size + 2))
    pdf.ln(2)
    text(notice("not_einvoice"), 8, "B", "C")
    return bytes(pdf.output())


THERMAL_WIDTH, THERMAL_MARGIN = 80, 4  # 80 mm roll, about 72 mm printable


def thermal_slip_pdf(slip: SlipData) -> bytes:
    """The same slip for an 80 mm thermal printer: one long page, one column, the QR centred."""
    regular, bold = regular_and_bold()
    height = 112 + 9 * len(slip.lines) + (48 if slip.qr_payload else 0)
    pdf = FPDF(orientation="P", unit="mm", format=(THERMAL_WIDTH, height))
    pdf.set_margins(THERMAL_MARGIN, THERMAL_MARGIN, THERMAL_MARGIN)
    pdf.set_auto_page_break(False)
    pdf.add_font("vn", "", str(regular))
    pdf.add_font("vn", "B", str(bold))
    pdf.set_title(f"Phiếu đơn hàng {slip.code}")
    pdf.add_page()
    inner = THERMAL_WIDTH - 2 * THERMAL_MARGIN

    def text(value: str, size: float = 8, style: str = "", align: str = "L", h: float = 3.8):
        pdf.set_font("vn", style, size)
        pdf.multi_cell(inner, h, nfc(value), align=align, new_x="LMARGIN", new_y="NEXT")

    def pair(left: str, right: str, size: float = 8, style: str = ""):
        pdf.set_font("vn", style, size)
        pdf.cell(inner * 0.55, 4.2, nfc(left))
        pdf.cell(inner * 0.45, 4.2, nfc(right), align="R", new_x="LMARGIN", new_y="NEXT")

    def rule():
        pdf.ln(1)
        pdf.line(THERMAL_MARGIN, pdf.get_y(), THERMAL_WIDTH - THERMAL_MARGIN, pdf.get_y())
        pdf.ln(1.5)

    text(slip.shop_name or "Cửa hàng", 11, "B", "C", 5)
    for bit in (slip.shop_address, f"ĐT/Zalo: {slip.shop_phone}" if slip.shop_phone else ""):
        if bit:
            text(bit, 7.5, "", "C")
    rule()
    text(f"PHIẾU ĐƠN HÀNG {slip.code}", 10, "B", "C", 5)
    text(f"{format_time(slip.created_at)} · {CHANNELS.get(slip.channel, slip.channel)}", 7.5, "", "C")
    text(f"Người nhận: {slip.customer_name or '—'}" + (f" · {slip.customer_phone}" if slip.customer_phone else ""), 8, "B")
    if slip.customer_address:
        text(f"Địa chỉ: {slip.customer_address}", 8)
    rule()
    for line in slip.lines:
        text(line.label, 8, "B")
        pair(f"  {line.qty} × {format_vnd(line.unit_price)}", format_vnd(line.total))
    rule()
    t = slip.totals
    pair("Tiền hàng", format_vnd(t.subtotal))
    if t.discount:
        pair("Giảm giá", "-" + format_vnd(t.discount))
    if t.shipping_fee:
        pair("Phí giao hàng", format_vnd(t.shipping_fee))
    pair("TỔNG CỘNG", format_vnd(t.total), 10, "B")
    text(f"Bằng chữ: {amount_words(t.total)}.", 7.5)
    text(f"{PAYMENTS.get(slip.payment, slip.payment)} — {'ĐÃ THANH TOÁN' if slip.paid else 'CHƯA THANH TOÁN'}", 8.5, "B")
    if slip.qr_payload:
        size = 40
        y = pdf.get_y() + 2
        pdf.image(io.BytesIO(qr_png(slip.qr_payload, box_size=6)), x=(THERMAL_WIDTH - size) / 2, y=y, w=size, h=size)
        pdf.set_y(y + size + 1)
        text(f"{slip.bank_label} · {slip.bank_account} · {slip.account_holder}", 7.5, "", "C")
        text(f"Nội dung: {slip.extra.get('note', '')}", 7.5, "", "C")
    rule()
    text(notice("not_einvoice"), 7, "B", "C")
    return bytes(pdf.output())
