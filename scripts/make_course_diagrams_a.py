"""Draw the teaching diagrams of modules 1–3 as PNG files (Pillow, DejaVu Sans).

Run: /work/venv/bin/python scripts/make_course_diagrams_a.py
Writes courses/01-ai-la-gi/images/*.png, courses/02-.../images/*.png, courses/04-.../images/*.png.
"""
from __future__ import annotations

import unicodedata
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parent.parent
COURSES = ROOT / "courses"
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
SIZE = (900, 500)
BG = "#ffffff"
INK = "#1f2933"
MUTED = "#52606d"
COLOURS = ["#2f80ed", "#27ae60", "#f2994a", "#9b51e0", "#eb5757", "#00a3a3"]


def font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(FONT_DIR / ("DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf")), size)


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def text(draw: ImageDraw.ImageDraw, xy, value: str, size: int, fill=INK, bold=False, anchor="la") -> None:
    draw.text(xy, nfc(value), font=font(size, bold), fill=fill, anchor=anchor)


def wrap(value: str, size: int, width: int, bold: bool = False) -> list[str]:
    """Split text into lines no wider than `width` pixels."""
    f, lines, line = font(size, bold), [], ""
    for word in nfc(value).split():
        trial = f"{line} {word}".strip()
        if f.getlength(trial) <= width or not line:
            line = trial
        else:
            lines.append(line)
            line = word
    return lines + [line] if line else lines


