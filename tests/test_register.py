"""The register of names: its file, linking mentions in every division, suggestions, accepting them."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from lxml import etree

from conftest import ROOT, SEED, TEI_NS
from teiencode.config import Config
from teiencode.pipeline import convert
from teiencode.register import Entry, Form, link, read_register
from teiencode.register.names import Gazetteer, form_key, word_key
from teiencode.tei import serialize

REGISTER = ROOT / "register.xml"
NS = TEI_NS
TEI = TEI_NS["t"]


def xp(tree, path: str):
    return tree.xpath(path, namespaces=NS)


@pytest.fixture(scope="module")
def seed_tree():
    _, tree, _ = convert(SEED, Config(register=str(REGISTER)))
    return etree.fromstring(serialize(tree))


@pytest.fixture(scope="module")
def register():
    return read_register(REGISTER)


# Each person the seed names in both its Russian original and its English translation.
SEED_PEOPLE = ["pers-kim-il-sung", "pers-shtykov", "pers-pak-hon-yong", "pers-stalin", "pers-vasilyev",
               "pers-postnikov", "pers-rekunov"]


@pytest.mark.parametrize("entry_id", SEED_PEOPLE)
def test_seed_person_is_one_entry_linked_in_both_divisions(seed_tree, register, entry_id):
    entry = register.entries[entry_id]
    ref = f"reg:{entry_id}"
    original = xp(seed_tree, f"//t:div[@type='original']//t:persName[@ref='{ref}']")
    translation = xp(seed_tree, f"//t:div[@type='translation']//t:persName[@ref='{ref}']")
    assert original and translation, (entry_id, len(original), len(translation))
    # Each linked mention is a form of that entry, in its own script, without titles around it.
    keys = {form_key(f.text) for f in entry.forms}
    for mention in original + translation:
        assert form_key(mention.text) in keys, mention.text
    assert any(not m.text.isascii() for m in original)
    assert all(m.text.isascii() for m in translation)


def test_seed_mentions_in_cyrillic_are_found_in_every_case(seed_tree):
    written = {m.text for m in xp(seed_tree, "//t:div[@type='original']//t:persName[@ref='reg:pers-kim-il-sung']")}
    # nominative, genitive, dative, instrumental: one stem
    assert {"Ким Ир Сен", "Ким Ир Сена", "Ким Ир Сену", "Ким Ир Сенем"} <= written


def test_seed_correspondents_and_prefix(seed_tree):
    assert xp(seed_tree, "//t:correspAction[@type='sent']/t:persName[starts-with(@ref, 'reg:pers-shtykov')]")
    assert xp(seed_tree, "//t:correspAction[@type='received']/t:persName[starts-with(@ref, 'reg:pers-vyshinsky')]")
    assert xp(seed_tree, "//t:listPrefixDef/t:prefixDef[@ident='reg'][@replacementPattern='register/$1.html']")


def test_every_reference_resolves_in_the_register(seed_tree, register):
    refs = {r.split()[0] for r in seed_tree.xpath("//@ref") if r.startswith("reg:")}
    assert refs and all(r[4:] in register.entries for r in refs)


def test_linking_keeps_every_character(seed_tree):
    _, plain, _ = convert(SEED, Config())
    body = "".join(etree.fromstring(serialize(plain)).find(f"{{{TEI}}}text").itertext())
    assert "".join(seed_tree.find(f"{{{TEI}}}text").itertext()) == body


# --- names and the gazetteer -------------------------------------------------------------

@pytest.mark.parametrize("word,key", [("Ivanov's", "ivanov"), ("Petr'ov", "petrov"), ("ПЕТРОВА", "петров"),
                                      ("Петровым", "петров"), ("Петров", "петров"), ("Шуйский", "шуйск"),
                                      ("Шуйского", "шуйск"), ("박철수는", "박철수"), ("Đồng", "đong"),
                                      ("Николаю", "никола"), ("Николай", "никола")])
def test_word_keys(word, key):
    assert word_key(word) == key


def test_gazetteer_is_longest_first_and_respects_word_edges():
    g = Gazetteer({("pak",): "a", ("pak", "son", "ir"): "b", ("李",): "c", ("李", "成", "文"): "d"})
    text = "Pak Son-ir met Pak; Pakistan and Comrade PAK. 李成文与李"
    found = [(text[m.start:m.end], m.entry_id) for m in g.scan(text)]
    assert found == [("Pak Son-ir", "b"), ("Pak", "a"), ("PAK", "a"), ("李成文", "d"), ("李", "c")]


def test_gazetteer_is_linear():
    import time
    g = Gazetteer({("ab", "cd", "ef", "gh"): "x"})
    def run(n):
        text = "ab cd ef " * n
        t = time.perf_counter()
        g.scan(text)
        return time.perf_counter() - t
    run(1000)
    small, large = min(run(20_000) for _ in range(3)), min(run(80_000) for _ in range(3))
    assert large < small * 8, (small, large)  # 4x input, well under quadratic


# --- the file ----------------------------------------------------------------------------

def make_register(tmp_path: Path, entries: str) -> Path:
    path = tmp_path / "register.xml"
    path.write_text(f"""<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>R</title></titleStmt>
