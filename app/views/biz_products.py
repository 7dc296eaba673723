"""Sản phẩm của tôi: the business user's saved products with their full sheet, and the shop profile."""
import pandas as pd
import streamlit as st

from app.db import session_scope
from app.products import NotFound, ProductForm, choice_labels, delete_product, list_products, save_product
from app.shop_profile import get_shop_profile, save_shop_profile
from app.ui.session import guard
from tools.money import format_vnd
from tools.product import SHEET_FIELDS, ProductError
from tools.safe_text import md
from tools.sales.vietqr import banks
from tools.shop import LABELS as SHOP_LABELS, ShopError
from app.ui import keys
from app.ui.keys import BizProducts as K

user = guard(__file__)
st.title("Sản phẩm của tôi")
st.caption("Lưu sản phẩm một lần, dùng lại để tạo tin đăng cho Shopee, TikTok Shop, Facebook và Zalo.")

SHEET_HINTS = {"brand": "Ví dụ: Nhà Lan", "origin": "Ví dụ: Hưng Yên", "weight": "Ví dụ: 250g",
               "dimensions": "Ví dụ: 20x15x10cm", "variants": "Túi 250g=95000 | Túi 500g=180000",
               "ingredients": "Ví dụ: nhãn lồng 100%", "usage": "Mỗi ý cách nhau bằng dấu ;",
               "storage": "Ví dụ: nơi khô ráo; đậy kín sau khi mở", "shelf_life": "Ví dụ: 6 tháng",
               "sku": "Ví dụ: LN-250", "stock": "Ví dụ: 120", "photos": "a.jpg | b.jpg hoặc đường dẫn ảnh"}

BANK_NAMES = {b.bin: f"{b.short} — {b.name} ({b.bin})" for b in banks()}
BANK_CHOICES = ["", *BANK_NAMES]

with session_scope() as s:
    products = list_products(s, user.id)
    rows = [ProductForm.of(p) for p in products]
    shop = get_shop_profile(s, user.id)
    labels = choice_labels(products)

with st.expander("Thông tin cửa hàng (in trong bài Facebook, Zalo và cuối video)", expanded=False,
                 icon=":material/storefront:"):
    st.caption("Tin đăng Shopee và TikTok Shop không bao giờ ghi số điện thoại hay đường dẫn.")
    with st.form("shop_profile"):
        shop_values = {}
        for i, key in enumerate(SHOP_LABELS):
            if i % 2 == 0:
                pair = st.columns(2)
            box = pair[i % 2]
            if key == "bank_bin":  # the NAPAS list, so a VietQR code always names a real bank
                shop_values[key] = box.selectbox(
                    "Ngân hàng nhận tiền", BANK_CHOICES, key=K.SHOP.format(key),
                    index=BANK_CHOICES.index(shop.bank_bin) if shop.bank_bin in BANK_CHOICES else 0,
                    format_func=lambda b: BANK_NAMES.get(b, "— Chưa chọn —"))
                continue
            shop_values[key] = box.text_input(SHOP_LABELS[key], value=getattr(shop, key), key=K.SHOP.format(key))
        if st.form_submit_button("Lưu thông tin cửa hàng", icon=":material/save:"):
            try:
                with session_scope() as s:
                    save_shop_profile(s, user.id, **shop_values)
            except ShopError as exc:
                st.error(str(exc))
            else:
                st.session_state[K.FLASH] = "Đã lưu thông tin cửa hàng."
                st.rerun()

if rows:
    table = pd.DataFrame([{"Tên sản phẩm": r.name, "Loại": r.category, "Giá": format_vnd(r.price),
                           "Phân loại": r.sheet["variants"].replace(" | ", "; "), "Tồn kho": r.sheet["stock"],
                           "Đặc điểm": r.features.replace("\n", "; ")} for r in rows])
    st.dataframe(table, hide_index=True, width="stretch")
else:
    st.info("Bạn chưa lưu sản phẩm nào. Hãy thêm sản phẩm đầu tiên ở dưới.")

