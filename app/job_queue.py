"""Render jobs on Huey, a maintained job-queue library: SQLite storage on one PC, Redis beyond it.

- Storage: `BINHDAN_REDIS_URL` (several machines) or `<data folder>/queue.db` (Huey's SQLite storage).
- The table render_jobs stays the status the pages read (app.video_jobs); the queue only carries job ids.
- A worker process (`binhdan video-worker --workers N`) runs a Huey consumer with N worker threads; each job is
  rendered in a child process that writes a heartbeat to its row every `HEARTBEAT_S` seconds.
- Every worker also checks every `CHECK_EVERY_S` seconds for jobs whose heartbeat stopped for `STALE_S` seconds
  (their worker died): they are queued again (at most `RETRIES` times) after their temporary files are removed,
  so a stalled job is picked up again within a minute.
- A job whose child process crashed is retried by Huey (`RETRIES`), then marked failed with a Vietnamese message.
"""
from __future__ import annotations

import logging
import os
import threading
import time
from functools import lru_cache

from app.config import data_dir

log = logging.getLogger(__name__)

HEARTBEAT_S = float(os.environ.get("BINHDAN_JOB_HEARTBEAT_S", "5"))
STALE_S = float(os.environ.get("BINHDAN_JOB_STALE_S", "30"))      # six missed heartbeats
CHECK_EVERY_S = float(os.environ.get("BINHDAN_JOB_CHECK_S", "10"))
RETRIES = 2


class RetryJob(RuntimeError):
    """Raised by the task so that Huey runs it again."""


@lru_cache(maxsize=8)
def _queue(storage: str):
    from huey import RedisHuey, SqliteHuey
    if storage.startswith("redis://"):
        huey = RedisHuey("binhdan", url=storage)
    else:
        huey = SqliteHuey("binhdan", filename=storage)
    task = huey.task(retries=RETRIES, retry_delay=1, context=True, name="render_video")(_render)
    return huey, task


def storage() -> str:
    redis = os.environ.get("BINHDAN_REDIS_URL", "").strip()
    if redis:
        return redis
    path = data_dir() / "queue.db"
    path.parent.mkdir(parents=True, exist_ok=True)
    return str(path)


def queue():
    """(huey, render task) for the configured storage."""
    return _queue(storage())


def enqueue(job_id: int, url: str | None = None) -> None:
    queue()[1](job_id, url)


def _render(job_id: int, url: str | None = None, task=None) -> str:
    from app import video_jobs
    if not video_jobs.claim(job_id, url):
        return "skipped"  # cancelled meanwhile, or another worker has it
    retries_left = task.retries if task is not None else 0
    code = video_jobs.run_in_child(job_id, url, final=retries_left == 0)
    if code != 0 and retries_left > 0:
        raise RetryJob(f"job {job_id}: child exited with {code}; {retries_left} retries left")
    return "ran"


def _watch_stalled(url: str | None, stop: threading.Event) -> None:
    from app import video_jobs
    while not stop.wait(CHECK_EVERY_S):
        try:
            video_jobs.recover_stale(url)
        except Exception:  # noqa: BLE001 - a database hiccup must not end the watcher
            log.exception("stalled-job check failed")


def _exit_with_parent(parent: int) -> None:
    """A worker started by a web server ends with it (no orphan consumers after the server stops)."""
    import signal
    while True:
        time.sleep(2)
        if os.getppid() != parent:
            os.kill(os.getpid(), signal.SIGTERM)  # the consumer's own graceful shutdown
            return


def run_consumer(workers: int = 1, url: str | None = None, parent: int | None = None) -> None:
    """Serve the queue in this process until interrupted (Huey consumer + stalled-job watcher)."""
    if parent:
        threading.Thread(target=_exit_with_parent, args=(parent,), daemon=True, name="parent-watch").start()
    from app import video_jobs
    from app.db import migrate
    migrate(url)  # a worker may start before any web server has created the tables
    video_jobs.recover_stale(url)
    video_jobs.remove_partial_files(older_than_s=4 * STALE_S)  # left by a render killed long ago
    huey, _task = queue()
    stop = threading.Event()
    watcher = threading.Thread(target=_watch_stalled, args=(url, stop), daemon=True, name="stalled-jobs")
    watcher.start()
    consumer = huey.create_consumer(workers=max(1, workers), worker_type="thread", periodic=False,
                                    initial_delay=0.1, backoff=1.15, max_delay=1.0, check_worker_health=True)
    try:
        consumer.run()
    finally:
        stop.set()


def main(argv: list[str] | None = None) -> int:
    import argparse
    parser = argparse.ArgumentParser(description="tiến trình dựng video (hàng đợi Huey)")
    parser.add_argument("--workers", type=int, default=int(os.environ.get("BINHDAN_RENDER_WORKERS", "1")))
    parser.add_argument("--parent", type=int, help="stop when this process (the web server) is gone")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO)
    run_consumer(args.workers, parent=args.parent)
    return 0


if __name__ == "__main__":  # run the imported module, so task names match the web process's ("app.job_queue.…")
    from app import job_queue
    raise SystemExit(job_queue.main())
