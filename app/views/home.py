"""Home: what the programme is and where each role starts."""
import streamlit as st

from app.db import session_scope
from app.learning.certificates import VIETNAM_TZ
from app.trainer.outreach import mark_read, unread_announcements
from app.trainer.roster import classes_of
from app.ui.session import guard
from app.ui.trainer import link_to
from tools.safe_text import md
from app.ui.keys import Home as K

user = guard(__file__)

st.title("Bình dân học AI — phường Mỹ Hào")
st.markdown(
    "Chương trình giúp **học sinh, người dân và hộ kinh doanh** phường Mỹ Hào (Hưng Yên) làm quen với "
    "trí tuệ nhân tạo (AI): học từ những điều cơ bản, dùng AI an toàn, và tự làm **tin đăng bán hàng** "
    "cùng **video quảng cáo** có giọng đọc tiếng Việt. Mọi tính năng chạy được **không cần Internet**, "
    "không cần tài khoản trả phí."
)

STARTS = {
    "learner": [("views/learn_course.py", "Vào khóa học", "Học từng bài, làm bài kiểm tra, nhận chứng chỉ.")],
    "business": [
        ("views/biz_listings.py", "Tạo tin đăng bán hàng", "Nhập sản phẩm, nhận tin đăng cho Shopee, TikTok Shop, Facebook, Zalo."),
        ("views/biz_video.py", "Làm video quảng cáo", "Video dọc có giọng đọc và phụ đề tiếng Việt."),
        ("views/learn_course.py", "Vào khóa học", "Học cách dùng AI để bán hàng đúng luật."),
    ],
    "trainer": [
        ("views/trainer_classes.py", "Quản lý lớp học", "Tạo lớp, thêm học viên từ danh sách."),
        ("views/trainer_dashboard.py", "Theo dõi tiến độ", "Ai đang tiến bộ, ai cần giúp, câu hỏi nào khó."),
    ],
    "admin": [
        ("views/admin_users.py", "Quản lý tài khoản", "Tạo tài khoản giảng viên, khóa tài khoản."),
        ("views/trainer_dashboard.py", "Theo dõi các lớp", "Số liệu toàn chương trình."),
    ],
}

if user is None:
    c1, c2, c3 = st.columns(3)
    with c1:
        st.subheader("🎓 Học viên")
        st.write("Học sinh, người dân, cán bộ phường: khóa học “Bình dân học AI” gồm các bài ngắn, dễ hiểu, có nghe đọc.")
    with c2:
        st.subheader("🏪 Hộ kinh doanh")
        st.write("Tạo tin đăng và video quảng cáo sản phẩm đúng luật quảng cáo Việt Nam, không bịa thông tin.")
    with c3:
        st.subheader("🧑‍🏫 Giảng viên")
        st.write("Quản lý lớp, theo dõi tiến độ, xuất báo cáo cho phường, cấp chứng chỉ.")
    st.info("Bắt đầu: bấm **Đăng nhập / Đăng ký** ở thanh bên trái. Học viên và hộ kinh doanh tự đăng ký được; "
            "tài khoản giảng viên do quản trị viên cấp.")
    st.page_link("views/login.py", label="Đăng nhập / Đăng ký", icon=":material/login:")
    st.page_link("views/verify.py", label="Xác minh một chứng chỉ", icon=":material/verified:")
else:
    st.success(f"Xin chào **{md(user.full_name)}** ({user.role_label}). Bạn có thể bắt đầu từ đây:")
    if user.role in ("learner", "business"):
        with session_scope() as s:
            my_classes = classes_of(s, user.id)
            notices = unread_announcements(s, user.id)
        for class_name, trainer, phone in my_classes:
            st.markdown(f"🏫 Lớp của bạn: **{md(class_name)}** — giảng viên **{md(trainer)}**"
                        + (f" ([{phone}](tel:{phone}))" if phone else ""))
        for notice in notices:
            with st.container(border=True):
                st.markdown(f"📢 **Thông báo của lớp {md(notice.class_name)}** · {md(notice.trainer_name)} · "
                            f"{notice.created_at.astimezone(VIETNAM_TZ):%d/%m/%Y %H:%M}")
                st.markdown(md(notice.body))
                if st.button("Đã đọc", key=K.READ.format(notice.id), icon=":material/done:"):
                    with session_scope() as s:
                        mark_read(s, user.id, notice.id)
                    st.rerun()
    for page, label, hint in STARTS[user.role]:
        link_to(st, page.removeprefix("views/"), label, ":material/arrow_forward:")
        st.caption(hint)
