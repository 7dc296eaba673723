"""Issue 13 in real Chromium: the learner's way through on a phone (390×844) and a desktop, the quiz result in
view after "Nộp bài", tap targets and text size on a phone, no English word from Streamlit's own widgets,
and the certificate's QR link on a non-default port with no BINHDAN_PUBLIC_URL.
"""
import os

import pytest
from playwright.sync_api import expect

from app.demo import ACCOUNTS
from app.learning.catalog import load_catalog_from
from app.ui.i18n import ENGLISH
from tests.e2e.conftest import create_demo_data, login, screenshot, serve_app, wait_idle, wait_signed_in
from tests.learning_fixtures import FIXTURE_COURSES

pytestmark = pytest.mark.e2e
CATALOG = load_catalog_from(FIXTURE_COURSES)
MODULE = CATALOG.modules[0]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 768}
ACCOUNT = {a.username: a for a in ACCOUNTS}

# every text node and tooltip on the page, except Material icon names (ligatures, never read as words)
READABLE_TEXT = """() => {
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  let n;
  while ((n = walker.nextNode())) {
    const p = n.parentElement;
    if (!p || p.closest('[data-testid="stIconMaterial"], style, script, noscript')) continue;
    if (n.nodeValue.trim()) out.push(n.nodeValue.trim());
  }
  for (const el of document.querySelectorAll('[aria-label],[title],[placeholder]'))
    for (const a of ['aria-label', 'title', 'placeholder']) if (el.getAttribute(a)) out.push(el.getAttribute(a));
  return out;
}"""


@pytest.fixture(scope="module")
def course_app(tmp_path_factory):
    data = tmp_path_factory.mktemp("accounts-e2e")
    env = {**os.environ, "BINHDAN_DATA_DIR": str(data), "BINHDAN_DATABASE_URL": f"sqlite:///{data / 'e2e.db'}",
           "BINHDAN_COURSES_DIR": str(FIXTURE_COURSES), "PYTHONUNBUFFERED": "1"}
    env.pop("BINHDAN_PUBLIC_URL", None)  # the address must come from the browser
    create_demo_data(env)
    with serve_app(env) as url:
        assert not url.endswith(":8501")
        yield url


def english_on_page(page) -> list[str]:
    texts = page.evaluate(READABLE_TEXT)
    return sorted({f"{word!r} in {text[:60]!r}" for text in texts for word in ENGLISH if word in text})


def assert_vietnamese(page, where: str) -> None:
    try:  # the translator works as elements appear; give it a moment
        page.wait_for_function(f"() => !({READABLE_TEXT})().some(t => {ENGLISH!r}.some(w => t.includes(w)))",
                               timeout=5_000)
    except Exception:  # noqa: BLE001 - report what is left below
        pass
    assert english_on_page(page) == [], where


def in_view(page, locator) -> bool:
    box = locator.bounding_box()
    viewport = page.viewport_size
    return box is not None and box["y"] >= 0 and box["y"] + min(box["height"], 60) <= viewport["height"]


def answer_quiz_right(page) -> None:
    form = page.locator('[data-testid="stForm"]')
    for q in MODULE.quiz.questions:
        block = form.locator(f".st-key-question-{q.id}")
        for option in (o for o in q.options if o.correct):
            block.get_by_text(option.text, exact=True).click()
    button = form.get_by_role("button", name="Nộp bài")
    button.scroll_into_view_if_needed()
    button.click()
    wait_idle(page)


def submit_and_see_the_result(page, name: str) -> None:
    """Answer right, press "Nộp bài" at the bottom, and find "Đạt" on screen without scrolling."""
    answer_quiz_right(page)
    result = page.locator(".st-key-quiz-result")
    expect(result).to_contain_text("Đạt")
    page.wait_for_timeout(500)
    assert in_view(page, result), f"the quiz result is out of view ({name})"
    page.screenshot(path=str(screenshot(page, name).with_name(f"{name}-view.png")))  # what the eye sees


def test_phone_walk_from_a_locked_page_to_the_quiz_result(page, course_app):
    page.set_viewport_size(PHONE)
    page.goto(f"{course_app}/learn_course")
    wait_idle(page)
    expect(page.get_by_text("Vui lòng đăng nhập để mở trang này.")).to_be_visible()
    link = page.locator('[data-testid="stMain"]').get_by_role("link", name="Đăng nhập / Đăng ký")
    expect(link).to_be_visible()  # a way on, without finding the hidden menu
    screenshot(page, "phone-1-locked-page")
    assert_vietnamese(page, "locked page on a phone")
    learner = ACCOUNT["hocvien2"]  # demo: lesson 1 done, lesson 2 opened
    login(page, course_app, learner.username, learner.password)
    screenshot(page, "phone-2-home")
    page.goto(f"{course_app}/learn_lesson?lesson={MODULE.lessons[1].id}")
    wait_idle(page)
    expect(page.get_by_role("heading", name=MODULE.lessons[1].title)).to_be_visible()
    screenshot(page, "phone-3-lesson")
    page.get_by_role("button", name="Đánh dấu đã học xong").click()
    expect(page.get_by_text("Bạn đã học xong bài này.")).to_be_visible()
    page.goto(f"{course_app}/learn_quiz?module={MODULE.id}")
    wait_idle(page)
    expect(page.get_by_role("heading", name="Bài kiểm tra")).to_be_visible()
    # tap targets and text size on a phone
    first = page.locator(f".st-key-question-{MODULE.quiz.questions[0].id}")
    expect(first.locator("label").last).to_be_visible()
    options = [x for x in first.locator('[role="radiogroup"] label, [data-testid="stCheckbox"] label').all()
               if x.is_visible()]
    assert options
    for label in options:
        assert label.bounding_box()["height"] >= 44
        size = label.evaluate("el => parseFloat(getComputedStyle(el.querySelector('p') || el).fontSize)")
        assert size >= 16
    body = page.locator('[data-testid="stMain"] [data-testid="stMarkdownContainer"] p').first
    assert float(body.evaluate("el => parseFloat(getComputedStyle(el).fontSize)")) >= 16
    screenshot(page, "phone-4-quiz")
    submit_and_see_the_result(page, "phone-5-quiz-result")
    assert_vietnamese(page, "quiz result on a phone")


