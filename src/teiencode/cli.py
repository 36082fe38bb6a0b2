"""Command line: a thin layer over the library; the only module that imports click."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from . import __version__
from .config import load_config
from .diagnostics import Diagnostic, FileError, TeiencodeError


class _Commands(click.Group):
    """Every command: a file or folder that cannot be read or written (disk full, read-only, no
    permission) is one located ``E-IO`` line and exit 1, never a traceback."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except FileError as exc:
            _fail(exc.diagnostic)
        except OSError as exc:
            _fail(Diagnostic("error", "E-IO", f"cannot read or write: {exc.strerror or exc}",
                             str(exc.filename or "<output>")))
        sys.exit(1)


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="teiencode")
def main() -> None:
    """Turn archive text exports into TEI P5 editions, views and deposit packages."""


def _fail(diag) -> None:
    click.echo(str(diag), err=True)


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("-o", "--out", "out_dir", type=click.Path(path_type=Path, file_okay=False), default=Path("build"),
              show_default=True, help="Output folder.")
@click.option("--no-validate", is_flag=True, help="Write the TEI without checking it against the edition schema.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None, help="Worker processes.  [default: all cores]")
@click.option("--force", is_flag=True,
              help="Rebuild everything, and replace TEI edited by hand (saved first as <id>.tei.xml.bak-<n>).")
@click.option("--report", "report_path", type=click.Path(path_type=Path, dir_okay=False),
              help="Also write a JSON report of the build to this file.")
@click.option("--search/--no-search", default=None,
              help="Index the pages for full-text search with Pagefind.  [default: when pagefind is installed]")
def build(paths: tuple[Path, ...], out_dir: Path, no_validate: bool, jobs: int | None, force: bool,
          report_path: Path | None, search: bool | None) -> None:
    """Build TEI and HTML views from exports; PATHS are files or folders (default: seeds/).

    Exports that did not change since the last build are skipped (OUT/.teiencode-manifest.json);
    a TEI file edited by hand after it was generated is left as it is, unless --force.
    """
    from .batch import build_many, write_report
    from .pipeline import find_exports
    try:
        config = load_config()
    except TeiencodeError as exc:
        _fail(exc.diagnostic)
        sys.exit(2)
    if not paths:
        paths = (Path("seeds"),)
    missing = [p for p in paths if not p.exists()]
    for p in missing:
        click.echo(f"{p}:1:1: ERROR E-PATH: no such file or folder; expected an export .txt file or a folder", err=True)
    if missing:
        sys.exit(2)
    exports = find_exports(list(paths))
    if not exports:
        click.echo(f"{paths[0]}:1:1: ERROR E-PATH: no .txt exports found", err=True)
        sys.exit(2)
    options = {"jobs": jobs, "force": force, "validate": not no_validate, "search": search}
    try:
        if sys.stdout.isatty() and len(exports) > 1:
            held: list[str] = []  # diagnostics wait until the bar is done, so they do not tear it
            tally = {"failed": 0, "kept": 0}
            with click.progressbar(length=len(exports), label="Building", show_eta=True, show_pos=True,
                                   item_show_func=lambda r: r and f"{tally['failed']} failed, {tally['kept']} kept"
                                   ) as bar:
                def progress(result, done, total):
                    held.extend(str(d) for d in result.diagnostics)
                    tally[result.status] = tally.get(result.status, 0) + 1
                    bar.update(1, result)
                outcome = build_many(exports, out_dir, config, progress=progress, **options)
            for line in held:
                click.echo(line, err=True)
        else:
            def progress(result, done, total):
                for diag in result.diagnostics:
                    click.echo(str(diag), err=True)
                warnings = sum(1 for d in result.diagnostics if d.level == "warning")
                found = [result.summary] if result.summary else []
                if warnings:
                    found.append(f"{warnings} warning{'s' * (warnings != 1)}")
                what = f"  ({'; '.join(found)})" if found else ""
                click.echo(f"[{done}/{total}] {result.status:<9} {result.output or result.source}{what}")
            outcome = build_many(exports, out_dir, config, progress=progress, **options)
    except TeiencodeError as exc:  # the output folder is locked by another build
        _fail(exc.diagnostic)
        sys.exit(1)
    if config.register:
        try:
            from .register import load_register
            from .register.pages import publish
            publish(load_register(config.register), out_dir)
        except TeiencodeError as exc:
            _fail(exc.diagnostic)
            sys.exit(1)
    for diag in outcome.diagnostics:
        click.echo(str(diag), err=True)
    click.echo(outcome.summary())
    if report_path:
        try:
            write_report(outcome, report_path)
            click.echo(f"report: {report_path}")
        except FileError as exc:
            _fail(exc.diagnostic)
            sys.exit(1)
    sys.exit(1 if outcome.failed else 0)


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="text: one line per problem; json: for machines.")
@click.option("--tei-all", is_flag=True, help="Also check against the official TEI P5 tei_all ($TEI_ALL_RNG).")
def validate(paths: tuple[Path, ...], fmt: str, tei_all: bool) -> None:
    """Validate TEI files (generated or edited by hand) against the edition schema: RNG, XSD, Schematron."""
    from . import validate as validator
    try:
        files = validator.expand_paths(paths)
        diagnostics = validator.validate_paths(files, tei_all=tei_all)
        from .register import load_register
        from .register.link import unresolved_refs
        register = load_register(load_config().register)
        if register is not None:  # reg: pointers resolve in the edition's register
            diagnostics += [d for f in files for d in unresolved_refs(f, register)]
    except TeiencodeError as exc:
        _fail(exc.diagnostic)
        sys.exit(2)
    report = validator.render_report(diagnostics, files, fmt)
    if report:
        click.echo(report)
    sys.exit(1 if any(d.level == "error" for d in diagnostics) else 0)


