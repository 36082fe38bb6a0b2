"""The header in the archive's many forms: the title grammar that gives the correspDesc, records with no
title or date line, repeated fields, and the header's edge cases (issues 13 and 14)."""
from __future__ import annotations

import time

import pytest
from lxml import etree

from conftest import TEI_NS
from teiencode import deposit as dep
from teiencode.config import Config
from teiencode.model import Document, Header, Span
from teiencode.pipeline import convert
from teiencode.reader.correspondence import correspondence_of
from teiencode.reader.dates import parse_date
from teiencode.reader.header import parse_citation, split_sentences
from teiencode.tei import serialize
from teiencode.validate import iter_diagnostics


def parties(title: str) -> str | None:
    """The correspondence a title gives, as one line: ``kind:name [type:identification]; … -> …``."""
    found = correspondence_of(Document("x", "x", Header(title=title, title_span=Span(1))))
    if found is None:
        return None

    def one(p):
        return f"{p.kind}:{p.name or p.role}" + (f" [{p.identification_type}:{p.identification}]"
                                                  if p.identification else "")
    return "; ".join(map(one, found.senders)) + " -> " + "; ".join(map(one, found.addressees))


@pytest.mark.parametrize("title,expected", [
    ("Letter, Ivan Petrov to Li Ming", "person:Ivan Petrov -> person:Li Ming"),
    ("TELEGRAM FROM ZHOU ENLAI TO N. DOE", "person:Zhou Enlai -> person:N. Doe"),
    ("Letter from Stalin to Cde. A. Petrov, Consul in Kashgar", "person:Stalin -> person:A. Petrov"),
    ("Telegram, Mao Zedong to Liu Shaoqi and Zhou Enlai", "person:Mao Zedong -> person:Liu Shaoqi; person:Zhou Enlai"),
    ("Telegram, Ivanov to Petrov, Sidorov and Kuznetsov", "person:Ivanov -> person:Petrov; person:Sidorov; person:Kuznetsov"),
    ("Cable from Filippov [Stalin] to the Chairman [Mao Zedong] and Comrades Liu [Shaoqi]",
     "person:Filippov [identification:Stalin] -> role:Chairman [identification:Mao Zedong]; "
     "person:Liu [identification:Liu Shaoqi]"),
    ("Letter from the President (Syngman Rhee) to General Van Fleet",
     "role:President [identification:Syngman Rhee] -> person:Van Fleet"),
    ("Ciphered Telegram, Filippov (Stalin) to Zhou Enlai via Zakharov",
     "person:Filippov [identification:Stalin] -> person:Zhou Enlai"),
    ("Report No. 3, 1 May 1953 to 25 June 1953", None),
    ("GDR Embassy Letter to the Ministry of Foreign Affairs", "org:GDR Embassy -> org:Ministry of Foreign Affairs"),
    ("Telegram from the Minister of Foreign Affairs to the Ambassador in the United States",
     "role:Minister of Foreign Affairs -> role:Ambassador in the United States"),
    ("Cable from Ambassador Katori to the Foreign Minister, 'A Visit to China'", "person:Katori -> role:Foreign Minister"),
    ("Letter to Kim Il Sung", " -> person:Kim Il Sung"),
    ("Untitled report from Jan Nowak, Polish Ambassador to the DPRK", "person:Jan Nowak -> "),
    ("Telegram from Washington, DC, No.084.605, Urgent", "place:Washington, DC -> "),
    ("Telegram, Ivanov to Petrov, Transmitting Letter from Li Ming", "person:Ivanov -> person:Petrov"),
    ("Cable Nos. 1-2, Petrov to Ivanov (for the Politburo)", "person:Petrov -> person:Ivanov"),
    ("Memorandum, Ni [Zhiliang] to Peng Dehuai", "person:Ni [identification:Ni Zhiliang] -> person:Peng Dehuai"),
    ("Letter from the Chairman of the Council of Ministers to de Gaulle",
     "role:Chairman of the Council of Ministers -> person:de Gaulle"),
    ("Telegram, Council of Ministers Chairman Ivan Petrov to the Foreign Ministry",
     "person:Ivan Petrov -> org:Foreign Ministry"),
    # records of conversation and meetings are not correspondence
    ("Record of Conversation between Ivan Petrov and Li Ming", None),
    ("Memorandum of Conversation between A. Petrov and the Chinese Ambassador to Mongolia, Li Ming", None),
    ("From the Journal of I. Petrov, 'Record of a Conversation with Li Ming'", None),
    ("Note about a Conversation with the Ambassador to the GDR, Comrade Li Ming", None),
    ("Excerpt from Minutes No. 5 of the Politburo Meeting of 1 May 1950", None),
])
def test_title_grammar(title, expected):
    assert parties(title) == expected


