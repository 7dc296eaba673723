"""Class reports for the ward: CSV, XLSX (pandas), a one-page PDF summary, and xAPI statements (JSON)."""
from __future__ import annotations

import io
import json
import re
import uuid
from datetime import date, datetime, timedelta, timezone

import pandas as pd
from sqlalchemy import Boolean, Float, cast, literal, null, select, union_all
from sqlalchemy.orm import Session

from app.config import public_url
from app.learning.catalog import Catalog
from app.models import Enrolment, ExerciseCompletion, LessonProgress, QuizAnswer, QuizAttempt, User
from app.trainer import documents
from app.trainer.access import Actor, get_class
from app.trainer.analytics import ClassDashboard, class_dashboard, epoch_seconds, from_epoch, help_counts
from tools.textnorm import fold
from tools import safe_text

FORMATS = ("csv", "xlsx", "pdf", "json")
XAPI_VERSION = "1.0.3"
VIETNAM_TZ = timezone(timedelta(hours=7))
VERB = {name: f"http://adlnet.gov/expapi/verbs/{name}" for name in
        ("experienced", "completed", "attempted", "passed", "failed")}
VERB_LABEL = {"experienced": "đã xem", "completed": "đã hoàn thành", "attempted": "đã làm bài",
              "passed": "đã đạt", "failed": "chưa đạt"}
LABELS = {  # column -> heading the ward reads
    "full_name": "Họ và tên", "username": "Tên đăng nhập", "group": "Nhóm", "phone": "Số điện thoại",
    "email": "Email", "lessons_completed": "Số bài đã học xong", "completion_rate": "Tiến độ khóa học",
    "quizzes_passed": "Số bài kiểm tra đạt", "quiz_attempts": "Số lần làm bài kiểm tra", "avg_score": "Điểm trung bình",
    "exercises_done": "Số bài thực hành đạt", "exercises_waiting": "Bài thực hành chờ chấm",
    "complete": "Hoàn thành khóa học", "certificate_code": "Mã chứng chỉ", "certificate_issued_at": "Ngày cấp chứng chỉ",
    "last_activity": "Hoạt động gần nhất", "days_idle": "Số ngày không học", "enrolled_at": "Ngày ghi danh",
    "sessions_attended": "Số buổi dự lớp", "reminders": "Số lần được nhắc", "reminded_at": "Nhắc lần cuối",
    "came_back": "Đã học lại sau khi nhắc", "items": "Vướng ở",
    "module": "Học phần", "lesson": "Bài học", "started": "Số người đã mở", "completed": "Số người học xong",
    "lessons": "Số bài", "attempts": "Số lần làm", "learners": "Số người làm", "avg_best_score": "Điểm cao nhất trung bình",
    "passed_count": "Số người đạt", "pass_rate": "Tỉ lệ đạt", "pass_mark": "Điểm đạt", "question": "Câu hỏi",
    "answered": "Số lượt trả lời", "wrong": "Số lượt sai", "wrong_rate": "Tỉ lệ sai", "top_wrong": "Đáp án sai hay chọn nhất",
    "top_wrong_count": "Số lượt chọn đáp án sai đó", "item": "Vướng ở", "since": "Từ ngày", "days": "Số ngày",
    "tries": "Số lượt mở/làm", "day": "Ngày", "active_learners": "Số người học", "cumulative_rate": "Tỉ lệ hoàn thành cộng dồn",
    "submitted_at": "Thời điểm nộp", "score": "Điểm", "attempt_id": "Lượt làm số", "passed": "Kết quả",
    "chosen": "Đã chọn", "correct": "Đúng/Sai", "held_on": "Ngày học", "topic": "Nội dung buổi học",
    "present": "Có mặt", "stuck": "Đang vướng", "inactive": "Lâu không học",
}
PERCENT_COLUMNS = {"completion_rate", "avg_score", "avg_best_score", "pass_rate", "wrong_rate", "cumulative_rate",
                   "score", "pass_mark"}
