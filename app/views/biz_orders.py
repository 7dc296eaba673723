"""Đơn hàng: paste a chat message → draft → save (three taps on a phone); the sales book with filters,
status changes, payment, VietQR and the order slip; low stock; customers' data on request."""

import streamlit as st

from app.db import session_scope
from app.orders.catalog import catalog
from app.orders.documents import general_qr, order_qr, order_slip_pdf
from app.orders.drafts import draft_from_message, draft_to_input
from app.orders.privacy import anonymise_old_orders, erase_customer, export_customer
from app.orders.service import (
    ItemInput, OrderError, create_order, get_order, low_stock, save_settings, search_orders, set_paid, set_status, settings,
)
from app.ui.session import guard
from tools.money import format_vnd
from tools.sales.notices import notice
from tools.sales.orders import CHANNELS, NEXT_STATUS, PAYMENTS, STATUSES, format_time, order_code
from tools.safe_text import md
from tools.sales.vietqr import VietQRError, qr_png
from app.ui.keys import BizOrders as K

user = guard(__file__)
st.title("Đơn hàng")

with session_scope() as s:
    items = catalog(s, user.id)

if not items:
    st.info("Bạn chưa lưu sản phẩm nào. Vào “Sản phẩm của tôi” để thêm sản phẩm, rồi quay lại nhận đơn.")

GUESS = "⚠️ đoán"


def _saved_card(order_id: int) -> None:
    """The order just saved or opened: total, QR for the transfer, slip."""
    with session_scope() as s:
        order = get_order(s, user.id, order_id)
        payload, why = order_qr(s, user.id, order)
        pdf = order_slip_pdf(s, user.id, order.id)
        roll = order_slip_pdf(s, user.id, order.id, "80mm")
        code, total = order_code(order.seq), order.total
    st.success(f"Đã lưu đơn {code} — {format_vnd(total)}.")
    if payload:
        st.image(qr_png(payload), caption=f"Quét VietQR: {format_vnd(total)}, nội dung “TT {code}”", width=220)
    elif why:
        st.caption(why)
    a5, thermal = st.columns(2)
    a5.download_button("Tải phiếu đơn hàng (PDF)", pdf, file_name=f"{code}.pdf", mime="application/pdf",
                       key=K.SLIP_NEW.format(order_id), icon=":material/receipt_long:")
    thermal.download_button("Phiếu in nhiệt 80 mm", roll, file_name=f"{code}_80mm.pdf", mime="application/pdf",
                            key=K.ROLL_NEW.format(order_id), icon=":material/print:")


tab_new, tab_list, tab_more = st.tabs(["Nhận đơn", "Sổ đơn hàng", "Tồn kho & khách hàng"])

