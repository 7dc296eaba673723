"""Doanh thu: today / this week / this month, by day, channel and product; the revenue book (S1a-HKD) as XLSX."""

import altair as alt
import pandas as pd
import streamlit as st

from app.db import session_scope
from app.orders.revenue import month_book, revenue_report
from app.ui.session import guard
from tools.money import format_vnd
from tools.sales.notices import notice
from tools.sales.orders import VN_TZ
from app.ui.keys import BizRevenue as K

# Vietnamese grouping on chart axes: 4.000.000 (Vega's default is 4,000,000)
MONEY_AXIS = alt.Axis(labelExpr="replace(format(datum.value, ',.0f'), /,/g, '.')", title="đồng")

user = guard(__file__)
st.title("Doanh thu")
st.info(notice("not_tax_advice"), icon=":material/info:")

today = pd.Timestamp.now(tz=VN_TZ).date()
picked = st.date_input("Khoảng thời gian", value=(today.replace(day=1), today), format="DD/MM/YYYY",
                       key=K.REVENUE_RANGE)
start, end = (picked if isinstance(picked, (tuple, list)) and len(picked) == 2 else (today.replace(day=1), today))

with session_scope() as s:
    report = revenue_report(s, user.id, start, end, today=today)

m1, m2, m3 = st.columns(3)
for col, p in zip((m1, m2, m3), (report.today, report.week, report.month)):
    col.metric(p.label, format_vnd(p.revenue), f"{p.orders} đơn", delta_color="off", delta_arrow="off")

if not any(v for _, v in report.daily):
    st.caption("Chưa có đơn đã xác nhận trong khoảng này.")
else:
    daily = pd.DataFrame(report.daily, columns=["Ngày", "Doanh thu"])
    st.altair_chart(alt.Chart(daily).mark_bar(color="#2e7d32").encode(
        x=alt.X("Ngày:T", axis=alt.Axis(format="%d/%m", title=None)),
        y=alt.Y("Doanh thu:Q", axis=MONEY_AXIS),
        tooltip=[alt.Tooltip("Ngày:T", format="%d/%m/%Y"), alt.Tooltip("Doanh thu:Q", format=",.0f")],
    ).properties(height=220, title="Doanh thu theo ngày"), width="stretch")
    left, right = st.columns(2)
    channels = pd.DataFrame(report.by_channel, columns=["Kênh", "Số đơn", "Doanh thu"])
    left.altair_chart(alt.Chart(channels).mark_bar(color="#1565c0").encode(
        y=alt.Y("Kênh:N", sort="-x", title=None), x=alt.X("Doanh thu:Q", axis=MONEY_AXIS),
        tooltip=["Kênh", "Số đơn", alt.Tooltip("Doanh thu:Q", format=",.0f")],
    ).properties(height=200, title="Theo kênh bán"), width="stretch")
    products = pd.DataFrame(report.by_product[:15], columns=["Sản phẩm", "Số lượng", "Doanh thu"])
    right.altair_chart(alt.Chart(products).mark_bar(color="#ef6c00").encode(
        y=alt.Y("Sản phẩm:N", sort="-x", title=None), x=alt.X("Doanh thu:Q", axis=MONEY_AXIS),
        tooltip=["Sản phẩm", "Số lượng", alt.Tooltip("Doanh thu:Q", format=",.0f")],
    ).properties(height=200, title="Theo sản phẩm"), width="stretch")
    table = products.assign(**{"Doanh thu": products["Doanh thu"].map(format_vnd)})
    st.dataframe(table, hide_index=True, width="stretch")
    if report.shipping:
        st.caption(f"Phí giao hàng khách trả (không tính vào doanh thu hàng hóa): {format_vnd(report.shipping)}.")

st.subheader("Sổ doanh thu")
st.caption(notice("revenue_book"))
months = [(today.year - (today.month - k <= 0), (today.month - k - 1) % 12 + 1) for k in range(12)]
year, month = st.selectbox("Tháng", months, format_func=lambda ym: f"Tháng {ym[1]:02d}/{ym[0]}", key=K.BOOK_MONTH)
if st.button("Tạo sổ doanh thu (Excel)", icon=":material/table_view:"):
    with session_scope() as s:
        st.session_state[K.REVENUE_BOOK] = month_book(s, user.id, year, month, user.full_name)
if st.session_state.get(K.REVENUE_BOOK):
    name, data = st.session_state[K.REVENUE_BOOK]
    st.download_button(f"Tải {name}", data, file_name=name,
                       mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
