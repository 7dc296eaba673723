from app.navigation import PAGES, PAGES_DIR, allowed, pages_for


def test_every_registered_page_exists_and_guards_itself():
    for spec in PAGES:
        source = (PAGES_DIR / spec.file).read_text(encoding="utf-8")
        assert "guard(__file__)" in source, f"{spec.file} must check the role on the server"


def test_each_role_sees_only_its_pages():
    learner = {p.file for p in pages_for("learner")}
    trainer = {p.file for p in pages_for("trainer")}
    business = {p.file for p in pages_for("business")}
    assert "trainer_dashboard.py" not in learner and "admin_users.py" not in trainer
    assert "biz_listings.py" in business and "biz_listings.py" not in learner
    assert {p.file for p in pages_for(None)} == {"home.py", "verify.py"}
    assert not allowed("trainer_dashboard.py", "learner") and allowed("trainer_dashboard.py", "admin")
