"""Calls to a remote server with a total deadline and a circuit breaker.

- A read timeout bounds each read, so a server that trickles one byte every few seconds never times out:
  `with_deadline` bounds the whole call (connect, wait, every byte) by running it in a worker thread and
  giving up when the deadline passes (the abandoned thread ends when its socket does).
- `Breaker`: after `failures` failures in a row a server is skipped for `cool_down_s` seconds (callers use
  their fallback at once instead of waiting the deadline again); then one trial call decides.
"""
from __future__ import annotations

import logging
import threading
import time
from typing import Any, Callable

from tools.deadline import DeadlineExceeded, run_with_deadline

log = logging.getLogger(__name__)


class RemoteUnavailable(RuntimeError):
    """The remote call did not finish in time, failed, or the server is being skipped."""


def with_deadline(fn: Callable[..., Any], deadline_s: float, *args, **kwargs) -> Any:
    """fn(*args, **kwargs), or RemoteUnavailable once `deadline_s` seconds have passed in total."""
    try:
        return run_with_deadline(fn, deadline_s, *args, name="remote-call", **kwargs)
    except DeadlineExceeded as exc:
        raise RemoteUnavailable(str(exc)) from None


class Breaker:
    def __init__(self, failures: int = 3, cool_down_s: float = 60.0, clock: Callable[[], float] = time.monotonic):
        self.failures, self.cool_down_s, self.clock = failures, cool_down_s, clock
        self._lock = threading.Lock()
        self._count = 0
        self._open_until = 0.0
        self._trial = False

    def allow(self) -> bool:
        with self._lock:
            if self._count < self.failures:
                return True
            if self.clock() >= self._open_until and not self._trial:
                self._trial = True  # half-open: one call tries the server again
                return True
            return False

    def success(self) -> None:
        with self._lock:
            self._count, self._trial = 0, False

    def failure(self) -> None:
        with self._lock:
            self._count += 1
            self._trial = False
            if self._count >= self.failures:
                self._open_until = self.clock() + self.cool_down_s

    @property
    def open(self) -> bool:
        with self._lock:
            return self._count >= self.failures and self.clock() < self._open_until


_breakers: dict[str, Breaker] = {}
_breakers_lock = threading.Lock()


def breaker_for(server: str, failures: int = 3, cool_down_s: float = 60.0) -> Breaker:
    """One breaker per server address for the whole process."""
    with _breakers_lock:
        return _breakers.setdefault(server, Breaker(failures, cool_down_s))


def call(server: str, fn: Callable[..., Any], deadline_s: float, *args, **kwargs) -> Any:
    """fn(*args, **kwargs) within `deadline_s`, unless `server`'s breaker is open; RemoteUnavailable otherwise."""
    breaker = breaker_for(server)
    if not breaker.allow():
        raise RemoteUnavailable(f"{server} skipped for a while after repeated failures")
    try:
        value = with_deadline(fn, deadline_s, *args, **kwargs)
    except Exception as exc:
        breaker.failure()
        log.warning("remote call to %s failed: %s", server, exc)
        raise RemoteUnavailable(str(exc)) from exc
    breaker.success()
    return value