@main.command()
@click.option("--out", "out_dir", type=click.Path(path_type=Path, file_okay=False), default=None,
              help="Write the derived schemas here instead of schemas/.")
@click.option("--no-xsd", is_flag=True, help="Skip the XSD (needs Debian's trang).")
def schemas(out_dir: Path | None, no_xsd: bool) -> None:
    """Regenerate the RELAX NG, XSD and Schematron from schemas/teiencode.odd and tei_all.rng."""
    from . import schemagen
    try:
        written = schemagen.regenerate(out_dir or schemagen.SCHEMA_DIR, xsd=not no_xsd)
    except TeiencodeError as exc:
        _fail(exc.diagnostic)
        sys.exit(1)
    for path in written:
        click.echo(f"wrote {path}")


@main.command()
@click.argument("export", type=click.Path(path_type=Path))
@click.option("--report", is_flag=True, help="A two-column table of the aligned units, for review.")
@click.option("--width", type=click.IntRange(40, 400), default=120, show_default=True, help="Table width.")
def align(export: Path, report: bool, width: int) -> None:
    """Align an export's original with its translation; pins come from EXPORT's .toml sidecar."""
    from .align import align_export
    try:
        click.echo(align_export(export, show_report=report, width=width), nl=False)
    except TeiencodeError as exc:
        _fail(exc.diagnostic)
        sys.exit(1)


@main.command()
@click.argument("tei_files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--view", type=click.Choice(["parallel", "diplomatic", "reading", "all"]), default="all",
              show_default=True, help="Which reading view to make.")
@click.option("-o", "--out", "out_dir", type=click.Path(path_type=Path, file_okay=False), default=None,
              help="Where the HTML goes (default: beside each TEI file).")
def render(tei_files: tuple[Path, ...], view: str, out_dir: Path | None) -> None:
    """Render HTML views of TEI files, for example ones corrected by hand."""
    from . import render as renderer, site
    failed = False
    for tei in tei_files:
        try:
            links = site.page_links_in(out_dir or tei.parent)  # in a build folder, link as a build does
            written = (renderer.render_all(tei, out_dir, **links) if view == "all"
                       else [renderer.write_view(tei, view, out_dir, **links)])
        except TeiencodeError as exc:
            _fail(exc.diagnostic)
            failed = True
            continue
        for path in written:
            click.echo(f"wrote  {path}")
    sys.exit(1 if failed else 0)


@main.command()
@click.argument("tei", type=click.Path(path_type=Path))
@click.option("-o", "--out", "out_file", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="Write to this file instead of standard output.")
def text(tei: Path, out_file: Path | None) -> None:
    """Write a TEI file back as the archive's plain-text export, to diff a corrected TEI with its source."""
    from .fileio import write_atomic
    from .render import to_text
    try:
        notation = to_text(tei)
        if out_file:
            write_atomic(out_file, notation)
    except TeiencodeError as exc:
        _fail(exc.diagnostic)
        sys.exit(1)
    if not out_file:
        click.echo(notation, nl=False)


@main.command()
@click.argument("build_dir", required=False, default=Path("build"), type=click.Path(path_type=Path))
@click.option("-o", "--out", "out_dir", type=click.Path(path_type=Path, file_okay=False), default=Path("deposit"),
              show_default=True, help="Where the bags go.")
