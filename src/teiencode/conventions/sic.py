"""[sic] and [SIC]: the word before is as written."""
import re

from ..model import Text
from .base import Context, Convention, mark

_WORD_BEFORE = re.compile(r"[^\s\[\]]+$")


def _build(m: re.Match, ctx: Context):
    taken = ctx.take_before(_WORD_BEFORE)
    marker = mark("label", "sic", [Text(m.group(0))], rend="brackets", type="sic")
    if taken is None:
        return [marker]
    word, space = taken
    return [mark("sic", "sic", [Text(word)]), Text(space), marker]


SIC = Convention(
    name="sic",
    example="recieved [sic]",
    tei='<sic>recieved</sic> <label type="sic">sic</label>',
    describe="[sic] marks the word before it as written in the source: that word is a sic; the marker is kept as a label.",
    bracket=re.compile(r"sic!?", re.I),
    build=_build,
)
