"""Find the spoken sentences in a seller's recording (energy and pauses, numpy only, no model), so
each caption starts when its sentence does.

    find_sentences(samples, sentences, sample_rate) -> list[(start_s, end_s)]

How: the loudness envelope (20 ms frames) against a noise floor measured from the recording itself
gives the pauses. A reader pauses between sentences longer than inside them (commas), and spends
time roughly in proportion to the syllables read; so among all the pauses the cuts are the N-1 that
best share the speech by syllables while favouring long pauses (dynamic programming over the
pauses). Where the reader made no pause at all, the quietest moment near the syllable estimate is
used instead.
"""
from __future__ import annotations

import re

import numpy as np

from tools.voice.audio import SAMPLE_RATE

FRAME_S = 0.02
MIN_PAUSE_S = 0.12        # shorter dips are stops inside words (p, t, k)


def syllable_weights(sentences: list[str]) -> np.ndarray:
    from tools.speech_text import normalize_for_speech
    return np.array([max(1, len(re.findall(r"\w+", normalize_for_speech(s)))) for s in sentences], float)


def envelope(samples: np.ndarray, sample_rate: int = SAMPLE_RATE) -> np.ndarray:
    """Loudness in dB per FRAME_S frame."""
    n = max(1, int(sample_rate * FRAME_S))
    usable = len(samples) // n * n
    if usable == 0:
        return np.zeros(0)
    frames = samples[:usable].reshape(-1, n).astype(np.float64)
    frames = frames - frames.mean(axis=1, keepdims=True)          # no DC offset from cheap microphones
    return 10 * np.log10((frames ** 2).mean(axis=1) + 1e-10)


def voiced_mask(db: np.ndarray) -> np.ndarray:
    """True for frames louder than the noise floor by a margin set between floor and speech level."""
    if db.size == 0:
        return np.zeros(0, bool)
    floor, loud = np.percentile(db, 10), np.percentile(db, 95)
    threshold = floor + max(6.0, 0.35 * (loud - floor))
    smooth = np.convolve(np.pad(db, 1, mode="edge"), np.ones(3) / 3, mode="valid")
    return smooth > threshold


def pauses(mask: np.ndarray) -> list[tuple[int, int]]:
    """(first, last+1) frame of each silent run between voiced frames, at least MIN_PAUSE_S long."""
    runs, i, n = [], 0, len(mask)
    voiced = np.flatnonzero(mask)
    if voiced.size == 0:
        return []
    first, last = voiced[0], voiced[-1]
    i = first
    min_len = int(round(MIN_PAUSE_S / FRAME_S))
    while i <= last:
        if not mask[i]:
            j = i
            while j <= last and not mask[j]:
                j += 1
            if j - i >= min_len:
                runs.append((i, j))
            i = j
        else:
            i += 1
    return runs


def find_sentences(samples: np.ndarray, sentences: list[str], sample_rate: int = SAMPLE_RATE
                   ) -> list[tuple[float, float]]:
    """(start, end) in seconds of each sentence as spoken in the recording."""
    count = len(sentences)
    if count == 0:
        return []
    db = envelope(samples, sample_rate)
    mask = voiced_mask(db)
    voiced = np.flatnonzero(mask)
    if voiced.size == 0:
        total = len(samples) / sample_rate
        edges = np.linspace(0, total, count + 1)
        return [(float(a), float(b)) for a, b in zip(edges, edges[1:])]
    first, last = int(voiced[0]), int(voiced[-1]) + 1
    weights = syllable_weights(sentences)
    runs = pauses(mask)
    cuts = _choose(runs, mask, first, last, weights) if count > 1 else []
    # each sentence: from the first voiced frame after its cut to the last voiced frame before the next
    bounds = [(first, None)] + [(b, a) for a, b in cuts] + [(None, last)]
    spans = []
    for k in range(count):
        start = bounds[k][0]
        end = bounds[k + 1][1]
        spans.append((start * FRAME_S, max(start + 1, end) * FRAME_S))
    return spans


