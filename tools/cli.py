"""The `binhdan` command. Each subcommand calls the same plain-Python function the pages call."""
from __future__ import annotations

import argparse
import sys


def _cmd_demo(args: argparse.Namespace) -> int:
    from app.demo import create_demo, format_accounts
    accounts = create_demo(reset=args.reset)
    print(format_accounts(accounts))
    return 0


def _cmd_db_upgrade(args: argparse.Namespace) -> int:
    from app.db import migrate
    migrate()
    print("Cơ sở dữ liệu đã ở phiên bản mới nhất.")
    return 0


def _cmd_create_admin(args: argparse.Namespace) -> int:
    from app.auth import AuthError, create_user
    from app.db import migrate, session_scope
    migrate()
    try:
        with session_scope() as s:
            create_user(s, args.username, args.password, args.full_name, "admin")
    except AuthError as exc:
        print(f"Lỗi: {exc}", file=sys.stderr)
        return 2
    print(f"Đã tạo quản trị viên {args.username}.")
    return 0


def _cmd_listings(args: argparse.Namespace) -> int:
    from tools.listing import run_listings_file
    from tools.product import CsvError

    def progress(done: int, total: int) -> None:
        print(f"\rĐã xử lý {done}/{total} sản phẩm", end="", file=sys.stderr, flush=True)

    try:
        result = run_listings_file(args.input, args.out, args.channels, args.backend, progress)
    except (CsvError, ValueError) as exc:
        print(f"\nLỗi: {exc}", file=sys.stderr)
        return 2
    except KeyError as exc:
        print(f"\nLỗi: {exc.args[0]}", file=sys.stderr)
        return 2
    print(file=sys.stderr)
    for err in result.errors:
        print(f"Bỏ qua {err}", file=sys.stderr)
    blocked = sum(1 for item in result.listings if item.status == "blocked")
    print(f"Đã ghi {len(result.listings)} tin đăng ({blocked} bị chặn theo luật) vào {args.out}.")
    return 0


def _cmd_progress_export(args: argparse.Namespace) -> int:
    from pathlib import Path

    from app.db import migrate, session_scope
    from app.learning.catalog import CourseError, load_catalog, load_catalog_from
    from app.trainer.access import SERVER_OPERATOR
    from app.trainer.classes import ClassError, find_class
    from app.trainer.exports import FORMATS, export_class
    out = Path(args.out)
    fmt = out.suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        print(f"Lỗi: tệp xuất phải có đuôi {', '.join('.' + f for f in FORMATS)}.", file=sys.stderr)
        return 2
    migrate()
    try:
        catalog = load_catalog_from(Path(args.courses)) if args.courses else load_catalog()
    except CourseError as exc:
        print(f"Lỗi: {exc}", file=sys.stderr)
        return 2
    try:
        with session_scope() as s:
            classroom = find_class(s, SERVER_OPERATOR, args.class_name)
            data = export_class(s, SERVER_OPERATOR, classroom.id, catalog, fmt, inactive_days=args.inactive_days,
                                attempts=args.attempts)
            name = classroom.name
    except (ClassError, ValueError) as exc:
        print(f"Lỗi: {exc}", file=sys.stderr)
        return 2
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(data)
    what = "mọi lượt làm bài của lớp" if args.attempts else "báo cáo lớp"
    print(f"Đã xuất {what} “{name}” ra {out} ({len(data):,} byte).")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="binhdan", description="Bình dân học AI — công cụ dòng lệnh")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("demo", help="tạo dữ liệu mẫu và in các tài khoản")
    p.add_argument("--reset", action="store_true", help="xóa dữ liệu mẫu cũ rồi tạo lại")
    p.set_defaults(func=_cmd_demo)

    p = sub.add_parser("listings", help="tạo tin đăng bán hàng từ tệp CSV sản phẩm")
    p.add_argument("input", help="tệp CSV: name,category,price,features,audience[,channel]")
    p.add_argument("--out", required=True, help="tệp kết quả .jsonl, .csv hoặc .xlsx")
    p.add_argument("--channels", default=None, help="các kênh, ví dụ shopee,tiktok,facebook,zalo (mặc định: cả bốn)")
    p.add_argument("--backend", default="embedded", choices=["embedded", "openai", "rules"],
                   help="embedded: mô hình có sẵn (mặc định); openai: máy chủ tương thích OpenAI; rules: không dùng mô hình")
    p.set_defaults(func=_cmd_listings)

    p = sub.add_parser("db-upgrade", help="nâng cấp cơ sở dữ liệu (Alembic)")
    p.set_defaults(func=_cmd_db_upgrade)

    p = sub.add_parser("create-admin", help="tạo tài khoản quản trị")
    p.add_argument("username")
    p.add_argument("password")
    p.add_argument("--full-name", default="Quản trị viên")
    p.set_defaults(func=_cmd_create_admin)

    p = sub.add_parser("progress", help="tiến độ học của lớp")
    progress = p.add_subparsers(dest="progress_command", required=True)
    p = progress.add_parser("export", help="xuất báo cáo lớp ra CSV, XLSX, PDF hoặc xAPI (JSON)")
    p.add_argument("--class", dest="class_name", required=True, help="tên lớp (hoặc mã lớp)")
    p.add_argument("--out", required=True, help="tệp kết quả: .csv, .xlsx, .pdf hoặc .json (xAPI)")
    p.add_argument("--inactive-days", type=int, default=7, help="số ngày không học thì tính là vắng (mặc định 7)")
    p.add_argument("--attempts", action="store_true", help="xuất mọi lượt làm bài kiểm tra (.csv hoặc .xlsx)")
    p.add_argument("--courses", help="thư mục khóa học (mặc định: courses/)")
    p.set_defaults(func=_cmd_progress_export)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return int(args.func(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
