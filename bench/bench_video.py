"""Bench: a ~30 s marketing video with photos, on this machine (2 cores), in one run.

Prints
  ratio 1a  total / video duration at 720x1280, 24 fps (script -> signed MP4 + cover)   goal <= 0.5
  ratio 1b  total / video duration at 1080x1920, 30 fps (the same, with the AI marks)  goal <= 0.5
  ratio 2   frames+encoding / encoding the same frames alone (720p)                     goal <= 1.3
            (wall time, and the same in CPU seconds: composing + encoder / encoder)
  ratio 3   the same scenes as moviepy layers / our frames+encoding (720p)              goal >= 3
            (same pictures, overlays, timings, audio and x264 settings; only the compositing differs)
  signing   seconds the C2PA signing of the MP4 and the cover adds (1080p)              goal <= 1 s
and, with --backend embedded, the 720p total with the model writing the opening sentence.

Run: python -m bench.bench_video [--backend rules|embedded] [--skip-moviepy]
"""
from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tools.product import Product  # noqa: E402
from tools.video import RenderOptions, make_video  # noqa: E402
from tools.video.composer import Composer  # noqa: E402
from tools.video.encoder import FrameEncoder  # noqa: E402
from tools.video.render import mix_audio, voice_track  # noqa: E402
from tools.video.script import write_script  # noqa: E402
from tools.video.templates import get_template  # noqa: E402
from tools.voice.audio import write_wav  # noqa: E402

PRODUCT = Product.from_fields(
    name="Nước mắm cá cơm Mỹ Hào", category="Thực phẩm", price="45.000đ", audience="gia đình",
    features="Cá cơm tươi ủ chượp với muối biển 12 tháng trong thùng gỗ; "
             "Nước mắm màu cánh gián, mùi thơm nhẹ, vị mặn dịu; "
             "Đóng chai thủy tinh 500ml, nắp vặn kín, dễ bảo quản; "
             "Dùng để chấm, kho cá, nấu canh hay pha nước chấm đều hợp")
CONTACT, LINK = "Cô Lan · 0912 345 678", "https://zalo.me/0912345678"


def make_photos(folder: Path) -> list[Path]:
    """Three textured 1600x1200 'photos' (detail everywhere, like a real picture, for a fair encode)."""
    rng = np.random.default_rng(7)
    paths = []
    for i, base in enumerate([(170, 100, 50), (60, 120, 80), (90, 70, 140)]):
        noise = rng.normal(0, 28, (300, 400, 3))
        small = np.clip(np.array(base) + noise, 0, 255).astype(np.uint8)
        image = Image.fromarray(small).resize((1600, 1200), Image.BICUBIC)
        draw = ImageDraw.Draw(image)
        draw.rounded_rectangle((620, 200, 980, 1100), radius=60, fill=(80, 45, 20))
        draw.ellipse((680, 420, 920, 660), fill=(245, 215, 120))
        path = folder / f"photo{i}.jpg"
        image.filter(ImageFilter.GaussianBlur(1)).save(path, quality=92)
        paths.append(path)
    return paths


def timed(fn):
    start = time.perf_counter()
    value = fn()
    return time.perf_counter() - start, value


def encode_alone(composer: Composer, audio: Path, out: Path, preset: str) -> tuple[float, float, float]:
    """The very frames our composer made, held in memory first, then only encoded.

    Returns (encoding wall seconds, CPU seconds our composing took, CPU seconds the encoder took):
    CPU seconds do not depend on what else the shared machine is doing."""
    cpu = time.process_time()
    frames = [composer.frame_bytes(n) for n in range(composer.frame_count)]   # repeats share one object
    compose_cpu = time.process_time() - cpu
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    with FrameEncoder(out, composer.size, composer.fps, audio, preset) as encoder:
        for frame in frames:
            encoder.write(frame)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    encoder_cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, compose_cpu, encoder_cpu


