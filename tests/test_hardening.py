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