DATE_COLUMNS = {"certificate_issued_at", "enrolled_at", "day", "since", "held_on"}       # dd/mm/yyyy
TIME_COLUMNS = {"last_activity", "submitted_at", "reminded_at"}                        # dd/mm/yyyy hh:mm
YES_NO = {"passed": ("Đạt", "Chưa đạt"), "correct": ("Đúng", "Sai"), "complete": ("Hoàn thành", "Chưa hoàn thành"),
          "came_back": ("Có", "Chưa"), "present": ("Có mặt", "Vắng"), "stuck": ("Có", "Không"),
          "inactive": ("Có", "Không")}
DATE_FORMAT, TIME_FORMAT = "%d/%m/%Y", "%d/%m/%Y %H:%M"
EXCEL_FORMATS = {DATE_FORMAT: "dd/mm/yyyy", TIME_FORMAT: "dd/mm/yyyy hh:mm"}
LEARNER_COLUMNS = ["full_name", "username", "group", "phone", "email", "lessons_completed", "quizzes_passed",
                   "exercises_done", "completion_rate", "complete", "certificate_code", "certificate_issued_at",
                   "sessions_attended", "quiz_attempts", "avg_score", "stuck", "inactive", "reminders", "reminded_at",
                   "came_back",
                   "last_activity", "days_idle", "enrolled_at"]
STUCK_COLUMNS = ["full_name", "group", "phone", "items", "days", "reminded_at", "came_back"]
INACTIVE_COLUMNS = ["full_name", "group", "phone", "last_activity", "days_idle", "reminded_at", "came_back"]


def _local_naive(series: pd.Series) -> pd.Series:
    if isinstance(series.dtype, pd.DatetimeTZDtype):
        return series.dt.tz_convert("Asia/Ho_Chi_Minh").dt.tz_localize(None)
    return pd.to_datetime(series)


def labelled(frame: pd.DataFrame, columns: list[str], excel: bool = False) -> pd.DataFrame:
    """The chosen columns with Vietnamese headings and values a ward reads: percentages 0..100, yes/no as
    words (Đạt/Chưa đạt, Đúng/Sai), dates in Vietnam time as dd/mm/yyyy. For Excel, dates stay dates (the
    writer gives them the dd/mm/yyyy format); for CSV they are text."""
    out = frame[columns].copy()
    names = {}
    for col in columns:
        if col in DATE_COLUMNS or col in TIME_COLUMNS:
            local = _local_naive(out[col])
            if col in DATE_COLUMNS:
                local = local.dt.normalize()
            if not excel:
                local = local.dt.strftime(DATE_FORMAT if col in DATE_COLUMNS else TIME_FORMAT)
            out[col] = local.astype(object).where(local.notna(), None)
        elif col in YES_NO:
            yes, no = YES_NO[col]
            out[col] = out[col].map(lambda v: None if v is None or v != v else (yes if bool(v) else no))
        elif col in PERCENT_COLUMNS:
            out[col] = (out[col].astype(float) * 100).round(1)
            names[col] = f"{LABELS[col]} (%)"
    return out.rename(columns={c: names.get(c, LABELS.get(c, c)) for c in columns})


