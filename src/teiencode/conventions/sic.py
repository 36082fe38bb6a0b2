"""[sic] and [SIC]: the word before is as written.

Time: O(LOOK_BEHIND): the word before is searched for in the bounded tail only.
"""
import re

from ..model import Text
from .base import Context, Convention, mark

# At most LOOK_BEHIND characters are searched, and the pattern cannot backtrack within a word.
_WORD_BEFORE = re.compile(r"(?<![^\s\[\]])[^\s\[\]]+$")


def _build(m: re.Match, ctx: Context):
    words, _ = ctx.tail()
    word = _WORD_BEFORE.search(words)
    marker = mark("label", "sic", [Text(m.group(0))], rend="brackets", type="sic")
    if not word:
        return [marker]
    word, space = ctx.take_before(len(word.group()))
    return [mark("sic", "sic", [Text(word)]), Text(space), marker]


SIC = Convention(
    name="sic",
    example="recieved [sic]",
    tei='<sic>recieved</sic> <label type="sic">sic</label>',
    describe="[sic] marks the word before it as written in the source: that word is a sic; the marker is kept as a label.",
    bracket=re.compile(r"sic!?", re.I),
    build=_build,
)
