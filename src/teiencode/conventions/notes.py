"""Translator's and editor's notes: [Translator's note: ...], [Editor's note: ...], [Ed. note: ...]."""
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
