"""The converter: golden seed TEI, every editorial mark of the seed, nothing lost, fixture header facts."""
from __future__ import annotations

import difflib
import re
import unicodedata
from pathlib import Path

import pytest
from lxml import etree

from conftest import FIXTURES, ROOT, SEED, TEI_NS, all_exports
from teiencode.config import Config
from teiencode.pipeline import convert
from teiencode.tei import serialize

GOLDEN = ROOT / "tests" / "golden" / "seed" / "expected.tei.xml"


def tei_bytes(path: Path) -> bytes:
    _, tree, _ = convert(path, Config(register=str(ROOT / "register.xml")))  # the names link to the register
    return serialize(tree)


@pytest.fixture(scope="module")
def seed_tree():
    return etree.fromstring(tei_bytes(SEED))


def xp(tree, path: str):
    return tree.xpath(path, namespaces=TEI_NS)


def test_golden_seed(regen):
    actual = tei_bytes(SEED)
    if regen or not GOLDEN.exists():
        GOLDEN.parent.mkdir(parents=True, exist_ok=True)
        GOLDEN.write_bytes(actual)
    expected = GOLDEN.read_bytes()
    if actual != expected:
        diff = "".join(difflib.unified_diff(expected.decode().splitlines(True), actual.decode().splitlines(True),
                                            "expected.tei.xml", "actual"))
        pytest.fail("seed TEI differs from the golden file (run pytest --regen to accept):\n" + diff[:6000])


def test_builds_are_deterministic():
    assert tei_bytes(SEED) == tei_bytes(SEED)


@pytest.mark.parametrize("path", all_exports()[:12], ids=lambda p: p.name)
def test_serialized_tree_is_what_its_bytes_hold(path):
    # a build validates and renders the tree it serialized, without parsing the bytes back
    _, tree, _ = convert(path, Config())
    data = serialize(tree)
    assert etree.tostring(tree, method="c14n") == etree.tostring(etree.fromstring(data).getroottree(), method="c14n")


# Each mark the brief lists for the seed, found as the element the brief names.
SEED_MARKS = [
    ("handwritten addition with hand", "//t:div[@type='translation']//t:add[@hand='#hand-1'][contains(., '30 May 1950')]"),
    ("addition placed bottom left", "//t:add[@place='bottom left'][contains(., 'approval')]"),
    ("translator's note", "//t:note[@type='translator'][@resp='#translator'][contains(., 'circled')]"),
    ("marginal note", "//t:note[@type='annotation'][@place='margin'][@hand][contains(., 'Technical')]"),
    ("uncertain reading", "//t:unclear[.='estimate']"),
    ("uncertain signature", "//t:unclear[.='Vyshinsky']"),
    ("sic", "//t:sic[.='yan.']"),
    ("gap off the page", "//t:gap[@reason='offPage'][@quantity='1'][@unit='word']"),
    ("omission", "//t:gap[@reason='omitted']"),
    ("original term", "//t:foreign[@xml:lang='ru-Latn'][.='instantsiya']"),
    ("original term 2", "//t:foreign[@xml:lang='ru-Latn'][.='nastuplenie']"),
    ("supplied word", "//t:supplied[.='his']"),
    ("supplied word after a name", "//t:supplied[.='approved']"),
    ("name variant", "//t:persName[@type='variant'][.='Pak Hon Yong']"),
    ("distribution list", "//t:list[@type='distribution']/t:item[contains(., 'Copy N° 2')]"),
    ("classification mark", "//t:seg[@type='classification'][.='Strictly Secret']"),
    ("priority mark", "//t:seg[@type='priority'][.='FLASH']"),
    ("dateline place", "//t:opener/t:dateline/t:placeName[.='PYONGYANG']"),
    ("dateline date", "//t:opener/t:dateline/t:date[@when='1950-05-30']"),
    ("address line", "//t:opener/t:seg[@type='address'][starts-with(., 'To ')]"),
    ("section head", "//t:div[@type='section']/t:head[.='Note:']"),
    ("section head 2", "//t:div[@type='section']/t:head[.='My opinion.']"),
    # one line of the export, one signature: the date written before the name is inside it
    ("sign-off", "//t:div[@type='translation']//t:closer/t:signed[normalize-space(.)='30 May 1950 SHTYKOV']"),
    ("sign-off date", "//t:div[@type='translation']//t:closer/t:signed/t:date[@when='1950-05-30']"),
    ("registry number", "//t:div[@type='original']/t:fw[@type='regNumber'][.='16030']"),
    ("copy number", "//t:div[@type='original']/t:fw[@type='copyNumber']"),
    ("page number and break", "//t:div[@type='original']/t:pb[@n='3']/following-sibling::t:fw[1][@type='pageNum']"),
    ("original marginal note", "//t:div[@type='original']/t:note[@place='margin']/t:lb"),
    ("paragraph broken by a page", "//t:div[@type='original']/t:p[@part='I']"),
    ("original sign-off", "//t:div[@type='original']//t:closer/t:signed"),
]


