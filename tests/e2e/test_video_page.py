"""A shop owner makes a video in real Chromium: form, photo, style, render in the background, play, download."""
import pytest
from PIL import Image
from playwright.sync_api import expect

from app.demo import ACCOUNTS
from tests.e2e.conftest import VIDEO_FORM, fill_product, go_to, login, screenshot, wait_idle
from tests.video_check import probe

pytestmark = pytest.mark.e2e
SHOP = next(a for a in ACCOUNTS if a.role == "business")


def test_shop_owner_renders_plays_and_downloads_a_video(page, app_server, tmp_path):
    photo = tmp_path / "nuoc-mam.jpg"
    Image.new("RGB", (800, 600), (190, 110, 50)).save(photo)
    login(page, app_server, SHOP.username, SHOP.password)
    go_to(page, "Làm video quảng cáo")
    fill_product(page, VIDEO_FORM, "Nước mắm cá cơm Mỹ Hào", "45000",
                 "Ủ chượp 12 tháng\nĐóng chai 500ml")
    page.get_by_label("Đường dẫn cửa hàng hoặc Zalo (in thành mã QR)").fill("https://zalo.me/0912345678")
    page.keyboard.press("Tab")
    wait_idle(page)
    expect(page.get_by_text("Kịch bản video (đọc theo nếu bạn tự ghi âm)")).to_be_visible()
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').first.set_input_files(str(photo))
    page.get_by_text("Vuông 1:1 (Facebook)").click()
    page.get_by_text("Để AI gợi ý câu mở đầu").click()          # rules only: a quicker test
    wait_idle(page)
    label_switch = page.get_by_role("switch", name="Hiện nhãn “Video có sử dụng AI” trên video")
    expect(label_switch).to_be_checked()
    expect(label_switch).to_be_disabled()      # a synthetic voice: the AI label cannot be switched off
    screenshot(page, "video-form")
    page.get_by_role("button", name="Tạo video").click()
    expect(page.get_by_text("Xong!")).to_be_visible(timeout=180_000)
    expect(page.locator("video")).to_have_count(1)
    page.locator("video").scroll_into_view_if_needed()
    page.wait_for_function("document.querySelector('video').readyState >= 1")   # the browser can play it
    screenshot(page, "video-done")
    page.set_viewport_size({"width": 390, "height": 844})
    wait_idle(page)
    screenshot(page, "video-done-phone")
    page.set_viewport_size({"width": 1366, "height": 768})
    with page.expect_download() as download:
        page.get_by_role("button", name="Tải video MP4").click()
    saved = tmp_path / "video.mp4"
    download.value.save_as(saved)
    info = probe(saved)
    assert (info.width, info.height, info.video_codec, info.audio_codec) == (720, 720, "h264", "aac")


def test_own_voice_is_recorded_sentence_by_sentence(page, app_server):
    login(page, app_server, SHOP.username, SHOP.password)
    go_to(page, "Làm video quảng cáo")
    fill_product(page, VIDEO_FORM, "Nước mắm cá cơm Mỹ Hào", "45000",
                 "Ủ chượp 12 tháng\nĐóng chai 500ml")
    page.keyboard.press("Tab")
    wait_idle(page)
    page.get_by_text("Giọng của tôi (ghi âm)").click()
    wait_idle(page)
    expect(page.get_by_text("Câu 1/", exact=False).first).to_be_visible()
    expect(page.locator('[data-testid="stAudioInput"]')).to_have_count(5)   # hook, 2 features, price, end
    expect(page.get_by_text("Còn 5 câu chưa ghi", exact=False)).to_be_visible()
    expect(page.get_by_role("button", name="Tạo video")).to_be_disabled()
    expect(page.get_by_role("switch", name="Hiện nhãn “Video có sử dụng AI” trên video")).to_be_disabled()
    screenshot(page, "video-sentence-takes")
    page.set_viewport_size({"width": 390, "height": 844})
    wait_idle(page)
    screenshot(page, "video-sentence-takes-phone")
