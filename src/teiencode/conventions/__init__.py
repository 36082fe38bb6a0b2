"""The registry of editorial conventions: the one place their precedence is decided.

Bracket rules are tried in order on the text inside each ``[...]``; the first whose
pattern matches the whole bracket and whose build accepts it wins. Pattern rules are
searched for in running text. Adding a convention: one module, one line here, one
fixture in ``tests/fixtures/conventions/``.
"""
from . import abbreviations, footnotes, gaps, handwritten, notes, pages, sic, stamps, supplied, uncertain
from .base import Context, Convention, mark

BRACKET_RULES: list[Convention] = [
    gaps.DOUBLE_BRACKET,            # [[...]] before anything reads its inner brackets
    notes.TRANSLATOR,
    notes.EDITOR,
    handwritten.MARGIN_NOTE,
    stamps.STAMP,
    handwritten.HANDWRITTEN_INLINE,
    handwritten.HANDWRITTEN_LABELLED,
    handwritten.HAND_DESCRIPTION,   # [added by hand]: after the forms with text, before supplied words
    stamps.SIGNATURE,
    sic.SIC,
    gaps.OMISSION_BRACKET,
    gaps.ILLEGIBLE,
    gaps.GAP_DESCRIBED,             # [list of participants omitted]
    pages.PAGE,
    footnotes.FOOTNOTE_BRACKET,     # policy[2]: glued numbers before anything reads them as words
    abbreviations.ACRONYM,          # before names: [Mongolian People's Revolutionary Party] is no person
    supplied.EXPANSION,             # I[van]: glued to the word before
    supplied.NAME,                  # before terms: [Jong Jun Thaek] after a name is its other spelling
    supplied.TRANSLITERATION,       # [Tsentr] after an English word is a term
    supplied.SUPPLIED,
    notes.SUMMARY,                  # the translator's own sentence: longer than supplied words
]

PATTERN_RULES: list[Convention] = [
    uncertain.UNCERTAIN,
    gaps.ELLIPSIS,
    footnotes.FOOTNOTE_MARK,
]

UNKNOWN = Convention(
    name="unknown-bracket",
    example="[Code: 7-B]",
    tei='<note type="unknown">Code: 7-B</note> and a warning',
    describe="A bracket no other convention recognises is kept verbatim as a note of type unknown, with a warning.",
    build=lambda m, ctx: [mark("note", "unknown-bracket", ctx.parse(m.group(0)), rend="brackets", type="unknown")],
)

RULES: list[Convention] = BRACKET_RULES + PATTERN_RULES + [UNKNOWN]

__all__ = ["BRACKET_RULES", "PATTERN_RULES", "RULES", "UNKNOWN", "Context", "Convention"]


def markdown_table() -> str:
    """The README's table of conventions, made from the registry so the two cannot drift apart."""
    rows = ["| convention | input form | TEI encoding | rule |", "|---|---|---|---|"]
    for rule in RULES:
        cells = [rule.name, f"`{rule.example}`", f"`{rule.tei}`", rule.describe]
        rows.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    return "\n".join(rows)
