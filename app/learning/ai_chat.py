"""The practice AI chat: answers stream as they are written, from a configured OpenAI-compatible server when
there is one, else from the very small model embedded in the platform. No Streamlit here.

The embedded model (Gemma 3 270M, base) often gets things wrong: the page says so, and spotting its errors
is part of the lesson (AI Law 134/2025/QH15 art. 11: a person talking with an AI is told so).
Markup the model writes (HTML tags such as <sub>, Markdown marks) is removed before anything is shown.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator

from app.learning.catalog import nfc

ANSWER_TOKENS = 120
MAX_PROMPT = 800   # characters; the embedded model reads 1024 tokens in all
STOP = ["\n\n", "\nCâu hỏi:", "Câu hỏi:", "###"]
# a few short examples: the base model continues the pattern (Vietnamese, one short paragraph, on topic)
FEW_SHOT = (
    "Dưới đây là các câu hỏi của người dân và câu trả lời ngắn gọn, lịch sự bằng tiếng Việt.\n\n"
    "Câu hỏi: Viết một câu chào khách đến mua rau ở chợ.\n"
    "Trả lời: Chào chị, rau hôm nay mới hái sáng nay, chị xem thử bó rau muống này nhé.\n\n"
    "Câu hỏi: Nhắc con đi học mang áo mưa.\n"
    "Trả lời: Con ơi, trời sắp mưa, nhớ mang áo mưa theo khi đi học nhé.\n\n"
)
LABELS = {
    "server": "Câu trả lời do AI tạo ra (máy chủ AI của chương trình). AI có thể sai: hãy kiểm tra lại.",
    "embedded": ("Câu trả lời do AI tạo ra — một mô hình **rất nhỏ chạy ngay trên máy này**, nên nó **hay sai**: "
                 "bịa số điện thoại, đổi giá, lạc đề, viết dở câu. Đó cũng là bài học: hãy tìm chỗ sai và đừng "
                 "tin AI khi chưa kiểm tra."),
}

_TAG = re.compile(r"</?[A-Za-z][^<>]{0,40}>")
_MARKS = re.compile(r"(\*\*|__|`|^#{1,6}\s*)", re.M)


class ChatUnavailable(RuntimeError):
    """No model can answer here (message in Vietnamese)."""


def clean_markup(text: str) -> str:
    """Plain text: HTML tags and Markdown emphasis or heading marks removed, spaces tidied."""
    text = _TAG.sub("", text or "")
    text = _MARKS.sub("", text)
    return re.sub(r"[ \t]{2,}", " ", text)


def whole_sentences(text: str) -> str:
    """The answer without a last sentence cut off midway (when at least one whole sentence came before it)."""
    text = text.strip()
    if not text or text[-1] in ".!?…\"”)":
        return text
    ends = [m.end() for m in re.finditer(r"[.!?…](?=\s|$)", text)]
    return text[:ends[-1]] if ends else text


def strip_markup_stream(pieces: Iterator[str]) -> Iterator[str]:
    """clean_markup for text arriving piece by piece: a '<' is held until it is known not to open a tag."""
    held = ""
    for piece in pieces:
        held += piece
        cut = held.rfind("<")
        if cut >= 0 and ">" not in held[cut:] and len(held) - cut <= 42:
            ready, held = held[:cut], held[cut:]
        else:
            ready, held = held, ""
        ready = clean_markup(ready)
        if ready:
            yield ready
    if held:
        yield clean_markup(held)


@dataclass
class ChatAnswer:
    source: str                 # "server" | "embedded"
    pieces: Iterator[str]       # the answer as it is written, markup removed

    @property
    def label(self) -> str:
        return LABELS[self.source]


def _server_pieces(prompt: str) -> Iterator[str] | None:
    """Stream from a configured OpenAI-compatible server; None when none is configured or it fails at once."""
    import tools.providers  # noqa: F401 - the package first (its modules import one another)
    from tools.providers import remote
    from tools.providers.openai_compat import OpenAISettings, chat_model
    settings = OpenAISettings.from_env()
    if not settings.configured:
        return None
    try:
        chunks = chat_model(settings, ANSWER_TOKENS * 3, 0.3).stream(prompt)
        # the first words within the server deadline, through its circuit breaker
        first = remote.call(settings.base_url or "api.openai.com", next, settings.timeout, chunks)
    except Exception:  # noqa: BLE001 - unreachable, timeout, refused: fall back to the embedded model
        return None

    def pieces() -> Iterator[str]:
        yield str(first.content)
        try:
            for chunk in chunks:
                yield str(chunk.content)
        except Exception:  # noqa: BLE001 - cut off midway: keep what came
            return
    return pieces()


def _embedded_pieces(prompt: str) -> Iterator[str]:
    from tools.providers.gemma_engine import get_engine
    engine = get_engine()
    one_line = " ".join(prompt.split())
    return engine.stream(f"{FEW_SHOT}Câu hỏi: {one_line}\nTrả lời:", stop=STOP, max_tokens=ANSWER_TOKENS,
                         temperature=0.3)


def ask(prompt: str) -> ChatAnswer:
    """Start an answer to the learner's prompt (ValueError for an empty prompt, ChatUnavailable if no model)."""
    prompt = nfc(prompt or "").strip()[:MAX_PROMPT]
    if not prompt:
        raise ValueError("Hãy viết câu lệnh trước khi hỏi AI.")
    server = _server_pieces(prompt)
    if server is not None:
        return ChatAnswer("server", strip_markup_stream(server))
    try:
        return ChatAnswer("embedded", strip_markup_stream(_embedded_pieces(prompt)))
    except (ImportError, RuntimeError, OSError):
        raise ChatUnavailable("Mô hình AI của nền tảng chưa chạy được trên máy này. Bạn có thể hỏi một ứng dụng "
                              "AI khác rồi dán câu trả lời vào đây.") from None


def warm_up() -> bool:
    """Load the embedded model ahead of the first question (True when it is ready)."""
    try:
        from tools.providers.gemma_engine import get_engine
        get_engine()
        return True
    except Exception:  # noqa: BLE001 - the page still works with pasted answers
        return False
