"""Tạo tin đăng bán hàng: one product (form or saved) or a CSV of many; preview, copy, download."""
import streamlit as st

from app.db import session_scope
from app.products import NotFound, get_product, list_products, to_listing_product
from app.ui.session import guard
from tools.channels import load_channels, parse_channels
from tools.listing import make_listings, run_rows
from tools.listing.export import to_csv_bytes, to_xlsx_bytes
from tools.money import format_vnd
from tools.product import CsvError, Product, ProductError, read_products_csv
from tools.providers import get_writer
from tools.providers.openai_compat import OpenAISettings
from tools.safe_text import md

user = guard(__file__)
st.title("Tạo tin đăng bán hàng")
st.caption("Nhập sản phẩm, chọn kênh bán, nhận tin đăng sẵn sàng dán lên Shopee, TikTok Shop, Facebook, Zalo. "
           "Mọi tin đều được kiểm tra theo luật quảng cáo: đúng giá, đủ đặc điểm, không lời hứa chữa bệnh.")

BACKENDS = {"embedded": "Mô hình AI có sẵn (không cần mạng)", "rules": "Chỉ dùng mẫu câu (nhanh nhất)"}
if OpenAISettings.from_env().configured:
    BACKENDS["openai"] = "Máy chủ AI trực tuyến (tự quay về mô hình có sẵn nếu lỗi)"
CHANNELS = load_channels()
WRITTEN_BY = {"embedded": "mô hình AI có sẵn + kiểm tra luật", "openai": "máy chủ AI + kiểm tra luật",
              "rules": "mẫu câu soạn sẵn + kiểm tra luật"}


@st.cache_resource(show_spinner=False)
def writer_for(backend: str):
    return get_writer(backend)


with st.sidebar:
    backend = st.radio("Cách viết", list(BACKENDS), format_func=BACKENDS.get, key="listing_backend")
channels = st.multiselect("Kênh bán", parse_channels(None), default=parse_channels(None),
                          format_func=lambda c: CHANNELS[c].label, key="listing_channels")


def show_listing(item) -> None:
    """One preview card: title, description, hashtags, warnings, copy buttons."""
    with st.container(border=True):
        st.markdown(f"#### {CHANNELS[item.channel].label}")
        if item.status == "blocked":
            st.error("Không tạo tin: " + " ".join(item.warnings), icon=":material/block:")
            return
        st.caption("Tiêu đề — bấm biểu tượng sao chép ở góc phải khung")
        st.code(item.title, language=None, wrap_lines=True)
        st.caption("Nội dung bài đăng (đã gồm hashtag)")
        st.code(item.description, language=None, wrap_lines=True)
        st.caption(f"Giá: {md(item.price_text)} · Hashtag: {md(' '.join(item.hashtags))} · Viết bởi: {WRITTEN_BY[item.backend]}")
        for warning in item.warnings:
            st.warning(warning, icon=":material/info:")