def report_frames(dash: ClassDashboard, excel: bool = False) -> dict[str, pd.DataFrame]:
    """The class report as sheets (sheet name -> table)."""
    modules = dash.modules.merge(dash.quizzes[["module_id", "attempts", "learners", "avg_best_score", "passed",
                                               "pass_rate"]].rename(columns={"passed": "passed_count"}), on="module_id")
    o = dash.overview
    summary = pd.DataFrame([("Học viên", o.learners, "Số học viên ghi danh trong lớp."),
                            ("Hoàn thành khóa học", o.completed, "Đủ điều kiện chứng chỉ: đạt mọi bài kiểm tra và mọi "
                                                                  "bài thực hành của lộ trình."),
                            *[(label, value, meaning) for _code, label, value, meaning
                              in help_counts(o, dash.inactive_days)],
                            ("Chứng chỉ đã cấp", o.certificates, "Số học viên đã được cấp chứng chỉ.")],
                           columns=["Chỉ số", "Số học viên", "Cách tính"])
    return {
        "Tóm tắt": summary,
        "Học viên": labelled(dash.learners, LEARNER_COLUMNS, excel)
        .rename(columns={LABELS["inactive"]: f"Không học quá {dash.inactive_days} ngày"}),
        "Đang vướng": labelled(dash.stuck_people, STUCK_COLUMNS, excel),
        "Lâu không học": labelled(dash.inactive, INACTIVE_COLUMNS, excel),  # as many rows as o.inactive
        "Bài học": labelled(dash.lessons, ["module", "lesson", "started", "completed", "completion_rate"], excel),
        "Học phần": labelled(modules, ["module", "lessons", "completed", "attempts", "learners", "avg_best_score",
                                       "passed_count", "pass_rate"], excel)
        .rename(columns={LABELS["completed"]: "Số người học xong cả học phần"}),
        "Câu hỏi khó": labelled(dash.hardest, ["module", "question", "answered", "wrong", "wrong_rate", "top_wrong",
                                               "top_wrong_count"], excel),
        "Theo ngày": labelled(dash.timeline, ["day", "completed", "active_learners", "cumulative_rate"], excel),
    }


def attempts_frame(session: Session, class_id: int, catalog: Catalog) -> pd.DataFrame:
    """Every quiz attempt of the class's learners (one SQL query)."""
    query = (select(QuizAttempt.id, User.full_name, User.username, Enrolment.group_name, QuizAttempt.module_id,
                    QuizAttempt.score, QuizAttempt.passed, epoch_seconds(session, QuizAttempt.submitted_at))
             .join(User, User.id == QuizAttempt.user_id)
             .join(Enrolment, Enrolment.user_id == User.id)
             .where(Enrolment.class_id == class_id)
             .order_by(QuizAttempt.submitted_at, QuizAttempt.id))
    frame = pd.DataFrame.from_records(list(map(tuple, session.execute(query))), columns=[
        "attempt_id", "full_name", "username", "group", "module_id", "score", "passed", "submitted_at"])
    frame["module"] = frame["module_id"].map({m.id: m.title for m in catalog.modules}).fillna(frame["module_id"])
    frame["submitted_at"] = from_epoch(frame["submitted_at"])
    return frame


def answers_frame(session: Session, class_id: int, catalog: Catalog) -> pd.DataFrame:
    """Every answer of the class's learners, with module titles, question texts and chosen options' texts."""
    query = (select(QuizAnswer.attempt_id, User.full_name, QuizAttempt.module_id, QuizAnswer.question_id,
                    QuizAnswer.chosen, QuizAnswer.correct)
             .join(QuizAttempt, QuizAttempt.id == QuizAnswer.attempt_id)
             .join(User, User.id == QuizAttempt.user_id)
             .join(Enrolment, Enrolment.user_id == User.id)
             .where(Enrolment.class_id == class_id)
             .order_by(QuizAnswer.attempt_id, QuizAnswer.id))
    frame = pd.DataFrame(session.execute(query).all(),
                         columns=["attempt_id", "full_name", "module_id", "question_id", "chosen", "correct"])
    modules = {m.id: m.title for m in catalog.modules}
    questions, options = {}, {}
    for m in catalog.modules:
        for q in m.quiz.questions:
            questions[(m.id, q.id)] = q.text
            options[(m.id, q.id)] = {o.id: o.text for o in q.options}
    keys = list(zip(frame["module_id"], frame["question_id"]))
    frame["module"] = [modules.get(m, m) for m in frame["module_id"]]
    frame["question"] = [questions.get(k, k[1]) for k in keys]
    frame["chosen"] = [" + ".join(options.get(k, {}).get(c, c) for c in str(chosen).split(",") if c)
                       for k, chosen in zip(keys, frame["chosen"])]
    return frame


