"""Typescript footnote marks: 'Ivanov.x/' in the text, 'x/ Pseudonym ...' below a rule."""
import re

from ..model import Text
from .base import Convention, mark

def footnote_id(marker: str) -> str:
    """The xml:id of the footnote a marker such as ``x/`` or ``**`` refers to."""
    return "fn-" + marker.rstrip("/").replace("*", "star")


FOOTNOTE_MARK = Convention(
    name="footnote-mark",
    example="comrade Ivanov.x/",
    tei='<ref type="footnote" target="#fn-x">x/</ref>',
    describe="A typescript footnote mark (x/, xx/, 1/ glued to a word) is a reference to the footnote with the same mark.",
    pattern=re.compile(r"(?<=[\w.\])”\"])(?P<m>x{1,3}/|\*{1,3})(?=\s|$)"),
    build=lambda m, ctx: [mark("ref", "footnote-mark", [Text(m.group("m"))], type="footnote",
                               target="#" + footnote_id(m.group("m")))],
)
