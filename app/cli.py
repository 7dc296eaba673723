"""The `binhdan` command. Each subcommand calls the same plain-Python function the pages call."""
from __future__ import annotations

import argparse
import sys

from tools import cli as engine_cli


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


def _cmd_reset_password(args: argparse.Namespace) -> int:
    """The server operator resets a password (same function as the admin and trainer pages) and prints the slip."""
    from sqlalchemy import select

    from app.accounts import password_slip_pdf, reset_password
    from app.db import migrate, session_scope
    from app.models import User
    from app.trainer.access import SERVER_OPERATOR
    migrate()
    with session_scope() as s:
        user = s.scalar(select(User).where(User.username == args.username.strip().lower()))
        if user is None:
            print(f"Lỗi: không có tài khoản “{args.username}”.", file=sys.stderr)
            return 2
        slip = reset_password(s, SERVER_OPERATOR, user.id)
    print(f"{slip.full_name} — tên đăng nhập {slip.username} — mật khẩu dùng một lần: {slip.password}")
    print("Người dùng phải đặt mật khẩu mới khi đăng nhập; mọi máy đang đăng nhập đã bị đăng xuất.")
    if args.slip:
        with open(args.slip, "wb") as out:
            out.write(password_slip_pdf([slip]))
        print(f"Đã ghi phiếu mật khẩu: {args.slip}")
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
    for warning in report.warnings:
        print(f"Cảnh báo: {warning}", file=sys.stderr)
    if not report.ok:
        print(f"Lỗi: khóa học trong {root} có {len(report.problems)} vấn đề:", file=sys.stderr)
        for problem in report.problems:
            print(f"  - {problem}", file=sys.stderr)
        return 2
    print(f"Khóa học hợp lệ: {len(report.rows)} học phần, {report.totals.lessons} bài.")
    return 0


def _cmd_video_worker(args: argparse.Namespace) -> int:
    from app.db import migrate
    from app.video_jobs import work
    migrate()
    print("Đang chờ việc dựng video (Ctrl+C để dừng)…")
    try:
        work(once=args.once, workers=args.workers)
    except KeyboardInterrupt:
        pass
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
    parser, sub = engine_cli.new_parser()
    p = sub.add_parser("demo", help="tạo dữ liệu mẫu và in các tài khoản")
    p.add_argument("--reset", action="store_true", help="xóa dữ liệu mẫu cũ rồi tạo lại")
    p.set_defaults(func=_cmd_demo)

    p = sub.add_parser("db-upgrade", help="nâng cấp cơ sở dữ liệu (Alembic)")
    p.set_defaults(func=_cmd_db_upgrade)

    p = sub.add_parser("create-admin", help="tạo tài khoản quản trị")
    p.add_argument("username", metavar="TÊN_ĐĂNG_NHẬP")
    p.add_argument("password", metavar="MẬT_KHẨU")
    p.add_argument("--full-name", default="Quản trị viên")
    p.set_defaults(func=_cmd_create_admin)

    p = sub.add_parser("reset-password", help="đặt lại mật khẩu (mật khẩu dùng một lần, in phiếu)")
    p.add_argument("username", metavar="TÊN_ĐĂNG_NHẬP")
    p.add_argument("--slip", help="ghi phiếu mật khẩu PDF vào tệp này")
    p.set_defaults(func=_cmd_reset_password)

    p = sub.add_parser("courses", help="khóa học: kiểm tra nội dung")
    courses_sub = p.add_subparsers(dest="courses_command", required=True)
    pc = courses_sub.add_parser("check", help="kiểm tra mọi tệp của khóa học và in bảng tóm tắt")
    pc.add_argument("--root", help="thư mục khóa học (mặc định: courses/ hoặc BINHDAN_COURSES_DIR)")
    pc.set_defaults(func=_cmd_courses_check)

    p = sub.add_parser("video-worker", help="chạy tiến trình dựng video cho trang web (hàng đợi render_jobs)")
    p.add_argument("--once", action="store_true", help="dựng hết các video đang chờ rồi thoát")
    p.add_argument("--workers", type=int, default=1, help="số video dựng cùng lúc (mặc định 1)")
    p.set_defaults(func=_cmd_video_worker)

    p = sub.add_parser("progress", help="tiến độ học của lớp")
    progress = p.add_subparsers(dest="progress_command", required=True)
    p = progress.add_parser("export", help="xuất báo cáo lớp ra CSV, XLSX, PDF hoặc xAPI (JSON)")
    p.add_argument("--class", dest="class_name", required=True, help="tên lớp (hoặc mã lớp)")
    p.add_argument("--out", required=True, help="tệp kết quả: .csv, .xlsx, .pdf hoặc .json (xAPI)")
    p.add_argument("--inactive-days", type=int, default=7, help="số ngày không học thì tính là vắng (mặc định 7)")
    p.add_argument("--attempts", action="store_true", help="xuất mọi lượt làm bài kiểm tra (.csv hoặc .xlsx)")
    p.add_argument("--courses", help="thư mục khóa học (mặc định: courses/)")
    p.set_defaults(func=_cmd_progress_export)

    from app.orders.cli import add_commands as add_order_commands
    add_order_commands(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    return engine_cli.main(argv, build_parser())


if __name__ == "__main__":
    sys.exit(main())
