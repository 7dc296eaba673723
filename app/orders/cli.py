"""`binhdan orders …`: the sales book from the command line (same domain functions as the Orders page)."""
from __future__ import annotations

import argparse
import sys
from datetime import date, datetime
from pathlib import Path

from tools.money import format_vnd
from tools.sales.orders import CHANNELS, PAYMENTS, STATUSES, format_time, order_code


class CliError(Exception):
    pass


def _date(text: str) -> date:
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            pass
    raise argparse.ArgumentTypeError(f"ngày “{text}” không đúng, ví dụ 20/11/2026")


def _month(text: str) -> tuple[int, int]:
    for fmt in ("%Y-%m", "%m/%Y"):
        try:
            d = datetime.strptime(text, fmt)
            return d.year, d.month
        except ValueError:
            pass
    raise argparse.ArgumentTypeError(f"tháng “{text}” không đúng, ví dụ 11/2026")


def _seller(session, username: str) -> int:
    from sqlalchemy import select

    from app.models import User
    user = session.scalar(select(User).where(User.username == username))
    if user is None or user.role != "business":
        raise CliError(f"Không có tài khoản hộ kinh doanh “{username}”.")
    return user.id


def _print_order(o) -> None:
    paid = "đã trả" if o.paid else "chưa trả"
    print(f"{order_code(o.seq)}  {format_time(o.created_at)}  {STATUSES[o.status]:<12} {format_vnd(o.total):>12}  "
          f"{CHANNELS.get(o.channel, o.channel)} · {PAYMENTS.get(o.payment, o.payment)} ({paid})  "
          f"{o.customer_name} {o.customer_phone}")
    for i in o.items:
        print(f"      {i.qty} × {i.name}{' (' + i.variant + ')' if i.variant else ''} @ {format_vnd(i.unit_price)}")


def _mark(field) -> str:
    return " (đoán)" if field.guess and field.value else ""


