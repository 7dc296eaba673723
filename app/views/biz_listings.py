"""Tạo tin đăng bán hàng: one product (form or saved, with photos) or a CSV of many; preview, copy,
download the listings and the upload package (ZIP)."""
import time

import streamlit as st

from app.db import session_scope
from app.products import choice_labels, list_products, to_listing_product
from app.shop_profile import get_shop_profile
from app.ui.learn import law_lesson_link
from app.ui.session import guard
from tools.channels import load_channels, parse_channels
from tools.listing import iter_rows, make_listings, progress_text
from tools.listing import images as imgs
from tools.listing.export import to_csv_bytes, to_xlsx_bytes
from tools.listing.package import PackageItem, layout, package_zip
from tools.product import SHEET_FIELDS, CsvError, Product, ProductError, max_rows, read_products_csv
from tools.providers import get_writer
from tools.providers.openai_compat import OpenAISettings
from tools.safe_text import md
from app.ui import keys
from app.ui.keys import BizListings as K

user = guard(__file__)
st.title("Tạo tin đăng bán hàng")
st.caption("Nhập sản phẩm, chọn kênh bán, nhận tin đăng sẵn sàng dán lên Shopee, TikTok Shop, Facebook, Zalo "
           "và gói tệp tải lên sàn. Mọi tin đều được kiểm tra theo luật quảng cáo: đúng giá, đủ thông tin, "
           "không lời hứa chữa bệnh.")

BACKENDS = {"rules": "Mẫu câu soạn sẵn (nhanh, mặc định)", "embedded": "Mô hình AI có sẵn (chậm hơn nhiều)"}
if OpenAISettings.from_env().configured:
    BACKENDS["openai"] = "Máy chủ AI (tự quay về mẫu câu nếu lỗi)"
CHANNELS = load_channels()
WRITTEN_BY = {"embedded": "mô hình AI có sẵn + kiểm tra luật", "openai": "máy chủ AI + kiểm tra luật",
              "rules": "mẫu câu soạn sẵn + kiểm tra luật"}
STILL_TO_DO = "; ".join(f"{layout(n)['file']}: {layout(n)['seller_still_does']}"
                        for n in ("shopee_mass_upload", "tiktok_shop_batch", "meta_catalog"))


@st.cache_resource(show_spinner=False)
def writer_for(backend: str):
    return get_writer(backend)


with st.sidebar:
    backend = st.radio("Cách viết", list(BACKENDS), format_func=BACKENDS.get, key=K.LISTING_BACKEND)
channels = st.multiselect("Kênh bán", parse_channels(None), default=parse_channels(None),
                          format_func=lambda c: CHANNELS[c].label, key=K.LISTING_CHANNELS)
with session_scope() as s:
    shop = get_shop_profile(s, user.id)
if shop.is_empty:
    st.info("Chưa có thông tin cửa hàng: bài Facebook và Zalo sẽ không có số điện thoại, địa chỉ. "
            "Điền ở trang “Sản phẩm của tôi”.", icon=":material/storefront:")


def show_listing(item) -> None:
    """One preview card: title, description, hashtags, warnings, copy buttons."""
    with st.container(border=True):
        st.markdown(f"#### {CHANNELS[item.channel].label}")
        if item.status == "blocked":
            st.error("Không tạo tin: " + md(" ".join(item.warnings)), icon=":material/block:")
            law_lesson_link(item.lesson)
            return
        st.caption("Tiêu đề — bấm biểu tượng sao chép ở góc phải khung")
        st.code(item.title, language=None, wrap_lines=True)
        st.caption("Nội dung bài đăng (đã gồm hashtag)")
        st.code(item.description, language=None, wrap_lines=True)
        st.caption(f"Giá: {md(item.price_text)} · Hashtag: {md(' '.join(item.hashtags))} · Viết bởi: "
                   f"{WRITTEN_BY[item.backend]}")
        for warning in item.warnings:
            st.warning(md(warning), icon=":material/info:")
        if item.warnings:
            law_lesson_link(item.lesson)


def show_downloads(listings, key: str, items=None) -> None:
    left, mid, right = st.columns(3)
    left.download_button("Tải về CSV (mở bằng Excel)", to_csv_bytes(listings), "tin-dang.csv", "text/csv",
                         key=K.CSV.format(key), icon=":material/download:")
    mid.download_button("Tải về Excel (.xlsx)", to_xlsx_bytes(listings), "tin-dang.xlsx",
                        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                        key=K.XLSX.format(key), icon=":material/download:")
    if items:
        ready = st.session_state.get(K.ZIP_DATA.format(key))
        if ready is None or ready[0] != id(items):
            if right.button("Chuẩn bị gói tải lên sàn (ZIP)", key=K.ZIP_MAKE.format(key), icon=":material/folder_zip:"):
                with st.spinner("Đang làm ảnh vuông và các tệp tải lên..."):
                    st.session_state[K.ZIP_DATA.format(key)] = ready = (id(items), package_zip(items, shop))
        if ready is not None and ready[0] == id(items):
            right.download_button("Tải gói tải lên sàn (ZIP)", ready[1], "goi-tai-len.zip", "application/zip",
                                  key=K.ZIP.format(key), icon=":material/download:", type="primary")
        st.caption("Gói gồm meta_catalog.csv, shopee_mass_upload.xlsx, tiktok_shop_batch.xlsx, ảnh vuông nền trắng "
                   "và nội dung từng kênh. Bạn còn phải làm trên sàn: " + STILL_TO_DO + ".")


