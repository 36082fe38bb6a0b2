"""The views in Debian's chromium (Playwright): clean loads, aligned rows, visible marginalia, notes there and back.

One browser per module. Screenshots go to test-artifacts/views/; with TEIENCODE_SCREENSHOTS=1 the seed's
views are also saved as the README's docs/screenshots/<view>.png.
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from lxml import etree

from conftest import FIXTURES, ROOT, SEED
from test_views_common import LETTER, SAMPLE
from teiencode import render

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--no-first-run", "--disable-dev-shm-usage"]
ARTIFACTS = ROOT / "test-artifacts" / "views"
README_SHOTS = ROOT / "docs" / "screenshots"
TEI = "{http://www.tei-c.org/ns/1.0}"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

# documents: built by the converter (seed, a fixture without an original) and hand-made ones
CONVERTED = {"seed": SEED, "no-original": FIXTURES / "no_original.txt"}
HAND_MADE = {"sample": SAMPLE, "letter": LETTER}
DOCS = [*CONVERTED, *HAND_MADE]
WITH_ORIGINAL = ["seed", "sample"]
WITH_MARGINALIA = ["seed", "sample", "letter"]


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> dict[str, Path]:
    """An output folder as teiencode build leaves it: <id>.tei.xml, the three views beside it, index.html."""
    out = tmp_path_factory.mktemp("site")
    built: dict[str, Path] = {}
    for name, tei in HAND_MADE.items():
        built[name] = Path(shutil.copy(tei, out / f"{name}.tei.xml"))
    try:
        from teiencode.config import Config
        from teiencode.batch import build_many
    except ImportError as exc:
        print(f"converter not importable ({exc}): only the hand-made documents are tested")
    else:
        names = list(CONVERTED)
        outcome = build_many([CONVERTED[n] for n in names], out, Config(), jobs=1)
        for name, result in zip(names, outcome.results):
            assert not result.failed, "\n".join(map(str, result.diagnostics))
            built[name] = Path(result.output)
    for tei in built.values():
        render.render_all(tei, index_href="index.html")
    render.render_index(list(built.values()), out / "index.html")
    return built


def tei_of(site, doc: str) -> Path:
    if doc not in site:
        pytest.skip(f"{doc}: the converter is not importable, so its TEI could not be built")
    return site[doc]


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing (.ci/run installs Debian's chromium): browser tests not run")
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    with sync_api.sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        yield instance
        instance.close()


class Visit:
    """A page opened offline, with every console message, page error and request it caused."""

    def __init__(self, browser, path: Path, width: int = 1280, height: int = 900):
        self.context = browser.new_context(viewport={"width": width, "height": height}, offline=True)
        self.page = self.context.new_page()
        self.console: list[str] = []
        self.requests: list[str] = []
        self.page.on("console", lambda m: self.console.append(f"{m.type}: {m.text}"))
        self.page.on("pageerror", lambda e: self.console.append(f"pageerror: {e}"))
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.url = path.resolve().as_uri()
        self.page.goto(self.url, wait_until="load")

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def visit(browser):
    opened: list[Visit] = []

    def open_page(path: Path, **size) -> Visit:
        opened.append(Visit(browser, path, **size))
        return opened[-1]

    yield open_page
    for v in opened:
        v.close()


def view_path(tei: Path, view: str) -> Path:
    return tei.with_name(tei.name.replace(".tei.xml", f".{view}.html"))


# ---------------------------------------------------------------------------

@pytest.mark.parametrize("view", render.VIEWS)
@pytest.mark.parametrize("doc", DOCS)
def test_page_loads_offline_without_errors(site, visit, doc, view):
    page = visit(view_path(tei_of(site, doc), view))
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.page.screenshot(path=str(ARTIFACTS / f"{doc}.{view}.png"), full_page=True)
    assert page.console == [], page.console
    assert page.requests == [page.url], f"requests besides the page itself: {page.requests}"
    if doc == "seed" and os.environ.get("TEIENCODE_SCREENSHOTS"):
        README_SHOTS.mkdir(parents=True, exist_ok=True)
        page.page.set_viewport_size({"width": 1024, "height": 560})  # small PNGs for the README
        if view == "parallel":  # show aligned rows, not the translation's heading lines
            page.page.evaluate("window.scrollTo(0, document.querySelector('.row.aligned')"
                               ".getBoundingClientRect().top + window.scrollY - 70)")
        page.page.screenshot(path=str(README_SHOTS / f"{view}.png"))  # one screenful
        assert (README_SHOTS / f"{view}.png").stat().st_size < 200_000


def test_index_loads_and_links_exist(site, visit):
    page = visit(next(iter(site.values())).with_name("index.html"))
    assert page.console == [] and page.requests == [page.url]
    hrefs = page.page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)")
    # title, diplomatic, reading, TEI, and parallel where there is an original beside a translation
    both = sum(1 for tei in site.values() if {"original", "translation"} <= set(
        etree.parse(str(tei)).xpath("//*[local-name()='body']/*[local-name()='div']/@type")))
    assert len(hrefs) == 4 * len(site) + both
    for href in hrefs:
        assert href.startswith("file://") and Path(href[len("file://"):]).is_file(), href


def alignment_pairs(tei: Path) -> list[tuple[str, str]]:
    """(translation id, original id) pairs from the TEI's links and @corresp: what must share a row."""
    tree = etree.parse(str(tei))
    side = {el.get(XML_ID): el.xpath("ancestor-or-self::*[local-name()='div'][parent::*[local-name()='body']]/@type")[0]
            for el in tree.iter() if el.get(XML_ID) and el.xpath("ancestor::*[local-name()='body']")}
    pairs = set()
    for el in tree.iter():
        ends = [t.lstrip("#") for t in (el.get("target", "") if el.tag == f"{TEI}link" else "").split()]
        if el.get("corresp") and el.get(XML_ID):
            ends = [el.get(XML_ID)] + [t.lstrip("#") for t in el.get("corresp").split()]
        trans = [e for e in ends if side.get(e) == "translation"]
        orig = [e for e in ends if side.get(e) == "original"]
        pairs.update((t, o) for t in trans for o in orig)
    return sorted(pairs)


