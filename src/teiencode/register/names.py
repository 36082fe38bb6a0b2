"""Names as keys: tokens, case-blind and inflection-blind keys, and the gazetteer scan.

Every function here is linear in its text: tokens come from one non-backtracking pattern, and the
gazetteer tries at each token (or Han character) at most ``longest`` dictionary look-ups, where
``longest`` is the longest form in the register (a handful of tokens): O(n × longest).
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from ..translit import name_keys

# A word: letters, with apostrophes inside (Vasil'yev, Sung's); hyphens and spaces separate words.
# Han characters are words of their own (Chinese names are not spaced).
_WORD = re.compile(r"[\u4e00-\u9fff\u3400-\u4dbf]|[^\W\d_\u4e00-\u9fff\u3400-\u4dbf]+(?:['’ʼʹ][^\W\d_\u4e00-\u9fff\u3400-\u4dbf]+)*")
_APOSTROPHES = str.maketrans("", "", "'’ʼʹ")
# Russian case endings of nouns and adjectives (longest first; -ее and -яя left out, so Корее and Корея
# share коре): a name's stem is the same in every case (Петрова, Петрову ->
# петров); the nominative -ов/-ев/-ин stay, so Петров and Петрова share "петров".
_RU_ENDINGS = tuple(sorted(("ого", "его", "ому", "ему", "ими", "ыми", "ий", "ый", "ой", "ей", "ом", "ем", "ым",
                             "им", "ую", "ая", "ое", "ые", "ие", "ых", "их", "а", "я", "у", "ю",
                             "е", "ы", "и", "й"), key=len, reverse=True))  # й: Эньлай, Эньлаю  # adjectives too: Корейская, Корейской
# Korean particles written on the name (김일성은, 김일성의).
_KO_PARTICLES = ("에게서", "에게", "께서", "으로", "은", "는", "이", "가", "을", "를", "의", "와", "과", "도", "에")
_MIN_STEM = 2


class Token(NamedTuple):
    """One word of a text: its key and where it stands (a tuple: a text has thousands of words, and
    a frozen dataclass takes three times as long to make)."""

    key: str
    start: int
    end: int
    text: str


def _is_cyrillic(word: str) -> bool:
    return "\u0400" <= word[0] <= "\u04ff"


def _is_hangul(word: str) -> bool:
    return "\uac00" <= word[0] <= "\ud7a3"


def is_han(word: str) -> bool:
    """True for a Han character (a word of its own)."""
    return len(word) == 1 and ("\u4e00" <= word <= "\u9fff" or "\u3400" <= word <= "\u4dbf")


@lru_cache(maxsize=1 << 16)
def word_key(word: str) -> str:
    """The case-, accent-, apostrophe- and inflection-blind key of one word.

    ``Sung's`` -> ``sung``; ``Vasil'yev`` -> ``vasilyev``; ``Петрова`` -> ``петров``; ``김일성은`` -> ``김일성``.
    """
    low = word.casefold()
    if low.endswith(("'s", "’s")):
        low = low[:-2]
    low = low.translate(_APOSTROPHES)
    if not low.isascii():
        # Accents off (Latin diacritics, ё -> е), but й is a letter of its own.
        low = unicodedata.normalize("NFKD", low).replace("и\u0306", "й")
        low = unicodedata.normalize("NFC", "".join(c for c in low if not unicodedata.combining(c)))
    if low and _is_cyrillic(low):
        for ending in _RU_ENDINGS:
            if low.endswith(ending) and len(low) - len(ending) >= _MIN_STEM:
                return low[: -len(ending)]
    elif low and _is_hangul(low):
        for particle in _KO_PARTICLES:
            if low.endswith(particle) and len(low) - len(particle) >= _MIN_STEM:
                return low[: -len(particle)]
    return low


def tokens(text: str) -> list[Token]:
    """The words of ``text`` with their keys and offsets; linear in the text."""
    return [Token(word_key(word := m.group()), m.start(), m.end(), word) for m in _WORD.finditer(text)]


def form_key(form: str) -> tuple[str, ...]:
    """The key of a whole name form: its words' keys (``Pak Song-il`` -> ``('pak', 'song', 'il')``)."""
    return tuple(t.key for t in tokens(form))


def sound_key(key: str) -> str:
    """One word's cross-script key (its phonetic skeleton under the first romanisation scheme)."""
    return min(name_keys(key)) if key else ""


# A name found by its sound alone needs this many consonant classes in all: shorter keys (СССР, Союз)
# are shared by too many words.
MIN_SOUND = 4


def phonetic(form: str) -> str:
    """A cross-script key of a whole name: each word's sound key, one per word (Пак Сон Ир ~ Pak Son Ir ~
    Pak Song Il); empty for Han, and for names too short to tell apart (fewer than MIN_SOUND classes).

    Only for comparing candidates (suggestions, alignment evidence); the gazetteer links by forms.
    """
    toks = tokens(form)
    if not toks or any(is_han(t.text) for t in toks):
        return ""
    parts = [sound_key(t.key) for t in toks]
    return " ".join(parts) if sum(map(len, parts)) >= MIN_SOUND else ""


# Words that stand before a name and are not part of it: titles, forms of address, offices (a small
# set; the words of an office that qualify another, like "Vice" or "Foreign", count only before one).
TITLES = frozenset({"comrade", "comrades", "cde", "com", "comr", "cmrd", "cmrds", "mr", "mrs", "general",
                    "ambassador", "chairman", "marshal", "premier", "president", "minister", "director",
                    "secretary", "colonel", "admiral", "тов", "товарищ", "генерал", "генералы",
                    "маршал", "посол", "посл", "председател", "министр"})
