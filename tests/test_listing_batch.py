"""Batches a seller can live with: the row limit (and how to raise it), rows per second and time left,
stopping keeps what is done."""
import pytest

import tools.listing as listing
from tools.listing import iter_rows, progress_text, run_listings_file, run_rows
from tools.product import CsvError, max_rows, read_products_csv


def csv_of(n: int) -> bytes:
    return ("name,price,features\n" + "".join(f"Bánh số {i},{10000 + i},hộp 200g\n" for i in range(n))).encode()


def test_row_limit_and_how_to_raise_it(monkeypatch):
    assert max_rows() == 5000
    assert len(read_products_csv(csv_of(5000)).rows) == 5000
    with pytest.raises(CsvError) as err:
        read_products_csv(csv_of(5001))
    assert "BINHDAN_MAX_CSV_ROWS" in str(err.value)
    monkeypatch.setenv("BINHDAN_MAX_CSV_ROWS", "6000")
    assert len(read_products_csv(csv_of(5001)).rows) == 5001


def test_progress_text_gives_rate_and_time_left():
    text = progress_text(120, 5000, 3.0)
    assert "120/5.000" in text and "40,0 sản phẩm/giây" in text and "2 phút" in text
    assert "giây" not in progress_text(0, 10, 0.0)


def test_iter_rows_yields_one_row_at_a_time():
    rows = read_products_csv(csv_of(3)).rows
    seen = []
    for row, made, error in iter_rows(rows, ["shopee"], None):
        seen.append((row.line, len(made), error))
        if len(seen) == 2:
            break   # a page that is stopped keeps what it has
    assert seen == [(2, 1, None), (3, 1, None)]


def test_ctrl_c_keeps_and_writes_what_is_done(tmp_path, monkeypatch):
    calls = {"n": 0}
    real = listing.make_listings

    def flaky(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 3:
            raise KeyboardInterrupt
        return real(*args, **kwargs)

    monkeypatch.setattr(listing, "make_listings", flaky)
    src = tmp_path / "sp.csv"
    src.write_bytes(csv_of(5))
    result = run_listings_file(src, tmp_path / "out.jsonl", "shopee")
    assert result.cancelled and len(result.groups) == 2
    assert len((tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()) == 2
    assert not run_rows(read_products_csv(csv_of(1)).rows, ["shopee"], None).cancelled