GEOMETRY = """([t, o]) => {
  const a = document.getElementById(t), b = document.getElementById(o);
  if (!a || !b) return null;
  const row = a.closest('.row'), box = e => { const r = e.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; };
  return {same: row !== null && row === b.closest('.row'), t: box(a), o: box(b), row: box(row),
          cells: [...row.querySelectorAll(':scope > .cell')].map(box)};
}"""


@pytest.mark.parametrize("doc", WITH_ORIGINAL)
def test_parallel_rows_hold_a_unit_beside_its_original(site, visit, doc):
    """For every link: one row holds both units, the original on the left, the two columns side by side."""
    tei = tei_of(site, doc)
    pairs = alignment_pairs(tei)
    assert pairs, f"{tei.name} has an original but no alignment links (@corresp or standOff/linkGrp)"
    page = visit(view_path(tei, "parallel"))
    for t, o in pairs:
        box = page.page.evaluate(GEOMETRY, [t, o])
        assert box is not None, f"{t} or {o} is not on the page"
        assert box["same"], f"{t} and its original {o} are in different rows"
        (tl, tt, _, tb), (_, ot, o_r, ob), (_, top, _, bottom) = box["t"], box["o"], box["row"]
        assert o_r <= tl, f"{o} is not left of {t}: {box}"
        assert top - 1 <= min(tt, ot) and max(tb, ob) <= bottom + 1, f"{t} or {o} spills out of its row: {box}"
        (orig_cell, trans_cell) = box["cells"]
        assert abs(orig_cell[1] - trans_cell[1]) < 1 and orig_cell[2] <= trans_cell[0], f"cells not side by side: {box}"


@pytest.mark.parametrize("doc", ["no-original", "letter"])
def test_parallel_without_original_is_the_translation_alone(site, visit, doc):
    page = visit(view_path(tei_of(site, doc), "parallel"))
    counts = page.page.eval_on_selector_all(".row", "rows => rows.map(r => r.querySelectorAll(':scope > .cell').length)")
    assert counts and set(counts) == {1}
    width = page.page.evaluate("document.querySelector('.cell.translation').getBoundingClientRect().width")
    assert width > 600, "the translation alone should take the whole width"


