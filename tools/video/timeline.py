"""When each scene and caption shows, and where each spoken clip sits in the soundtrack.

Every narration sentence is spoken as one clip, so a caption's start and end come from the audio
itself; a sentence too long for one caption is cut into chunks at spaces, timed by their syllables
(the words of the text as spoken, after number normalisation).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np

from tools.speech_text import normalize_for_speech
from tools.video.script_model import VideoScript
from tools.video.vnwords import units
from tools.voice.align import find_sentences
from tools.voice.audio import SAMPLE_RATE

LEAD_S = 0.35          # silence at the start of a scene before the voice
GAP_S = 0.25           # pause between sentences
TAIL_S = 0.35          # after the last sentence of a scene
MIN_SCENE_S = 2.2
MIN_TOTAL_S, MAX_TOTAL_S = 15.0, 45.0
CAPTION_CHARS = 44     # at most this many characters in one caption (more only to avoid a short cue)
MIN_CUE_S = 1.0        # no caption shorter than this unless its whole sentence is


@dataclass
class Cue:
    start: float
    end: float
    text: str


@dataclass
class SceneSpan:
    index: int
    start: float
    end: float

    @property
    def duration(self) -> float:
        return self.end - self.start


@dataclass
class Timeline:
    scenes: list[SceneSpan]
    cues: list[Cue]
    clips: list[tuple[float, np.ndarray]] = field(default_factory=list)   # (start seconds, samples)
    duration: float = 0.0

    def scene_at(self, t: float) -> int:
        for span in self.scenes:
            if t < span.end:
                return span.index
        return self.scenes[-1].index

    def cue_at(self, t: float) -> int | None:
        for i, cue in enumerate(self.cues):
            if cue.start <= t < cue.end:
                return i
        return None


def syllables(text: str) -> int:
    return max(1, len(re.findall(r"\w+", normalize_for_speech(text))))


def caption_chunks(sentence: str, limit: int = CAPTION_CHARS) -> list[str]:
    """Cut a sentence into captions of at most `limit` characters, at commas first, then at spaces."""
    sentence = " ".join(sentence.split())
    if len(sentence) <= limit:
        return [sentence]
    parts = [p.strip() for p in re.split(r"(?<=[,;:])\s+", sentence) if p.strip()]
    chunks: list[str] = []
    for part in parts:
        words, current = units(part), ""      # a word of several syllables is never cut
        for word in words:
            trial = f"{current} {word}".strip()
            if len(trial) > limit and current:
                chunks.append(current)
                current = word
            else:
                current = trial
        if current:
            chunks.append(current)
    merged: list[str] = []   # join short neighbours back together
    for chunk in chunks:
        if merged and len(merged[-1]) + 1 + len(chunk) <= limit:
            merged[-1] = f"{merged[-1]} {chunk}"
        else:
            merged.append(chunk)
    return merged


def _sentence_cues(sentence: str, start: float, duration: float) -> list[Cue]:
    """The sentence's captions, timed by syllables; a piece that would flash by in under MIN_CUE_S
    joins its shorter neighbour (only a sentence shorter than that gets a shorter cue)."""
    chunks = caption_chunks(sentence)
    weights = [float(syllables(c)) for c in chunks]
    while len(chunks) > 1:
        seconds = [duration * w / sum(weights) for w in weights]
        k = int(np.argmin(seconds))
        if seconds[k] >= MIN_CUE_S:
            break
        j = k - 1 if k == len(chunks) - 1 or (k > 0 and weights[k - 1] <= weights[k + 1]) else k + 1
        a, b = sorted((k, j))
        chunks[a:b + 1] = [f"{chunks[a]} {chunks[b]}"]
        weights[a:b + 1] = [weights[a] + weights[b]]
    bounds = start + duration * np.concatenate([[0], np.cumsum(weights) / sum(weights)])
    return [Cue(float(bounds[i]), float(bounds[i + 1]), c.rstrip(",;:")) for i, c in enumerate(chunks)]


def build_timeline(script: VideoScript, clip_seconds: list[float], clips: list[np.ndarray] | None = None,
                   transition_s: float = 0.3, end_hold_s: float = 2.0) -> Timeline:
    """Place scenes one after another; each lasts as long as its sentences (+ pauses), at least
    its min_seconds; the last scene holds end_hold_s longer (the end card). Short videos are
    stretched to MIN_TOTAL_S."""
    durations, per_scene = [], []
    k = 0
    for scene in script.scenes:
        lines = clip_seconds[k:k + len(scene.narration)]
        k += len(scene.narration)
        per_scene.append(lines)
        speech = LEAD_S + transition_s / 2 + sum(lines) + GAP_S * max(0, len(lines) - 1) + TAIL_S
        durations.append(max(speech, scene.min_seconds, MIN_SCENE_S))
    durations[-1] += end_hold_s
    total = sum(durations)
    if total < MIN_TOTAL_S:  # stretch the scenes that hold no fixed reading time
        extra = (MIN_TOTAL_S - total) / len(durations)
        durations = [d + extra for d in durations]
    spans, cues, placed = [], [], []
    t, k = 0.0, 0
    for i, (scene, duration, lines) in enumerate(zip(script.scenes, durations, per_scene)):
        spans.append(SceneSpan(i, t, t + duration))
        cursor = t + LEAD_S + (transition_s / 2 if i else 0.0)
        for sentence, seconds in zip(scene.narration, lines):
            cues.extend(_sentence_cues(sentence, cursor, seconds))
            if clips is not None:
                placed.append((cursor, clips[k]))
            k += 1
            cursor += seconds + GAP_S
        t += duration
    return Timeline(spans, cues, placed, t)


def split_recording(samples: np.ndarray, sentences: list[str], sample_rate: int = SAMPLE_RATE) -> list[np.ndarray]:
    """Cut the seller's recording into one clip per sentence, at the pauses between sentences
    (tools.voice.align), with a little air kept before and after each."""
    if not sentences:
        return []
    lead, tail = int(0.04 * sample_rate), int(0.12 * sample_rate)
    spans = find_sentences(samples, sentences, sample_rate)
    clips = []
    for k, (start, end) in enumerate(spans):
        a = max(0, int(start * sample_rate) - lead)
        b = min(len(samples), int(end * sample_rate) + tail)
        if k + 1 < len(spans):
            b = min(b, max(a + 1, int(spans[k + 1][0] * sample_rate) - lead))
        clips.append(samples[a:b])
    return clips