def show_downloads(listings, key: str) -> None:
    left, right = st.columns(2)
    left.download_button("Tải về CSV (mở bằng Excel)", to_csv_bytes(listings), "tin-dang.csv", "text/csv",
                         key=f"csv_{key}", icon=":material/download:")
    right.download_button("Tải về Excel (.xlsx)", to_xlsx_bytes(listings), "tin-dang.xlsx",
                          "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                          key=f"xlsx_{key}", icon=":material/download:")


def show_results(listings, key: str) -> None:
    blocked = sum(1 for x in listings if x.status == "blocked")
    st.success(f"Đã tạo {len(listings) - blocked} tin đăng." + (f" {blocked} tin bị chặn theo luật." if blocked else ""))
    show_downloads(listings, key)
    names = list(dict.fromkeys(x.name for x in listings))
    for name in names:
        items = [x for x in listings if x.name == name]
        label = name + (" — bị chặn theo luật" if all(x.status == "blocked" for x in items) else "")
        with st.expander(label, expanded=len(names) == 1):
            cols = st.columns(min(2, len(items)))
            for i, item in enumerate(items):
                with cols[i % len(cols)]:
                    show_listing(item)


one_tab, batch_tab = st.tabs(["Một sản phẩm", "Nhiều sản phẩm (tệp CSV)"])

with one_tab:
    with session_scope() as s:
        saved = {p.id: to_listing_product(p) for p in list_products(s, user.id)}
        preset_id = st.session_state.get("listing_product_id")
        try:
            preset = to_listing_product(get_product(s, user.id, preset_id)) if preset_id else None
        except (NotFound, ProductError):
            preset = None
    if saved:
        options = [0, *saved]
        pick = st.selectbox("Lấy từ “Sản phẩm của tôi”", options,
                            index=options.index(preset_id) if preset and preset_id in saved else 0,
                            format_func=lambda i: "— nhập mới —" if i == 0 else f"{saved[i].name} — {format_vnd(saved[i].price)}")
        preset = saved.get(pick)
    key = f"one_{hash(preset) if preset else 'new'}"
    with st.form(key):
        name = st.text_input("Tên sản phẩm *", value=preset.name if preset else "", max_chars=200)
        category = st.text_input("Loại sản phẩm", value=preset.category if preset else "",
                                 placeholder="Ví dụ: Thực phẩm, Mỹ phẩm, Đồ uống, Dịch vụ, Khóa học, Thủ công")
        price = st.text_input("Giá bán (đồng) *", value=str(preset.price) if preset else "",
                              placeholder="Ví dụ: 45000 hoặc 45.000đ")
        features = st.text_area("Đặc điểm (mỗi dòng một ý, chỉ ghi điều đúng sự thật)",
                                value="\n".join(preset.features) if preset else "", placeholder="nguyên chất\nchai 500ml")
        audience = st.text_input("Dành cho ai", value=preset.audience if preset else "", placeholder="Ví dụ: gia đình")
        go = st.form_submit_button("Tạo tin đăng", type="primary", icon=":material/auto_awesome:")
    if go:
        if not channels:
            st.error("Hãy chọn ít nhất một kênh bán.")
        else:
            try:
                product = Product.from_fields(name, category, price, features, audience)
            except ProductError as exc:
                st.error(str(exc))
            else:
                with st.spinner("Đang viết và kiểm tra tin đăng..."):
                    st.session_state["one_result"] = make_listings(product, channels, writer_for(backend))
    if st.session_state.get("one_result"):
        show_results(st.session_state["one_result"], "one")

with batch_tab:
    st.markdown("Tệp CSV có dòng tiêu đề `name,category,price,features,audience` (cột `channel` không bắt buộc). "
                "Các đặc điểm cách nhau bằng dấu chấm phẩy `;`. Lưu từ Excel bằng **CSV UTF-8**.")
    upload = st.file_uploader("Chọn tệp CSV sản phẩm", type=["csv"], key="csv_upload")
    if upload is not None:
        try:
            parsed = read_products_csv(upload.getvalue())
        except CsvError as exc:
            st.error(str(exc))
        else:
            st.info(f"Đọc được {len(parsed.rows)} sản phẩm.")
            for err in parsed.errors:
                st.warning(f"Bỏ qua {md(err)}")
            if parsed.rows and st.button("Tạo tin đăng cho cả tệp", type="primary", icon=":material/auto_awesome:"):
                if not channels:
                    st.error("Hãy chọn ít nhất một kênh bán.")
                else:
                    bar = st.progress(0.0, text="Đang tạo tin đăng...")
                    result = run_rows(parsed.rows, channels, writer_for(backend),
                                      progress=lambda i, n: bar.progress(i / n, text=f"Đã xong {i}/{n} sản phẩm"))
                    bar.progress(1.0, text="Xong!")
                    st.session_state["batch_result"] = result.listings
                    for err in result.errors:
                        st.warning(f"Bỏ qua {md(err)}")
    if st.session_state.get("batch_result"):
        show_results(st.session_state["batch_result"], "batch")