def _choose(runs: list[tuple[int, int]], mask: np.ndarray, first: int, last: int, weights: np.ndarray
            ) -> list[tuple[int, int]]:
    """N-1 pauses (as (start, end) frames) cutting the speech into N sentences."""
    need = len(weights) - 1
    candidates = list(runs)
    if len(candidates) < need:     # the reader ran sentences together: quiet moments stand in
        candidates = sorted(set(candidates) | set(_quiet_points(mask, first, last, weights, candidates)))
    # speech (voiced frames) before each candidate, to compare with the syllable shares
    cumulative = np.concatenate([[0], np.cumsum(mask[first:last])])

    def speech_until(frame: int) -> float:
        return float(cumulative[min(max(frame - first, 0), last - first)])

    total = speech_until(last)
    share = np.cumsum(weights) / weights.sum() * total
    expected = np.diff(np.concatenate([[0.0], share]))            # speech each sentence should take
    positions = [speech_until(a) for a, _ in candidates]
    lengths = [b - a for a, b in candidates]
    longest = max(lengths) if lengths else 1
    p = len(candidates)
    inf = float("inf")
    # cost[k][j]: best cost with cut k (0-based) at candidate j
    cost = np.full((need, p), inf)
    back = np.full((need, p), -1, dtype=int)

    def piece(a: float, b: float, k: int) -> float:
        ratio = (b - a) / max(1.0, expected[k])
        return np.log(max(ratio, 1e-3)) ** 2

    def pause_bonus(j: int) -> float:
        return 0.3 * np.log(lengths[j] / longest + 1e-3)        # 0 for the longest pause, negative else

    for j in range(p):
        cost[0][j] = piece(0.0, positions[j], 0) - pause_bonus(j)
    for k in range(1, need):
        for j in range(k, p):
            options = cost[k - 1][:j] + np.array([piece(positions[i], positions[j], k) for i in range(j)])
            i = int(np.argmin(options))
            cost[k][j] = options[i] - pause_bonus(j)
            back[k][j] = i
    finals = [cost[need - 1][j] + piece(positions[j], total, need) for j in range(p)]
    j = int(np.argmin(finals))
    chosen = [j]
    for k in range(need - 1, 0, -1):
        j = int(back[k][j])
        chosen.append(j)
    return [candidates[j] for j in reversed(chosen)]


def _quiet_points(mask: np.ndarray, first: int, last: int, weights: np.ndarray, taken) -> list[tuple[int, int]]:
    """One-frame stand-in pauses at the syllable estimates, moved to the quietest frame near them."""
    estimates = first + (last - first) * np.cumsum(weights)[:-1] / weights.sum()
    points = []
    for e in estimates:
        lo, hi = max(first + 1, int(e) - 25), min(last - 1, int(e) + 25)
        window = mask[lo:hi]
        quiet = np.flatnonzero(~window)
        f = lo + int(quiet[np.argmin(np.abs(quiet + lo - e))]) if quiet.size else int(e)
        if all(not (a <= f < b) for a, b in taken):
            points.append((f, f + 1))
    return points


TAKE_PAUSE_S = 1.0   # silence put between sentence takes: longer than any pause inside a sentence


def join_takes(takes: list[bytes], sample_rate: int = SAMPLE_RATE) -> bytes:
    """Sentence-by-sentence recordings (the page's teleprompter, one take per sentence, each
    retaken at will) joined into one WAV recording with a clear pause between sentences, so
    find_sentences cuts exactly there. Raises AudioError (Vietnamese) for a take it cannot read
    or one with no voice."""
    import io
    import tempfile
    from pathlib import Path

    from tools.voice.audio import AudioError, decode, trim_silence, write_wav

    parts = []
    with tempfile.TemporaryDirectory(prefix="takes-") as tmp:
        for k, data in enumerate(takes, 1):
            path = Path(tmp) / f"take{k}"
            path.write_bytes(data or b"")
            samples = decode(path, sample_rate)
            db = envelope(samples, sample_rate)
            voiced = np.flatnonzero(voiced_mask(db))
            if not samples.size or voiced.size == 0 or np.abs(samples).max() < 0.01:
                raise AudioError(f"Câu {k} chưa có tiếng. Vui lòng ghi lại câu {k}.")
            n = int(FRAME_S * sample_rate)
            samples = samples[max(0, voiced[0] * n - n * 3): (voiced[-1] + 4) * n]
            parts += [trim_silence(samples, sample_rate, threshold=0.0), np.zeros(int(TAKE_PAUSE_S * sample_rate),
                                                                                 np.float32)]
        out = Path(tmp) / "joined.wav"
        write_wav(out, np.concatenate(parts[:-1]), sample_rate)
        return io.BytesIO(out.read_bytes()).getvalue()