def _run(args: argparse.Namespace) -> int:
    from app.db import migrate, session_scope
    from app.orders import documents, drafts, privacy, revenue, service
    from app.orders.catalog import catalog
    from tools.textnorm import fold
    migrate()
    with session_scope() as s:
        owner = _seller(s, args.shop)
        cmd = args.orders_command
        if cmd == "draft":
            d = drafts.draft_from_message(s, owner, args.message, use_model=not args.rules_only)
            print(f"Khách: {d.name.value or '—'}{_mark(d.name)}   ĐT: {d.phone.value or '—'}{_mark(d.phone)}")
            print(f"Địa chỉ: {d.address.value or '—'}{_mark(d.address)}")
            for line in d.lines:
                guess = " (đoán: " + (line.match.note or line.qty.note) + ")" if line.match.guess or line.qty.guess else ""
                print(f"  {line.qty.value} × {line.name}{' — ' + line.variant if line.variant else ''} "
                      f"@ {format_vnd(line.unit_price)}{guess}")
            for text in d.unmatched:
                print(f"  ? không thấy sản phẩm đã lưu cho: “{text}”")
            if not d.lines:
                print("Không nhận ra sản phẩm nào trong sản phẩm đã lưu.")
                return 2
            if not args.confirm:
                print("Chưa lưu. Kiểm tra rồi chạy lại với --confirm để lưu đơn.")
                return 0
            order = service.create_order(s, owner, drafts.draft_to_input(d, args.channel, args.payment))
            print(f"Đã lưu đơn {order_code(order.seq)}, tổng {format_vnd(order.total)}.")
        elif cmd == "add":
            items = []
            sheet = catalog(s, owner)
            for spec in args.item:
                label, _, qty = spec.rpartition("=")
                label = label or spec
                name, _, variant = label.partition("|")
                match = [c for c in sheet if fold(c.name) == fold(name.strip())
                         and (not variant or fold(c.variant) == fold(variant.strip()))]
                if not match:
                    raise CliError(f"Không có sản phẩm đã lưu “{label}”. Dùng “Tên|Loại=SL”, ví dụ “Long nhãn|Túi 500g=2”.")
                c = match[0]
                items.append(service.ItemInput(c.name, c.price, int(qty or 1) if (qty or "1").isdigit() else -1,
                                               c.variant, c.product_id))
            order = service.create_order(s, owner, service.OrderInput(
                customer_name=args.customer, customer_phone=args.phone, customer_address=args.address,
                items=items, discount=args.discount, shipping_fee=args.shipping, channel=args.channel,
                payment=args.payment, note=args.note, status="confirmed" if args.confirmed else "new"))
            _print_order(order)
        elif cmd == "list":
            rows = service.search_orders(s, owner, day=args.day, status=args.status, customer=args.customer or "",
                                         limit=args.limit)
            for o in rows:
                _print_order(o)
            print(f"{len(rows)} đơn.")
        elif cmd == "status":
            o = service.set_status(s, owner, service.find_order(s, owner, args.code).id, args.status)
            print(f"{order_code(o.seq)}: {STATUSES[o.status]}.")
        elif cmd == "paid":
            o = service.set_paid(s, owner, service.find_order(s, owner, args.code).id, not args.unpaid)
            print(f"{order_code(o.seq)}: {'đã' if o.paid else 'chưa'} thanh toán.")
        elif cmd == "slip":
            o = service.find_order(s, owner, args.code)
            data = documents.order_slip_pdf(s, owner, o.id, args.paper)
            Path(args.out).write_bytes(data)
            print(f"Đã ghi phiếu {order_code(o.seq)} vào {args.out}.")
        elif cmd == "qr":
            if args.code:
                o = service.find_order(s, owner, args.code)
                payload, why = documents.order_qr(s, owner, o)
                if payload is None:
                    raise CliError(why or "Đơn này không cần mã chuyển khoản (đã trả hoặc không trả bằng chuyển khoản).")
            else:
                payload = documents.general_qr(s, owner)
            from tools.sales.vietqr import qr_png
            Path(args.out).write_bytes(qr_png(payload))
            print(f"Đã ghi mã VietQR vào {args.out}.")
        elif cmd == "revenue":
            r = revenue.revenue_report(s, owner, args.date_from, args.date_to)
            for p in (r.today, r.week, r.month):
                print(f"{p.label:<10} {p.orders:>5} đơn  {format_vnd(p.revenue):>14}")
            print(f"Từ {r.start:%d/%m/%Y} đến {r.end:%d/%m/%Y}:")
            for label, n, money in r.by_channel:
                print(f"  {label:<14} {n:>5} đơn  {format_vnd(money):>14}")
            for name, qty, money in r.by_product[:20]:
                print(f"  {name:<30} {qty:>5}  {format_vnd(money):>14}")
        elif cmd == "book":
            year, month = args.month
            _, data = revenue.month_book(s, owner, year, month)
            Path(args.out).write_bytes(data)
            print(f"Đã ghi sổ doanh thu tháng {month:02d}/{year} vào {args.out}.")
        elif cmd == "low-stock":
            rows = service.low_stock(s, owner, args.level)
            for r in rows:
                print(f"  {r.stock:>6}  {r.name}")
            print(f"{len(rows)} sản phẩm sắp hết hàng.")
        elif cmd == "customer":
            if args.action == "export":
                data = privacy.export_customer(s, owner, args.phone)
                Path(args.out or "khach_hang.json").write_bytes(data)
                print(f"Đã xuất thông tin khách vào {args.out or 'khach_hang.json'}.")
            else:
                n = privacy.erase_customer(s, owner, args.phone)
                print(f"Đã xóa thông tin cá nhân của khách khỏi {n} đơn.")
        elif cmd == "anonymise":
            if args.days is not None:
                st = service.settings(s, owner)
                service.save_settings(s, owner, anonymise_after_days=args.days, low_stock_level=st.low_stock_level)
            n = privacy.anonymise_old_orders(s, owner)
            print(f"Đã xóa thông tin cá nhân khỏi {n} đơn cũ.")
    return 0


