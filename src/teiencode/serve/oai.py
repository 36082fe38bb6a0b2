"""OAI-PMH 2.0 over a build folder: the six verbs, oai_dc / tei / mets, sets, from/until, resumption
tokens, deletions, and every error code where the protocol calls for it.

:func:`oai_response` is the whole protocol as a function of the request's arguments; the Starlette
endpoint in :mod:`teiencode.serve.app` only hands it the query. A list request costs time linear in
the number of records (one pass to count and select a page); a record's metadata is made once per
version of its file and kept in a small cache.
"""
from __future__ import annotations

import base64
import binascii
import datetime as _dt
import functools
import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping, Sequence
from urllib.parse import urlsplit
from xml.sax.saxutils import escape, quoteattr

from lxml import etree

from .. import deposit, xmlsafe
from .catalogue import Catalogue, Record

OAI_NS = "http://www.openarchives.org/OAI/2.0/"
GRANULARITY = "YYYY-MM-DDThh:mm:ssZ"
# The build keeps no history of deletions beyond its manifest, which a clean rebuild forgets.
DELETED_RECORD = "transient"

VERBS = {
    # verb: (required, optional, exclusive)
    "Identify": ((), (), None),
    "ListMetadataFormats": ((), ("identifier",), None),
    "ListSets": ((), (), "resumptionToken"),
    "GetRecord": (("identifier", "metadataPrefix"), (), None),
    "ListIdentifiers": (("metadataPrefix",), ("from", "until", "set"), "resumptionToken"),
    "ListRecords": (("metadataPrefix",), ("from", "until", "set"), "resumptionToken"),
}


@dataclass(frozen=True)
class MetadataFormat:
    prefix: str
    schema: str
    namespace: str
    # A record that carries XML ids (xml:id, METS ID) goes alone in a ListRecords response: two of
    # them would repeat ids, which must be unique in one XML document.
    has_ids: bool = False


FORMATS = {
    "oai_dc": MetadataFormat("oai_dc", "http://www.openarchives.org/OAI/2.0/oai_dc.xsd",
                             "http://www.openarchives.org/OAI/2.0/oai_dc/"),
    "tei": MetadataFormat("tei", "https://www.tei-c.org/release/xml/tei/custom/schema/xsd/tei_all.xsd",
                          "http://www.tei-c.org/ns/1.0", has_ids=True),
    "mets": MetadataFormat("mets", "http://www.loc.gov/standards/mets/mets.xsd", "http://www.loc.gov/METS/",
                           has_ids=True),
}

_DAY = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)
_SECOND = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z", re.ASCII)
_SET_SPEC_PART = re.compile(r"[A-Za-z0-9_.!~*'()-]+", re.ASCII)


@dataclass(frozen=True)
class Repository:
    """What Identify says, and how the records are named and paged."""

    name: str = "teiencode edition"
    admin_email: str = "admin@example.org"
    repository_id: str = "teiencode"  # oai:<repository_id>:<document id>
    page_size: int = 100
    files_url: str | None = None  # where the build folder is served (METS file locations)
    organization: str | None = None  # METS creator agent


class OAIError(Exception):
    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


def oai_response(catalogue: Catalogue, args: Mapping[str, Sequence[str]], base_url: str,
                 repository: Repository = Repository(), *, now: _dt.datetime | None = None) -> bytes:
    """The OAI-PMH response to one request, as UTF-8 XML.

    :param args: the request's arguments, each with every value it was given (a repeated argument is an error)
    :param base_url: the repository's base URL (the request URL without its query)
    """
    now = now or _dt.datetime.now(_dt.timezone.utc)
    verb_values = args.get("verb") or []
    verb = verb_values[0] if len(verb_values) == 1 else None
    echo: dict[str, str] = {}
    try:
        if verb not in VERBS:
            raise OAIError("badVerb", "the verb argument is missing, repeated or not an OAI-PMH verb"
                           if not verb_values or len(verb_values) > 1 else f"{verb_values[0]!r} is not an OAI-PMH verb")
        params = _check_arguments(verb, args)
        echo = {"verb": verb, **params}
        body = _VERB_HANDLERS[verb](catalogue, params, base_url, repository)
    except OAIError as err:
        # badVerb and badArgument echo no arguments: they may not be valid ones.
        attrs = echo if err.code not in ("badVerb", "badArgument") else {}
        body = f'<error code="{err.code}">{escape(err.message)}</error>'.encode()
        return _envelope(now, base_url, attrs, body)
    return _envelope(now, base_url, echo, body)


