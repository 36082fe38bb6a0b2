"""Page markers inside text: [page 2], [p. 3].

Time: O(len(bracket)), anchored.
"""
import re

from ..model import Text
from .base import Convention, mark

PAGE = Convention(
    name="page-bracket",
    example="[page 2]",
    tei='<pb n="2"/> (block) or <pb n="2"/> inline, with the marker kept in a label',
    describe="A bracketed page marker ([page 2], [p. 2]) is a page break numbered as the marker says.",
    bracket=re.compile(r"(?:page|p\.|pg\.|стр\.|с\.)\s*(?P<n>\d+[a-z]?)", re.I),
    build=lambda m, ctx: [mark("pb", "page-bracket", n=m.group("n")),
                          mark("label", "page-bracket", [Text(m.group(0))], rend="brackets", type="page")],
)