<publicationStmt><p>p</p></publicationStmt><sourceDesc><p>s</p></sourceDesc></fileDesc></teiHeader>
<text><body><p>r</p></body></text>
<standOff><listPerson>{entries}</listPerson></standOff></TEI>
""", encoding="utf-8")
    return path


def test_register_read_forms_pseudonyms_and_authorities(tmp_path):
    path = make_register(tmp_path, """<person xml:id="pers-petrov"><persName>Petrov</persName>
      <persName xml:lang="ru">Петров</persName><persName type="pseudonym">Sidorenko</persName>
      <idno type="wikidata">Q4115189</idno><!-- the team's comment --></person>""")
    r = read_register(path)
    entry = r.entries["pers-petrov"]
    assert entry.name == "Petrov" and entry.ref == "reg:pers-petrov"
    assert [f.type for f in entry.forms] == [None, None, "pseudonym"]
    assert entry.authority_uri() == "http://www.wikidata.org/entity/Q4115189"


def test_register_errors_are_one_located_line(tmp_path):
    path = make_register(tmp_path, '<person xml:id="a"/>\n<person><persName>B</persName></person>')
    result = subprocess.run([sys.executable, "-c", "from teiencode.cli import main; main()", "register",
                             "--suggest", str(path.parent)], capture_output=True, text=True, cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert result.stderr.strip() == f"{path}:6:1: ERROR E-REGISTER: a <person> has no xml:id"


def test_adding_keeps_what_the_team_wrote(tmp_path):
    path = make_register(tmp_path, """<person xml:id="pers-petrov"><!-- checked by hand -->
      <persName>Petrov</persName><birth when="1901"/></person>""")
    before = path.read_text(encoding="utf-8")
    read_register(path).save()
    assert path.read_text(encoding="utf-8") == before  # read and written back: the same bytes
    r = read_register(path)
    r.add(Entry("pers-sidorov", "person", [Form("Sidorov"), Form("Сидоров", "ru")]), source="test")
    assert r.add_form("pers-petrov", Form("Петров", "ru"))
    r.save()
    after = path.read_text(encoding="utf-8")
    assert "<!-- checked by hand -->" in after and '<birth when="1901"/>' in after
    again = read_register(path)
    assert [f.text for f in again.entries["pers-petrov"].forms] == ["Petrov", "Петров"]
    assert again.entries["pers-sidorov"].forms[1].lang == "ru"
    assert before != after


def test_link_wraps_mentions_and_keeps_titles_outside(tmp_path):
    path = make_register(tmp_path, """<person xml:id="pers-petrov"><persName>Petrov</persName>
      <persName xml:lang="ru">Петров</persName></person>""")
    tree = etree.fromstring(f"""<TEI xmlns="{TEI}"><teiHeader/><text><body><div type="original">
      <p xml:id="o.1">Тов. ПЕТРОВУ и товарищу Петрову.</p></div><div type="translation">
      <p xml:id="t.1">To Comrade Petrov, <hi>Cde. PETROV's</hi> car.</p></div></body></text></TEI>""").getroottree()
    used = link(tree, read_register(path)).used
    assert used == {"pers-petrov": 4}
    names = [(n.text, n.tail) for n in tree.iter(f"{{{TEI}}}persName")]
    assert names == [("ПЕТРОВУ", " и товарищу "), ("Петрову", "."), ("Petrov", ", "), ("PETROV", "'s")]


# --- a project: build, CMIF, suggest, accept, rebuild ------------------------------------

PSEUDONYM_EXPORT = """
March 3, 1951

**Ciphered Telegram, Filippov [Stalin] to Zhou Enlai**

Original Language:

Russian

Contents:

Translation - English

Пекин, товарищу Чжоу Эньлаю.

Ваше письмо получено. Товарищ Сидоренко прибудет в Пекин в марте.

ФИЛИППОВ

To Beijing, Comrade Zhou Enlai.

Your letter has been received. Comrade Sidorenko will arrive in Beijing in March.

FILIPPOV
"""

OTHER_EXPORT = """
April 4, 1951

**Memorandum, Orlov to the Ministry**

Original Language:

English

The shipment of machine tools arrived in good order at the plant on 2 April.

ORLOV
"""

PROJECT_REGISTER = """<person xml:id="pers-stalin"><persName>Stalin</persName><persName xml:lang="ru">Сталин</persName>
      <idno type="wikidata">Q000001</idno></person>
    <person xml:id="pers-zhou"><persName>Zhou Enlai</persName><persName xml:lang="ru">Чжоу Эньлай</persName></person>"""


@pytest.fixture
def project(tmp_path, monkeypatch):
    (tmp_path / "teiencode.toml").write_text('publisher = "Test edition"\n', encoding="utf-8")
    make_register(tmp_path, PROJECT_REGISTER)
    exports = tmp_path / "exports"
    exports.mkdir()
    (exports / "a.txt").write_text(PSEUDONYM_EXPORT, encoding="utf-8")
    (exports / "b.txt").write_text(OTHER_EXPORT, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def cli(*args):
    from click.testing import CliRunner
    from teiencode.cli import main
    return CliRunner().invoke(main, list(args))


def statuses(result) -> dict[str, str]:
    return {line.split()[2].rsplit("/", 1)[-1]: line.split()[1] for line in result.output.splitlines()
            if line.startswith("[")}


def test_pseudonym_correspondent_is_the_person_with_the_authority_uri(project):
    result = cli("build", "exports", "-o", "out", "-j", "1")
    assert result.exit_code == 0, result.output
    tei = etree.parse(str(project / "out" / "a.tei.xml"))
    sent = xp(tei, "//t:correspAction[@type='sent']/t:persName")
    uri = read_register(project / "register.xml").entries["pers-stalin"].authority_uri()
    assert [(p.text, p.get("type"), p.get("ref")) for p in sent] == [
        ("Filippov", None, f"reg:pers-stalin {uri}"), ("Stalin", "identification", f"reg:pers-stalin {uri}")]
    # the pseudonym in the text links to the same person
    assert xp(tei, "//t:div[@type='original']//t:persName[.='ФИЛИППОВ'][@ref='reg:pers-stalin']") or \
        xp(tei, "//t:div[@type='translation']//t:persName[.='FILIPPOV'][@ref='reg:pers-stalin']")
    from teiencode.deposit import cmif_document
    cmif = cmif_document([etree.parse(str(project / "out" / "a.tei.xml"))], config=Config())
    sender = xp(cmif, "//t:correspAction[@type='sent']/t:persName")
    assert [(s.text, s.get("ref")) for s in sender] == [("Stalin", uri)]


def test_suggest_accept_keeps_hand_edits_and_rebuilds_what_changed(project):
    first = cli("build", "exports", "-o", "out", "-j", "1")
    assert statuses(first) == {"a.tei.xml": "built", "b.tei.xml": "built"}, first.output
    # the team edits an entry by hand: only the document that names him is rebuilt
    path = project / "register.xml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "<idno type=\"wikidata\">", "<!-- checked against the archive's index --><idno type=\"wikidata\">"),
        encoding="utf-8")
    second = cli("build", "exports", "-o", "out", "-j", "1")
    assert statuses(second) == {"a.tei.xml": "built", "b.tei.xml": "unchanged"}, second.output
    suggested = cli("register", "--suggest", "exports")
    assert suggested.exit_code == 0, suggested.output
    ids = [line.split("\t")[0] for line in suggested.output.splitlines() if line and not line[0].isspace()]
    assert "pers-sidorenko" in ids and "pers-stalin+filippov" in ids, suggested.output
    assert "aligned with 'Sidorenko' in t." in suggested.output  # the original's name and the translation's
    assert not [i for i in ids if i.startswith("pers-zhou")]  # Чжоу Эньлаю is already a form (inflected)
    accepted = cli("register", "--accept", "pers-sidorenko", "pers-stalin+filippov", "--from", "exports")
    assert accepted.exit_code == 0, accepted.output
    text = path.read_text(encoding="utf-8")
    assert "<!-- checked against the archive's index -->" in text
    reg = read_register(path)
    assert {f.text for f in reg.entries["pers-sidorenko"].forms} >= {"Sidorenko", "Сидоренко"}
    assert ("Filippov", "pseudonym") in {(f.text, f.type) for f in reg.entries["pers-stalin"].forms}
    third = cli("build", "exports", "-o", "out", "-j", "1")
    assert statuses(third) == {"a.tei.xml": "built", "b.tei.xml": "unchanged"}, third.output
    tei = etree.parse(str(project / "out" / "a.tei.xml"))
    assert xp(tei, "//t:div[@type='original']//t:persName[@ref='reg:pers-sidorenko']")
    assert cli("register", "--accept", "pers-nobody", "--from", "exports").exit_code == 2


