"""Hands-on exercises: what each kind needs before it is recorded, and the learner's video kept."""
import pytest

from app.learning.practice import (
    artifact_problems, complete_exercise, make_listing_with_warnings, save_video,
)
from app.learning.progress import complete_lesson, exercise_artifact
from tests.learning_fixtures import fixture_catalog, make_learner

CATALOG = fixture_catalog()
CHECKLIST, PROMPTS = CATALOG.modules[0].exercise, CATALOG.modules[1].exercise


def test_each_kind_says_what_is_missing():
    assert artifact_problems(CHECKLIST, {"checked": CHECKLIST.checklist[:1]}) == [
        f"Chưa đánh dấu: {CHECKLIST.checklist[1]}"]
    assert artifact_problems(CHECKLIST, {"checked": list(CHECKLIST.checklist)}) == []
    problems = artifact_problems(PROMPTS, {"prompt_a": "Viết lời chào", "answer_a": "Xin chào", "prompt_b": " "})
    assert problems == ["Vui lòng điền câu lệnh thứ hai.", "Vui lòng điền câu trả lời thứ hai.",
                        "Vui lòng điền nhận xét của bạn.", "Vui lòng chọn câu trả lời nào tốt hơn."]


def test_completion_keeps_the_artifact_and_refuses_incomplete_work(session):
    user = make_learner(session)
    module = CATALOG.modules[0]
    for lesson in module.lessons:
        complete_lesson(session, user.id, CATALOG, lesson)
    with pytest.raises(ValueError, match="Chưa đánh dấu"):
        complete_exercise(session, user.id, CATALOG, module, {"checked": []})
    assert exercise_artifact(session, user.id, module) is None
    complete_exercise(session, user.id, CATALOG, module, {"checked": list(CHECKLIST.checklist)})
    assert exercise_artifact(session, user.id, module) == {"checked": list(CHECKLIST.checklist)}


def test_video_upload_is_checked_and_saved(tmp_path, monkeypatch):
    monkeypatch.setenv("BINHDAN_DATA_DIR", str(tmp_path))
    path = save_video(7, CHECKLIST, "Video nhãn lồng.MP4", b"\x00\x00\x00\x18ftypmp42")
    assert path.read_bytes().endswith(b"ftypmp42") and path.parent == tmp_path / "exercises" / "7"
    with pytest.raises(ValueError, match="không phải video"):
        save_video(7, CHECKLIST, "anh.jpg", b"x")
    with pytest.raises(ValueError, match="rỗng"):
        save_video(7, CHECKLIST, "a.mp4", b"")


def test_listing_tool_makes_a_lawful_listing_or_refuses_in_vietnamese():
    text, _ = make_listing_with_warnings("Nhãn lồng Hưng Yên", "65000", "quả to, cùi dày;vị ngọt thanh", "facebook")
    assert "Nhãn lồng Hưng Yên" in text and "65.000" in text
    with pytest.raises(ValueError, match="rượu"):
        make_listing_with_warnings("Rượu nếp cái 40 độ", "120000", "nấu thủ công")
    with pytest.raises(ValueError, match="Thiếu tên sản phẩm"):
        make_listing_with_warnings("", "1000", "")


def test_listing_tool_says_what_the_rules_removed():
    from app.learning.practice import make_listing_with_warnings
    from tools.compliance import assess
    from tools.product import Product
    text, warnings = make_listing_with_warnings("Mật ong rừng", "250000", "Chữa khỏi tiểu đường;Tốt nhất thị trường;chai 500ml")
    assert "tiểu đường" not in text.lower() and "tốt nhất" not in text.lower() and "chai 500ml" in text.lower()
    changes = assess(Product.from_fields("Mật ong rừng", "", 250000, "Chữa khỏi tiểu đường;Tốt nhất thị trường;chai 500ml")).changes
    assert {c.code for c in changes} >= {"removed_claim", "removed_superlative"}
    assert len(warnings) >= 2 and all(w in warnings for w in (c.message for c in changes))


def test_practice_video_is_a_render_job_of_the_learner(session, db_url, tmp_path, monkeypatch):
    monkeypatch.setenv("BINHDAN_DATA_DIR", str(tmp_path))
    from app.learning.practice import start_video, video_job
    from app.models import RenderJob
    from app.video_jobs import run_job
    user, other = make_learner(session), make_learner(session, username="nguoikhac")
    with pytest.raises(ValueError, match="rượu"):
        start_video(session, user.id, "Rượu nếp cái 40 độ", "120000", "nấu thủ công")
    job_id = start_video(session, user.id, "Nhãn lồng Hưng Yên", "65000", "quả to;vị ngọt thanh")
    params = session.get(RenderJob, job_id).params
    assert (params["voice"], params["backend"], params["product"]["price"]) == ("embedded", "rules", 65000)
    assert video_job(session, other.id, job_id) is None  # someone else's job stays private
    assert video_job(session, user.id, job_id).active
    session.commit()
    assert run_job(job_id, db_url) == "done"
    session.expire_all()
    job = video_job(session, user.id, job_id)
    assert not job.active and job.mp4.is_file() and job.mp4.suffix == ".mp4"
    assert job.mp4.is_relative_to(tmp_path)