with tab_new:
    st.caption("Dán tin nhắn Zalo/Facebook của khách, bấm “Đọc tin nhắn”, kiểm tra rồi bấm “Lưu đơn”.")
    message = st.text_area("Tin nhắn của khách", key=K.ORDER_MESSAGE.format(st.session_state.get(K.SAVED_COUNT, 0)),
                           height=110,
                           placeholder="Ví dụ: chị lấy 2 hộp long nhãn 500g, ship về 12 Nguyễn Văn Linh, sđt 0912 345 678")
    read_col, manual_col = st.columns(2)
    read = read_col.button("Đọc tin nhắn", type="primary", icon=":material/auto_fix_high:", disabled=not items)
    manual = manual_col.button("Nhập tay (không có tin nhắn)", icon=":material/edit_note:", disabled=not items)
    if read and not message.strip():
        st.warning("Hãy dán tin nhắn của khách vào ô trên.")
    elif read or manual:
        with st.spinner("Đang đọc tin nhắn…"), session_scope() as s:
            st.session_state[K.ORDER_DRAFT] = draft_from_message(s, user.id, message if read else "", use_model=read)
        st.session_state[K.DRAFT_NO] = st.session_state.get(K.DRAFT_NO, 0) + 1
        st.session_state.pop(K.SAVED_ORDER, None)

    draft = st.session_state.get(K.ORDER_DRAFT)
    if draft is not None:
        n = st.session_state.get(K.DRAFT_NO, 0)
        labels = {i: item.label + f" — {format_vnd(item.price)}" for i, item in enumerate(items)}
        if not draft.lines:
            st.warning("Chưa nhận ra sản phẩm nào trong tin nhắn. Hãy chọn sản phẩm ở dưới.")
        for text in draft.unmatched:
            st.warning(f"Không thấy sản phẩm đã lưu cho “{md(text)}”.")
        with st.form(f"draft_form_{n}"):
            st.markdown("**Đơn nháp** — mục có dấu ⚠️ là máy đoán, hãy xem lại.")
            lines = [*draft.lines, None]  # one more line for a product the message did not name
            chosen = []
            for j, line in enumerate(lines):
                index = next((i for i, it in enumerate(items) if line and it.product_id == line.product_id
                              and it.variant == line.variant), 0)
                left, right = st.columns([3, 1])
                guess = line is not None and line.match.guess
                pick = left.selectbox(f"Sản phẩm {j + 1}" + (f" ({GUESS})" if guess else ""), list(labels),
                                      index=index, format_func=labels.get, key=K.D_ITEM.format(n, j),
                                      help=(f"Khách viết: “{md(line.heard)}”. {line.match.note}" if line else None))
                qty_guess = line is not None and line.qty.guess
                qty = right.number_input("Số lượng" + (f" ({GUESS})" if qty_guess else ""), min_value=0,
                                         max_value=10000, step=1,
                                         value=int(line.qty.value) if line else (0 if draft.lines else 1),
                                         key=K.D_QTY.format(n, j), help="Để 0 để bỏ dòng này.")
                chosen.append((pick, qty))
            name = st.text_input("Tên khách" + (f" ({GUESS})" if draft.name.guess and draft.name.value else ""),
                                 value=str(draft.name.value or ""), key=K.D_NAME.format(n))
            phone = st.text_input("Số điện thoại" + (f" ({GUESS})" if draft.phone.guess and draft.phone.value else ""),
                                  value=str(draft.phone.value or ""), key=K.D_PHONE.format(n), help=draft.phone.note or None)
            address = st.text_input("Địa chỉ giao" + (f" ({GUESS})" if draft.address.guess and draft.address.value else ""),
                                    value=str(draft.address.value or ""), key=K.D_ADDRESS.format(n),
                                    help=draft.address.note or None)
            c1, c2 = st.columns(2)
            channel = c1.selectbox("Kênh", list(CHANNELS), format_func=CHANNELS.get, key=K.D_CHANNEL.format(n))
            payment = c2.selectbox("Thanh toán", list(PAYMENTS), index=list(PAYMENTS).index("transfer"),
                                   format_func=PAYMENTS.get, key=K.D_PAYMENT.format(n))
            c3, c4 = st.columns(2)
            shipping = c3.number_input("Phí giao (đ)", min_value=0, max_value=10_000_000, value=0, step=5000,
                                       key=K.D_SHIP.format(n))
            discount = c4.number_input("Giảm giá (đ)", min_value=0, max_value=100_000_000, value=0, step=5000,
                                       key=K.D_DISCOUNT.format(n))
            confirmed = st.checkbox("Khách đã chốt đơn (trừ tồn kho ngay)", value=True, key=K.D_CONFIRMED.format(n))
            save = st.form_submit_button("Lưu đơn", type="primary", icon=":material/save:")
        if save:
            data = draft_to_input(draft, channel, payment)
            data.customer_name, data.customer_phone, data.customer_address = name, phone, address
            data.items = [ItemInput(items[i].name, items[i].price, q, items[i].variant, items[i].product_id)
                          for i, q in chosen if q > 0]
            data.shipping_fee, data.discount = int(shipping), int(discount)
            data.status = "confirmed" if confirmed else "new"
            try:
                with session_scope() as s:
                    order = create_order(s, user.id, data)
                    saved_id = order.id
            except OrderError as exc:
                st.error(str(exc))
            else:
                st.session_state[K.SAVED_ORDER] = saved_id
                st.session_state.pop(K.ORDER_DRAFT, None)
                st.session_state[K.SAVED_COUNT] = st.session_state.get(K.SAVED_COUNT, 0) + 1
                st.rerun()
    if st.session_state.get(K.SAVED_ORDER):
        _saved_card(st.session_state[K.SAVED_ORDER])

