"""Stamps and signatures: [Stamp: "..."], [CPSU CC stamp: ...], [stamp], [signature].

Time: O(len(bracket)): the stamp label runs to the first colon and succeeds at the last
"stamp" before it (one backtrack over the label); the signature pattern is bounded.
"""
import re

from ..model import Text
from .base import Context, Convention, mark


def _build_stamp(m: re.Match, ctx: Context):
    rest = m.group("rest") or ""
    body = rest.lstrip()
    children = [Text(rest[:len(rest) - len(body)])] if len(body) != len(rest) else []
    if body:
        children.append(mark("stamp", "stamp", ctx.parse(body)))
    return [mark("seg", "stamp", children, label=m.group("label"), rend="brackets", type="stamp")]


STAMP = Convention(
    name="stamp",
    example="[Stamp: “Received”]",
    tei='<seg type="stamp"><label>Stamp:</label> <stamp>“…”</stamp></seg>',
    describe="A bracketed stamp ([Stamp: …], [… stamp: …], [stamp]) is a stamp; the translator's label is kept beside it.",
    bracket=re.compile(r"(?P<label>[^:\[\]]*\bstamp(?:ed)?\b[^:\[\]]*:?)(?P<rest>.*)", re.I | re.S),
    build=_build_stamp,
)

SIGNATURE = Convention(
    name="signature",
    example="Nº 328 [signature]",
    tei='<seg type="signature"><label>signature</label></seg>',
    describe="[signature] (also [illegible signature], [unknown signature]) marks a signature that is not "
             "transcribed.",
    bracket=re.compile(r"(?P<label>(?:(?:illegible|unknown|unreadable|unidentified)\s+)?(?:signature|signed)"
                       r"(?:\s+illegible)?)", re.I),
    build=lambda m, ctx: [mark("seg", "signature", label=m.group("label"), rend="brackets", type="signature")],
)
