"""User text made harmless where it is shown or exported: one helper per destination.

- `cell(value)` for every exported table cell (CSV, XLSX, PDF tables, xAPI): text that a spreadsheet would read
  as a formula (leading =, +, -, @, tab or CR) gets a leading apostrophe, as the OWASP "CSV injection" guidance
  asks, and control characters that XLSX cannot store (NUL, ESC, ...) are removed instead of crashing openpyxl.
- `md(text)` for text that reaches Markdown (st.markdown, st.success, st.error, ...): every Markdown and HTML
  special character is escaped, so a name like `[bấm vào đây](http://…)` or `<img src=…>` shows as typed.
"""
from __future__ import annotations

import re
from typing import Any

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# The characters XML 1.0 (and so XLSX) cannot hold; the same set openpyxl rejects with IllegalCharacterError.
ILLEGAL_XLSX = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
# CommonMark: any ASCII punctuation may be backslash-escaped.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-!|<>~$&\"'=^])")
# Streamlit's :red[…] / :material/icon: directives ignore backslash escapes; a character reference does not.
_MD_ENTITIES = {":": "&#58;", ".": "&#46;", "@": "&#64;"}
# GFM autolinks (http://…, www.…, a@b.c) are found in the decoded text in the browser: an invisible word joiner
# (U+2060) after the scheme, before the dot of www. and after @ keeps them plain text.
_AUTOLINK = re.compile(r"(?i)(?<=[a-z0-9]:)(?=//)|(?<=www)(?=\.)|(?<=@)")
WORD_JOINER = "\u2060"


def cell(value: Any) -> Any:
    """One exported cell: text neutralised for spreadsheets; numbers, dates, None and booleans as they are."""
    if not isinstance(value, str):
        return value
    value = ILLEGAL_XLSX.sub("", value)
    if value.startswith(FORMULA_START):
        return "'" + value
    return value


def frame(table):
    """A copy of a pandas DataFrame with `cell` applied to every text cell and to the column headings."""
    out = table.copy()
    for col in out.columns:
        if out[col].dtype == object or str(out[col].dtype) in ("string", "str"):
            out[col] = out[col].map(cell)
    out.columns = [cell(c) for c in out.columns]
    return out


def deep(value: Any) -> Any:
    """`cell` applied to every string inside nested dicts and lists (JSON exports such as xAPI)."""
    if isinstance(value, dict):
        return {k: deep(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [deep(v) for v in value]
    return cell(value)


def csv_bytes(table) -> bytes:
    """A DataFrame as CSV in UTF-8 with BOM (Excel shows the accents), every cell neutralised."""
    # CRLF rows (RFC 4180): the csv module then quotes any field holding a CR or LF, so Excel keeps it one cell
    return frame(table).to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")


def md(text: Any) -> str:
    """User text for a Markdown destination: shows exactly as typed (no link, image, HTML, heading, colour)."""
    text = "" if text is None else str(text)
    text = ILLEGAL_XLSX.sub("", text)
    text = _AUTOLINK.sub(WORD_JOINER, text)
    text = _MD_SPECIAL.sub(r"\\\1", text)
    text = re.sub(r"[:.@]", lambda m: _MD_ENTITIES[m.group()], text)
    # a line break inside a name would start a new Markdown block (a list, a quote, a heading)
    return text.replace("\r", " ").replace("\n", " ")
