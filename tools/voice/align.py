"""Find the spoken sentences in a seller's recording (energy and pauses, numpy only, no model), so
each caption starts when its sentence does.

    find_sentences(samples, sentences, sample_rate) -> list[(start_s, end_s)]

How:
- Loudness per 20 ms frame is measured in the band where speech lives (150-4,000 Hz), after taking
  away the noise the recording carries all the time (hiss, hum, a fan): its spectrum is estimated
  per frequency from the quietest tenth of the frames (noise-floor estimation) and subtracted.
  Frames within HEADROOM_DB of the loud vowels are speech, except lone clicks; the silent runs
  between them are the pauses.
- Which pauses end sentences: a reader pauses at commas too, sometimes as long as between sentences
  (slow readers). So the cuts are chosen by dynamic programming over all pauses: each sentence should
  last about as long as its text takes to read (syllables, plus a little for each comma, at the
  reader's own pace measured from the whole recording), and longer pauses are likelier cuts.
- Where the reader made no pause at all, the quietest moment near the expected place is used.
"""
from __future__ import annotations

import re

import numpy as np

from tools.voice.audio import SAMPLE_RATE

FRAME_S = 0.02
MIN_PAUSE_S = 0.12        # shorter dips are stops inside words (p, t, k)
BAND_HZ = (150.0, 4000.0)  # where the voice is; hum below, most hiss above
COMMA_UNITS = 0.8         # a comma or semicolon costs about this many syllables of time
SPREAD = 0.22             # how far (log of the ratio) a sentence's length may stray from its estimate
PAUSE_WEIGHT = 6.0        # pull towards longer pauses (per second of pause)
HEADROOM_DB = 20.0        # speech: frames within this of the loud vowels (above the noise)
NOISE_MARGIN = 2.5        # subtract this many times the noise's mean power per frequency
ONSET_BACK_S = 0.2        # how far before the loud part a soft first consonant may start
ONSET_GAP_S = 0.08        # a dip this short between that consonant and the vowel still belongs to the sentence
MIN_VOICED_S = 0.08       # a voiced blip shorter than this, alone in a pause, is a click or a knock


def _units(sentence: str) -> float:
    from tools.speech_text import normalize_for_speech
    spoken = normalize_for_speech(sentence)
    syllables = max(1, len(re.findall(r"\w+", spoken)))
    commas = len(re.findall(r"[,;:–—]\s*\w", spoken))
    return syllables + COMMA_UNITS * commas


def syllable_weights(sentences: list[str]) -> np.ndarray:
    """How long each sentence takes to read, in syllables (commas counted as a short pause)."""
    return np.array([_units(s) for s in sentences], float)


def envelope(samples: np.ndarray, sample_rate: int = SAMPLE_RATE) -> np.ndarray:
    """Speech loudness in dB per FRAME_S frame: the power in the voice band above the recording's
    steady noise (estimated per frequency from its quietest frames and subtracted)."""
    n = max(1, int(sample_rate * FRAME_S))
    usable = len(samples) // n * n
    if usable == 0:
        return np.zeros(0)
    frames = samples[:usable].reshape(-1, n).astype(np.float64)
    frames = frames - frames.mean(axis=1, keepdims=True)          # no DC offset from cheap microphones
    size = 1 << int(np.ceil(np.log2(n)))
    freqs = np.fft.rfftfreq(size, 1.0 / sample_rate)
    keep = (freqs >= BAND_HZ[0]) & (freqs <= BAND_HZ[1])
    window = np.hanning(n)
    band = np.concatenate([np.abs(np.fft.rfft(frames[i:i + 4096] * window, size, axis=1)[:, keep]) ** 2
                           for i in range(0, len(frames), 4096)])   # in slices: long files stay small
    total = band.sum(axis=1)
    quietest = total <= np.percentile(total, 10)
    noise = band[quietest].mean(axis=0)                            # the steady noise, per frequency
    speech = np.clip(band - NOISE_MARGIN * noise, 0.0, None).sum(axis=1)
    reference = np.percentile(total, 95)
    return 10 * np.log10(speech + 1e-6 * (reference + 1e-12) + 1e-20)


