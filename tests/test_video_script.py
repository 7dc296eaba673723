"""The video script: lawful lines only, the seller's exact price, mandated notices, model drafts checked."""
import pytest

from tools.compliance import find_violations
from tools.product import Product
from tools.video.script import ProductBlocked, reading_seconds, write_script
from tools.video.timeline import MAX_TOTAL_S, MIN_TOTAL_S, build_timeline, caption_chunks


def _product(**kw):
    base = dict(name="Nước mắm cá cơm Mỹ Hào", category="Thực phẩm", price="45.000đ",
                features="Ủ chượp 12 tháng; đóng chai thủy tinh 500ml")
    return Product.from_fields(**{**base, **kw})


def _lines(script):
    return [t for s in script.scenes if s.kind != "notice" for t in [s.heading, *s.narration]]


def test_scenes_price_and_features_come_from_the_seller():
    script = write_script(_product())
    assert [s.kind for s in script.scenes] == ["hook", "feature", "feature", "price", "cta"]
    price = next(s for s in script.scenes if s.kind == "price")
    assert price.heading == "45.000đ" and "45.000đ" in price.narration[0]
    assert [s.heading for s in script.scenes if s.kind == "feature"] == ["Ủ chượp 12 tháng", "Đóng chai thủy tinh 500ml"]
    assert not any(find_violations(t, _product()) for t in _lines(script))


def test_banned_features_are_dropped_with_a_reason():
    script = write_script(_product(features="Ủ chượp 12 tháng; chữa bệnh dạ dày; ngon nhất vùng"))
    text = " ".join(_lines(script))
    assert "chữa bệnh" not in text and "nhất" not in text
    assert len(script.warnings) == 2 and "chữa bệnh" in script.warnings[0]


def test_blocked_products_are_refused_with_the_law():
    with pytest.raises(ProductBlocked, match="15 độ"):
        write_script(_product(name="Rượu nếp cái hoa vàng 29 độ", category="Đồ uống"))
    with pytest.raises(ProductBlocked, match="thuốc lá"):
        write_script(_product(name="Thuốc lá điện tử vị bạc hà", category="Thuốc lá"))


def test_supplement_notice_is_read_aloud_and_held_long_enough():
    p = _product(name="Viên uống Canxi Plus", category="Thực phẩm bảo vệ sức khỏe", features="Hộp 60 viên")
    script = write_script(p)
    notice = next(s for s in script.scenes if s.kind == "notice")
    must = "Thực phẩm này không phải là thuốc và không có tác dụng thay thế thuốc chữa bệnh"
    assert must in notice.heading and any(must in line for line in notice.narration)
    assert "Thực phẩm bảo vệ sức khỏe" in notice.heading
    assert notice.min_seconds >= len(notice.heading) / 14


def test_complementary_food_opens_with_breast_milk_statement():
    p = _product(name="Bột ăn dặm gạo lứt cho bé", category="Ăn dặm", features="Gói 200g",
                 audience="trẻ từ 6 tháng tuổi")
    script = write_script(p)
    assert script.scenes[0].kind == "notice" and script.scenes[0].heading.startswith("Sữa mẹ là thức ăn tốt nhất")
    assert any("thức ăn bổ sung" in s.heading for s in script.scenes[1:] if s.kind == "notice")


def test_beer_carries_the_age_notice():
    script = write_script(_product(name="Bia thủ công 5 độ", category="Đồ uống", features="Chai 330ml"))
    from tests.listing_oracle import ALCOHOL_WARNINGS
    notices = [s for s in script.scenes if s.kind == "notice"]
    assert sum(w in s.heading for s in notices for w in ALCOHOL_WARNINGS) == 1   # Nghị định 24/2020 Điều 5 khoản 3
    warning = next(s for s in notices if any(w in s.heading for w in ALCOHOL_WARNINGS))
    assert warning.min_frame_fraction >= 0.10 and warning.contrast                 # >= 10 % of the frame
    assert any(w in line for line in warning.narration for w in ALCOHOL_WARNINGS)  # read aloud


def test_model_hook_with_invented_claims_is_replaced():
    invented = lambda product, features: "Nước mắm đạt chuẩn OCOP, giảm giá 50% hôm nay"  # noqa: E731
    script = write_script(_product(), drafter=invented)
    assert all(s.source == "rules" for s in script.scenes)
    assert "OCOP" not in " ".join(_lines(script))


def test_model_hook_with_words_the_seller_did_not_say_is_replaced():
    tasty = lambda product, features: "Nước mắm cá cơm thơm ngon, đậm vị cho bữa cơm gia đình."  # noqa: E731
    script = write_script(_product(), drafter=tasty)
    assert script.scenes[0].source == "rules" and "ngon" not in script.scenes[0].narration[0]


def test_faithful_model_hook_is_used_and_sees_only_printable_features():
    seen = []

    def drafter(product, features):
        seen.append(features)
        return "Mời cả nhà dùng thử nước mắm cá cơm Mỹ Hào ủ chượp 12 tháng."
    script = write_script(_product(features="Ủ chượp 12 tháng; chữa bệnh dạ dày"), drafter=drafter)
    assert seen == [["Ủ chượp 12 tháng"]]
    assert script.scenes[0].source == "model"
    assert script.scenes[0].narration == ["Mời cả nhà dùng thử nước mắm cá cơm Mỹ Hào ủ chượp 12 tháng."]