@pytest.mark.parametrize("name,path", SEED_MARKS, ids=[m[0] for m in SEED_MARKS])
def test_seed_mark(seed_tree, name, path):
    assert xp(seed_tree, path), f"{name}: nothing at {path}"


def test_seed_header(seed_tree):
    assert xp(seed_tree, "string(//t:titleStmt/t:title)").startswith("Cable Nos. 408-410")
    assert xp(seed_tree, "//t:msIdentifier/t:institution[.='Library of Congress']")
    assert xp(seed_tree, "//t:msIdentifier/t:repository[.='Manuscript Division']")
    assert xp(seed_tree, "//t:msIdentifier/t:collection[contains(., 'papers, 1887-1995')]")
    assert xp(seed_tree, "//t:msIdentifier/t:idno[.='mm97083838']")
    assert xp(seed_tree, "//t:bibl[@type='citation']/t:ref[@target='https://digitalarchive.umd.edu/document/114908']")
    assert xp(seed_tree, "//t:respStmt/t:persName[@xml:id='translator'][.='Gary Goldberg']")
    assert xp(seed_tree, "//t:abstract/t:p[contains(., 'signals Soviet approval')]")
    assert xp(seed_tree, "//t:langUsage/t:language/@ident") == ["ru", "en"]
    assert xp(seed_tree, "//t:correspAction[@type='sent']/t:persName[.='Shtykov']")
    assert xp(seed_tree, "//t:correspAction[@type='received']/t:persName[.='Vyshinsky']")
    assert xp(seed_tree, "//t:correspAction[@type='sent']/t:date[@when='1950-05-30']")
    assert xp(seed_tree, "//t:handNotes/t:handNote[@xml:id='hand-1']")
    assert xp(seed_tree, "//t:funder[.='Leon Levy Foundation']")
    assert len(xp(seed_tree, "//t:editorialDecl/t:p")) >= 15


def test_every_block_has_an_id(seed_tree):
    blocks = xp(seed_tree, "//t:body//t:div/*[not(self::t:div or self::t:opener or self::t:closer "
                           "or self::t:postscript)] | //t:opener/* | //t:postscript/*")
    assert len(blocks) > 40
    for block in blocks:
        assert block.get("{http://www.w3.org/XML/1998/namespace}id"), etree.tostring(block)[:80]


def words(text: str) -> list[str]:
    return re.findall(r"\w+", unicodedata.normalize("NFC", text).casefold())


@pytest.mark.parametrize("path", all_exports(), ids=lambda p: p.name)
def test_nothing_lost(path):
    tree = etree.fromstring(tei_bytes(path))
    # The header's date line is in origDate; labels of fields are structure, not text.
    source = path.read_text(encoding="utf-8-sig")
    source = re.sub(r"(?m)^(Citation|Summary|Credits|Original Language|Contents|Source):\s*$", "", source)
    tei_words = set(words(" ".join(tree.itertext())) + words("".join(tree.itertext())) + [w for v in tree.xpath("//@rend") for w in words(v)])
    missing = [w for w in words(source) if w not in tei_words]
    assert not missing, f"{len(missing)} words of {path.name} are missing from the TEI: {missing[:20]}"