def error_response(code: str, message: str, base_url: str = "http://localhost/oai", *,
                   now: _dt.datetime | None = None) -> bytes:
    """An OAI-PMH error response that echoes no arguments (for a request refused before it is read)."""
    body = f'<error code="{code}">{escape(message)}</error>'.encode()
    return _envelope(now or _dt.datetime.now(_dt.timezone.utc), base_url, {}, body)


def _envelope(now: _dt.datetime, base_url: str, attrs: Mapping[str, str], body: bytes) -> bytes:
    request = "".join(f" {k}={quoteattr(v)}" for k, v in attrs.items())
    head = ('<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<OAI-PMH xmlns="{OAI_NS}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
            f'xsi:schemaLocation="{OAI_NS} http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd">\n'
            f"<responseDate>{_stamp(now)}</responseDate>\n"
            f"<request{request}>{escape(base_url)}</request>\n")
    return head.encode() + body + b"\n</OAI-PMH>\n"


def _check_arguments(verb: str, args: Mapping[str, Sequence[str]]) -> dict[str, str]:
    required, optional, exclusive = VERBS[verb]
    allowed = {"verb", *required, *optional} | ({exclusive} if exclusive else set())
    params: dict[str, str] = {}
    for name, values in args.items():
        if name not in allowed:
            raise OAIError("badArgument", f"{verb} takes no argument {name!r}")
        if len(values) != 1:
            raise OAIError("badArgument", f"the argument {name!r} is repeated")
        if name != "verb":
            params[name] = values[0]
    if exclusive and exclusive in params:
        if len(params) > 1:
            raise OAIError("badArgument", f"{exclusive} is an exclusive argument")
        return params
    missing = [name for name in required if not params.get(name)]
    if missing:
        raise OAIError("badArgument", f"{verb} needs the argument {missing[0]!r}")
    return params


# --- verbs ---------------------------------------------------------------------------------------

def _identify(catalogue: Catalogue, params, base_url: str, repo: Repository) -> bytes:
    records = catalogue.records()
    earliest = min((r.datestamp for r in records), default=_dt.datetime(1970, 1, 1, tzinfo=_dt.timezone.utc))
    return (f"<Identify>\n<repositoryName>{escape(repo.name)}</repositoryName>\n"
            f"<baseURL>{escape(base_url)}</baseURL>\n<protocolVersion>2.0</protocolVersion>\n"
            f"<adminEmail>{escape(repo.admin_email)}</adminEmail>\n"
            f"<earliestDatestamp>{_stamp(earliest)}</earliestDatestamp>\n"
            f"<deletedRecord>{DELETED_RECORD}</deletedRecord>\n<granularity>{GRANULARITY}</granularity>\n"
            "</Identify>").encode()


def _list_metadata_formats(catalogue: Catalogue, params, base_url: str, repo: Repository) -> bytes:
    if "identifier" in params:
        record = _record(catalogue, params["identifier"], repo)
        if record.facts is None:
            raise OAIError("noMetadataFormats", "the item's TEI is gone: no format can be disseminated")
    rows = "".join(f"<metadataFormat><metadataPrefix>{f.prefix}</metadataPrefix><schema>{f.schema}</schema>"
                   f"<metadataNamespace>{f.namespace}</metadataNamespace></metadataFormat>\n"
                   for f in FORMATS.values())
    return f"<ListMetadataFormats>\n{rows}</ListMetadataFormats>".encode()


