from app.navigation import PAGES, PAGES_DIR, allowed, pages_for


def test_every_registered_page_exists():
    # that each page refuses the roles it must is tested by rendering it: tests/test_page_guards.py
    assert all((PAGES_DIR / spec.file).is_file() for spec in PAGES)


def test_each_role_sees_only_its_pages():
    learner = {p.file for p in pages_for("learner")}
    trainer = {p.file for p in pages_for("trainer")}
    business = {p.file for p in pages_for("business")}
    assert "trainer_dashboard.py" not in learner and "admin_users.py" not in trainer
    assert "biz_listings.py" in business and "biz_listings.py" not in learner
    assert {p.file for p in pages_for(None)} == {"home.py", "verify.py"}
    assert not allowed("trainer_dashboard.py", "learner") and allowed("trainer_dashboard.py", "admin")