def show_results(listings, key: str, items=None) -> None:
    blocked = sum(1 for x in listings if x.status == "blocked")
    st.success(f"Đã tạo {len(listings) - blocked} tin đăng." + (f" {blocked} tin bị chặn theo luật." if blocked else ""))
    show_downloads(listings, key, items)
    names = list(dict.fromkeys(x.name for x in listings))
    for name in names[:50]:
        items_ = [x for x in listings if x.name == name]
        label = md(name) + (" — bị chặn theo luật" if all(x.status == "blocked" for x in items_) else "")
        with st.expander(label, expanded=len(names) == 1):
            cols = st.columns(min(2, len(items_)))
            for i, item in enumerate(items_):
                with cols[i % len(cols)]:
                    show_listing(item)
    if len(names) > 50:
        st.caption(f"Đang hiện 50/{len(names)} sản phẩm; tải tệp về để xem hết.")


def photo_editor(uploads) -> list:
    """Each photo upright, trimmed and centred on a square; the seller may whiten a plain background
    (before/after shown) and keep or undo it. Returns the images to use."""
    chosen = []
    for i, up in enumerate(uploads):
        try:
            square = imgs.square_image(imgs.load(up.getvalue()))
        except imgs.ImageProblem as exc:
            st.warning(md(str(exc)), icon=":material/image_not_supported:")
            continue
        key = K.WHITE.format(up.file_id)
        with st.container(border=True):
            st.caption(f"Ảnh {i + 1}: đã xoay đúng chiều, cắt viền và đặt giữa khung vuông "
                       f"{square.width}×{square.height}")
            whiten = st.toggle("Làm trắng nền (thử, xem trước rồi giữ hoặc bỏ)", key=key)
            if whiten:
                if K.IMG.format(key) not in st.session_state:
                    with st.spinner("Đang tách nền..."):
                        st.session_state[K.IMG.format(key)] = imgs.square_image(imgs.whiten_background(imgs.load(up.getvalue())))
                after = st.session_state[K.IMG.format(key)]
                before_col, after_col = st.columns(2)
                before_col.image(square, caption="Trước", width="stretch")
                after_col.image(after, caption="Sau khi làm trắng nền", width="stretch")
                keep = st.radio("Dùng ảnh nào?", ["Giữ ảnh nền trắng", "Bỏ, dùng ảnh gốc"], key=K.KEEP.format(key),
                                horizontal=True)
                chosen.append(after if keep.startswith("Giữ") else square)
            else:
                st.image(square, width=260)
                chosen.append(square)
    return chosen


one_tab, batch_tab = st.tabs(["Một sản phẩm", "Nhiều sản phẩm (tệp CSV)"])

