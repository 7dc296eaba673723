"""Rerun the reliability probe of issue 17 and count crashes, silent losses and live formulas (goal: 0 each).

    python bench/probe_inputs.py            # SQLite; PostgreSQL too when BINHDAN_TEST_PG_URL is set
"""
from __future__ import annotations

import csv
import io
import os
import sys
import tempfile
import threading
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import openpyxl  # noqa: E402
from markdown_it import MarkdownIt  # noqa: E402

NAMES = ['=HYPERLINK("http://evil.example/x","Bấm")', "+1+1", "-2+3", "@SUM(A1:A9)", "\t=1", "\r=1",
         "Tên\x1bcó ESC"]
MARKDOWN = ["[Chứng chỉ hết hạn, bấm vào đây](http://evil.example/x)", "![x](http://evil.example/t.png)",
            '<img src="http://evil.example/h.png">', "http://evil.example/bare www.evil.example a@evil.example"]
counts = {"crashes": 0, "silent losses": 0, "live formulas": 0, "links or images": 0}


def crash(what: str, exc: BaseException) -> None:
    counts["crashes"] += 1
    print(f"  CRASH {what}: {type(exc).__name__}: {exc}"[:200])


def live_formulas_xlsx(data: bytes) -> int:
    book = openpyxl.load_workbook(io.BytesIO(data))
    return sum(1 for sheet in book.worksheets for row in sheet.iter_rows() for c in row
               if c.data_type == "f" or (isinstance(c.value, str) and c.value.startswith(("=", "+", "-", "@"))))


def live_formulas_csv(data: bytes) -> int:
    return sum(1 for row in csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")) for c in row
               if c.startswith(("=", "+", "-", "@", "\t", "\r")))


def probe_exports() -> None:
    from tools.listing.export import to_csv_bytes, to_xlsx_bytes
    from tools.listing.model import Listing
    listings = [Listing(n, "shopee", "ok", n, n, warnings=[n]) for n in NAMES + ["Nón\x00 lá"]]
    try:
        counts["live formulas"] += live_formulas_csv(to_csv_bytes(listings))
        counts["live formulas"] += live_formulas_xlsx(to_xlsx_bytes(listings))
    except Exception as exc:  # noqa: BLE001
        crash("listings export", exc)


def probe_markdown() -> None:
    from tools.safe_text import md
    render = MarkdownIt("gfm-like")
    for probe in MARKDOWN:
        text = md(probe)
        html = render.render(text)
        if "<a " in html or "<img" in html or "://evil" in text or "www.evil" in text or "@evil" in text:
            counts["links or images"] += 1


def probe_products() -> None:
    from tools.product import read_products_csv
    files = {
        "huge cell": ("name,price,features\nNón,50000,a\nÁo,90000," + "x" * 140_000 + "\nMũ,30000,b\n", 3),
        "NUL and ESC": ("name,price,features\nN\x00ón,50000,a\nÁ\x1bo,90000,b\n", 2),
        "extra cell": ("name,price,features\nNón,50000,a\nÁo,90000,b,thừa\n", 2),
        "unclosed quote": ("name,price,features\nA,1000,\"x\nB,2000,y\nC,3000,z\nD,4000,w\nE,5000,v\nF,6000,u\n"
                           "G,7000,t\n", 7),
        "long name": ("name,price\n" + "N" * 300 + ",1000\nÁo,2000\n", 2),
    }
    for what, (text, rows) in files.items():
        try:
            result = read_products_csv(text.encode("utf-8"))
        except Exception as exc:  # noqa: BLE001
            crash(f"products CSV ({what})", exc)
            continue
        if len(result.rows) + len(result.errors) != rows:
            counts["silent losses"] += 1
            print(f"  LOSS products CSV ({what}): {len(result.rows)} read + {len(result.errors)} reported of {rows}")


