"""Each role logs in through real Chromium, sees its own menu, and cannot reach other roles' pages."""
import pytest
from playwright.sync_api import expect

from app.demo import ACCOUNTS
from app.navigation import PAGES, pages_for
from tests.e2e.conftest import IDLE, login, open_page, screenshot, wait_idle

pytestmark = pytest.mark.e2e
ACCOUNT = {a.role: a for a in ACCOUNTS}


def sidebar_titles(page) -> set[str]:
    nav = page.locator('[data-testid="stSidebar"]')
    expect(nav.get_by_role("link", name="Trang chủ")).to_be_visible()
    return {t.strip().splitlines()[-1].strip() for t in nav.get_by_role("link").all_inner_texts()}  # drop icon text


@pytest.mark.parametrize("role", ["learner", "business", "trainer", "admin"])
def test_role_sees_exactly_its_pages(page, app_server, role):
    account = ACCOUNT[role]
    login(page, app_server, account.username, account.password)
    expect(page.get_by_text(account.full_name).first).to_be_visible()
    screenshot(page, f"home-{role}")
    expected = {p.title for p in pages_for(role)}
    others = {p.title for p in PAGES} - expected
    titles = sidebar_titles(page)
    assert expected <= titles
    assert not (others & titles), f"{role} sees pages of other roles: {others & titles}"


def test_anonymous_visitor_sees_programme_and_login(page, app_server):
    open_page(page, app_server)
    expect(page.get_by_role("heading", name="Bình dân học AI — phường Mỹ Hào")).to_be_visible()
    expect(page.get_by_text("Hộ kinh doanh").first).to_be_visible()
    screenshot(page, "home-anonymous")
    assert "Bảng theo dõi lớp" not in sidebar_titles(page)


@pytest.mark.parametrize("path,title", [("trainer_dashboard", "Bảng theo dõi lớp"),
                                        ("admin_users", "Quản lý tài khoản"),
                                        ("biz_listings", "Tạo tin đăng bán hàng")])
def test_pages_of_other_roles_cannot_be_opened_by_url(page, app_server, path, title):
    login(page, app_server, ACCOUNT["learner"].username, ACCOUNT["learner"].password)
    page.goto(f"{app_server}/{path}")
    page.wait_for_selector(IDLE)
    wait_idle(page)
    # the remember-me cookie restores the login on a full page load; the page's own guard refuses
    expect(page.get_by_text("Bạn không có quyền mở trang này.")).to_be_visible()
    expect(page.get_by_role("heading", name=title)).to_have_count(0)
    screenshot(page, f"learner-url-{path}")


def test_wrong_password_is_refused_in_vietnamese(page, app_server):
    open_page(page, app_server, "login")
    form = page.locator('[data-testid="stForm"]').first
    form.get_by_label("Tên đăng nhập").fill("admin")
    form.get_by_label("Mật khẩu").fill("sai-mat-khau")
    form.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_text("Sai tên đăng nhập", exact=False)).to_be_visible()


def test_learner_signs_up_and_logs_out(page, app_server):
    open_page(page, app_server, "login")
    page.get_by_role("tab", name="Đăng ký tài khoản mới").click()
    form = page.locator('[data-testid="stForm"]').nth(1)
    form.get_by_label("Họ và tên").fill("Đỗ Thị Hằng")
    form.get_by_label("Tên đăng nhập (chữ thường không dấu, ví dụ: lan.nguyen)").fill("hang.do")
    form.get_by_role("textbox", name="Mật khẩu").fill("hoa sen nở sớm")
    form.get_by_text("Tôi đã đọc và đồng ý").click()  # the personal-data notice
    form.get_by_role("button", name="Tạo tài khoản").click()
    expect(page.get_by_text("Xin chào")).to_be_visible()
    expect(page.get_by_text("Đỗ Thị Hằng").first).to_be_visible()
    page.get_by_role("button", name="Đăng xuất").click()
    wait_idle(page)
    expect(page.get_by_role("link", name="Đăng nhập / Đăng ký").first).to_be_visible()


def test_login_survives_reload_until_logout(page, app_server):
    account = ACCOUNT["business"]
    login(page, app_server, account.username, account.password)
    open_page(page, app_server, "account")
    expect(page.get_by_text(f"tên đăng nhập {account.username}")).to_be_visible()
    page.get_by_role("button", name="Đăng xuất").click()
    expect(page.get_by_role("link", name="Đăng nhập / Đăng ký").first).to_be_visible()
    open_page(page, app_server, "account")
    expect(page.get_by_text("Vui lòng đăng nhập để mở trang này.")).to_be_visible()


def test_anonymous_visitor_is_asked_to_log_in_by_url(page, app_server):
    open_page(page, app_server, "trainer_dashboard")
    expect(page.get_by_text("Vui lòng đăng nhập để mở trang này.")).to_be_visible()
    expect(page.get_by_role("heading", name="Bảng theo dõi lớp")).to_have_count(0)
