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


@dataclass
class Context:
    """What a recognizer may look at and do: the text around the match, the document's hands."""

    before: str
    after: str
    original_lang: str | None
    parse: Callable[[str], list[Inline]]
    hand_for: Callable[[str], str]
    warn: Callable[[str, str], None]
    consumed_after: int = 0

    def consume_after(self, n: int) -> str:
        """Take ``n`` characters that follow the match into the mark."""
        text = self.after[:n]
        self.after = self.after[n:]
        self.consumed_after += n
        return text

    def take_before(self, pattern: re.Pattern) -> tuple[str, str] | None:
        """Take the text just before the match when it ends with ``pattern`` (spaces aside).

        Returns the taken text and the spaces that stood between it and the match.
        """
        stripped = self.before.rstrip()
        m = pattern.search(stripped)
        if not m or m.end() != len(stripped) or m.start() == m.end():
            return None
        space = self.before[len(stripped):]
        self.before = stripped[:m.start()]
        return stripped[m.start():], space


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