with one_tab:
    with session_scope() as s:
        rows = list_products(s, user.id)
        saved = {p.id: to_listing_product(p) for p in rows}
        labels = choice_labels(rows)
    arriving = st.session_state.pop(keys.LISTING_PRODUCT_ID, None)
    if arriving in saved:   # from "Sản phẩm của tôi": open that product's form, filled in
        st.session_state[K.LISTING_PICK] = arriving
    if st.session_state.get(K.LISTING_PICK) not in (0, *saved):
        st.session_state.pop(K.LISTING_PICK, None)
    preset = None
    if saved:
        pick = st.selectbox("Lấy từ “Sản phẩm của tôi”", [0, *saved], key=K.LISTING_PICK,
                            format_func=lambda i: "— nhập mới —" if i == 0 else labels[i])
        preset = saved.get(pick)
    key = K.ONE.format(hash(preset) if preset else 'new')
    values = preset.sheet_values() if preset else {}
    with st.form(key):
        name = st.text_input("Tên sản phẩm *", value=preset.name if preset else "", max_chars=200)
        category = st.text_input("Loại sản phẩm", value=preset.category if preset else "",
                                 placeholder="Ví dụ: Thực phẩm, Mỹ phẩm, Đồ uống, Dịch vụ, Khóa học, Thủ công")
        price = st.text_input("Giá bán (đồng) *", value=str(preset.price) if preset else "",
                              placeholder="Ví dụ: 45000 hoặc 45.000đ")
        features = st.text_area("Đặc điểm (mỗi dòng một ý, chỉ ghi điều đúng sự thật)",
                                value="\n".join(preset.features) if preset else "", placeholder="nguyên chất\nchai 500ml")
        audience = st.text_input("Dành cho ai", value=preset.audience if preset else "", placeholder="Ví dụ: gia đình")
        with st.expander("Thông tin chi tiết (ô để trống không xuất hiện trong tin)", expanded=bool(values)):
            sheet = {}
            for i, field in enumerate(f for f in SHEET_FIELDS if f != "photos"):
                if i % 2 == 0:  # one row of two per pair, so a phone keeps the order
                    pair = st.columns(2)
                box = pair[i % 2]
                sheet[field] = box.text_input(SHEET_FIELDS[field][0], value=values.get(field, ""),
                                              placeholder="Túi 250g=95000 | Túi 500g=180000" if field == "variants" else "")
        go = st.form_submit_button("Tạo tin đăng", type="primary", icon=":material/auto_awesome:")
    uploads = st.file_uploader("Ảnh sản phẩm (tối đa 9 ảnh, chụp bằng điện thoại là được)",
                               type=["jpg", "jpeg", "png", "webp"], accept_multiple_files=True, key=K.LISTING_PHOTOS)
    if go:
        if not channels:
            st.error("Hãy chọn ít nhất một kênh bán.")
        else:
            try:
                product = Product.from_fields(name, category, price, features, audience, **sheet)
            except ProductError as exc:
                st.error(str(exc))
            else:
                with st.spinner("Đang viết và kiểm tra tin đăng..."):
                    st.session_state[K.ONE_RESULT] = (product, make_listings(product, channels, writer_for(backend),
                                                                             shop=shop))
    photos = photo_editor((uploads or [])[:9]) if uploads else []
    if st.session_state.get(K.ONE_RESULT):
        product, listings = st.session_state[K.ONE_RESULT]
        show_results(listings, "one", [PackageItem(product, listings, photos)])

with batch_tab:
    st.markdown("Tệp CSV có dòng tiêu đề `name,category,price,features,audience` và các cột không bắt buộc "
                "`brand, origin, weight, dimensions, variants, ingredients, usage, storage, shelf_life, sku, stock, "
                "photos` (tiêu đề tiếng Việt như `tên, giá, xuất xứ, phân loại` cũng được). Đặc điểm cách nhau bằng "
                "dấu `;`. Lưu từ Excel bằng **CSV UTF-8**. Mỗi tệp tối đa **"
                + f"{max_rows():,}".replace(",", ".") + "** sản phẩm.")
    upload = st.file_uploader("Chọn tệp CSV sản phẩm", type=["csv"], key=K.CSV_UPLOAD)
    if upload is not None:
        try:
            parsed = read_products_csv(upload.getvalue())
        except CsvError as exc:
            st.error(str(exc))
        else:
            st.info(f"Đọc được {len(parsed.rows)} sản phẩm.")
            for err in parsed.errors[:50]:
                st.warning(f"Bỏ qua {md(err)}")
            if parsed.rows and st.button("Tạo tin đăng cho cả tệp", type="primary", icon=":material/auto_awesome:"):
                if not channels:
                    st.error("Hãy chọn ít nhất một kênh bán.")
                else:
                    st.session_state[K.BATCH] = {"listings": [], "items": [], "errors": [], "done": 0,
                                                 "total": len(parsed.rows), "running": True}
                    st.button("Dừng lại (giữ phần đã xong)", icon=":material/stop_circle:", key=K.BATCH_STOP)
                    bar = st.progress(0.0, text="Đang tạo tin đăng...")
                    state, start = st.session_state[K.BATCH], time.monotonic()
                    for row, made, error in iter_rows(parsed.rows, channels, writer_for(backend), shop):
                        if error:
                            state["errors"].append(str(error))
                        else:
                            state["listings"] += made
                            state["items"].append(PackageItem(row.product, made, list(row.product.photos)))
                        state["done"] += 1
                        if state["done"] % 10 == 0 or state["done"] == state["total"]:
                            bar.progress(state["done"] / state["total"],
                                         text=progress_text(state["done"], state["total"], time.monotonic() - start))
                    state["running"] = False
    batch = st.session_state.get(K.BATCH)
    if batch and batch["listings"]:
        if batch["done"] < batch["total"]:
            st.warning(f"Đã dừng sau {batch['done']}/{batch['total']} sản phẩm. Phần đã xong vẫn được giữ và tải về "
                       "được bên dưới.", icon=":material/pause_circle:")
        for err in batch["errors"][:50]:
            st.warning(f"Bỏ qua {md(err)}")
        show_results(batch["listings"], "batch", batch["items"])
