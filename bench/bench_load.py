"""Load: N learners log in, open the course, open a lesson and answer a quiz, with a light client.

The client is Streamlit's own agent API (`server.enableAgentApi`, JSON over HTTP): each request runs the app's
script exactly as a browser's rerun does (same widgets, same callbacks, same access checks), without a browser
eating the CPU the server needs. The bench starts its own server on a fresh SQLite database with N learner
accounts (or uses --url with existing accounts hv0001…).

Prints p50/p95 per step and the server's CPU-seconds (utime+stime of the Streamlit process, /proc/PID/stat):
per whole session, and for "log in + open a lesson" alone (measured with learners one after another).

    python bench/bench_load.py --learners 40 --within 60      # goal on 2 cores: p95 ready lesson <= 3 s
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PASSWORD = "hocvien123"


class Client:
    """One learner's session through /_stcore/agent/interact."""

    def __init__(self, base: str):
        self.base, self.session_id, self.last = base.rstrip("/"), None, None

    def interact(self, **body) -> dict:
        if self.session_id:
            body["session_id"] = self.session_id
        request = urllib.request.Request(f"{self.base}/_stcore/agent/interact", json.dumps(body).encode(),
                                         {"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=120) as response:
            data = json.loads(response.read())
        while data.get("code") == "wait_timed_out":  # a slow run is collected, not restarted
            with urllib.request.urlopen(urllib.request.Request(
                    f"{self.base}/_stcore/agent/interact", json.dumps({"session_id": data["session_id"]}).encode(),
                    {"Content-Type": "application/json"}), timeout=120) as response:
                data = json.loads(response.read())
        self.session_id = data.get("session_id", self.session_id)
        if data.get("status") == "error":
            raise RuntimeError(f"app error on {body.get('page')}: {json.dumps(data)[:300]}")
        self.last = data
        return data

    def key(self, label: str, kind: str | None = None) -> str:
        for action in self.last["actions"]:
            if action.get("label") == label and (kind is None or action["kind"] == kind):
                return action["key"]
        raise KeyError(label)

    def elements(self, kind: str, node=None):
        node = self.last["tree"] if node is None else node
        if node.get("type") == kind:
            yield node
        for child in node.get("children", []):
            yield from self.elements(kind, child)


def learner_session(base: str, username: str, timings: dict[str, list[float]]) -> None:
    c = Client(base)

    def step(name, fn):
        start = time.perf_counter()
        fn()
        timings.setdefault(name, []).append(time.perf_counter() - start)

    step("mở trang đăng nhập", lambda: c.interact(page="login"))
    step("đăng nhập", lambda: c.interact(widget_state={c.key("Tên đăng nhập"): username, c.key("Mật khẩu"): PASSWORD},
                                         trigger={"key": c.key("Đăng nhập", "trigger")}))
    assert c.last["page"]["url_path"] != "login", f"{username} could not log in"
    step("mở khóa học", lambda: c.interact(page="learn_course"))
    step("mở bài học", lambda: c.interact(page="learn_lesson"))
    step("mở bài kiểm tra", lambda: c.interact(page="learn_quiz"))
    radios = [a for a in c.last["actions"] if a["type"] == "radio" and a["kind"] == "value"]
    submit = next((a["key"] for a in c.last["actions"] if a["kind"] == "trigger" and a["type"] == "form_submit_button"),
                  None)
    if radios and submit:
        options = {el["key"]: el["props"].get("options", []) for el in c.elements("radio")}
        answers = {a["key"]: (options.get(a["key"]) or [None])[0] for a in radios}
        step("nộp bài kiểm tra", lambda: c.interact(widget_state=answers, trigger={"key": submit}))


def server_cpu(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def start_server(learners: int, port: int) -> tuple[subprocess.Popen, str, Path]:
    data = Path(tempfile.mkdtemp(prefix="binhdan-load-"))
    env = {**os.environ, "BINHDAN_DATA_DIR": str(data), "BINHDAN_DATABASE_URL": f"sqlite:///{data / 'binhdan.db'}",
           "BINHDAN_EXTERNAL_WORKERS": "1", "PYTHONPATH": str(ROOT)}
    subprocess.run([sys.executable, "-c", f"""
from app.db import migrate, session_scope
from app.auth import create_user, hash_password
from app.models import User
from app.learning.catalog import load_catalog
from app.learning.progress import complete_lesson
migrate()
hashed = hash_password({PASSWORD!r})
catalog = load_catalog()
with session_scope() as s:
    for i in range({learners}):
        user = User(username=f"hv{{i:04d}}", full_name=f"Học viên {{i}}", password_hash=hashed, role="learner")
        s.add(user)
        s.flush()
        for lesson in catalog.modules[0].lessons:  # module 1 studied: its quiz is open
            complete_lesson(s, user.id, catalog, lesson)
"""], env=env, cwd=ROOT, check=True)
    proc = subprocess.Popen([sys.executable, "-m", "streamlit", "run", "app/main.py", "--server.headless", "true",
                             "--server.address", "127.0.0.1", "--server.port", str(port),
                             "--browser.gatherUsageStats", "false", "--server.enableAgentApi", "true",
                             "--server.agentWaitTimeout", "110"],
                            env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    for _ in range(120):
        try:
            urllib.request.urlopen(f"{base}/_stcore/health", timeout=2)
            break
        except OSError:
            time.sleep(0.5)
    return proc, base, data


def percentile(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, max(0, round(q * (len(values) - 1))))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=20)
    parser.add_argument("--within", type=float, default=60.0, help="seconds over which the logins are spread")
    parser.add_argument("--sequential", type=int, default=5, help="learners measured alone for CPU per login+lesson")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--url", help="an already running server (started with --server.enableAgentApi true)")
    parser.add_argument("--pid", type=int, help="its process id, for the CPU figures")
    args = parser.parse_args()
    total = args.learners + args.sequential
    proc, data = None, None
    if args.url:
        base, pid = args.url, args.pid
    else:
        proc, base, data = start_server(total, args.port)
        pid = proc.pid
    try:
        learner_session(base, f"hv{total - 1:04d}", {})  # warm up: the first run imports the pages
        # 1. log in + open a lesson, one learner at a time: server CPU per learner
        alone: dict[str, list[float]] = {}
        cpu0 = server_cpu(pid) if pid else 0.0
        for i in range(args.sequential):
            c = Client(base)
            c.interact(page="login")
            c.interact(widget_state={c.key("Tên đăng nhập"): f"hv{args.learners + i:04d}",
                                     c.key("Mật khẩu"): PASSWORD}, trigger={"key": c.key("Đăng nhập", "trigger")})
            c.interact(page="learn_lesson")
        cpu_login_lesson = (server_cpu(pid) - cpu0) / args.sequential if pid else float("nan")
        # 2. N learners arriving within `within` seconds, whole sessions
        timings: dict[str, list[float]] = {}
        errors: list[str] = []
        cpu1, wall1 = (server_cpu(pid) if pid else 0.0), time.perf_counter()

        def run(i: int) -> None:
            time.sleep(args.within * i / max(1, args.learners))
            try:
                learner_session(base, f"hv{i:04d}", timings)
            except Exception as exc:  # noqa: BLE001 - counted and printed
                errors.append(f"hv{i:04d}: {exc}")

        threads = [threading.Thread(target=run, args=(i,)) for i in range(args.learners)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        wall = time.perf_counter() - wall1
        cpu_session = (server_cpu(pid) - cpu1) / args.learners if pid else float("nan")
    finally:
        if proc is not None:
            proc.terminate()
            proc.wait(timeout=30)
    print(f"{args.learners} learners within {args.within:.0f} s (wall {wall:.0f} s), {len(errors)} errors, "
          f"server {base}, {os.cpu_count()} CPUs")
    for error in errors[:5]:
        print("  error:", error)
    print(f"{'step':<22} {'n':>4} {'p50 s':>7} {'p95 s':>7}")
    for name, values in timings.items():
        print(f"{name:<22} {len(values):>4} {statistics.median(values):>7.2f} {percentile(values, 0.95):>7.2f}")
    ready = [sum(v) for v in zip(*(timings.get(k, []) for k in ("đăng nhập", "mở khóa học", "mở bài học")))]
    if ready:
        print(f"log in -> lesson ready  p50 {statistics.median(ready):.2f} s, p95 {percentile(ready, 0.95):.2f} s "
              f"(goal p95 <= 3 s)")
    print(f"server CPU per whole session: {cpu_session:.2f} s")
    print(f"server CPU per log in + open a lesson (alone, mean of {args.sequential}): {cpu_login_lesson:.2f} s "
          f"(goal <= 0.30 s)")
    return 1 if errors else 0


if __name__ == "__main__":
    raise SystemExit(main())
