"""Content as data: every prompt file and every channel profile loads, validates and is used."""
import pytest

from tools.channels import load_channels
from tools.listing.composer import compose
from tools.product import Product
from tests.helpers import prompt_names
from tools.prompts import load_prompt


@pytest.mark.parametrize("name", prompt_names())
def test_every_prompt_renders(name):
    spec = load_prompt(name)
    values = {v: f"<{v}>" for v in spec.input_variables}
    if spec.kind == "completion":
        text = spec.completion().format(**values)
        assert text.rstrip() == text and all(f"<{v}>" in text for v in values)
    else:
        messages = spec.chat().format_messages(**values)
        assert [m.type for m in messages] == ["system", "human"]
        assert all(f"<{v}>" in messages[1].content for v in values)


def test_channel_profiles_match_the_shared_rules():
    channels = load_channels()
    assert set(channels) == {"shopee", "tiktok", "facebook", "zalo"}
    assert (channels["shopee"].title.min, channels["shopee"].title.max) == (20, 120)
    assert channels["shopee"].hashtags.max == 18 and channels["tiktok"].hashtags.max == 5
    assert channels["zalo"].description.max_chars == 600 and channels["tiktok"].description.min_words == 30
    assert channels["shopee"].marketplace and channels["tiktok"].marketplace and not channels["zalo"].marketplace


@pytest.mark.parametrize("channel", sorted(load_channels()))
def test_every_channel_composes_within_its_limits(channel):
    profile = load_channels()[channel]
    p = Product.from_fields("Trà", "", 20000, "", "")  # the hardest case: almost nothing given
    out = compose(p, [], profile)
    assert len(out.description) <= profile.description.max_chars
    assert out.title.startswith("Trà") and "20.000đ" in out.description
    assert profile.hashtags.min <= len(out.hashtags) <= profile.hashtags.max
