"""Video rendering as background jobs (table render_jobs), so no web page waits on the encoder.

- `submit(session, owner_id, params)` queues a job; `params` holds the product fields, the options
  and the paths of uploaded photos/recording (see `options_from_params`).
- The queue is Huey (app.job_queue: SQLite storage on one PC, Redis beyond); a worker runs each job in a
  child process (`python -m app.video_jobs JOB_ID`) that writes a heartbeat to the row: the web process
  never encodes video itself. `ensure_worker()` starts one worker process per server unless
  BINHDAN_EXTERNAL_WORKERS=1 (workers run elsewhere: `binhdan video-worker --workers N`).
- A job whose worker died (no heartbeat for app.job_queue.STALE_S seconds) is queued again, its temporary
  files removed; a crashed render is retried; after app.job_queue.RETRIES tries it fails with a message.
- `run_job(job_id)` does the work: progress and a Vietnamese message are written to the row as it
  goes; the final status is done, failed (with the reason: bad input or a product that may not be
  advertised) or cancelled (`request_cancel`).
"""
from __future__ import annotations

import logging
import os
import subprocess
import sys
import threading
import time
from datetime import timedelta
from pathlib import Path

from sqlalchemy import event, select, update

from app.config import PROJECT_ROOT, data_dir, database_url
from app.db import session_scope
from app.models import RenderJob, utcnow
from tools.product import Product, ProductError
from tools.video import RenderCancelled, RenderOptions, make_video, product_slug, render_script
from tools.video.render import RenderError, VideoResult
from tools.video.script_model import VideoScript
from tools.video.templates import DEFAULT_TEMPLATE, TemplateError

log = logging.getLogger(__name__)

KIND = "video"
ACTIVE = ("queued", "running", "cancelling")
PROGRESS_EVERY_S = 0.5


def media_dir(owner_id: int) -> Path:
    path = data_dir() / "videos" / str(owner_id)
    path.mkdir(parents=True, exist_ok=True)
    return path


def submit(session, owner_id: int, params: dict) -> RenderJob:
    job = RenderJob(owner_id=owner_id, kind=KIND, status="queued", progress=0.0,
                    message="Đang chờ đến lượt dựng video…", params=params)
    session.add(job)
    session.flush()
    job_id = job.id
    event.listen(session, "after_commit", lambda _s: _enqueue(job_id), once=True)
    return job


def _enqueue(job_id: int) -> None:
    """Hand the committed job to the queue; a queue that cannot be reached leaves it for the stalled-job check."""
    from app import job_queue
    try:
        job_queue.enqueue(job_id)
    except Exception:  # noqa: BLE001 - the row is queued; claim_next/recover_stale still find it
        log.exception("could not enqueue video job %s", job_id)


def claim(job_id: int, url: str | None = None) -> bool:
    """Take one queued job (atomically: two workers never take the same one)."""
    with session_scope(url) as s:
        done = s.execute(update(RenderJob).where(RenderJob.id == job_id, RenderJob.status == "queued")
                         .values(status="running", message="Bắt đầu dựng video…", updated_at=utcnow()))
        return done.rowcount == 1


def jobs_for(session, owner_id: int, limit: int = 10) -> list[RenderJob]:
    return list(session.scalars(select(RenderJob).where(RenderJob.owner_id == owner_id, RenderJob.kind == KIND)
                                .order_by(RenderJob.id.desc()).limit(limit)))


def job_for(session, job_id: int | None, owner_id: int) -> RenderJob | None:
    """The owner's own job, or None (a missing job, or someone else's: the one ownership check)."""
    job = session.get(RenderJob, job_id) if job_id else None
    return job if job is not None and job.owner_id == owner_id else None


def request_cancel(session, job_id: int, owner_id: int) -> bool:
    """Ask a queued or running job to stop (the owner only)."""
    job = job_for(session, job_id, owner_id)
    if job is None or job.status not in ACTIVE:
        return False
    if job.status == "queued":
        job.status, job.message = "cancelled", "Đã hủy."
    else:
        job.status, job.message = "cancelling", "Đang hủy…"
    return True


