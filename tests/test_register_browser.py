"""The register in Debian's chromium (Playwright): a name in a view opens its register page, which lists
every form and the documents by date; the index's name filter hides the documents that do not name it."""
from __future__ import annotations

from pathlib import Path

import pytest

from test_register import OTHER_EXPORT, PSEUDONYM_EXPORT, PROJECT_REGISTER, cli, make_register
from test_views_browser import browser  # noqa: F401  (the module's chromium, shared)

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("project")
    (root / "teiencode.toml").write_text('publisher = "Test edition"\n', encoding="utf-8")
    make_register(root, PROJECT_REGISTER)
    (root / "exports").mkdir()
    (root / "exports" / "a.txt").write_text(PSEUDONYM_EXPORT, encoding="utf-8")
    (root / "exports" / "b.txt").write_text(OTHER_EXPORT, encoding="utf-8")
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(root)
        result = cli("build", "exports", "-o", "out", "-j", "1")
    assert result.exit_code == 0, result.output
    return root / "out"


def test_a_name_opens_its_register_page(browser, built):
    page = browser.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto((built / "a.reading.html").as_uri())
    link = page.locator("a.register-link[data-entry='pers-zhou']").first
    assert link.is_visible()
    link.click()
    page.wait_for_load_state()
    assert page.url.endswith("/register/pers-zhou.html")
    assert page.locator("h1").inner_text() == "Zhou Enlai"
    forms = page.locator("ul").first.inner_text()
    assert "Чжоу Эньлай" in forms and "(ru)" in forms
    rows = page.locator("#documents tr").all_inner_texts()
    assert len(rows) == 2 and rows[1].startswith("1951-03-03")
    page.locator("#documents a").first.click()
    page.wait_for_load_state()
    assert page.url.endswith("/a.reading.html")
    assert not errors
    page.close()


def test_the_index_filters_by_person(browser, built):
    page = browser.new_page()
    page.goto((built / "index.html").as_uri())
    rows = page.locator("table.index tbody tr")
    assert rows.count() == 2 and all(rows.nth(i).is_visible() for i in range(2))
    page.locator("a.filter-person[data-entry='pers-stalin']").click()
    visible = [rows.nth(i).get_attribute("id") for i in range(rows.count()) if rows.nth(i).is_visible()]
    assert visible == ["doc-a"]
    page.locator("a.filter-all").click()
    assert all(rows.nth(i).is_visible() for i in range(2))
    page.screenshot(path=str(built / "index-filter.png"))
    page.close()
