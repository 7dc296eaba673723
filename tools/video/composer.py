"""Frames composed with Pillow: scene picture (photo with a gentle zoom/pan, or a title card),
heading, caption in sync with the voice, transitions, fades. Static parts are drawn once and reused,
so a frame costs little more than copying bytes and the encoder stays the bottleneck.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
from PIL import Image, ImageDraw

from tools.video import cards
from tools.video.safearea import plan as frame_plan
from tools.video.script_model import VideoScript
from tools.video.templates import Template, rgb
from tools.video.timeline import Timeline

PHOTO_KINDS = ("hook", "feature")
MOTION_FPS = 8    # a slow zoom moves under a pixel per update at this rate: smooth, a third of the work
cv2.setNumThreads(1)   # the encoder already keeps both cores busy; OpenCV's pool would only contend


def _ease(u: float) -> float:
    u = min(1.0, max(0.0, u))
    return u * u * (3 - 2 * u)


@dataclass
class _Motion:
    """A photo prepared for a moving crop: source a little larger than the target box."""
    source: Image.Image
    target: tuple[int, int]
    kind: str

    def __post_init__(self) -> None:
        self._pixels = np.asarray(self.source.convert("RGB"))   # read once; every zoom step samples it

    def box(self, u: float) -> tuple[int, int, int, int]:
        """The source rectangle shown at u (0..1), in whole pixels, centred exactly (the margins left
        and right are equal), so the picture never jitters sideways while it zooms."""
        tw, th = self.target
        sw, sh = self.source.size
        e = _ease(u)
        if self.kind == "pan":   # a pure crop moving by whole pixels: no resampling at all
            x = int(round((sw - tw) * e))
            y = (sh - th) // 2
            return x, y, x + tw, y + th
        if self.kind == "none":
            x, y = (sw - tw) // 2, (sh - th) // 2
            return x, y, x + tw, y + th
        z = e if self.kind == "zoom_in" else 1 - e          # 0: whole source, 1: target-sized box
        bw = _centred(sw, sw - (sw - tw) * z)
        bh = _centred(sh, sh - (sh - th) * z)
        x0, y0 = (sw - bw) // 2, (sh - bh) // 2
        return x0, y0, x0 + bw, y0 + bh

    def pixels_at(self, u: float) -> np.ndarray:
        """The picture at u as an RGB array (a view into the source when no resampling is needed)."""
        l, t, r, b = self.box(u)
        if (r - l, b - t) == self.target:
            return self._pixels[t:b, l:r]
        # OpenCV's bilinear resize of the box: the same picture as Pillow's within a grey level or two
        # for these near-1:1 scales, at a fifth of the CPU time (the zoom was most of a frame's cost)
        return cv2.resize(self._pixels[t:b, l:r], self.target, interpolation=cv2.INTER_LINEAR)


def _centred(full: int, size: float) -> int:
    """A whole-pixel length near `size` that leaves an even margin in `full` (so it centres exactly)."""
    n = int(round(size))
    return n if (full - n) % 2 == 0 else n + 1 if n < full else n - 1


@dataclass
class _Layer:
    """An RGBA overlay ready to draw onto RGB arrays: its colour premultiplied by its alpha, and the
    share of the picture below that shows through (both uint8, computed once)."""
    x: int
    y: int
    color: np.ndarray      # rgb * alpha / 255
    through: np.ndarray    # 255 - alpha, per channel

    @classmethod
    def of(cls, picture: Image.Image, xy: tuple[int, int], size: tuple[int, int]) -> "_Layer":
        x, y = xy
        left, top = max(0, -x), max(0, -y)
        right, bottom = min(picture.width, size[0] - x), min(picture.height, size[1] - y)
        rgba = np.asarray(picture.convert("RGBA"), dtype=np.uint16)[top:bottom, left:right]
        alpha = rgba[..., 3:4]
        color = ((rgba[..., :3] * alpha + 127) // 255).astype(np.uint8)
        through = np.repeat(255 - alpha, 3, axis=2).astype(np.uint8)
        return cls(x + left, y + top, color, through)

    def draw(self, frame: np.ndarray) -> None:
        h, w = self.color.shape[:2]
        region = frame[self.y:self.y + h, self.x:self.x + w]
        region[:] = cv2.add(self.color, cv2.multiply(region, self.through, scale=1 / 255))


def assign_photos(script: VideoScript, count: int) -> dict[int, list[int]]:
    """Which photos each photo scene shows, in order: every photo once (scenes share their time
    among their photos); with fewer photos than scenes the photos repeat. A scene's `photo`
    field pins its first photo."""
    slots = [i for i, s in enumerate(script.scenes) if s.kind in PHOTO_KINDS]
    if not count or not slots:
        return {}
    plan: dict[int, list[int]] = {i: [] for i in slots}
    if count <= len(slots):
        for k, i in enumerate(slots):
            pinned = script.scenes[i].photo
            plan[i].append((pinned if pinned is not None else k) % count)
        return plan
    for k in range(count):   # more photos than scenes: consecutive photos share a scene
        plan[slots[k * len(slots) // count]].append(k)
    return plan


class Composer:
    def __init__(self, script: VideoScript, timeline: Timeline, template: Template, size: tuple[int, int],
                 photos: list[Path | Image.Image] | None = None, logo: Path | None = None,
                 platform: str | None = None, ai_label: str | None = None) -> None:
        self.script, self.timeline, self.template, self.size = script, timeline, template, size
        self.fps = template.fps
        self.frame_count = max(1, int(round(timeline.duration * self.fps)))
        self.plan = frame_plan(size, template, platform, logo is not None, bool(ai_label))
        w, h = size
        grow = 1 + 2 * template.motion.strength          # the largest source a scene needs (a pan)
        loaded = [p if isinstance(p, Image.Image) else cards.load_photo(p, target=(int(w * grow), int(h * grow)))
                  for p in (photos or [])]
        features = [s for s in script.scenes if s.kind == "feature"]
        self._static: dict[int, Image.Image] = {}       # scene -> finished picture (title cards)
        self._motion: dict[int, list[_Motion]] = {}     # scene -> its moving photos, sharing its time
        self._base: dict[int, Image.Image] = {}         # scene -> background under a card photo
        self._card_box = cards.photo_card_box(size, template, self.plan)
        self._heading: dict[int, tuple[Image.Image, tuple[int, int]]] = {}
        self.photo_plan = assign_photos(script, len(loaded))
        for i, scene in enumerate(script.scenes):
            if i in self.photo_plan:
                self._motion[i] = [self._prepare_photo(i, loaded[k]) for k in self.photo_plan[i]]
                title = scene.heading
                if scene.kind == "feature":   # the caption reads the feature: the band does not repeat it
                    title = cards.feature_title(scene.heading) or cards.feature_label(features.index(scene) + 1,
                                                                                     len(features))
                self._heading[i] = cards.heading_overlay(title, size, template, self.plan.heading_slot)
            else:
                number = features.index(scene) + 1 if scene.kind == "feature" else 0
                self._static[i] = cards.title_card(size, template, scene, script, number, len(features), self.plan)
        self._captions = [cards.caption_overlay(c.text, size, template,
                                                self.plan.card_caption_slot if timeline.scene_at(c.start)
                                                in self._static else self.plan.caption_slot)
                          for c in timeline.cues]
        self._logo = self._prepare_logo(logo) if logo else None
        self._label = cards.label_overlay(ai_label, size, self.plan.label_box) if ai_label else None
        self._last_key: tuple | None = None
        self._last_bytes = b""
        self._scene_cache: dict[tuple, np.ndarray] = {}
        self._ends: dict[int, np.ndarray] = {}
        self._masks: dict[tuple[int, int], np.ndarray] = {}
        self._solids: dict[tuple[int, int, int], np.ndarray] = {}
        self._arrays: dict[tuple, np.ndarray] = {}       # title cards and card backgrounds as arrays
        self._layers: dict[int, _Layer] = {}             # overlays premultiplied, by picture
        self.cover_photo = loaded[0] if loaded else None

    def overlay_boxes(self) -> list[tuple[str, tuple[int, int, int, int]]]:
        """(kind, rectangle) of every overlay drawn over the pictures: heading, caption, label, logo."""
        boxes = []
        for kind, items in (("heading", self._heading.values()), ("caption", self._captions),
                            ("label", [self._label] if self._label else []),
                            ("logo", [self._logo] if self._logo else [])):
            for picture, (x, y) in items:
                boxes.append((kind, (x, y, x + picture.width, y + picture.height)))
        return boxes

    def _prepare_photo(self, i: int, photo: Image.Image) -> _Motion:
        motion = self.template.motion
        grow = 1 + (motion.strength if motion.kind != "none" else 0)
        if self.template.layout.photo_fit == "card":
            l, t, r, b = self._card_box
            target = (r - l, b - t)
            if i not in self._base:
                base = cards.background(self.size, self.template)
                radius = max(6, self.size[0] // 40)
                shadow = cards.soft_shadow(self.size, (l + 4, t + 8, r + 4, b + 8), radius)
                base.paste((0, 0, 0), (0, 0), shadow.point(lambda v: v // 2))
                self._base[i] = base
        else:
            target = self.size
        src = (int(target[0] * grow), int(target[1] * grow))
        if motion.kind == "pan":  # pan sideways across a wider picture
            src = (int(target[0] * (1 + 2 * motion.strength)), target[1])
        return _Motion(cards.cover_fit(photo, src), target, motion.kind)

    def _prepare_logo(self, path: Path) -> tuple[Image.Image, tuple[int, int]]:
        try:
            with Image.open(path) as im:
                logo = im.convert("RGBA")
        except (OSError, ValueError) as exc:
            raise cards.PhotoError("not_image", f"Không mở được logo “{Path(path).name}”: tệp không phải ảnh.",
                                   Path(path).name) from exc
        l, t, r, b = self.plan.logo_box          # its reserved corner: right-aligned, top-aligned
        logo.thumbnail((r - l, b - t), Image.LANCZOS)
        return logo, (r - logo.width, t)

    # --- pictures ---------------------------------------------------------------------------

    def _motion_rate(self) -> float:
        """Zoom updates (resampling) at MOTION_FPS; a pan is a plain crop, so it moves every frame."""
        return self.fps if self.template.motion.kind == "pan" else MOTION_FPS

    def _motion_step(self, scene: int, local_t: float) -> int:
        return int(local_t * self._motion_rate())

    def scene_picture(self, scene: int, local_t: float) -> np.ndarray:
        """Scene i at local time (no caption) as an RGB array: cached per motion step."""
        if scene in self._static:
            return self._static_pixels(scene)
        step = self._motion_step(scene, local_t)
        key = (scene, step)
        cached = self._scene_cache.get(key)
        if cached is not None:
            return cached
        span = self.timeline.scenes[scene]
        photos = self._motion[scene]
        share = span.duration / len(photos)            # the scene's photos share its time
        t = step / self._motion_rate()
        part = min(len(photos) - 1, int(t / share))
        u = (t - part * share) / max(1e-6, share)
        moving = photos[part].pixels_at(u)
        if scene in self._base:
            picture = self._base_pixels(scene).copy()
            l, t, r, b = self._card_box
            self._put_card(picture, moving, l, t)
        else:
            picture = moving if moving.flags.writeable and moving.base is None else moving.copy()
        self._layer(self._heading[scene]).draw(picture)
        self._scene_cache = {key: picture}   # frames come in order: keep only the newest
        return picture

    def _static_pixels(self, scene: int) -> np.ndarray:
        key = ("static", scene)
        if key not in self._arrays:
            self._arrays[key] = np.asarray(self._static[scene].convert("RGB"))
        return self._arrays[key]

    def _base_pixels(self, scene: int) -> np.ndarray:
        key = ("base", scene)
        if key not in self._arrays:
            self._arrays[key] = np.asarray(self._base[scene].convert("RGB"))
        return self._arrays[key]

    def _layer(self, overlay: tuple[Image.Image, tuple[int, int]]) -> "_Layer":
        """An RGBA overlay made ready to draw many times (premultiplied once)."""
        layer = self._layers.get(id(overlay[0]))
        if layer is None:
            layer = self._layers[id(overlay[0])] = _Layer.of(overlay[0], overlay[1], self.size)
        return layer

    def _put_card(self, picture: np.ndarray, moving: np.ndarray, left: int, top: int) -> None:
        """The card photo on its background, with rounded corners (the corners keep the background)."""
        h, w = moving.shape[:2]
        region = picture[top:top + h, left:left + w]
        mask = self._card_mask((w, h))
        r = mask.shape[0]
        saved = [(ys, xs, region[ys, xs].copy()) for ys, xs in
                 ((slice(0, r), slice(0, r)), (slice(0, r), slice(w - r, w)),
                  (slice(h - r, h), slice(0, r)), (slice(h - r, h), slice(w - r, w)))]
        region[:] = moving
        for (ys, xs, behind), corner in zip(saved, (mask, mask[:, ::-1], mask[::-1, :], mask[::-1, ::-1])):
            np.copyto(region[ys, xs], behind, where=~corner[..., None])

    def _card_mask(self, size: tuple[int, int]) -> np.ndarray:
        """The top-left corner of a card photo's rounded mask (True: photo shows), drawn once."""
        mask = self._masks.get(size)
        if mask is None:
            radius = max(6, self.size[0] // 40)
            full = Image.new("L", size, 0)
            ImageDraw.Draw(full).rounded_rectangle((0, 0, size[0] - 1, size[1] - 1), radius=radius, fill=255)
            r = min(radius + 1, size[0] // 2, size[1] // 2)
            mask = self._masks[size] = np.asarray(full)[:r, :r] > 127
        return mask

    def _transition_step(self, scene: int, local_t: float) -> float | None:
        tr = self.template.transition
        if scene == 0 or tr.kind == "cut" or tr.seconds <= 0 or local_t >= tr.seconds:
            return None
        return round(_ease(local_t / tr.seconds) * 24) / 24   # few distinct steps: equal frames are reused

    def _transition(self, scene: int, u: float, current: np.ndarray) -> np.ndarray:
        tr = self.template.transition
        prev_span = self.timeline.scenes[scene - 1]
        previous = self.scene_picture_at_end(scene - 1, prev_span.duration)
        w = self.size[0]
        if tr.kind == "crossfade":
            return cv2.addWeighted(previous, 1.0 - u, current, u, 0.0)
        if tr.kind == "slide":
            shift = int(round(w * u))
            return np.concatenate([previous[:, shift:], current[:, :shift]], axis=1)
        out = previous.copy()   # wipe: the new scene is revealed from left to right
        edge = int(round(w * u))
        out[:, :edge] = current[:, :edge]
        return out

    def scene_picture_at_end(self, scene: int, local_t: float) -> np.ndarray:
        if scene in self._static:
            return self._static_pixels(scene)
        if scene not in self._ends:
            saved = self._scene_cache
            self._ends[scene] = self.scene_picture(scene, max(0.0, local_t - 1e-3)).copy()
            self._scene_cache = saved
        return self._ends[scene]

    def frame_bytes(self, n: int) -> bytes:
        """Frame n as packed RGB24 bytes (what the encoder reads). Consecutive equal frames (same
        scene step, caption, transition and fade step) are the same bytes object, drawn once."""
        t = n / self.fps
        scene = self.timeline.scene_at(t)
        span = self.timeline.scenes[scene]
        local_t = t - span.start
        cue = self.timeline.cue_at(t)
        fade = self._fade(t)
        step = None if scene in self._static else self._motion_step(scene, local_t)
        tr_u = self._transition_step(scene, local_t)
        key = (scene, step, tr_u, cue, fade)
        if key == self._last_key:
            return self._last_bytes
        picture = self.scene_picture(scene, local_t)
        frame = self._transition(scene, tr_u, picture) if tr_u is not None else picture.copy()
        if cue is not None:
            self._layer(self._captions[cue]).draw(frame)
        for overlay in (self._logo, self._label):
            if overlay is not None:
                self._layer(overlay).draw(frame)
        if fade is not None:
            color = self._fade_color(t)
            solid = self._solids.get(color)
            if solid is None:
                solid = self._solids[color] = np.full_like(frame, color, dtype=np.uint8)
            frame = cv2.addWeighted(solid, 1.0 - fade, frame, fade, 0.0)
        self._last_key, self._last_bytes = key, frame.tobytes()
        return self._last_bytes

    def _fade(self, t: float) -> float | None:
        intro, outro = self.template.intro.fade_in, self.template.outro.fade_out
        if intro > 0 and t < intro:
            return round(_ease(t / intro) * 24) / 24
        left = self.timeline.duration - t
        if outro > 0 and left < outro:
            return round(_ease(left / outro) * 24) / 24
        return None

    def _fade_color(self, t: float) -> tuple[int, int, int]:
        return rgb(self.template.palette.background[0]) if t < self.timeline.duration / 2 else (0, 0, 0)

    def cover(self) -> Image.Image:
        return cards.cover_image(self.size, self.template, self.script, self.cover_photo, self.plan)

    def close(self) -> None:
        self._scene_cache.clear()
        self._ends.clear()