@click.option("--zip", "as_zip", is_flag=True, help="Write each bag as one .zip archive.")
@click.option("--cmif", is_flag=True, help="Also write a CMIF file of the collection's correspondence.")
def deposit(build_dir: Path, out_dir: Path, as_zip: bool, cmif: bool) -> None:
    """Package each built document (TEI, views, Dublin Core, METS) as a BagIt bag; BUILD_DIR defaults to build/."""
    from . import deposit as depositor
    try:
        result = depositor.deposit(build_dir, out_dir, zip=as_zip, cmif=cmif, config=load_config())
    except TeiencodeError as exc:
        _fail(exc.diagnostic)
        sys.exit(1 if isinstance(exc, FileError) else 2)
    for diag in result.diagnostics:
        _fail(diag)
    for bag in result.bags:
        click.echo(f"bagged {bag}")
    if result.cmif:
        click.echo(f"wrote  {result.cmif}")
    sys.exit(0 if result.ok else 1)


@main.command()
@click.argument("build_dir", required=False, default=Path("build"), type=click.Path(path_type=Path))
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True, help="Port to listen on.")
@click.option("--page-size", type=click.IntRange(min=1), default=100, show_default=True,
              help="Records per OAI-PMH list response (then a resumption token) and resources per DTS page.")
@click.option("--admin-email", default=None, help="The OAI-PMH adminEmail.  [default: admin@example.org]")
def serve(build_dir: Path, host: str, port: int, page_size: int, admin_email: str | None) -> None:
    """Serve BUILD_DIR (default build/) read only: its files, OAI-PMH 2.0 at /oai and DTS 1.0 at /dts."""
    from .batch import MANIFEST_NAME
    from .diagnostics import Diagnostic
    if not (build_dir / MANIFEST_NAME).is_file():
        _fail(Diagnostic("error", "E-SERVE-NO-BUILD", f"no build here: {MANIFEST_NAME} is missing; "
                         "run `teiencode build` first", str(build_dir)))
        sys.exit(2)
    import socket
    try:  # one located line for a port in use or an address not of this machine, before uvicorn starts
        with socket.create_server((host, port)):
            pass
    except OSError as exc:
        _fail(Diagnostic("error", "E-SERVE-ADDRESS", f"cannot listen on {host}:{port}: {exc.strerror or exc}",
                         str(build_dir)))
        sys.exit(2)
    import uvicorn
    from .serve import create_app
    app = create_app(build_dir, config=load_config(), page_size=page_size, admin_email=admin_email)
    uvicorn.run(app, host=host, port=port, log_level="info")


@main.command()
@click.argument("items", nargs=-1)
@click.option("--suggest", "mode", flag_value="suggest", default=True,
              help="List names the register lacks and forms to merge (ITEMS: exports or folders; default seeds/).")
@click.option("--accept", "mode", flag_value="accept", help="Write the suggestions ITEMS (ids) into the register.")
@click.option("--from", "sources", multiple=True, type=click.Path(path_type=Path),
              help="With --accept: the exports the suggestions came from (default seeds/).")
def register(items: tuple[str, ...], mode: str, sources: tuple[Path, ...]) -> None:
    """The register of persons, places and organisations (register.xml beside teiencode.toml).

    --suggest prints one block per proposal: its id, what it adds, the evidence and the documents.
    --accept ID... adds the chosen ones; the team's own entries and edits are never rewritten.
    """
    from dataclasses import replace

    from .pipeline import find_exports
    from .register import REGISTER_NAME, Register, load_register
    from .register.suggest import accept, suggest_for_exports
    try:
        config = load_config()
        path = Path(config.register or REGISTER_NAME)
        reg = load_register(path) or Register(path=str(path))
        config = replace(config, register=str(path))
        paths = [Path(p) for p in (items if mode == "suggest" else sources)] or [Path("seeds")]
        missing = [p for p in paths if not p.exists()]
        if missing:
            _fail(Diagnostic("error", "E-PATH", "no such file or folder; expected an export .txt file or a folder",
                             str(missing[0])))
            sys.exit(2)
        suggestions = suggest_for_exports(find_exports(paths), reg, config)
        if mode == "suggest":
            for s in suggestions:
                click.echo(s.describe())
            click.echo(f"{len(suggestions)} suggestion{'s' * (len(suggestions) != 1)} for {path}")
            return
        unknown = accept(reg, suggestions, list(items))
        for sid in unknown:
            _fail(Diagnostic("error", "E-REGISTER-ID", f"no suggestion {sid!r}; run teiencode register --suggest",
                             str(path)))
        if unknown:
            sys.exit(2)
        reg.save(path)
        click.echo(f"accepted {len(items)} into {path}")
    except TeiencodeError as exc:
        _fail(exc.diagnostic)
        sys.exit(1)


@main.command()
def conventions() -> None:
    """Print the editorial conventions the converter knows, as a Markdown table."""
    from .conventions import markdown_table
    click.echo(markdown_table())


if __name__ == "__main__":
    main()
