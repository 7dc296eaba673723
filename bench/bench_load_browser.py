"""Server CPU for log in + open a lesson when the learner uses Chromium (the check on bench_load.py's light client).

Learners one after another, each logging in through the form and opening the lesson from the menu. Two cases:
a device that has the app's JavaScript cached (a persistent browser profile, cookies cleared between
learners) and a device opening the app for the first time (a fresh browser context: Streamlit's server sends
its ~2.3 MB of static files, which the browser then keeps for a year).

    python bench/bench_load_browser.py --learners 6
"""
from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_load import CPU_GOAL, PASSWORD, load_average, server_cpu, start_server  # noqa: E402
from tests.e2e.conftest import CHROMIUM, go_to, login, wait_idle  # noqa: E402

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]
VIEWPORT = {"width": 1366, "height": 768}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=6)
    parser.add_argument("--port", type=int, default=8775)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    proc, base, data = start_server(2 * args.learners + 1, args.port)
    profile = tempfile.mkdtemp(prefix="binhdan-browser-")
    results = {}
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
            cached = p.chromium.launch_persistent_context(profile, executable_path=CHROMIUM, headless=True,
                                                          args=ARGS, viewport=VIEWPORT)

            def learner(number: int, warm: bool) -> None:
                if warm:
                    cached.clear_cookies()
                    context, page = None, cached.new_page()
                else:
                    context = browser.new_context(viewport=VIEWPORT)
                    page = context.new_page()
                login(page, base, f"hv{number:04d}", PASSWORD)
                go_to(page, "Bài học")
                wait_idle(page)
                (context or page).close()

            learner(2 * args.learners, warm=True)  # warm up the server and the cached profile
            time.sleep(1)
            for case, warm, first in (("device with the app cached", True, 0),
                                      ("device opening the app for the first time", False, args.learners)):
                cpu0 = server_cpu(proc.pid)
                for i in range(args.learners):
                    learner(first + i, warm)
                results[case] = (server_cpu(proc.pid) - cpu0) / args.learners
            cached.close()
            browser.close()
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        shutil.rmtree(data, ignore_errors=True)
        shutil.rmtree(profile, ignore_errors=True)
    print(f"Chromium, {args.learners} learners one after another; {load_average()}")
    for case, cpu in results.items():
        print(f"server CPU per log in + open a lesson, {case}: {cpu:.3f} s")
    ok = results["device with the app cached"] <= CPU_GOAL
    print(f"GOAL server CPU per log in + open a lesson <= {CPU_GOAL:.2f} s (browser, app cached): "
          f"{'PASS' if ok else 'FAIL'}")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
