"""The page registry: which page exists, its menu section and which roles may open it.

One source of truth for both the menu (app/main.py) and the server-side check every page makes
(app.ui.session.guard). A page with no roles is public.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

PAGES_DIR = Path(__file__).resolve().parent / "views"


@dataclass(frozen=True)
class PageSpec:
    file: str            # file name under app/views
    title: str
    icon: str
    roles: tuple[str, ...]  # empty: public
    section: str

    @property
    def url_path(self) -> str:
        return Path(self.file).stem


LEARN = ("learner", "business")
PAGES: tuple[PageSpec, ...] = (
    PageSpec("home.py", "Trang chủ", ":material/home:", (), "Chung"),
    PageSpec("verify.py", "Xác minh chứng chỉ", ":material/verified:", (), "Chung"),
    PageSpec("learn_course.py", "Khóa học của tôi", ":material/school:", LEARN, "Học AI"),
    PageSpec("learn_lesson.py", "Bài học", ":material/menu_book:", LEARN, "Học AI"),
    PageSpec("learn_quiz.py", "Bài kiểm tra", ":material/quiz:", LEARN, "Học AI"),
    PageSpec("learn_practice.py", "Thực hành", ":material/construction:", LEARN, "Học AI"),
    PageSpec("learn_certificate.py", "Chứng chỉ", ":material/workspace_premium:", LEARN, "Học AI"),
    PageSpec("checkin.py", "Điểm danh buổi học", ":material/qr_code_scanner:", LEARN, "Học AI"),
    PageSpec("biz_listings.py", "Tạo tin đăng bán hàng", ":material/storefront:", ("business",), "Bán hàng"),
    PageSpec("biz_video.py", "Làm video quảng cáo", ":material/movie:", ("business",), "Bán hàng"),
    PageSpec("biz_products.py", "Sản phẩm của tôi", ":material/inventory_2:", ("business",), "Bán hàng"),
    PageSpec("biz_orders.py", "Đơn hàng", ":material/receipt_long:", ("business",), "Bán hàng"),
    PageSpec("biz_revenue.py", "Doanh thu", ":material/query_stats:", ("business",), "Bán hàng"),
    PageSpec("trainer_classes.py", "Lớp học", ":material/groups:", ("trainer", "admin"), "Giảng dạy"),
    PageSpec("trainer_dashboard.py", "Bảng theo dõi lớp", ":material/monitoring:", ("trainer", "admin"), "Giảng dạy"),
    PageSpec("trainer_learner.py", "Hồ sơ học viên", ":material/person_search:", ("trainer", "admin"), "Giảng dạy"),
    PageSpec("trainer_roster.py", "Danh sách lớp", ":material/badge:", ("trainer", "admin"), "Giảng dạy"),
    PageSpec("trainer_attendance.py", "Buổi học, điểm danh", ":material/event_available:", ("trainer", "admin"),
             "Giảng dạy"),
    PageSpec("trainer_certificates.py", "Chứng chỉ của lớp", ":material/workspace_premium:", ("trainer", "admin"),
             "Giảng dạy"),
    PageSpec("admin_users.py", "Quản lý tài khoản", ":material/manage_accounts:", ("admin",), "Quản trị"),
    PageSpec("account.py", "Tài khoản của tôi", ":material/account_circle:", ("learner", "business", "trainer", "admin"), "Tài khoản"),
)

ROLE_LABELS = {
    "learner": "Học viên",
    "business": "Hộ kinh doanh",
    "trainer": "Giảng viên",
    "admin": "Quản trị viên",
}


def spec_for(file: str) -> PageSpec:
    name = Path(file).name
    for spec in PAGES:
        if spec.file == name:
            return spec
    raise KeyError(name)


def pages_for(role: str | None) -> list[PageSpec]:
    """Pages a visitor with this role may see (None: not logged in)."""
    return [p for p in PAGES if not p.roles or (role is not None and role in p.roles)]


def allowed(file: str, role: str | None) -> bool:
    spec = spec_for(file)
    return not spec.roles or (role is not None and role in spec.roles)
