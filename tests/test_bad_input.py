"""Bad rows are reported and the good ones kept (products and rosters, SQLite and PostgreSQL); limits hold."""
import io

import openpyxl
import pytest

from app.trainer.enrolment import RosterError, enrol_file, read_roster
from tests.trainer_data import build_class
from tools.product import CsvError, max_rows, read_products_csv
from tools.tabular import MAX_CELL_CHARS, MAX_FILE_BYTES

HUGE = "x" * 140_000  # over the csv module's 131,072-character field limit


def _products(*rows: str) -> str:
    return "name,category,price,features\n" + "".join(r + "\n" for r in rows)


def test_products_huge_cell_is_one_bad_row():
    result = read_products_csv(_products("Nón lá,Thời trang,50000,bền", f"Áo,Thời trang,90000,{HUGE}",
                                         "Mũ,Thời trang,30000,nhẹ").encode())
    assert [r.product.name for r in result.rows] == ["Nón lá", "Mũ"]
    assert [e.line for e in result.errors] == [3] and f"{MAX_CELL_CHARS:,}".replace(",", ".") in str(result.errors[0])


def test_products_unclosed_quote_is_reported_not_merged():
    text = _products("Nón lá,Thời trang,50000,\"đẹp", "Áo,Thời trang,90000,mát", "Quần,Thời trang,120000,bền",
                     "Giày,Thời trang,300000,\"êm\"", "Mũ,Thời trang,30000,nhẹ")
    result = read_products_csv(text.encode())
    names = [r.product.name for r in result.rows]
    assert names == ["Áo", "Quần", "Giày", "Mũ"]  # the swallowed lines 3-5 read again on their own
    assert [e.line for e in result.errors] == [2] and "3–5" in str(result.errors[0])
    assert len(result.rows) + len(result.errors) == 5  # every product line accounted for


def test_products_extra_cell_and_control_characters():
    result = read_products_csv(_products("Nón\x00 lá\x1b,Thời trang,50000,bền", "Áo,Thời trang,90000,mát,thừa").encode())
    assert [r.product.name for r in result.rows] == ["Nón lá"]
    assert [e.line for e in result.errors] == [3]


def test_product_field_limits():
    from tools.product import MAX_FEATURES, Product, ProductError
    with pytest.raises(ProductError, match="Đặc điểm"):
        Product.from_fields("Nón lá", "Thời trang", "50000", "x" * (MAX_FEATURES + 1))
    with pytest.raises(ProductError, match="Loại sản phẩm"):
        Product.from_fields("Nón lá", "x" * 101, "50000")
    assert Product.from_fields("Nón lá", "Thời trang", "50000", "bền;" * 400).features


def test_products_file_limits():
    with pytest.raises(CsvError, match="MB"):
        read_products_csv(b"name,price\n" + b"a,1\n" * (MAX_FILE_BYTES // 4 + 1))
    with pytest.raises(CsvError, match=str(max_rows())):  # products have their own, configurable row limit
        read_products_csv(_products(*["Nón,x,1000,a"] * (max_rows() + 1)).encode())


ROSTER_HEADER = "Họ và tên,Số điện thoại,Nhóm\n"


def test_roster_bad_rows_reported_good_rows_enrolled(session):
    data = build_class(session)
    session.commit()
    text = ROSTER_HEADER + "".join([
        "Trần Văn Một,0912100001,Tổ 1\n",
        "Trần Văn Hai,0912100002,Tổ 1,ô thừa\n",          # 3: extra cell
        f"Trần Văn Ba,0912100003,{HUGE}\n",                # 4: cell over the limit
        "Trần\x00 Văn\x1b Bốn,0912100004,Tổ 2\n",          # 5: NUL/ESC removed, enrolled
        f"{'Nguyễn ' * 40},0912100005,Tổ 2\n",             # 6: name over 200 characters
        "\"Trần Văn Sáu,0912100006,Tổ 2\n",                # 7: unclosed quote
        "Trần Văn Bảy,0912100007,Tổ 2\n",                  # 8: read again on its own
    ])
    report = enrol_file(session, data["gv"], data["class_a"], text.encode("utf-8"), "ds.csv")
    session.commit()
    status = {r.line: r.status for r in report.rows}
    assert status == {2: "created", 3: "error", 4: "error", 5: "created", 6: "error", 7: "error", 8: "created"}
    assert next(r for r in report.rows if r.line == 5).name == "Trần Văn Bốn"
    assert all(r.message for r in report.errors)


def _workbook(sheets: dict[str, list[list[str]]]) -> bytes:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_every_sheet_is_read_or_named_as_ignored():
    data = _workbook({"Tổ 1": [["Họ và tên", "Số điện thoại"], ["An", "0912200001"]],
                      "Tổ 2": [["Họ và tên", "Email"], ["Bình", "binh@example.vn"], ["Chi", "chi@example.vn"]],
                      "Ghi chú": [["Lớp học buổi tối"]]})
    frame, notes = read_roster(data, "lop.xlsx")
    assert list(frame["name"]) == ["An", "Bình", "Chi"]
    assert any("Ghi chú" in n for n in notes) and any("Tổ 2" in n for n in notes)


def test_roster_size_limit():
    with pytest.raises(RosterError, match="MB"):
        read_roster(ROSTER_HEADER.encode() + b"a,0912000001,x\n" * (MAX_FILE_BYTES // 10), "ds.csv")


def test_video_batch_names_never_collide(tmp_path, monkeypatch):
    from tools.video import VideoResult, batch, product_slug

    def fake_make_video(product, out_dir, options, progress=None, drafter=None, slug=None):
        out_dir.mkdir(parents=True, exist_ok=True)
        mp4 = out_dir / f"{slug}.mp4"
        mp4.write_bytes(b"mp4")
        return VideoResult("done", "", mp4)

    monkeypatch.setattr(batch, "make_video", fake_make_video)
    csv_path = tmp_path / "sp.csv"
    csv_path.write_text(_products("Nón lá,Thời trang,50000,a", "Nón Lá,Thời trang,60000,b", "NÓN LÁ,x,70000,c",
                                  "茶叶,Đồ uống,80000,d", "Чай,Đồ uống,90000,e"), encoding="utf-8")
    lines = []
    code, results = batch.run(csv_path, tmp_path / "out", batch.RenderOptions(), show_progress=False,
                              echo=lines.append)
    files = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert code == 0 and files == sorted(["non-la.mp4", "non-la-2.mp4", "non-la-3.mp4", "茶叶.mp4", "чаи.mp4"])
    assert lines[-1].startswith("Đã tạo 5/5 video")
    assert product_slug("🍵🍵") == "san-pham"