ATTEMPT_COLUMNS = ["attempt_id", "full_name", "username", "group", "module", "score", "passed", "submitted_at"]
ANSWER_COLUMNS = ["attempt_id", "full_name", "module", "question", "chosen", "correct"]


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(text).lower()).strip("-")[:60] or "lop"


def export_filename(class_name: str, fmt: str, what: str = "bao-cao", day: date | None = None) -> str:
    """e.g. bao-cao-lop-ai-co-ban-to-5-27-11-2026.xlsx: the class's name and the date, no accents."""
    day = day or datetime.now(VIETNAM_TZ).date()
    return f"{what}-{_slug(class_name)}-{day:%d-%m-%Y}.{fmt}"


def _write_sheets(sheets: dict[str, pd.DataFrame]) -> bytes:
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        for name, frame in sheets.items():
            safe_text.frame(frame).to_excel(writer, sheet_name=name, index=False)  # no formula from a learner's text
            sheet = writer.sheets[name]
            sheet.freeze_panes = "A2"
            for cells in sheet.columns:  # readable column widths; dates shown dd/mm/yyyy
                for cell in cells[1:]:
                    if isinstance(cell.value, datetime):
                        has_time = (cell.value.hour, cell.value.minute) != (0, 0)
                        cell.number_format = EXCEL_FORMATS[TIME_FORMAT if has_time else DATE_FORMAT]
                width = max([len(str(cells[0].value or ""))] + [len(str(c.value or "")) for c in cells[1:200]])
                sheet.column_dimensions[cells[0].column_letter].width = min(max(10, width + 2), 60)
    return buffer.getvalue()


def report_csv(dash: ClassDashboard) -> bytes:
    """The learner table (UTF-8 with BOM: Excel shows the accents)."""
    return safe_text.csv_bytes(report_frames(dash)["Học viên"])


def attempts_csv(attempts: pd.DataFrame) -> bytes:
    return safe_text.csv_bytes(labelled(attempts, ATTEMPT_COLUMNS))


def report_xlsx(dash: ClassDashboard, attempts: pd.DataFrame, answers: pd.DataFrame,
                extra: dict[str, pd.DataFrame] | None = None) -> bytes:
    return _write_sheets(report_frames(dash, excel=True) | (extra or {}) | {
        "Lượt làm bài": labelled(attempts, ATTEMPT_COLUMNS, excel=True),
        "Câu trả lời": labelled(answers, ANSWER_COLUMNS, excel=True)})


def _pct(value) -> str:
    return "—" if value is None or pd.isna(value) else f"{value * 100:.0f}%"


def _local(ts: datetime) -> str:
    return pd.Timestamp(ts).tz_convert("Asia/Ho_Chi_Minh").strftime("%d/%m/%Y %H:%M")


PDF_STUCK_ROWS = 8  # the one page shows this many stuck learners and says how many more there are


