"""Listings to JSONL, CSV (UTF-8 with BOM, opens in Excel) or XLSX, as files or bytes for downloads."""
from __future__ import annotations

import io
import json
from pathlib import Path

import pandas as pd

from tools import safe_text
from tools.listing.model import FIELDS, Listing

HEADERS_VI = {"name": "Sản phẩm", "channel": "Kênh", "status": "Trạng thái", "title": "Tiêu đề",
              "description": "Mô tả", "hashtags": "Hashtag", "price_text": "Giá", "warnings": "Lưu ý",
              "backend": "Cách tạo"}
FORMATS = ("jsonl", "csv", "xlsx")


def to_jsonl(listings: list[Listing]) -> str:
    return "".join(json.dumps(item.to_dict(), ensure_ascii=False) + "\n" for item in listings)


def to_frame(listings: list[Listing]) -> pd.DataFrame:
    rows = []
    for item in listings:
        row = item.to_dict()
        row["hashtags"] = " ".join(row["hashtags"])
        row["warnings"] = "\n".join(row["warnings"])
        rows.append(row)
    return pd.DataFrame(rows, columns=list(FIELDS))


def to_csv_bytes(listings: list[Listing]) -> bytes:
    return safe_text.csv_bytes(to_frame(listings))


def to_xlsx_bytes(listings: list[Listing]) -> bytes:
    buf = io.BytesIO()
    frame = safe_text.frame(to_frame(listings).rename(columns=HEADERS_VI))
    with pd.ExcelWriter(buf, engine="openpyxl") as writer:
        frame.to_excel(writer, index=False, sheet_name="Tin đăng")
        sheet = writer.sheets["Tin đăng"]
        for col, width in zip("ABCDEFGHI", (28, 10, 10, 45, 80, 40, 12, 60, 10)):
            sheet.column_dimensions[col].width = width
    return buf.getvalue()


def format_for(path: str | Path) -> str:
    suffix = Path(path).suffix.lower().lstrip(".")
    if suffix not in FORMATS:
        raise ValueError(f"Không hỗ trợ định dạng “.{suffix}”. Hãy dùng .jsonl, .csv hoặc .xlsx.")
    return suffix


def write_listings(listings: list[Listing], path: str | Path) -> Path:
    path = Path(path)
    fmt = format_for(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "jsonl":
        path.write_text(to_jsonl(listings), encoding="utf-8")
    elif fmt == "csv":
        path.write_bytes(to_csv_bytes(listings))
    else:
        path.write_bytes(to_xlsx_bytes(listings))
    return path