def test_dublin_core_and_mets_carry_the_persons_and_places(project, tmp_path):
    assert cli("build", "exports", "-o", "out", "-j", "1").exit_code == 0
    result = cli("deposit", "out", "-o", "bags")
    assert result.exit_code == 0, result.output
    dc = etree.parse(str(project / "bags" / "a" / "dc.xml"))
    subjects = dc.xpath("//dc:subject/text()", namespaces={"dc": "http://purl.org/dc/elements/1.1/"})
    assert "Zhou Enlai" in subjects and "Beijing" not in subjects  # as translated; Beijing is no entry here
    assert len(subjects) == len(set(subjects))
    mets = (project / "bags" / "a" / "mets.xml").read_text(encoding="utf-8")
    assert "<dc:subject>Zhou Enlai</dc:subject>" in mets


def test_build_writes_the_register_and_a_page_per_named_entry(project):
    assert cli("build", "exports", "-o", "out", "-j", "1").exit_code == 0
    out = project / "out"
    assert cli("validate", "out").exit_code == 0  # the folder holds only edition TEI
    page = (out / "register" / "pers-stalin.html").read_text(encoding="utf-8")
    assert "Сталин" in page and "a.reading.html" in page and "b.reading.html" not in page
    assert "ФИЛИППОВ" in page  # as written in the document, a form the register does not list
    assert "http://www.wikidata.org/entity/Q000001" in page
    reading = (out / "a.reading.html").read_text(encoding="utf-8")
    assert 'href="register/pers-zhou.html"' in reading


