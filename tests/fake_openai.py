"""A tiny OpenAI-compatible chat server on 127.0.0.1 for offline tests of the remote provider.

Modes: good (lawful JSON built from the request), bad (JSON full of forbidden claims), garbage
(not JSON), hang (answers after `delay` seconds), mixed (one of good/bad/garbage by product name).
"""
from __future__ import annotations

import hashlib
import json
import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def _field(text: str, label: str) -> str:
    m = re.search(rf"^{label}: (.*)$", text, re.M)
    return m.group(1).strip() if m else ""


def good_answer(user_text: str) -> dict:
    name = _field(user_text, "Tên")
    features = _field(user_text, "Đặc điểm").split(";")[0].strip()
    return {"hook": f"Cả nhà ơi, {name.lower()} đã có ở shop rồi!",
            "intro": f"Mời cả nhà xem {name.lower()}, {features}.",
            "sections": {"features": f"Cả nhà ơi, {name.lower()} có {features}."}}


BAD = {"hook": "Sản phẩm tốt nhất thị trường, chữa khỏi ung thư!", "intro": "Giảm giá 50% hôm nay, freeship toàn quốc."}


class FakeOpenAI:
    def __init__(self, mode: str = "good", delay: float = 30.0):
        self.mode, self.delay, self.requests = mode, delay, []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")
                outer.requests.append(body)
                user = next((m["content"] for m in body.get("messages", []) if m.get("role") == "user"), "")
                mode = outer.mode
                if mode == "mixed":
                    mode = ("good", "bad", "garbage")[int(hashlib.sha256(user.encode()).hexdigest(), 16) % 3]
                if mode == "hang":
                    time.sleep(outer.delay)
                content = {"good": lambda: json.dumps(good_answer(user), ensure_ascii=False),
                           "bad": lambda: json.dumps(BAD, ensure_ascii=False),
                           "garbage": lambda: "Xin chào! Tôi là trợ lý <<không phải JSON>>",
                           "hang": lambda: json.dumps(good_answer(user), ensure_ascii=False)}[mode]()
                payload = {"id": "chatcmpl-test", "object": "chat.completion", "created": int(time.time()),
                           "model": body.get("model", "fake"),
                           "choices": [{"index": 0, "finish_reason": "stop",
                                        "message": {"role": "assistant", "content": content}}],
                           "usage": {"prompt_tokens": 10, "completion_tokens": 10, "total_tokens": 20}}
                data = json.dumps(payload, ensure_ascii=False).encode()
                try:
                    self.send_response(200)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/v1"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> "FakeOpenAI":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()
