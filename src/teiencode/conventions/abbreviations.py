"""Acronyms and their expansions: MPRP [Mongolian People's Revolutionary Party], People's Republic [PR].

Time: O(81) for the bracket (its pattern is bounded) plus O(LOOK_BEHIND) for the words before it.
"""
import re

from ..model import Text
from .base import Context, Convention, mark

# Words an acronym skips (Communist Party of the Soviet Union: CPSU).
_SKIPPED = frozenset("of the and for in on to a an at by de".split())
_ACRONYM = re.compile(r"[A-Z][A-Z&]{1,9}")
_WORD = re.compile(r"[^\s\[\]()]+")


def _initials(words: list[str]) -> str:
    return "".join(w[0] for w in words if w.lower() not in _SKIPPED).upper()


def _letters(acronym: str) -> str:
    return acronym.replace("&", "")


def _build(m: re.Match, ctx: Context):
    content = m.group(0)
    words, _ = ctx.tail()
    if _ACRONYM.fullmatch(content):
        # People's Republic [PR]: the words before, as many as the acronym needs, are its expansion.
        letters = _letters(content)
        taken, start = [], len(words)
        for word in reversed(list(_WORD.finditer(words))[-2 * len(letters):]):
            if words[word.end():start].strip():
                break  # only spaces may stand between the words of an expansion
            taken.insert(0, word.group())
            start = word.start()
            if _initials(taken) == letters and taken[0].lower() not in _SKIPPED:
                expansion, space = ctx.take_before(len(words) - start)
                return [mark("choice", "acronym", [mark("expan", "acronym", [Text(expansion)]), Text(space),
                                                    mark("abbr", "acronym", [Text(content)], rend="brackets")])]
            if not word.group()[:1].isupper() and word.group().lower() not in _SKIPPED:
                break
        return None
    # MPRP [Mongolian People's Revolutionary Party]: the bracket spells out the acronym before it.
    acronym = words[max(words.rfind(c) for c in " \t\n") + 1:]
    if not _ACRONYM.fullmatch(acronym):
        return None
    expansion = content.split()
    if len(expansion) < 2 or not expansion[0][:1].isupper() or _initials(expansion) != _letters(acronym):
        return None
    name, space = ctx.take_before(len(acronym))
    return [mark("choice", "acronym", [mark("abbr", "acronym", [Text(name)]), Text(space),
                                        mark("expan", "acronym", [Text(content)], rend="brackets")])]


ACRONYM = Convention(
    name="acronym",
    example="MPRP [Mongolian People's Revolutionary Party]; People's Republic [PR]",
    tei="<choice><abbr>MPRP</abbr> <expan>Mongolian People's Revolutionary Party</expan></choice>",
    describe="An acronym beside its expansion, one of them in brackets, is an abbreviation: choice of abbr and "
             "expan, when the initials of the expansion's words (of, the, and... aside) spell the acronym.",
    bracket=re.compile(r"[A-Z][^\[\]:;!?\n]{1,80}"),
    build=_build,
)