def test_validate_checks_that_each_register_pointer_resolves(project):
    assert cli("build", "exports", "-o", "out", "-j", "1").exit_code == 0
    assert cli("validate", "out/a.tei.xml").exit_code == 0
    edited = project / "out" / "a.tei.xml"
    edited.write_text(edited.read_text(encoding="utf-8").replace("reg:pers-zhou", "reg:pers-zhou-typo", 1),
                      encoding="utf-8")
    result = cli("validate", "out/a.tei.xml")
    assert result.exit_code == 1
    assert "E-REGISTER-REF: @ref 'reg:pers-zhou-typo' names no entry of the register" in result.output


def test_a_pseudonym_the_register_knows_names_the_person_in_correspondence(project):
    path = project / "register.xml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        '<persName xml:lang="ru">Сталин</persName>',
        '<persName xml:lang="ru">Сталин</persName><persName type="pseudonym">Filippov</persName>'), encoding="utf-8")
    export = project / "exports" / "a.txt"
    export.write_text(PSEUDONYM_EXPORT.replace("Filippov [Stalin]", "Filippov"), encoding="utf-8")
    assert cli("build", "exports", "-o", "out", "-j", "1").exit_code == 0
    tei = etree.parse(str(project / "out" / "a.tei.xml"))
    uri = read_register(path).entries["pers-stalin"].authority_uri()
    sent = xp(tei, "//t:correspAction[@type='sent']/t:persName")
    assert [(p.text, p.get("type"), p.get("ref")) for p in sent] == [
        ("Filippov", None, f"reg:pers-stalin {uri}"), ("Stalin", "identification", f"reg:pers-stalin {uri}")]
    from teiencode.deposit import cmif_document
    cmif = cmif_document([tei], config=Config())
    assert [(s.text, s.get("ref")) for s in xp(cmif, "//t:correspAction[@type='sent']/t:persName")] == [
        ("Stalin", uri)]


def test_a_capitalised_cyrillic_name_links_by_the_sound_of_a_latin_form(tmp_path):
    path = make_register(tmp_path, """<person xml:id="pers-sidorenko"><persName>Sidorenko</persName></person>
      <person xml:id="pers-li"><persName>Li</persName></person>""")
    scan = read_register(path).gazetteer.scan
    text = "Товарищ СИДОРЕНКО и Сидоренко; сидоренко, Сидоренков, Ли и Ле."
    # not in lower case, not another name's sound, not a short key
    assert [text[m.start:m.end] for m in scan(text)] == ["СИДОРЕНКО", "Сидоренко"]