def _list_sets(catalogue: Catalogue, params, base_url: str, repo: Repository) -> bytes:
    sets = catalogue.sets()
    if not sets:
        raise OAIError("noSetHierarchy", "this repository has no sets")
    token = _read_token(params, "ListSets") if "resumptionToken" in params else None
    start = token.cursor if token else 0
    if start >= len(sets):
        raise OAIError("badResumptionToken", "the resumption token points past the list")
    page = sets[start:start + repo.page_size]
    rows = "".join(f"<set><setSpec>{escape(spec)}</setSpec><setName>{escape(name)}</setName></set>\n"
                   for spec, name in page)
    after = page[-1][0]
    more = _Token("ListSets", None, None, None, None, after, start + len(page))
    tail = _token_element(more, start, len(sets), start + len(page) < len(sets), token is not None)
    return f"<ListSets>\n{rows}{tail}</ListSets>".encode()


def _get_record(catalogue: Catalogue, params, base_url: str, repo: Repository) -> bytes:
    fmt = _format(params["metadataPrefix"])
    record = _record(catalogue, params["identifier"], repo)
    xml = _record_xml(record, fmt, repo)
    if xml is None:
        raise OAIError("cannotDisseminateFormat", f"the TEI of {params['identifier']!r} is not well-formed XML: "
                       "no format can be made from it")
    return b"<GetRecord>\n" + xml + b"</GetRecord>"


def _list(catalogue: Catalogue, params, repo: Repository, verb: str) -> bytes:
    token = _read_token(params, verb) if "resumptionToken" in params else None
    if token:
        prefix, set_spec, since, until = token.prefix, token.set, token.since, token.until
    else:
        prefix, set_spec = params["metadataPrefix"], params.get("set")
        since, until = params.get("from"), params.get("until")
    fmt = _format(prefix)
    low, high = _date_range(since, until)
    if set_spec is not None:
        if not all(_SET_SPEC_PART.fullmatch(part) for part in set_spec.split(":")):
            raise OAIError("badArgument", f"{set_spec!r} is not a set spec")
        if not catalogue.sets():
            raise OAIError("noSetHierarchy", "this repository has no sets")
    after = token.after if token else None
    selected = [r for r in catalogue.records()
                if (low is None or r.datestamp >= low) and (high is None or r.datestamp <= high)
                and (set_spec is None or r.in_set(set_spec))]
    if not selected:
        raise OAIError("noRecordsMatch", "no record matches these arguments")
    # Records are sorted by id and a token holds the last id sent: a record added or removed
    # meanwhile moves no other record from one page to another.
    rest = [r for r in selected if after is None or r.doc_id > after]
    cursor = token.cursor if token else 0
    if token and not rest:
        raise OAIError("badResumptionToken", "the resumption token points past the list")
    limit = 1 if fmt.has_ids and verb == "ListRecords" else repo.page_size
    items: list[bytes] = []
    taken = 0
    while taken < len(rest) and len(items) < limit:
        item = _list_item(rest[taken], fmt, repo, verb)
        taken += 1
        if item is not None:
            items.append(item)
    # A record whose TEI is not well-formed cannot be disseminated: it is left out, not a crash,
    # and skipped before the token is made, so no page is ever empty.
    while taken < len(rest) and _list_item(rest[taken], fmt, repo, verb) is None:
        taken += 1
    if not items:
        raise OAIError("noRecordsMatch", "no record matches these arguments")
    more = _Token(verb, prefix, set_spec, since, until, rest[taken - 1].doc_id, cursor + taken)
    tail = _token_element(more, cursor, cursor + len(rest), taken < len(rest), token is not None).encode()
    return f"<{verb}>\n".encode() + b"".join(items) + tail + f"</{verb}>".encode()


