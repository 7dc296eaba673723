"""Demo data: an admin, a trainer with a class, learners with some progress, a business account."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from app.auth import create_user
from app.db import migrate, session_scope
from app.models import Classroom, Enrolment, Product, User, utcnow


@dataclass(frozen=True)
class DemoAccount:
    username: str
    password: str
    full_name: str
    role: str


ACCOUNTS = (
    DemoAccount("admin", "admin123", "Quản trị viên phường Mỹ Hào", "admin"),
    DemoAccount("giangvien", "giangvien123", "Nguyễn Thị Hoa", "trainer"),
    DemoAccount("hocvien1", "hocvien123", "Trần Văn Nam", "learner"),
    DemoAccount("hocvien2", "hocvien123", "Lê Thị Mai", "learner"),
    DemoAccount("hocvien3", "hocvien123", "Phạm Đức Anh", "learner"),
    DemoAccount("cuahang", "cuahang123", "Tạp hóa Cô Lan", "business"),
)
DEMO_CLASS = "Lớp Bình dân học AI — Tổ dân phố 3"
DEMO_PRODUCTS = (
    ("Nhãn lồng Hưng Yên", "Trái cây", 65000, "quả to, cùi dày;vị ngọt thanh;đóng hộp 2kg", "gia đình"),
    ("Tương Bần", "Thực phẩm", 45000, "làm từ đậu tương và gạo nếp;chai 500ml;ủ chum truyền thống", "người nội trợ"),
)


def create_demo(reset: bool = False, url: str | None = None) -> list[DemoAccount]:
    """Create (or with reset, re-create) the demo accounts and data; idempotent without reset."""
    migrate(url)
    with session_scope(url) as s:
        existing = {u.username: u for u in s.scalars(select(User).where(User.username.in_([a.username for a in ACCOUNTS])))}
        if existing and not reset:
            return list(ACCOUNTS)
        if existing:
            from app.demo_reset import delete_users  # local import: rarely used
            delete_users(s, list(existing.values()))
        users = {a.username: create_user(s, a.username, a.password, a.full_name, a.role) for a in ACCOUNTS}
        for demo_user in users.values():  # demo people have read the personal-data notice
            demo_user.privacy_ack_at = utcnow()
        classroom = Classroom(name=DEMO_CLASS, trainer_id=users["giangvien"].id)
        s.add(classroom)
        s.flush()
        for name in ("hocvien1", "hocvien2", "hocvien3"):
            s.add(Enrolment(class_id=classroom.id, user_id=users[name].id, group_name="Tổ dân phố 3"))
        for name, category, price, features, audience in DEMO_PRODUCTS:
            s.add(Product(owner_id=users["cuahang"].id, name=name, category=category, price=price,
                          features=features, audience=audience))
        s.flush()
        add_demo_progress(s, [users["hocvien1"], users["hocvien2"], users["hocvien3"]])
        from app.trainer.demo_data import add_demo_class_activity  # more learners for the trainer dashboard
        add_demo_class_activity(s, classroom)
    return list(ACCOUNTS)


DEMO_ARTIFACTS = {
    "prompt_compare": {"prompt_a": "Viết lời giới thiệu nhãn lồng.",
                       "answer_a": "Nhãn lồng ngon.",
                       "prompt_b": "Viết 3 câu giới thiệu nhãn lồng Hưng Yên cho khách mua làm quà, giọng thân mật.",
                       "answer_b": "Nhãn lồng Hưng Yên quả to, cùi dày, vị ngọt thanh — món quà quê ý nghĩa.",
                       "better": "b", "reason": "Câu lệnh thứ hai nói rõ ai đọc và muốn gì nên câu trả lời tốt hơn."},
    "listing": {"product": "Nhãn lồng Hưng Yên",
                "listing": "Nhãn lồng Hưng Yên — quả to, cùi dày, vị ngọt thanh. Hộp 2kg, giá 65.000đ/kg."},
    "video": {"video": "demo/nhan-long-15s.mp4", "note": "Video 15 giây giới thiệu nhãn lồng."},
}


def demo_artifact(exercise) -> dict:
    """What a diligent learner hands in for an exercise of any kind (its form's fields filled too)."""
    if exercise.tool == "scam_sort":
        artifact = {"sorted": {item.id: item.answer for item in exercise.items},
                    "reports": [c.id for c in exercise.report_choices if c.correct]}
    else:
        artifact = dict(DEMO_ARTIFACTS.get(exercise.tool, {"checked": list(exercise.checklist)}))
    for field in exercise.fields:
        artifact[field.id] = f"demo/{exercise.id}-{field.id}.png" if field.kind == "photo" else \
            "Bàn phím gợi ý “nhãn lông” thay cho “nhãn lồng”; tôi sửa lại trước khi gửi."
    return artifact


def add_demo_progress(session, learners: list[User]) -> None:
    """Varied progress on the real course: the first learner finished two modules (one failed quiz
    attempt on the way), the second is midway through module 1, the third has just opened lesson 1."""
    from datetime import timedelta

    from app.learning.catalog import load_catalog
    from app.learning.practice import complete_exercise
    from app.learning.progress import complete_lesson, record_view
    from app.learning.quiz import correct_answers, draw, submit_quiz
    from app.models import utcnow

    catalog = load_catalog()
    if not catalog.modules:
        return
    finished, midway, starter = learners
    clock = utcnow() - timedelta(days=6)

    def tick(hours: float = 3):
        nonlocal clock
        clock += timedelta(hours=hours)
        return clock

    for module in catalog.modules[:2]:
        for lesson in module.lessons:
            record_view(session, finished.id, catalog, lesson, tick())
            complete_lesson(session, finished.id, catalog, lesson, tick(0.3))
        shown = [q.id for q in draw(module.quiz, 1)]
        answers = correct_answers(module.quiz, shown)
        first_three = {q.id: next(o.id for o in q.options if not o.correct)
                       for q in module.quiz.questions if q.id in shown and q.options}
        first_three = dict(list(first_three.items())[:3])
        submit_quiz(session, finished.id, catalog, module, answers | first_three, tick(), shown=shown)
        submit_quiz(session, finished.id, catalog, module, answers, tick(0.5), shown=shown)
        complete_exercise(session, finished.id, catalog, module, demo_artifact(module.exercise), tick())
    if len(catalog.modules) > 2:
        record_view(session, finished.id, catalog, catalog.modules[2].lessons[0], tick())

    clock = utcnow() - timedelta(days=3)
    lessons = catalog.modules[0].lessons
    half = max(1, len(lessons) // 2)
    for lesson in lessons[:half]:
        record_view(session, midway.id, catalog, lesson, tick())
        complete_lesson(session, midway.id, catalog, lesson, tick(0.3))
    if half < len(lessons):
        record_view(session, midway.id, catalog, lessons[half], tick())

    clock = utcnow() - timedelta(days=1)
    record_view(session, starter.id, catalog, lessons[0], tick())


def format_accounts(accounts: list[DemoAccount]) -> str:
    from app.navigation import ROLE_LABELS
    lines = ["Tài khoản mẫu (tên đăng nhập / mật khẩu / vai trò):"]
    lines += [f"  {a.username:<10} {a.password:<13} {ROLE_LABELS[a.role]} — {a.full_name}" for a in accounts]
    return "\n".join(lines)
