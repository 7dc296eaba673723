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


def _cmd_courses_check(args: argparse.Namespace) -> int:
    from pathlib import Path
    from app.learning.catalog import courses_dir
    from app.learning.content_rules import check_course
    root = Path(args.root) if args.root else courses_dir()
    report = check_course(root)
    if report.rows:
        print(f"{'Học phần':<28} {'Bài':>4} {'Số từ':>7} {'Câu hỏi':>8}")
        for row in report.rows + [report.totals]:
            print(f"{(row.module_id or row.title):<28} {row.lessons:>4} {row.words:>7} {row.questions:>8}")
    if not report.ok:
        print(f"Lỗi: khóa học trong {root} có {len(report.problems)} vấn đề:", file=sys.stderr)
        for problem in report.problems:
            print(f"  - {problem}", file=sys.stderr)
        return 2
    print(f"Khóa học hợp lệ: {len(report.rows)} học phần, {report.totals.lessons} bài.")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="binhdan", description="Bình dân học AI — công cụ dòng lệnh")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("demo", help="tạo dữ liệu mẫu và in các tài khoản")
    p.add_argument("--reset", action="store_true", help="xóa dữ liệu mẫu cũ rồi tạo lại")
    p.set_defaults(func=_cmd_demo)

    p = sub.add_parser("db-upgrade", help="nâng cấp cơ sở dữ liệu (Alembic)")
    p.set_defaults(func=_cmd_db_upgrade)

    p = sub.add_parser("create-admin", help="tạo tài khoản quản trị")
    p.add_argument("username")
    p.add_argument("password")
    p.add_argument("--full-name", default="Quản trị viên")
    p.set_defaults(func=_cmd_create_admin)

    p = sub.add_parser("courses", help="khóa học: kiểm tra nội dung")
    courses_sub = p.add_subparsers(dest="courses_command", required=True)
    pc = courses_sub.add_parser("check", help="kiểm tra mọi tệp của khóa học và in bảng tóm tắt")
    pc.add_argument("--root", help="thư mục khóa học (mặc định: courses/ hoặc BINHDAN_COURSES_DIR)")
    pc.set_defaults(func=_cmd_courses_check)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return int(args.func(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
