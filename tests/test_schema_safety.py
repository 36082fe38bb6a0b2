"""Untrusted XML: entity declarations are refused before any parser or validator reads them."""
from __future__ import annotations

import errno
import os
import socket
import threading
import time
from pathlib import Path

import pytest

from teiencode import validate, xmlsafe
from teiencode.diagnostics import ValidationError

BROKEN = Path(__file__).parent / "data" / "broken"
XXE = """<?xml version="1.0"?>
<!DOCTYPE TEI [ <!ENTITY secret SYSTEM "{uri}"> ]>
<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title type="main">&secret;</title>
</titleStmt><publicationStmt><p>x</p></publicationStmt><sourceDesc><p>x</p></sourceDesc></fileDesc></teiHeader>
<text><body><p>&secret;</p></body></text></TEI>
"""


class _FifoWatch:
    """A named pipe that records whether anything opened it for reading."""

    def __init__(self, path: Path):
        self.path = path
        os.mkfifo(path)
        self.opened = False
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)

    def _watch(self) -> None:
        while not self._stop.is_set():
            try:
                # succeeds only while a reader holds the pipe open
                fd = os.open(self.path, os.O_WRONLY | os.O_NONBLOCK)
            except OSError as exc:
                assert exc.errno == errno.ENXIO
                time.sleep(0.005)
                continue
            self.opened = True
            os.close(fd)  # gives the reader EOF so it cannot hang

    def __enter__(self) -> "_FifoWatch":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()


@pytest.mark.parametrize("name", ["xxe.tei.xml", "billion-laughs.tei.xml"])
def test_shipped_attacks_fail_cleanly_and_fast(name):
    start = time.perf_counter()
    diagnostics = list(validate.iter_diagnostics(BROKEN / name))
    elapsed = time.perf_counter() - start
    assert [d.code for d in diagnostics] == ["xml-entity"]
    assert diagnostics[0].line == 4 and "entity" in diagnostics[0].message
    assert elapsed < 1.0


def test_xxe_reads_nothing_from_disk(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT")
    pipe = tmp_path / "pipe"
    with _FifoWatch(pipe) as watch:
        for target in (secret, pipe):
            doc = tmp_path / f"xxe-{target.name}.xml"
            doc.write_text(XXE.format(uri=target.as_uri()))
            diagnostics = list(validate.iter_diagnostics(doc))
            assert [d.code for d in diagnostics] == ["xml-entity"]
            assert "TOP-SECRET" not in repr(diagnostics)
        time.sleep(0.05)
    assert not watch.opened, "an entity was resolved: the named pipe was opened"


def test_xxe_contacts_no_server(tmp_path):
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    server.settimeout(0.3)
    doc = tmp_path / "xxe-http.xml"
    doc.write_text(XXE.format(uri=f"http://127.0.0.1:{server.getsockname()[1]}/secret"))
    try:
        assert [d.code for d in validate.iter_diagnostics(doc)] == ["xml-entity"]
        with pytest.raises(socket.timeout):
            server.accept()
    finally:
        server.close()


def test_utf16_doctype_is_refused_too(tmp_path):
    doc = tmp_path / "xxe16.xml"
    doc.write_bytes(XXE.replace('<?xml version="1.0"?>', '<?xml version="1.0" encoding="UTF-16"?>')
                    .format(uri="file:///etc/passwd").encode("utf-16"))
    with pytest.raises(ValidationError) as info:
        xmlsafe.parse(doc)
    assert info.value.diagnostic.code == "xml-entity"


def test_tei_all_check_never_hands_jing_an_entity(tmp_path):
    pipe = tmp_path / "pipe"
    doc = tmp_path / "xxe.xml"
    doc.write_text(XXE.format(uri=pipe.as_uri()))
    if validate.default_tei_all() is None:
        pytest.skip("tei_all.rng not found: set TEI_ALL_RNG")
    with _FifoWatch(pipe) as watch:
        diagnostics = validate.check_tei_all(doc)
    assert [d.code for d in diagnostics] == ["xml-entity"]
    assert not watch.opened


def test_doctype_without_entities_is_parsed(tmp_path):
    doc = tmp_path / "plain.xml"
    doc.write_text('<?xml version="1.0"?>\n<!DOCTYPE TEI SYSTEM "http://127.0.0.1:9/tei.dtd">\n'
                   '<TEI xmlns="http://www.tei-c.org/ns/1.0"/>\n')
    assert xmlsafe.parse(doc).getroot().tag.endswith("TEI")


def test_syntax_error_has_a_position(tmp_path):
    doc = tmp_path / "bad.xml"
    doc.write_text("<TEI>\n  <p>open\n</TEI>\n")
    with pytest.raises(ValidationError) as info:
        xmlsafe.parse(doc)
    diag = info.value.diagnostic
    assert diag.code == "xml-syntax" and diag.line == 3 and diag.col > 1


def test_fifo_watch_sees_a_reader(tmp_path):
    # control: the watch does detect a parser that resolves the entity
    from lxml import etree
    pipe = tmp_path / "pipe"
    doc = tmp_path / "xxe.xml"
    doc.write_text(XXE.format(uri=pipe.as_uri()))
    with _FifoWatch(pipe) as watch:
        etree.parse(str(doc), etree.XMLParser(resolve_entities=True, no_network=True))
        time.sleep(0.05)
    assert watch.opened
