"""Translator's and editor's notes: [Translator's note: ...], [Editor's note: ...], [Ed. note: ...], summaries.

Time: O(len(bracket)): anchored labels of bounded length, then the rest read once.
"""
import re

from .base import Context, Convention, mark


def _note(note_type: str, resp: str | None):
    def build(m: re.Match, ctx: Context):
        return [mark("note", f"note-{note_type}", ctx.parse(m.group("rest")), label=m.group("label"),
                     rend="brackets", type=note_type, resp=resp)]
    return build


TRANSLATOR = Convention(
    name="note-translator",
    example="[Translator's note: the word is circled]",
    tei='<note type="translator" resp="#translator"><label>Translator\'s note:</label> …</note>',
    describe="A bracketed translator's note is a note of type translator, credited to the translator; its label is kept.",
    bracket=re.compile(r"(?P<label>translator['’]?s?\s+note\s*[:.])(?P<rest>.*)", re.I | re.S),
    build=_note("translator", "#translator"),
)

EDITOR = Convention(
    name="note-editorial",
    example="[Ed. note: The page is torn.]",
    tei='<note type="editorial"><label>Ed. note:</label> …</note>',
    describe="A bracketed editor's note (Editor's note, Ed. note, Editorial note, Note) is a note of type editorial.",
    bracket=re.compile(r"(?P<label>(?:editor['’]?s?|ed\.|editorial)?\s*note\s*[:.])(?P<rest>.*)", re.I | re.S),
    build=_note("editorial", None),
)


# Words that open a translator's description of an attached document.
_ATTACHMENT = re.compile(r"(?P<label>(?:attached|attachment|enclosed|enclosure|annex|appendix)\b[^:\[\]]{0,80}?:)?"
                         r"(?P<rest>.*)", re.I | re.S)
_ATTACHMENT_WORD = re.compile(r"(?:attached|attachment|enclosed|enclosure|annex|appendix)\b", re.I)
_ELLIPSIS_END = re.compile(r"(?:\.\.\.|…)\s*$")


def _build_summary(m: re.Match, ctx: Context):
    from .supplied import ENGLISH_FUNCTION_WORDS
    content = m.group(0)
    words = content.split()
    attachment = _ATTACHMENT_WORD.match(content) is not None
    running = any(w.lower().strip(".,;") in ENGLISH_FUNCTION_WORDS for w in words)
    if not attachment and not (running and (len(words) > 6 or (len(words) > 1 and _ELLIPSIS_END.search(content)))):
        return None
    label = m.group("label") if attachment else None
    body = m.group("rest") if label else content
    return [mark("note", "note-summary", ctx.parse(body), label=label, rend="brackets", type="editorial",
                 subtype="summary")]


SUMMARY = Convention(
    name="note-summary",
    example="[list of participants follows]; [attached: the oral message of the Chairman]; [I would like to inform "
            "you about the following matters]",
    tei='<note type="editorial" subtype="summary">attached: the oral message of …</note>',
    describe="A translator's own sentence in brackets, describing or summing up what stands there (an attached "
             "document: attached, attachment, enclosure...; or more than six words of running English, or words "
             "ending in an ellipsis), is an editorial note of subtype summary; a label before a colon is kept.",
    bracket=_ATTACHMENT,
    build=_build_summary,
)
