"""The engine commands of `binhdan` (listings, video): they need nothing from the app.

`app.cli` builds the whole command from these and the app's own commands; `python -m tools.cli`
runs the engine commands alone.
"""
from __future__ import annotations

import argparse
import sys

from tools import cli_locale


def _cmd_video(args: argparse.Namespace) -> int:
    from pathlib import Path

    from tools.video.batch import run
    from tools.video.render import RenderOptions
    from tools.video.templates import DEFAULT_TEMPLATE, TemplateError, get_template
    from tools.voice import VOICES, is_recording
    args.template = args.template or DEFAULT_TEMPLATE
    try:
        get_template(args.template)
    except TemplateError as exc:
        print(f"Lỗi: {exc}", file=sys.stderr)
        return 2
    if not is_recording(args.voice) and args.voice not in VOICES:
        print(f"Lỗi: không có giọng “{args.voice}”. Chọn: {', '.join(VOICES)} hoặc đường dẫn tệp ghi âm.",
              file=sys.stderr)
        return 2
    if is_recording(args.voice) and not Path(args.voice).is_file():
        print(f"Lỗi: không thấy tệp ghi âm {args.voice}.", file=sys.stderr)
        return 2
    options = RenderOptions(template=args.template, voice=args.voice, aspect=args.format, size=args.size,
                            link=args.link or "", contact=args.contact or "",
                            logo=Path(args.logo) if args.logo else None, platform=args.platform or "",
                            ai_label=not args.no_ai_label, fps=args.fps)
    from tools.video.drafting import default_drafter
    drafter = default_drafter(args.backend)
    code, _ = run(Path(args.input), Path(args.out), options, args.only,
                  Path(args.photos) if args.photos else None, drafter)
    return code


def _cmd_listings(args: argparse.Namespace) -> int:
    from tools.listing import run_listings_file
    from tools.product import CsvError

    import time

    from tools.listing import progress_text
    start = time.monotonic()

    def progress(done: int, total: int) -> None:
        print("\r" + progress_text(done, total, time.monotonic() - start).ljust(78), end="", file=sys.stderr,
              flush=True)

    from tools.shop import ShopError, load_shop
    try:
        shop = load_shop(args.shop) if args.shop else None
        if args.package:
            from tools.listing import run_package
            result, report = run_package(args.input, args.out, args.channels, args.backend, progress, shop,
                                         args.photos)
        else:
            result = run_listings_file(args.input, args.out, args.channels, args.backend, progress, shop=shop)
    except (CsvError, ShopError, ValueError) as exc:
        print(f"\nLỗi: {exc}", file=sys.stderr)
        return 2
    except KeyError as exc:
        print(f"\nLỗi: {exc.args[0]}", file=sys.stderr)
        return 2
    print(file=sys.stderr)
    for err in result.errors:
        print(f"Bỏ qua {err}", file=sys.stderr)
    seen: set[tuple[str, str]] = set()
    for item in result.listings:   # every change the rules made, once per product
        for warning in item.warnings:
            if (item.name, warning) not in seen:
                seen.add((item.name, warning))
                print(f"Lưu ý “{item.name}”: {warning}", file=sys.stderr)
    blocked = sum(1 for item in result.listings if item.status == "blocked")
    if result.cancelled:
        print(f"Đã dừng theo yêu cầu sau {len(result.groups)} sản phẩm; phần đã làm được ghi lại.", file=sys.stderr)
    print(f"Đã ghi {len(result.listings)} tin đăng ({blocked} bị chặn theo luật) vào {args.out}.")
    if args.package:
        print(f"Gói tải lên: {report.products} sản phẩm, {report.images} ảnh vuông, "
              "meta_catalog.csv, shopee_mass_upload.xlsx, tiktok_shop_batch.xlsx, HUONG-DAN.txt.")
        for line in report.skipped + report.problems:
            print(f"  - {line}", file=sys.stderr)
    return 0


