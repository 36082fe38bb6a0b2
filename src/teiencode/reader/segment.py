"""Split an export's body into divisions by the text's own evidence: script, language, explicit labels."""
from __future__ import annotations

import re
from dataclasses import dataclass

from .languages import STOPWORDS, function_word_scores, language_of, script_of_language

# The main language of a translation is English. A division in another Latin-script language needs
# running text as evidence: at least MIN_WORDS words of two letters or more, MIN_HITS of them function
# words of that language, and more than twice as many as English's. A distribution list of names, a
# letter-spaced address or a line of initials has none, and stays with the text around it.
MIN_WORDS = 20
MIN_HITS = 4
_WORD = re.compile(r"[^\W\d_]{2,}")
_LETTERS = re.compile(r"[^\W\d_]+")

# "Translation - English", "English Translation", "Original", "Transcript - Russian" alone on a line.
DIVISION_LABEL = re.compile(
    r"^(?:(?P<kind>original(?: text)?|transcript(?:ion)?|translation)(?:\s*[-–:]\s*(?P<lang>[A-Za-z]+)"
    r"|\s+from\s+[A-Za-z]+)?"
    r"|(?P<lang2>[A-Za-z]+)\s+(?P<kind2>translation|original|transcript(?:ion)?))$", re.I)


@dataclass
class Segment:
    """A stretch of body lines in one language, maybe opened by an explicit label line."""

    lang: str | None
    lines: list[tuple[int, str]]
    label: tuple[int, str] | None = None
    kind: str | None = None  # "original" | "translation" when a label says so


def split_languages(numbered: list[tuple[int, str]]) -> list[Segment]:
    """Cut the body where its language changes (or at explicit labels)."""
    labels = [(i, m) for i, (_, t) in enumerate(numbered) if (m := DIVISION_LABEL.match(t.strip()))
              and _alone(numbered, i)]
    # A label with no text after it (a truncated export) opens nothing: it stays a line of text.
    ends = [i for i, _ in labels[1:]] + [len(numbered)]
    labels = [(i, m) for (i, m), end in zip(labels, ends) if any(t.strip() for _, t in numbered[i + 1:end])]
    if labels:
        segments = []
        if labels[0][0] > 0 and any(t.strip() for _, t in numbered[:labels[0][0]]):
            segments.extend(split_languages(numbered[:labels[0][0]]))
        for n, (i, m) in enumerate(labels):
            end = labels[n + 1][0] if n + 1 < len(labels) else len(numbered)
            kind = (m.group("kind") or m.group("kind2")).lower()
            lang_name = m.group("lang") or m.group("lang2")
            body = numbered[i + 1:end]
            seg = Segment(None, body, numbered[i], "translation" if kind == "translation" else "original")
            seg.lang = lang_name
            segments.append(seg)
        return segments
    langs = [language_of(t) if t.strip() else None for _, t in numbered]
    _resolve(numbered, langs)
    segments: list[Segment] = []
    for (line_no, text), lang in zip(numbered, langs):
        if segments and (segments[-1].lang == lang or not text.strip()):
            segments[-1].lines.append((line_no, text))
        else:
            segments.append(Segment(lang, [(line_no, text)]))
    return _join_leading_heading(_absorb_small(_require_evidence(_absorb_small(segments))))


def _alone(numbered, i: int) -> bool:
    before = i == 0 or not numbered[i - 1][1].strip()
    after = i + 1 >= len(numbered) or not numbered[i + 1][1].strip()
    return before and after


def _resolve(numbered, langs: list[str | None]) -> None:
    """Lines with no language of their own take their neighbours': Latin lines only from Latin ones.

    Linear in the lines: the nearest decided line on each side is found in one pass each way.
    """
    latin_langs = [lang for lang in langs if lang and _is_latin_lang(lang)]
    default_latin = max(set(latin_langs), key=latin_langs.count) if latin_langs else "en"
    decided = [lang if lang != "und-Latn" else None for lang in langs]
    latin = [lang if lang and _is_latin_lang(lang) else None for lang in decided]
    before, after = _nearest_before(latin), _nearest_after(latin)
    for i, lang in enumerate(langs):
        if lang == "und-Latn":
            # A sign-off or a place line ends the text before it: look back first, then the nearest either side.
            langs[i] = _previous_latin(numbered, decided, i) or _closer(i, before[i], after[i]) or default_latin
    before, after = _nearest_before(langs), _nearest_after(langs)
    for i, lang in enumerate(langs):
        if lang is None and numbered[i][1].strip():
            # Numbers and furniture: with what follows (the top of a page), else with what precedes.
            langs[i] = (after[i] or (None, None))[1] or (before[i] or (None, None))[1]