def test_desktop_sign_up_with_phone_spaces_and_quiz_result_in_view(page, course_app):
    page.set_viewport_size(DESKTOP)
    page.goto(f"{course_app}/login")
    wait_idle(page)
    page.get_by_role("tab", name="Đăng ký tài khoản mới").click()
    form = page.locator('[data-testid="stForm"]').nth(1)
    form.get_by_label("Họ và tên").fill("Vũ Thị Lan")
    form.get_by_label("Tên đăng nhập (chữ thường").fill("lan.vu")
    form.get_by_role("textbox", name="Mật khẩu").fill("123456")
    form.get_by_label("Số điện thoại").fill("0983 888 001")
    form.get_by_text("Tôi đã đọc và đồng ý").click()
    form.get_by_role("button", name="Tạo tài khoản").click()
    expect(page.get_by_text("quá phổ biến")).to_be_visible()  # "123456" refused
    form.get_by_role("textbox", name="Mật khẩu").fill("cà phê sáng 7 giờ")
    form.get_by_role("button", name="Tạo tài khoản").click()
    wait_signed_in(page)
    for lesson in MODULE.lessons:
        page.goto(f"{course_app}/learn_lesson?lesson={lesson.id}")
        wait_idle(page)
        page.get_by_role("button", name="Đánh dấu đã học xong").click()
        expect(page.get_by_text("Bạn đã học xong bài này.")).to_be_visible()
    page.goto(f"{course_app}/learn_quiz?module={MODULE.id}")
    wait_idle(page)
    submit_and_see_the_result(page, "desktop-quiz-result")


def test_no_english_from_streamlit_widgets(page, course_app):
    page.set_viewport_size(DESKTOP)
    page.goto(f"{course_app}/khong-co-trang-nay")
    wait_idle(page)
    page.wait_for_timeout(1000)
    screenshot(page, "i18n-page-not-found")
    expect(page.get_by_text("Đang mở trang chủ")).to_be_visible()  # Streamlit's notice, in Vietnamese
    assert_vietnamese(page, "page not found")
    trainer = ACCOUNT["giangvien"]
    login(page, course_app, trainer.username, trainer.password)
    page.goto(f"{course_app}/trainer_classes")
    wait_idle(page)
    page.get_by_role("tab", name="Ghi danh từ tệp CSV/Excel").click()
    expect(page.locator('[data-testid="stFileUploaderDropzone"]')).to_be_visible()
    grid = page.locator('[data-testid="stDataFrame"]:visible').first
    grid.hover()
    page.wait_for_timeout(500)
    screenshot(page, "i18n-uploader-and-table")
    assert_vietnamese(page, "uploader and table toolbar")
    dropzone = page.locator('[data-testid="stFileUploaderDropzone"]')
    dropzone.scroll_into_view_if_needed()
    dropzone.screenshot(path=str(screenshot(page, "i18n-uploader").with_name("i18n-uploader-zone.png")))
    assert "MB mỗi tệp" in dropzone.inner_text()


def test_certificate_qr_opens_on_the_address_the_browser_used(page, course_app, browser):
    import zxingcpp
    from pypdf import PdfReader
    page.set_viewport_size(DESKTOP)
    finished = ACCOUNT["hocvien1"]
    login(page, course_app, finished.username, finished.password)
    page.goto(f"{course_app}/learn_certificate")
    wait_idle(page)
    page.get_by_role("button", name="Nhận chứng chỉ").click()
    expect(page.get_by_text(f"Chứng chỉ của {finished.full_name}")).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("button", name="Tải chứng chỉ (PDF)").click()
    reader = PdfReader(download.value.path())
    (image,) = reader.pages[0].images
    (qr,) = zxingcpp.read_barcodes(image.image.convert("L"))
    url = qr.text
    assert url.startswith(f"{course_app}/verify?code=BDHAI-"), url
    visitor = browser.new_page()
    visitor.goto(url)
    expect(visitor.get_by_text("Chứng chỉ hợp lệ.")).to_be_visible()
    visitor.close()