def voiced_mask(db: np.ndarray) -> np.ndarray:
    """True for speech frames: at least 6 dB over the floor and within HEADROOM_DB of the loud vowels;
    lone blips shorter than MIN_VOICED_S in a pause are dropped."""
    if db.size == 0:
        return np.zeros(0, bool)
    floor, loud = np.percentile(db, 10), np.percentile(db, 95)
    threshold = max(floor + 6.0, loud - HEADROOM_DB)
    smooth = np.convolve(np.pad(db, 1, mode="edge"), np.ones(3) / 3, mode="valid")
    mask = smooth > threshold
    # a click, a cough or a knock in a pause is no syllable: voiced blips shorter than MIN_VOICED_S go
    edges = np.flatnonzero(np.diff(np.concatenate([[0], mask.astype(np.int8), [0]])))
    shortest = int(round(MIN_VOICED_S / FRAME_S))
    gap = int(round(MIN_PAUSE_S / FRAME_S))
    for a, b in zip(edges[::2], edges[1::2]):
        if b - a < shortest and not mask[max(0, a - gap):a].any() and not mask[b:b + gap].any():
            mask[a:b] = False
    return mask


def pauses(mask: np.ndarray) -> list[tuple[int, int]]:
    """(first, last+1) frame of each silent run between voiced frames, at least MIN_PAUSE_S long."""
    voiced = np.flatnonzero(mask)
    if voiced.size == 0:
        return []
    first, last = voiced[0], voiced[-1]
    runs = []
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
    onset = _onsets(db)
    for k in range(count):
        start = onset(bounds[k][0], bounds[k][1] or 0)  # never before the previous sentence's end
        end = bounds[k + 1][1]
        spans.append((start * FRAME_S, max(start + 1, end) * FRAME_S))
    return spans


def _onsets(db: np.ndarray):
    """start frame -> the frame where the sentence really begins: the speech threshold misses the soft
    first consonant (s, h, x), so step back while the voice band is still clearly over the floor
    (at most ONSET_BACK_S)."""
    floor = np.percentile(db, 10) if db.size else 0.0
    soft = db > floor + 10.0
    back = int(round(ONSET_BACK_S / FRAME_S))

    max_gap = int(round(ONSET_GAP_S / FRAME_S))

    def onset(start: int, lowest: int = 0) -> int:
        # a nasal or soft consonant may be followed by a short dip before the vowel ("N|ước"): walk back over
        # dips of at most ONSET_GAP_S to the earliest soft frame within ONSET_BACK_S
        earliest, gap, f = start, 0, start
        while f > lowest and start - (f - 1) <= back:
            if soft[f - 1]:
                earliest, gap = f - 1, 0
            else:
                gap += 1
                if gap > max_gap:
                    break
            f -= 1
        return earliest
    return onset


def _choose(runs: list[tuple[int, int]], mask: np.ndarray, first: int, last: int, weights: np.ndarray
            ) -> list[tuple[int, int]]:
    """N-1 pauses (as (start, end) frames) cutting the speech into N sentences.

    Dynamic programming over the pauses in order: a sentence from the end of one cut to the start of
    the next costs the squared log of (its length / the length its text predicts), over SPREAD; each
    cut earns PAUSE_WEIGHT per second of pause. The pace (seconds per syllable) is the recording's
    own: the speech between the first and last voiced frame, less the pauses the sentences need."""
    need = len(weights) - 1
    candidates = list(runs)
    if len(candidates) < need:     # the reader ran sentences together: quiet moments stand in
        candidates = sorted(set(candidates) | set(_quiet_points(mask, first, last, weights, candidates)))
    starts = np.array([a for a, _ in candidates], float)
    ends = np.array([b for _, b in candidates], float)
    lengths = (ends - starts) * FRAME_S
    between = sorted(lengths, reverse=True)[:need]
    pace = max(1e-6, (last - first) - sum(between) / FRAME_S) / weights.sum()   # frames per syllable
    expected = weights * pace
    p = len(candidates)

    def piece(length: np.ndarray, k: int) -> np.ndarray:
        ratio = np.maximum(length, 1.0) / max(1.0, expected[k])
        return (np.log(ratio) / SPREAD) ** 2

    bonus = PAUSE_WEIGHT * lengths
    inf = float("inf")
    cost = np.full((need, p), inf)
    back = np.full((need, p), -1, dtype=int)
    cost[0] = piece(starts - first, 0) - bonus
    for k in range(1, need):
        for j in range(k, p):
            options = cost[k - 1][:j] + piece(starts[j] - ends[:j], k)
            i = int(np.argmin(options))
            cost[k][j] = options[i] - bonus[j]
            back[k][j] = i
    finals = cost[need - 1] + piece(last - ends, need)
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