def _list_item(record: Record, fmt: MetadataFormat, repo: Repository, verb: str) -> bytes | None:
    if verb == "ListIdentifiers":
        return _header_xml(record, repo) + b"\n"
    return _record_xml(record, fmt, repo)


_VERB_HANDLERS = {
    "Identify": _identify,
    "ListMetadataFormats": _list_metadata_formats,
    "ListSets": _list_sets,
    "GetRecord": _get_record,
    "ListIdentifiers": lambda c, p, b, r: _list(c, p, r, "ListIdentifiers"),
    "ListRecords": lambda c, p, b, r: _list(c, p, r, "ListRecords"),
}


# --- records -------------------------------------------------------------------------------------

def identifier(record: Record, repo: Repository) -> str:
    """The record's OAI identifier, ``oai:<repository id>:<document id>``."""
    return f"oai:{repo.repository_id}:{record.doc_id}"


def _record(catalogue: Catalogue, oai_id: str, repo: Repository) -> Record:
    prefix = f"oai:{repo.repository_id}:"
    record = catalogue.get(oai_id[len(prefix):]) if oai_id.startswith(prefix) else None
    if record is None:
        raise OAIError("idDoesNotExist", f"{oai_id!r} is not an identifier of this repository")
    return record


def _format(prefix: str) -> MetadataFormat:
    fmt = FORMATS.get(prefix)
    if fmt is None:
        raise OAIError("cannotDisseminateFormat", f"{prefix!r} is not a metadata format of this repository "
                       f"({', '.join(FORMATS)})")
    return fmt


def _header_xml(record: Record, repo: Repository) -> bytes:
    status = ' status="deleted"' if record.deleted else ""
    specs = "".join(f"<setSpec>{escape(s)}</setSpec>" for s in record.sets)
    return (f"<header{status}><identifier>{escape(identifier(record, repo))}</identifier>"
            f"<datestamp>{_stamp(record.datestamp)}</datestamp>{specs}</header>").encode()


def _record_xml(record: Record, fmt: MetadataFormat, repo: Repository) -> bytes | None:
    header = _header_xml(record, repo)
    if record.deleted:
        return b"<record>" + header + b"</record>\n"
    try:
        metadata = record_metadata(record, fmt.prefix, repo)
    except (etree.XMLSyntaxError, etree.XSLTError, OSError):
        return None
    return b"<record>" + header + b"\n<metadata>\n" + metadata + b"\n</metadata></record>\n"


def record_metadata(record: Record, prefix: str, repo: Repository = Repository()) -> bytes:
    """A record's metadata in one format, as the XML of its root element.

    ``tei`` is the built file itself, byte for byte, less its XML declaration; ``oai_dc`` and
    ``mets`` come from the deposit's crosswalks (``xslt/dc.xsl``, ``xslt/mets.xsl``).
    """
    st = record.path.stat()
    return _metadata(str(record.path), st.st_mtime_ns, st.st_size, prefix, record.view_names,
                     int(record.datestamp.timestamp()), repo.files_url, repo.organization)


@functools.lru_cache(maxsize=256)
def _metadata(path: str, mtime_ns: int, size: int, prefix: str, views: tuple[str, ...], stamp: int,
              files_url: str | None, organization: str | None) -> bytes:
    data = Path(path).read_bytes()
    tree = etree.ElementTree(etree.fromstring(data, xmlsafe.make_parser()))  # well-formed, or no record
    if prefix == "tei":
        return _without_declaration(data)
    if prefix == "oai_dc":
        result = deposit.dublin_core(tree)
    else:
        folder = Path(path).parent
        files = [_payload(folder / Path(path).name, data, "application/tei+xml", "master", files_url)]
        files += [_payload(folder / name, (folder / name).read_bytes(), "text/html", "display", files_url)
                  for name in views if (folder / name).is_file()]
        when = _dt.datetime.fromtimestamp(stamp, _dt.timezone.utc)
        result = deposit.mets(tree, files, organization=organization, when=when)
    return etree.tostring(result.getroot(), encoding="UTF-8").removeprefix(b"<?xml version='1.0' encoding='UTF-8'?>\n")


