"""Uncertain readings: a word between question marks.

Time: searched once over the text; from each ? at most 61 characters are tried.
"""
import re

from .base import Convention, mark

UNCERTAIN = Convention(
    name="unclear-query",
    example="the ?harbour? works",
    tei='<unclear reason="uncertain">harbour</unclear>',
    describe="A word or phrase between question marks (?harbour?) is an uncertain reading: unclear.",
    # The opening ? must not follow a letter (that is a question), the closing one not precede one.
    # The pattern starts with the ? itself (looking back from just after it) so that search skips from ? to ?.
    pattern=re.compile(r"\?(?<![\w?]\?)(?P<body>[^\s?][^?\n]{0,60}?)\?(?![\w?])"),
    build=lambda m, ctx: [mark("unclear", "unclear-query", ctx.parse(m.group("body")), rend="query",
                               reason="uncertain")],
)