def probe_video_names() -> None:
    from tools.video import VideoResult, batch
    out = Path(tempfile.mkdtemp()) / "out"

    def fake(product, out_dir, options, progress=None, drafter=None, slug=None):
        out_dir.mkdir(parents=True, exist_ok=True)
        (out_dir / f"{slug}.mp4").write_bytes(b"x")
        return VideoResult("done", "", out_dir / f"{slug}.mp4")

    batch.make_video = fake
    src = out.parent / "sp.csv"
    src.write_text("name,price\nNón lá,1000\nNón Lá,2000\n茶叶,3000\nЧай,4000\n", encoding="utf-8")
    _code, results = batch.run(src, out, batch.RenderOptions(), show_progress=False, echo=lambda *_: None)
    if len(list(out.glob("*.mp4"))) != len(results):
        counts["silent losses"] += 1
        print("  LOSS video names collide")
    if any(p.stem == "san-pham" for p in out.glob("*.mp4")):
        counts["silent losses"] += 1
        print("  LOSS a name without Latin letters became san-pham")


def probe_database(url: str, label: str) -> None:
    from sqlalchemy import select

    from app.db import dispose_engine, migrate, session_scope
    from app.learning.catalog import load_catalog
    from app.learning.progress import record_view
    from app.models import Classroom, LessonProgress, User
    from dataclasses import dataclass

    @dataclass
    class Actor:  # app.trainer.access.Actor is a protocol: anything with id and role
        id: int
        role: str
    from app.trainer.enrolment import enrol_file
    from app.trainer.exports import export_class
    migrate(url)
    catalog = load_catalog()
    with session_scope(url) as s:
        trainer = User(username="gv", full_name="Giảng viên", password_hash="-", role="trainer")
        learner = User(username="hv", full_name=NAMES[0], password_hash="-", role="learner")
        s.add_all([trainer, learner])
        s.flush()
        room = Classroom(name="Lớp thử", trainer_id=trainer.id)
        s.add(room)
        s.flush()
        ids = trainer.id, learner.id, room.id
    roster = ("Họ và tên,Số điện thoại,Nhóm\n" + "".join(f"{n.strip()},09121000{i:02d},@tổ\n" for i, n in
                                                      enumerate(NAMES))
              + "Hai ô thừa,0912100090,Tổ,thừa\n" + "N" * 250 + ",0912100091,Tổ\n" + "Bình thường,0912100092,Tổ\n")
    try:
        with session_scope(url) as s:
            report = enrol_file(s, Actor(ids[0], "trainer"), ids[2], roster.encode("utf-8"), "ds.csv")
        if len(report.rows) != len(NAMES) + 3:
            counts["silent losses"] += 1
            print(f"  LOSS roster on {label}: {len(report.rows)} rows reported of {len(NAMES) + 3}")
        with session_scope(url) as s:
            for fmt in ("csv", "xlsx"):
                data = export_class(s, Actor(ids[0], "trainer"), ids[2], catalog, fmt)
                counts["live formulas"] += live_formulas_csv(data) if fmt == "csv" else live_formulas_xlsx(data)
    except Exception as exc:  # noqa: BLE001
        crash(f"roster/export on {label}", exc)
    lesson = catalog.modules[0].lessons[0]
    errors, barrier = [], threading.Barrier(50)

    def view():
        try:
            barrier.wait()
            for _ in range(10):
                with session_scope(url) as s:
                    record_view(s, ids[1], catalog, lesson)
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=view) for _ in range(50)]
    [t.start() for t in threads]
    [t.join() for t in threads]
    for exc in errors[:1]:
        crash(f"concurrent record_view on {label} ({len(errors)} errors)", exc)
    with session_scope(url) as s:
        views = s.scalar(select(LessonProgress.views).where(LessonProgress.user_id == ids[1]))
    if views != 500:
        counts["silent losses"] += 1
        print(f"  LOSS {label}: {views} of 500 concurrent views counted")
    dispose_engine(url)


def main() -> int:
    os.environ.setdefault("BINHDAN_DATA_DIR", tempfile.mkdtemp())
    probe_exports()
    probe_markdown()
    probe_products()
    probe_video_names()
    probe_database(f"sqlite:///{tempfile.mkdtemp()}/probe.db", "SQLite")
    base = os.environ.get("BINHDAN_TEST_PG_URL")
    if base:
        from sqlalchemy import create_engine, text
        from sqlalchemy.engine import make_url
        name = "probe_" + uuid.uuid4().hex[:8]
        admin = create_engine(base, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        try:
            probe_database(make_url(base).set(database=name).render_as_string(hide_password=False), "PostgreSQL")
        finally:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
    print(" · ".join(f"{k}: {v}" for k, v in counts.items()), "(goal: 0 each)")
    return 1 if any(counts.values()) else 0


if __name__ == "__main__":
    raise SystemExit(main())
