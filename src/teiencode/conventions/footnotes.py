"""Typescript footnote marks: 'Ivanov.x/' in the text, 'x/ Pseudonym ...' below a rule."""
import re

from ..model import Text
from .base import Convention, mark

# What a mark is glued to: a word, a full stop, a bracket or a quote. It is checked just behind the mark's
# first character, so that the pattern starts with that character and search skips ahead to an x or *.
_GLUED = r"[\w.\])”\"]"


def footnote_id(marker: str) -> str:
    """The xml:id of the footnote a marker such as ``x/`` or ``**`` refers to."""
    return "fn-" + marker.rstrip("/").replace("*", "star")


FOOTNOTE_MARK = Convention(
    name="footnote-mark",
    example="comrade Ivanov.x/",
    tei='<ref type="footnote" target="#fn-x">x/</ref>',
    describe="A typescript footnote mark (x/, xx/, 1/ glued to a word) is a reference to the footnote with the same mark.",
    pattern=re.compile(rf"(?P<m>x(?<={_GLUED}x)x{{0,2}}/|\*(?<={_GLUED}\*)\*{{0,2}})(?=\s|$)"),
    build=lambda m, ctx: [mark("ref", "footnote-mark", [Text(m.group("m"))], type="footnote",
                               target="#" + footnote_id(m.group("m")))],
)
