"""The frame composer's fast paths draw the same pictures as plain Pillow would."""
from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from tools.video.composer import _ease, _Motion


def _photo(size: tuple[int, int]) -> Image.Image:
    """A smooth picture with detail (gradients and rings), like a real photo."""
    w, h = size
    y, x = np.mgrid[0:h, 0:w]
    r = (127 + 120 * np.sin(x / 23.0)).astype(np.uint8)
    g = (127 + 120 * np.cos(y / 31.0)).astype(np.uint8)
    b = (127 + 120 * np.sin(np.hypot(x - w / 2, y - h / 2) / 17.0)).astype(np.uint8)
    return Image.fromarray(np.dstack([r, g, b]))


@pytest.mark.parametrize("kind", ["zoom_in", "zoom_out"])
def test_zoom_matches_pillow_and_stays_centred(kind):
    target = (180, 320)
    source = _photo((int(180 * 1.07), int(320 * 1.07)))
    motion = _Motion(source, target, kind)
    sw, sh = source.size
    for u in (0.0, 0.25, 0.5, 0.8, 1.0):
        l, t, r, b = motion.box(u)
        assert l == sw - r and t == sh - b                       # equal margins: no sideways jitter
        z = _ease(u) if kind == "zoom_in" else 1 - _ease(u)
        assert abs((r - l) - (sw - (sw - target[0]) * z)) <= 1.5  # the eased zoom, to a pixel or so
        ours = motion.pixels_at(u).astype(int)
        assert ours.shape == (target[1], target[0], 3)
        exact = (sw - (sw - target[0]) * z, sh - (sh - target[1]) * z)
        x0, y0 = (sw - exact[0]) / 2, (sh - exact[1]) / 2
        pillow = np.asarray(source.resize(target, Image.BILINEAR, box=(x0, y0, x0 + exact[0], y0 + exact[1])),
                            dtype=int)
        assert np.abs(ours - pillow).mean() < 3                  # the same picture (sub-pixel offsets only)


def test_zoom_ends_and_pan_are_plain_crops():
    source = _photo((200, 300))
    pan = _Motion(source, (180, 300), "pan")
    assert pan.box(0.0) == (0, 0, 180, 300) and pan.box(1.0) == (20, 0, 200, 300)
    assert pan.pixels_at(1.0).tobytes() == np.asarray(source.crop((20, 0, 200, 300))).tobytes()
    zoom = _Motion(source, (180, 280), "zoom_in")
    assert zoom.pixels_at(1.0).tobytes() == np.asarray(source.crop((10, 10, 190, 290))).tobytes()


def test_crossfade_and_fade_match_pillow_blend_within_one_level():
    """Transitions and fades mix arrays with cv2.addWeighted; Image.blend is the reference look."""
    import cv2
    a, b = _photo((120, 90)), Image.new("RGB", (120, 90), (250, 10, 40))
    for u in (0.0, 0.3, 0.5, 1.0):
        ours = cv2.addWeighted(np.asarray(a), 1.0 - u, np.asarray(b), u, 0.0).astype(int)
        assert np.abs(ours - np.asarray(Image.blend(a, b, u), dtype=int)).max() <= 1


def test_overlay_layer_draws_like_pillow_paste():
    from tools.video.composer import _Layer
    base = _photo((200, 160))
    overlay = Image.new("RGBA", (90, 40), (0, 0, 0, 0))
    overlay.paste((250, 240, 20, 255), (0, 0, 60, 40))
    overlay.paste((10, 20, 200, 128), (60, 0, 90, 40))          # half transparent
    expected = base.copy()
    expected.paste(overlay, (150, 140), overlay)                  # partly outside the frame
    frame = np.array(base)
    _Layer.of(overlay, (150, 140), base.size).draw(frame)
    assert np.abs(frame.astype(int) - np.asarray(expected, dtype=int)).max() <= 1


@pytest.mark.parametrize("name", ["toi-gian", "sang-trong"])
def test_card_frames_keep_rounded_corners_and_reuse_equal_frames(name):
    """A whole short video's frames (card photo with rounded corners, captions, label, transitions,
    fades): every frame has the right size, a zoom reuses equal frames, the corners show the card's
    background."""
    from tools.video.composer import Composer
    from tools.video.script_model import Scene, VideoScript
    from tools.video.templates import get_template
    from tools.video.timeline import build_timeline
    script = VideoScript("Tên", 1, "1đ", [Scene("hook", "Mở", ["Câu một."]), Scene("feature", "Hai", ["Câu hai."])])
    timeline = build_timeline(script, [1.2, 1.2], [np.zeros(10, np.float32)] * 2, 0.4, 0.3)
    template = get_template(name)
    composer = Composer(script, timeline, template, (90, 160), [_photo((300, 400))], None, None, "Nhãn")
    frames = [composer.frame_bytes(n) for n in range(composer.frame_count)]
    assert all(len(f) == 90 * 160 * 3 for f in frames)
    distinct = {id(f) for f in frames}
    if template.motion.kind != "pan":          # a pan moves every frame; a zoom steps at MOTION_FPS
        assert 1 < len(distinct) < len(frames) / 2
    l, t, r, b = composer._card_box
    middle = next(n for n in range(composer.frame_count) if composer.timeline.scene_at(n / composer.fps) == 0
                  and composer._transition_step(0, n / composer.fps) is None and composer._fade(n / composer.fps) is None)
    picture = np.frombuffer(frames[middle], np.uint8).reshape(160, 90, 3)
    background = np.asarray(composer._base[0].convert("RGB"))
    assert (picture[t, l] == background[t, l]).all()             # a rounded corner shows the background
