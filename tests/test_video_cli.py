"""`binhdan video`: one MP4/SRT/JPG/JSON per product, blocked products explained, exit 0 on a readable CSV."""
import json

from PIL import Image

from tests.video_check import probe
from tools.cli import main

CSV = """name,category,price,features,audience,channel
Nước mắm cá cơm Mỹ Hào,Thực phẩm,45.000đ,Ủ chượp 12 tháng; đóng chai 500ml,Gia đình,zalo
Rượu nếp cái hoa vàng 29 độ,Đồ uống,120000,Chai 500ml,,
Gạo thơm,Lương thực,,Túi 5kg,,
"""


def test_cli_renders_the_chosen_product(tmp_path, capsys):
    src = tmp_path / "sp.csv"
    src.write_text(CSV, encoding="utf-8")
    photos = tmp_path / "anh" / "nuoc-mam-ca-com-my-hao"
    photos.mkdir(parents=True)
    Image.new("RGB", (400, 300), (200, 100, 50)).save(photos / "1.jpg")
    code = main(["video", str(src), "--out", str(tmp_path / "out"), "--only", "nuoc mam", "--format", "1:1",
                 "--template", "dan-da", "--photos", str(tmp_path / "anh"), "--backend", "rules"])
    out = capsys.readouterr()
    assert code == 0
    assert "Dòng 4" in out.out and "Thiếu giá" in out.out          # the bad row is reported, not fatal
    assert "Rượu" not in out.out                                    # --only skipped it
    files = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert files == [f"nuoc-mam-ca-com-my-hao.{e}" for e in ("jpg", "json", "mp4", "srt")]
    info = probe(tmp_path / "out" / "nuoc-mam-ca-com-my-hao.mp4")
    assert (info.width, info.height) == (720, 720) and info.audio_codec == "aac"
    assert json.loads((tmp_path / "out" / "nuoc-mam-ca-com-my-hao.json").read_text(encoding="utf-8"))["template"] == "dan-da"
    assert "100%" in out.err                                        # the progress bar ran


def test_cli_explains_blocked_products_and_bad_input(tmp_path, capsys):
    src = tmp_path / "sp.csv"
    src.write_text(CSV, encoding="utf-8")
    assert main(["video", str(src), "--out", str(tmp_path / "o"), "--only", "rượu", "--backend", "rules"]) == 0
    assert "Pháp luật cấm quảng cáo rượu" in capsys.readouterr().out
    assert main(["video", str(tmp_path / "khong-co.csv"), "--out", str(tmp_path / "o")]) == 2
    assert "Không mở được tệp" in capsys.readouterr().out
    assert main(["video", str(src), "--out", str(tmp_path / "o"), "--template", "xyz"]) == 2
    assert "Không có mẫu video" in capsys.readouterr().err
    assert main(["video", str(src), "--out", str(tmp_path / "o"), "--voice", "robot"]) == 2
