"""Draw the diagrams of course modules 4–6 (Pillow) into courses/<module>/images/.

Run: python scripts/make_course_diagrams_b.py   (rewrites the PNG files; text is NFC Vietnamese)
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parents[1] / "courses"
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
FONT_BOLD = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"
SIZE = (900, 500)
INK, PAPER, MUTED = (33, 37, 41), (255, 255, 255), (90, 98, 104)
COLOURS = [(227, 242, 253), (232, 245, 233), (255, 243, 224), (252, 228, 236), (237, 231, 246), (224, 247, 250)]
EDGES = [(25, 118, 210), (56, 142, 60), (245, 124, 0), (194, 24, 91), (94, 53, 177), (0, 131, 143)]


def font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(FONT_BOLD if bold else FONT, size)


def wrap(text: str, fnt: ImageFont.FreeTypeFont, width: int) -> list[str]:
    lines: list[str] = []
    for paragraph in unicodedata.normalize("NFC", text).split("\n"):
        line = ""
        for word in paragraph.split():
            trial = f"{line} {word}".strip()
            if fnt.getlength(trial) <= width or not line:
                line = trial
            else:
                lines.append(line)
                line = word
        lines.append(line)
    return lines


def line_height(fnt: ImageFont.FreeTypeFont) -> int:
    # Tall stacked diacritics (Ấ, Ỗ) and descenders (g, y) must both fit.
    top, bottom = fnt.getbbox("ẤỖỹgyp")[1], fnt.getbbox("ẤỖỹgyp")[3]
    return bottom - min(top, 0) + 6


def fit_size(text: str, box, size: int, bold: bool = False) -> int:
    """Largest font size (size down to 14 px) at which the wrapped text fits the box."""
    x0, y0, x1, y1 = box
    for px in range(size, 13, -1):
        fnt = font(px, bold)
        if line_height(fnt) * len(wrap(text, fnt, x1 - x0 - 24)) <= (y1 - y0) - 8:
            return px
    raise ValueError(f"text does not fit its box: {text!r}")


def draw_text_block(draw, box, text, size, bold=False, fill=INK, align="center"):
    """Wrap text into box, centred vertically, shrinking the font if needed."""
    x0, y0, x1, y1 = box
    fnt = font(fit_size(text, box, size, bold), bold)
    lines = wrap(text, fnt, x1 - x0 - 24)
    lh = line_height(fnt)
    y = y0 + max(4, ((y1 - y0) - lh * len(lines)) // 2)
    for line in lines:
        w = fnt.getlength(line)
        x = x0 + (x1 - x0 - w) / 2 if align == "center" else x0 + 14
        draw.text((x, y), line, font=fnt, fill=fill)
        y += lh


def canvas(title: str, subtitle: str = ""):
    img = Image.new("RGB", SIZE, PAPER)
    draw = ImageDraw.Draw(img)
    draw.text((30, 22), unicodedata.normalize("NFC", title), font=font(30, bold=True), fill=INK)
    if subtitle:
        draw.text((30, 66), unicodedata.normalize("NFC", subtitle), font=font(18), fill=MUTED)
    return img, draw


def arrow(draw, start, end, colour=MUTED):
    (x0, y0), (x1, y1) = start, end
    draw.line([start, end], fill=colour, width=4)
    if x1 != x0:
        d = 1 if x1 > x0 else -1
        draw.polygon([(x1, y1), (x1 - 14 * d, y1 - 9), (x1 - 14 * d, y1 + 9)], fill=colour)
    else:
        d = 1 if y1 > y0 else -1
        draw.polygon([(x1, y1), (x1 - 9, y1 - 14 * d), (x1 + 9, y1 - 14 * d)], fill=colour)


@dataclass(frozen=True)
class Step:
    head: str
    body: str


def flow(title: str, subtitle: str, steps: list[Step], footer: str, out: Path, per_row: int = 3) -> None:
    """Numbered boxes left to right (wrapping to a second row), joined by arrows."""
    img, draw = canvas(title, subtitle)
    rows = (len(steps) + per_row - 1) // per_row
    top, bottom = 110, SIZE[1] - (70 if footer else 20)
    gap_x, gap_y = 46, 40
    box_w = (SIZE[0] - 60 - gap_x * (per_row - 1)) // per_row
    box_h = (bottom - top - gap_y * (rows - 1)) // rows
    body_box = (0, 0, box_w, box_h - 50)
    body_size = min(fit_size(step.body, body_box, 20) for step in steps)  # same size in every box
    boxes = []
    for i, step in enumerate(steps):
        r, c = divmod(i, per_row)
        x0 = 30 + c * (box_w + gap_x)
        y0 = top + r * (box_h + gap_y)
        box = (x0, y0, x0 + box_w, y0 + box_h)
        boxes.append(box)
        draw.rounded_rectangle(box, radius=16, fill=COLOURS[i % 6], outline=EDGES[i % 6], width=3)
        head = f"{i + 1}. {unicodedata.normalize('NFC', step.head)}"
        size = next(px for px in range(21, 13, -1) if font(px, True).getlength(head) <= box_w - 24)
        draw.text((x0 + 12, y0 + 10), head, font=font(size, bold=True), fill=EDGES[i % 6])
        draw_text_block(draw, (x0, y0 + 44, x0 + box_w, y0 + box_h - 6), step.body, body_size)
    for a, b in zip(boxes, boxes[1:]):
        if a[1] == b[1]:
            arrow(draw, (a[2] + 4, (a[1] + a[3]) // 2), (b[0] - 4, (b[1] + b[3]) // 2))
        else:  # next row starts at the left: elbow down, across, down
            ax, bx, mid = (a[0] + a[2]) // 2, (b[0] + b[2]) // 2, (a[3] + b[1]) // 2
            draw.line([(ax, a[3] + 4), (ax, mid), (bx, mid)], fill=MUTED, width=4)
            arrow(draw, (bx, mid), (bx, b[1] - 4))
    if footer:
        draw_text_block(draw, (30, SIZE[1] - 62, SIZE[0] - 30, SIZE[1] - 10), footer, 19, bold=True, fill=EDGES[3])
    save(img, out)


def checklist(title: str, subtitle: str, items: list[str], footer: str, out: Path, cols: int = 1) -> None:
    """Numbered warning cards (one or two columns) with an action line at the bottom."""
    img, draw = canvas(title, subtitle)
    top, bottom = 110, SIZE[1] - 80
    rows = (len(items) + cols - 1) // cols
    gap = 14
    card_w = (SIZE[0] - 60 - gap * (cols - 1)) // cols
    card_h = (bottom - top - gap * (rows - 1)) // rows
    for i, item in enumerate(items):
        r, c = divmod(i, cols)
        x0, y0 = 30 + c * (card_w + gap), top + r * (card_h + gap)
        draw.rounded_rectangle((x0, y0, x0 + card_w, y0 + card_h), radius=12, fill=COLOURS[2], outline=EDGES[2], width=2)
        draw.ellipse((x0 + 10, y0 + card_h // 2 - 18, x0 + 46, y0 + card_h // 2 + 18), fill=EDGES[2])
        num = str(i + 1)
        draw.text((x0 + 28 - font(20, True).getlength(num) / 2, y0 + card_h // 2 - 13), num, font=font(20, True), fill=PAPER)
        draw_text_block(draw, (x0 + 50, y0, x0 + card_w - 4, y0 + card_h), item, 19, align="left")
    draw.rounded_rectangle((30, SIZE[1] - 68, SIZE[0] - 30, SIZE[1] - 12), radius=12, fill=COLOURS[3], outline=EDGES[3], width=2)
    draw_text_block(draw, (30, SIZE[1] - 68, SIZE[0] - 30, SIZE[1] - 12), footer, 18, bold=True, fill=EDGES[3])
    save(img, out)


def save(img: Image.Image, out: Path) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    img.quantize(colors=64).save(out, optimize=True)
    print(f"{out.relative_to(ROOT.parent)}: {out.stat().st_size // 1024} KB")


def main() -> None:
    flow("Học cùng AI trong ba bước", "AI giúp bạn hiểu bài; bài làm vẫn là của bạn.", [
        Step("Hỏi để hiểu", "Nói rõ bạn học lớp mấy, chưa hiểu chỗ nào. Nhờ giải thích, không nhờ giải bài."),
        Step("Tự làm", "Đóng ứng dụng AI. Tự làm bài vào vở bằng lời của mình."),
        Step("Kiểm tra lại", "Đối chiếu với sách giáo khoa, tự tính lại, hỏi thầy cô."),
    ], "Không chép bài AI làm. Đã dùng AI thì nói rõ với thầy cô.",
        ROOT / "05-ai-cho-hoc-tap/images/hoc-cung-ai-3-buoc.png")
    checklist("Năm dấu hiệu cuộc gọi lừa đảo", "Xưng là công an, ngân hàng, điện lực, thuế... Gặp một dấu hiệu là đủ để cúp máy.", [
        "Đe dọa (“sắp bị bắt”, “khóa tài khoản”) hoặc dụ dỗ (“nhận tiền hỗ trợ”)",
        "Giục làm ngay, dặn không được nói với ai",
        "Gửi đường link, bắt cài ứng dụng ngoài App Store, CH Play",
        "Hỏi mã OTP, mật khẩu, bảo nhìn vào camera để “xác thực”",
        "Bắt chuyển tiền để “xác minh”, “chứng minh trong sạch”, “nộp phí”",
    ], "Cúp máy → tự gọi số chính thức (tổng đài trên thẻ, công an phường)",
        ROOT / "03-lua-dao-va-deepfake/images/dau-hieu-cuoc-goi-lua-dao.png")
    flow("Làm một thủ tục trực tuyến", "Trên dichvucong.gov.vn hoặc ứng dụng VNeID — chỉ dùng trang có đuôi .gov.vn.", [
        Step("Đăng nhập", "Bằng tài khoản định danh điện tử VNeID."),
        Step("Tìm thủ tục", "Gõ tên việc cần làm, chọn đúng cơ quan giải quyết."),
        Step("Điền và đính kèm", "Kiểm tra thông tin điền sẵn; chụp giấy tờ rõ, đủ trang."),
        Step("Nộp hồ sơ", "Nộp phí, lệ phí nếu thủ tục có yêu cầu."),
        Step("Theo dõi", "Xem tình trạng hồ sơ, nhận kết quả theo hướng dẫn."),
    ], "Cần giúp? Hỏi bộ phận một cửa của phường. Không đưa mật khẩu cho ai.", ROOT / "07-ai-va-dich-vu-cong/images/cac-buoc-dich-vu-cong.png")
    flow("Một lần trả tiền bằng mã VietQR", "Khách dùng ngân hàng nào cũng quét được mã chuẩn VietQR.", [
        Step("Cửa hàng", "Tạo mã QR trong ứng dụng ngân hàng chính thức, dán ở quầy."),
        Step("Khách quét mã", "Mở ứng dụng ngân hàng của khách, quét mã của cửa hàng."),
        Step("Khách kiểm tra", "Tên người nhận đúng là cửa hàng, nhập số tiền, xác nhận."),
        Step("Tiền chuyển đi", "Qua hệ thống chuyển khoản liên ngân hàng, thường trong vài giây."),
        Step("Cửa hàng xác nhận", "Xem thông báo tiền về trên ứng dụng hoặc loa báo của mình."),
        Step("Giao hàng", "Chỉ giao khi tiền đã về. Không tin ảnh chụp màn hình."),
    ], "", ROOT / "07-ai-va-dich-vu-cong/images/thanh-toan-vietqr.png")


if __name__ == "__main__":
    main()
