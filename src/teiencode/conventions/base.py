"""What a convention is, and the context a recognizer sees."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

from ..model import Inline, Mark, Text

PLACE_WORDS = [
    (re.compile(r"\bmargins?\b", re.I), "margin"),
    (re.compile(r"\b(top|upper|head)\b", re.I), "top"),
    (re.compile(r"\b(bottom|lower|foot)\b", re.I), "bottom"),
    (re.compile(r"\bleft\b", re.I), "left"),
    (re.compile(r"\bright\b", re.I), "right"),
    (re.compile(r"\babove\b", re.I), "above"),
    (re.compile(r"\bbelow\b", re.I), "below"),
]


def place_from(label: str, default: str | None = None) -> str | None:
    """TEI @place tokens from a translator's description of where something stands on the page."""
    found = [value for pattern, value in PLACE_WORDS if pattern.search(label)]
    if "margin" in found and len(found) > 1:
        found.remove("margin")
        found.insert(0, "margin")
    return " ".join(dict.fromkeys(found)) or default


# How far back a recognizer may look for the word(s) a bracket glosses: a constant, so that a
# bracket costs the same however long the text before it is (a name or word is far shorter).
LOOK_BEHIND = 200


@dataclass
class Context:
    """What a recognizer may look at and do: the text around the match, the document's hands.

    ``before`` is the text since the last mark; the text after the match is ``text[after_pos:]``,
    read through the methods below so that no recognizer copies the rest of the block (which
    would make a paragraph of many brackets quadratic).
    """

    before: str
    text: str
    after_pos: int
    original_lang: str | None
    parse: Callable[[str], list[Inline]]
    hand_for: Callable[[str], str]
    warn: Callable[[str, str], None]
    consumed_after: int = 0

    def after_startswith(self, prefix: str) -> bool:
        return self.text.startswith(prefix, self.after_pos)

    def after_match(self, pattern: re.Pattern, skip: int = 0) -> re.Match | None:
        """``pattern`` matched right after the match (``skip`` characters on); positions are in ``text``."""
        return pattern.match(self.text, self.after_pos + skip)

    def after_line_length(self, skip: int = 0) -> int:
        """Characters from ``skip`` after the match to the end of its line."""
        end = self.text.find("\n", self.after_pos + skip)
        return (len(self.text) if end < 0 else end) - self.after_pos - skip

    def consume_after(self, n: int) -> str:
        """Take ``n`` characters that follow the match into the mark."""
        taken = self.text[self.after_pos:self.after_pos + n]
        self.after_pos += n
        self.consumed_after += n
        return taken

    def tail(self) -> tuple[str, str]:
        """The last words before the match (at most LOOK_BEHIND characters, spaces at the end set apart).

        Returns (words, spaces). The words are cut at a space when the text before is longer, so a
        recognizer never sees half a word; a single word longer than that is not a word to gloss.
        """
        stripped = self.before.rstrip()
        space = self.before[len(stripped):]
        if len(stripped) <= LOOK_BEHIND:
            return stripped, space
        window = stripped[-LOOK_BEHIND:]
        cut = next((i for i, c in enumerate(window) if c.isspace()), len(window))
        return window[cut:].lstrip(), space

    def take_before(self, n: int) -> tuple[str, str]:
        """Take the last ``n`` characters before the match (spaces at the end aside) into the mark.

        Returns the taken text and the spaces that stood between it and the match.
        """
        stripped = self.before.rstrip()
        space = self.before[len(stripped):]
        self.before = stripped[:len(stripped) - n]
        return stripped[len(stripped) - n:], space


@dataclass(frozen=True)
class Convention:
    """One editorial convention: how to find it and what it becomes.

    A bracket rule (``bracket``) is tried on the text inside ``[...]``; a pattern rule
    (``pattern``) is searched for in running text. ``build`` returns the inline nodes or
    None to let the next rule try.
    """

    name: str
    example: str
    tei: str
    describe: str
    build: Callable[[re.Match, Context], list[Inline] | None]
    bracket: re.Pattern | None = None
    pattern: re.Pattern | None = None


def mark(kind: str, convention: str, children: list[Inline] | None = None, *, label: str | None = None,
         rend: str | None = None, desc: str | None = None, **attrs: str | None) -> Mark:
    return Mark(kind, convention, {k.replace("_", ":", 1) if k == "xml_lang" else k: v
                                   for k, v in attrs.items() if v is not None},
                children or [], label, rend, desc)


def text(s: str) -> list[Inline]:
    return [Text(s)] if s else []
