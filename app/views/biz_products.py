"""Sản phẩm của tôi: the business user's saved products; add, edit, delete, make listings."""
import pandas as pd
import streamlit as st

from app.db import session_scope
from app.products import NotFound, delete_product, list_products, save_product
from app.ui.session import guard
from tools.money import format_vnd
from tools.product import ProductError
from tools.safe_text import md

user = guard(__file__)
st.title("Sản phẩm của tôi")
st.caption("Lưu sản phẩm một lần, dùng lại để tạo tin đăng cho Shopee, TikTok Shop, Facebook và Zalo.")

with session_scope() as s:
    rows = [(p.id, p.name, p.category, p.price, p.features, p.audience) for p in list_products(s, user.id)]

if rows:
    table = pd.DataFrame([{"Tên sản phẩm": r[1], "Loại": r[2], "Giá": format_vnd(r[3]),
                           "Đặc điểm": r[4].replace(";", "; "), "Dành cho": r[5]} for r in rows])
    st.dataframe(table, hide_index=True, width="stretch")
else:
    st.info("Bạn chưa lưu sản phẩm nào. Hãy thêm sản phẩm đầu tiên ở dưới.")

labels = {r[0]: f"{r[1]} — {format_vnd(r[3])}" for r in rows}
NEW = 0
choice = st.selectbox("Chọn sản phẩm để sửa, xóa hoặc tạo tin đăng", [NEW, *labels],
                      format_func=lambda i: "➕ Thêm sản phẩm mới" if i == NEW else labels[i], key="product_choice")
current = next((r for r in rows if r[0] == choice), None)

with st.form(f"product_form_{choice}"):
    name = st.text_input("Tên sản phẩm *", value=current[1] if current else "", max_chars=200)
    category = st.text_input("Loại sản phẩm", value=current[2] if current else "",
                             placeholder="Ví dụ: Thực phẩm, Mỹ phẩm, Dịch vụ, Khóa học")
    price = st.text_input("Giá bán (đồng) *", value=str(current[3]) if current else "", placeholder="Ví dụ: 45000 hoặc 45.000đ")
    features = st.text_area("Đặc điểm (mỗi dòng một ý)", value=current[4].replace(";", "\n") if current else "",
                            placeholder="nguyên chất\nchai 500ml")
    audience = st.text_input("Dành cho ai", value=current[5] if current else "", placeholder="Ví dụ: gia đình")
    saved = st.form_submit_button("Lưu thay đổi" if current else "Thêm sản phẩm", type="primary")

if saved:
    try:
        with session_scope() as s:
            row = save_product(s, user.id, name=name, category=category, price=price, features=features,
                               audience=audience, product_id=current[0] if current else None)
            saved_name = row.name
    except (ProductError, NotFound) as exc:
        st.error(str(exc))
    else:
        st.session_state["flash"] = f"Đã lưu sản phẩm “{saved_name}”."
        st.rerun()

if current:
    left, right = st.columns(2)
    if left.button("Tạo tin đăng cho sản phẩm này", icon=":material/storefront:", type="primary"):
        st.session_state["listing_product_id"] = current[0]
        st.switch_page("views/biz_listings.py")
    if right.button("Xóa sản phẩm", icon=":material/delete:"):
        st.session_state["confirm_delete"] = current[0]
    if st.session_state.get("confirm_delete") == current[0]:
        st.warning(f"Xóa hẳn “{md(current[1])}”? Việc này không hoàn tác được.")
        if st.button("Đồng ý xóa", type="primary"):
            try:
                with session_scope() as s:
                    delete_product(s, user.id, current[0])
            except NotFound as exc:
                st.error(str(exc))
            else:
                st.session_state.pop("confirm_delete", None)
                st.session_state["flash"] = f"Đã xóa “{current[1]}”."
                st.session_state.pop("product_choice", None)
                st.rerun()

if st.session_state.get("flash"):
    st.success(st.session_state.pop("flash"))