def summary_pdf(dash: ClassDashboard) -> bytes:
    """One A4 page for the ward: headline numbers, modules, who needs help, hardest questions."""
    o = dash.overview
    pdf = documents.new_pdf(f"Báo cáo lớp: {dash.class_name}")
    pdf.multi_cell(0, 5, f"Giảng viên: {dash.trainer_name}   ·   Lập lúc: {_local(dash.generated_at)}",
                   new_x="LMARGIN", new_y="NEXT")
    documents.heading(pdf, "Số liệu chính")
    documents.table(pdf, ["Học viên", "Hoàn thành khóa học", "Tiến độ trung bình", "Học trong 7 ngày qua",
                          "Tỉ lệ đạt bài kiểm tra", "Chứng chỉ đã cấp", "Đang vướng"],
                    [[o.learners, o.completed, _pct(o.avg_completion), o.active_7d, _pct(o.quiz_pass_rate),
                      o.certificates, o.stuck]], [1, 1.2, 1, 1, 1.1, 1, 1])
    documents.heading(pdf, "Theo học phần")
    quiz = dash.quizzes.set_index("module_id")
    documents.table(pdf, ["Học phần", "Học xong", "Tỉ lệ", "Người làm kiểm tra", "Điểm TB", "Tỉ lệ đạt"],
                    [[r.module, r.completed, _pct(r.completion_rate), quiz.loc[r.module_id, "learners"],
                      _pct(quiz.loc[r.module_id, "avg_best_score"]), _pct(quiz.loc[r.module_id, "pass_rate"])]
                     for r in dash.modules.itertuples()][:12], [3.2, 1, 1, 1.3, 1, 1])
    if o.sessions:
        documents.heading(pdf, f"Dự lớp: {o.sessions} buổi, trung bình {o.attendance_rate * 100:.0f}% học viên có mặt")
    people = dash.stuck_people
    counts = {code: (label, value) for code, label, value, _ in help_counts(o, dash.inactive_days)}
    documents.heading(pdf, f"{counts['needs_help'][0]}: {o.needs_help} học viên, mỗi người tính một lần "
                           f"({counts['stuck'][0].lower()}: {o.stuck}; {counts['inactive'][0].lower()}: {o.inactive})")
    shown = PDF_STUCK_ROWS
    stuck = [[r.full_name, r.phone or "—", r.items, r.days] for r in people.head(shown).itertuples()]
    if stuck:
        documents.table(pdf, ["Học viên", "Điện thoại", "Vướng ở", "Số ngày"], stuck, [2, 1.3, 4, 0.8])
        if len(people) > shown:
            pdf.cell(0, 6, f"… và {len(people) - shown} học viên khác (xem trang “Đang vướng” trong tệp Excel).",
                     new_x="LMARGIN", new_y="NEXT")
    documents.heading(pdf, "Câu hỏi khó nhất")
    hard = [[r.question, _pct(r.wrong_rate), r.top_wrong] for r in dash.hardest.head(5).itertuples()]
    if hard:
        documents.table(pdf, ["Câu hỏi", "Tỉ lệ sai", "Đáp án sai hay chọn"], hard, [4, 1, 2.4])
    else:
        pdf.cell(0, 6, "Chưa có câu trả lời sai nào.", new_x="LMARGIN", new_y="NEXT")
    return documents.output(pdf)


