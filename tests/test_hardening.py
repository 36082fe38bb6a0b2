"""Hardening: encodings, document ids across runs, full and read-only disks, workers that die with the build."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from teiencode.cli import main

EXPORT = ("\nMay 1, 1950\n\n**Letter, Ivanov to Petrov**\n\nТоварищ Петров!\n\nПлан принят.\n\n"
          "Comrade Petrov!\n\nThe plan was approved.\n")


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.mark.parametrize("encoding,bom", [("utf-16-le", b"\xff\xfe"), ("utf-16-be", b"\xfe\xff"),
                                          ("utf-8", b"\xef\xbb\xbf")])
def test_exports_with_a_byte_order_mark_are_read(tmp_path, encoding, bom):
    plain = tmp_path / "plain" / "doc.txt"
    marked = tmp_path / "marked" / "doc.txt"
    for path in (plain, marked):
        path.parent.mkdir()
    plain.write_text(EXPORT, encoding="utf-8")
    marked.write_bytes(bom + EXPORT.replace("\n", "\r\n").encode(encoding))
    for path in (plain, marked):
        result = run("build", path, "-o", path.parent / "out", "-j", "1")
        assert result.exit_code == 0, result.output
    def tei(folder):  # the TEI records the export's hash, which the encoding changes
        return re.sub(r"sha256 [0-9a-f]+", "", (folder / "out" / "doc.tei.xml").read_text(encoding="utf-8"))
    assert "План принят." in tei(plain.parent)
    assert tei(marked.parent) == tei(plain.parent)


def test_utf16_with_a_broken_surrogate_is_a_located_error(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\xff\xfe" + "\nMay 1, 1950\n\n**T**\n\nab".encode("utf-16-le") + b"\x00\xd8" + "c\n".encode("utf-16-le"))
    result = run("build", bad, "-o", tmp_path / "out", "-j", "1")
    assert result.exit_code == 1
    assert f"{bad}:6:3: ERROR E-ENCODING: " in result.stderr and "UTF-16" in result.stderr


# --- document ids ---------------------------------------------------------------------------------

def test_non_latin_names_keep_apart_and_read_as_latin():
    from teiencode.reader import doc_id_for
    names = ["Кабель 1950.txt", "Письмо 1950.txt", "电报 1950.txt", "信 1950.txt", "편지 1956.txt",
             "Café 1950.txt", "Cafe 1950.txt", "a b.txt", "a_b.txt"]
    ids = [doc_id_for(n) for n in names]
    assert len(set(ids)) == len(ids), ids
    assert all(re.fullmatch(r"[A-Za-z0-9_.-]+", i) for i in ids), ids
    assert ids[0].startswith("Kabel_1950") and ids[1].startswith("Pismo_1950")
    assert ids[4].startswith("pyeonji_1956") and ids[5].startswith("Cafe_1950")
    assert doc_id_for("seeds/000_e67b3bb4a698350b.txt") == "000_e67b3bb4a698350b"  # safe names stay


def test_cyrillic_names_built_in_two_runs_keep_both_records(tmp_path):
    out = tmp_path / "out"
    for name in ("Кабель 1950.txt", "Письмо 1950.txt"):
        export = tmp_path / name
        export.write_text(EXPORT.replace("The plan", f"The {name[:3]} plan"), encoding="utf-8")
        assert run("build", export, "-o", out, "-j", "1").exit_code == 0
    assert len(list(out.glob("*.tei.xml"))) == 2


def test_a_build_refuses_to_replace_another_exports_record(tmp_path, monkeypatch):
    first, second = tmp_path / "one" / "letter.txt", tmp_path / "two" / "letter.txt"
    for export, word in ((first, "approved"), (second, "rejected")):
        export.parent.mkdir()
        export.write_text(EXPORT.replace("approved", word), encoding="utf-8")
    out = tmp_path / "out"
    assert run("build", first, "-o", out, "-j", "1").exit_code == 0
    before = (out / "letter.tei.xml").read_bytes()
    result = run("build", second, "-o", out, "-j", "1")
    assert result.exit_code == 1
    line = next(text for text in result.stderr.splitlines() if "E-DUPLICATE-ID" in text)
    assert line.startswith(f"{second}:1:1: ERROR E-DUPLICATE-ID:") and str(first) in line
    assert (out / "letter.tei.xml").read_bytes() == before
    # the same export, named from another folder, is no other record
    monkeypatch.chdir(first.parent)
    assert run("build", "letter.txt", "-o", out, "-j", "1").exit_code == 0


# --- workers die with the build -------------------------------------------------------------------

def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        found += [int(c) for c in (task / "children").read_text().split()]
    return found


def _alive(pid: int) -> bool:
    """Running, not merely a zombie waiting for a parent that does not reap it."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def _outputs(out: Path) -> dict[str, int]:
    return {p.name: p.stat().st_mtime_ns for p in out.iterdir()}


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="needs Linux /proc to find the workers")
def test_workers_die_with_a_killed_build(tmp_path):
    import os
    import signal
    import subprocess
    import sys
    import time
    exports = tmp_path / "exports"
    exports.mkdir()
    for n in range(400):
        (exports / f"doc{n:03}.txt").write_text(EXPORT.replace("approved", f"approved {n} times"), encoding="utf-8")
    out = tmp_path / "out"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    build = subprocess.Popen([sys.executable, "-m", "teiencode.cli", "build", str(exports), "-o", str(out), "-j", "2"],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    try:
        deadline = time.monotonic() + 60
        while not (out.is_dir() and any(out.glob("*.tei.xml"))):
            assert build.poll() is None and time.monotonic() < deadline, "the build ended before it was killed"
            time.sleep(0.01)
        workers = _children(build.pid)
        assert workers, "the build has no worker processes"
        build.send_signal(signal.SIGKILL)
        build.wait()
        deadline = time.monotonic() + 5
        while any(map(_alive, workers)) and time.monotonic() < deadline:
            time.sleep(0.01)
        assert not [w for w in workers if _alive(w)], "a worker outlived the build"
        after_kill = _outputs(out)
        time.sleep(1.5)
        assert _outputs(out) == after_kill, "a file was written after the build was killed"
        assert len(list(out.glob("*.tei.xml"))) < 400, "the build finished before it was killed"
    finally:
        for pid in [build.pid, *workers] if "workers" in locals() else [build.pid]:
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass


# --- full, read-only and forbidden folders: real ones, in a private mount namespace ---------------

_LINE = re.compile(r"^\S.*:\d+:\d+: (ERROR|WARNING) [A-Z-]+: ")


def _env():
    import os
    import sys
    return {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}


def _mounts_or_skip(tmp_path):
    """Skip (saying why) unless this process may mount a tmpfs in a private mount namespace."""
    import shutil
    import subprocess
    if not shutil.which("unshare"):
        pytest.skip("unshare(1) is not installed: cannot make a full or read-only folder")
    probe = tmp_path / "probe"
    probe.mkdir()
    done = subprocess.run(["unshare", "-m", "--propagation", "private", "mount", "-t", "tmpfs", "tmpfs",
                           str(probe)], capture_output=True, text=True)
    if done.returncode:
        pytest.skip(f"cannot mount a tmpfs in a private mount namespace: {done.stderr.strip()}")


def _in_namespace(script: str) -> "subprocess.CompletedProcess":
    """Run a shell script with its own mounts: what it mounts is gone when it ends, and no one else sees it."""
    import subprocess
    import sys
    return subprocess.run(["unshare", "-m", "--propagation", "private", "sh", "-c", script], capture_output=True,
                          text=True, env={**_env(), "TEIENCODE": f"{sys.executable} -m teiencode.cli"}, timeout=300)


def _sections(output: str) -> dict[str, list[str]]:
    """The script's output, by the '== name' markers it prints."""
    sections: dict[str, list[str]] = {}
    current = sections.setdefault("", [])
    for line in output.splitlines():
        if line.startswith("== "):
            current = sections.setdefault(line[3:], [])
        else:
            current.append(line)
    return sections


def test_read_only_folder_every_command_is_clean(tmp_path):
    _mounts_or_skip(tmp_path)
    export = tmp_path / "doc.txt"
    export.write_text(EXPORT, encoding="utf-8")
    ro = tmp_path / "ro"
    ro.mkdir()
    commands = {
        "build": f"build {export} -o {ro}/build -j 1 --force",
        "build-new": f"build {export} -o {ro}/new -j 2",
        "validate": f"validate {ro}/build/doc.tei.xml",
        "render": f"render {ro}/build/doc.tei.xml",
        "text": f"text {ro}/build/doc.tei.xml -o {ro}/build/doc.txt",
        "deposit": f"deposit {ro}/build -o {ro}/deposit",
        "schemas": f"schemas --out {ro}/schemas --no-xsd",
        "align": f"align {export}",
        "conventions": "conventions",
    }
    runs = "\n".join(f'echo "== {name}" >&2; $TEIENCODE {args} >/dev/null; echo "rc=$?" >&2'
                     for name, args in commands.items())
    done = _in_namespace(f"""set -e
mount -t tmpfs -o size=8m tmpfs {ro}
$TEIENCODE build {export} -o {ro}/build -j 1 >/dev/null
(cd {ro} && find . -type f | sort | xargs sha256sum) > {tmp_path}/before
mount -o remount,ro {ro}
set +e
{runs}
(cd {ro} && find . -type f | sort | xargs sha256sum) > {tmp_path}/after
""")
    assert done.returncode == 0, done.stderr
    sections = _sections(done.stderr)
    writes = {"build", "build-new", "render", "text", "deposit", "schemas"}
    for name in commands:
        lines = sections[name]
        assert "Traceback" not in "\n".join(lines), (name, lines)
        rc = lines[-1]
        problems = lines[:-1]
        if name in writes:
            assert rc == "rc=1", (name, lines)
            assert len(problems) == 1 and _LINE.match(problems[0]), (name, problems)
            assert "ERROR E-IO:" in problems[0] and "Read-only file system" in problems[0], (name, problems)
        else:
            assert rc == "rc=0" and problems == [], (name, lines)
    before = (tmp_path / "before").read_text()
    assert (tmp_path / "after").read_text() == before
    assert ".teiencode.lock" in before and ".teiencode-manifest.json" in before


def test_disk_full_mid_build_stops_cleanly(tmp_path):
    import json
    _mounts_or_skip(tmp_path)
    exports = tmp_path / "exports"
    exports.mkdir()
    for n in range(120):
        (exports / f"doc{n:03}.txt").write_text(EXPORT.replace("approved", f"approved {n} times"), encoding="utf-8")
    full = tmp_path / "full"
    full.mkdir()
    # room for two documents' TEI, views, register pages and previous/next pages (each file a 4k
    # page of tmpfs), not for 120
    done = _in_namespace(f"""
mount -t tmpfs -o size=640k tmpfs {full} || exit 99
$TEIENCODE build {exports}/doc000.txt {exports}/doc001.txt -o {full}/out -j 1 --no-search >/dev/null || exit 98
cp {full}/out/.teiencode-manifest.json {tmp_path}/manifest-before
$TEIENCODE build {exports} -o {full}/out -j 2
echo "rc=$?"
cp -r {full}/out {tmp_path}/out-after
""")
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == "rc=1", done.stdout
    assert "Traceback" not in done.stderr and "E-INTERNAL" not in done.stderr
    errors = done.stderr.splitlines()
    assert all(_LINE.match(line) for line in errors), errors
    assert any("No space left on device" in line for line in errors)
    assert 1 <= len(errors) <= 4, errors  # the document that hit the full disk, the stop, the manifest
    after = tmp_path / "out-after"
    assert (after / ".teiencode.lock").exists()
    manifest = json.loads((after / ".teiencode-manifest.json").read_text())
    earlier = json.loads((tmp_path / "manifest-before").read_text())
    assert earlier["documents"].items() <= manifest["documents"].items()
    assert not [p.name for p in after.iterdir() if p.name.endswith(".tmp")]
    from lxml import etree
    for tei in after.glob("*.tei.xml"):
        etree.parse(str(tei))  # whole, never half-written
    assert len(list(after.glob("*.tei.xml"))) < 120


def test_a_folder_without_write_permission_is_one_clean_line(tmp_path):
    import shutil
    import subprocess
    import sys
    if not shutil.which("unshare"):
        pytest.skip("unshare(1) is not installed: cannot drop the right to ignore permissions")
    # In a user namespace of its own, even root's process has no right over root's files but the
    # owner's: a folder of mode 555 cannot be written, as for any user without permission.
    as_nobody = ["unshare", "-U", sys.executable, "-m", "teiencode.cli"]
    probe = subprocess.run([*as_nobody, "conventions"], capture_output=True, text=True, env=_env())
    if probe.returncode:
        pytest.skip(f"cannot run teiencode in a user namespace here: {probe.stderr.strip()[-200:]}")
    export = tmp_path / "doc.txt"
    export.write_text(EXPORT, encoding="utf-8")
    assert run("build", export, "-o", tmp_path, "-j", "1").exit_code == 0
    closed = tmp_path / "closed"
    closed.mkdir()
    closed.chmod(0o555)
    for args in (["build", export, "-o", closed / "out", "-j", "1"], ["build", export, "-o", closed, "-j", "2"],
                 ["render", tmp_path / "doc.tei.xml", "-o", closed],
                 ["text", tmp_path / "doc.tei.xml", "-o", closed / "x.txt"],
                 ["deposit", tmp_path, "-o", closed]):
        done = subprocess.run([*as_nobody, *map(str, args)], capture_output=True, text=True, env=_env())
        assert done.returncode == 1, (args, done.stderr)
        lines = done.stderr.splitlines()
        assert len(lines) == 1 and _LINE.match(lines[0]) and "E-IO" in lines[0], (args, lines)
        assert "Permission denied" in lines[0]
    assert list(closed.iterdir()) == []


# --- a record that fails names its export, not a TEI file that was never written ------------------

CITED = ("\nMay 1, 1950\n\n**Letter, Ivanov to Petrov**\n\nCitation:\n\n\"Letter from Ivanov to Petrov,\" May 1, 1950, "
         "State Archive, fond 1. https://example.org/document/1\n\nТоварищ Петров!\n\nПлан принят.\n\n"
         "Comrade Petrov!\n\nThe plan was approved.\n")


@pytest.mark.parametrize("xpath,where", [
    ("//t:text//t:p[contains(., 'The plan')]", (16, 1)),  # a paragraph of the translation
    ("//t:teiHeader//t:bibl//t:ref", (8, 1)),  # the citation's URL, in the Citation field
])
def test_an_invalid_record_is_reported_at_its_export(tmp_path, monkeypatch, xpath, where):
    from teiencode import pipeline
    from teiencode.batch import build_many
    encode = pipeline.encode

    def broken(doc, config):  # stands for any encoder bug: an attribute the schema does not allow
        tree = encode(doc, config)
        (element,) = tree.xpath(xpath, namespaces={"t": "http://www.tei-c.org/ns/1.0"})
        element.set("unknownAttribute", "x")
        return tree

    monkeypatch.setattr(pipeline, "encode", broken)
    export = tmp_path / "letter.txt"
    export.write_text(CITED, encoding="utf-8")
    out = tmp_path / "out"
    (result,) = build_many([export], out, jobs=1).results
    assert result.status == "failed"
    errors = [d for d in result.diagnostics if d.level == "error"]
    assert errors and all(d.path == str(export) for d in errors), errors
    assert (errors[0].line, errors[0].col) == where, errors
    assert "unknownAttribute" in errors[0].message
    assert not (out / "letter.tei.xml").exists()
    assert result.output is None


def test_disk_full_render_text_deposit_are_clean(tmp_path):
    _mounts_or_skip(tmp_path)
    export = tmp_path / "letter.txt"
    export.write_text(CITED, encoding="utf-8")
    built = tmp_path / "built"
    assert run("build", export, "-o", built, "-j", "1").exit_code == 0
    full = tmp_path / "full"
    full.mkdir()
    tei = built / "letter.tei.xml"
    commands = {"render": f"render {tei} -o {full}", "text": f"text {tei} -o {full}/doc.txt",
                "deposit": f"deposit {built} -o {full}/deposit", "deposit-zip": f"deposit {built} -o {full}/zip --zip"}
    runs = "\n".join(f'echo "== {name}" >&2; $TEIENCODE {args} >/dev/null; echo "rc=$?" >&2; '
                     f'find {full} -name "*.tmp" >&2' for name, args in commands.items())
    # a small disk, filled up
    done = _in_namespace(f"mount -t tmpfs -o size=64k tmpfs {full}\n"
                         f"head -c 1000000 /dev/zero > {full}/filler 2>/dev/null\n{runs}")
    sections = _sections(done.stderr)
    for name in commands:
        lines = sections[name]
        assert lines[-1] == "rc=1" and len(lines) == 2, (name, lines)
        assert _LINE.match(lines[0]) and "ERROR E-IO:" in lines[0] and "No space left" in lines[0], (name, lines)
        assert str(full) in lines[0], "the error names the full folder, not a source file"
