"""Render jobs on Huey: a submitted job is on the queue, a worker runs it, a killed worker's job is picked up
again by another worker (heartbeat stops, job queued again, temporary files removed)."""
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from app import job_queue, video_jobs
from app.auth import create_user
from app.db import session_scope
from app.models import RenderJob
from app.config import PROJECT_ROOT

PRODUCT = {"name": "Nón lá Huế", "category": "Thời trang", "price": "85000", "features": "Lá cọ;Nhẹ, bền"}


def _submit(url, **extra) -> tuple[int, int]:
    with session_scope(url) as s:
        owner = create_user(s, "shop", "123456", "Cửa hàng", "business").id
    with session_scope(url) as s:
        job_id = video_jobs.submit(s, owner, {"product": PRODUCT, "pixel_size": [144, 256], **extra}).id
    return owner, job_id


def _status(url, job_id) -> RenderJob:
    with session_scope(url) as s:
        job = s.get(RenderJob, job_id)
        s.expunge(job)
        return job


def test_submitted_job_is_on_the_queue_and_a_worker_task_renders_it(sqlite_url, tmp_path, monkeypatch):
    monkeypatch.setenv("BINHDAN_DATA_DIR", str(tmp_path))
    _owner, job_id = _submit(sqlite_url)
    huey, _task = job_queue.queue()
    assert huey.pending_count() == 1  # enqueued once the row was committed
    huey.execute(huey.dequeue())      # what a consumer thread does
    job = _status(sqlite_url, job_id)
    assert job.status == "done", job.message
    assert Path(job.result["mp4"]).is_file()


def test_killed_worker_job_is_recovered_by_another_worker(sqlite_url, tmp_path, monkeypatch):
    env = {**os.environ, "BINHDAN_DATA_DIR": str(tmp_path), "BINHDAN_DATABASE_URL": sqlite_url,
           "BINHDAN_JOB_HEARTBEAT_S": "0.5", "BINHDAN_JOB_STALE_S": "3", "BINHDAN_JOB_CHECK_S": "1",
           "PYTHONPATH": str(PROJECT_ROOT)}
    monkeypatch.setenv("BINHDAN_DATA_DIR", str(tmp_path))
    _owner, job_id = _submit(sqlite_url, pixel_size=[360, 640], size="720x1280")

    def worker():
        return subprocess.Popen([sys.executable, "-m", "app.job_queue", "--workers", "1"], env=env,
                                cwd=PROJECT_ROOT, start_new_session=True, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)

    first = worker()
    try:
        deadline = time.monotonic() + 60
        while _status(sqlite_url, job_id).status != "running" and time.monotonic() < deadline:
            time.sleep(0.2)
        assert _status(sqlite_url, job_id).status == "running"
        os.killpg(first.pid, signal.SIGKILL)  # the worker and its render die at once
        first.wait()
    finally:
        if first.poll() is None:
            os.killpg(first.pid, signal.SIGKILL)
    killed_at = time.monotonic()
    second = worker()
    try:
        deadline = killed_at + 120
        while _status(sqlite_url, job_id).status not in ("done", "failed") and time.monotonic() < deadline:
            time.sleep(0.5)
        job = _status(sqlite_url, job_id)
        assert job.status == "done", job.message
        assert job.result and Path(job.result["mp4"]).is_file()
        assert not list(tmp_path.rglob("*.part"))
    finally:
        os.killpg(second.pid, signal.SIGTERM)
        second.wait(timeout=30)
