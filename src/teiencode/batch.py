"""Batch builds: many exports on all cores, incremental through a manifest, hand edits kept."""
from __future__ import annotations

import concurrent.futures as cf
import errno
import functools
import hashlib
import json
import os
import pickle
import re
import sys
import tempfile
import time
import traceback
from array import array
from collections import deque
from collections.abc import Callable, Iterator, MutableMapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, fields
from pathlib import Path

from lxml import etree

from . import __version__
from .config import Config
from .diagnostics import Diagnostic, FileError, TeiencodeError
from .fileio import write_atomic
from .pipeline import DocumentResult

MANIFEST_NAME = ".teiencode-manifest.json"
LOCK_NAME = ".teiencode.lock"
MANIFEST_FORMAT = 1
STATUSES = ("built", "rendered", "unchanged", "kept", "failed")

# The temporary files of fileio.write_atomic: ".<name>.<mkstemp suffix>.tmp".
_STALE_TMP = re.compile(r"^\..+\.[A-Za-z0-9_]{8}\.tmp$")
# How often the manifest is saved during a long build, so a killed build loses little; at least
# this many times as long as saving took, so that an archive's large manifest costs the build
# no more than a small share of one core.
_FLUSH_SECONDS = 2.0
_FLUSH_SHARE = 20

Progress = Callable[[DocumentResult, int, int], None]
# Errors that mean no document can be written into the output folder: a build stops at the first.
_FOLDER_CLOSED = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EACCES, errno.EPERM})


@dataclass
class BuiltDocument(DocumentResult):
    """A document's result in a batch: the views written and the seconds each stage took."""

    views: list[str] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)
    # the document's row of the collection index, made while the worker had its tree
    index_row: "render.IndexRow | None" = field(default=None, repr=False)
    # the output folder takes no more writes (full, read-only, no permission): the batch stops
    stop: bool = field(default=False, repr=False)


@dataclass
class BatchResult:
    """What a batch build did: one result per export (in input order) and the totals."""

    results: Sequence[BuiltDocument]  # a build's are on disk (:class:`_SpooledResults`)
    out_dir: str
    jobs: int
    elapsed: float
    diagnostics: list[Diagnostic] = field(default_factory=list)  # about the batch, not one document

    @property
    def failed(self) -> bool:
        return any(r.failed for r in self.results) or any(d.level == "error" for d in self.diagnostics)

    def counts(self) -> dict[str, int]:
        """Documents per status, plus the number of warnings."""
        counts = {status: 0 for status in STATUSES}
        for r in self.results:
            counts[r.status] = counts.get(r.status, 0) + 1
        counts["warnings"] = sum(1 for r in self.results for d in r.diagnostics if d.level == "warning")
        counts["warnings"] += sum(1 for d in self.diagnostics if d.level == "warning")
        return counts

    def stage_seconds(self) -> dict[str, float]:
        """Seconds spent in each stage, summed over documents (CPU-side, not wall time)."""
        total: dict[str, float] = {}
        for r in self.results:
            for stage, seconds in r.seconds.items():
                total[stage] = total.get(stage, 0.0) + seconds
        return total

    def summary(self) -> str:
        """One line for people: counts, time and rate."""
        c = self.counts()
        n = len(self.results)
        rate = n / self.elapsed if self.elapsed > 0 else 0.0
        return (f"{n} document{'s' * (n != 1)}: {c['built']} built, {c['rendered']} views re-rendered, "
                f"{c['unchanged']} unchanged, {c['kept']} kept (edited by hand), {c['failed']} failed; "
                f"{c['warnings']} warning{'s' * (c['warnings'] != 1)}; "
                f"{self.elapsed:.1f} s ({rate:.1f} documents/s, {self.jobs} job{'s' * (self.jobs != 1)})")


@dataclass(frozen=True)
class _Settings:
    """What every worker needs to know, sent once per chunk."""

    out_dir: str
    config: Config
    validate: bool
    force: bool
    encode_key: str  # tool + configuration + schemas: a change re-encodes
    views_key: str  # tool + stylesheets: a change re-renders the views only