def _cmd(args: argparse.Namespace) -> int:
    from app.orders.service import OrderError
    from tools.sales.vietqr import VietQRError
    try:
        return _run(args)
    except (CliError, OrderError, VietQRError) as exc:
        print(f"Lỗi: {exc}", file=sys.stderr)
        return 2


def add_commands(sub) -> None:
    p = sub.add_parser("orders", help="sổ bán hàng: đơn hàng, mã VietQR, phiếu đơn, doanh thu, sổ doanh thu")
    orders = p.add_subparsers(dest="orders_command", required=True)

    def cmd(name: str, help: str) -> argparse.ArgumentParser:
        q = orders.add_parser(name, help=help)
        q.add_argument("--shop", required=True, help="tên đăng nhập của hộ kinh doanh")
        q.set_defaults(func=_cmd)
        return q

    def money_args(q):
        q.add_argument("--channel", default="zalo", choices=list(CHANNELS), help="kênh bán (mặc định zalo)")
        q.add_argument("--payment", default="transfer", choices=list(PAYMENTS), help="cách trả tiền")

    q = cmd("draft", "dán tin nhắn Zalo/Facebook, ra đơn nháp (chỉ lưu khi có --confirm)")
    q.add_argument("message")
    q.add_argument("--confirm", action="store_true", help="lưu đơn sau khi xem")
    q.add_argument("--rules-only", action="store_true", help="không hỏi máy chủ mô hình")
    money_args(q)
    q = cmd("add", "thêm đơn hàng")
    q.add_argument("--item", action="append", required=True, help="“Tên|Loại=SL”, ví dụ “Long nhãn Hưng Yên|Túi 500g=2”")
    q.add_argument("--customer", default="")
    q.add_argument("--phone", default="")
    q.add_argument("--address", default="")
    q.add_argument("--discount", type=int, default=0)
    q.add_argument("--shipping", type=int, default=0)
    q.add_argument("--note", default="")
    q.add_argument("--confirmed", action="store_true", help="đơn đã xác nhận (trừ tồn kho ngay)")
    money_args(q)
    q = cmd("list", "xem đơn theo ngày, trạng thái, khách")
    q.add_argument("--day", type=_date)
    q.add_argument("--status", choices=list(STATUSES))
    q.add_argument("--customer", help="tên (không cần dấu) hoặc số điện thoại")
    q.add_argument("--limit", type=int, default=50)
    q = cmd("status", "đổi trạng thái đơn")
    q.add_argument("code")
    q.add_argument("status", choices=list(STATUSES))
    q = cmd("paid", "ghi đơn đã thanh toán")
    q.add_argument("code")
    q.add_argument("--unpaid", action="store_true")
    q = cmd("slip", "in phiếu đơn hàng PDF (A5 hoặc giấy in nhiệt 80 mm)")
    q.add_argument("code")
    q.add_argument("--paper", default="a5", choices=["a5", "80mm"])
    q.add_argument("--out", required=True)
    q = cmd("qr", "mã VietQR: của một đơn (đúng số tiền) hoặc mã chung không có số tiền")
    q.add_argument("code", nargs="?")
    q.add_argument("--out", required=True, help="tệp PNG")
    q = cmd("revenue", "doanh thu hôm nay, tuần này, tháng này, theo kênh và sản phẩm")
    q.add_argument("--from", dest="date_from", type=_date)
    q.add_argument("--to", dest="date_to", type=_date)
    q = cmd("book", "sổ doanh thu (mẫu S1a-HKD) của một tháng, tệp XLSX")
    q.add_argument("--month", type=_month, required=True, help="ví dụ 11/2026")
    q.add_argument("--out", required=True)
    q = cmd("low-stock", "sản phẩm sắp hết hàng")
    q.add_argument("--level", type=int)
    q = cmd("customer", "thông tin của một khách: xuất hoặc xóa theo yêu cầu")
    q.add_argument("action", choices=["export", "erase"])
    q.add_argument("phone")
    q.add_argument("--out")
    q = cmd("anonymise", "xóa thông tin cá nhân khỏi đơn cũ hơn thời hạn đã đặt")
    q.add_argument("--days", type=int, help="đặt thời hạn (ngày) trước khi xóa")
