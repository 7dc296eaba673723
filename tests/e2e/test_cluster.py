"""Beyond one machine: scripts/cluster.sh (HAProxy with sticky sessions, two app replicas, PostgreSQL, two
render workers, one data folder). Through the proxy a shop owner logs in, uploads a photo, gets a video
rendered by a worker and downloads it; the replica serving them is killed; they log in again and lose nothing."""
import os
import shutil
import subprocess
import uuid

import pytest
from PIL import Image
from playwright.sync_api import expect
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from app.demo import ACCOUNTS
from tests.e2e.conftest import ROOT, VIDEO_FORM, fill_product, go_to, login, screenshot, wait_idle
from tests.video_check import probe

pytestmark = pytest.mark.e2e
SHOP = next(a for a in ACCOUNTS if a.role == "business")


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    if not shutil.which("haproxy"):
        pytest.fail("HAProxy is missing: run scripts/install.sh --dev (apt package haproxy)")
    base = os.environ.get("BINHDAN_TEST_PG_URL")
    if not base:
        pytest.skip("no PostgreSQL server (run the suite with scripts/test.sh)")
    name = "cluster_" + uuid.uuid4().hex[:8]
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    state = tmp_path_factory.mktemp("cluster")
    env = {**os.environ, "CLUSTER_DIR": str(state), "PORT": "18600", "APP_PORTS": "18601 18602",
           "BINHDAN_DATABASE_URL": make_url(base).set(database=name).render_as_string(hide_password=False),
           "PYTHON": os.environ.get("PYTHON", __import__("sys").executable)}
    script = ROOT / "scripts" / "cluster.sh"
    try:
        subprocess.run(["bash", str(script), "start"], env=env, check=True, timeout=300)
        subprocess.run([env["PYTHON"], "-m", "app.cli", "demo"], env={**env, "BINHDAN_DATA_DIR": str(state / "data")},
                       cwd=ROOT, check=True, capture_output=True)
        yield {"url": "http://127.0.0.1:18600", "env": env, "script": script}
    finally:
        subprocess.run(["bash", str(script), "stop"], env=env, timeout=120)
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def test_video_through_the_proxy_survives_a_dead_replica(page, cluster, tmp_path):
    photo = tmp_path / "non-la.jpg"
    Image.new("RGB", (640, 480), (40, 120, 90)).save(photo)
    login(page, cluster["url"], SHOP.username, SHOP.password)
    node = next(c["value"] for c in page.context.cookies() if c["name"] == "BINHDAN_NODE")
    go_to(page, "Làm video quảng cáo")
    fill_product(page, VIDEO_FORM, "Nón lá Huế cụm máy", "85000",
                 "Lá cọ phơi sương\nNhẹ, bền")
    page.keyboard.press("Tab")
    wait_idle(page)
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').first.set_input_files(str(photo))
    page.get_by_text("Vuông 1:1 (Facebook)").click()
    page.get_by_text("Để AI gợi ý câu mở đầu").click()
    wait_idle(page)
    page.get_by_role("button", name="Tạo video").click()
    expect(page.get_by_text("Xong!")).to_be_visible(timeout=240_000)   # rendered by a worker, not the replica
    with page.expect_download() as download:
        page.get_by_role("button", name="Tải video MP4").click()
    saved = tmp_path / "video.mp4"
    download.value.save_as(saved)
    assert probe(saved).video_codec == "h264"
    # the replica serving this browser dies; the proxy sends the browser to the other one
    subprocess.run(["bash", str(cluster["script"]), "kill-replica", node], env=cluster["env"], check=True)
    page.goto(f"{cluster['url']}/biz_video")
    wait_idle(page, timeout=60_000)
    if page.get_by_text("Vui lòng đăng nhập").count():
        login(page, cluster["url"], SHOP.username, SHOP.password)
        go_to(page, "Làm video quảng cáo")
    assert next(c["value"] for c in page.context.cookies() if c["name"] == "BINHDAN_NODE") != node
    page.get_by_text("Video đã làm gần đây").click()
    expect(page.get_by_text("Nón lá Huế cụm máy")).to_be_visible()   # nothing lost
    screenshot(page, "cluster-after-failover")
