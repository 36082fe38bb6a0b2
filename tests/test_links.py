"""The encoder links only units it writes: every @corresp and link/@target resolves (issue 14, item 8)."""
from __future__ import annotations

from lxml import etree

from conftest import TEI_NS
from teiencode.align import Link
from teiencode.config import Config
from teiencode.pipeline import align, encode, read
from teiencode.diagnostics import Reporter
from teiencode.tei import serialize

_EXPORT = """
May 3, 1950

**Cable, Ivanov to Petrov**

Original Language:

Russian

Товарищ Иванов сообщил, что поезд прибудет в Пхеньян третьего мая.x/

Он просит подтвердить получение.x/

x/ Псевдоним И.В. Сталина.

Comrade Ivanov reported that the train will arrive in Pyongyang on the third of May.x/

He asks that receipt be confirmed.x/

x/ Pseudonym of I.V. Stalin.

x/ A second note with the same mark.
"""


def _dangling(root) -> list[str]:
    ids = set(root.xpath("//@xml:id"))
    return [t for value in root.xpath("//@corresp | //t:link/@target", namespaces=TEI_NS)
            for t in value.split() if t[1:] not in ids]


def _tree(tmp_path, extra_links=()):
    path = tmp_path / "cable.txt"
    path.write_text(_EXPORT, encoding="utf-8")
    doc = align(read(path, Reporter(str(path))))
    doc.links.extend(extra_links)
    return etree.fromstring(serialize(encode(doc, Config())))


def test_linked_footnotes_are_written_under_the_id_the_links_use(tmp_path):
    root = _tree(tmp_path)
    assert root.xpath("//t:note[@type='footnote']/@corresp", namespaces=TEI_NS), "the footnotes are aligned"
    assert _dangling(root) == []


def test_a_repeated_footnote_mark_gets_an_id_of_its_own(tmp_path):
    ids = _tree(tmp_path).xpath("//@xml:id")
    assert len(ids) == len(set(ids))


def test_a_link_to_a_unit_that_does_not_exist_is_not_written(tmp_path):
    root = _tree(tmp_path, [Link(original=("o.99",), translation=("t.1",), cert=0.9),
                            Link(original=("o.1",), translation=("t.404",), cert=0.9)])
    assert _dangling(root) == []
    assert not root.xpath("//t:link[contains(@target, '99') or contains(@target, '404')]", namespaces=TEI_NS)
