"""The export's header: date line, **Title**, labelled fields; the citation parsed into its parts."""
from __future__ import annotations

import re

from ..diagnostics import Reporter
from ..model import Citation, DateValue, Field, Header, Span
from .dates import OUT_OF_RANGE, parse_date
from .languages import code_for_name

# Field labels the archive uses; any other `Label:` alone on a line in the header is kept as an extra field.
KNOWN_FIELDS = ("Citation", "Summary", "Credits", "Original Language", "Contents", "Source")
# Fields with a slot of their own in the model; the rest are kept verbatim as extra fields.
_INTERPRETED = {"Date", "Citation", "Summary", "Credits", "Original Language", "Contents"}
_LABEL_LINE = re.compile(r"^(?P<label>[A-Z][A-Za-z’' ()/-]{1,40}):\s*(?P<value>.*)$")
_URL = re.compile(r"<(https?://[^<>\s]+)>|(https?://\S+?)(?=[\s)>\]]|[.,;]?$|[.,;]\s)")
_FUNDER = re.compile(r"(?:support|funding|grant|made possible)\s+(?:from|by)\s+(?:the\s+)?(?P<funder>.+?)\.?$", re.I)


def parse_header(lines: tuple[str, ...], reporter: Reporter) -> tuple[Header, int]:
    """Read the header; return it with the index of the first body line.

    :param lines: the export's lines
    :param reporter: receives warnings; raises on a missing title or header
    """
    i = _skip_blank(lines, 0)
    date: DateValue | None = None
    date_line = None
    if i < len(lines) and not lines[i].lstrip().startswith("**") and not _starts_fields(lines, i):
        date = parse_date(lines[i])
        if date is None:
            reporter.error("E-HEADER", f"no recognisable header: expected a date line such as 'May 30, 1950' "
                           f"or a bold title '**...**', found {lines[i].strip()[:40]!r}", i + 1, 1)
        if date.precision == OUT_OF_RANGE:
            reporter.warning("W-DATE-RANGE", f"the date {date.text!r} lies outside the years 0001-9999 that an "
                             "ISO date can hold; it is kept as text, without @when or @notBefore", i + 1, 1)
        date_line = i
        i = _skip_blank(lines, i + 1)
    first_line = i
    if i < len(lines) and lines[i].lstrip().startswith("**"):
        title, title_span, i, wrapped = _read_title(lines, i, reporter)
    else:
        title, title_span, wrapped = None, Span(i + 1, 1), []
    header = Header(title=title or "", title_span=title_span, date=date)
    header.title_lines = title_lines(header.title, wrapped)
    if date_line is not None:
        header.fields["Date"] = Field("Date", lines[date_line].strip(), Span(date_line + 1, 1))
    i = _read_fields(lines, i, header, reporter)
    _interpret_fields(header, reporter)
    if date is None:
        _date_from_citation(header, reporter, first_line)
    if title is None:
        _title_without_title_line(header, reporter, first_line)
    return header, i


def _starts_fields(lines, i: int) -> bool:
    """The header opens with a labelled field: no date line and no title line."""
    m = _LABEL_LINE.match(lines[i].strip())
    return bool(m) and m.group("label") in KNOWN_FIELDS


def _date_from_citation(header: Header, reporter: Reporter, line: int) -> None:
    cited = parse_date(header.citation.date_text) if header.citation and header.citation.date_text else None
    if cited:
        header.date = cited
        header.date_from_citation = True
        reporter.warning("W-DATE-FROM-CITATION", f"no date line before the title; the date "
                         f"{cited.text!r} is taken from the citation", header.fields["Citation"].span.line, 1)
    else:
        reporter.warning("W-NO-DATE", "no date line before the title; the document is undated", line + 1, 1)


def _title_without_title_line(header: Header, reporter: Reporter, line: int) -> None:
    """No **Title** line: the citation's quoted title, else a devised title "Untitled record, <date>"
    (a cataloguer's devised title says what the record is; its summary's first sentence would read as
    the archive's own title, which it is not)."""
    if header.citation and header.citation.title:
        header.title = header.citation.title
        header.title_source = "citation"
        reporter.warning("W-TITLE-FROM-CITATION", f"no bold title line; the title {header.title!r} is taken "
                         "from the citation", header.fields["Citation"].span.line, 1)
        return
    header.title = "Untitled record" + (f", {header.date.text}" if header.date else "")
    header.title_source = "devised"
    reporter.warning("W-NO-TITLE", f"no bold title line and no citation title; the record is called "
                     f"{header.title!r}", line + 1, 1)


def _skip_blank(lines, i: int) -> int:
    while i < len(lines) and not lines[i].strip():
        i += 1
    return i


