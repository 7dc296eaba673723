"""Video rendering as background jobs (table render_jobs), so no web page waits on the encoder.

- `submit(session, owner_id, params)` queues a job; `params` holds the product fields, the options
  and the paths of uploaded photos/recording (see `options_from_params`).
- A worker claims queued jobs one at a time and runs each in a child process
  (`python -m app.video_jobs JOB_ID`): the web process never encodes video itself. `ensure_worker()`
  starts one worker thread per server process; `binhdan video-worker` runs one on its own.
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

from sqlalchemy import select, update

from app.config import PROJECT_ROOT, data_dir, database_url
from app.db import session_scope
from app.models import RenderJob, utcnow
from tools.product import Product, ProductError
from tools.video import RenderCancelled, RenderOptions, make_video, product_slug, render_script
from tools.video.render import RenderError, VideoResult
from tools.video.script_model import VideoScript
from tools.video.templates import TemplateError

log = logging.getLogger(__name__)

KIND = "video"
ACTIVE = ("queued", "running", "cancelling")
PROGRESS_EVERY_S = 0.5
STALE_AFTER = timedelta(minutes=10)


def media_dir(owner_id: int) -> Path:
    path = data_dir() / "videos" / str(owner_id)
    path.mkdir(parents=True, exist_ok=True)
    return path


def submit(session, owner_id: int, params: dict) -> RenderJob:
    job = RenderJob(owner_id=owner_id, kind=KIND, status="queued", progress=0.0,
                    message="Đang chờ đến lượt dựng video…", params=params)
    session.add(job)
    session.flush()
    return job


def jobs_for(session, owner_id: int, limit: int = 10) -> list[RenderJob]:
    return list(session.scalars(select(RenderJob).where(RenderJob.owner_id == owner_id, RenderJob.kind == KIND)
                                .order_by(RenderJob.id.desc()).limit(limit)))


def request_cancel(session, job_id: int, owner_id: int) -> bool:
    """Ask a queued or running job to stop (the owner only)."""
    job = session.get(RenderJob, job_id)
    if job is None or job.owner_id != owner_id or job.status not in ACTIVE:
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
        template=params.get("template") or "tuoi-sang",
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


def recover_stale(url: str | None = None) -> int:
    """Jobs left running by a process that died: marked failed so their owners can retry."""
    with session_scope(url) as s:
        done = s.execute(update(RenderJob).where(RenderJob.status.in_(("running", "cancelling")),
                                                 RenderJob.updated_at < utcnow() - STALE_AFTER)
                         .values(status="failed", message="Máy chủ đã khởi động lại khi đang dựng video. "
                                                          "Vui lòng bấm tạo lại."))
        return done.rowcount or 0


def run_in_child(job_id: int, url: str | None = None, timeout: float = 1800) -> int:
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
            if job.status in ACTIVE:
                job.status, job.message = "failed", "Có lỗi khi dựng video. Vui lòng thử lại."
    return proc.returncode


def work(url: str | None = None, stop: threading.Event | None = None, idle_s: float = 1.0,
         once: bool = False) -> None:
    """Claim and run jobs until stopped (once: until the queue is empty)."""
    recover_stale(url)
    while stop is None or not stop.is_set():
        job_id = claim_next(url)
        if job_id is None:
            if once:
                return
            time.sleep(idle_s)
            continue
        run_in_child(job_id, url)


_worker: threading.Thread | None = None
_worker_lock = threading.Lock()


def ensure_worker(url: str | None = None) -> threading.Thread:
    """One background worker thread per server process (started on first use)."""
    global _worker
    with _worker_lock:
        if _worker is None or not _worker.is_alive():
            _worker = threading.Thread(target=work, args=(url,), daemon=True, name="video-worker")
            _worker.start()
        return _worker


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    status = run_job(int(args[0]))
    return 0 if status in ("done", "failed", "cancelled") else 1


if __name__ == "__main__":
    sys.exit(main())
