"""The command line: exit codes, one located line per user error, never a traceback or a half-written file."""
from __future__ import annotations


import pytest
from click.testing import CliRunner

from conftest import ROOT, SEED
from teiencode.cli import main


def run(*args):
    return CliRunner().invoke(main, list(args))


def test_build_seed(tmp_path):
    result = run("build", str(SEED), "-o", str(tmp_path))
    assert result.exit_code == 0, result.output
    assert (tmp_path / "000_e67b3bb4a698350b.tei.xml").is_file()


@pytest.mark.parametrize("content,code,where", [
    (b"", "E-EMPTY", ":1:1:"),
    (b"\n\nMay 1, 1950\n\n**Title**\n\nText \xff here\n", "E-ENCODING", ":7:6:"),
    (b"\nMay 1, 1950\n\n**\n", "E-TITLE", ":4:"),
    (b"\nSomething else\n\n**Title**\n", "E-HEADER", ":2:1:"),
    (b"\nMay 1, 1950\n\n**Title never closed\n\nText\n", "E-TITLE", ":4:"),
])
def test_bad_input_fails_with_a_located_line(tmp_path, content, code, where):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    good = tmp_path / "good.txt"
    good.write_bytes(SEED.read_bytes())
    out = tmp_path / "out"
    result = run("build", str(bad), str(good), "-o", str(out))
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    line = next(text for text in result.output.splitlines() if code in text)
    assert line.startswith(str(bad) + where)
    assert (out / "good.tei.xml").is_file(), "the good document still builds"
    assert not (out / "bad.tei.xml").exists()
    assert not [p for p in out.iterdir() if p.name.endswith(".tmp")]


def test_unbalanced_and_unknown_brackets_warn_and_keep_text(tmp_path):
    src = tmp_path / "doc.txt"
    src.write_text("\nMay 1, 1950\n\n**Title**\n\nThe plan [was approved and\n\nthe [Code: 7-B] was sent.\n")
    result = run("build", str(src), "-o", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    assert f"{src}:6:10: WARNING W-UNBALANCED" in result.output
    assert f"{src}:8:5: WARNING W-UNKNOWN-BRACKET" in result.output
    tei = (tmp_path / "out" / "doc.tei.xml").read_text()
    assert '<note rend="brackets" type="unknown">Code: 7-B</note>' in tei
    assert "The plan [was approved and" in tei


def test_usage_errors_exit_2(tmp_path):
    assert run("build", str(tmp_path / "missing.txt")).exit_code == 2
    assert run("build", "--no-such-option").exit_code == 2


def test_readme_lists_every_convention():
    from teiencode.conventions import markdown_table
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert markdown_table() in readme, "README's convention table is stale: paste `teiencode conventions`"
