"""Gaps: [[one word off the page]], [illegible], [...], ..., [date left blank], [list of participants omitted].

Time: O(len(bracket)) for [[...]]; the other bracket patterns are bounded (at most 160
characters); the ellipsis pattern is searched once over the text (literal dots, no backtracking).
"""
import re

from .base import Context, Convention, mark

_NUMBERS = {"one": 1, "a": 1, "an": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
            "eight": 8, "nine": 9, "ten": 10, "several": None, "some": None}
_EXTENT = re.compile(r"\b(?P<n>\d+|one|a|an|two|three|four|five|six|seven|eight|nine|ten)\s+"
                     r"(?P<unit>word|line|letter|character|page)s?\b", re.I)
_UNITS = {"letter": "char", "character": "char"}


# Pages 17 and 18, lines 3-5: the unit first, then which ones.
_NAMED_EXTENT = re.compile(r"\b(?P<unit>page|line)s\s+(?P<a>\d{1,6})\s*(?P<how>and|to|-|–)\s*(?P<b>\d{1,6})\b", re.I)


def _extent(desc: str) -> dict:
    named = _NAMED_EXTENT.search(desc)
    if named:
        a, b = int(named.group("a")), int(named.group("b"))
        qty = 2 if named.group("how").lower() == "and" else b - a + 1
        return {"quantity": str(qty), "unit": named.group("unit").lower()} if qty > 0 else {}
    m = _EXTENT.search(desc)
    if not m:
        return {}
    n = m.group("n").lower()
    # A count of more than six digits is no extent (and int() refuses 4,300 digits).
    qty = (int(n) if len(n) <= 6 else None) if n.isdigit() else _NUMBERS.get(n)
    unit = m.group("unit").lower()
    return {"quantity": str(qty) if qty else None, "unit": _UNITS.get(unit, unit)}


_REDACTED = ("blacked out", "redacted", "censored", "withheld", "sanitized", "sanitised")
# What a translator writes of text that is not there: omitted, lost, left blank, blacked out...
# A bracket is a gap when its description begins or ends with one of these (so that
# [the missing documents], a supplied phrase, is not).
GAP_WORDS = ("illegible", "unreadable", "indecipherable", "blank", "off the page", "cut off", "torn", "damaged",
             "omitted", "not translated", "untranslated", "left out", "missing", "not reproduced",
             "not included", "skipped", *_REDACTED)


_GAP_WORD = "(?:" + "|".join(w.replace(" ", r"\s+") for w in GAP_WORDS) + ")"
_GAP_AT_START = re.compile(rf"\s*{_GAP_WORD}(?:\s|$)", re.I)
_GAP_AT_END = re.compile(rf"(?:^|\s){_GAP_WORD}$", re.I)


def _names_a_gap(desc: str) -> bool:
    """The description begins or ends with a gap word ([list of participants omitted], [missing part]).

    The end is searched for in the last 30 characters only (a gap word is shorter), so the time
    does not depend on the description's length.
    """
    d = desc.rstrip(" .\t\n")
    return bool(_GAP_AT_START.match(d) or _GAP_AT_END.search(d, max(0, len(d) - 30)))


def _reason(desc: str) -> str:
    d = desc.lower()
    if "off the page" in d or "cut off" in d or "off page" in d:
        return "offPage"
    if "illegible" in d or "unreadable" in d or "indecipherable" in d:
        return "illegible"
    if "blank" in d:
        return "blank"
    if "damage" in d or "torn" in d:
        return "damage"
    if any(word in d for word in _REDACTED):
        return "redacted"
    return "omitted"


def _build_described(rend: str):
    def build(m: re.Match, ctx: Context):
        desc = m.group("desc")
        return [mark("gap", "gap", desc=desc, rend=rend, reason=_reason(desc), **_extent(desc))]
    return build


DOUBLE_BRACKET = Convention(
    name="gap-double-bracket",
    example="the text [[one word off the page]]",
    tei='<gap reason="offPage" quantity="1" unit="word"><desc>one word off the page</desc></gap>',
    describe="A double-bracketed description ([[one word off the page]]) is a gap; its reason, quantity and unit "
             "come from the description, which is kept.",
    bracket=re.compile(r"\[(?P<desc>[^\[\]]+)\]", re.S),
    build=_build_described("double-brackets"),
)

ILLEGIBLE = Convention(
    name="gap-illegible",
    example="[illegible], [two words illegible], [date left blank]",
    tei='<gap reason="illegible"><desc>illegible</desc></gap>',
    describe="A bracketed statement that text is illegible, cut off, damaged or left blank is a gap with that reason.",
    bracket=re.compile(r"(?P<desc>[^\[\]:]{0,40}\b(?:illegible|unreadable|indecipherable|blank|off the page|cut off|"
                       r"torn|damaged)\b[^\[\]:]{0,30})", re.I),
    build=_build_described("brackets"),
)

GAP_DESCRIBED = Convention(
    name="gap-described",
    example="[list of participants omitted], [Pages 17 and 18 are omitted.], [name blacked out]",
    tei='<gap reason="omitted"><desc>list of participants omitted</desc></gap>',
    describe="A translator's description of text left out (omitted, not translated, left out, missing, blacked "
             "out...: the description begins or ends with such a word) is a gap with its reason "
             "(redacted for text blacked out) and the description kept.",
    bracket=re.compile(r"(?P<desc>[^\[\]:]{1,160})"),
    build=lambda m, ctx: _build_described("brackets")(m, ctx) if _names_a_gap(m.group("desc")) else None,
)

OMISSION_BRACKET = Convention(
    name="gap-omitted-bracket",
    example="[...]",
    tei='<gap reason="omitted"><desc>...</desc></gap>',
    describe="[...] or […] is a gap: text omitted by the translator or lost.",
    bracket=re.compile(r"(?P<desc>\.\s?\.\s?\.|…)"),
    build=_build_described("brackets"),
)

ELLIPSIS = Convention(
    name="gap-ellipsis",
    example="the plan... was adopted",
    tei='<gap reason="omitted"><desc>...</desc></gap>',
    describe="An ellipsis (... or …) in a transcription or translation is a gap: omitted or lost text.",
    # Spelled with literal dots first so that search skips ahead to a "." or "…".
    pattern=re.compile(r"(?P<desc>\.\.\.+|…)"),
    build=lambda m, ctx: [mark("gap", "gap-ellipsis", desc=m.group("desc"), reason="omitted")],
)
