"""Handwriting: marginal notes, handwritten additions in brackets, and [description]: "text" forms.

Time: O(len(bracket)): the label is the text before the first colon (a deterministic pattern)
and its words are searched once; [description]: takes the rest of its line, once.
"""
import re

from .base import Context, Convention, mark, place_from

_HANDWORDS = r"(?:hand|handwritten|handwriting|written|inserted|added|annotation|resolution|inscription|notation|note|comment|corner|margin)"


# The label is the text before the first colon; the words that say what it is are looked for in it
# afterwards. (A pattern with the words inside, [^:]*margin[^:]*:, rescans the rest of a long
# bracket after each such word: quadratic.)
_LABELLED = re.compile(r"(?P<label>[^:\[\]]*:)(?P<rest>.*)", re.S)
_MARGIN = re.compile(r"\bmargins?\b", re.I)
_HAND = re.compile(r"\b(?:hand|handwritten|handwriting|hand-written)\b", re.I)


def _build_margin(m: re.Match, ctx: Context):
    label = m.group("label")
    if not _MARGIN.search(label):
        return None
    return [mark("note", "margin-note", ctx.parse(m.group("rest")), label=label, rend="brackets",
                 type="annotation", place=place_from(label, "margin"), hand=ctx.hand_for(label))]


MARGIN_NOTE = Convention(
    name="margin-note",
    example='[Handwritten note in the margin: "agreed"]',
    tei='<note type="annotation" place="margin" hand="#hand-1"><label>…</label> "…"</note>',
    describe="A bracketed description of a handwritten note in a margin is a note of type annotation, "
             "placed in the margin, written by an annotating hand.",
    bracket=_LABELLED,
    build=_build_margin,
)


def _build_inline(m: re.Match, ctx: Context):
    label = m.group("label")
    if not _HAND.search(label):
        return None
    return [mark("add", "hand-inline", ctx.parse(m.group("rest")), label=label, rend="brackets",
                 hand=ctx.hand_for(label), place=place_from(label, "inline"))]


HANDWRITTEN_INLINE = Convention(
    name="hand-inline",
    example="a [inserted by hand: new] plan",
    tei='<add hand="#hand-1" place="inline"><label>inserted by hand:</label> appropriate</add>',
    describe="A bracketed handwritten addition ([handwritten: …], [inserted by hand: …]) is an add by an "
             "annotating hand, placed inline unless the label says where.",
    bracket=_LABELLED,
    build=_build_inline,
)

_QUOTED = re.compile(r"""\s*("[^"]*"|“[^”]*”|«[^»]*»|„[^“”]*[“”])""")


_HANDWORD = re.compile(rf"\b{_HANDWORDS}s?\b", re.I)


def _build_labelled(m: re.Match, ctx: Context):
    label = m.group("label")
    if not ctx.after_startswith(":") or not _HANDWORD.search(label):
        return None
    q = ctx.after_match(_QUOTED, 1)
    n = q.end() - q.start() if q else ctx.after_line_length(1)
    body = ctx.consume_after(n + 1)
    return [mark("add", "hand-labelled", ctx.parse(body), label=label, rend="brackets-label",
                 hand=ctx.hand_for(label), place=place_from(label))]


HANDWRITTEN_LABELLED = Convention(
    name="hand-labelled",
    example='[In the lower left-hand corner]: "Here is the approval"',
    tei='<add hand="#hand-1" place="bottom left"><label>In the lower left-hand corner</label>: "…"</add>',
    describe="A bracketed description followed by a colon ([handwritten]: …, [In the lower left-hand corner]: \"…\") "
             "introduces a handwritten addition: the quoted text, or the rest of the line, is an add by an "
             "annotating hand; the description gives its place.",
    bracket=re.compile(r"(?P<label>[^:\[\]]*)"),
    build=_build_labelled,
)


# A description of handwriting with no text after it: [added by hand], [handwritten], [handwritten at the top].
# "by hand" only after a verb of writing: [delivered by hand] says how a letter came, not who wrote.
_HAND_DESCRIPTION = re.compile(r"(?P<label>[^:\[\]]{0,40}\b(?:handwritten|handwriting|hand-written|"
                               r"(?:added|written|inserted|corrected|entered|filled in|noted)\s+by\s+hand)\b"
                               r"[^:\[\]]{0,40})", re.I)


HAND_DESCRIPTION = Convention(
    name="hand-description",
    example="the plan [added by hand]; [handwritten at the top]",
    tei='<add hand="#hand-1" place="inline"><label>added by hand</label></add>',
    describe="A bracket that only says something is handwritten ([added by hand], [handwritten], [handwritten at "
             "the top]) marks a handwritten addition that is not transcribed: an add by an annotating hand with "
             "the description as its label, placed where the description says (inline otherwise).",
    bracket=_HAND_DESCRIPTION,
    build=lambda m, ctx: [mark("add", "hand-description", label=m.group("label"), rend="brackets",
                               hand=ctx.hand_for(m.group("label")), place=place_from(m.group("label"), "inline"))],
)
