"""Batch builds: all cores, incremental manifest, hand edits kept, atomic writes that survive a kill."""
from __future__ import annotations

import importlib.util
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from lxml import etree

from teiencode import batch, pipeline
from teiencode.batch import MANIFEST_NAME, build_many, read_manifest, write_report
from teiencode.diagnostics import TeiencodeError

HERE = Path(__file__).parent
REPO = HERE.parent
SEED = REPO / "seeds" / "000_e67b3bb4a698350b.txt"
CORPUS = REPO.parent / "shared" / "corpus"
TEI_NS = "{http://www.tei-c.org/ns/1.0}"


def _bench():
    """bench/bench_pipeline.py as a module: its corpus synthesiser makes the many-document inputs."""
    spec = importlib.util.spec_from_file_location("bench_pipeline", REPO / "bench" / "bench_pipeline.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(autouse=True)
def _reproducible(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")


@pytest.fixture
def exports(tmp_path) -> list[Path]:
    """The seed and the corpus records, copied so a test may change them."""
    folder = tmp_path / "exports"
    folder.mkdir()
    sources = [SEED, *sorted(CORPUS.glob("[0-9]*.txt"))]
    return [Path(shutil.copy(p, folder / p.name)) for p in sources]


def _built(result, status=("built",)):
    return [r for r in result.results if r.status in status]


def _outputs(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())
            if p.name.endswith((".tei.xml", ".html"))}


def test_build_then_rebuild_skips_everything(exports, tmp_path):
    out = tmp_path / "out"
    first = build_many(exports, out, jobs=1)
    assert _built(first), first.summary()
    for r in _built(first):
        assert Path(r.output).is_file() and len(r.views) == 3 and all(Path(v).is_file() for v in r.views)
        assert r.seconds["convert"] > 0
    manifest = read_manifest(out)
    assert set(manifest["documents"]) == {r.doc_id for r in _built(first)}
    before = {p: p.stat().st_mtime_ns for p in out.iterdir() if not p.name.startswith(".")}
    again = build_many(exports, out, jobs=1)
    assert [r.doc_id for r in _built(again, ("unchanged",))] == [r.doc_id for r in _built(first)]
    assert {p: p.stat().st_mtime_ns for p in out.iterdir() if not p.name.startswith(".")} == before
    assert again.counts()["unchanged"] == len(_built(first))


def test_a_changed_export_is_rebuilt_alone(exports, tmp_path):
    out = tmp_path / "out"
    first = build_many(exports, out, jobs=1)
    target = _built(first)[0]
    source = Path(target.source)
    source.write_text(source.read_text(encoding="utf-8") + "\n[Translator's note: added later]\n", encoding="utf-8")
    again = build_many(exports, out, jobs=1)
    statuses = {r.doc_id: r.status for r in again.results}
    assert statuses[target.doc_id] == "built"
    assert "added later" in Path(target.output).read_text(encoding="utf-8")
    assert sum(1 for s in statuses.values() if s == "built") == 1


def test_the_index_from_worker_entries_is_the_index_from_the_files(exports, tmp_path):
    """Built documents give the index their entries from the worker; the others are read from disk."""
    from teiencode import render
    out = tmp_path / "out"
    build_many(exports, out, jobs=2)
    source = exports[0]
    text = source.read_text(encoding="utf-8")
    title = next(line for line in text.split("\n") if line.startswith("**"))
    source.write_text(text.replace(title, title.replace("**", "**Changed: ", 1), 1), encoding="utf-8")
    again = build_many(exports, out, jobs=2)
    assert [r.status for r in again.results].count("built") == 1
    built = (out / "index.html").read_bytes()
    assert b"Changed: " in built
    from_files = render.render_index(sorted(out.glob("*.tei.xml")), out / "index-from-files.html")
    assert from_files.read_bytes() == built


def test_one_failure_never_stops_the_others(exports, tmp_path, monkeypatch):
    empty = exports[0].parent / "zz_empty.txt"
    empty.write_text("\n   \n", encoding="utf-8")
    real_convert = pipeline.convert

    def broken(path, *args, **kwargs):  # a converter bug on one document
        if Path(path).name.startswith("03_"):
            raise ValueError("boom")
        return real_convert(path, *args, **kwargs)

    monkeypatch.setattr(pipeline, "convert", broken)
    result = build_many([*exports, empty], tmp_path / "out", jobs=1)
    by_name = {Path(r.source).name: r for r in result.results}
    assert by_name["zz_empty.txt"].status == "failed"
    assert by_name["zz_empty.txt"].diagnostics[-1].code == "E-EMPTY"
    bug = by_name[next(n for n in by_name if n.startswith("03_"))]
    assert bug.status == "failed" and bug.diagnostics[-1].code == "E-INTERNAL"
    assert "ValueError: boom" in bug.diagnostics[-1].message
    assert result.failed and _built(result)
    assert result.counts()["failed"] >= 2


def test_parallel_build_writes_the_same_bytes(exports, tmp_path):
    one = build_many(exports, tmp_path / "one", jobs=1)
    two = build_many(exports, tmp_path / "two", jobs=2)
    assert [r.status for r in one.results] == [r.status for r in two.results]
    assert two.jobs == 2
    assert _outputs(tmp_path / "one") == _outputs(tmp_path / "two")


def test_progress_and_report(exports, tmp_path):
    calls = []
    result = build_many(exports, tmp_path / "out", jobs=2, progress=lambda r, done, total: calls.append((done, total)))
    assert calls == [(i + 1, len(exports)) for i in range(len(exports))]
    report = json.loads(write_report(result, tmp_path / "report.json").read_text(encoding="utf-8"))
    assert report["counts"] == result.counts()
    assert [d["source"] for d in report["documents"]] == [str(p) for p in exports]
    assert {"convert", "render"} <= set(report["stage_seconds"])
    assert "documents/s" in result.summary()


def test_hand_edit_survives_a_rebuild(exports, tmp_path):
    out = tmp_path / "out"
    first = build_many(exports, out, jobs=1)
    doc = _built(first)[0]
    tei = Path(doc.output)
    edited = tei.read_text(encoding="utf-8").replace("</title>", " (corrected by hand)</title>", 1)
    tei.write_text(edited, encoding="utf-8")

    again = build_many(exports, out, jobs=1)
    result = next(r for r in again.results if r.doc_id == doc.doc_id)
    assert result.status == "kept"
    assert any(d.code == "W-HAND-EDIT" and d.path == str(tei) for d in result.diagnostics)
    assert tei.read_text(encoding="utf-8") == edited
    # The views show the correction: they are rendered from the TEI as it is on disk.
    assert "corrected by hand" in Path(result.views[0]).read_text(encoding="utf-8")

    # Still kept when the export itself changes, and again on the build after that.
    Path(doc.source).write_text(Path(doc.source).read_text(encoding="utf-8") + "\nA new last line.\n",
                                encoding="utf-8")
    for _ in range(2):
        result = next(r for r in build_many(exports, out, jobs=2).results if r.doc_id == doc.doc_id)
        assert result.status == "kept" and "export has changed" in result.diagnostics[-1].message
        assert tei.read_text(encoding="utf-8") == edited


def test_force_backs_up_the_hand_edit(exports, tmp_path):
    out = tmp_path / "out"
    doc = _built(build_many(exports, out, jobs=1))[0]
    tei = Path(doc.output)
    generated = tei.read_bytes()
    tei.write_bytes(generated.replace(b"</title>", b" [edited]</title>", 1))
    edited = tei.read_bytes()
    result = next(r for r in build_many(exports, out, jobs=1, force=True).results if r.doc_id == doc.doc_id)
    assert result.status == "built"
    assert any(d.code == "W-BACKUP" for d in result.diagnostics)
    assert tei.read_bytes() == generated
    assert (out / f"{tei.name}.bak-1").read_bytes() == edited
    # A second forced edit gets the next number; the first backup stays.
    tei.write_bytes(edited + b"<!-- again -->\n")
    build_many(exports, out, jobs=1, force=True)
    assert (out / f"{tei.name}.bak-1").read_bytes() == edited
    assert (out / f"{tei.name}.bak-2").read_bytes().endswith(b"<!-- again -->\n")


def test_a_stylesheet_change_renders_views_without_encoding(exports, tmp_path, monkeypatch):
    from teiencode import render
    xslt = tmp_path / "xslt"
    shutil.copytree(render.xslt_dir(), xslt)
    monkeypatch.setenv("TEIENCODE_XSLT", str(xslt))
    out = tmp_path / "out"
    first = build_many(exports, out, jobs=1)
    teis = {r.output: Path(r.output).stat().st_mtime_ns for r in _built(first)}
    with open(xslt / "teiencode.css", "a", encoding="utf-8") as css:
        css.write("\n/* restyled */\n")
    again = build_many(exports, out, jobs=2)
    assert {r.status for r in again.results if r.output in teis} == {"rendered"}
    assert all("convert" not in r.seconds for r in again.results if r.output in teis)
    assert {o: Path(o).stat().st_mtime_ns for o in teis} == teis
    view = Path(next(r for r in again.results if r.output in teis).views[0])
    assert "/* restyled */" in view.read_text(encoding="utf-8")


def test_duplicate_document_ids_fail_the_second(tmp_path):
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        shutil.copy(SEED, tmp_path / folder / "same.txt")
    result = build_many([tmp_path / "a" / "same.txt", tmp_path / "b" / "same.txt"], tmp_path / "out", jobs=1)
    assert result.results[0].status != "failed" or result.results[0].diagnostics[-1].code != "E-DUPLICATE-ID"
    assert result.results[1].status == "failed"
    assert result.results[1].diagnostics[0].code == "E-DUPLICATE-ID"


def test_a_locked_folder_is_refused(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    script = ("import fcntl, sys, time\nh = open(sys.argv[1], 'a+b'); fcntl.lockf(h, fcntl.LOCK_EX)\n"
              "print('locked', flush=True); time.sleep(60)")
    holder = subprocess.Popen([sys.executable, "-c", script, str(out / batch.LOCK_NAME)], stdout=subprocess.PIPE,
                              text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        with pytest.raises(TeiencodeError) as caught:
            build_many([SEED], out, jobs=1)
    finally:
        holder.kill()
        holder.wait()
    assert caught.value.diagnostic.code == "E-LOCKED"
    assert build_many([SEED], out, jobs=1).results  # free again once the holder is gone


def test_manifest_saves_are_paced_by_what_saving_costs(tmp_path, monkeypatch):
    # a build saves the manifest every 2 s, but never spends more than 1/20 of its time doing so
    clock, costs, saves = [0.0], [0.0, 1.0], []
    monkeypatch.setattr(batch.time, "monotonic", lambda: clock[0])
    real_write = batch.write_atomic

    def write(path, data, **options):
        saves.append(clock[0])
        clock[0] += costs.pop(0) if costs else 0.0  # the time this save takes
        return real_write(path, data, **options)
    monkeypatch.setattr(batch, "write_atomic", write)
    saver = batch._ManifestSaver(tmp_path, {"format": batch.MANIFEST_FORMAT, "documents": {}})
    for n in range(60):
        clock[0] += 1.0
        saver.record(f"d{n}", {"n": n})
    # 2 s at first; after the save that took 1 s, 20 s; after one that took nothing, 2 s again
    assert saves[:4] == [3.0, 6.0, 28.0, 31.0]
    assert read_manifest(tmp_path)["documents"]["d30"] == {"n": 30}


def test_a_broken_manifest_rebuilds_without_losing_files(exports, tmp_path):
    out = tmp_path / "out"
    first = build_many(exports, out, jobs=1)
    (out / MANIFEST_NAME).write_text("{ not json", encoding="utf-8")
    again = build_many(exports, out, jobs=1)
    assert any(d.code == "W-MANIFEST" for d in again.diagnostics)
    # The files equal what the build makes, so none is mistaken for a hand edit.
    assert [r.status for r in again.results] == [r.status for r in first.results]


_KILLABLE = """
import sys
from pathlib import Path
from teiencode.batch import build_many
build_many(sorted(Path(sys.argv[1]).glob("*.txt")), sys.argv[2], jobs=2)
"""


def test_a_killed_build_leaves_no_broken_file_and_the_next_one_finishes(tmp_path):
    src = tmp_path / "exports"
    _bench().make_corpus(60, src, [SEED, *sorted(CORPUS.glob("[0-9]*.txt"))])
    out = tmp_path / "out"
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000"}
    proc = subprocess.Popen([sys.executable, "-c", _KILLABLE, str(src), str(out)], env=env,
                            start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        if out.is_dir() and sum(1 for _ in out.glob("*.tei.xml")) >= 5:
            break
        time.sleep(0.005)
    if proc.poll() is not None:
        pytest.skip(f"the build ended before it could be killed: {proc.stderr.read()[-500:]!r}")
    os.killpg(proc.pid, signal.SIGKILL)  # the whole group: the workers die mid-write too
    proc.wait()

    written = sorted(out.glob("*.tei.xml"))
    assert 5 <= len(written) < 60, "killed midway"
    for tei in written:
        root = etree.parse(str(tei)).getroot()  # raises on a truncated file
        assert root.tag == TEI_NS + "TEI"
    for view in out.glob("*.html"):
        assert view.read_text(encoding="utf-8").rstrip().endswith("</html>"), view
    if (out / MANIFEST_NAME).exists():
        json.loads((out / MANIFEST_NAME).read_text(encoding="utf-8"))

    again = build_many(sorted(src.glob("*.txt")), out, jobs=2)
    assert not [r for r in again.results if r.status == "kept"], "a file of the killed build taken for a hand edit"
    reference = build_many(sorted(src.glob("*.txt")), tmp_path / "reference", jobs=2)
    assert [r.failed for r in again.results] == [r.failed for r in reference.results]
    assert _outputs(out) == _outputs(tmp_path / "reference")
    assert not [p.name for p in out.iterdir() if p.name.endswith(".tmp")]
    try:
        from teiencode.validate import is_valid
    except ImportError:
        return
    assert all(is_valid(tei) for tei in out.glob("*.tei.xml"))


def test_cli_build_many_options(tmp_path):
    from click.testing import CliRunner

    from teiencode.cli import main
    if "jobs" not in {p.name for p in main.commands["build"].params}:
        pytest.skip("`teiencode build` has no --jobs/--force/--report yet")
    out, report = tmp_path / "out", tmp_path / "report.json"
    runner = CliRunner()
    first = runner.invoke(main, ["build", str(SEED), "-o", str(out), "-j", "1", "--report", str(report)])
    assert first.exit_code == 0, first.output
    assert "[1/1] built" in first.output and "1 built" in first.output
    assert json.loads(report.read_text(encoding="utf-8"))["counts"]["built"] == 1
    again = runner.invoke(main, ["build", str(SEED), "-o", str(out)])
    assert again.exit_code == 0 and "1 unchanged" in again.output
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    failing = runner.invoke(main, ["build", str(SEED), str(empty), "-o", str(out), "-j", "2"])
    assert failing.exit_code == 1 and "1 failed" in failing.output
