"""Reader: an archive text export -> the document model (header, divisions, blocks, marks)."""
from __future__ import annotations

import re
from pathlib import Path

from ..conventions.footnotes import footnote_id
from ..diagnostics import Reporter
from ..docid import doc_id_for
from ..model import Division, Document, Hand
from ..source import SourceText, read_source
from .blocks import BlockBuilder, RawBlock, arrange, leading_spaces, raw_blocks
from .correspondence import correspondence_of
from .header import parse_header
from .inline import InlineEnv
from .languages import code_for_name, language_of, script_of_language
from .segment import split_languages

__all__ = ["read_export", "read_text"]


def read_export(path: str | Path, reporter: Reporter | None = None) -> Document:
    """Read an export file into a Document.

    :param path: the export's path
    :param reporter: collects warnings (a fresh one when omitted); errors raise InputError
    """
    source = read_source(path)
    return read_text(source, reporter or Reporter(str(path)))


def read_text(source: SourceText, reporter: Reporter) -> Document:
    """Read a decoded export into a Document.

    :param source: the decoded export
    :param reporter: collects warnings; errors raise InputError
    """
    header, body_start = parse_header(source.lines, reporter)
    doc = Document(doc_id=doc_id_for(source.path), source_name=source.name, header=header,
                   source_sha256=source.sha256)
    numbered = [(i + 1, line) for i, line in enumerate(source.lines[body_start:], start=body_start)]
    segments = split_languages(numbered)
    original_code = header.original_language_code
    hands: dict[str, Hand] = {}

    def hand_for(label: str) -> str:
        if "hand-1" not in hands:
            hands["hand-1"] = Hand("hand-1", "An unidentified hand that annotated the document: handwritten "
                                   "additions, marginal notes and resolutions, as the translator describes them.",
                                   medium="handwriting")
        return "#hand-1"

    def warn(code, message, where):
        line, col = where
        reporter.warning(code, message, line, col)

    divisions: list[tuple[str, str, list, tuple | None]] = []
    for seg in segments:
        if not any(t.strip() for _, t in seg.lines):
            continue
        dtype, lang = _division_kind(seg, original_code, divisions)
        if divisions and divisions[-1][0] == dtype and divisions[-1][1] == lang and seg.label is None:
            divisions[-1][2].extend(seg.lines)
        else:
            divisions.append((dtype, lang, list(seg.lines), seg.label))
    if not divisions:
        reporter.warning("W-NO-TEXT", "no document text after the header; expected a transcription or a translation",
                         len(source.lines), 1)
    original_lang = next((lang for t, lang, _, _ in divisions if t == "original"), original_code)
    if original_code is None and original_lang:
        header.original_language_code = original_lang
    env = InlineEnv(original_lang, hand_for, warn)

    counters: dict[str, int] = {}
    for dtype, lang, lines, label in divisions:
        counters[dtype] = counters.get(dtype, 0) + 1
        n = counters[dtype]
        prefix = ("o" if dtype == "original" else "t") + (str(n) if n > 1 else "")
        division = Division(dtype, lang, xml_id=dtype + (f"-{n}" if n > 1 else ""), id_prefix=prefix)
        if label:
            division.heading = label[1].strip()
        builder = BlockBuilder(env, _offset_to_span)
        division.blocks = builder.build(raw_blocks(lines))
        division.indents = leading_spaces(lines)
        arrange(division.blocks)
        _assign_ids(division)
        doc.divisions.append(division)

    doc.hands = [Hand("hand-main", "The main text: the typed or printed document as transcribed.", medium="typescript")]
    doc.hands += list(hands.values())
    doc.speakers = _speakers(doc)
    doc.correspondence = correspondence_of(doc)
    return doc


def _division_kind(seg, original_code: str | None, done) -> tuple[str, str]:
    if seg.kind:
        code = code_for_name(seg.lang) if seg.lang else None
        if code is None:
            text = " ".join(t for _, t in seg.lines)
            code = language_of(text) or "und"
            code = "en" if code == "und-Latn" else code
        return seg.kind, code
    lang = seg.lang or "und"
    if lang == "und-Latn":
        lang = "en"
    has_original = any(t == "original" for t, *_ in done)
    if lang == "en" and original_code != "en":
        return "translation", "en"
    if original_code and (lang == original_code or script_of_language(lang) == script_of_language(original_code)
                          and script_of_language(lang) != "Latn"):
        return "original", original_code
    if not has_original:
        return "original", lang
    return "translation", lang


def _offset_to_span(raw: RawBlock, offset: int) -> tuple[int, int]:
    text = raw.text
    before = text[:offset]
    line = raw.line_no + before.count("\n")
    col = offset - (before.rfind("\n") + 1) + 1
    return line, col


def _assign_ids(division: Division) -> None:
    """Unit ids; a footnote's is the id its marks point at (``t.fn-x``), and a repeated mark's is kept apart."""
    seen: set[str] = set()
    for n, block in enumerate(division.blocks, start=1):
        block.xml_id = f"{division.id_prefix}.{n}"
        if block.kind == "footnote":
            base = f"{division.id_prefix}.{footnote_id(block.role or 'x/')}"
            block.xml_id = base if base not in seen else f"{base}-{n}"
            seen.add(block.xml_id)


def _speakers(doc: Document) -> dict[str, str]:
    speakers: dict[str, str] = {}
    for div in doc.divisions:
        for b in div.blocks:
            if b.kind == "sp" and b.speaker:
                name = b.speaker.rstrip(":–—- ")  # the punctuation that ends the speaker's label
                sid = "sp-" + (re.sub(r"[^\w]+", "-", name.lower(), flags=re.ASCII).strip("-") or "x")
                speakers.setdefault(sid, name)
                b.role = sid
    return speakers