def _payload(path: Path, data: bytes, mimetype: str, use: str, files_url: str | None) -> deposit.PayloadFile:
    href = f"{files_url.rstrip('/')}/{path.name}" if files_url else path.name
    return deposit.PayloadFile(href, mimetype, len(data), hashlib.sha256(data).hexdigest(), use)


def _without_declaration(data: bytes) -> bytes:
    data = data.removeprefix(b"\xef\xbb\xbf")
    if data.startswith(b"<?xml"):
        end = data.find(b"?>")
        data = data[end + 2:]
    return data.strip()


# --- dates ---------------------------------------------------------------------------------------

def _stamp(when: _dt.datetime) -> str:
    return when.astimezone(_dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _date_range(since: str | None, until: str | None) -> tuple[_dt.datetime | None, _dt.datetime | None]:
    low = _parse_date(since, "from", end=False) if since is not None else None
    high = _parse_date(until, "until", end=True) if until is not None else None
    if since is not None and until is not None and len(since) != len(until):
        raise OAIError("badArgument", "from and until have different granularities")
    if low and high and low > high:
        raise OAIError("badArgument", "from is later than until")
    return low, high


def _parse_date(value: str, name: str, *, end: bool) -> _dt.datetime:
    try:
        if _SECOND.fullmatch(value):
            return _dt.datetime.strptime(value, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=_dt.timezone.utc)
        if _DAY.fullmatch(value):
            day = _dt.datetime.strptime(value, "%Y-%m-%d").replace(tzinfo=_dt.timezone.utc)
            return day.replace(hour=23, minute=59, second=59) if end else day
    except ValueError:
        pass
    raise OAIError("badArgument", f"{name}={value!r} is not a date of the form YYYY-MM-DD or YYYY-MM-DDThh:mm:ssZ")


# --- resumption tokens ---------------------------------------------------------------------------

@dataclass(frozen=True)
class _Token:
    verb: str
    prefix: str | None
    set: str | None
    since: str | None
    until: str | None
    after: str
    cursor: int


def _token_element(token: _Token, cursor: int, complete: int, more: bool, resumed: bool) -> str:
    if not more and not resumed:
        return ""
    # The last page of a resumed list carries an empty token, as the protocol asks.
    value = _encode_token(token) if more else ""
    return f'<resumptionToken completeListSize="{complete}" cursor="{cursor}">{value}</resumptionToken>\n'


def _encode_token(token: _Token) -> str:
    fields = [token.verb, token.prefix, token.set, token.since, token.until, token.after, token.cursor]
    raw = json.dumps(fields, separators=(",", ":"), ensure_ascii=True).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _read_token(params: Mapping[str, str], verb: str) -> _Token:
    value = params["resumptionToken"]
    try:
        raw = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))
        fields = json.loads(raw)
        token = _Token(*fields)
    except (binascii.Error, ValueError, TypeError, UnicodeDecodeError):
        raise OAIError("badResumptionToken", "the resumption token is not one this repository gave") from None
    if (token.verb != verb or not isinstance(token.after, str) or not isinstance(token.cursor, int)
            or isinstance(token.cursor, bool) or token.cursor < 0
            or not all(v is None or isinstance(v, str) for v in (token.prefix, token.set, token.since, token.until))
            or (verb != "ListSets" and token.prefix is None)):
        raise OAIError("badResumptionToken", "the resumption token is not one this repository gave")
    try:
        _date_range(token.since, token.until)
    except OAIError:
        raise OAIError("badResumptionToken", "the resumption token is not one this repository gave") from None
    return token


def repository_id_for(base_url: str | None) -> str:
    """The repository identifier of OAI identifiers: the edition's host name (``example.org``)."""
    host = urlsplit(base_url or "").hostname or ""
    return host if re.fullmatch(r"[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+", host) else "teiencode"