NEW = 0
if K.PRODUCT_CHOICE_NEXT in st.session_state:   # set by a save or a delete on the run before
    st.session_state[K.PRODUCT_CHOICE] = st.session_state.pop(K.PRODUCT_CHOICE_NEXT)
if st.session_state.get(K.PRODUCT_CHOICE) not in (NEW, *labels):
    st.session_state.pop(K.PRODUCT_CHOICE, None)   # a deleted product
choice = st.selectbox("Chọn sản phẩm để sửa, xóa hoặc tạo tin đăng", [NEW, *labels],
                      format_func=lambda i: "➕ Thêm sản phẩm mới" if i == NEW else labels[i], key=K.PRODUCT_CHOICE)
current = next((r for r in rows if r.id == choice), None)

with st.form(f"product_form_{choice}"):
    name = st.text_input("Tên sản phẩm *", value=current.name if current else "", max_chars=200)
    category = st.text_input("Loại sản phẩm", value=current.category if current else "",
                             placeholder="Ví dụ: Thực phẩm, Mỹ phẩm, Dịch vụ, Khóa học")
    price = st.text_input("Giá bán (đồng) *", value=str(current.price) if current else "",
                          placeholder="Ví dụ: 45000 hoặc 45.000đ")
    features = st.text_area("Đặc điểm (mỗi dòng một ý)", value=current.features if current else "",
                            placeholder="nguyên chất\nchai 500ml")
    audience = st.text_input("Dành cho ai", value=current.audience if current else "", placeholder="Ví dụ: gia đình")
    with st.expander("Thông tin chi tiết (không bắt buộc: ô nào để trống sẽ không xuất hiện trong tin)"):
        sheet = {}
        for i, key in enumerate(SHEET_FIELDS):
            if i % 2 == 0:  # one row of two per pair, so a phone keeps the order
                pair = st.columns(2)
            box = pair[i % 2]
            label = SHEET_FIELDS[key][0]
            value = current.sheet[key] if current else ""
            if key in ("ingredients", "usage", "storage"):
                sheet[key] = box.text_area(label, value=value, placeholder=SHEET_HINTS[key], height=80)
            else:
                sheet[key] = box.text_input(label, value=value, placeholder=SHEET_HINTS[key])
    saved = st.form_submit_button("Lưu thay đổi" if current else "Thêm sản phẩm", type="primary")

if saved:
    try:
        with session_scope() as s:
            row = save_product(s, user.id, name=name, category=category, price=price, features=features,
                               audience=audience, product_id=current.id if current else None, **sheet)
            saved_name, saved_id = row.name, row.id
    except (ProductError, NotFound) as exc:
        st.error(str(exc))
    else:
        st.session_state[K.FLASH] = f"Đã lưu sản phẩm “{md(saved_name)}”."
        st.session_state[K.PRODUCT_CHOICE_NEXT] = saved_id   # stay on the product just saved
        st.rerun()

if current:
    left, right = st.columns(2)
    if left.button("Tạo tin đăng cho sản phẩm này", icon=":material/storefront:", type="primary"):
        st.session_state[keys.LISTING_PRODUCT_ID] = current.id
        st.switch_page("views/biz_listings.py")
    if right.button("Xóa sản phẩm", icon=":material/delete:"):
        st.session_state[K.CONFIRM_DELETE] = current.id
    if st.session_state.get(K.CONFIRM_DELETE) == current.id:
        st.warning(f"Xóa hẳn “{md(current.name)}”? Việc này không hoàn tác được.")
        if st.button("Đồng ý xóa", type="primary"):
            try:
                with session_scope() as s:
                    delete_product(s, user.id, current.id)
            except NotFound as exc:
                st.error(str(exc))
            else:
                st.session_state.pop(K.CONFIRM_DELETE, None)
                st.session_state[K.FLASH] = f"Đã xóa “{md(current.name)}”."
                st.session_state[K.PRODUCT_CHOICE_NEXT] = NEW
                st.rerun()

if st.session_state.get(K.FLASH):
    st.success(st.session_state.pop(K.FLASH))