def test_failing_model_falls_back():
    def broken(product, features):
        raise RuntimeError("model crashed")
    script = write_script(_product(), drafter=broken)
    assert script.scenes[0].narration and script.scenes[0].source == "rules"


def test_cta_uses_link_phone_or_channel():
    assert "Quét mã" in write_script(_product(), link="https://zalo.me/1").scenes[-1].narration[0]
    assert "0912 345 678" in write_script(_product(), contact="Cô Lan 0912 345 678").scenes[-1].narration[0]
    assert "Zalo" in write_script(_product(channel="zalo")).scenes[-1].narration[0]


def test_many_features_stay_within_45_seconds():
    feats = "; ".join(f"Đặc điểm số {i} của sản phẩm rất dễ dùng trong gia đình" for i in range(1, 10))
    script = write_script(_product(features=feats))
    assert sum(s.kind == "feature" for s in script.scenes) == 4 and script.warnings
    seconds = [len(line) / 12 for line in script.narration]    # slow speech, about 12 characters a second
    timeline = build_timeline(script, seconds)
    assert MIN_TOTAL_S <= timeline.duration <= MAX_TOTAL_S


def test_short_scripts_are_stretched_to_15_seconds_and_cues_fit_scenes():
    script = write_script(_product(features=""))
    timeline = build_timeline(script, [1.0] * len(script.narration))
    assert timeline.duration == pytest.approx(MIN_TOTAL_S)
    for cue in timeline.cues:
        span = next(s for s in timeline.scenes if s.start <= cue.start < s.end)
        assert cue.end <= span.end


def test_caption_chunks_never_split_words():
    sentence = "Thực phẩm này không phải là thuốc và không có tác dụng thay thế thuốc chữa bệnh."
    chunks = caption_chunks(sentence, 30)
    assert all(len(c) <= 30 for c in chunks)
    assert " ".join(chunks).split() == sentence.split()
    assert reading_seconds(sentence) >= len(sentence) / 14


def test_slow_model_is_not_waited_for(monkeypatch):
    import time

    from tools.video import drafting

    class Slow:
        def write(self, product, features, accept=None):
            time.sleep(5)
    monkeypatch.setattr("tools.providers.get_writer", lambda backend: Slow())
    drafter = drafting.default_drafter("embedded", deadline_s=0.3)
    start = time.monotonic()
    script = write_script(_product(), drafter=drafter)
    assert time.monotonic() - start < 2 and script.scenes[0].source == "rules"


def test_rules_backend_uses_no_model():
    from tools.video.drafting import default_drafter
    assert default_drafter("rules") is None


def test_no_short_cue_unless_the_sentence_is_short_and_no_split_word():
    from tools.video.captions import _two_lines
    from tools.video.script_model import Scene, VideoScript
    from tools.video.timeline import MIN_CUE_S, build_timeline
    long = ("Cá cơm tươi ủ chượp với muối biển trong thùng gỗ suốt mười hai tháng, "
            "cho nước mắm gia truyền sáu tháng tuổi.")
    script = VideoScript("x", 1, "1đ", [Scene("feature", "x", [long]), Scene("price", "1đ", ["Giá."])])
    timeline = build_timeline(script, [4.2, 0.6])
    first = [c for c in timeline.cues if c.end <= timeline.scenes[0].end]
    assert len(first) >= 2 and all(c.end - c.start >= MIN_CUE_S - 1e-6 for c in first)
    assert all(not c.text.endswith("gia") and not c.text.startswith("truyền") for c in first)
    short = [c for c in timeline.cues if c.text == "Giá."]
    assert short and short[0].end - short[0].start < MIN_CUE_S           # the sentence itself is short
    assert "gia\ntruyền" not in _two_lines("Nước mắm cá cơm Mỹ Hào là nước mắm gia truyền của làng")


def test_left_out_features_are_named_truly():
    product = Product.from_fields(name="Nước mắm", category="Thực phẩm", price="45000",
                                  features="Một; Hai; Ba; Bốn; Năm ý; Sáu ý")
    script = write_script(product)
    note = [w for w in script.warnings if "đặc điểm" in w]
    assert note and "Năm ý" in note[0] and "Sáu ý" in note[0] and "45 giây" not in note[0]


@pytest.mark.parametrize("name, inner", [("Cà phê Đắk Lắk", "cà phê Đắk Lắk"),
                                         ("Nước mắm cá cơm Mỹ Hào", "nước mắm cá cơm Mỹ Hào"),
                                         ("Vinamilk", "Vinamilk"), ("Trà Shan tuyết", "Trà Shan tuyết"),
                                         ("OCOP trà xanh", "OCOP trà xanh")])
def test_hook_keeps_the_name_lowercase_inside_a_sentence(name, inner):
    from tools.video.script import hook_lines, in_sentence
    assert in_sentence(name) == inner
    product = Product.from_fields(name=name, category="Thực phẩm", price="50000", features="thơm")
    line = hook_lines(product, name)[0]
    assert line[0].isupper() and (line.startswith(name) or inner in line)


def test_feature_heading_on_screen_does_not_repeat_the_caption():
    from tools.video.cards import feature_label, feature_title
    assert feature_title("Nước mắm màu cánh gián, mùi thơm nhẹ, vị mặn dịu") == "Nước mắm màu cánh gián"
    assert feature_title("Cá cơm tươi ủ chượp với muối biển 12 tháng") is None
    assert feature_label(2, 4).endswith("2/4")
