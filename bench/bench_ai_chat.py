"""Practice AI chat: seconds until the first words appear (goal: 5 s on 2 cores), cold and warm.

Run: .venv/bin/python bench/bench_ai_chat.py   (embedded model; prints the ratio to the goal)
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.learning.ai_chat import ask  # noqa: E402

GOAL = 5.0
PROMPTS = ["Viết một câu giới thiệu bánh chưng giá 45.000đ để đăng Facebook.",
           "Hãy viết lời nhắn nhắc khách lấy hàng vào chiều nay.",
           "AI là gì? Trả lời cho người lớn tuổi dễ hiểu."]


def main() -> None:
    for i, prompt in enumerate(PROMPTS):
        start = time.perf_counter()
        answer = ask(prompt)
        first = None
        text = ""
        for piece in answer.pieces:
            if first is None and piece.strip():
                first = time.perf_counter() - start
            text += piece
        total = time.perf_counter() - start
        kind = "cold (model load)" if i == 0 else "warm"
        print(f"{kind:18} first words {first:5.2f} s (ratio to {GOAL:.0f} s goal: {first / GOAL:.2f}), "
              f"whole answer {total:5.2f} s, {len(text)} chars: {text[:70]!r}")


if __name__ == "__main__":
    main()