# --- the scam practice, the forms' extra fields and photo evidence ---------------------------------------------
import io  # noqa: E402

from PIL import Image  # noqa: E402

from app.learning.catalog import COURSES_DIR, Exercise, load_catalog_from  # noqa: E402
from app.learning.practice import ExerciseIncomplete, save_photo, scam_feedback, scam_score  # noqa: E402

REAL = load_catalog_from(COURSES_DIR)
SCAM = REAL.modules[2].exercise


def all_right() -> dict:
    return {"sorted": {i.id: i.answer for i in SCAM.items},
            "reports": [c.id for c in SCAM.report_choices if c.correct],
            "safe_word_plan": "Cả nhà thống nhất trực tiếp trong bữa cơm, không gửi qua tin nhắn."}


def test_scam_sort_gives_feedback_on_each_item_and_needs_most_right():
    assert artifact_problems(SCAM, all_right()) == []
    verdicts = scam_feedback(SCAM, all_right()["sorted"])
    assert all(v.right and v.item.feedback for v in verdicts)
    everything_real = all_right() | {"sorted": {i.id: "that" for i in SCAM.items}}
    right, total = scam_score(SCAM, everything_real["sorted"])
    assert right < 0.8 * total
    problems = artifact_problems(SCAM, everything_real)
    assert len(problems) == 1 and f"{right}/{total}" in problems[0]
    one_left = all_right()
    first = SCAM.items[0]
    del one_left["sorted"][first.id]
    assert artifact_problems(SCAM, one_left) == [f"Chưa phân loại: {first.sender}"]


def test_scam_sort_asks_where_to_report_and_the_family_safe_word_plan():
    wrong_report = all_right() | {"reports": [c.id for c in SCAM.report_choices]}  # the wrong places too
    assert any("Nơi báo" in p for p in artifact_problems(SCAM, wrong_report))
    no_plan = all_right() | {"safe_word_plan": "  "}
    assert len(artifact_problems(SCAM, no_plan)) == 1


def test_a_scam_exercise_needs_every_verdict_and_channel():
    data = SCAM.model_dump()
    with pytest.raises(ValueError, match="mã QR"):
        Exercise.model_validate(data | {"items": [i for i in data["items"] if i["channel"] != "qr"]})
    with pytest.raises(ValueError, match="can_kiem_tra"):
        Exercise.model_validate(data | {"items": [i for i in data["items"] if i["answer"] != "can_kiem_tra"]})
    with pytest.raises(ValueError, match="report_choices"):
        Exercise.model_validate(data | {"report_choices": data["report_choices"][:1]})


def test_every_missing_item_is_its_own_line():
    checklist = REAL.modules[0].exercise  # ticks plus a note and a screenshot
    problems = artifact_problems(checklist, {"checked": []})
    assert len(problems) == len(checklist.checklist) + 2
    with pytest.raises(ExerciseIncomplete) as info:
        complete_exercise(None, 1, REAL, REAL.modules[0], {"checked": []})
    assert info.value.problems == problems and str(info.value).count("\n") == len(problems) - 1


def test_the_prompt_comparison_has_no_verdict_chosen_for_the_learner():
    work = {"prompt_a": "a", "answer_a": "b", "prompt_b": "c", "answer_b": "d", "reason": "e"}
    assert artifact_problems(PROMPTS, work) == ["Vui lòng chọn câu trả lời nào tốt hơn."]
    assert artifact_problems(PROMPTS, work | {"better": "b"}) == []


def test_exercises_take_what_their_instructions_ask():
    video = REAL.module("m05-dung-ai-an-toan").exercise
    assert {(f.id, f.kind) for f in video.fields} == {("product_photo", "photo"), ("note", "long_text")}
    for module in REAL.modules:
        if module.exercise.tool == "checklist":  # a self-ticked box is backed by evidence
            assert any(f.kind == "photo" for f in module.exercise.fields), module.id


def png_bytes(size=(40, 30)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, "white").save(out, format="PNG")
    return out.getvalue()


def test_photo_evidence_is_checked_and_saved(tmp_path, monkeypatch):
    monkeypatch.setenv("BINHDAN_DATA_DIR", str(tmp_path))
    path = save_photo(7, CHECKLIST, "screenshot", "Ảnh màn hình.PNG", png_bytes())
    assert path == tmp_path / "exercises" / "7" / f"{CHECKLIST.id}-screenshot.png" and path.stat().st_size > 0
    with pytest.raises(ValueError, match="không phải ảnh"):
        save_photo(7, CHECKLIST, "screenshot", "video.mp4", b"x")
    with pytest.raises(ValueError, match="Không đọc được"):
        save_photo(7, CHECKLIST, "screenshot", "anh.jpg", b"not an image at all")
    with pytest.raises(ValueError, match="rỗng"):
        save_photo(7, CHECKLIST, "screenshot", "anh.png", b"")