QUALIFIERS = frozenset({"vice", "prime", "deputy", "foreign", "first", "acting", "chief", "co", "general",
                        "soviet", "chinese", "korean"})


def strip_titles(name: str) -> str:
    """``Vice Premier Deng`` -> ``Deng``; ``тов. Петров`` -> ``Петров``; a name that is all title stays."""
    toks = tokens(name)
    i = 0
    while i < len(toks) - 1 and (toks[i].key in TITLES or (toks[i].key in QUALIFIERS and
                                                          any(t.key in TITLES for t in toks[i + 1:i + 3]))):
        i += 1
    return name[toks[i].start:].strip() if i else name


MAX_NAME_WORDS = 3


def names_after_titles(text: str, toks: list[Token] | None = None) -> list[tuple[int, int, str]]:
    """Runs of up to three capitalised words right after a title word (``Cde. Ivanov``, ``тов. ИВАНОВ``):
    (start, end, the title as written). Not after a title in capitals (a heading: SECRETARY OF THE CC), not
    a run followed by "of" (an institution: General Staff of the Army), and a one-letter word only as an
    initial before the name. Linear in the text.

    :param toks: ``tokens(text)`` when the caller has them already
    """
    toks = tokens(text) if toks is None else toks
    out = []
    for i, tok in enumerate(toks):
        if tok.key not in TITLES or (tok.text.isupper() and len(tok.text) > 1):
            continue
        run: list[Token] = []
        for nxt in toks[i + 1:i + 1 + MAX_NAME_WORDS]:
            gap = text[(run[-1] if run else tok).end:nxt.start]
            if nxt.key in TITLES or nxt.key in QUALIFIERS or not nxt.text[0].isupper() or gap.strip(" .-") \
                    or len(gap) > 3:
                break
            run.append(nxt)
        while run and len(run[-1].text) == 1:  # an initial with no name after it
            run.pop()
        after = toks[i + 1 + len(run)] if i + 1 + len(run) < len(toks) else None
        if run and not (after is not None and after.key in _INSTITUTION_LINKS):
            out.append((run[0].start, run[-1].end, tok.text))
    return out


_INSTITUTION_LINKS = frozenset({"of", "for"})


@dataclass(frozen=True)
class Match:
    """A register form found in a text: characters ``start``..``end`` name entry ``entry_id``."""

    start: int
    end: int
    entry_id: str


class Gazetteer:
    """Every form of every register entry, found in texts by the longest match at each word; capitalised
    words in another script (Cyrillic) also by the sound of an entry's Latin forms (ПЕТРОВА ~ Petrov)."""

    def __init__(self, forms: dict[tuple[str, ...], str], sounds: dict[tuple[str, ...], str] | None = None):
        """:param forms: form key -> entry id (a key two entries share is ambiguous and left out)
        :param sounds: sound keys of Latin forms -> entry id (likewise unambiguous)"""
        self.forms = forms
        self.sounds = sounds or {}
        self.longest = max((len(k) for k in (*forms, *self.sounds)), default=0)
        self.first_words = {k[0] for k in forms}
        self.first_sounds = {k[0] for k in self.sounds}

    def scan(self, text: str, toks: list[Token] | None = None) -> list[Match]:
        """Non-overlapping matches, leftmost then longest; a match never starts or ends inside a word.

        :param toks: ``tokens(text)`` when the caller has them already
        """
        toks = tokens(text) if toks is None else toks
        found: list[Match] = []
        i = 0
        while i < len(toks):
            hit = None
            if toks[i].key in self.first_words:
                # a window with a gap between two of its words is no name, nor is any longer one
                # that holds it: only the windows within the first gap are tried
                joined = 1
                while joined < min(self.longest, len(toks) - i) and not _gap(text, toks[i + joined - 1],
                                                                              toks[i + joined]):
                    joined += 1
                for n in range(joined, 0, -1):
                    entry = self.forms.get(tuple(t.key for t in toks[i:i + n]))
                    if entry:
                        hit = (n, entry)
                        break
            if hit is None and self.sounds and toks[i].text[0].isupper() and not toks[i].key.isascii() \
                    and sound_key(toks[i].key) in self.first_sounds:
                hit = self._by_sound(text, toks, i)
            if hit:
                n, entry = hit
                last = toks[i + n - 1]
                possessive = 2 if last.text.endswith(("'s", "’s")) else 0  # Ivanov's: the 's stays outside
                found.append(Match(toks[i].start, last.end - possessive, entry))
                i += n
            else:
                i += 1
        return found


    def _by_sound(self, text: str, toks: list[Token], i: int) -> tuple[int, str] | None:
        for n in range(min(self.longest, len(toks) - i), 0, -1):
            window = toks[i:i + n]
            if any(_gap(text, a, b) or not b.text[0].isupper() for a, b in zip(window, window[1:])):
                continue
            key = tuple(sound_key(t.key) for t in window)
            entry = self.sounds.get(key)
            if entry and sum(map(len, key)) >= MIN_SOUND:
                return n, entry
        return None


def _gap(text: str, a: Token, b: Token) -> bool:
    """True when two words are not parts of one name: something other than spaces or a hyphen between
    them, or two Han characters with anything between them."""
    between = text[a.end:b.start]
    if is_han(a.text) or is_han(b.text):
        return between != ""
    return len(between) > 3 or between.strip(" -\u00a0.\n") != ""