def _iso(ts) -> str:
    ts = pd.Timestamp(ts)
    ts = ts.tz_localize("UTC") if ts.tzinfo is None else ts.tz_convert("UTC")
    return ts.strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def xapi_statements(session: Session, class_id: int, catalog: Catalog, base_url: str | None = None) -> list[dict]:
    """xAPI 1.0.3 statements for every recorded learning event of the class (ADL verbs)."""
    base = (base_url or public_url()).rstrip("/")
    members = select(Enrolment.user_id).where(Enrolment.class_id == class_id).subquery()
    lp, qa, ex = LessonProgress, QuizAttempt, ExerciseCompletion
    no_score, no_success = cast(null(), Float).label("score"), cast(null(), Boolean).label("ok")
    events = union_all(
        select(lp.user_id, literal("experienced"), literal("lesson"), lp.lesson_id, lp.first_viewed_at.label("at"),
               no_score, no_success).where(lp.user_id.in_(select(members))),
        select(lp.user_id, literal("completed"), literal("lesson"), lp.lesson_id, lp.completed_at, no_score,
               no_success).where(lp.user_id.in_(select(members)), lp.completed_at.is_not(None)),
        select(qa.user_id, literal("attempted"), literal("quiz"), qa.module_id, qa.submitted_at, qa.score,
               qa.passed).where(qa.user_id.in_(select(members))),
        select(ex.user_id, literal("completed"), literal("exercise"), ex.exercise_id, ex.completed_at, no_score,
               no_success).where(ex.user_id.in_(select(members))),
    ).subquery("events")
    query = (select(User.username, User.full_name, events).join(User, User.id == events.c.user_id)
             .order_by(events.c.at, User.username))
    titles = {lesson.id: lesson.title for lesson in catalog.lessons()}
    titles |= {m.id: f"Bài kiểm tra: {m.title}" for m in catalog.modules}
    titles |= {m.exercise.id: m.exercise.title for m in catalog.modules}
    activity_type = {"lesson": "http://adlnet.gov/expapi/activities/lesson",
                     "quiz": "http://adlnet.gov/expapi/activities/assessment",
                     "exercise": "http://adlnet.gov/expapi/activities/interaction"}
    statements = []
    for username, full_name, _uid, verb, kind, item, at, score, ok in session.execute(query):
        if kind == "quiz":
            verb = "passed" if ok else "failed"
        statement = {
            "actor": {"objectType": "Agent", "name": full_name, "account": {"homePage": base, "name": username}},
            "verb": {"id": VERB[verb], "display": {"vi-VN": VERB_LABEL[verb], "en-US": verb}},
            "object": {"objectType": "Activity", "id": f"{base}/activities/{kind}/{item}",
                       "definition": {"type": activity_type[kind], "name": {"vi-VN": titles.get(item, item)}}},
            "timestamp": _iso(at),
            "version": XAPI_VERSION,
        }
        if kind == "quiz":
            statement["result"] = {"score": {"scaled": round(float(score), 4), "min": 0, "max": 1},
                                   "success": bool(ok), "completion": True}
        elif verb == "completed":
            statement["result"] = {"completion": True}
        statement["id"] = str(uuid.uuid5(uuid.NAMESPACE_URL, json.dumps(statement, sort_keys=True)))
        statements.append(statement)
    return statements


def attempts_xlsx(attempts: pd.DataFrame, answers: pd.DataFrame) -> bytes:
    return _write_sheets({"Lượt làm bài": labelled(attempts, ATTEMPT_COLUMNS, excel=True),
                          "Câu trả lời": labelled(answers, ANSWER_COLUMNS, excel=True)})


def export_class(session: Session, actor: Actor, class_id: int, catalog: Catalog, fmt: str,
                 inactive_days: int = 7, now: datetime | None = None, attempts: bool = False) -> bytes:
    """The class report (or, with attempts=True, every quiz attempt) in one format: csv | xlsx | pdf | json.

    What the page buttons and `binhdan progress export` write.
    """
    if fmt not in FORMATS or (attempts and fmt not in ("csv", "xlsx")):
        allowed = ("csv", "xlsx") if attempts else FORMATS
        raise ValueError(f"Định dạng “{fmt}” không được hỗ trợ; chọn một trong: {', '.join(allowed)}.")
    get_class(session, actor, class_id)
    if attempts:
        frame = attempts_frame(session, class_id, catalog)
        return attempts_csv(frame) if fmt == "csv" else attempts_xlsx(frame, answers_frame(session, class_id, catalog))
    if fmt == "json":
        data = xapi_statements(session, class_id, catalog)
        return json.dumps(safe_text.deep(data), ensure_ascii=False, indent=1).encode("utf-8")
    dash = class_dashboard(session, actor, class_id, catalog, inactive_days, now or datetime.now(timezone.utc))
    if fmt == "csv":
        return report_csv(dash)
    if fmt == "pdf":
        return summary_pdf(dash)
    from app.trainer.attendance import attendance_matrix
    extra = {"Điểm danh": attendance_matrix(session, actor, class_id)} if dash.overview.sessions else {}
    return report_xlsx(dash, attempts_frame(session, class_id, catalog), answers_frame(session, class_id, catalog),
                       extra)
