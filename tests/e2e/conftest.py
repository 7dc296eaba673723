"""End-to-end fixtures: the app started as the README does (demo data, Streamlit) and real Chromium.

`app_server` starts one Streamlit server per test session on a free port with its own data folder;
`page` (pytest-playwright) drives Debian's /usr/bin/chromium. `login()` signs a user in.
Screenshots go to test-results/screenshots/ for people to look at.
"""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
SCREENSHOTS = ROOT / "test-results" / "screenshots"
IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_healthy(url: str, proc: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"Streamlit exited early with code {proc.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as resp:
                if resp.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise TimeoutError("Streamlit did not become healthy")


@pytest.fixture(scope="session")
def app_env(tmp_path_factory) -> dict[str, str]:
    """Environment of the app under test: its own data folder and SQLite file, demo data created."""
    data = tmp_path_factory.mktemp("e2e-data")
    env = {**os.environ, "BINHDAN_DATA_DIR": str(data),
           "BINHDAN_DATABASE_URL": f"sqlite:///{data / 'e2e.db'}", "PYTHONUNBUFFERED": "1"}
    create_demo_data(env)
    return env


def create_demo_data(env: dict[str, str]) -> None:
    subprocess.run([sys.executable, "-m", "app.cli", "demo"], cwd=ROOT, env=env, check=True,
                   capture_output=True)


@contextmanager
def serve_app(env: dict[str, str]) -> Iterator[str]:
    """Run the app (as scripts/start.sh does, minus the install) with this environment; yields its URL."""
    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium is missing: run scripts/install.sh --dev (apt package chromium)")
    port = _free_port()
    log = open(Path(env["BINHDAN_DATA_DIR"]) / "streamlit.log", "w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app/main.py", "--server.headless", "true",
         "--server.address", "127.0.0.1", "--server.port", str(port), "--browser.gatherUsageStats", "false",
         "--server.fileWatcherType", "none"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(url, proc)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


@pytest.fixture(scope="session")
def app_server(app_env) -> Iterator[str]:
    """Base URL of a running app with the demo data."""
    with serve_app(app_env) as url:
        yield url


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "headless": True,
            "args": ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                     "--disable-background-networking", "--disable-component-update", "--disable-sync"]}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": {"width": 1280, "height": 900}, "locale": "vi-VN"}


def wait_idle(page, timeout: float = 30_000) -> None:
    """Wait until Streamlit finished the current rerun."""
    page.wait_for_selector(IDLE, timeout=timeout)


def open_page(page, base_url: str, path: str = "") -> None:
    page.goto(f"{base_url}/{path}")
    wait_idle(page)


def login(page, base_url: str, username: str, password: str) -> None:
    """Sign in through the login form and wait for the personalised home page."""
    from playwright.sync_api import expect
    open_page(page, base_url, "login")
    form = page.locator('[data-testid="stForm"]').first
    form.get_by_label("Tên đăng nhập").fill(username)
    form.get_by_label("Mật khẩu").fill(password)
    form.get_by_role("button", name="Đăng nhập").click()
    wait_signed_in(page)


def wait_signed_in(page) -> None:
    """Wait for the personalised home page and the remember-me cookie (written by a component just after the
    switch); a page.goto before the cookie lands opens a signed-out session."""
    from playwright.sync_api import expect
    expect(page.get_by_text("Xin chào")).to_be_visible(timeout=30_000)
    wait_idle(page)
    page.wait_for_function("document.cookie.includes('binhdan_session=')", timeout=15_000)


LISTING_FORM = ("Tên sản phẩm *", "Giá bán (đồng) *", "Đặc điểm (mỗi dòng một ý, chỉ ghi điều đúng sự thật)")
VIDEO_FORM = ("Tên sản phẩm", "Giá bán (đồng)", "Đặc điểm nổi bật (mỗi dòng một ý)")


def fill_product(page, labels: tuple[str, str, str], name: str, price: str, features: str) -> None:
    """Type a product's name, price and features into a page's form (LISTING_FORM or VIDEO_FORM labels)."""
    for label, value in zip(labels, (name, price, features)):
        page.get_by_label(label).fill(value)


def go_to(page, title: str) -> None:
    """Open a page through the sidebar menu (keeps the logged-in session)."""
    page.locator('[data-testid="stSidebar"]').get_by_role("link", name=title).click()
    wait_idle(page)


def create_class(page, name: str) -> None:
    """On the classes page: create a class through the form and wait for the confirmation."""
    from playwright.sync_api import expect
    go_to(page, "Lớp học")
    page.get_by_text("Tạo lớp mới").click()
    page.get_by_label("Tên lớp").fill(name)
    page.get_by_role("button", name="Tạo lớp").click()
    expect(page.get_by_text(f"Đã tạo lớp “{name}”")).to_be_visible()
    wait_idle(page)


def screenshot(page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
