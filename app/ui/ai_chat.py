"""The practice AI chat box: labelled as AI, the answer streams in as it is written."""
from __future__ import annotations

import threading

import streamlit as st

from app.learning import ai_chat


@st.cache_resource(show_spinner=False)
def _warm() -> bool:
    """Load the embedded model in the background once per server, so the first question is answered fast."""
    threading.Thread(target=ai_chat.warm_up, daemon=True).start()
    return True


def configured_label() -> str:
    import tools.providers  # noqa: F401 - the package first (its modules import one another)
    from tools.providers.openai_compat import OpenAISettings
    return ai_chat.LABELS["server" if OpenAISettings.from_env().configured else "embedded"]


def intro() -> None:
    """Say plainly who answers (an AI; on the embedded model: a very small one that often errs)."""
    _warm()
    st.info(configured_label(), icon=":material/smart_toy:")


def stream_answer(prompt: str) -> str | None:
    """Ask the AI and show the words as they come; the whole answer (markup removed), or None on a problem."""
    try:
        answer = ai_chat.ask(prompt)
    except ai_chat.ChatUnavailable as exc:
        st.info(str(exc))
        return None
    except ValueError as exc:
        st.error(str(exc))
        return None
    box = st.empty()
    with box.container(border=True):
        st.caption("AI đang viết…")
        try:
            text = st.write_stream(answer.pieces)
        except Exception:  # noqa: BLE001 - the model stopped midway: keep nothing half-made
            st.error("AI dừng giữa chừng. Hãy hỏi lại.")
            return None
    box.empty()
    text = ai_chat.whole_sentences(" ".join(str(text or "").split()))
    if not text:
        st.info("AI không đưa ra câu trả lời. Hãy viết câu lệnh rõ hơn rồi hỏi lại.")
        return None
    return text
