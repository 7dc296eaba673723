"""Video rendering as background jobs: queued, claimed once, progress written, cancel, blocked products."""
from datetime import timedelta
from pathlib import Path

from app import video_jobs
from app.auth import create_user
from app.db import session_scope
from app.models import RenderJob, utcnow
from tests.video_check import probe

PRODUCT = {"name": "Nước mắm cá cơm Mỹ Hào", "category": "Thực phẩm", "price": "45000",
           "features": "Ủ chượp 12 tháng", "audience": "", "channel": None}


def _owner(url, name="shop"):
    with session_scope(url) as s:
        return create_user(s, name, "matkhau-123", "Cô Lan", "business").id


def _submit(url, owner, **extra):
    with session_scope(url) as s:
        return video_jobs.submit(s, owner, {"product": PRODUCT, "pixel_size": [144, 256], **extra}).id


def test_job_runs_once_and_writes_progress_and_result(db_url, tmp_path, monkeypatch):
    monkeypatch.setenv("BINHDAN_DATA_DIR", str(tmp_path))
    owner = _owner(db_url)
    job_id = _submit(db_url, owner, template="sang-trong")
    assert video_jobs.claim_next(db_url) == job_id
    assert video_jobs.claim_next(db_url) is None          # nobody else takes it
    assert video_jobs.run_job(job_id, db_url) == "done"
    with session_scope(db_url) as s:
        job = s.get(RenderJob, job_id)
        assert (job.status, job.progress) == ("done", 1.0)
        mp4 = Path(job.result["mp4"])
        assert Path(job.result["srt"]).is_file() and job.result["blocked"] is False
        assert [j.id for j in video_jobs.jobs_for(s, owner)] == [job_id]
    assert mp4.is_relative_to(tmp_path / "videos" / str(owner)) and probe(mp4).width == 144


def test_blocked_product_fails_with_the_law(db_url, tmp_path, monkeypatch):
    monkeypatch.setenv("BINHDAN_DATA_DIR", str(tmp_path))
    owner = _owner(db_url)
    with session_scope(db_url) as s:
        job_id = video_jobs.submit(s, owner, {"product": {**PRODUCT, "name": "Thuốc lá điện tử"}}).id
    video_jobs.claim_next(db_url)
    assert video_jobs.run_job(job_id, db_url) == "failed"
    with session_scope(db_url) as s:
        job = s.get(RenderJob, job_id)
        assert "thuốc lá" in job.message and job.result["blocked"] is True


def test_cancel_queued_and_running_jobs(db_url, tmp_path, monkeypatch):
    monkeypatch.setenv("BINHDAN_DATA_DIR", str(tmp_path))
    owner, other = _owner(db_url), _owner(db_url, "other")
    first, second = _submit(db_url, owner), _submit(db_url, owner)
    with session_scope(db_url) as s:
        assert not video_jobs.request_cancel(s, first, other)      # only the owner may cancel
        assert video_jobs.request_cancel(s, first, owner)
    assert video_jobs.claim_next(db_url) == second                 # the cancelled one is skipped
    with session_scope(db_url) as s:
        assert video_jobs.request_cancel(s, second, owner)
    monkeypatch.setattr(video_jobs, "PROGRESS_EVERY_S", 0.0)
    assert video_jobs.run_job(second, db_url) == "cancelled"
    with session_scope(db_url) as s:
        assert s.get(RenderJob, first).status == "cancelled"
        assert s.get(RenderJob, second).status == "cancelled"
    assert not list((tmp_path / "videos").rglob("*.mp4"))


def test_stale_running_jobs_are_queued_again_then_fail(db_url, tmp_path, monkeypatch):
    monkeypatch.setenv("BINHDAN_DATA_DIR", str(tmp_path))
    owner = _owner(db_url)
    job_id = _submit(db_url, owner)
    part = video_jobs.media_dir(owner) / f"job-{job_id}" / ".video.mp4.abc.part"
    statuses = []
    for _ in range(3):  # the worker died three times while rendering this job
        part.parent.mkdir(parents=True, exist_ok=True)
        part.write_bytes(b"half a video")
        with session_scope(db_url) as s:
            s.get(RenderJob, job_id).status = "running"
        with session_scope(db_url) as s:   # set after the onupdate hook
            s.query(RenderJob).filter_by(id=job_id).update({"updated_at": utcnow() - timedelta(hours=1)})
        assert video_jobs.recover_stale(db_url) == 1
        assert not part.exists()  # the killed render's temporary file is removed
        with session_scope(db_url) as s:
            statuses.append(s.get(RenderJob, job_id).status)
    assert statuses == ["queued", "queued", "failed"]


def test_worker_renders_in_a_child_process(sqlite_url, tmp_path, monkeypatch):
    monkeypatch.setenv("BINHDAN_DATA_DIR", str(tmp_path))
    owner = _owner(sqlite_url)
    job_id = _submit(sqlite_url, owner, template="toi-gian")
    video_jobs.work(sqlite_url, once=True)
    with session_scope(sqlite_url) as s:
        job = s.get(RenderJob, job_id)
        assert job.status == "done", job.message
        assert Path(job.result["mp4"]).is_file()


def test_job_ownership_is_checked_in_the_domain(sqlite_url):
    from app.auth import create_user
    from app.db import session_scope
    from app.video_jobs import job_for, request_cancel, submit
    with session_scope(sqlite_url) as s:
        owner = create_user(s, "chu-shop", "123456", "Chủ shop", "business")
        other = create_user(s, "nguoi-khac", "123456", "Người khác", "business")
        job = submit(s, owner.id, {"product": {"name": "Mật ong", "price": 1000}})
        s.flush()
        assert job_for(s, job.id, owner.id) is job
        assert job_for(s, job.id, other.id) is None and job_for(s, None, owner.id) is None
        assert not request_cancel(s, job.id, other.id) and job.status == "queued"