def test_a_configured_register_that_is_missing_is_one_error_line(tmp_path):
    (tmp_path / "teiencode.toml").write_text('register = "names/register.xml"\n', encoding="utf-8")
    from teiencode.config import load_config
    from teiencode.diagnostics import InputError
    with pytest.raises(InputError) as err:
        load_config(tmp_path)
    assert str(err.value.diagnostic).endswith("ERROR E-CONFIG: register: no such file "
                                              f"'{tmp_path / 'names' / 'register.xml'}'")
    (tmp_path / "names").mkdir()
    make_register(tmp_path / "names", "")
    assert load_config(tmp_path).register == str(tmp_path / "names" / "register.xml")


@pytest.mark.parametrize("record,side", [("14_", "sent"), ("02_", "received")])
def test_corpus_pseudonym_correspondent_is_stalin_in_cmif(register, record, side):
    from conftest import CORPUS
    from teiencode.deposit import cmif_document
    export = next(CORPUS.glob(f"{record}*.txt"))
    _, tree, _ = convert(export, Config(register=str(REGISTER)))
    names = xp(tree, f"//t:correspAction[@type='{side}']/t:persName")
    assert [(n.text, n.get("type")) for n in names][-2:] == [("Filippov", None), ("Stalin", "identification")]
    stalin = register.entries["pers-stalin"]
    assert all(n.get("ref").split()[0] == stalin.ref for n in names[-2:])
    assert stalin.authority_uri() and "Filippov" in {f.text for f in stalin.forms if f.type == "pseudonym"}
    cmif = cmif_document([tree], config=Config())
    assert [(p.text, p.get("ref")) for p in xp(cmif, f"//t:correspAction[@type='{side}']/t:persName")] == [
        ("Stalin", stalin.authority_uri())]


def test_register_pages_follow_the_documents(project):
    assert cli("build", "exports", "-o", "out", "-j", "1").exit_code == 0
    page = project / "out" / "register" / "pers-zhou.html"
    stamp = page.stat().st_mtime_ns
    assert cli("build", "exports", "-o", "out", "-j", "1").exit_code == 0
    assert page.stat().st_mtime_ns == stamp  # nothing changed: not rewritten
    (project / "exports" / "a.txt").write_text(OTHER_EXPORT.replace("Orlov", "Petrenko"), encoding="utf-8")
    assert cli("build", "exports", "-o", "out", "-j", "1").exit_code == 0
    assert not page.exists()  # no document names him any more


@pytest.mark.parametrize("path", __import__("conftest").all_exports(), ids=lambda p: p.name)
def test_every_export_linked_is_valid_and_keeps_its_text(path):
    from teiencode.pipeline import validation_problems
    _, linked, _ = convert(path, Config(register=str(REGISTER)))
    data = serialize(linked)
    assert not validation_problems(linked, data, "linked.tei.xml")
    _, plain, _ = convert(path, Config())
    text = f"{{{TEI}}}text"
    assert "".join(etree.fromstring(data).find(text).itertext()) == \
        "".join(etree.fromstring(serialize(plain)).find(text).itertext())


def test_names_after_titles():
    from teiencode.register.names import names_after_titles
    text = ("Comrade Ivan Petrenko met Cde. A. B. Sidorov and тов. КРУТИКОВ; the General Staff of the Army; "
            "SECRETARY OF THE CC; Comrades I and the Ambassador.")
    assert [text[s:e] for s, e, _ in names_after_titles(text)] == ["Ivan Petrenko", "A. B. Sidorov", "КРУТИКОВ"]


def test_index_filter_names_each_entry_by_its_preferred_name(tmp_path):
    # The seed writes "Kim Il Sung" and "Ким Ир Сен"; the register prefers a third form.
    from teiencode.batch import build_many
    register = tmp_path / "register.xml"
    register.write_text(
        '<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>Register</title>'
        '</titleStmt><publicationStmt><p/></publicationStmt><sourceDesc><p/></sourceDesc></fileDesc>'
        '</teiHeader><text><body><listPerson><person xml:id="pers-kim"><persName>Kim Il-sung (preferred)</persName>'
        '<persName xml:lang="en">Kim Il Sung</persName><persName xml:lang="ru">Ким Ир Сен</persName></person>'
        '</listPerson></body></text></TEI>', encoding="utf-8")
    out = tmp_path / "out"
    build_many([SEED], out, Config(register=str(register)), jobs=1)
    page = etree.parse(str(out / "index.html"), etree.HTMLParser())
    labels = page.xpath("//nav[contains(@class, 'name-filter')]//a[@data-entry='pers-kim']/text()")
    assert labels == ["Kim Il-sung (preferred)"]