def moviepy_layers(composer: Composer, audio: Path, out: Path, preset: str, tmp: Path) -> float:
    """The same scenes built as moviepy layers: photo with zoom, heading, captions, crossfades."""
    from moviepy import AudioFileClip, ColorClip, CompositeVideoClip, ImageClip, vfx

    w, h = composer.size
    template, timeline = composer.template, composer.timeline
    layers = [ColorClip((w, h), color=(0, 0, 0)).with_duration(timeline.duration)]
    fade = template.transition.seconds
    for span in timeline.scenes:
        i, d = span.index, span.duration
        if i in composer._static:                                   # a title card: one still picture
            clip = ImageClip(np.asarray(composer._static[i])).with_duration(d)
        else:                                                       # the photo, zooming like ours
            motion = composer._motion[i][0]
            src = motion.source
            grow = src.width / motion.target[0]
            clip = (ImageClip(np.asarray(src)).with_duration(d)
                    .resized(lambda t, d=d, g=grow: g - (g - 1) * min(1.0, t / d))
                    .with_position("center"))
            if i in composer._base:
                l, t_, r, b = composer._card_box
                clip = CompositeVideoClip([ImageClip(np.asarray(composer._base[i])).with_duration(d),
                                           clip.with_position(("center", t_))], size=(w, h))
            band, (x, y) = composer._heading[i]
            clip = CompositeVideoClip([clip, ImageClip(np.asarray(band)).with_duration(d).with_position((x, y))],
                                      size=(w, h))
        clip = clip.with_start(span.start)
        if i and fade > 0:
            clip = clip.with_effects([vfx.CrossFadeIn(fade)])
        layers.append(clip)
    for cue, (picture, (x, y)) in zip(timeline.cues, composer._captions):
        layers.append(ImageClip(np.asarray(picture)).with_start(cue.start).with_duration(cue.end - cue.start)
                      .with_position((x, y)))
    video = CompositeVideoClip(layers, size=(w, h)).with_audio(AudioFileClip(str(audio)))
    start = time.perf_counter()
    video.write_videofile(str(out), fps=composer.fps, codec="libx264", audio_codec="aac", preset=preset,
                          ffmpeg_params=["-crf", "23", "-pix_fmt", "yuv420p"], logger=None,
                          temp_audiofile_path=str(tmp))
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", default="rules", choices=["rules", "embedded"])
    parser.add_argument("--skip-moviepy", action="store_true")
    parser.add_argument("--template", default="tuoi-sang")
    args = parser.parse_args()
    print(f"máy: {os.cpu_count()} nhân, tải trung bình {os.getloadavg()[0]:.1f} (máy dùng chung: số đo dao động)")

    with tempfile.TemporaryDirectory(prefix="bench-video-") as tmp_name:
        tmp = Path(tmp_name)
        photos = make_photos(tmp)
        options = RenderOptions(template=args.template, photos=photos, link=LINK, contact=CONTACT)

        total, result = timed(lambda: make_video(PRODUCT, tmp / "ours", replace(options, fps=24)))
        assert result.status == "done", result.message
        duration = result.duration_s
        ours = result.timings["frames_and_encode_s"]
        print(f"\nvideo {duration:.1f} s, giọng {result.voice_backend}, mẫu {args.template}, có nhãn AI và chữ ký C2PA")
        print("  720p24:  " + ", ".join(f"{k} {v:.2f}s" for k, v in result.timings.items()))
        hd_total, hd = timed(lambda: make_video(PRODUCT, tmp / "hd", replace(options, size="1080x1920", fps=30)))
        assert hd.status == "done", hd.message
        print("  1080p30: " + ", ".join(f"{k} {v:.2f}s" for k, v in hd.timings.items()))
        print(f"ratio 1a: total / thời lượng, 720x1280 24 hình/giây   {total / duration:6.2f}   (mục tiêu <= 0.5; "
              f"{total:.1f} s)")
        print(f"ratio 1b: total / thời lượng, 1080x1920 30 hình/giây  {hd_total / hd.duration_s:6.2f}   "
              f"(mục tiêu <= 0.5; {hd_total:.1f} s)")
        print(f"signing: ký C2PA (MP4 + ảnh bìa, 1080p)               {hd.timings['sign_s']:6.2f} s (mục tiêu <= 1 s)")

        # the same script, voice, pictures and audio, rebuilt for the two comparisons
        script = write_script(PRODUCT, contact=CONTACT, link=LINK)
        template = get_template(args.template)
        timeline, _, _ = voice_track(script, options, template.transition.seconds, template.outro.hold)
        composer = Composer(script, timeline, template, (720, 1280), photos, None, None, "Video có sử dụng AI")
        audio = write_wav(tmp / "audio.wav", mix_audio(timeline, template.music_path,
                                                       template.music.volume if template.music else 0))
        alone, compose_cpu, encoder_cpu = encode_alone(composer, audio, tmp / "alone.mp4", options.preset)
        print(f"ratio 2: hình+mã hóa / chỉ mã hóa {ours / alone:6.2f}   (mục tiêu <= 1.3; "
              f"{ours:.2f} s so với {alone:.2f} s)")
        print(f"ratio 2 theo CPU: (dựng hình + mã hóa) / mã hóa {(compose_cpu + encoder_cpu) / encoder_cpu:6.2f}   "
              f"(dựng {compose_cpu:.2f} s CPU = {1000 * compose_cpu / composer.frame_count:.1f} ms/hình, "
              f"mã hóa {encoder_cpu:.2f} s CPU)")
        from tools.video.textfit import fit_text
        long_text = ("Nước mắm cá cơm gia truyền ủ chượp mười hai tháng tuổi trong thùng gỗ. " * 40)[:2000]
        fit_s, _ = timed(lambda: fit_text(long_text, "BeVietnamPro-SemiBold", 600, 900, 44))
        print(f"fitting: xếp 2.000 ký tự vào khung                   {fit_s:6.2f} s (trước đây 25 s)")
        if not args.skip_moviepy:
            layered = moviepy_layers(composer, audio, tmp / "moviepy.mp4", options.preset, tmp)
            print(f"ratio 3: moviepy lớp / của ta    {layered / ours:6.2f}x  (mục tiêu >= 3; "
                  f"{layered:.2f} s so với {ours:.2f} s)")
        if args.backend != "rules":
            from tools.video.drafting import default_drafter
            drafter = default_drafter(args.backend)
            model_total, model_result = timed(lambda: make_video(PRODUCT, tmp / "model", options, drafter=drafter))
            source = "mô hình" if "model" in model_result.script_json.read_text(encoding="utf-8") else "luật"
            print(f"total với mô hình {args.backend}: {model_total:.2f} s (tỉ lệ {model_total / model_result.duration_s:.2f}; "
                  f"câu mở đầu do {source} viết)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
