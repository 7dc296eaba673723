"""Readers that only tests need (production writes these formats but never reads them back):
WAV samples, SRT cues, a VietQR payload, a C2PA assertion; plus the login check and the Vietnamese
sort that tests use to state what they expect."""
from __future__ import annotations

import re
import wave
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from app.auth import log_in_attempt
from tools.sales.vietqr import NAPAS_GUID, VietQRError, crc16
from tools.video.captions import Cue
from tools.voice.audio import AudioError
from tools.vnsort import vi_key


def read_wav(path: Path | str) -> tuple[np.ndarray, int]:
    """Mono float samples in [-1, 1] and the sample rate of a 16-bit WAV."""
    with wave.open(str(path), "rb") as w:
        if w.getsampwidth() != 2:
            raise AudioError(f"{Path(path).name}: chỉ hỗ trợ WAV 16 bit.")
        data = np.frombuffer(w.readframes(w.getnframes()), dtype="<i2").astype(np.float32) / 32768.0
        channels, rate = w.getnchannels(), w.getframerate()
    if channels > 1:
        data = data.reshape(-1, channels).mean(axis=1)
    return data, rate


_SRT_TIME = re.compile(r"(\d+):(\d+):(\d+),(\d+)\s*-->\s*(\d+):(\d+):(\d+),(\d+)")


def parse_srt(text: str) -> list[Cue]:
    cues = []
    for block in re.split(r"\n\s*\n", text.strip()):
        lines = block.strip().splitlines()
        for j, line in enumerate(lines):
            m = _SRT_TIME.search(line)
            if m:
                v = [int(x) for x in m.groups()]
                start = v[0] * 3600 + v[1] * 60 + v[2] + v[3] / 1000
                end = v[4] * 3600 + v[5] * 60 + v[6] + v[7] / 1000
                cues.append(Cue(start, end, " ".join(lines[j + 1:])))
                break
    return cues


def _read_tlv(text: str) -> dict[str, str]:
    out: dict[str, str] = {}
    i = 0
    while i < len(text):
        if i + 4 > len(text):
            raise VietQRError("format", "Mã QR không đúng định dạng VietQR.")
        tag, length = text[i:i + 2], int(text[i + 2:i + 4])
        out[tag] = text[i + 4:i + 4 + length]
        i += 4 + length
    return out


@dataclass(frozen=True)
class Decoded:
    bank_bin: str
    account: str
    amount: int | None
    note: str
    holder: str
    crc_ok: bool
    dynamic: bool


def parse_payload(payload: str) -> Decoded:
    """Read a VietQR string back (tools.sales.vietqr.build_payload writes it)."""
    if len(payload) < 8 or payload[-8:-4] != "6304":
        raise VietQRError("format", "Mã QR không có mã kiểm tra CRC.")
    crc_ok = crc16(payload[:-4]) == payload[-4:].upper()
    top = _read_tlv(payload[:-8])
    merchant = _read_tlv(top.get("38", ""))
    if merchant.get("00") != NAPAS_GUID:
        raise VietQRError("format", "Đây không phải mã VietQR của NAPAS.")
    beneficiary = _read_tlv(merchant.get("01", ""))
    extra = _read_tlv(top.get("62", ""))
    return Decoded(bank_bin=beneficiary.get("00", ""), account=beneficiary.get("01", ""),
                   amount=int(top["54"]) if "54" in top else None, note=extra.get("08", ""),
                   holder=top.get("59", ""), crc_ok=crc_ok, dynamic=top.get("01") == "12")


def assertion(manifest_dict: dict | None, label: str) -> dict | None:
    """The data of the C2PA assertion `label` in a manifest (tools.video.credentials.read_manifest)."""
    for item in (manifest_dict or {}).get("assertions", []):
        if item.get("label") == label:
            return item.get("data")
    return None


def authenticate(session, username: str, password: str, address: str | None = None):
    """The user for a right login, else None (app.auth.log_in_attempt decides)."""
    return log_in_attempt(session, username, password, address).user


def vi_sorted(items, key=lambda x: x):
    """`items` sorted in Vietnamese order of key(item)."""
    return sorted(items, key=lambda item: vi_key(key(item)))


def prompt_names() -> list[str]:
    from tools.prompts import PROMPTS_DIR
    return sorted(p.stem for p in PROMPTS_DIR.glob("*.yaml"))


# --- AppTest runs of a business user's pages ----------------------------------------------------------

PAGES = Path(__file__).resolve().parent.parent / "app" / "views"


def shop_user(username: str, full_name: str, products: tuple[tuple[str, str], ...] = ()):
    """A business account (CurrentUser) with saved products given as (name, price)."""
    from app.auth import create_user
    from app.db import session_scope
    from app.products import save_product
    from app.ui.session import CurrentUser
    with session_scope() as s:
        u = create_user(s, username, "matkhau123", full_name, "business")
        s.flush()
        for name, price in products:
            save_product(s, u.id, name=name, price=price)
        return CurrentUser.of(u)


def run_page(name: str, user, **state):
    """app/views/<name> run once by `user`, with extra session state."""
    from streamlit.testing.v1 import AppTest

    from app.ui import keys
    at = AppTest.from_file(str(PAGES / name), default_timeout=60)
    at.session_state[keys.USER] = user
    for k, v in state.items():
        at.session_state[k] = v
    return at.run()


def by_label(widgets, label: str, prefix: bool = False):
    """The first widget whose label is `label` (or starts with it)."""
    return next(w for w in widgets if (w.label.startswith(label) if prefix else w.label == label))



def fill_and_press(at, inputs: dict[str, str], button: str) -> None:
    """Type each value into the text box with that label, press `button` and rerun the page."""
    for label, value in inputs.items():
        by_label([*at.text_input, *at.text_area], label).input(value)
    by_label(at.button, button).click()
    at.run()