MARGIN = """() => [...document.querySelectorAll('.in-margin')].map(el => {
  const r = el.getBoundingClientRect(), sheet = el.closest('.sheet'), s = sheet.getBoundingClientRect();
  const css = getComputedStyle(sheet);
  return {id: el.id || el.textContent.slice(0, 30), w: r.width, h: r.height, left: r.left, right: r.right,
          inner: [s.left + parseFloat(css.paddingLeft), s.right - parseFloat(css.paddingRight)],
          visible: getComputedStyle(el).visibility === 'visible' && getComputedStyle(el).display !== 'none'};
})"""


@pytest.mark.parametrize("doc", WITH_MARGINALIA)
def test_marginal_additions_stand_in_the_margin(site, visit, doc):
    page = visit(view_path(tei_of(site, doc), "diplomatic"))
    boxes = page.page.evaluate(MARGIN)
    assert boxes, "no marginal addition or note on the page"
    width = page.page.evaluate("window.innerWidth")
    for box in boxes:
        assert box["visible"] and box["w"] > 20 and box["h"] > 5, box
        assert 0 <= box["left"] and box["right"] <= width, f"off the page: {box}"
        left, right = box["inner"]
        assert box["left"] >= right - 1 or box["right"] <= left + 1, f"not in the margin: {box}"


def test_marginalia_fall_into_the_column_on_a_narrow_screen(site, visit):
    page = visit(view_path(site["sample"], "diplomatic"), width=420, height=800)
    for box in page.page.evaluate(MARGIN):
        assert 0 <= box["left"] and box["right"] <= 420, box


@pytest.mark.parametrize("doc", WITH_MARGINALIA)
def test_every_note_link_reaches_its_note_and_back(site, visit, doc):
    page = visit(view_path(tei_of(site, doc), "reading"), height=700)
    p = page.page
    refs = p.eval_on_selector_all("sup.noteref a", "els => els.map(e => e.id)")
    assert refs, "no numbered notes"
    in_view = "id => { const r = document.getElementById(id).getBoundingClientRect();" \
              " return r.height > 0 && r.bottom > 0 && r.top < window.innerHeight; }"
    for ref in refs:
        p.click(f"[id='{ref}']")
        target = p.evaluate("location.hash").lstrip("#")
        assert target.startswith("note-") and p.evaluate(in_view, target), f"{ref} did not reach its note"
        p.click(f"[id='{target}'] a.backlink")
        assert p.evaluate("location.hash") == f"#{ref}" and p.evaluate(in_view, ref), f"no way back to {ref}"
    assert page.console == []


LANGS = "ids => ids.map(id => { const el = document.getElementById(id); return el && el.closest('[lang]').lang; })"


@pytest.mark.parametrize("view", render.VIEWS)
@pytest.mark.parametrize("doc", DOCS)
def test_every_unit_says_its_language(site, visit, doc, view):
    """Each unit on the page sits in a block whose lang is its TEI division's xml:lang."""
    tei = tei_of(site, doc)
    tree = etree.parse(str(tei))
    units = {el.get(XML_ID): el.xpath("ancestor-or-self::*[@xml:lang][1]/@xml:lang")[0]
             for el in tree.iter() if el.get(XML_ID) and el.xpath("ancestor::*[local-name()='body']")}
    page = visit(view_path(tei, view))
    shown = dict(zip(units, page.page.evaluate(LANGS, list(units))))
    found = {i: lang for i, lang in shown.items() if lang is not None}
    assert found, "no unit of the TEI is on the page"
    assert found == {i: units[i] for i in found}
    divisions = {d.get(XML_LANG) for d in tree.iter(f"{TEI}div") if d.get("type") in ("original", "translation")}
    assert set(found.values()) == (divisions if view != "reading" or "en" not in divisions else {"en"})


def test_print_hides_navigation_and_keeps_text(site, visit):
    page = visit(view_path(site["sample"], "diplomatic"))
    page.page.emulate_media(media="print")
    assert not page.page.is_visible("nav.views") and page.page.is_visible("#t\\.2")
    pdf = page.page.pdf()
    assert pdf.startswith(b"%PDF") and len(pdf) > 1000