def claim_next(url: str | None = None) -> int | None:
    """Take the oldest queued job (atomically: two workers never take the same one)."""
    with session_scope(url) as s:
        for job_id in s.scalars(select(RenderJob.id).where(RenderJob.status == "queued", RenderJob.kind == KIND)
                                .order_by(RenderJob.id).limit(5)):
            done = s.execute(update(RenderJob).where(RenderJob.id == job_id, RenderJob.status == "queued")
                             .values(status="running", message="Bắt đầu dựng video…", updated_at=utcnow()))
            if done.rowcount == 1:
                return job_id
    return None


def options_from_params(params: dict) -> RenderOptions:
    return RenderOptions(
        template=params.get("template") or DEFAULT_TEMPLATE,
        voice=params.get("recording") or params.get("voice") or "embedded",
        aspect=params.get("aspect", "9:16"), size=params.get("size", "720x1280"),
        photos=[Path(p) for p in params.get("photos", [])],
        logo=Path(params["logo"]) if params.get("logo") else None,
        link=params.get("link", ""), contact=params.get("contact", ""), ai_label=params.get("ai_label", True),
        pixel_size=tuple(params["pixel_size"]) if params.get("pixel_size") else None)


def _update(url: str | None, job_id: int, **values) -> str:
    """Write values to the job row; returns its status (to notice a cancel request)."""
    with session_scope(url) as s:
        job = s.get(RenderJob, job_id)
        for key, value in values.items():
            setattr(job, key, value)
        job.updated_at = utcnow()
        return job.status


def _finish(url: str | None, job_id: int, result: VideoResult) -> None:
    status = "done" if result.status == "done" else "failed"
    _update(url, job_id, status=status, progress=1.0 if status == "done" else 0.0, message=result.message,
            result={**result.to_dict(), "blocked": result.status == "blocked"})


def run_job(job_id: int, url: str | None = None, drafter=None) -> str:
    """Render one claimed job in this process; returns the final status."""
    with session_scope(url) as s:
        job = s.get(RenderJob, job_id)
        params, owner_id = dict(job.params or {}), job.owner_id
    cancel = threading.Event()
    last = [0.0]

    def progress(fraction: float, message: str) -> None:
        now = time.monotonic()
        if now - last[0] < PROGRESS_EVERY_S and fraction < 1.0:
            return
        last[0] = now
        if _update(url, job_id, progress=float(fraction), message=message) == "cancelling":
            cancel.set()

    out_dir = media_dir(owner_id) / f"job-{job_id}"
    alive = threading.Event()

    def heartbeat() -> None:  # the row's updated_at proves this render is alive, even between progress reports
        from app.job_queue import HEARTBEAT_S
        while not alive.wait(HEARTBEAT_S):
            try:
                if _update(url, job_id) == "cancelling":
                    cancel.set()
            except Exception:  # noqa: BLE001 - a missed beat is retried on the next one
                log.warning("heartbeat of job %s failed", job_id)

    threading.Thread(target=heartbeat, daemon=True, name=f"heartbeat-{job_id}").start()
    try:
        return _run_job(job_id, url, drafter, params, out_dir, progress, cancel)
    finally:
        alive.set()


def _run_job(job_id, url, drafter, params, out_dir, progress, cancel) -> str:
    try:
        options = options_from_params(params)
        if params.get("script"):
            script = VideoScript.from_dict(params["script"])
            result = render_script(script, out_dir, params.get("slug") or product_slug(script.name), options,
                                   progress, cancel)
        else:
            product = Product.from_fields(**params["product"])
            if drafter is None and params.get("backend", "rules") != "rules":
                progress(0.01, "AI đang viết câu mở đầu…")
                from tools.video.drafting import default_drafter
                drafter = default_drafter(params["backend"])
            result = make_video(product, out_dir, options, progress, cancel, drafter=drafter,
                                slug=params.get("slug"))
    except RenderCancelled:
        _update(url, job_id, status="cancelled", message="Đã hủy.", progress=0.0)
        return "cancelled"
    except (ProductError, RenderError, TemplateError) as exc:
        result = VideoResult("failed", str(exc))
    except Exception:  # noqa: BLE001 - a job must end with a status the page can show
        log.exception("video job %s crashed", job_id)
        result = VideoResult("failed", "Có lỗi khi dựng video. Vui lòng thử lại hoặc chọn mẫu, ảnh khác.")
    _finish(url, job_id, result)
    return "done" if result.status == "done" else "failed"


