"""The video page (Streamlit AppTest): form -> script preview -> background job -> video and downloads."""

import pytest
from streamlit.testing.v1 import AppTest

from app import video_jobs
from app.auth import create_user
from app.db import session_scope
from app.models import Product as ProductRow
from app.models import RenderJob
from app.navigation import PAGES_DIR
from app.ui.session import CurrentUser

PAGE = str(PAGES_DIR / "biz_video.py")


@pytest.fixture
def video_page(sqlite_url, tmp_path, monkeypatch):
    monkeypatch.setenv("BINHDAN_DATA_DIR", str(tmp_path))
    monkeypatch.setattr(video_jobs, "ensure_worker", lambda url=None: None)   # the test runs the worker itself
    with session_scope(sqlite_url) as s:
        owner = create_user(s, "shop", "matkhau-123", "Cô Lan", "business")
        s.add(ProductRow(owner_id=owner.id, name="Mật ong hoa nhãn", category="Thực phẩm", price=180000,
                         features="Hũ 500ml;Mật nguyên chất", audience=""))
        user = CurrentUser.of(owner)
    at = AppTest.from_file(PAGE, default_timeout=60)
    at.session_state["user"] = user
    at.run()
    return at, sqlite_url


def _by_key(widgets, key):
    return next(w for w in widgets if w.key == key)


def test_blocked_product_cannot_be_rendered(video_page):
    at, _ = video_page
    _by_key(at.text_input, "vid_name").set_value("Rượu nếp cái hoa vàng 29 độ")
    _by_key(at.text_input, "vid_price").set_value("120000").run()
    assert any("Pháp luật cấm quảng cáo rượu" in e.value for e in at.error)
    assert _by_key(at.button, "vid_go").disabled
    # the page runs on its own here (no app navigation): the lesson link is a plain relative link
    assert any("[Xem bài: Luật quảng cáo](learn_lesson?lesson=m03-l03-luat-quang-cao&tra_cuu=1)" in m.value for m in at.markdown)


def test_a_removed_claim_links_the_seller_to_the_advertising_law_lesson(video_page):
    at, _ = video_page
    _by_key(at.text_input, "vid_name").set_value("Trà thảo mộc")
    _by_key(at.text_area, "vid_features").set_value("Túi lọc 20 gói\nChữa khỏi tiểu đường")
    _by_key(at.text_input, "vid_price").set_value("90000").run()
    assert any("tiểu đường" in w.value for w in at.warning)
    assert sum("learn_lesson?lesson=m03-l03-luat-quang-cao" in m.value for m in at.markdown) == 1
    _by_key(at.text_area, "vid_features").set_value("Túi lọc 20 gói").run()
    assert not any("learn_lesson" in m.value for m in at.markdown)   # nothing changed by the rules: no link


def test_saved_product_renders_in_the_background_and_plays(video_page):
    at, url = video_page
    with session_scope(url) as s:
        product_id = s.query(ProductRow).one().id
    _by_key(at.selectbox, "vid_pick").set_value(product_id).run()
    assert _by_key(at.text_input, "vid_name").value == "Mật ong hoa nhãn"
    assert "Hũ 500ml" in _by_key(at.text_area, "vid_features").value
    assert any("Kịch bản video" in e.label for e in at.expander)
    _by_key(at.radio, "vid_template").set_value("dan-da")
    _by_key(at.toggle, "vid_model").set_value(False)
    _by_key(at.button, "vid_go").click().run()
    with session_scope(url) as s:
        job = s.query(RenderJob).one()
        assert job.status == "queued" and job.params["template"] == "dan-da"
        assert job.params["product"]["price"] == 180000 and job.params["backend"] == "rules"
        job.params = {**job.params, "pixel_size": [144, 256]}   # small frames keep the test fast
    assert at.get("progress")                                    # the page polls the queued job
    video_jobs.work(url, once=True)
    at.run()
    assert any("Xong!" in e.value for e in at.success)
    assert at.get("video")
    labels = [b.label for b in at.get("download_button")]
    assert labels == ["Tải video MP4", "Tải phụ đề SRT", "Tải ảnh bìa"]


def test_saved_products_reach_the_video_form_as_data(sqlite_url):
    from app.auth import create_user
    from app.db import session_scope
    from app.products import save_product
    from app.video_page import SavedProduct, saved_products
    with session_scope(sqlite_url) as s:
        seller = create_user(s, "ban-hang", "123456", "Người bán", "business")
        save_product(s, seller.id, name="Mật ong rừng", category="Thực phẩm", price="250.000đ",
                     features="nguyên chất;chai 500ml", audience="gia đình")
        [row] = saved_products(s, seller.id)
    assert isinstance(row, SavedProduct)
    assert (row.name, row.price, row.features) == ("Mật ong rừng", "250000", "nguyên chất\nchai 500ml")