# Header facts of our own fixtures: (file, xpath, expected string value)
FIXTURE_FACTS = [
    ("chinese_original.txt", "//t:body/t:div[@type='original']/@xml:lang", "zh"),
    ("chinese_original.txt", "//t:body/t:div[@type='translation']/@xml:lang", "en"),
    ("chinese_original.txt", "//t:origDate/@when", "1957-03-03"),
    ("chinese_original.txt", "//t:respStmt/t:persName", "Ada Lin"),
    ("chinese_original.txt", "//t:foreign/@xml:lang", "zh-Latn"),
    ("no_original.txt", "count(//t:body/t:div[@type='original'])", "0"),
    ("no_original.txt", "//t:textLang/@mainLang", "de"),
    ("no_original.txt", "//t:gap[@reason='blank']/t:desc", "date left blank"),
    ("no_original.txt", "//t:note[@type='editorial']/t:label", "Editor's note:"),
    ("no_original.txt", "//t:seg[@type='signature']/t:label", "signature"),
    ("no_original.txt", "//t:sic", "needed"),
    ("two_translations.txt", "count(//t:body/t:div[@type='translation'])", "2"),
    ("two_translations.txt", "//t:body/t:div[@type='translation'][2]/@xml:lang", "de"),
    ("two_translations.txt", "//t:body/t:div[@type='original']/@xml:lang", "pl"),
    ("two_translations.txt", "//t:origDate/@notAfter", "1958-12-31"),
    ("missing_fields.txt", "count(//t:abstract)", "0"),
    ("missing_fields.txt", "count(//t:funder)", "0"),
    ("missing_fields.txt", "//t:origDate/@notBefore", "1950-04-01"),
    ("missing_fields.txt", "//t:origDate/@notAfter", "1950-04-30"),
    ("missing_fields.txt", "//t:body/t:div[@type='original']/@xml:lang", "ru"),
    ("missing_fields.txt", "//t:div[@type='translation']//t:pb/@n", "2"),
    ("missing_fields.txt", "//t:unclear", "cement"),
    ("circa_korean.txt", "//t:body/t:div[@type='original']/@xml:lang", "ko"),
    ("circa_korean.txt", "//t:origDate/@notBefore", "1961-01-01"),
    ("circa_korean.txt", "//t:origDate/@cert", "medium"),
    ("circa_korean.txt", "//t:stamp", '"Received"'),
    ("crlf.txt", "//t:titleStmt/t:title", "Cable on Grain Deliveries"),
    ("crlf.txt", "//t:origDate/@when", "1953-05-02"),
    ("crlf.txt", "//t:dateline/t:placeName", "MOSCOW"),
    ("crlf.txt", "//t:closer/t:signed", "PETROV"),
    ("crlf.txt", "//t:pb/@n", "1"),
    ("conversation.txt", "count(//t:sp)", "4"),
    ("conversation.txt", "//t:sp[1]/t:speaker", "Minister (ORLOV):"),
    ("conversation.txt", "count(//t:listPerson/t:person)", "2"),
    ("conversation.txt", "count(//t:correspDesc)", "0"),
    ("letter.txt", "//t:opener/t:salute", "Dear Comrade Minister,"),
    ("letter.txt", "//t:closer/t:salute", "With comradely greetings,"),
    ("letter.txt", "//t:closer/t:signed", "Ferenc Kovács"),
    ("letter.txt", "//t:correspAction[@type='sent']/t:orgName", "Writers' Union"),
    ("letter.txt", "//t:correspAction[@type='received']/t:persName/t:roleName", "Minister of Culture"),
]


@pytest.mark.parametrize("name,path,expected", FIXTURE_FACTS, ids=[f"{f}:{p}" for f, p, _ in FIXTURE_FACTS])
def test_fixture_fact(name, path, expected):
    tree = etree.fromstring(tei_bytes(FIXTURES / name))
    value = xp(tree, path)
    if isinstance(value, list):
        value = value[0] if value else None
        value = value if isinstance(value, str) else ("".join(value.itertext()) if value is not None else None)
    elif isinstance(value, float):
        value = str(int(value))
    assert value == expected


SEED_PHRASES = ["Shtykov", "Vyshinsky", "Kim Il Sung", "Politburo", "trawler", "PYONGYANG", "Rekunov",
                "instantsiya", "nastuplenie", "Volkogonov", "Goldberg", "Ким Ир Сен", "ШТЫКОВ"]


def test_no_seed_text_in_src():
    found = []
    for path in [p for folder in ("src", "xslt", "schemas") for p in (ROOT / folder).rglob("*")]:
        if path.suffix in (".py", ".xsl", ".css", ".toml", ".rng", ".sch", ".odd"):
            text = path.read_text(encoding="utf-8")
            found += [f"{path.relative_to(ROOT)}: {p}" for p in SEED_PHRASES if p in text]
    assert not found, found
