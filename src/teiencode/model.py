"""The document model: what the reader finds in an export, before any XML exists."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Union


@dataclass(frozen=True)
class Span:
    """A place in the source export, 1-based line and column."""

    line: int
    col: int = 1


# --- inline nodes -------------------------------------------------------------

@dataclass
class Text:
    text: str


@dataclass
class Mark:
    """An editorial mark found by a convention.

    ``kind`` names the TEI element it becomes (``add``, ``note``, ``stamp``,
    ``gap``, ``unclear``, ``sic``, ``supplied``, ``foreign``, ``persName``, ``label``,
    ``seg``, ``ref``, ``pb``); ``convention`` the registry rule that found it;
    ``attrs`` its TEI attributes; ``label`` the translator's own wording of the
    bracket (kept verbatim); ``children`` its content; ``desc`` a gap's description;
    ``rend`` the bracket form of the export, so the encoding is reversible.
    """

    kind: str
    convention: str
    attrs: dict[str, str] = field(default_factory=dict)
    children: list["Inline"] = field(default_factory=list)
    label: str | None = None
    rend: str | None = None
    desc: str | None = None


@dataclass
class LineBreak:
    """A line break inside a block whose lines matter (addresses, marginalia)."""


Inline = Union[Text, Mark, LineBreak]


# --- blocks -------------------------------------------------------------------

@dataclass
class Block:
    """One unit of a division.

    ``kind`` is one of: p, head, fw, pb, rule, list (with ``items``), ab, note,
    margin-note, footnote, sp. ``role`` refines it (fw type, list type, ab type,
    speaker id...). ``region`` says where the encoder puts it (opener, body, closer,
    postscript), ``section`` and ``part_no`` which section and enclosed document.
    """

    kind: str
    inlines: list[Inline] = field(default_factory=list)
    span: Span = field(default_factory=lambda: Span(1))
    role: str | None = None
    n: str | None = None
    items: list["Block"] = field(default_factory=list)
    speaker: str | None = None
    part: str | None = None
    xml_id: str | None = None
    corresp: list[str] = field(default_factory=list)
    region: str = "body"  # opener | body | closer | postscript
    section: int = 0  # 0: before any head; k: the k-th head's section
    part_no: int = 0  # 0: the only part; k: the k-th enclosed document
    lines: list[str] = field(default_factory=list)  # the block's source lines, verbatim


@dataclass
class Division:
    """One language's text: the original transcription or a translation."""

    type: str  # "original" | "translation"
    lang: str  # BCP 47
    blocks: list[Block] = field(default_factory=list)
    xml_id: str = ""
    id_prefix: str = ""
    heading: str | None = None  # an explicit section label of the export, kept verbatim
    indents: dict[int, int] = field(default_factory=dict)  # source line -> its leading spaces, where any


# --- header -------------------------------------------------------------------

@dataclass
class DateValue:
    """A date as written and as ISO 8601 (``when`` or a ``not_before``/``not_after`` range)."""

    text: str
    when: str | None = None
    not_before: str | None = None
    not_after: str | None = None
    precision: str | None = None  # "circa" where the export says so


@dataclass
class Citation:
    text: str
    title: str | None = None
    date_text: str | None = None
    archive: str | None = None
    institution: str | None = None
    repository: str | None = None
    collection: str | None = None
    identifiers: list[str] = field(default_factory=list)
    provenance: list[str] = field(default_factory=list)
    translator: str | None = None
    url: str | None = None


@dataclass
class Field:
    label: str
    value: str
    span: Span


@dataclass
class Header:
    title: str
    title_span: Span
    date: DateValue | None = None
    citation: Citation | None = None
    summary: str | None = None
    credits: str | None = None
    funder: str | None = None
    original_language: str | None = None  # as written
    original_language_code: str | None = None
    contents: list[str] = field(default_factory=list)
    extra: list[Field] = field(default_factory=list)  # fields this tool has no slot for
    fields: dict[str, Field] = field(default_factory=dict)
    repeated: list[Field] = field(default_factory=list)  # a field given again, in order: kept, never dropped
    title_lines: list[str] = field(default_factory=list)  # the title as the export wrapped it, line by line
    title_source: str | None = None  # no title line: "citation" (its quoted title) or "devised" ("Untitled record, …")
    date_from_citation: bool = False  # no date line: the citation's date


@dataclass
class Party:
    """A sender or addressee as the title names it.

    ``kind``: person, org, role (a person named only by office: ``role``), or place (a telegram
    "from Pyongyang"). ``name`` is the name as written, titles and offices left out; ``identification``
    the person a bracket after it names (``Filippov [Stalin]``), of ``identification_type``
    identification or variant, written in ``identification_rend`` (brackets or parentheses).
    """

    kind: str
    name: str | None
    role: str | None = None
    identification: str | None = None
    identification_type: str | None = None
    identification_rend: str | None = None


@dataclass
class Correspondence:
    senders: list[Party] = field(default_factory=list)
    addressees: list[Party] = field(default_factory=list)
    place: str | None = None
    date: DateValue | None = None


@dataclass
class Hand:
    xml_id: str
    description: str
    medium: str | None = None


@dataclass
class Document:
    doc_id: str
    source_name: str
    header: Header
    divisions: list[Division] = field(default_factory=list)
    hands: list[Hand] = field(default_factory=list)
    speakers: dict[str, str] = field(default_factory=dict)  # xml:id -> label
    correspondence: Correspondence | None = None
    links: list = field(default_factory=list)  # align.Link
    source_sha256: str = ""

    @property
    def original(self) -> Division | None:
        return next((d for d in self.divisions if d.type == "original"), None)

    @property
    def translations(self) -> list[Division]:
        return [d for d in self.divisions if d.type == "translation"]
