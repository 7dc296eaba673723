"""The practice AI chat: markup removed while streaming, a configured server first, the embedded model
streams the same answer it would give at once, and the page labels the answer as AI."""
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from app.learning import ai_chat
from app.learning.ai_chat import clean_markup, strip_markup_stream


def test_markup_is_removed_even_when_split_across_pieces():
    pieces = ["H<su", "b>2</sub>O là nư", "ớc, **rất** tốt. 3 < 5 và ", "<br/>hết"]
    assert "".join(strip_markup_stream(iter(pieces))) == "H2O là nước, rất tốt. 3 < 5 và hết"
    assert clean_markup("## Tiêu đề\n<b>Giá</b> 45.000đ") == "Tiêu đề\nGiá 45.000đ"


def test_a_sentence_cut_off_at_the_token_limit_is_dropped():
    assert ai_chat.whole_sentences("Bánh chưng ngon. Giá chỉ 45.000đ mỗi") == "Bánh chưng ngon."
    assert ai_chat.whole_sentences("Giá 45.000đ một chiếc bánh") == "Giá 45.000đ một chiếc bánh"  # nothing whole
    assert ai_chat.whole_sentences("Xin chào! Hẹn gặp lại.") == "Xin chào! Hẹn gặp lại."


class _SSE(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        assert body.get("stream") is True
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.end_headers()
        for text in ["Xin ", "chào <sub>bạn</sub>", "!"]:
            chunk = {"id": "c", "object": "chat.completion.chunk", "created": 0, "model": "m",
                     "choices": [{"index": 0, "delta": {"content": text}, "finish_reason": None}]}
            self.wfile.write(f"data: {json.dumps(chunk)}\n\n".encode())
            self.wfile.flush()
        self.wfile.write(b"data: [DONE]\n\n")


@pytest.fixture
def sse_server(monkeypatch):
    server = ThreadingHTTPServer(("127.0.0.1", 0), _SSE)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    monkeypatch.setenv("BINHDAN_OPENAI_BASE_URL", f"http://127.0.0.1:{server.server_port}/v1")
    monkeypatch.setenv("BINHDAN_OPENAI_TIMEOUT", "5")
    yield server
    server.shutdown()


def test_configured_server_is_used_and_streams(sse_server):
    answer = ai_chat.ask("Chào AI")
    assert answer.source == "server" and "AI" in answer.label
    assert list(answer.pieces) == ["Xin ", "chào bạn", "!"]


def test_unreachable_server_falls_back_to_embedded(monkeypatch):
    monkeypatch.setenv("BINHDAN_OPENAI_BASE_URL", "http://127.0.0.1:9/v1")
    monkeypatch.setenv("BINHDAN_OPENAI_TIMEOUT", "2")
    monkeypatch.setattr(ai_chat, "_embedded_pieces", lambda prompt: iter(["Trả ", "lời"]))
    answer = ai_chat.ask("Chào AI")
    assert answer.source == "embedded" and "rất nhỏ" in answer.label and "".join(answer.pieces) == "Trả lời"
    with pytest.raises(ValueError):
        ai_chat.ask("   ")


@pytest.mark.slow
def test_embedded_stream_gives_the_same_answer_as_complete(tmp_path, monkeypatch):
    pytest.importorskip("ik_llama_cpp")
    from tools.providers.gemma_engine import get_engine
    engine = get_engine()
    prompt = f"{ai_chat.FEW_SHOT}Câu hỏi: Viết một câu mời khách mua bánh chưng.\nTrả lời:"
    whole = engine.complete(prompt, stop=ai_chat.STOP, max_tokens=40, temperature=0)
    pieces = list(engine.stream(prompt, stop=ai_chat.STOP, max_tokens=40, temperature=0))
    assert len(pieces) > 1  # words arrive one after another, not all at the end
    assert "".join(pieces).strip() == whole.strip()
    assert not any(stop.strip() in "".join(pieces) for stop in ai_chat.STOP if stop.strip())


def test_practice_page_says_an_ai_answers_and_streams_into_the_answer_box(sqlite_url, monkeypatch, tmp_path):
    from streamlit.testing.v1 import AppTest

    from app.auth import create_user
    from app.db import session_scope
    from app.navigation import PAGES_DIR
    from app.ui.session import CurrentUser
    from tests.learning_fixtures import FIXTURE_COURSES, finish_module, fixture_catalog
    monkeypatch.setenv("BINHDAN_COURSES_DIR", str(FIXTURE_COURSES))
    monkeypatch.setenv("BINHDAN_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("BINHDAN_OPENAI_BASE_URL", raising=False)
    monkeypatch.delenv("BINHDAN_OPENAI_API_KEY", raising=False)
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    monkeypatch.setattr(ai_chat, "warm_up", lambda: True)
    monkeypatch.setattr(ai_chat, "_embedded_pieces", lambda prompt: iter(["H<sub>2", "</sub>O là ", "nước."]))
    catalog = fixture_catalog()
    module = next(m for m in catalog.modules if m.exercise.tool == "prompt_compare")
    with session_scope(sqlite_url) as s:
        user = create_user(s, "hoi.ai", "123456", "Hỏi AI", "learner")
        for m in catalog.modules:
            finish_module(s, user.id, catalog, m)
        current = CurrentUser.of(user)
    at = AppTest.from_file(str(PAGES_DIR.parent / "main.py"), default_timeout=30)
    at.session_state["user"] = current
    at.query_params["module"] = module.id
    at.switch_page("views/learn_practice.py")
    at.run()
    assert not at.exception and not at.error
    assert any("AI" in i.value and "rất nhỏ" in i.value for i in at.info)
    at.text_area[0].input("Nước là gì?")
    at.button(key=f"ex-{module.exercise.id}-ask-a").click().run()
    assert not at.error
    assert at.text_area(key=f"ex-{module.exercise.id}-answer_a").value == "H2O là nước."