def add_commands(sub) -> None:
    """Register the engine subcommands on an argparse subparsers object."""
    p = sub.add_parser("listings", help="tạo tin đăng bán hàng từ tệp CSV sản phẩm")
    p.add_argument("input", metavar="TỆP_CSV", help="tệp CSV: name,category,price,features,audience[,channel]")
    p.add_argument("--out", required=True, help="tệp kết quả .jsonl, .csv hoặc .xlsx (với --package: một thư mục)")
    p.add_argument("--channels", default=None, help="các kênh, ví dụ shopee,tiktok,facebook,zalo (mặc định: cả bốn)")
    p.add_argument("--backend", default="rules", choices=["embedded", "openai", "rules"],
                   help="rules: mẫu câu soạn sẵn (mặc định: đo trên 30 sản phẩm, mô hình có sẵn không thêm câu nào "
                        "mà chậm hơn 40 lần); embedded: mô hình có sẵn; openai: máy chủ tương thích OpenAI")
    p.add_argument("--shop", help="tệp shop.yaml: tên shop, số điện thoại, địa chỉ, Zalo, Facebook, giao hàng, đổi trả "
                                  "(chỉ in trong bài Facebook và Zalo)")
    p.add_argument("--package", action="store_true",
                   help="ghi gói tải lên vào thư mục --out: meta_catalog.csv, shopee_mass_upload.xlsx, "
                        "tiktok_shop_batch.xlsx, ảnh vuông và nội dung từng kênh")
    p.add_argument("--photos", help="thư mục ảnh: DIR/<tên sản phẩm>/ hoặc tệp <tên sản phẩm> 1.jpg (có dấu hoặc không)")
    p.set_defaults(func=_cmd_listings)

    p = sub.add_parser("video", help="làm video quảng cáo dọc (MP4 + phụ đề SRT + ảnh bìa) từ tệp CSV sản phẩm")
    p.add_argument("input", metavar="TỆP_CSV", help="tệp CSV: name,category,price,features,audience[,channel]")
    p.add_argument("--out", required=True, help="thư mục lưu video")
    p.add_argument("--only", help="chỉ làm video cho sản phẩm có tên này")
    p.add_argument("--template", help="mẫu video trong media_templates/ (bỏ trống: mẫu mặc định của tools.video)")
    p.add_argument("--voice", default="embedded",
                   help="embedded | embedded-south | embedded-central | gtts | edge | đường dẫn tệp ghi âm")
    p.add_argument("--format", default="9:16", choices=["9:16", "1:1"], help="khung hình")
    p.add_argument("--size", default="720x1280", choices=["720x1280", "1080x1920"], help="độ phân giải")
    p.add_argument("--photos", help="thư mục ảnh: DIR/<tên-sản-phẩm>/ hoặc tệp <tên-sản-phẩm>*.jpg")
    p.add_argument("--link", help="đường dẫn cửa hàng/Zalo để in mã QR ở cuối video")
    p.add_argument("--contact", help="số điện thoại hoặc tên cửa hàng ở cuối video")
    p.add_argument("--logo", help="ảnh logo (PNG) đặt ở góc video")
    p.add_argument("--backend", default="embedded", choices=["embedded", "openai", "rules"],
                   help="mô hình viết câu mở đầu: embedded (có sẵn, không cần mạng), openai, rules (không dùng AI)")
    p.add_argument("--platform", choices=["tiktok", "reels", "zalo"],
                   help="vùng an toàn cho chữ (media_templates/safe_areas/); mặc định theo cột channel, không có thì tiktok")
    p.add_argument("--fps", type=int, choices=[24, 25, 30], help="số hình mỗi giây (mặc định theo mẫu)")
    p.add_argument("--no-ai-label", action="store_true",
                   help="không hiện nhãn “Video có sử dụng AI” (chỉ được khi dùng giọng tự ghi âm và ảnh của bạn)")
    p.set_defaults(func=_cmd_video)



def new_parser() -> tuple[argparse.ArgumentParser, argparse._SubParsersAction]:
    """The `binhdan` parser with the engine commands; the app adds its own to the returned subparsers."""
    cli_locale.install()
    parser = argparse.ArgumentParser(prog="binhdan", description="Bình dân học AI — công cụ dòng lệnh")
    sub = parser.add_subparsers(dest="command", metavar="LỆNH", required=True)
    add_commands(sub)
    return parser, sub


def build_parser() -> argparse.ArgumentParser:
    return new_parser()[0]


def main(argv: list[str] | None = None, parser: argparse.ArgumentParser | None = None) -> int:
    args = (parser or build_parser()).parse_args(argv)
    return int(args.func(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
