"""Vietnamese text is never clipped or split mid-word; templates are valid data; cards keep text apart."""
from pathlib import Path

import numpy as np
import pytest
import yaml

from tools.video import cards
from tools.video.fonts import missing_letters
from tools.video.script_model import Scene, VideoScript
from tools.video.templates import TemplateError, list_templates, load_template_file
from tools.video.textfit import fit_text, render_block

TEMPLATES = list_templates()
HARD = "ỄỖ Ự gjpq ỴẠ Ổn định Nước mắm cá cơm Phú Quốc chưng cất kỹ lưỡng ỷ Ỹ"


@pytest.mark.parametrize("font", ["BeVietnamPro-Black", "BeVietnamPro-Regular", "DejaVuSans-Bold"])
@pytest.mark.parametrize("stroke", [0.0, 0.12])
def test_stacked_diacritics_are_never_clipped(font, stroke):
    block = fit_text(HARD, font, 300, 400, 64, stroke_ratio=stroke)
    alpha = np.asarray(render_block(block, (255, 255, 255, 255), pad=2, stroke_fill=(0, 0, 0, 255)))[..., 3]
    assert alpha[:2].max() == alpha[-2:].max() == alpha[:, :2].max() == alpha[:, -2:].max() == 0
    assert alpha.max() == 255


def test_wraps_only_at_spaces_and_shrinks_long_words():
    block = fit_text(HARD, "BeVietnamPro-Bold", 200, 1000, 60)
    assert " ".join(block.lines).split() == HARD.split()
    long_word = fit_text("Siêuuuuuuuuuuuuudàiiiiiiiiii", "BeVietnamPro-Bold", 150, 200, 60)
    assert long_word.lines == ("Siêuuuuuuuuuuuuudàiiiiiiiiii",) and long_word.width <= 150 and long_word.size < 60


def test_templates_are_distinct_and_cover_vietnamese():
    assert len(TEMPLATES) >= 3
    looks = {(t.palette.primary, t.transition.kind, t.motion.kind, t.layout.photo_fit) for t in TEMPLATES.values()}
    assert len(looks) == len(TEMPLATES)
    for template in TEMPLATES.values():
        assert template.label and template.description
        for face in (template.fonts.title, template.fonts.body, template.fonts.caption):
            assert missing_letters(face) == ""


def _write(tmp_path: Path, **changes) -> Path:
    data = yaml.safe_load((Path("media_templates") / "tuoi-sang.yaml").read_text(encoding="utf-8"))
    for dotted, value in changes.items():
        node = data
        *parents, leaf = dotted.split("__")
        for key in parents:
            node = node[key]
        node[leaf] = value
    path = tmp_path / "thu.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


@pytest.mark.parametrize("changes, message", [
    ({"palette__text": "#FFE9C0"}, "khó đọc"),
    ({"fonts__title": "KhongCoFont"}, None),
    ({"layout__caption_y": 0.2}, "caption_y"),
    ({"layout__heading_y": 0.75}, "cách nhau"),
    ({"music": {"file": "music/khong-co.m4a"}}, "không có tệp nhạc"),
    ({"transition__kind": "xoay"}, "transition"),
])
def test_bad_templates_are_rejected_with_a_reason(tmp_path, changes, message):
    path = _write(tmp_path, **changes)
    if message is None:   # an unknown font face falls back to DejaVu, which covers Vietnamese
        assert load_template_file(path).fonts.title == "KhongCoFont"
        return
    with pytest.raises(TemplateError, match=message):
        load_template_file(path)


SCRIPT = VideoScript("Bánh đậu xanh Hải Dương loại đặc biệt hộp quà Tết", 125000, "125.000đ", [
    Scene("hook", "Bánh đậu xanh Hải Dương loại đặc biệt hộp quà Tết", ["x"]),
    Scene("notice", "Thực phẩm này không phải là thuốc và không có tác dụng thay thế thuốc chữa bệnh", ["x"]),
    Scene("price", "125.000đ", ["x"]),
    Scene("cta", "Đặt hàng ngay", ["x"])], contact="Cô Lan 0912 345 678", link="https://zalo.me/0912345678")


def test_lines_never_break_inside_a_vietnamese_word():
    text = "Nước mắm cá cơm gia truyền ủ chượp mười hai tháng tuổi tại Buôn Ma Thuột tỉnh Đắk Lắk"
    together = ["gia truyền", "nước mắm", "tháng tuổi", "Buôn Ma Thuột", "Đắk Lắk", "cá cơm"]
    for width in range(300, 700, 23):            # every word fits a line at these widths
        block = fit_text(text, "BeVietnamPro-SemiBold", width, 2000, 40, min_size=40)
        joined = " | ".join(block.lines)
        assert " ".join(block.lines) == text
        for word in together:
            assert word.lower() in joined.lower(), f"“{word}” split at width {width}: {joined}"


def test_fitting_measures_each_word_once_so_work_grows_linearly(monkeypatch):
    from tools.video import textfit
    calls = []
    real = textfit.load_font

    class Counting:
        def __init__(self, font):
            self.font = font

        def getlength(self, text):
            calls.append(len(text))
            return self.font.getlength(text)

        def getbbox(self, text, *args, **kwargs):
            calls.append(len(text))
            return self.font.getbbox(text, *args, **kwargs)

    monkeypatch.setattr(textfit, "load_font", lambda name, size: Counting(real(name, size)))
    base = "Nước mắm cá cơm gia truyền ủ chượp mười hai tháng tuổi trong thùng gỗ số {} "
    work = {}
    for n in (500, 2000):
        textfit.advance.cache_clear()
        calls.clear()
        text = "".join(base.format(i) for i in range(200))[:n]
        fit_text(text, "BeVietnamPro-SemiBold", 600, 900, 44)
        work[n] = sum(calls)                       # characters measured, all sizes tried included
    assert work[2000] <= 6 * work[500]             # 4x the text: about 4x the work
    assert work[2000] <= 10 * 2000                 # each character measured a few times, not once per word per line (25 s before)


def test_qr_picture_carries_the_exact_code_for_the_link():
    import qrcode
    link = "https://zalo.me/0912345678"
    picture = np.asarray(cards.qr_image(link, 200).convert("L"))
    qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=2)
    qr.add_data(link)
    qr.make(fit=True)
    matrix = np.array(qr.get_matrix())           # True = dark module, quiet zone included
    cell = picture.shape[0] // matrix.shape[0]
    assert picture.shape[0] <= 200 and cell >= 3    # big enough to scan from a phone screen
    centres = picture[cell // 2::cell, cell // 2::cell][:matrix.shape[0], :matrix.shape[1]]
    assert np.array_equal(centres < 128, matrix)