def canvas(title: str) -> tuple[Image.Image, ImageDraw.ImageDraw]:
    image = Image.new("RGB", SIZE, BG)
    draw = ImageDraw.Draw(image)
    text(draw, (SIZE[0] // 2, 28), title, 28, bold=True, anchor="mt")
    return image, draw


def save(image: Image.Image, module: str, name: str) -> Path:
    out = COURSES / module / "images" / name
    out.parent.mkdir(parents=True, exist_ok=True)
    image.quantize(colors=64).save(out, optimize=True)
    return out


def next_word() -> Path:
    """How a chatbot predicts the next word (illustrative probabilities)."""
    image, draw = canvas("Chatbot đoán chữ tiếp theo")
    draw.rounded_rectangle((30, 90, 420, 160), 14, fill="#eef4fd", outline=COLOURS[0], width=3)
    text(draw, (225, 125), "Nhãn lồng Hưng Yên rất …", 23, bold=True, anchor="mm")
    text(draw, (220, 190), "Chatbot chấm điểm từng chữ", 18, MUTED, anchor="mm")
    text(draw, (220, 215), "có thể đi tiếp theo", 18, MUTED, anchor="mm")
    candidates = [("ngọt", 62), ("thơm", 21), ("to", 9), ("đắt", 5), ("xanh", 3)]
    top, bar_x, bar_max = 90, 560, 280
    for i, (word, pct) in enumerate(candidates):
        y = top + i * 58
        colour = COLOURS[1] if i == 0 else "#bcccdc"
        text(draw, (bar_x - 14, y + 20), word, 22, bold=i == 0, anchor="rm")
        draw.rounded_rectangle((bar_x, y + 4, bar_x + max(8, bar_max * pct // 62), y + 38), 8, fill=colour)
        text(draw, (bar_x + bar_max * pct // 62 + 12, y + 20), f"{pct}%", 20, anchor="lm")
    draw.line((425, 125, 470, 125), fill=INK, width=3)
    draw.polygon([(470, 115), (488, 125), (470, 135)], fill=INK)
    draw.rounded_rectangle((40, 390, 860, 470), 14, fill="#effaf3", outline=COLOURS[1], width=2)
    text(draw, (450, 413), "Chọn “ngọt” → viết ra → lại đoán chữ tiếp theo … cho tới hết câu.", 20, anchor="mm")
    text(draw, (450, 446), "Số liệu chỉ để minh họa. Chữ hay gặp nhất chưa chắc là sự thật.", 18, MUTED, anchor="mm")
    return save(image, "01-ai-la-gi", "doan-chu-tiep-theo.png")


def prompt_parts() -> Path:
    """The five parts of a good prompt."""
    image, draw = canvas("5 phần của một câu lệnh tốt")
    parts = [
        ("1. Vai trò", "Bạn là người bán hàng ở Mỹ Hào"),
        ("2. Bối cảnh", "Nhãn lồng mới hái, giá 45.000đ/kg, rao trong nhóm Zalo"),
        ("3. Nhiệm vụ", "Viết một tin rao bán ngắn"),
        ("4. Định dạng", "Dưới 80 chữ, tiếng Việt có dấu, 3 gạch đầu dòng"),
        ("5. Ví dụ", "Giọng văn giống tin mẫu: “Nhà em có …”"),
    ]
    for i, (name, sample) in enumerate(parts):
        y = 80 + i * 80
        colour = COLOURS[i]
        draw.rounded_rectangle((40, y, 250, y + 64), 12, fill=colour)
        text(draw, (145, y + 32), name, 22, "#ffffff", bold=True, anchor="mm")
        draw.rounded_rectangle((262, y, 860, y + 64), 12, fill="#f5f7fa", outline=colour, width=2)
        lines = wrap(sample, 19, 570)
        for j, line in enumerate(lines[:2]):
            offset = (j - (len(lines[:2]) - 1) / 2) * 24
            text(draw, (280, y + 32 + offset), line, 19, anchor="lm")
    return save(image, "02-tro-chuyen-voi-ai", "nam-phan-cau-lenh.png")


def iterate_loop() -> Path:
    """Ask, read, check, ask again."""
    image, draw = canvas("Hỏi – đọc – kiểm tra – hỏi lại")
    steps = [
        ("Hỏi", "Câu lệnh đủ 5 phần"),
        ("Đọc", "Đúng ý chưa? Dễ hiểu chưa?"),
        ("Kiểm tra", "Số liệu, tên, giá có đúng?"),
        ("Hỏi lại", "“Ngắn hơn”, “có dấu”, “bỏ ý sai”"),
    ]
    centres = [(225, 160), (675, 160), (675, 370), (225, 370)]
    for i, ((name, hint), (cx, cy)) in enumerate(zip(steps, centres)):
        draw.rounded_rectangle((cx - 170, cy - 62, cx + 170, cy + 62), 18, fill=COLOURS[i])
        text(draw, (cx, cy - 22), name, 26, "#ffffff", bold=True, anchor="mm")
        for j, line in enumerate(wrap(hint, 18, 310)[:2]):
            text(draw, (cx, cy + 14 + j * 24), line, 18, "#ffffff", anchor="mm")
    arrows = [((400, 160), (500, 160)), ((675, 227), (675, 303)), ((500, 370), (400, 370)), ((225, 303), (225, 227))]
    for (x1, y1), (x2, y2) in arrows:
        draw.line((x1, y1, x2, y2), fill=INK, width=4)
        dx, dy = (x2 > x1) - (x2 < x1), (y2 > y1) - (y2 < y1)
        tip = (x2, y2)
        draw.polygon([tip, (x2 - 16 * dx - 9 * dy, y2 - 16 * dy - 9 * dx),
                      (x2 - 16 * dx + 9 * dy, y2 - 16 * dy + 9 * dx)], fill=INK)
    text(draw, (450, 470), "Dùng được rồi mới đăng, gửi hoặc nộp bài.", 19, MUTED, anchor="mm")
    return save(image, "02-tro-chuyen-voi-ai", "hoi-lai-vong-lap.png")


def listing_checklist() -> Path:
    """What to check before posting a listing."""
    image, draw = canvas("Kiểm tra trước khi đăng tin bán hàng")
    items = [
        "Sản phẩm được phép quảng cáo (không rượu từ 15 độ, thuốc lá…)",
        "Giá đúng như mình bán, viết rõ: 45.000đ",
        "Không nói “chữa bệnh”, “chữa khỏi”, “trị mụn”, “giảm cân”",
        "Không dùng “nhất”, “số một”, “hàng đầu” khi không có giấy tờ chứng minh",
        "Không bịa chứng nhận (OCOP, VietGAP…), giảm giá, quà tặng, freeship",
        "Đủ câu bắt buộc (ví dụ với thực phẩm bảo vệ sức khỏe)",
        "Tiếng Việt có dấu, đọc lại một lượt",
    ]
    for i, item in enumerate(items):
        y = 82 + i * 57
        draw.rounded_rectangle((40, y, 860, y + 48), 10, fill="#f5f7fa")
        draw.rounded_rectangle((54, y + 9, 84, y + 39), 6, outline=COLOURS[1], width=3)
        draw.line((61, y + 24, 68, y + 32), fill=COLOURS[1], width=4)
        draw.line((68, y + 32, 79, y + 15), fill=COLOURS[1], width=4)
        text(draw, (100, y + 24), item, 19, anchor="lm")
    return save(image, "04-ai-cho-ban-hang", "kiem-tra-truoc-khi-dang.png")


DIAGRAMS = [next_word, prompt_parts, iterate_loop, listing_checklist]

if __name__ == "__main__":
    for make in DIAGRAMS:
        path = make()
        print(f"{path.relative_to(ROOT)}  {path.stat().st_size // 1024} KB")