def remove_partial_files(owner_id: int | None = None, job_id: int | None = None,
                         older_than_s: float = 0.0) -> int:
    """Delete the temporary files (*.part) a killed render left: of one job, or all those older than
    `older_than_s` (a live render keeps writing its own)."""
    root = data_dir() / "videos"
    if job_id is not None and owner_id is not None:
        root = root / str(owner_id) / f"job-{job_id}"
    removed = 0
    for path in root.rglob("*.part") if root.is_dir() else []:
        try:
            if older_than_s and time.time() - path.stat().st_mtime < older_than_s:
                continue
            path.unlink()
            removed += 1
        except OSError:
            pass
    return removed


def recover_stale(url: str | None = None) -> int:
    """Jobs whose heartbeat stopped (their worker died): queued again with their temporary files removed, at
    most app.job_queue.RETRIES times, then failed with a message; a stalled cancel request ends cancelled."""
    from app.job_queue import RETRIES, STALE_S
    again = []
    with session_scope(url) as s:
        stale = s.scalars(select(RenderJob).where(RenderJob.status.in_(("running", "cancelling")),
                                                  RenderJob.updated_at < utcnow() - timedelta(seconds=STALE_S))
                          .with_for_update(skip_locked=True)).all()
        for job in stale:
            recovered = int((job.result or {}).get("recovered", 0))
            remove_partial_files(job.owner_id, job.id)
            if job.status == "cancelling":
                job.status, job.message = "cancelled", "Đã hủy."
            elif recovered < RETRIES:
                job.status, job.progress = "queued", 0.0
                job.message = "Máy dựng video bị dừng giữa chừng; đang dựng lại…"
                job.result = {**(job.result or {}), "recovered": recovered + 1}
                again.append(job.id)
            else:
                job.status = "failed"
                job.message = "Máy dựng video bị dừng nhiều lần khi đang dựng video này. Vui lòng bấm tạo lại."
        count = len(stale)
    for job_id in again:
        _enqueue(job_id)
    return count


def run_in_child(job_id: int, url: str | None = None, timeout: float = 1800, final: bool = True) -> int:
    """Render in a child process; a crash is queued again for a retry unless this was the final try."""
    env = {**os.environ, "BINHDAN_DATABASE_URL": url or database_url()}
    try:
        proc = subprocess.run([sys.executable, "-m", "app.video_jobs", str(job_id)], cwd=PROJECT_ROOT, env=env,
                              timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        _update(url, job_id, status="failed", message="Dựng video quá lâu nên đã dừng.")
        return 1
    if proc.returncode != 0:
        with session_scope(url) as s:
            job = s.get(RenderJob, job_id)
            remove_partial_files(job.owner_id, job.id)
            if job.status in ACTIVE and final:
                job.status, job.message = "failed", "Có lỗi khi dựng video. Vui lòng thử lại."
            elif job.status in ACTIVE:
                job.status, job.progress, job.message = "queued", 0.0, "Có lỗi khi dựng video; đang thử lại…"
    return proc.returncode


def work(url: str | None = None, stop: threading.Event | None = None, idle_s: float = 1.0,
         once: bool = False, workers: int = 1) -> None:
    """Serve the Huey queue (app.job_queue) until interrupted; once: run every queued row now and return."""
    if not once:
        from app.job_queue import run_consumer
        run_consumer(workers, url)
        return
    recover_stale(url)
    while stop is None or not stop.is_set():
        job_id = claim_next(url)
        if job_id is None:
            return
        run_in_child(job_id, url)


_worker: subprocess.Popen | None = None
_worker_lock = threading.Lock()


def ensure_worker(url: str | None = None) -> subprocess.Popen | None:
    """One worker process (Huey consumer) per server process, started on first use and again if it died;
    none when BINHDAN_EXTERNAL_WORKERS=1 (render workers run as their own services)."""
    global _worker
    if os.environ.get("BINHDAN_EXTERNAL_WORKERS", "").strip() in ("1", "true", "yes"):
        return None
    with _worker_lock:
        if _worker is None or _worker.poll() is not None:
            env = {**os.environ, "BINHDAN_DATABASE_URL": url or database_url()}
            _worker = subprocess.Popen([sys.executable, "-m", "app.job_queue", "--parent", str(os.getpid())],
                                       cwd=PROJECT_ROOT, env=env)
        return _worker


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    status = run_job(int(args[0]))
    return 0 if status in ("done", "failed", "cancelled") else 1


if __name__ == "__main__":
    sys.exit(main())
