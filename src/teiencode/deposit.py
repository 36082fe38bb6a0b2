"""Deposit packages: one BagIt bag per TEI document (TEI, views, Dublin Core, METS) and a CMIF index."""
from __future__ import annotations

import datetime as _dt
import functools
import logging
import os
import re
import shutil
import tempfile
import uuid
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator, Sequence

import bagit
from lxml import etree
from lxml.builder import ElementMaker

from . import __version__, xmlsafe
from .diagnostics import Diagnostic, FileError, InputError, TeiencodeError, ValidationError
from .fileio import write_atomic
from .render import xslt_dir

# bagit logs a failure with its traceback before raising; the raised error is reported, as one line
logging.getLogger("bagit").addHandler(logging.NullHandler())
logging.getLogger("bagit").propagate = False

TEI_NS = "http://www.tei-c.org/ns/1.0"
DC_NS = "http://purl.org/dc/elements/1.1/"
NS = {"tei": TEI_NS, "dc": DC_NS}

TEI_SUFFIX = ".tei.xml"
#: The HTML views render.py writes beside ``<id>.tei.xml``; whichever exist are packaged.
VIEWS = ("parallel", "diplomatic", "reading")
#: Manifest algorithms, strongest last; METS records the first.
CHECKSUMS = ("sha256", "sha512")
#: Tag files (outside ``data/``): covered by the tag manifests, so the METS can list every payload file.
DC_NAME = "dc.xml"
METS_NAME = "mets.xml"
CMIF_NAME = "cmif.xml"
CMIF_LICENCE = "https://creativecommons.org/licenses/by/4.0/"
CMIF_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")

Validator = Callable[[Path], Iterable[Diagnostic]]


@dataclass(frozen=True)
class PayloadFile:
    """One file of a bag's payload, as the METS file section lists it."""

    href: str  # relative to the bag root, e.g. ``data/<id>.tei.xml``
    mimetype: str
    size: int
    sha256: str
    use: str  # METS fileGrp USE: ``master`` (the TEI) or ``display`` (an HTML view)


