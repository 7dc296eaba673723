"""Every word of every template stays inside each platform's safe area, clear of the logo's corner
and of the AI label, with long Vietnamese names, in 9:16 and 1:1."""
from __future__ import annotations

import pytest
from PIL import Image

from tools.video import cards
from tools.video.composer import Composer
from tools.video.credentials import LABEL
from tools.video.safearea import inside, overlaps, plan, presets
from tools.video.script_model import Scene, VideoScript
from tools.video.templates import list_templates
from tools.video.textfit import trace_text
from tools.video.timeline import build_timeline

TEMPLATES = list_templates()
PRESETS = presets()
LONG = "Cà phê Robusta rang mộc nguyên chất Buôn Ma Thuột tỉnh Đắk Lắk loại thượng hạng"
SCRIPT = VideoScript(LONG, 1_250_000, "1.250.000đ", [
    Scene("hook", LONG, ["Mời bà con xem cà phê rang mộc nguyên chất của Buôn Ma Thuột, Đắk Lắk."]),
    Scene("feature", "Hạt cà phê chín đỏ được hái tay và phơi trên giàn tre suốt ba tuần liền",
          ["Hạt cà phê chín đỏ được hái tay, phơi trên giàn tre suốt ba tuần liền cho thơm ngọt."]),
    Scene("feature", "Rang củi nhãn bằng chảo gang truyền thống", ["Rang củi nhãn bằng chảo gang truyền thống."]),
    Scene("price", "1.250.000đ", ["Giá bán một triệu hai trăm năm mươi nghìn đồng."]),
    Scene("notice", "Uống rượu, bia có thể gây tai nạn giao thông", ["Uống rượu, bia có thể gây tai nạn giao thông."]),
    Scene("cta", "Đặt hàng ngay", ["Quét mã trên màn hình hoặc gọi số điện thoại để đặt hàng ngay hôm nay."])],
    contact="Cơ sở rang xay Hoàng Nguyễn Thị Phượng · 0912 345 678", link="https://zalo.me/0912345678")


def _photos():
    return [Image.new("RGB", (800, 600), (120, 90, 60)), Image.new("RGB", (600, 900), (60, 120, 90))]


def _logo(tmp_path):
    path = tmp_path / "logo.png"
    Image.new("RGBA", (300, 120), (230, 0, 0, 255)).save(path)
    return path


@pytest.mark.parametrize("size", [(720, 1280), (720, 720)])
@pytest.mark.parametrize("platform", sorted(PRESETS))
@pytest.mark.parametrize("name", sorted(TEMPLATES))
def test_every_word_stays_in_the_safe_area_clear_of_logo_and_label(tmp_path, name, platform, size):
    template = TEMPLATES[name]
    timeline = build_timeline(SCRIPT, [2.5] * len(SCRIPT.narration))
    for photos in ([], _photos()):
        with trace_text() as drawn:
            composer = Composer(SCRIPT, timeline, template, size, photos, _logo(tmp_path), platform, LABEL)
        fp = composer.plan
        with trace_text() as on_cover:          # the cover has no logo or label: only the safe area
            composer.cover()
        assert on_cover and all(inside(box, fp.safe) for _, box, _ in on_cover)
        assert fp.logo_box and fp.label_box and not overlaps(fp.logo_box, fp.label_box)
        words = [(text, box) for text, box, canvas in drawn if canvas == size]   # drawn on whole frames
        assert len(words) >= 8
        for text, box in words:
            assert inside(box, fp.safe), f"{name}/{platform}: “{text}” {box} leaves the safe area {fp.safe}"
            assert not overlaps(box, fp.logo_box), f"{name}: “{text}” under the logo"
            assert not overlaps(box, fp.label_box), f"{name}: “{text}” under the AI label"
        overlays = composer.overlay_boxes()
        kinds = {kind for kind, _ in overlays}
        assert {"caption", "label", "logo"} <= kinds and ("heading" in kinds) == bool(photos)
        for kind, box in overlays:
            if kind == "logo":
                assert inside(box, fp.logo_box)
                continue
            assert inside(box, fp.safe), f"{name}/{platform}: {kind} {box} leaves the safe area {fp.safe}"
            assert kind == "label" or not overlaps(box, fp.logo_box), f"{name}: {kind} under the logo"
            assert kind == "label" or not overlaps(box, fp.label_box), f"{name}: {kind} under the label"
        headings = [box for kind, box in overlays if kind == "heading"]
        captions = [box for kind, box in overlays if kind == "caption" and inside(box, fp.caption_slot)]
        assert not any(overlaps(hb, cb) for hb in headings for cb in captions)
        card_words = [box for text, box in words if inside(box, fp.card_area)]
        assert not any(overlaps(box, fp.card_caption_slot) for box in card_words)


def test_safe_area_numbers_are_those_the_issue_asks_for():
    tiktok = PRESETS["tiktok"].vertical
    assert tiktok.top >= 0.12 and tiktok.bottom <= 0.72 and tiktok.right <= 0.85
    for preset in PRESETS.values():
        assert preset.vertical.right <= 0.85 and preset.vertical.bottom <= 0.75


def test_notice_box_covers_at_least_a_tenth_of_the_frame():
    import numpy as np
    size = (720, 1280)
    template = TEMPLATES["tuoi-sang"]
    card = np.asarray(cards.title_card(size, template, SCRIPT.scenes[4], SCRIPT, plan=plan(size, template)))
    white = (card.min(axis=2) > 245).sum()
    assert white >= 0.10 * size[0] * size[1]
