"""Raw RGB frames piped to ffmpeg (from imageio-ffmpeg): H.264 + AAC, yuv420p, faststart MP4.

Every output file is written atomically: to a hidden temporary file in the same folder, renamed
into place only when complete, deleted on any error or cancel. No half file is ever left behind.
"""
from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

from tools.files import atomic_path, write_text_atomic  # noqa: F401 - re-exported for the renderer
from tools.voice.audio import ffmpeg_exe


class EncodeError(RuntimeError):
    pass


def encoder_command(out: Path, size: tuple[int, int], fps: int, audio: Path | None, preset: str, crf: int,
                    threads: int = 0, metadata: dict[str, str] | None = None) -> list[str]:
    w, h = size
    cmd = [ffmpeg_exe(), "-nostdin", "-y", "-v", "error",
           "-f", "rawvideo", "-pix_fmt", "rgb24", "-s", f"{w}x{h}", "-r", str(fps), "-i", "-"]
    if audio is not None:
        cmd += ["-i", str(audio)]
    cmd += ["-map", "0:v"] + (["-map", "1:a"] if audio is not None else [])
    cmd += ["-vf", "scale=out_color_matrix=bt709:out_range=tv,format=yuv420p",
            "-c:v", "libx264", "-preset", preset, "-crf", str(crf), "-threads", str(threads),
            "-colorspace", "bt709", "-color_primaries", "bt709", "-color_trc", "bt709",
            "-g", str(fps * 2)]
    if audio is not None:
        cmd += ["-c:a", "aac", "-b:a", "128k", "-ar", "44100", "-shortest"]
    for key, value in (metadata or {}).items():     # e.g. comment: the plain AI tag a simple reader sees
        cmd += ["-metadata", f"{key}={value}"]
    cmd += ["-movflags", "+faststart", "-f", "mp4", str(out)]
    return cmd


class FrameEncoder:
    """with FrameEncoder(path, size, fps, audio) as enc: enc.write(frame_bytes) ...

    The MP4 appears at `path` only when the block ends without an exception.
    """

    def __init__(self, path: Path, size: tuple[int, int], fps: int, audio: Path | None = None,
                 preset: str = "superfast", crf: int = 23, threads: int = 0,
                 metadata: dict[str, str] | None = None) -> None:
        self.path, self.size, self.fps, self.audio = Path(path), size, fps, audio
        self.metadata = metadata
        self.preset, self.crf, self.threads = preset, crf, threads
        self._atomic = atomic_path(self.path)
        self._proc: subprocess.Popen | None = None
        self._stderr = None

    def __enter__(self) -> "FrameEncoder":
        tmp = self._atomic.__enter__()
        self._stderr = tempfile.TemporaryFile()
        cmd = encoder_command(tmp, self.size, self.fps, self.audio, self.preset, self.crf, self.threads,
                              self.metadata)
        self._proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=self._stderr)
        return self

    def write(self, frame: bytes) -> None:
        try:
            self._proc.stdin.write(frame)
        except BrokenPipeError as exc:
            raise EncodeError(f"ffmpeg dừng giữa chừng: {self._error_text()}") from exc

    def _error_text(self) -> str:
        self._stderr.seek(0)
        return self._stderr.read().decode("utf-8", "replace")[-800:]

    def __exit__(self, exc_type, exc, tb) -> bool:
        proc = self._proc
        try:
            if exc_type is None:
                proc.stdin.close()
                if proc.wait() != 0:
                    raise EncodeError(f"ffmpeg lỗi (mã {proc.returncode}): {self._error_text()}")
            else:
                proc.kill()
                proc.wait()
        except BaseException as err:
            self._atomic.__exit__(type(err), err, err.__traceback__)
            raise
        finally:
            if proc.stdin and not proc.stdin.closed:
                try:
                    proc.stdin.close()
                except BrokenPipeError:
                    pass
            self._stderr.close()
        self._atomic.__exit__(exc_type, exc, tb)
        return False
