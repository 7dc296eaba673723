"""Atomic file writes: the one helper for every output (videos, audio, narration, keys, the model file).

A file is written to a hidden temporary file in the same folder and renamed into place only when
complete; on any error or cancel the temporary file is deleted. No half file is ever left behind.
"""
from __future__ import annotations

import os
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator


@contextmanager
def atomic_path(path: Path | str, *, suffix: str = ".part", mode: int = 0o644) -> Iterator[Path]:
    """Yield a temporary path next to `path`; on success it replaces `path` (with `mode`), on error it is
    deleted. `suffix`: the temporary file's ending (a tool that picks its format by extension needs the
    real one). The temporary file is created private (0600), so a key is never readable by others."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=suffix, dir=path.parent)
    os.close(fd)
    tmp_path = Path(tmp)
    try:
        yield tmp_path
        os.chmod(tmp_path, mode)   # mkstemp makes 0600; outputs are ordinary readable files unless asked
        os.replace(tmp_path, path)
    finally:
        tmp_path.unlink(missing_ok=True)


def write_bytes_atomic(path: Path | str, data: bytes, *, mode: int = 0o644) -> Path:
    with atomic_path(path, mode=mode) as tmp:
        tmp.write_bytes(data)
    return Path(path)


def write_text_atomic(path: Path | str, text: str) -> Path:
    with atomic_path(path) as tmp:
        tmp.write_text(text, encoding="utf-8")
    return Path(path)