EXPORT = """
{date}

{title}

{fields}
Dear Comrade Li Ming!
The rails you asked for will leave on 10 March.
I. Petrov
"""


def build(tmp_path, *, date="March 3, 1951", title="**Letter, Ivan Petrov to Li Ming**", fields=""):
    path = tmp_path / "record.txt"
    path.write_text(EXPORT.format(date=date, title=title, fields=fields), encoding="utf-8")
    doc, tree, diagnostics = convert(path, Config())
    out = tmp_path / "record.tei.xml"
    out.write_bytes(serialize(tree))
    problems = [d for d in iter_diagnostics(out) if d.level == "error"]
    assert not problems, problems
    return etree.fromstring(out.read_bytes()), {d.code for d in diagnostics}, tree


def xp(root, path):
    return root.xpath(path, namespaces=TEI_NS)


def test_identification_is_encoded_beside_the_written_name(tmp_path):
    root, _, _ = build(tmp_path, title="**Letter from Filippov [Stalin] to the Chairman [Mao Zedong] and Comrades "
                                       "Liu [Shaoqi]**")
    sent = xp(root, "//t:correspAction[@type='sent']")[0]
    assert xp(sent, "t:persName[not(@type)]/text()") == ["Filippov"]
    assert xp(sent, "t:persName[@type='identification'][@rend='brackets']/text()") == ["Stalin"]
    received = xp(root, "//t:correspAction[@type='received']")[0]
    assert xp(received, "count(t:persName[not(@type)])") == 2  # one per person
    assert xp(received, "t:persName/t:roleName/text()") == ["Chairman"]
    assert xp(received, "t:persName[@type='identification']/text()") == ["Mao Zedong", "Liu Shaoqi"]


def test_no_title_line_takes_the_citation_title(tmp_path):
    citation = 'Citation:\n\n"Record of a Meeting of Ivan Petrov and Li Ming," March 3, 1951, Some Archive.\n\n'
    root, codes, _ = build(tmp_path, title="", fields=citation)
    assert "W-TITLE-FROM-CITATION" in codes
    assert xp(root, "//t:titleStmt/t:title[@type='main'][@subtype='citation']/text()") == [
        "Record of a Meeting of Ivan Petrov and Li Ming"]


def test_no_title_and_no_citation_gives_a_devised_title(tmp_path):
    root, codes, _ = build(tmp_path, title="", fields="Summary:\n\nAn account of rails. It is long.\n\n")
    assert "W-NO-TITLE" in codes
    assert xp(root, "//t:titleStmt/t:title[@subtype='devised']/text()") == ["Untitled record, March 3, 1951"]


def test_no_date_line_takes_the_citations_date(tmp_path):
    citation = 'Citation:\n\n"Letter, Ivan Petrov to Li Ming," March 3, 1951, Some Archive.\n\n'
    root, codes, _ = build(tmp_path, date="", fields=citation)
    assert "W-DATE-FROM-CITATION" in codes and "W-NO-DATE" not in codes
    assert xp(root, "//t:origDate[@evidence='external']/@when") == ["1951-03-03"]
    assert xp(root, "//t:correspAction[@type='sent']/t:date/@when") == ["1951-03-03"]


def test_a_repeated_field_keeps_both_values_in_order(tmp_path):
    fields = ("Citation:\n\n\"Letter,\" March 3, 1951, First Archive.\n\n"
              "Summary:\n\nThe first summary.\n\nCredits:\n\nFirst credits.\n\n"
              "Summary:\n\nThe second summary.\n\nCredits:\n\nSecond credits.\n\n"
              "Citation:\n\n\"Letter,\" March 3, 1951, Second Archive.\n\n"
              "Original Language:\n\nRussian\n\nOriginal Language:\n\nChinese\n\n")
    root, codes, _ = build(tmp_path, fields=fields)
    assert "W-REPEATED-FIELD" in codes
    assert xp(root, "//t:abstract/t:p/text()") == ["The first summary.", "The second summary."]
    assert xp(root, "//t:notesStmt/t:note[@type='credits']/text()") == ["First credits.", "Second credits."]
    cited = [" ".join("".join(b.itertext()).split()) for b in xp(root, "//t:sourceDesc/t:bibl[@type='citation']")]
    assert [c.split(", ")[-1] for c in cited] == ["First Archive.", "Second Archive."]
    assert xp(root, "normalize-space(//t:notesStmt/t:note[@type='field'][@n='Original Language'])") == \
        "Original Language: Chinese"


