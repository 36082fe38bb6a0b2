"""Typescript footnote marks: 'Ivanov.x/' in the text, 'x/ Pseudonym ...' below a rule; glued [1].

Time: the mark pattern starts with a literal (search skips to each x or *) and is at most 4
characters; the bracket pattern at most 3 digits.
"""
import re

from ..model import Text
from .base import Context, Convention, mark

# What a mark is glued to: a word, a full stop, a bracket or a quote. It is checked just behind the mark's
# first character, so that the pattern starts with that character and search skips ahead to an x or *.
_GLUED = r"[\w.\])”\"]"


def footnote_id(marker: str) -> str:
    """The xml:id of the footnote a marker such as ``x/``, ``**`` or ``[1]`` refers to."""
    return "fn-" + marker.strip("[]").rstrip("/").replace("*", "star")


FOOTNOTE_MARK = Convention(
    name="footnote-mark",
    example="comrade Ivanov.x/",
    tei='<ref type="footnote" target="#fn-x">x/</ref>',
    describe="A typescript footnote mark (x/, xx/, 1/ glued to a word) is a reference to the footnote with the same mark.",
    pattern=re.compile(rf"(?P<m>x(?<={_GLUED}x)x{{0,2}}/|\*(?<={_GLUED}\*)\*{{0,2}})(?=\s|$)"),
    build=lambda m, ctx: [mark("ref", "footnote-mark", [Text(m.group("m"))], type="footnote",
                               target="#" + footnote_id(m.group("m")))],
)


def _build_bracket(m: re.Match, ctx: Context):
    before = ctx.before[-1:]
    if before and not before.isspace():
        return [mark("ref", "footnote-bracket", [Text(m.group(0))], rend="brackets", type="footnote",
                     target="#" + footnote_id(m.group(0)))]
    if not ctx.before and ctx.after_startswith(" "):
        # [1] opening a line of its own: the footnote's number.
        return [mark("label", "footnote-bracket", [Text(m.group(0))], rend="brackets", type="footnote")]
    return None


FOOTNOTE_BRACKET = Convention(
    name="footnote-bracket",
    example="the initiative.[1] ... [1] The text of the note.",
    tei='<ref rend="brackets" type="footnote" target="#fn-1">1</ref>',
    describe="A number in brackets glued to a word or stop (initiative.[1], policy[2]) is a reference to the "
             "footnote with that number; [1] opening a block is the footnote's own number (a label).",
    bracket=re.compile(r"\d{1,3}"),
    build=_build_bracket,
)