def default_jobs() -> int:
    """The number of cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def build_many(paths: list[str | Path], out_dir: str | Path, config: Config | None = None, *,
               jobs: int | None = None, force: bool = False, validate: bool = True,
               progress: Progress | None = None, search: bool | None = None) -> BatchResult:
    """Build every export into ``out_dir``: TEI, validation, views; skip what has not changed.

    A failing document never stops the others; errors become diagnostics on its result.
    A TEI file edited after it was generated is left alone (status ``kept``, with a warning)
    unless ``force``, which first copies it to ``<id>.tei.xml.bak-<n>``.

    :param paths: export files (see :func:`teiencode.pipeline.find_exports` for folders)
    :param out_dir: the output folder; it holds the manifest ``.teiencode-manifest.json``
    :param config: edition facts (defaults when omitted)
    :param jobs: worker processes (default: all cores); 1 builds in this process
    :param force: rebuild everything and replace hand-edited TEI (after a backup)
    :param validate: check each TEI against the edition schema before writing it
    :param progress: called as ``progress(result, done, total)`` after each document
    :param search: index the built pages for full-text search (Pagefind); default: when it is installed
    :raises TeiencodeError: another build is writing to ``out_dir``
    """
    from . import render
    started = time.perf_counter()
    config = config or Config()
    out = Path(out_dir)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise FileError(exc, out, "make the output folder") from None
    paths = list(paths)  # the caller's objects: a copy of thousands of Paths would double them
    jobs = max(1, jobs or default_jobs())
    batch_diags: list[Diagnostic] = []
    with _locked(out):
        _remove_stale_temporaries(out)
        manifest = _load_manifest(out, batch_diags)
        settings = _Settings(str(out), config, validate, force, _encode_key(config, validate),
                             _views_key(batch_diags))
        results = _SpooledResults(len(paths))  # on disk, like the index rows: the main process
        tasks = _plan(paths, manifest, out, results)  # stays small however many documents
        saver = _ManifestSaver(out, manifest)
        index_rows = render.IndexRows()
        done = 0
        changed = False
        for result in results:
            done += 1
            if progress:
                progress(result, done, len(paths))
        stopped: Diagnostic | None = None
        workers = min(jobs, len(tasks))
        jobs_used = min(jobs, max(1, len(tasks)))
        stream = (_in_process(tasks, settings) if workers <= 1 else _in_pool(tasks, settings, workers))
        try:
            try:
                for index, result, entry in stream:
                    try:
                        saver.record(result.doc_id, entry)
                    except FileError as exc:
                        stopped = exc.diagnostic
                    if result.index_row is not None:
                        index_rows.add(result.output, result.index_row)
                        result.index_row = None
                    results.put(index, result)
                    changed = changed or result.status in ("built", "rendered", "kept")
                    done += 1
                    if progress:
                        progress(result, done, len(paths))
                    if result.stop and stopped is None:
                        stopped = next(d for d in result.diagnostics if d.code == "E-IO")
                    if stopped is not None:
                        break  # every other document would fail the same way, each with its own line
            finally:
                stream.close()
                try:
                    saver.save()
                except FileError as exc:  # the manifest saved last is still there
                    batch_diags.append(exc.diagnostic)
            indexed = False
            if stopped is not None:
                _stop(tasks, results, out, stopped, batch_diags)
            elif changed or not (out / "index.html").exists():
                del tasks  # the index is made without them: one record less held at its peak
                _index(out, batch_diags, index_rows, config)
                indexed = True
        finally:
            index_rows.close()
        from .site import search as site_search
        if stopped is None and site_search.wanted(search) and (indexed or not site_search.present(out)):
            batch_diags.extend(site_search.index_site(out))
    return BatchResult(results, str(out), jobs_used, time.perf_counter() - started, batch_diags)


def _stop(tasks: list, results: _SpooledResults, out: Path, cause: Diagnostic,
          batch_diags: list[Diagnostic]) -> None:
    """Mark the exports a stopped build did not reach as failed, with one line for all of them."""
    missing = [task for task in tasks if not results.known(task[0])]
    for index, path, doc_id, _ in missing:
        results.put(index, BuiltDocument(path, doc_id, status="failed"))
    if missing:
        batch_diags.append(Diagnostic(
            "error", "E-IO", f"the build stopped ({cause.path}: {cause.message}); {len(missing)} "
            f"export{'s' * (len(missing) != 1)} not built; what was written so far is "
            "kept: free space or fix the folder's permissions, then build again", str(out)))


class _SpooledResults(Sequence):
    """Every export's result, in input order, pickled into a temporary file as it comes: only an
    offset per export stays in memory (8 bytes, where the result itself takes over a kilobyte), so
    the main process of a build does not grow with its results. Reading one unpickles it anew."""

    def __init__(self, count: int):
        self._file = tempfile.TemporaryFile()
        self._offsets = array("q", [-1]) * count  # -1: no result yet

    def put(self, index: int, result: BuiltDocument) -> None:
        self._offsets[index] = self._file.seek(0, os.SEEK_END)
        pickle.dump(result, self._file, protocol=pickle.HIGHEST_PROTOCOL)

    def known(self, index: int) -> bool:
        return self._offsets[index] >= 0

    def __len__(self) -> int:
        return len(self._offsets)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        offset = self._offsets[index]
        if offset < 0:
            raise LookupError(f"no result yet for export {index}")
        self._file.seek(offset)
        return pickle.load(self._file)

    def __iter__(self) -> Iterator[BuiltDocument]:
        # the results known so far (all of them once the build is done), in input order
        return (self[i] for i in range(len(self)) if self._offsets[i] >= 0)


def _index(out: Path, diagnostics: list[Diagnostic], rows: "render.IndexRows", config: Config) -> None:
    """The collection index, over every TEI file in the output folder (earlier builds' too).

    :param rows: the index rows the workers made for the documents they built
    :param config: its register names each filter entry by its preferred name, not as a document wrote it
    """
    from . import render
    from .register import load_register
    teis = sorted(map(str, out.glob("*.tei.xml")))  # text, not thousands of Path objects
    if not teis:
        return
    register = load_register(config.register)
    names = {entry.id: entry.name for entry in register.entries.values()} if register else None
    try:
        render.render_index(teis, out / "index.html", rows=rows, names=names)
    except TeiencodeError as exc:
        diagnostics.append(exc.diagnostic)


def write_report(result: BatchResult, path: str | Path) -> Path:
    """Write the batch result as JSON: counts, stage times and every document's status and diagnostics.

    :param result: what :func:`build_many` returned
    :param path: the report file (written atomically)
    """
    report = {
        "tool": f"teiencode {__version__}",
        "out_dir": result.out_dir,
        "jobs": result.jobs,
        "elapsed_seconds": round(result.elapsed, 3),
        "documents_per_second": round(len(result.results) / result.elapsed, 2) if result.elapsed else None,
        "counts": result.counts(),
        "failed": result.failed,
        "stage_seconds": {k: round(v, 3) for k, v in sorted(result.stage_seconds().items())},
        "diagnostics": [d.as_dict() for d in result.diagnostics],
        "documents": [{"source": r.source, "doc_id": r.doc_id, "status": r.status, "output": r.output,
                       "views": r.views, "summary": r.summary,
                       "diagnostics": [d.as_dict() for d in r.diagnostics]} for r in result.results],
    }
    target = Path(path)
    write_atomic(target, json.dumps(report, ensure_ascii=False, indent=2) + "\n")
    return target


def read_manifest(out_dir: str | Path) -> dict:
    """The build manifest of ``out_dir`` (empty when there is none).

    :param out_dir: a build's output folder
    """
    return _load_manifest(Path(out_dir), [])


# --- planning and running ---------------------------------------------------------------

def _plan(paths: list[str | Path], manifest: dict, out: Path,
          results: _SpooledResults) -> list[tuple[int, str, str, dict | None]]:
    """Tasks (index, path, doc id, manifest entry); the results known without work (duplicate ids)
    go into ``results``."""
    from .reader import doc_id_for
    tasks, owner = [], {}
    for index, path in enumerate(map(Path, paths)):
        doc_id = sys.intern(doc_id_for(str(path)))  # one string for the task and the manifest
        if doc_id in owner:
            # Two exports would write the same <id>.tei.xml: the second would silently replace the first.
            diag = Diagnostic("error", "E-DUPLICATE-ID", f"its document id {doc_id!r} is also that of "
                              f"{owner[doc_id]}; both would be written to {out / (doc_id + '.tei.xml')}; "
                              "rename one of the exports", str(path), 1, 1)
            results.put(index, BuiltDocument(str(path), doc_id, diagnostics=[diag], status="failed"))
            continue
        owner[doc_id] = str(path)
        entry = manifest["documents"].get(doc_id)
        earlier = _other_source(entry, path)
        if earlier is not None:
            # An earlier build wrote <id>.tei.xml from another export that still exists: replacing it
            # would lose that record without a word.
            diag = Diagnostic("error", "E-DUPLICATE-ID", f"its document id {doc_id!r} is that of {earlier}, "
                              f"which an earlier build wrote to {out / (doc_id + '.tei.xml')}; rename one of "
                              "the exports or build into another folder", str(path), 1, 1)
            results.put(index, BuiltDocument(str(path), doc_id, diagnostics=[diag], status="failed"))
            continue
        tasks.append((index, str(path), doc_id, entry))
    return tasks


def _other_source(entry: dict | None, path: Path) -> str | None:
    """The export an earlier build made this id from, when it is another file that still exists.

    A source that is gone was moved or renamed: its record may be replaced.
    """
    if not entry:
        return None
    recorded = entry.get("source_path") or entry.get("source")
    try:
        if not recorded or not os.path.isfile(recorded) or os.path.samefile(recorded, path):
            return None
    except OSError:
        return None
    return entry.get("source") or recorded


def _in_process(tasks, settings: _Settings) -> Iterator[tuple[int, BuiltDocument, dict | None]]:
    for task in tasks:
        yield (task[0], *_build_document(task, settings))


def _in_pool(tasks, settings: _Settings, workers: int) -> Iterator[tuple[int, BuiltDocument, dict | None]]:
    """Run chunks of tasks on ``workers`` processes, a bounded number in flight; survive a dead worker."""
    # Chunks amortise the per-task overhead; small enough that progress moves and the tail balances.
    size = max(1, min(8, len(tasks) // (workers * 16)))
    queue = deque(tasks[i:i + size] for i in range(0, len(tasks), size))
    crashes: dict[int, int] = {}
    # The workers already use every core: a BLAS thread pool in each (the aligner's matrices) would
    # only fight them. Workers inherit this before they first import numpy.
    for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(name, "1")
    while queue:
        broken: list[list] = []
        pool = cf.ProcessPoolExecutor(max_workers=workers, initializer=_worker_started, initargs=(os.getpid(),))
        pending: dict[cf.Future, list] = {}
        try:
            while (queue and not broken) or pending:
                while queue and not broken and len(pending) < workers * 4:
                    chunk = queue.popleft()
                    try:
                        pending[pool.submit(_build_chunk, chunk, settings)] = chunk
                    except cf.process.BrokenProcessPool:
                        broken.append(chunk)
                finished, _ = cf.wait(pending, return_when=cf.FIRST_COMPLETED)
                for future in finished:
                    chunk = pending.pop(future)
                    try:
                        outcomes = future.result()
                    except cf.process.BrokenProcessPool:
                        broken.append(chunk)
                        continue
                    yield from outcomes
        finally:
            pool.shutdown(wait=True, cancel_futures=True)
        # A worker died (killed, out of memory, a crash in C) and took every chunk in flight with it:
        # retry those documents one by one in a new pool; one that is in three such crashes fails.
        for task in (t for chunk in reversed(broken) for t in reversed(chunk)):
            crashes[task[0]] = crashes.get(task[0], 0) + 1
            if crashes[task[0]] < 3:
                queue.appendleft([task])
                continue
            diag = Diagnostic("error", "E-CRASH", "a worker process died three times while building this "
                              "export (out of memory, or a crash in a library)", task[1], 1, 1)
            yield task[0], BuiltDocument(task[1], task[2], diagnostics=[diag], status="failed"), None


# The build that started this worker process; None in the build's own process.
_parent_pid: int | None = None


def _worker_started(parent: int) -> None:
    """Tie a worker's life to the build's: a worker that outlived a killed build would go on writing
    into a folder whose lock is gone, perhaps already held by the next build.

    On Linux the kernel kills the worker when the build dies (``PR_SET_PDEATHSIG``); everywhere,
    the worker checks that its parent is still the build before each document and each write.
    """
    global _parent_pid
    _parent_pid = parent
    try:
        import ctypes
        import signal
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL, 0, 0, 0)  # 1 = PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass  # not Linux: the parent checks below still stop the worker
    _stop_if_orphaned()  # the build may have died before the line above


def _stop_if_orphaned() -> None:
    """End this worker at once, writing nothing more, when the build that started it is gone."""
    if _parent_pid is not None and os.getppid() != _parent_pid:
        os._exit(1)


def _build_chunk(chunk, settings: _Settings) -> list[tuple[int, BuiltDocument, dict | None]]:
    return [(task[0], *_build_document(task, settings)) for task in chunk]


# --- one document ----------------------------------------------------------------------

def _build_document(task, settings: _Settings) -> tuple[BuiltDocument, dict | None]:
    """Build one export; every error, even a bug, becomes a diagnostic on a failed result."""
    _, path, doc_id, entry = task
    _stop_if_orphaned()
    result = BuiltDocument(path, doc_id)
    try:
        try:
            new_entry = _build(Path(path), doc_id, entry, settings, result)
        except OSError as exc:  # an output folder or file the build cannot make or read
            raise FileError(exc, exc.filename or settings.out_dir, "read or write") from None
    except TeiencodeError as exc:
        result.status = "failed"
        result.diagnostics.append(exc.diagnostic)
        result.stop = getattr(exc, "errno", None) in _FOLDER_CLOSED
        return result, None
    except Exception as exc:  # noqa: BLE001 - a converter bug must not stop the batch
        frame = traceback.extract_tb(exc.__traceback__)[-1]
        where = f"{Path(frame.filename).name}:{frame.lineno}"
        result.status = "failed"
        result.diagnostics.append(Diagnostic("error", "E-INTERNAL", f"teiencode failed ({type(exc).__name__}: "
                                             f"{exc}, in {where}); this is a bug in teiencode", path, 1, 1))
        return result, None
    return result, new_entry


@contextmanager
def _timed(result: BuiltDocument, stage: str):
    start = time.perf_counter()
    try:
        yield
    finally:
        result.seconds[stage] = result.seconds.get(stage, 0.0) + time.perf_counter() - start


def _build(path: Path, doc_id: str, entry: dict | None, s: _Settings, result: BuiltDocument) -> dict | None:
    out = Path(s.out_dir)
    tei = out / f"{doc_id}.tei.xml"
    with _timed(result, "hash"):
        try:
            input_sha = _input_sha(path)
        except OSError as exc:
            raise TeiencodeError(Diagnostic("error", "E-PATH", f"cannot read: {exc.strerror}; expected an "
                                            "export .txt file", str(path))) from None
        current = _file_sha(tei)
    entry = None if s.force else entry
    encode_key = f"{input_sha}:{s.encode_key}{_register_key(path, s.config)}"
    up_to_date = entry is not None and entry.get("encode_key") == encode_key
    written = None
    if up_to_date and current == entry.get("tei_sha256"):
        new_entry = dict(entry)
        result.status = "unchanged"
        result.summary = entry.get("summary", "")
    elif up_to_date and current is not None:
        # Same input, tool and schemas, so the recorded hash is what teiencode writes: the file was edited.
        new_entry = dict(entry)
        _keep(result, tei, input_changed=False)
    else:
        input_changed = entry is not None and entry.get("input_sha256") != input_sha
        new_entry, written = _encode(path, tei, current, entry, encode_key, input_changed, s, result)
        if new_entry is None:
            return None
    new_entry["source"] = str(path)
    new_entry["source_path"] = os.path.abspath(path)  # the build may next run from another folder
    if result.status != "kept":  # a kept entry still describes what was generated, from which input
        new_entry["input_sha256"] = input_sha
    result.output = str(tei)
    _views(tei, new_entry, s, result, written if result.status == "built" else None)
    return new_entry


def _register_key(path: Path, config: Config) -> str:
    """The register entries this export names, with their content: a change to one re-links it."""
    from .register import load_register
    from .source import read_source
    register = load_register(config.register)
    return f":{register.fingerprint(chr(10).join(read_source(path).lines))}" if register else ""


def _encode(path: Path, tei: Path, current: str | None, entry: dict | None, encode_key: str,
            input_changed: bool, s: _Settings, result: BuiltDocument) -> tuple[dict | None, tuple | None]:
    """Convert, validate and write the TEI, or keep a hand-edited one.

    :returns: the new manifest entry (None on failure) and, for TEI this build wrote, its hash and
        its tree as serialized (what the file holds), for the views
    """
    from .diagnostics import Reporter
    from .pipeline import convert
    from .tei import serialize
    reporter = Reporter(str(path))
    with _timed(result, "convert"):
        try:
            doc, tree, _ = convert(path, s.config, reporter)
        except TeiencodeError as exc:
            result.status = "failed"
            result.diagnostics.extend(d for d in reporter.diagnostics if d != exc.diagnostic)
            result.diagnostics.append(exc.diagnostic)
            return None, None
    result.diagnostics.extend(reporter.diagnostics)
    with _timed(result, "serialize"):
        data = serialize(tree)
    new_sha = _sha(data)
    langs = "+".join(d.lang for d in doc.divisions) or "no text"
    units = sum(len(d.blocks) for d in doc.divisions)
    result.summary = f"{langs}, {units} units, {len(doc.links)} links"
    # A file equal to neither the recorded nor the new output was edited; one equal to the new output
    # was written by a build killed before it saved the manifest.
    edited = current is not None and current not in ((entry or {}).get("tei_sha256"), new_sha)
    if edited and not s.force:
        _keep(result, tei, input_changed=input_changed)
        return dict(entry or {"tei_sha256": new_sha, "summary": result.summary}), None
    if edited:
        backup = _backup(tei)
        result.diagnostics.append(Diagnostic("warning", "W-BACKUP", f"edited after it was generated: saved as "
                                             f"{backup.name}, then regenerated", str(tei)))
    problems = _validate_and_write(tree, data, tei, s.validate, result, write=current != new_sha,
                                   origin=(doc, str(path)))
    if problems:
        result.status = "failed"
        result.diagnostics.extend(problems)
        return None, None
    result.status = "built"  # encoded and validated; the write is skipped when the bytes are the same
    return ({"doc_id": tei.name[:-len(".tei.xml")], "encode_key": encode_key, "tei_sha256": new_sha,
             "summary": result.summary}, (new_sha, tree))


def _keep(result: BuiltDocument, tei: Path, *, input_changed: bool) -> None:
    result.status = "kept"
    why = "; the export has changed since" if input_changed else ""
    result.diagnostics.append(Diagnostic(
        "warning", "W-HAND-EDIT", f"edited after teiencode generated it{why}: left as it is; rebuild with "
        f"--force to regenerate it (the edited file is first saved as {tei.name}.bak-<n>)", str(tei)))


def _backup(tei: Path) -> Path:
    """Copy ``tei`` to the next free ``<name>.bak-<n>``, atomically."""
    taken = [int(m.group(1)) for p in tei.parent.glob(tei.name + ".bak-*")
             if (m := re.fullmatch(re.escape(tei.name) + r"\.bak-(\d+)", p.name))]
    backup = tei.with_name(f"{tei.name}.bak-{max(taken, default=0) + 1}")
    write_atomic(backup, tei.read_bytes())
    return backup


def _validate_and_write(tree: etree._ElementTree, data: bytes, tei: Path, validate: bool,
                        result: BuiltDocument, *, write: bool, origin: tuple) -> list[Diagnostic]:
    """Validate (when asked), then write the TEI atomically; nothing is written when there are errors.

    :param tree: the TEI tree, as serialized to ``data``
    :param origin: the document model and the export's path: errors are placed in the export,
        since the TEI file they would name is not written
    :returns: the errors found
    """
    from .pipeline import validation_problems
    tree.docinfo.URL = str(tei)  # the views' and validation's messages name the file
    if validate:
        with _timed(result, "validate"):
            problems = validation_problems(tree, data, str(tei), doc=origin[0], export=origin[1])
        if problems:
            return problems
    if write:
        _stop_if_orphaned()
        with _timed(result, "write"):
            write_atomic(tei, data)
    return []


def _views(tei: Path, entry: dict, s: _Settings, result: BuiltDocument,
           written: tuple[str, etree._ElementTree] | None = None) -> None:
    """Render the HTML views from the TEI on disk (hand edits included) unless they are current.

    :param written: the hash and tree of the TEI this build has just written, if it has
    """
    from . import render, site
    tei_sha, tree = written or (_sha(tei.read_bytes()), None)
    recorded = entry.get("views", {})
    names = [f"{tei.name[:-len('.tei.xml')]}.{view}.html" for view in render.VIEWS]
    current = (entry.get("views_key") == s.views_key and entry.get("views_from") == tei_sha
               and all(recorded.get(n) == _file_sha(tei.parent / n) for n in names))
    if current:
        result.views = [str(tei.parent / n) for n in names]
        return
    _fresh_stylesheets(render, s.views_key)
    _stop_if_orphaned()
    with _timed(result, "render"):
        try:
            pages = render.render_all(tei, tei.parent, tree=tree, **site.page_links())
        except FileError:
            raise  # the folder takes no more files: the batch stops
        except TeiencodeError as exc:
            result.status = "failed"
            result.diagnostics.append(exc.diagnostic)
            return
    entry.update(views_key=s.views_key, views_from=tei_sha, views={p.name: _file_sha(p) for p in pages})
    result.views = [str(p) for p in pages]
    if tree is not None:
        result.index_row = render.index_row(tree, tei, tei.parent / "index.html")
    if result.status == "unchanged":
        result.status = "rendered"


_stylesheets_key: list[str] = []


def _fresh_stylesheets(render, views_key: str) -> None:
    """Drop stylesheets compiled in this process (or inherited from its parent) under another views key."""
    if _stylesheets_key == [views_key]:
        return
    # render caches compiled stylesheets by name only; a long-lived process would render with old ones
    render.clear_cache()
    _stylesheets_key[:] = [views_key]


# --- fingerprints ------------------------------------------------------------------------

def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _input_sha(path: Path) -> str:
    """The export's hash, with its alignment sidecar (``<export>.toml``, pins) when there is one."""
    digest = _sha(path.read_bytes())
    sidecar = _file_sha(path.with_suffix(".toml"))
    return _sha(f"{digest}:{sidecar}".encode()) if sidecar else digest


def _file_sha(path: Path) -> str | None:
    try:
        return _sha(path.read_bytes())
    except OSError:
        return None


def _folder_sha(folder: Path | None, suffixes: tuple[str, ...]) -> str:
    """One hash over the names and contents of a folder's files with these suffixes."""
    h = hashlib.sha256()
    if folder is not None and folder.is_dir():
        for p in sorted(folder.iterdir()):
            if p.suffix in suffixes and p.is_file():
                h.update(p.name.encode() + b"\0" + p.read_bytes() + b"\0")
    return h.hexdigest()


@functools.cache
def tool_fingerprint() -> str:
    """The tool version and a hash of its own code: a development build changes code, not the version."""
    package = Path(__file__).resolve().parent
    h = hashlib.sha256()
    for p in sorted(package.rglob("*.py")):
        h.update(p.relative_to(package).as_posix().encode() + b"\0" + p.read_bytes() + b"\0")
    return f"{__version__}+{h.hexdigest()[:16]}"


def _encode_key(config: Config, validate: bool) -> str:
    """Tool + configuration + schemas (when validating): what decides the TEI bytes and their check."""
    settings = {f.name: getattr(config, f.name) for f in fields(config) if f.name != "path"}
    settings["date"] = config.date()  # SOURCE_DATE_EPOCH changes the revision date
    parts = [tool_fingerprint(), json.dumps(settings, sort_keys=True, default=list)]
    if validate:
        from .validate import schema_dir
        parts.append(_folder_sha(schema_dir(), (".rng", ".xsd", ".sch", ".odd")))
    return _sha("\n".join(parts).encode())[:32]


def _views_key(batch_diags: list[Diagnostic]) -> str:
    """Tool + stylesheets: a stylesheet change re-renders the views, not the TEI."""
    from .render import xslt_dir
    try:
        folder = xslt_dir()
    except FileNotFoundError as exc:
        batch_diags.append(Diagnostic("warning", "W-NO-VIEWS", f"the HTML views are not rendered: {exc}",
                                      "<build>"))
        folder = None
    return _sha(f"{tool_fingerprint()}\n{_folder_sha(folder, ('.xsl', '.css', '.js'))}".encode())[:32]


# --- the manifest and the output folder --------------------------------------------------

class _Documents(MutableMapping):
    """The manifest's documents, each entry a line of compact JSON in a temporary file, decoded when
    it is read: in memory only its id and offset (a fifth of the entry's text), so the main process
    of a build of thousands stays small. An entry replaced leaves its old line unread in the file."""

    def __init__(self, entries: dict | None = None):
        self._file = None  # opened at the first entry
        self._offsets: dict[str, int] = {}
        self.update(entries or {})

    def __getitem__(self, doc_id: str) -> dict:
        offset = self._offsets[doc_id]  # KeyError first: Mapping.get relies on it
        self._file.seek(offset)
        return json.loads(self._file.readline())

    def __setitem__(self, doc_id: str, entry: dict) -> None:
        if self._file is None:
            self._file = tempfile.TemporaryFile()
        # compact JSON escapes a newline in a string, so the line ends where the entry does
        line = json.dumps(entry, ensure_ascii=False, separators=(",", ":")).encode("utf-8") + b"\n"
        self._offsets[sys.intern(doc_id)] = self._file.seek(0, os.SEEK_END)
        self._file.write(line)

    def __delitem__(self, doc_id: str) -> None:
        del self._offsets[doc_id]

    def __iter__(self) -> Iterator[str]:
        return iter(self._offsets)

    def __len__(self) -> int:
        return len(self._offsets)


def _manifest_chunks(manifest: dict) -> Iterator[str]:
    """The manifest's text as ``json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True)``
    writes it, piece by piece: one document's entry at a time."""
    def nested(value, depth: int) -> str:
        return json.dumps(value, ensure_ascii=False, indent=1, sort_keys=True).replace("\n", "\n" + " " * depth)

    yield "{"
    for n, key in enumerate(sorted(manifest)):
        yield ("," if n else "") + "\n " + json.dumps(key, ensure_ascii=False) + ": "
        value = manifest[key]
        if not isinstance(value, _Documents) or not value:
            yield nested(value if not isinstance(value, _Documents) else {}, 1)
            continue
        yield "{"
        for m, doc_id in enumerate(sorted(value)):
            yield ("," if m else "") + "\n  " + json.dumps(doc_id, ensure_ascii=False) + ": " + nested(value[doc_id], 2)
        yield "\n }"
    yield "\n}\n"


def _load_manifest(out: Path, batch_diags: list[Diagnostic]) -> dict:
    path = out / MANIFEST_NAME
    empty = {"format": MANIFEST_FORMAT, "documents": _Documents()}
    if not path.is_file():
        return empty
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("format") != MANIFEST_FORMAT or not isinstance(data.get("documents"), dict):
            raise ValueError(f"format {data.get('format')!r}, expected {MANIFEST_FORMAT}")
    except (OSError, ValueError, AttributeError) as exc:
        # Unreadable: rebuild everything; TEI files that differ from the rebuild are then kept as hand edits.
        batch_diags.append(Diagnostic("warning", "W-MANIFEST", f"the build manifest cannot be read ({exc}); "
                                      "everything is rebuilt", str(path)))
        return empty
    data["documents"] = _Documents(data["documents"])
    return data


class _ManifestSaver:
    """Merges new entries into the manifest and saves it atomically, now and then and at the end."""

    def __init__(self, out: Path, manifest: dict):
        self.path = out / MANIFEST_NAME
        self.manifest = manifest
        self.dirty = False
        self.last = time.monotonic()
        self.cost = 0.0  # seconds the last save took

    def record(self, doc_id: str | None, entry: dict | None) -> None:
        if doc_id is None or entry is None:
            return
        self.manifest["documents"][doc_id] = entry
        self.dirty = True
        if time.monotonic() - self.last > max(_FLUSH_SECONDS, _FLUSH_SHARE * self.cost):
            self.save()

    def save(self) -> None:
        if not self.dirty:
            return
        start = time.monotonic()
        self.manifest["tool"] = f"teiencode {__version__}"
        # streamed: the text of a manifest of thousands of documents is never held whole
        write_atomic(self.path, _blocks(_manifest_chunks(self.manifest)))
        self.dirty = False
        self.last = time.monotonic()
        self.cost = self.last - start


def _blocks(chunks: Iterator[str], size: int = 1 << 16) -> Iterator[bytes]:
    """Small pieces of text as UTF-8 blocks of about ``size`` characters."""
    block: list[str] = []
    held = 0
    for chunk in chunks:
        block.append(chunk)
        held += len(chunk)
        if held >= size:
            yield "".join(block).encode("utf-8")
            block, held = [], 0
    yield "".join(block).encode("utf-8")


@contextmanager
def _locked(out: Path):
    """Hold an exclusive lock on the output folder: two builds writing one folder would corrupt the manifest."""
    try:
        import fcntl
    except ImportError:  # not POSIX: no lock
        yield
        return
    try:
        handle = open(out / LOCK_NAME, "a+b")
    except OSError as exc:
        raise FileError(exc, out / LOCK_NAME, "lock the output folder") from None
    with handle:
        try:
            # lockf, not flock: a POSIX lock belongs to this process alone, so forked workers do not
            # inherit it, and it goes when this process dies, however it dies.
            fcntl.lockf(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            raise TeiencodeError(Diagnostic("error", "E-LOCKED", "another teiencode build is writing to this "
                                            "folder; wait for it to finish or choose another --out",
                                            str(out))) from None
        try:
            yield
        finally:
            fcntl.lockf(handle, fcntl.LOCK_UN)


def _remove_stale_temporaries(out: Path) -> None:
    """Delete temporary files a killed build left behind (safe: this build holds the folder's lock)."""
    try:
        for p in out.iterdir():
            if _STALE_TMP.match(p.name) and p.is_file():
                p.unlink(missing_ok=True)
    except OSError as exc:
        raise FileError(exc, exc.filename or out, "clean the output folder") from None
