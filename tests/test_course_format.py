"""Course files: the schema, the content rules and `binhdan courses check` on good and broken courses."""
import shutil

import pytest

from app.learning.catalog import CourseError, load_catalog_from
from app.learning.content_rules import catalog_problems, check_course
from tests.learning_fixtures import FIXTURE_COURSES
from app.cli import main

FILLER = ("Người bán hàng ở phường Mỹ Hào dùng trí tuệ nhân tạo để viết lời giới thiệu sản phẩm, "
          "nhưng luôn đọc lại và sửa trước khi đăng. ")


@pytest.fixture
def course(tmp_path):
    root = tmp_path / "courses"
    shutil.copytree(FIXTURE_COURSES, root)
    return root


def full_size_course(root, modules=6, lessons=4):
    """Grow the fixture course to the real size rules: 6 modules x 4 lessons of about 350 words."""
    src = root / "01-lam-quen"
    for path in root.iterdir():
        if path.is_dir() and path != src:
            shutil.rmtree(path)
    for m in range(1, modules + 1):
        folder = root / f"{m:02d}-hp"
        if m > 1:
            shutil.copytree(src, folder)
        else:
            src.rename(folder)
            src = folder
    for m, folder in enumerate(sorted(p for p in root.iterdir() if p.is_dir()), start=1):
        meta = (folder / "module.yaml").read_text(encoding="utf-8")
        (folder / "module.yaml").write_text(meta.replace("t01-lam-quen", f"hp{m}").replace("order: 1", f"order: {m}"),
                                            encoding="utf-8")
        for old in (folder / "lessons").glob("*.md"):
            old.unlink()
        for n in range(1, lessons + 1):
            (folder / "lessons" / f"{n:02d}.md").write_text(
                f"---\nid: hp{m}-bai{n}\norder: {n}\ntitle: \"Bài {n}\"\nminutes: 8\n---\n"
                f"## Mở đầu\n\n{FILLER * 10}\n\n## Ví dụ: một tin đăng\n\n{FILLER * 5}\n"
                "![Sơ đồ](../images/so-do.png)\n", encoding="utf-8")
    return root


def test_fixture_course_loads_and_follows_the_per_file_rules():
    catalog = load_catalog_from(FIXTURE_COURSES)
    assert [m.id for m in catalog.modules] == ["t01-lam-quen", "t02-an-toan"]
    assert catalog_problems(catalog, size_rules=False) == []
    # the size rules are what make it a test course, not the real one
    problems = catalog_problems(catalog)
    assert any("ít nhất 6 học phần" in p for p in problems) and any("300 đến 900" in p for p in problems)


def test_cli_accepts_a_full_size_course_and_prints_the_table(course, capsys):
    full_size_course(course)
    assert main(["courses", "check", "--root", str(course)]) == 0
    out = capsys.readouterr().out
    assert "hp6" in out and "Tổng" in out
    total = [line for line in out.splitlines() if line.startswith("Tổng")][0].split()
    assert total[1:] == ["24", str(sum(int(line.split()[2]) for line in out.splitlines()[1:7])), "48"]


@pytest.mark.parametrize("breakage, expected", [
    (lambda r: (r / "01-lam-quen/lessons/02-ai-quanh-ta.md").write_text(
        (r / "01-lam-quen/lessons/02-ai-quanh-ta.md").read_text(encoding="utf-8").replace("## Ví dụ", "## Thêm"),
        encoding="utf-8"), ("02-ai-quanh-ta.md", "Ví dụ")),
    (lambda r: (r / "01-lam-quen/images/so-do.png").unlink(), ("01-ai-la-gi.md", "không tìm thấy ảnh")),
    (lambda r: (r / "02-an-toan/quiz.yaml").write_text(
        (r / "02-an-toan/quiz.yaml").read_text(encoding="utf-8").replace("pass_mark: 0.8", "pass_mark: 0.6"),
        encoding="utf-8"), ("02-an-toan/quiz.yaml", "điểm đạt phải là 0.8")),
    (lambda r: (r / "02-an-toan/quiz.yaml").write_text(
        (r / "02-an-toan/quiz.yaml").read_text(encoding="utf-8").replace(
            'explanation: "Không có phép màu nào cả."', 'explanation: ""'), encoding="utf-8"),
     ("02-an-toan/quiz.yaml", "explanation")),
    (lambda r: (r / "01-lam-quen/quiz.yaml").write_text("pass_mark: [0.8\n", encoding="utf-8"),
     ("01-lam-quen/quiz.yaml", "YAML")),
    (lambda r: (r / "01-lam-quen/module.yaml").write_text(
        (r / "01-lam-quen/module.yaml").read_text(encoding="utf-8").replace("Ứng dụng trí tuệ nhân tạo", "Nấu ăn"),
        encoding="utf-8"), ("01-lam-quen/module.yaml", "khung 757")),
    (lambda r: (r / "01-lam-quen/lessons/01-ai-la-gi.md").write_text("## Không có phần đầu\n", encoding="utf-8"),
     ("01-ai-la-gi.md", "phần đầu YAML")),
])
def test_cli_rejects_a_broken_file_naming_it(course, capsys, breakage, expected):
    full_size_course(course, modules=6)
    shutil.copytree(FIXTURE_COURSES / "02-an-toan", course / "02-an-toan")
    (course / "02-an-toan/module.yaml").write_text(
        (course / "02-an-toan/module.yaml").read_text(encoding="utf-8").replace("order: 2", "order: 9"), encoding="utf-8")
    for lesson in (course / "02-an-toan/lessons").glob("*.md"):
        lesson.write_text(lesson.read_text(encoding="utf-8") + "\n" + FILLER * 14, encoding="utf-8")
    shutil.copytree(FIXTURE_COURSES / "01-lam-quen", course / "01-lam-quen")
    (course / "01-lam-quen/module.yaml").write_text(
        (course / "01-lam-quen/module.yaml").read_text(encoding="utf-8").replace("order: 1", "order: 8"), encoding="utf-8")
    for lesson in (course / "01-lam-quen/lessons").glob("*.md"):
        lesson.write_text(lesson.read_text(encoding="utf-8") + "\n" + FILLER * 14, encoding="utf-8")
    assert main(["courses", "check", "--root", str(course)]) == 0, capsys.readouterr().err
    breakage(course)
    assert main(["courses", "check", "--root", str(course)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("Lỗi:")
    assert all(word in err for word in expected), err


def test_catalog_error_names_the_file(course):
    (course / "02-an-toan/exercise.yaml").write_text("id: X\n", encoding="utf-8")
    with pytest.raises(CourseError, match="exercise.yaml"):
        load_catalog_from(course)
    report = check_course(course)
    assert not report.ok and "exercise.yaml" in report.problems[0]