def test_circa_year_zero_is_kept_as_text(tmp_path):
    root, codes, _ = build(tmp_path, date="circa 0000")
    assert "W-DATE-RANGE" in codes
    assert xp(root, "//t:origDate/text()") == ["circa 0000"]
    assert not xp(root, "//@notBefore | //@notAfter | //t:correspAction/t:date")


@pytest.mark.parametrize("text", ["0000", "circa 9999", "circa 0001", "1" * 4301, "May 1, " + "9" * 4301])
def test_dates_out_of_range_or_huge_give_no_iso_date(text):
    value = parse_date(text)
    assert value is None or (value.when, value.not_before, value.not_after) == (None, None, None)


def test_a_citation_url_with_brackets_is_a_valid_target(tmp_path):
    citation = 'Citation:\n\n"Letter," March 3, 1951, Some Archive.\n<https://example.org/doc[1]?q=a|b>\n\n'
    root, _, _ = build(tmp_path, fields=citation)
    ref = xp(root, "//t:bibl[@type='citation']/t:ref")[0]
    assert ref.get("target") == "https://example.org/doc%5B1%5D?q=a%7Cb"
    assert ref.text == "https://example.org/doc[1]?q=a|b"


def scaling(fn, make, small=50_000, large=500_000) -> tuple[float, float]:
    """The best of three timings of ``fn`` on inputs of two sizes (ten times apart), after a warm-up run:
    linear work grows about tenfold, quadratic work a hundredfold."""
    fn(make(small))
    times = []
    for n in (small, large):
        text = make(n)
        best = float("inf")
        for _ in range(3):
            start = time.perf_counter()
            fn(text)
            best = min(best, time.perf_counter() - start)
        times.append(best)
    return times[0], times[1]


@pytest.mark.parametrize("make", [
    lambda n: "Translated by " * (n // 14),                       # no full stop: the old pattern was quadratic
    lambda n: "A. Translated for X from " + "word " * (n // 5),
    lambda n: '"Title," May 1, 1950, ' + "Vol. " * (n // 5),        # abbreviations: sentence split re-read
    lambda n: "<https://" * (n // 9),
])
def test_citation_parsing_is_linear(make):
    small, large = scaling(parse_citation, make)
    assert large < 5.0 and large < 40 * max(small, 1e-3), (small, large)


def test_sentence_split_is_linear():
    small, large = scaling(split_sentences, lambda n: "Vol. " * (n // 5) + "End. Next")
    assert large < 5.0 and large < 40 * max(small, 1e-3), (small, large)


def test_title_grammar_is_linear():
    small, large = scaling(parties, lambda n: "Letter, " + "Petrov and " * (n // 11) + "Ivanov to Li", 10_000, 100_000)
    assert large < 8.0 and large < 40 * max(small, 1e-3), (small, large)


def test_dublin_core_source_is_the_source_field_not_the_file_name(tmp_path):
    fields = "Source:\n\nArchive of Foreign Policy, f. 1, op. 2, d. 3.\n\n"
    _, _, tree = build(tmp_path, fields=fields)
    dc = dep.dublin_core(tree)
    sources = dc.xpath("//dc:source/text()", namespaces={"dc": "http://purl.org/dc/elements/1.1/"})
    assert sources == ["Archive of Foreign Policy, f. 1, op. 2, d. 3."]


def test_dublin_core_has_no_source_when_the_export_names_none(tmp_path):
    _, _, tree = build(tmp_path)
    dc = dep.dublin_core(tree)
    assert not dc.xpath("//dc:source", namespaces={"dc": "http://purl.org/dc/elements/1.1/"})


def test_dublin_core_creator_is_the_identified_person(tmp_path):
    _, _, tree = build(tmp_path, title="**Letter, Filippov [Stalin] and Li Ming to Petrov**")
    dc = dep.dublin_core(tree)
    assert dc.xpath("//dc:creator/text()", namespaces={"dc": "http://purl.org/dc/elements/1.1/"}) == [
        "Stalin", "Li Ming"]


def test_reading_view_shows_an_identification_as_one_party(tmp_path):
    from teiencode.render import render_view
    _, _, tree = build(tmp_path, title="**Letter, Petrov to Filippov [Stalin] and Li Ming**")
    html = etree.HTML(render_view(tree, "reading", stem="record").encode("utf-8"))
    to = html.xpath("//dt[. = 'To']/following-sibling::dd[1]")[0]
    assert " ".join(to.text.split()) == "Filippov [Stalin]; Li Ming"