@dataclass
class DepositResult:
    """What a deposit run made and what it refused, with every diagnostic to print."""

    bags: list[Path] = field(default_factory=list)
    refused: dict[Path, list[Diagnostic]] = field(default_factory=dict)
    cmif: Path | None = None
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when every document of the build directory was packaged."""
        return not self.refused


class RefusedError(ValidationError):
    """A document was not packaged; ``diagnostics`` says why (the validator's findings)."""

    def __init__(self, diagnostic: Diagnostic, diagnostics: list[Diagnostic]):
        super().__init__(diagnostic)
        self.diagnostics = diagnostics


# --- entry points -----------------------------------------------------------

def deposit(build_dir: str | os.PathLike, out_dir: str | os.PathLike, *, zip: bool = False,
            cmif: bool = False, config: object | None = None,
            validator: Validator | None = None) -> DepositResult:
    """Package every ``<id>.tei.xml`` of a build directory as a BagIt bag in ``out_dir``.

    :param build_dir: the output directory of ``teiencode build``
    :param out_dir: where the bags (``<id>/`` or ``<id>.zip``) and ``cmif.xml`` go
    :param zip: write each bag as one ``<id>.zip`` archive instead of a directory
    :param cmif: also write ``cmif.xml`` from the correspDesc of the packaged documents
    :param config: project configuration (publisher, base_url, editors, source_organization), or None
    :param validator: ``path -> diagnostics``; default ``teiencode.validate.iter_diagnostics``
    """
    build = Path(build_dir)
    if not build.is_dir():
        raise InputError(Diagnostic("error", "E-DEPOSIT-NO-BUILD",
                                    "build directory not found (run `teiencode build` first)", str(build)))
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    when = deposit_time()
    result = DepositResult()
    tei_paths = sorted(build.glob("*" + TEI_SUFFIX))
    if not tei_paths:
        result.diagnostics.append(Diagnostic("warning", "W-DEPOSIT-EMPTY",
                                             f"no *{TEI_SUFFIX} file to deposit", str(build)))
    packaged: list[Path] = []
    for tei_path in tei_paths:
        try:
            result.bags.append(make_bag(tei_path, out, zip=zip, config=config,
                                        validator=validator, when=when))
            packaged.append(tei_path)
        except RefusedError as exc:
            result.refused[tei_path] = exc.diagnostics
            result.diagnostics.extend(exc.diagnostics)
        except TeiencodeError as exc:
            result.refused[tei_path] = [exc.diagnostic]
            result.diagnostics.append(exc.diagnostic)
    if cmif:
        index = cmif_document([xmlsafe.parse(p) for p in packaged], config=config, when=when)
        result.cmif = out / CMIF_NAME
        _write_xml(result.cmif, index)
    return result


def make_bag(tei_path: str | os.PathLike, out_dir: str | os.PathLike, *, zip: bool = False,
             config: object | None = None, validator: Validator | None = None,
             when: _dt.datetime | None = None) -> Path:
    """Make the bag of one TEI document; refuse (RefusedError) when the TEI is invalid.

    The bag is built in a temporary directory beside the target and renamed into
    place, so ``out_dir`` never holds a half-written bag.

    :param tei_path: ``<id>.tei.xml``; its views ``<id>.<view>.html`` beside it are packaged too
    :param out_dir: the directory that receives ``<id>/`` (or ``<id>.zip``)
    :param zip: write one ``<id>.zip`` archive holding the bag directory
    :param config: project configuration, or None for defaults
    :param validator: ``path -> diagnostics``; default ``teiencode.validate.iter_diagnostics``
    :param when: the deposit time; default :func:`deposit_time`
    :return: the path of the bag directory or archive
    """
    tei_path = Path(tei_path)
    _refuse_if_invalid(tei_path, validator)
    tree = xmlsafe.parse(tei_path)
    doc_id = document_id(tei_path)
    when = when or deposit_time()
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{doc_id}.", suffix=".tmp", dir=out))
    try:
        bag_dir = work / doc_id
        bag_dir.mkdir()
        payload = payload_sources(tei_path)
        for source in payload:
            shutil.copyfile(source, bag_dir / source.name)
        dc = dublin_core(tree)
        organization = source_organization(config, dc)
        bag = bagit.make_bag(str(bag_dir), bag_info(dc, organization, when),
                             checksums=list(CHECKSUMS))
        files = _payload_files(bag, bag_dir, [p.name for p in payload])
        _write_xml(bag_dir / DC_NAME, dc)
        _write_xml(bag_dir / METS_NAME, mets(tree, files, organization=organization, when=when))
        bag.save(manifests=False)  # rewrites the tag manifests to cover dc.xml and mets.xml
        _sort_tag_manifests(bag_dir)
        if zip:
            target = out / f"{doc_id}.zip"
            archive = work / f"{doc_id}.zip"
            _zip_bag(bag_dir, archive, when)
            os.replace(archive, target)
        else:
            target = out / doc_id
            _replace_dir(bag_dir, target, work)
    except (OSError, FileError) as exc:  # the deposit folder is full, read-only or not ours: name the bag
        cause = exc if isinstance(exc, OSError) else OSError(exc.errno, os.strerror(exc.errno or 0))
        raise FileError(cause, out / doc_id, "write the bag") from None
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return target


# --- validation -------------------------------------------------------------

def check_tei(tei_path: str | os.PathLike, validator: Validator | None = None) -> list[Diagnostic]:
    """Every diagnostic the validator reports for a TEI file (errors refuse the deposit).

    :param tei_path: the TEI file
    :param validator: ``path -> diagnostics``; default ``teiencode.validate.iter_diagnostics``,
        or a well-formedness check while that module does not exist
    """
    check = validator or default_validator()
    try:
        return list(check(Path(tei_path)))
    except TeiencodeError as exc:
        return [exc.diagnostic]


def default_validator() -> Validator:
    """``teiencode.validate.iter_diagnostics``, imported lazily; else :func:`well_formed_diagnostics`."""
    try:
        from .validate import iter_diagnostics
    except ModuleNotFoundError as exc:
        # Only the module's absence falls back; a broken import inside it must surface.
        if exc.name != f"{__package__}.validate":
            raise
        return well_formed_diagnostics
    return iter_diagnostics


def well_formed_diagnostics(tei_path: Path) -> Iterator[Diagnostic]:
    """Fallback check: the file parses safely as XML and its root is a TEI element.

    :param tei_path: the TEI file
    """
    try:
        root = xmlsafe.parse(tei_path).getroot()
    except TeiencodeError as exc:
        yield exc.diagnostic
        return
    if root.tag != f"{{{TEI_NS}}}TEI":
        yield Diagnostic("error", "E-NOT-TEI", f"root element is {root.tag}, not TEI in the TEI namespace",
                         str(tei_path), root.sourceline or 1)


def _refuse_if_invalid(tei_path: Path, validator: Validator | None) -> None:
    findings = check_tei(tei_path, validator)
    errors = [d for d in findings if d.level == "error"]
    if errors:
        summary = Diagnostic("error", "E-DEPOSIT-REFUSED",
                             f"not packaged: the TEI has {len(errors)} validation error(s)", str(tei_path))
        raise RefusedError(summary, findings + [summary])


# --- metadata records ---------------------------------------------------------

def dublin_core(tei: etree._ElementTree) -> etree._ElementTree:
    """The oai_dc record of a TEI document, by ``xslt/dc.xsl``.

    :param tei: the parsed TEI document
    """
    return _transform("dc.xsl", tei)


def mets(tei: etree._ElementTree, files: Sequence[PayloadFile], *, organization: str | None = None,
         when: _dt.datetime | None = None) -> etree._ElementTree:
    """The METS document of a bag, by ``xslt/mets.xsl``; its file section lists ``files``.

    :param tei: the parsed TEI document (its teiHeader becomes the dmdSecs)
    :param files: the bag's payload files with their SHA-256 checksums
    :param organization: the METS CREATOR agent; default the TEI publisher
    :param when: metsHdr CREATEDATE; default :func:`deposit_time`
    """
    rows = "\n".join("\t".join((f.href, f.mimetype, str(f.size), f.sha256, f.use)) for f in files)
    return _transform("mets.xsl", tei, {
        "files": rows,
        "checksum-type": "SHA-256",
        "create-date": _iso_datetime(when or deposit_time()),
        "organization": organization or "",
        "software": f"teiencode {__version__}",
    })


def bag_info(dc: etree._ElementTree, organization: str | None, when: _dt.datetime) -> dict[str, str]:
    """bag-info.txt fields, taken from the Dublin Core record so the two never disagree.

    bagit adds Payload-Oxum itself.

    :param dc: the document's oai_dc record
    :param organization: Source-Organization (omitted when None)
    :param when: the deposit time (Bagging-Date)
    """
    info = {
        "Bagging-Date": when.date().isoformat(),
        "Bag-Software-Agent": f"teiencode {__version__} (bagit.py {bagit.VERSION})",
    }
    if organization:
        info["Source-Organization"] = organization
    for label, element in (("External-Identifier", "identifier"), ("Title", "title"),
                           ("Date", "date"), ("External-Description", "description")):
        value = _dc_value(dc, element)
        if value:
            info[label] = value
    return info


def source_organization(config: object | None, dc: etree._ElementTree) -> str | None:
    """The organization that deposits: config source_organization, else publisher, else the TEI's.

    :param config: project configuration, or None
    :param dc: the document's oai_dc record (its dc:publisher is the last resort)
    """
    return (_setting(config, "source_organization") or _setting(config, "publisher")
            or _dc_value(dc, "publisher"))


def cmif_document(teis: Iterable[etree._ElementTree], *, config: object | None = None,
                  when: _dt.datetime | None = None) -> etree._ElementTree:
    """One CMIF (TEI Correspondence SIG) file from the correspDesc of each document.

    Documents without a correspDesc are left out. CMIF requires a sender and an
    addressee: a missing one is written as ``Unknown``, as its documentation asks.

    :param teis: the parsed TEI documents of the collection
    :param config: project configuration (publisher, base_url, editors), or None
    :param when: the timestamp of publicationStmt/date; default :func:`deposit_time`
    """
    teis = list(teis)
    t = _tei_maker()
    publisher = _setting(config, "publisher") or _first_text(teis, "tei:teiHeader//tei:publicationStmt/tei:publisher")
    publisher = publisher or "teiencode"
    edition_url = _edition_url(config, teis)
    bibl_id = "bibl-" + str(uuid.uuid5(uuid.NAMESPACE_URL, edition_url or publisher))
    # CMIF requires an editor (a person or an organisation): with none configured or in the documents, the
    # publisher answers for the file.
    editors = [str(e) for e in (_setting(config, "editors") or ())] or _unique_texts(
        teis, "tei:teiHeader/tei:fileDesc/tei:titleStmt/tei:editor") or [publisher]
    publisher_el = t.publisher(t.ref(publisher, target=edition_url) if edition_url else publisher)
    bibl = t.bibl(publisher + (", " if edition_url else ""), type="online")
    bibl.set(_XML_ID, bibl_id)
    if edition_url:
        bibl.append(t.ref(edition_url, target=edition_url))
    header = t.teiHeader(
        t.fileDesc(
            t.titleStmt(t.title(f"{publisher}: correspondence metadata"), *[t.editor(e) for e in editors]),
            t.publicationStmt(
                publisher_el,
                t.idno(_cmif_url(edition_url), type="url"),
                t.date(when=_iso_datetime(when or deposit_time())),
                t.availability(t.licence(
                    "This file is licensed under the terms of the Creative-Commons-License CC-BY 4.0",
                    target=CMIF_LICENCE)),
            ),
            t.sourceDesc(bibl),
        ),
        t.profileDesc(*[c for c in (_cmif_corresp(tei, bibl_id) for tei in teis) if c is not None]),
    )
    return etree.ElementTree(t.TEI(header, t.text(t.body(t.p()))))


def _cmif_corresp(tei: etree._ElementTree, bibl_id: str) -> etree._Element | None:
    source = tei.find(".//tei:profileDesc/tei:correspDesc", NS)
    if source is None:
        return None
    t = _tei_maker()
    corresp = t.correspDesc(source="#" + bibl_id)
    uri = _first_text([tei], "tei:teiHeader//tei:publicationStmt/tei:idno[@type='URI']")
    local = _first_text([tei], "tei:teiHeader//tei:publicationStmt/tei:idno[@type='local']")
    if uri:
        corresp.set("ref", uri)
    if local:
        corresp.set("key", local)
    for kind in ("sent", "received"):
        action = t.correspAction(type=kind)
        found = source.find(f"tei:correspAction[@type='{kind}']", NS)
        children = [] if found is None else list(found)
        names = _cmif_parties(children)
        for child in names or [None]:
            action.append(_cmif_name(child, "persName"))
        for child in children:
            if child.tag == _tei("placeName"):
                action.append(_cmif_name(child, "placeName"))
        for child in children:
            date = _cmif_date(child) if child.tag == _tei("date") else None
            if date is not None:
                action.append(date)
        corresp.append(action)
    return corresp


def _cmif_parties(children: list[etree._Element]) -> list[etree._Element]:
    """One name per person or organisation: a name as written gives way to the person its bracket identifies
    (``Filippov [Stalin]`` is listed as Stalin), which is whom an aggregator looks for."""
    names: list[etree._Element] = []
    for child in children:
        identifies = child.tag == _tei("persName") and child.get("type") in ("identification", "variant")
        if identifies and names and names[-1].tag == _tei("persName") and names[-1].get("type") is None:
            names[-1] = child
        elif child.tag in (_tei("persName"), _tei("orgName")):
            names.append(child)
    return names


def _cmif_name(source: etree._Element | None, default_tag: str) -> etree._Element:
    """A CMIF name: the text only, plus @ref when it is an authority URL (CMIF allows no more)."""
    if source is None:
        return _tei_maker()(default_tag, "Unknown")
    name = _tei_maker()(etree.QName(source).localname, _text(source) or "Unknown")
    # @ref may list the register entry first (reg:ID) and then the authority URI.
    ref = next((r for r in source.get("ref", "").split() if r.startswith(("http://", "https://"))), None)
    if ref:
        name.set("ref", ref)
    return name


def _cmif_date(source: etree._Element) -> etree._Element | None:
    """A CMIF date keeps the dating attributes in YYYY, YYYY-MM or YYYY-MM-DD form only."""
    attrs = {k: v for k, v in source.attrib.items()
             if k in ("when", "from", "to", "notBefore", "notAfter") and CMIF_DATE.match(v)}
    return _tei_maker().date(**attrs) if attrs else None


# --- files, paths, time -------------------------------------------------------

def document_id(tei_path: Path) -> str:
    """The document id of ``<id>.tei.xml``, which names its bag and its views.

    :param tei_path: the TEI file
    """
    name = tei_path.name
    doc_id = name[: -len(TEI_SUFFIX)] if name.endswith(TEI_SUFFIX) else tei_path.stem
    if not doc_id or doc_id.startswith(".") or re.search(r"[\t\r\n]", doc_id):
        raise InputError(Diagnostic("error", "E-DEPOSIT-NAME",
                                    "the file name gives no usable document id", str(tei_path)))
    return doc_id


def payload_sources(tei_path: Path) -> list[Path]:
    """The TEI file and whichever of its HTML views exist beside it, TEI first.

    :param tei_path: ``<id>.tei.xml``
    """
    doc_id = document_id(tei_path)
    views = [tei_path.with_name(f"{doc_id}.{view}.html") for view in VIEWS]
    return [tei_path] + [v for v in views if v.is_file()]


def deposit_time() -> _dt.datetime:
    """The deposit time: SOURCE_DATE_EPOCH when set (reproducible bags), else now, in UTC."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if not epoch:
        return _dt.datetime.now(_dt.timezone.utc).replace(microsecond=0)
    try:
        return _dt.datetime.fromtimestamp(int(epoch), _dt.timezone.utc)
    except (ValueError, OverflowError, OSError):
        raise InputError(Diagnostic("error", "E-SOURCE-DATE-EPOCH",
                                    f"SOURCE_DATE_EPOCH is not a count of seconds: {epoch!r}",
                                    "SOURCE_DATE_EPOCH")) from None


def _payload_files(bag: bagit.Bag, bag_dir: Path, names: list[str]) -> list[PayloadFile]:
    # Checksums come from the bag's own manifest, so METS and manifest cannot disagree.
    files = []
    for index, name in enumerate(names):
        href = f"data/{name}"
        files.append(PayloadFile(
            href=href,
            mimetype="application/tei+xml" if index == 0 else "text/html",
            size=(bag_dir / "data" / name).stat().st_size,
            sha256=bag.entries[href]["sha256"],
            use="master" if index == 0 else "display",
        ))
    return files


def _sort_tag_manifests(bag_dir: Path) -> None:
    # bagit lists tag files in directory order; sorted lines make bags byte-reproducible.
    for algorithm in CHECKSUMS:
        path = bag_dir / f"tagmanifest-{algorithm}.txt"
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        path.write_text("".join(sorted(lines)), encoding="utf-8")


def _replace_dir(new: Path, target: Path, work: Path) -> None:
    # A directory cannot be os.replace'd over a non-empty one: move the old bag aside first.
    if target.exists() or target.is_symlink():
        os.replace(target, work / "previous")
    os.replace(new, target)


def _zip_bag(bag_dir: Path, archive: Path, when: _dt.datetime) -> None:
    """Serialize a bag as one zip whose single top directory is the bag (BagIt §4.2)."""
    stamp = max(when, _dt.datetime(1980, 1, 1, tzinfo=_dt.timezone.utc)).timetuple()[:6]
    files = sorted(p for p in bag_dir.rglob("*") if p.is_file())
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        for path in files:
            info = zipfile.ZipInfo(f"{bag_dir.name}/{path.relative_to(bag_dir).as_posix()}", stamp)
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, path.read_bytes())


def _write_xml(path: Path, tree: etree._ElementTree) -> None:
    write_atomic(path, etree.tostring(tree, xml_declaration=True, encoding="UTF-8", pretty_print=True))


# --- XML helpers ----------------------------------------------------------------

_XML_ID = "{http://www.w3.org/XML/1998/namespace}id"


@functools.lru_cache(maxsize=None)
def _stylesheet(name: str, directory: str) -> etree.XSLT:
    # xsl:import is read at compile time; at run time a stylesheet reads and writes nothing.
    return etree.XSLT(etree.parse(os.path.join(directory, name), xmlsafe.make_parser()),
                      access_control=etree.XSLTAccessControl.DENY_ALL)


def _transform(name: str, tei: etree._ElementTree, params: dict[str, str] | None = None) -> etree._ElementTree:
    xslt = _stylesheet(name, str(xslt_dir()))
    quoted = {k: etree.XSLT.strparam(v) for k, v in (params or {}).items()}
    return xslt(tei, **quoted)


def _tei(local: str) -> str:
    return f"{{{TEI_NS}}}{local}"


def _tei_maker() -> ElementMaker:
    return ElementMaker(namespace=TEI_NS, nsmap={None: TEI_NS})


def _normalize(text: str) -> str:
    return " ".join(text.split())


def _text(element: etree._Element) -> str:
    """Whitespace-normalised text of an element; a line or page break separates words."""
    parts = []
    for node in element.iter():
        if node is not element and node.tag in (_tei("lb"), _tei("cb"), _tei("pb")):
            parts.append(" ")
        elif node.text and node.tag is not etree.Comment and node.tag is not etree.PI:
            parts.append(node.text)
        if node is not element and node.tail:
            parts.append(node.tail)
    return _normalize("".join(parts))


def _dc_value(dc: etree._ElementTree, element: str) -> str | None:
    found = dc.find(f"dc:{element}", NS)
    return _normalize(found.text or "") if found is not None else None


def _first_text(teis: list[etree._ElementTree], xpath: str) -> str | None:
    return next(iter(_unique_texts(teis, xpath)), None)


def _unique_texts(teis: list[etree._ElementTree], xpath: str) -> list[str]:
    seen: dict[str, None] = {}
    for tei in teis:
        for node in tei.getroot().xpath(xpath, namespaces=NS):
            text = _text(node)
            if text:
                seen.setdefault(text)
    return list(seen)


def _edition_url(config: object | None, teis: list[etree._ElementTree]) -> str | None:
    base = _setting(config, "base_url")
    if base:
        return str(base).rstrip("/")
    # Without a configured base URL, the documents' own URIs tell where the edition lives.
    uri = _first_text(teis, "tei:teiHeader//tei:publicationStmt/tei:idno[@type='URI']")
    return uri.rsplit("/", 1)[0] if uri and "/" in uri else None


def _cmif_url(edition_url: str | None) -> str:
    return f"{edition_url}/{CMIF_NAME}" if edition_url else CMIF_NAME


def _iso_datetime(when: _dt.datetime) -> str:
    return when.astimezone(_dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _setting(config: object | None, name: str):
    return getattr(config, name, None) if config is not None else None