with tab_list:
    f1, f2, f3 = st.columns(3)
    day = f1.date_input("Ngày", value=None, format="DD/MM/YYYY", key=K.FILTER_DAY)
    status = f2.selectbox("Trạng thái", [""] + list(STATUSES), format_func=lambda k: STATUSES.get(k, "Tất cả"),
                          key=K.FILTER_STATUS)
    who = f3.text_input("Khách (tên hoặc số điện thoại)", key=K.FILTER_CUSTOMER)
    with session_scope() as s:
        orders = search_orders(s, user.id, day=day, status=status or None, customer=who, limit=100)
        rows = [(o.id, order_code(o.seq), format_time(o.created_at), o.status, o.total, o.paid, o.payment,
                 o.channel, o.customer_name, o.customer_phone, o.customer_address,
                 [(i.qty, i.name, i.variant, i.line_total) for i in o.items],
                 [(h["status"], h["at"]) for h in (o.history or [])]) for o in orders]
    if not rows:
        st.info("Chưa có đơn nào khớp bộ lọc.")
    for (oid, code, when, st_key, total, paid, pay, chan, cname, cphone, caddr, lines, hist) in rows:
        head = f"{code} · {STATUSES[st_key]} · {format_vnd(total)} · {md(cname or cphone or 'khách lẻ')}"
        with st.expander(head):
            st.write(f"{when} · {CHANNELS.get(chan, chan)} · {PAYMENTS.get(pay, pay)} · "
                     f"{'đã thanh toán' if paid else 'chưa thanh toán'}")
            if caddr or cphone:
                st.write(f"{md(cphone)} · {md(caddr)}")
            for qty, name, variant, amount in lines:
                st.write(f"- {qty} × {md(name)}{' (' + md(variant) + ')' if variant else ''}: {format_vnd(amount)}")
            st.caption("Lịch sử: " + " → ".join(f"{STATUSES.get(k, k)} ({v[11:16]} {v[8:10]}/{v[5:7]})"
                                                  for k, v in hist))
            buttons = st.columns(4)
            for col, nxt in zip(buttons, NEXT_STATUS[st_key]):
                if col.button(STATUSES[nxt], key=K.TO.format(nxt, oid)):
                    try:
                        with session_scope() as s:
                            set_status(s, user.id, oid, nxt)
                    except OrderError as exc:
                        st.error(str(exc))
                    else:
                        st.rerun()
            if not paid and st_key != "cancelled" and buttons[3].button("Đã nhận tiền", key=K.PAID.format(oid)):
                with session_scope() as s:
                    set_paid(s, user.id, oid, True)
                st.rerun()
            if st.toggle("Mã QR và phiếu", key=K.DOCS.format(oid)):
                with session_scope() as s:
                    payload, why = order_qr(s, user.id, get_order(s, user.id, oid))
                    pdf = order_slip_pdf(s, user.id, oid)
                    roll = order_slip_pdf(s, user.id, oid, "80mm")
                if payload:
                    st.image(qr_png(payload), width=200, caption=f"VietQR {format_vnd(total)} — TT {code}")
                elif why:
                    st.caption(why)
                st.download_button("Tải phiếu (PDF)", pdf, file_name=f"{code}.pdf", mime="application/pdf",
                                   key=K.SLIP.format(oid))
                st.download_button("Phiếu in nhiệt 80 mm", roll, file_name=f"{code}_80mm.pdf",
                                   mime="application/pdf", key=K.ROLL.format(oid))

with tab_more:
    with session_scope() as s:
        conf = settings(s, user.id)
        level, keep_days = conf.low_stock_level, conf.anonymise_after_days
        low = low_stock(s, user.id)
    st.subheader("Sắp hết hàng")
    if low:
        st.dataframe([{"Sản phẩm": r.name, "Còn": r.stock} for r in low], hide_index=True)
    else:
        st.caption(f"Không có sản phẩm nào còn từ {level} trở xuống (chỉ tính sản phẩm có ghi tồn kho).")
    st.subheader("Mã VietQR chung của cửa hàng")
    st.caption("Mã không ghi sẵn số tiền: in ở cuối video, bài đăng Facebook/Zalo hoặc dán tại quầy.")
    try:
        with session_scope() as s:
            general = qr_png(general_qr(s, user.id))
    except VietQRError as exc:
        st.caption(str(exc))
    else:
        st.image(general, width=180)
        st.download_button("Tải mã VietQR chung (PNG)", general, file_name="vietqr_cua_hang.png", mime="image/png")
    st.subheader("Thông tin khách hàng")
    st.caption(notice("customer_data"))
    with st.form("privacy_settings"):
        keep = st.number_input("Xóa thông tin khách khỏi đơn đã xong sau (ngày, 0 = không tự xóa)", min_value=0,
                               max_value=3650, value=int(keep_days or 0), step=30)
        new_level = st.number_input("Báo sắp hết hàng khi còn", min_value=0, max_value=100000, value=int(level))
        if st.form_submit_button("Lưu cài đặt"):
            try:
                with session_scope() as s:
                    save_settings(s, user.id, anonymise_after_days=int(keep) or None, low_stock_level=int(new_level))
                    erased = anonymise_old_orders(s, user.id)
            except OrderError as exc:
                st.error(str(exc))
            else:
                st.success(f"Đã lưu. Đã xóa thông tin khách khỏi {erased} đơn cũ.")
    phone = st.text_input("Số điện thoại của khách yêu cầu", key=K.PRIVACY_PHONE)
    p1, p2 = st.columns(2)
    if p1.button("Xuất thông tin của khách", disabled=not phone):
        try:
            with session_scope() as s:
                st.session_state[K.PRIVACY_EXPORT] = export_customer(s, user.id, phone)
        except OrderError as exc:
            st.error(str(exc))
    if st.session_state.get(K.PRIVACY_EXPORT):
        st.download_button("Tải tệp thông tin khách (JSON)", st.session_state[K.PRIVACY_EXPORT],
                           file_name="thong_tin_khach.json", mime="application/json")
    if p2.button("Xóa thông tin của khách", disabled=not phone):
        try:
            with session_scope() as s:
                n = erase_customer(s, user.id, phone)
        except OrderError as exc:
            st.error(str(exc))
        else:
            st.success(f"Đã xóa tên, số điện thoại, địa chỉ của khách khỏi {n} đơn (số tiền vẫn giữ cho sổ doanh thu).")
