"""The embedded offline voice: libespeak-ng and its data from the `espeakng-loader` wheel, via ctypes.

espeak-ng keeps global state, so one lock serialises every call in the process.
"""
from __future__ import annotations

import ctypes
import threading

import numpy as np

from tools.voice.audio import SAMPLE_RATE

# our voice id -> espeak-ng voice name
ESPEAK_VOICES = {
    "embedded": "vi",
    "embedded-south": "vi-VN-x-south",
    "embedded-central": "vi-VN-x-central",
}
DEFAULT_RATE_WPM = 155  # slower than espeak's 175: clearer for older listeners

_AUDIO_OUTPUT_SYNCHRONOUS = 2
_POS_CHARACTER = 1
_CHARS_UTF8 = 1
_PARAM_RATE, _PARAM_VOLUME, _PARAM_PITCH = 1, 2, 3

_CALLBACK = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.POINTER(ctypes.c_short), ctypes.c_int, ctypes.c_void_p)


class EmbeddedVoiceError(RuntimeError):
    pass


class _Espeak:
    def __init__(self) -> None:
        import espeakng_loader
        self.lib = ctypes.CDLL(espeakng_loader.get_library_path())
        self.lib.espeak_Initialize.restype = ctypes.c_int
        self.lib.espeak_Initialize.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_char_p, ctypes.c_int]
        self.lib.espeak_SetVoiceByName.argtypes = [ctypes.c_char_p]
        self.lib.espeak_SetParameter.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_int]
        self.lib.espeak_Synth.argtypes = [ctypes.c_char_p, ctypes.c_size_t, ctypes.c_uint, ctypes.c_int,
                                          ctypes.c_uint, ctypes.c_uint, ctypes.c_void_p, ctypes.c_void_p]
        rate = self.lib.espeak_Initialize(_AUDIO_OUTPUT_SYNCHRONOUS, 0,
                                          espeakng_loader.get_data_path().encode(), 0)
        if rate <= 0:
            raise EmbeddedVoiceError("Không khởi động được giọng đọc tích hợp (espeak-ng).")
        self.sample_rate = rate
        self._chunks: list[np.ndarray] = []
        self._callback = _CALLBACK(self._on_audio)  # keep a reference: ctypes must not free it
        self.lib.espeak_SetSynthCallback(self._callback)

    def _on_audio(self, wav, count, _events) -> int:
        if count > 0 and wav:
            self._chunks.append(np.ctypeslib.as_array(wav, shape=(count,)).copy())
        return 0

    def speak(self, text: str, voice: str, rate_wpm: int, pitch: int) -> np.ndarray:
        if self.lib.espeak_SetVoiceByName(voice.encode()) != 0:
            raise EmbeddedVoiceError(f"Không có giọng {voice} trong espeak-ng.")
        self.lib.espeak_SetParameter(_PARAM_RATE, int(rate_wpm), 0)
        self.lib.espeak_SetParameter(_PARAM_PITCH, int(pitch), 0)
        self.lib.espeak_SetParameter(_PARAM_VOLUME, 100, 0)
        self._chunks = []
        data = text.encode("utf-8")
        self.lib.espeak_Synth(data, len(data) + 1, 0, _POS_CHARACTER, 0, _CHARS_UTF8, None, None)
        self.lib.espeak_Synchronize()
        if not self._chunks:
            return np.zeros(0, dtype=np.float32)
        return np.concatenate(self._chunks).astype(np.float32) / 32768.0


_engine: _Espeak | None = None
_lock = threading.Lock()


def speak(text: str, voice: str = "embedded", rate_wpm: int = DEFAULT_RATE_WPM, pitch: int = 50) -> np.ndarray:
    """Synthesise text (already normalised) -> mono float32 samples at SAMPLE_RATE."""
    global _engine
    name = ESPEAK_VOICES.get(voice, voice)
    with _lock:
        if _engine is None:
            _engine = _Espeak()
        samples = _engine.speak(text, name, rate_wpm, pitch)
        native = _engine.sample_rate
    if native != SAMPLE_RATE and samples.size:
        positions = np.linspace(0, samples.size - 1, int(samples.size * SAMPLE_RATE / native))
        samples = np.interp(positions, np.arange(samples.size), samples).astype(np.float32)
    return samples
