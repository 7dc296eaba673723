"""Run a call with a total deadline: the one helper for model drafting, online voices and remote servers.

The call runs in a daemon worker thread; when the deadline passes the caller gets `DeadlineExceeded` at
once and the abandoned thread ends on its own (when its socket or its model step does).
"""
from __future__ import annotations

import threading
from typing import Any, Callable


class DeadlineExceeded(TimeoutError):
    """The call did not finish within its deadline."""


def run_with_deadline(fn: Callable[..., Any], deadline_s: float, *args, name: str = "deadline-call",
                      **kwargs) -> Any:
    """fn(*args, **kwargs), its exception re-raised here, or DeadlineExceeded after `deadline_s` seconds."""
    box: dict[str, Any] = {}

    def run() -> None:
        try:
            box["value"] = fn(*args, **kwargs)
        except BaseException as exc:  # noqa: BLE001 - handed to the caller's thread
            box["error"] = exc

    worker = threading.Thread(target=run, daemon=True, name=name)
    worker.start()
    worker.join(deadline_s)
    if worker.is_alive():
        raise DeadlineExceeded(f"no complete answer within {deadline_s:g} s")
    if "error" in box:
        raise box["error"]
    return box.get("value")
