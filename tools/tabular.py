"""Spreadsheet text (CSV) read row by row with the limits stated, every bad row reported and the others kept.

One reader for every CSV the app takes (products, class rosters):
- limits: `MAX_FILE_BYTES` per file, `MAX_ROWS` data rows, `MAX_CELL_CHARS` per cell (Python's csv module
  would raise at 131,072 characters; here a long cell is one bad row);
- a quote opened and never closed swallows the next rows into one cell: such a row is reported with the
  lines it swallowed, and those lines are read again one by one (nothing merged, nothing lost silently);
- control characters (NUL, ESC, ...) are removed from cells: no database or spreadsheet can hold them;
- a row with more filled cells than the header is a bad row (a comma that should have been quoted).
"""
from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field

from tools.safe_text import ILLEGAL_XLSX

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_ROWS = 2000
MAX_CELL_CHARS = 5000


class TableError(ValueError):
    """The file as a whole cannot be read (message in Vietnamese)."""


@dataclass
class Record:
    line: int                 # first line of the row in the file (the header is usually line 1)
    cells: list[str]
    problem: str = ""         # Vietnamese, empty when the row is fine

    @property
    def ok(self) -> bool:
        return not self.problem


@dataclass
class Table:
    header: list[str]
    header_line: int
    records: list[Record] = field(default_factory=list)


def check_size(raw: bytes) -> None:
    if len(raw) > MAX_FILE_BYTES:
        raise TableError(f"Tệp nặng {len(raw) / 1048576:.1f} MB; mỗi tệp tối đa {MAX_FILE_BYTES // 1048576} MB. "
                         "Hãy chia tệp thành nhiều phần.")


def _clean(cell: str) -> str:
    return ILLEGAL_XLSX.sub("", cell)


def _parse(text: str, delimiter: str, first_line: int = 1):
    """(start line, end line, cells) for each CSV record of `text`."""
    csv.field_size_limit(max(len(text) + 1, 131072))  # cell length is checked below, per row
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    end = first_line - 1
    for cells in reader:
        start, end = end + 1, first_line - 1 + reader.line_num
        yield start, end, cells


def _looks_like_rows(cell: str, delimiter: str, width: int) -> bool:
    """A multi-line cell whose later lines look like whole rows: a quote was opened and never closed."""
    return width > 1 and any(line.count(delimiter) >= width - 1 for line in cell.splitlines()[1:])


def read_table(text: str, delimiter: str, max_rows: int = MAX_ROWS) -> Table:
    """The header (first non-empty row) and every data row, each with its line and problem (if any)."""
    lines = re.split(r"\r\n|\r|\n", text)  # the line breaks the csv module counts (not U+2028 & co.)
    table: Table | None = None
    pending = list(_parse(text, delimiter))
    i = 0
    while i < len(pending):
        start, end, cells = pending[i]
        i += 1
        if cells is not None and not any(c.strip() for c in cells):
            continue
        if table is None and cells is not None:
            table = Table(header=[_clean(c) for c in cells], header_line=start)
            continue
        width = len(table.header)
        if cells is None:
            table.records.append(Record(start, [], "Dòng có dấu ngoặc kép (\") không đóng; hãy sửa rồi tải lên lại."))
            continue
        record = Record(start, [_clean(c) for c in cells])
        if end > start and any(_looks_like_rows(c, delimiter, width) for c in cells):
            record.problem = (f"Dấu ngoặc kép (\") mở ở dòng {start} không được đóng nên các dòng {start + 1}–{end} "
                              "bị dính vào dòng này. Đã đọc lại các dòng đó riêng; hãy sửa dấu ngoặc kép ở dòng này.")
            table.records.append(record)
            again = []
            for n in range(start + 1, end + 1):  # each swallowed line as its own row
                line = lines[n - 1] if n - 1 < len(lines) else ""
                if line.count('"') % 2:
                    again.append((n, n, None))
                else:
                    again.extend(_parse(line, delimiter, n))
            pending[i:i] = again
            continue
        if any(len(c) > MAX_CELL_CHARS for c in cells):
            longest = max(len(c) for c in cells)
            record.problem = f"Có ô dài {longest:,} ký tự; mỗi ô tối đa {MAX_CELL_CHARS:,} ký tự.".replace(",", ".")
            record.cells = [c[:MAX_CELL_CHARS] for c in record.cells]
        elif len(cells) > width and any(c.strip() for c in cells[width:]):
            record.problem = ("Dòng có nhiều ô hơn tiêu đề; nếu một ô có dấu phẩy, hãy đặt cả ô trong ngoặc kép "
                              "hoặc dùng dấu chấm phẩy.")
        table.records.append(record)
    if table is None:
        raise TableError("Tệp không có dòng tiêu đề.")
    if len(table.records) > max_rows:
        raise TableError(f"Tệp có {len(table.records)} dòng dữ liệu; mỗi lần tối đa {max_rows} dòng. "
                         "Hãy chia tệp thành nhiều phần.")
    return table
