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