def _read_title(lines, i: int, reporter: Reporter) -> tuple[str, Span, int, list[str]]:
    """The bold title from line ``i`` (which starts with ``**``), which may wrap over lines; with the
    index after it and its lines."""
    start = i
    parts = []
    while i < len(lines) and lines[i].strip():
        parts.append(lines[i].strip())
        if lines[i].rstrip().endswith("**") and (i > start or len(lines[i].strip()) > 2):
            break
        i += 1
    text = " ".join(parts)
    if not (text.startswith("**") and text.endswith("**") and len(text) > 4):
        reporter.error("E-TITLE", "unclosed title: expected '**' at the end of the bold title", start + 1,
                       len(lines[start]) + 1)
    return text[2:-2].strip(), Span(start + 1, lines[start].index("**") + 3), i + 1, parts


def title_lines(title: str, wrapped: list[str]) -> list[str]:
    """The title's lines as the export wrapped them (its bold marks aside), or the title as one
    line where the wrapped lines do not make it up word for word."""
    if len(wrapped) < 2:
        return [title]
    parts = [wrapped[0].removeprefix("**").strip()] + wrapped[1:-1] + [wrapped[-1].removesuffix("**").strip()]
    parts = [part for part in parts if part]
    return parts if " ".join(parts) == title else [title]


def _read_fields(lines, i: int, header: Header, reporter: Reporter) -> int:
    """Read `Label:` / blank / value blocks (or `Label: value`) until the body starts."""
    while True:
        j = _skip_blank(lines, i)
        if j >= len(lines):
            return j
        m = _LABEL_LINE.match(lines[j].strip())
        if not m or not _is_field_label(m.group("label"), m.group("value"), lines, j):
            return j
        label, value = m.group("label").strip(), m.group("value").strip()
        value_line = j
        if not value:
            k = _skip_blank(lines, j + 1)
            block = []
            while k < len(lines) and lines[k].strip():
                block.append(lines[k].strip())
                k += 1
            value, value_line, i = "\n".join(block), _skip_blank(lines, j + 1), k
        else:
            i = j + 1
        fld = Field(label, value, Span(value_line + 1, 1))
        if label in header.fields:
            # Never drop a value: the first stays the field, the later ones are kept in order beside it.
            header.repeated.append(fld)
            reporter.warning("W-REPEATED-FIELD", f"the field {label!r} is given again; both values are kept, "
                             f"the first as the {label} and this one after it", j + 1, 1)
        else:
            header.fields[label] = fld


def _is_field_label(label: str, value: str, lines, j: int) -> bool:
    if label in KNOWN_FIELDS:
        return True
    # An unknown label counts only in the `Label:` / blank / value layout the archive uses.
    words = label.split()
    return (not value and len(words) <= 4 and all(w[0].isupper() or not w[0].isalpha() for w in words)
            and j + 1 < len(lines) and not lines[j + 1].strip())


def _interpret_fields(header: Header, reporter: Reporter) -> None:
    f = header.fields
    if "Citation" in f:
        header.citation = parse_citation(f["Citation"].value)
    if "Summary" in f:
        header.summary = " ".join(f["Summary"].value.split("\n"))
    if "Credits" in f:
        header.credits = f["Credits"].value
        m = _FUNDER.search(header.credits.replace("\n", " "))
        header.funder = m.group("funder").strip() if m else None
    if "Original Language" in f:
        header.original_language = f["Original Language"].value.strip()
        header.original_language_code = code_for_name(header.original_language)
        if header.original_language_code is None:
            fld = f["Original Language"]
            reporter.warning("W-LANGUAGE", f"unknown language {header.original_language!r}; "
                             "expected a language name such as 'Russian'", fld.span.line, 1)
    if "Contents" in f:
        header.contents = [line.strip() for line in f["Contents"].value.split("\n") if line.strip()]
    header.extra = [fld for label, fld in f.items() if label not in _INTERPRETED]


# --- citation -----------------------------------------------------------------

_ABBREVIATIONS = {"vol", "no", "nos", "op", "f", "d", "l", "ll", "p", "pp", "cde", "comr", "ed", "eds", "trans",
                  "dr", "mr", "mrs", "st", "fond", "delo", "opis", "doc", "n", "nº", "no.", "ch", "inv"}
_COLLECTION_WORDS = re.compile(r"\b(papers|collection|records|fonds?|files|archives? of|materials)\b", re.I)
_IDENTIFIER = re.compile(r"^(?:[A-Za-z]{0,4}\d[\w./:-]*|(?:f|op|d|ll?|fond|opis|delo|list)\.?\s*[\d.,-]+.*)$", re.I)
_TRANSLATED = re.compile(r"\b[Tt]ranslated\b")
_BY = re.compile(r"\sby\s")
_FULL_STOP = re.compile(r"\.(?=\s|$)")


