"""argparse's own words in `binhdan` are Vietnamese: usage line, help headings, errors."""
import argparse
import inspect
import re

import pytest

from tools import cli_locale
from app.cli import build_parser


def test_every_translated_key_is_a_message_of_the_installed_argparse():
    """A key that argparse no longer uses would silently leave English behind."""
    source = inspect.getsource(argparse)
    messages, plural = cli_locale.table()
    for key in [*messages, *plural]:
        assert repr(key)[1:-1] in source or key.replace("\n", "\\n") in source, key


def test_help_has_no_english_headings(capsys):
    with pytest.raises(SystemExit) as done:
        build_parser().parse_args(["--help"])
    assert done.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("Cách dùng: binhdan")
    for english in ("usage:", "positional arguments", "options:", "show this help message"):
        assert english not in out


@pytest.mark.parametrize("argv", [["listings"], ["video", "x.csv", "--fps", "7"], ["khong-co-lenh"]])
def test_errors_are_vietnamese_and_exit_2(argv, capsys):
    with pytest.raises(SystemExit) as done:
        build_parser().parse_args(argv)
    assert done.value.code == 2
    err = capsys.readouterr().err
    assert ": lỗi: " in err and "error:" not in err
    assert not re.search(r"\b(required|invalid choice|argument)\b", err)