def _nearest_before(values: list[str | None]) -> list[tuple[int, str] | None]:
    """For each index, the (index, value) of the nearest non-empty value before it."""
    out, last = [], None
    for i, value in enumerate(values):
        out.append(last)
        if value:
            last = (i, value)
    return out


def _nearest_after(values: list[str | None]) -> list[tuple[int, str] | None]:
    """For each index, the (index, value) of the nearest non-empty value after it."""
    return [None if found is None else (len(values) - 1 - found[0], found[1])
            for found in reversed(_nearest_before(values[::-1]))]


def _closer(i: int, before, after) -> str | None:
    """The value of the nearer of two neighbours; on a tie the one before."""
    if before is None or after is None:
        return (before or after or (None, None))[1]
    return before[1] if i - before[0] <= after[0] - i else after[1]


def _is_latin_lang(code: str) -> bool:
    return code in STOPWORDS  # the Latin-script languages the reader can tell apart


def _previous_latin(numbered, decided, i, reach: int = 3):
    """The language of the nearest decided Latin line among the few non-blank lines before ``i``."""
    seen = 0
    for j in range(i - 1, -1, -1):
        if not numbered[j][1].strip():
            continue
        if decided[j]:
            return decided[j] if _is_latin_lang(decided[j]) else None
        seen += 1
        if seen >= reach:
            return None
    return None


def _letters(seg: Segment) -> int:
    return sum(sum(map(str.isalpha, t)) for _, t in seg.lines)


def _absorb_small(segments: list[Segment]) -> list[Segment]:
    """A short stretch in another language inside a division is a quotation, not a division.

    One pass with a stack: a small stretch between two of the same language joins them, and the joined
    stretch is looked at again with the one before it. Each stretch's letters are counted once: linear.
    """
    out: list[Segment] = []
    letters: list[int] = []
    for seg in segments:
        out.append(seg)
        letters.append(_letters(seg))
        while len(out) >= 3 and out[-3].lang == out[-1].lang and letters[-2] < 40:
            out[-3].lines.extend(out[-2].lines + out[-1].lines)
            letters[-3] += letters[-2] + letters[-1]
            del out[-2:], letters[-2:]
    return out


def has_evidence(lang: str, lines: list[tuple[int, str]]) -> bool:
    """Whether ``lines`` hold enough running text in ``lang`` to make a division of their own.

    Only a Latin-script language other than English needs it; linear in the lines' length.
    """
    if lang == "en" or not _is_latin_lang(lang):
        return True
    hits = dict.fromkeys(("en", lang), 0)
    for _, text in lines:
        scores = function_word_scores(_LETTERS.findall(text))
        hits["en"] += scores["en"]
        hits[lang] += scores[lang]
    return len(_words(lines)) >= MIN_WORDS and hits[lang] >= MIN_HITS and hits[lang] > 2 * hits["en"]


def _require_evidence(segments: list[Segment]) -> list[Segment]:
    """A stretch without the evidence its language needs takes the Latin language before it, else the one
    after it, else English. Linear in the segments' size."""
    passed = [has_evidence(s.lang, s.lines) if s.lang else True for s in segments]
    latin_after: list[str | None] = [None] * (len(segments) + 1)  # the next Latin stretch with evidence
    for k in range(len(segments) - 1, -1, -1):
        lang = segments[k].lang
        latin_after[k] = lang if passed[k] and lang and _is_latin_lang(lang) else latin_after[k + 1]
    merged: list[Segment] = []
    latin_before = None
    for k, (seg, ok) in enumerate(zip(segments, passed)):
        if not ok:
            seg.lang = latin_before or latin_after[k + 1] or "en"
        if seg.lang and _is_latin_lang(seg.lang):
            latin_before = seg.lang
        if merged and merged[-1].lang == seg.lang:
            merged[-1].lines.extend(seg.lines)
        else:
            merged.append(seg)
    return merged


def _words(lines: list[tuple[int, str]]) -> list[str]:
    return [w for _, t in lines for w in _WORD.findall(t)]


def _join_leading_heading(segments: list[Segment]) -> list[Segment]:
    """Latin lines with too few words for running text that open the body before a text in another
    script (a telegram form's printed heading over a Chinese text) belong to that text's division."""
    if len(segments) >= 2 and segments[0].lang and _is_latin_lang(segments[0].lang) and segments[1].lang \
            and script_of_language(segments[1].lang) != "Latn" and len(_words(segments[0].lines)) < MIN_WORDS:
        segments[1].lines[:0] = segments[0].lines
        del segments[0]
    return segments
