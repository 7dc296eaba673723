"""Kept for callers: the sentence policy lives in tools.compliance.policy (one policy for every door)."""
from tools.compliance.policy import accept_sentence, neutral_words, reads_naturally, unknown_words

__all__ = ["accept_sentence", "neutral_words", "reads_naturally", "unknown_words"]