def split_sentences(text: str) -> list[str]:
    """Split citation prose at sentence ends, not at abbreviations such as ``Vol.`` or initials."""
    out, start = [], 0
    for m in re.finditer(r"\.\s+(?=[A-Z“\"(])", text):
        # The word before the full stop, found by looking back to the space before it: one word, not the
        # whole sentence again, so a run of abbreviations stays linear.
        last = text[max(start, text.rfind(" ", start, m.start()) + 1):m.start()].lower().strip("(")
        if last in _ABBREVIATIONS or (len(last) == 1 and last.isalpha()):
            continue
        out.append(text[start:m.start() + 1].strip())
        start = m.end()
    tail = text[start:].strip()
    if tail:
        out.append(tail)
    return out


def parse_citation(value: str) -> Citation:
    """Take an archive citation apart: title, date, archive, holding institution chain, translator, URL.

    :param value: the Citation field, verbatim
    """
    cit = Citation(text=value)
    flat = " ".join(value.split())
    m = _URL.search(flat)
    if m:
        cit.url = m.group(1) or m.group(2)
    rest = _URL.sub("", flat).strip()
    qm = re.match(r"^[\"“'‘](?P<title>.+?),?[\"”'’],?\s*(?P<rest>.*)$", rest)
    if qm:
        cit.title = qm.group("title").strip().rstrip(",")
        rest = qm.group("rest")
    found = _translator(rest)
    if found:
        start, end, cit.translator = found
        rest = (rest[:start] + rest[end:]).strip()
    parts = [p.strip() for p in rest.split(",")]
    # Date: the leading comma parts that together parse as a date ("May 30, 1950").
    for n in (2, 1):
        if len(parts) >= n and parse_date(", ".join(parts[:n])):
            cit.date_text = ", ".join(parts[:n])
            rest = ",".join(rest.split(",")[n:]).strip()
            break
    sentences = split_sentences(rest)
    if not sentences:
        return cit
    chain = [p.strip() for p in sentences[0].rstrip(".").split(",") if p.strip()]
    if chain and re.search(r"\barchive\b", chain[0], re.I):
        cit.archive = chain.pop(0)
    _parse_holding(chain, cit)
    cit.provenance = [s for s in sentences[1:] if s]
    return cit


def _translator(text: str) -> tuple[int, int, str] | None:
    """Where "[Obtained and] translated [for X] by NAME." stands, and NAME: the span (with its full stop)
    and the name.

    Sentence by sentence, each looked at once: linear in the citation, also for a run of "Translated by"
    with no full stop.
    """
    start = 0
    while start < len(text):
        end = _sentence_end(text, start)
        m = _TRANSLATED.search(text, start, end)
        by = _BY.search(text, m.end(), end) if m else None
        who = text[by.end():end].strip() if by else ""
        if who:
            lead = text[start:m.start()].split()
            # "Obtained and translated by …": the short lead-in belongs to the translator's sentence.
            begin = start if len(lead) <= 3 else m.start()
            return begin, min(end + 1, len(text)), who
        start = end + 1
    return None


def _sentence_end(text: str, pos: int) -> int:
    """The index of the full stop that ends the sentence running from ``pos`` (one after an initial such as
    "A." does not), else the end of the text."""
    for stop in _FULL_STOP.finditer(text, pos):
        i = stop.start()
        initial = i >= 1 and text[i - 1].isupper() and (i < 2 or not text[i - 2].isalpha())
        if not initial:
            return i
    return len(text)


def _parse_holding(chain: list[str], cit: Citation) -> None:
    merged: list[str] = []
    for part in chain:
        # "Papers, 1887-1995": a date range belongs to the name before it.
        if merged and re.fullmatch(r"\d{4}\s*[-–]\s*\d{4}", part):
            merged[-1] += ", " + part
        else:
            merged.append(part)
    names: list[str] = []
    for part in merged:
        if ":" in part and not cit.repository and not names:
            repo, ids = part.split(":", 1)
            cit.repository = repo.strip()
            cit.identifiers.append(ids.strip())
        elif _IDENTIFIER.match(part) or (cit.identifiers and re.match(r"^[A-Za-z]{1,4}\.\s*\d", part)):
            if cit.identifiers and re.match(r"^[A-Za-z]{1,4}\.\s*\d", part) and re.match(r"^[A-Za-z]{1,4}\.", cit.identifiers[-1]):
                cit.identifiers[-1] += ", " + part
            else:
                cit.identifiers.append(part)
        elif _COLLECTION_WORDS.search(part):
            cit.collection = part if not cit.collection else cit.collection + ", " + part
        else:
            names.append(part)
    if names and not cit.repository:
        if len(names) >= 2:
            cit.institution = names[0]
            cit.repository = ", ".join(names[1:])
        else:
            cit.repository = names[0]
    elif names:
        cit.provenance[:0] = [", ".join(names)]
