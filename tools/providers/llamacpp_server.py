"""llama-cpp-python's OpenAI-compatible server on a GGUF (by default the embedded model's), started as a
child process: what tests/test_llamacpp_server.py and bench/bench_backends.py --llamacpp run, and the
command a ward PC can run by hand (`command(...)` prints it).

Flags: `--chat_format gemma` (the default falls back to llama-2) and
`--logits_all false` (otherwise memory grows to GBs).
"""
from __future__ import annotations

import contextlib
import json
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Iterator


class ServerFailed(RuntimeError):
    """The server exited or did not answer in time; the message ends with its log."""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def command(gguf: Path, port: int, alias: str = "gemma-embedded", n_ctx: int = 2048, threads: int = 2) -> list[str]:
    return [sys.executable, "-m", "llama_cpp.server", "--model", str(gguf), "--model_alias", alias,
            "--host", "127.0.0.1", "--port", str(port), "--n_ctx", str(n_ctx), "--n_threads", str(threads),
            "--chat_format", "gemma", "--logits_all", "false", "--verbose", "false"]


@contextlib.contextmanager
def running(gguf: Path, log: Path, alias: str = "gemma-embedded", deadline_s: float = 120.0) -> Iterator[str]:
    """Start the server, wait until /v1/models lists the model (at most deadline_s), yield its base URL
    (http://127.0.0.1:PORT/v1) and stop it afterwards. Raises ServerFailed."""
    port = free_port()
    with log.open("wb") as out:
        proc = subprocess.Popen(command(gguf, port, alias), stdout=out, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}/v1"
    try:
        end = time.monotonic() + deadline_s
        while True:
            if proc.poll() is not None:
                raise ServerFailed(f"exited with {proc.returncode}:\n{log.read_text(errors='replace')[-3000:]}")
            try:
                with urllib.request.urlopen(base + "/models", timeout=2) as resp:
                    if resp.status == 200 and json.load(resp).get("data"):
                        break
            except OSError:
                pass
            if time.monotonic() > end:
                raise ServerFailed(f"no answer on /v1/models within {deadline_s:.0f} s:\n"
                                   f"{log.read_text(errors='replace')[-3000:]}")
            time.sleep(0.5)
        yield base
    finally:
        for stop in (proc.terminate, proc.kill):  # ask, then insist after 10 s
            stop()
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(timeout=10)
                break
