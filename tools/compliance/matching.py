"""Phrase matching that respects Vietnamese: the rule data (rules.yaml) and one matcher over every view
of a text a disguise could hide in.

A phrase is found
- with its own diacritics, as whole words ("chữa" never in "chua", "nhất" never in "nhạt");
- without diacritics only where the text is typed without them AND the phrase is listed in
  `unaccented_ok` ("chua khoi" is "chữa khỏi"; "chua" alone is sour, never a cure);
- across letters spaced or dotted apart ("g i ả m g i á", "c.h.ữ.a").
Texts are expected to be `tools.textnorm.clean_text` output (NFKC, no invisible characters, no
look-alike letters); the positions of every hit refer to that text.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from tools.textnorm import fold, fold_same_length, has_diacritics, joined_view, modern_tones

RULES_FILE = Path(__file__).with_name("rules.yaml")


@lru_cache(maxsize=1)
def rules() -> dict:
    return yaml.safe_load(RULES_FILE.read_text(encoding="utf-8"))


def law(key: str) -> str:
    return rules()["laws"][key]


@dataclass(frozen=True)
class Hit:
    start: int
    end: int
    fragment: str     # the text as written (positions in the checked text)
    phrase: str       # the rule phrase it matched


def _phrase_rx(phrase: str) -> str:
    parts = [re.escape(w) for w in phrase.lower().split()]
    return r"[\s\-]+".join(parts)


def _alternation(phrases) -> re.Pattern[str] | None:
    alts = sorted({_phrase_rx(p) for p in phrases if str(p).strip()}, key=len, reverse=True)
    if not alts:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(alts) + r")(?!\w)", re.IGNORECASE)


def _squashed(phrases) -> re.Pattern[str] | None:
    alts = sorted({re.escape(re.sub(r"\s+", "", p.lower())) for p in phrases
                   if len(re.sub(r"\s+", "", p)) >= 4}, key=len, reverse=True)
    return re.compile("|".join(alts), re.IGNORECASE) if alts else None


@lru_cache(maxsize=1)
def _unaccented_ok() -> frozenset[str]:
    return frozenset(p.lower() for p in rules().get("unaccented_ok", []))


class PhraseSet:
    """A list of rule phrases (and the phrases that excuse them) compiled once."""

    def __init__(self, phrases, allowed=()):
        phrases = [str(p).lower() for p in phrases]
        ok = _unaccented_ok()
        folded = [fold(p) for p in phrases if p in ok or not has_diacritics(p)]
        self.phrases = phrases
        self.exact = _alternation(phrases)
        self.folded = _alternation(folded)
        self.squashed = _squashed(phrases)
        self.squashed_folded = _squashed(folded)
        allowed = [str(p).lower() for p in allowed]
        self.allowed = _alternation(allowed)
        self.allowed_folded = _alternation([fold(p) for p in allowed])

    def _excused(self, low: str, folded: str) -> list[tuple[int, int]]:
        spans = [m.span() for m in self.allowed.finditer(low)] if self.allowed else []
        if self.allowed_folded:
            spans += [m.span() for m in self.allowed_folded.finditer(folded)
                      if not has_diacritics(low[m.start():m.end()])]
        return spans

    def find(self, text: str) -> list[Hit]:
        """Every hit in `text` (already clean_text), in order, none inside an excused phrase."""
        if self.exact is None:
            return []
        low = modern_tones(text).lower()
        if len(low) != len(text):  # a lower-casing that changes length: positions by the original
            low = text.lower() if len(text.lower()) == len(text) else text
        folded = fold_same_length(low)
        spans: list[tuple[int, int, str]] = []
        for m in self.exact.finditer(low):
            spans.append((m.start(), m.end(), m.group(0)))
        if self.folded:
            for m in self.folded.finditer(folded):
                if not has_diacritics(low[m.start():m.end()]):
                    spans.append((m.start(), m.end(), m.group(0)))
        joined, origin, runs = joined_view(low)
        if runs:
            jfold = fold_same_length(joined)

            def in_run(s: int, e: int) -> bool:
                return any(rs < e and s < re_ for rs, re_ in runs)

            def back(s: int, e: int, phrase: str) -> None:
                s0, e0 = origin[s], origin[e - 1] + 1
                if in_run(s0, e0):
                    spans.append((s0, e0, phrase))
            for m in self.exact.finditer(joined):
                back(m.start(), m.end(), m.group(0))
            if self.folded:
                for m in self.folded.finditer(jfold):
                    if not has_diacritics(joined[m.start():m.end()]):
                        back(m.start(), m.end(), m.group(0))
            for rs, re_ in runs:
                squashed = "".join(ch for ch in low[rs:re_] if ch.isalnum())
                for rx, hay in ((self.squashed, squashed), (self.squashed_folded, fold(squashed))):
                    if rx is None or (rx is self.squashed_folded and has_diacritics(squashed)):
                        continue
                    if rx.search(hay):
                        spans.append((rs, re_, rx.search(hay).group(0)))
        excused = self._excused(low, folded)
        hits: list[Hit] = []
        for s, e, phrase in sorted(spans):
            if any(xs <= s and e <= xe for xs, xe in excused):
                continue
            if any(h.start <= s and e <= h.end for h in hits):
                continue
            hits = [h for h in hits if not (s <= h.start and h.end <= e)]
            hits.append(Hit(s, e, text[s:e], phrase))
        return hits

    def search(self, text: str) -> Hit | None:
        hits = self.find(text)
        return hits[0] if hits else None


@lru_cache(maxsize=None)
def phrase_set(*keys: str) -> PhraseSet:
    """The phrases at rules()[keys...] (a list, or a dict with `phrases`/`words` and `allowed`/`not_when`)."""
    node = rules()
    for key in keys:
        node = node[key]
    if isinstance(node, dict):
        return PhraseSet(node.get("phrases") or node.get("words") or [], node.get("allowed") or [])
    return PhraseSet(node)
