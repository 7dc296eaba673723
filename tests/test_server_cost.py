"""Issue 17 item 9: what keeps the server's CPU per request low (bench/bench_load.py measures the seconds)."""
import gc
import shutil
import sys
import tomllib
import types
from pathlib import Path

from streamlit.testing.v1 import AppTest

from app.db import session_scope
from app.ui import heap

ROOT = Path(__file__).resolve().parent.parent


def test_streamlit_does_not_collect_all_garbage_after_every_run():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["runner"]["postScriptGC"] is False
    assert config["server"]["fileWatcherType"] == "none"


def test_one_session_class_per_database(sqlite_url):
    with session_scope(sqlite_url) as first:
        pass
    with session_scope(sqlite_url) as second:
        pass
    assert first is not second and type(first) is type(second)


def test_modules_imported_by_a_run_are_frozen_once(monkeypatch):
    try:
        heap.freeze_loaded_modules()  # whatever earlier tests imported
        frozen_before = gc.get_freeze_count()
        monkeypatch.setitem(sys.modules, "binhdan_probe_module", types.ModuleType("binhdan_probe_module"))
        kept = [[] for _ in range(100)]  # objects alive at the time of the freeze
        heap.freeze_loaded_modules()
        frozen = gc.get_freeze_count()
        assert frozen > frozen_before and kept
        heap.freeze_loaded_modules()  # nothing new imported: no collection, nothing more frozen
        assert gc.get_freeze_count() == frozen
    finally:
        gc.unfreeze()


def _two_runs_of_pages():
    import streamlit as st

    from app.ui.pages import navigation_pages
    first, second = navigation_pages(), navigation_pages()
    st.session_state["same_keys"] = list(first) == list(second)
    st.session_state["shared"] = [name for name in first if first[name] is second[name]]
    st.session_state["files"] = sorted(first)


def test_each_run_gets_its_own_page_objects():
    """Built once per process, copied per run: the "may be called once" flag of a page is never shared
    by two sessions running at the same moment."""
    from app.navigation import PAGES
    at = AppTest.from_function(_two_runs_of_pages).run()
    assert at.session_state["same_keys"] and at.session_state["shared"] == []
    assert at.session_state["files"] == sorted([spec.file for spec in PAGES] + ["login.py"])


def test_the_skills_framework_is_parsed_once_per_content(tmp_path, monkeypatch):
    from app.learning import catalog
    shutil.copy(catalog.COURSES_DIR / "framework_757.yaml", tmp_path / "framework_757.yaml")
    parses = []
    real = catalog.yaml.safe_load
    monkeypatch.setattr(catalog.yaml, "safe_load", lambda text: parses.append(1) or real(text))
    first = catalog.framework_skills(tmp_path)
    assert catalog.framework_skills(tmp_path) == first and catalog.digcomp_skills(tmp_path) is not None
    assert len(parses) == 1  # the course map asks for every module's labels on every run
    path = tmp_path / "framework_757.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(next(iter(first.values()))[0], "Tên mới"),
                    encoding="utf-8")
    assert "Tên mới" in [name for name, _ in catalog.framework_skills(tmp_path).values()] and len(parses) == 2
