"""Remote model calls: a total deadline (a trickling server is cut off) and a circuit breaker (a dead server
is skipped for a while), against real sockets on 127.0.0.1."""
import socket
import threading
import time

import pytest

from tools.product import Product
from tools.providers import remote
from tools.providers.openai_compat import OpenAISettings, OpenAIWriter

PRODUCT = Product.from_fields("Nón lá", "Thời trang", "50000", "bền;nhẹ")


class RawServer:
    """trickle: HTTP 200 headers, then one body byte every `every` seconds for ever; silent: accepts, never answers."""

    def __init__(self, mode: str, every: float = 0.5):
        self.mode, self.every, self.connections = mode, every, 0
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(50)
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}/v1"
        self.stop = threading.Event()
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self):
        self.sock.settimeout(0.2)
        while not self.stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            self.connections += 1
            threading.Thread(target=self._handle, args=(conn,), daemon=True).start()

    def _handle(self, conn):
        try:
            conn.recv(65536)
            if self.mode == "trickle":
                conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n")
                while not self.stop.is_set():
                    conn.sendall(b" ")
                    time.sleep(self.every)
            else:
                self.stop.wait()
        except OSError:
            pass
        finally:
            conn.close()

    def close(self):
        self.stop.set()
        self.sock.close()


@pytest.fixture(autouse=True)
def fresh_breakers(monkeypatch):
    monkeypatch.setattr(remote, "_breakers", {})


def _writer(url: str, timeout: float) -> OpenAIWriter:
    return OpenAIWriter(OpenAISettings(base_url=url, api_key="x", model="m", timeout=timeout))


def test_trickling_server_is_cut_off_at_the_total_deadline():
    server = RawServer("trickle", every=0.3)  # each byte comes well within the 1.5 s read timeout
    import langchain_openai  # noqa: F401 - imported before the clock starts (seconds on a busy machine)
    try:
        start = time.monotonic()
        assert _writer(server.url, 1.5).write(PRODUCT, ["bền"]) is None
        elapsed = time.monotonic() - start
        assert elapsed < 5, elapsed  # without the deadline this call never ends
    finally:
        server.close()


def test_silent_server_is_skipped_after_three_failures():
    server = RawServer("silent")
    try:
        writer = _writer(server.url, 0.5)
        for _ in range(3):
            assert writer.write(PRODUCT, ["bền"]) is None
        seen = server.connections
        start = time.monotonic()
        for _ in range(5):
            assert writer.write(PRODUCT, ["bền"]) is None
        assert time.monotonic() - start < 0.5  # no waiting: the breaker answers at once
        assert server.connections == seen  # and the server was not asked again
    finally:
        server.close()


def test_breaker_tries_again_after_the_cool_down():
    now = [0.0]
    breaker = remote.Breaker(failures=2, cool_down_s=30, clock=lambda: now[0])
    breaker.failure()
    assert breaker.allow()
    breaker.failure()
    assert not breaker.allow() and breaker.open
    now[0] = 31
    assert breaker.allow() and not breaker.allow()  # one trial call at a time
    breaker.success()
    assert breaker.allow() and not breaker.open


def test_deadline_passes_errors_and_values_through():
    assert remote.with_deadline(lambda x: x * 2, 1, 21) == 42
    with pytest.raises(ZeroDivisionError):
        remote.with_deadline(lambda: 1 / 0, 1)
