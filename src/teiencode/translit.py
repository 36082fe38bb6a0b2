"""Cross-script normalisation for alignment: romanisation, loose phonetic keys, numbers and dates."""
from __future__ import annotations

import operator
import re
import unicodedata
from functools import lru_cache
from itertools import compress

# --- Cyrillic -> Latin ----------------------------------------------------------

# Letters every scheme writes the same way.
_COMMON = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "з": "z", "и": "i", "к": "k",
    "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t",
    "у": "u", "ф": "f",
    # Ukrainian, Belarusian, Serbian, Macedonian, Mongolian letters
    "і": "i", "ґ": "g", "ў": "w", "ђ": "dj", "ј": "j", "љ": "lj", "њ": "nj",
    "ћ": "c", "џ": "dz", "ѓ": "gj", "ќ": "kj", "ѕ": "dz", "ө": "o", "ү": "u", "һ": "h",
}
SCHEMES: dict[str, dict[str, str]] = {
    # BGN/PCGN: the romanisation of most English-language newspapers and archives.
    "bgn": {**_COMMON, "е": "e", "ё": "yo", "ж": "zh", "й": "y", "х": "kh", "ц": "ts",
            "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e",
            "ю": "yu", "я": "ya", "є": "ye", "ї": "yi"},
    # Library of Congress, diacritics and ligature ties dropped.
    "loc": {**_COMMON, "е": "e", "ё": "e", "ж": "zh", "й": "i", "х": "kh", "ц": "ts",
            "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "\"", "ы": "y", "ь": "'", "э": "e",
            "ю": "iu", "я": "ia", "є": "ie", "ї": "i"},
    # Scholarly (ISO R9 style), as in Slavic studies journals.
    "scholarly": {**_COMMON, "е": "e", "ё": "ë", "ж": "ž", "й": "j", "х": "x", "ц": "c",
                  "ч": "č", "ш": "š", "щ": "šč", "ъ": "ʺ", "ы": "y", "ь": "ʹ", "э": "è",
                  "ю": "ju", "я": "ja", "є": "je", "ї": "ji"},
}
_VOWELS_CYR = set("аеёиоуыэюяіїєөү")


def transliterate(text: str, scheme: str = "bgn") -> str:
    """Romanise the Cyrillic letters of ``text``; other characters pass through unchanged.

    :param text: any text; only Cyrillic letters are changed.
    :param scheme: ``bgn`` (BGN/PCGN), ``loc`` (Library of Congress, no diacritics) or
        ``scholarly`` (ISO R9 style).
    :returns: the romanised text, keeping upper case (``ИВАНОВ`` -> ``IVANOV``).
    """
    table = SCHEMES[scheme]
    out: list[str] = []
    for i, ch in enumerate(text):
        low = ch.lower()
        latin = table.get(low)
        if latin is None:
            out.append(ch)
            continue
        prev = text[i - 1].lower() if i else ""
        # BGN writes е as "ye" where it starts a syllable (word start, after a vowel or sign).
        if scheme == "bgn" and low == "е" and (not prev.isalpha() or prev in _VOWELS_CYR or prev in "ъь"):
            latin = "ye"
        if ch != low and latin:
            nxt = text[i + 1] if i + 1 < len(text) else ""
            latin = latin.upper() if nxt.isupper() or (prev.isupper() and not nxt.isalpha()) else latin.capitalize()
        out.append(latin)
    return "".join(out)


# --- Hangul -> Latin (Revised Romanization, without sound-change rules) ----------

_RR_INITIAL = ["g", "kk", "n", "d", "tt", "r", "m", "b", "pp", "s", "ss", "", "j", "jj",
               "ch", "k", "t", "p", "h"]
_RR_MEDIAL = ["a", "ae", "ya", "yae", "eo", "e", "yeo", "ye", "o", "wa", "wae", "oe", "yo",
              "u", "wo", "we", "wi", "yu", "eu", "ui", "i"]
_RR_FINAL = ["", "k", "k", "k", "n", "n", "n", "t", "l", "k", "m", "l", "l", "l", "p", "l",
             "m", "p", "p", "t", "t", "ng", "t", "t", "k", "t", "p", "t"]


def romanize_hangul(text: str) -> str:
    """Romanise Hangul syllables (Revised Romanization, letter by letter).

    :param text: any text; only precomposed Hangul syllables are changed.
    :returns: the romanised text (``김철수`` -> ``gimcheolsu``).
    """
    out: list[str] = []
    for ch in text:
        code = ord(ch) - 0xAC00
        if 0 <= code < 11172:
            out.append(_RR_INITIAL[code // 588] + _RR_MEDIAL[(code % 588) // 28] + _RR_FINAL[code % 28])
        else:
            out.append(ch)
    return "".join(out)


_HANGUL = re.compile("[\uac00-\ud7a3]")
_BGN_YE = re.compile("(?:^|(?<=[аеёиоуыэюяіїєөүъь]))е")
_TABLES = {name: str.maketrans(table) for name, table in SCHEMES.items()}
_SCHOLARLY_OWN = re.compile("[хцй]")  # the letters whose scholarly romanisation keys differently


# --- loose phonetic keys ----------------------------------------------------------

# Letters with diacritics that stand for a digraph in English romanisations.
_DIGRAPH_LETTERS = str.maketrans({"č": "ch", "š": "sh", "ž": "zh", "ć": "ch", "đ": "dj", "ś": "sh",
                                  "ź": "zh", "ż": "zh", "ß": "ss", "ł": "l"})
# "ph" before "kh": the "h" that "kh" leaves after a "p" is an aspirated p (Пхеньян, Pkhen'yan), not an f,
# so that Пхеньян keys as Pyongyang and P'yŏngyang do ("pn").
_DIGRAPHS = [("shch", "s"), ("tsch", "j"), ("sch", "s"), ("dzh", "j"), ("zh", "j"), ("ch", "j"),
             ("sh", "s"), ("ph", "f"), ("kh", "h"), ("ts", "s"), ("tz", "s"), ("th", "t"),
             ("ng", "n"), ("ck", "k"), ("gh", "k"), ("x", "ks"), ("q", "k")]
# Consonant classes: voicing and r/l are the usual disagreements between romanisations.
_CLASSES = {"b": "p", "d": "t", "g": "k", "c": "k", "v": "f", "w": "f", "z": "s", "r": "l"}
# The classes and the letters a key drops (vowels, h) in one table: no class is a dropped letter.
_KEY_LETTERS = str.maketrans({**_CLASSES, **dict.fromkeys("aeiouyh")})
# Any of the digraphs (most words have none: the replacements are then skipped).
_ANY_DIGRAPH = re.compile("|".join(re.escape(old) for old, _ in _DIGRAPHS))
_NOT_LATIN = re.compile("[^a-z]+")
_REPEATS = re.compile(r"(.)\1+")
_FIRST_GROUP = operator.itemgetter(1)  # as replacement: far quicker than the template r"\1"


def phonetic_key(word: str) -> str:
    """A loose consonant skeleton that different romanisations of one name share.

    ``Kim Cheol Su`` and ``Ким Чхоль Су`` give ``km jl s``; ``Gur'yev`` and ``Гурьев`` give ``klf``.

    :param word: a word in Latin letters (romanise other scripts first).
    :returns: lower-case consonant classes, vowels and ``h`` dropped, repeats collapsed.
    """
    s = word.lower()
    if not s.isascii():  # the digraph letters and NFKD change only non-ASCII text
        s = s.translate(_DIGRAPH_LETTERS)
        if not s.isascii():
            s = unicodedata.normalize("NFKD", s)
    if not (s.isalpha() and s.isascii() and s.islower()):  # else it is all a-z already
        s = _NOT_LATIN.sub("", s)
    if _ANY_DIGRAPH.search(s):  # in order: one replacement may make the next one's digraph
        for old, new in _DIGRAPHS:
            s = s.replace(old, new)
    return _REPEATS.sub(_FIRST_GROUP, s.translate(_KEY_LETTERS))


@lru_cache(maxsize=1 << 16)
def name_keys(word: str) -> frozenset[str]:
    """Phonetic keys of ``word`` under every romanisation scheme (one key for Latin words).

    :param word: one word in any script.
    """
    if word.isascii():
        return frozenset({phonetic_key(word)})
    low = word.lower()
    if _HANGUL.search(low):
        low = romanize_hangul(low)
    # Case does not matter to a key, so a translate table does (much faster than transliterate()).
    # BGN and LoC differ only in vowels, which keys drop; scholarly differs in х, ц and й.
    keys = {phonetic_key((_BGN_YE.sub("йе", low) if "е" in low else low).translate(_TABLES["bgn"]))}
    if _SCHOLARLY_OWN.search(low):
        keys.add(phonetic_key(low.translate(_TABLES["scholarly"])))
    return frozenset(keys)


@lru_cache(maxsize=1 << 16)
def is_caseless(word: str) -> bool:
    """True for words in scripts without letter case (Han, Hangul, kana...).

    :param word: one word.
    """
    if word.isascii():  # every ASCII letter has case
        return False
    first = word[0] if word[0].isalpha() else next((c for c in word if c.isalpha()), "")
    return bool(first) and not first.isupper() and not first.islower()


# --- numbers, months and dates ---------------------------------------------------

_MONTHS = {
    1: r"january|jan|januar|jänner|janvier|január|stycze[nń]|stycznia|ianuarie|январ\w*|січ(?:ня|ень)",
    2: r"february|feb|februar|février|február|luty|lutego|februarie|феврал\w*|лют(?:ого|ий)",
    3: r"march|mar|märz|maerz|mars|március|marzec|marca|martie|март\w*|берез(?:ня|ень)",
    4: r"april|apr|avril|április|kwiecie[nń]|kwietnia|aprilie|апрел\w*|квіт(?:ня|ень)",
    5: r"may|mai|május|maj|maja|ма[йяюе]|трав(?:ня|ень)",
    6: r"june|jun|juni|juin|június|czerwiec|czerwca|iunie|июн\w*|черв(?:ня|ень)",
    7: r"july|jul|juli|juillet|július|lipiec|lipca|iulie|июл\w*|лип(?:ня|ень)",
    8: r"august|aug|août|augusztus|sierpie[nń]|sierpnia|august|авгус\w*|серп(?:ня|ень)",
    9: r"september|sept|sep|septembre|szeptember|wrzesie[nń]|wrze[sś]nia|septembrie|сентябр\w*|верес(?:ня|ень)",
    10: r"october|oct|oktober|octobre|október|pa[zź]dziernik[a]?|octombrie|октябр\w*|жовт(?:ня|ень)",
    11: r"november|nov|novembre|listopad[a]?|noiembrie|ноябр\w*|листопад[а]?",
    12: r"december|dec|dezember|décembre|grudzie[nń]|grudnia|decembrie|декабр\w*|груд(?:ня|ень)",
}


def _alternatives(pattern: str) -> list[str]:
    """The top-level alternatives of a pattern (these patterns have no "|" in a class or escape)."""
    out, depth, start = [], 0, 0
    for k, c in enumerate(pattern):
        depth += (c == "(") - (c == ")")
        if c == "|" and not depth:
            out.append(pattern[start:k])
            start = k + 1
    return out + [pattern[start:]]


# Ignoring case, a character matches a letter (of those the month names and number words start
# with) exactly when the letter is its lower case, but for these: ı, İ, ſ, and old Cyrillic forms
# (the tests check every character).
_CASE_BLIND_ODDITIES = frozenset("ıİſ\u1c80\u1c81\u1c82\u1c83\u1c84\u1c85")


def _named_alternation(groups: dict[str, tuple[str, str]]) -> str:
    """One alternation with a named group per entry: group name -> (its alternatives, what may follow)."""
    return "|".join(f"(?P<{name}>(?:{alts}){after})" for name, (alts, after) in groups.items())


class _WordAlternation:
    """A case-blind alternation of named groups, matched against whole words.

    Each alternative starts with a lower-case letter.  Matched as it is written, a word is tried
    against every alternative; here the alternatives are also grouped by their first letter,
    each group behind that letter, case-sensitive, and the word is matched with its first
    letter in lower case before it: the regular expression engine then passes over the groups
    of other letters at one comparison each.
    """

    def __init__(self, groups: dict[str, tuple[str, str]]):
        """:param groups: group name -> (its alternatives, what may follow any of them)."""
        self.pattern = _named_alternation(groups)
        split = {name: _alternatives(alts) for name, (alts, _) in groups.items()}
        self.names: list[str | None] = [None]  # by group number
        branches = []
        for letter in dict.fromkeys(a[0] for alts in split.values() for a in alts):
            parts = []
            for name, alts in split.items():
                if same := [a for a in alts if a[0] == letter]:
                    parts.append(f"((?:{'|'.join(same)}){groups[name][1]})")
                    self.names.append(name)
            branches.append(f"(?-i:{letter})(?:{'|'.join(parts)})")
        self.by_letter = re.compile("|".join(branches), re.I)

    def group(self, word: str) -> str | None:
        """The name of the group that ``word`` matches whole (``re.fullmatch(...).lastgroup``)."""
        first = word[:1]
        if first not in _CASE_BLIND_ODDITIES:
            m = self.by_letter.fullmatch(first.lower() + word)
            return self.names[m.lastindex] if m else None
        m = re.fullmatch(self.pattern, word, re.I)  # rare: compiled once, in the re module's cache
        return m.lastgroup if m else None


_MONTH_GROUPS = {f"m{n}": (p, r"\.?") for n, p in _MONTHS.items()}
# one alternation with a group per month, for month_number(): the aligner's words go through
# _NUMBER_OR_MONTH_WORDS, so it is compiled (into the re module's cache) only when first asked for
_MONTH_PATTERN = _named_alternation(_MONTH_GROUPS)
# Words that are months only beside a number: English "may", Romanian "mai" (more), "mar"...
_AMBIGUOUS_MONTHS = {"may", "mai", "mar", "jun", "jul", "sep", "dec", "august", "maja", "lipa"}
# What may stand between a day and its month: "1st June", "1-го июня"
_DAY_SUFFIXES = frozenset({"st", "nd", "rd", "th", "er", "го", "е"})
_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6, "VII": 7, "VIII": 8, "IX": 9,
          "X": 10, "XI": 11, "XII": 12}
# Typewritten Soviet dates write Roman months with Cyrillic look-alikes (12.У.48 = 12 May 1948).
_ROMAN_LOOKALIKE = str.maketrans({"У": "V", "Х": "X", "І": "I", "Ι": "I", "і": "I", "х": "X", "у": "V"})

_NUMBER_WORDS = {
    # English, German, Russian (stems cover the case endings), French
    1: "one|eins?|один|одна|одно|одного|одной|одним|одну|un|une", 2: "two|zwei|два|две|дву\\w*|deux", 3: "three|drei|три|тр[её]х|тр[её]м\\w*|trois",
    4: "four|vier|четыре|четыр[её]\\w*|quatre", 5: "five|fünf|пять|пяти|cinq", 6: "six|sechs|шесть|шести",
    7: "seven|sieben|семь|семи|sept", 8: "eight|acht|восемь|восьми|huit", 9: "nine|neun|девять|девяти|neuf",
    10: "ten|zehn|десять|десяти|dix", 11: "eleven|elf|одиннадцат\\w*|onze", 12: "twelve|zwölf|двенадцат\\w*|douze",
    20: "twenty|zwanzig|двадцат\\w*|vingt", 100: "hundred|hundert|сто|cent",
}
_THOUSAND = r"thousand|tausend|тысяч\w*|тыс|mille|ezer|tysi[aę]c\w*|mii"
_ORDINALS = {1: r"first|firstly|erstens|перв\w*|во-первых", 2: r"second|secondly|zweitens|втор\w*|во-вторых",
             3: r"third|thirdly|drittens|трет\w*|в-третьих"}
# number words (group nN), ordinals (oN), "thousand" (k), then months (mN): one match call per word
_NUMBER_OR_MONTH_WORDS = _WordAlternation({**{f"n{n}": (p, "") for n, p in _NUMBER_WORDS.items()},
                                           **{f"o{n}": (p, "") for n, p in _ORDINALS.items()},
                                           "k": (_THOUSAND, ""), **_MONTH_GROUPS})

_CN_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "兩": 2, "三": 3, "四": 4, "五": 5,
              "六": 6, "七": 7, "八": 8, "九": 9}
_TOKEN = re.compile(r"\d+(?:[,.]\d{3})*(?:\.\d+)?|[^\W\d_]+(?:[-'’][^\W\d_]+)*|[\u3007\u4e00-\u9fff]+")


def _char_class(chars) -> str:
    """The body of a regular expression character class holding exactly ``chars``, as ranges."""
    ranges: list[list[int]] = []
    for code in sorted(map(ord, chars)):
        if ranges and code == ranges[-1][1] + 1:
            ranges[-1][1] = code
        else:
            ranges.append([code, code])
    return "".join(f"\\u{a:04x}-\\u{b:04x}" for a, b in ranges)


# Most texts are in Latin or Cyrillic letters.  For a text in these blocks (and punctuation) the
# same pattern with its classes spelled out as code point ranges finds the same tokens about
# twice as fast as Unicode category tests (\d: decimal digits, [^\W\d_]: other letters and numerals).
_FAST_BLOCKS = ((0x0000, 0x04FF), (0x2000, 0x214F))
_FAST_CHARS = [chr(code) for first, last in _FAST_BLOCKS for code in range(first, last + 1)]
_FAST_DIGIT = _char_class(c for c in _FAST_CHARS if c.isdecimal())
_FAST_LETTER = _char_class(c for c in _FAST_CHARS if c.isalnum() and not c.isdecimal())
_TOKEN_FAST = re.compile(rf"[{_FAST_DIGIT}]+(?:[,.][{_FAST_DIGIT}]{{3}})*(?:\.[{_FAST_DIGIT}]+)?"
                         rf"|[{_FAST_LETTER}]+(?:[-'’][{_FAST_LETTER}]+)*")
_OUTSIDE_FAST = re.compile(f"[^{_char_class(_FAST_CHARS)}]")
_DOTTED_DATE = re.compile(
    r"(?<![\d.])(\d{1,2})(?:\s*[-–]\s*(\d{1,2}))?\s*[./]\s*(\d{1,2}|[IVXУХІ]{1,4})\s*[./-]\s*(\d{2}|\d{4})(?![\d])")
_ISO_DATE = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")
# What every ISO or dotted date contains (but not a range, "408-410"): far quicker to look for
# than the dates themselves.
_DATE_HINT = re.compile(r"\d(?:\d\d\d-\d\d-\d|\s*[./]\s*[\dIVXУХІ])")
# A date starts where a run of numerals starts (the look-behind): tried from inside a run too, a
# long run (一 111...) would be rescanned from each of its characters: quadratic.
_CJK_DATE = re.compile(r"(?<![\d〇零一二三四五六七八九十])"
                       r"(?:([\d〇零一二三四五六七八九十]+)\s*[年년]\s*)?([\d一二三四五六七八九十]+)\s*[月월]\s*"
                       r"(?:([\d一二三四五六七八九十]+)\s*[日号號일])?")
# Every character the CJK patterns start with, to skip them on texts that have none.
_HAS_CJK = re.compile(r"[〇零一二三四五六七八九十百千两兩\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
_CJK_NUMBER = re.compile(r"([〇零一二三四五六七八九十百千两兩]+)")
# A longer run of digits is no quantity a translation repeats: it is read as text, and int()
# would refuse it beyond 4,300 digits.
NUMBER_DIGITS_MAX = 30


def cjk_number(text: str) -> int | None:
    """The value of a Chinese numeral (``十六`` -> 16, ``一九五〇`` -> 1950) or of ASCII digits.

    :param text: digits, or Chinese numeral characters.
    :returns: the value, or None when ``text`` is no numeral or longer than NUMBER_DIGITS_MAX.
    """
    if len(text) > NUMBER_DIGITS_MAX:
        return None
    if text.isdecimal():
        return int(text)
    if text and all(c in _CN_DIGITS for c in text):
        # Year style: one character per digit.
        return int("".join(str(_CN_DIGITS[c]) for c in text))
    total, current = 0, 0
    for c in text:
        if c in _CN_DIGITS:
            current = _CN_DIGITS[c]
        elif c in "十百千":
            unit = {"十": 10, "百": 100, "千": 1000}[c]
            total += (current or 1) * unit
            current = 0
        else:
            return None
    return total + current


@lru_cache(maxsize=4096)
def month_number(word: str) -> int | None:
    """The month a month name or abbreviation stands for, in any supported language.

    :param word: one word, e.g. ``июня``, ``Juni``, ``Sept.``.
    :returns: 1..12, or None.
    """
    m = re.fullmatch(_MONTH_PATTERN, word, re.I)
    return int(m.lastgroup[1:]) if m else None


def _parse_int(token: str) -> int | None:
    if len(token) > NUMBER_DIGITS_MAX * 2:
        return None  # a long run is text; int() refuses 4,300 digits
    digits = token.replace(",", "").replace(".", "") if re.fullmatch(r"\d+(?:[,.]\d{3})+", token) else token
    return int(digits) if digits.isdecimal() and len(digits) <= NUMBER_DIGITS_MAX else None


def _year(text: str) -> str:
    return "yy:" + text[-2:]


def tokenize(text: str) -> list[str]:
    """The numbers and words of ``text`` that :func:`numeric_anchors` reads, in order.

    :param text: text in any language.
    """
    if text.isascii() or not _OUTSIDE_FAST.search(text):
        return _TOKEN_FAST.findall(text)
    return _TOKEN.findall(text)


def numeric_anchors(text: str, tokens: list[str] | None = None) -> set[str]:
    """Numbers, dates, months and years of ``text`` as language-neutral tokens.

    ``1 июня`` and ``1 June`` both give ``d:06-01``; ``8-10 июня`` and ``between 8 and 10 June``
    both give ``d:06-08`` and ``d:06-10``; ``12.У.48`` and ``12 May 1948`` both give ``d:05-12``
    and ``yy:48``; ``seven`` and ``7`` both give ``n:7``.

    :param text: text in any language.
    :param tokens: ``tokenize(text)``, when the caller has it already.
    :returns: tokens ``n:<number>``, ``d:<MM-DD>``, ``m:<MM>``, ``yy:<last two digits>``, ``o:<ordinal>``.
    """
    out: set[str] = set()
    unread = text
    # Each pattern's matches are blanked out before the next reads the text.  Most units have
    # no date: a quick look for what every ISO or dotted date contains spares their slow scans.
    dates = bool(_DATE_HINT.search(text))
    found = list(_ISO_DATE.finditer(unread)) if dates else []
    for m in found:
        out |= {_year(m[1]), f"d:{m[2]}-{m[3]}", f"m:{m[2]}", f"n:{int(m[3])}"}
    if found:
        unread = _ISO_DATE.sub(" ", unread)
    found = list(_DOTTED_DATE.finditer(unread)) if dates else []
    for m in found:
        month = m[3].translate(_ROMAN_LOOKALIKE)
        month_n = _ROMAN.get(month) or (int(month) if month.isdecimal() else None)
        if month_n and 1 <= month_n <= 12:
            out |= {_year(m[4]), f"m:{month_n:02d}"}
            for day in (m[1], m[2]):
                if day and 1 <= int(day) <= 31:
                    out |= {f"d:{month_n:02d}-{int(day):02d}", f"n:{int(day)}"}
    # the month and year of a dotted date are not numbers a translation writes as such
    if found:
        unread = _DOTTED_DATE.sub(" ", unread)
    if not unread.isascii() and _HAS_CJK.search(unread):  # every CJK character is beyond ASCII
        found = list(_CJK_DATE.finditer(unread))
        for m in found:
            month_n = cjk_number(m[2])
            if m[1] and cjk_number(m[1]):
                out.add(_year(str(cjk_number(m[1]))))
            if month_n and 1 <= month_n <= 12:
                out.add(f"m:{month_n:02d}")
                day = cjk_number(m[3]) if m[3] else None
                if day and 1 <= day <= 31:
                    out |= {f"d:{month_n:02d}-{day:02d}", f"n:{day}"}
        if found:
            unread = _CJK_DATE.sub(" ", unread)
        for m in _CJK_NUMBER.finditer(unread):
            value = cjk_number(m[1])
            if value is not None:
                out.add(f"n:{value}")
    if tokens is None or unread is not text:
        tokens = tokenize(unread)
    out |= _word_anchors(tokens)
    return out


@lru_cache(maxsize=1 << 16)
def _token_facts(tok: str) -> tuple[int | None, frozenset[str], bool, int | None] | None:
    """What a token says by itself: (its number, its own anchors, whether it is "thousand", the
    month it names); None for the many words that are none of these.

    Words recur across units and documents: the regular expressions run once per word.
    """
    value = _parse_int(tok) if tok[0].isdecimal() else None
    if value is None:
        # the first group the word matches, number words' before months' ("sept" is 7)
        group = _NUMBER_OR_MONTH_WORDS.group(tok) or ""
        if group.startswith("n"):
            value = int(group[1:])
        else:
            # an ordinal or "thousand" that is also a month name matched the ordinal's group
            month = int(group[1:]) if group.startswith("m") else month_number(tok) if group else None
            ordinal = frozenset({f"o:{group[1:]}"}) if group.startswith("o") else frozenset()
            return (None, ordinal, group == "k", month) if ordinal or group == "k" or month else None
    if tok.isdecimal() and len(tok) == 4 and 1700 <= value <= 2099:
        return value, frozenset({_year(tok)}), False, None  # a year: "1950" and "50 г." agree only on its last digits
    if value >= 1000 and value % 1000 == 0:
        return value, frozenset({f"n:{value}", f"n:{value // 1000}"}), False, None  # "15,000" beside "15 тысяч"
    return value, frozenset({f"n:{value}"}), False, None


def _word_anchors(tokens: list[str]) -> set[str]:
    """Anchors read token by token: numbers, number words, months and the days beside them."""
    out: set[str] = set()
    facts = list(map(_token_facts, tokens))
    if not any(facts):
        return out
    numbers = [fact and fact[0] for fact in facts]
    for i in compress(range(len(tokens)), facts):
        _, own, thousand, month = facts[i]
        out |= own
        if thousand and i and numbers[i - 1] is not None:
            out.add(f"n:{numbers[i - 1] * 1000}")
        if month:
            out |= _month_anchors(tokens, numbers, i, month)
    return out


def _month_anchors(tokens: list[str], numbers: list[int | None], i: int, month: int) -> set[str]:
    """The anchors of the month name ``tokens[i]``: the month, and the days and year beside it."""
    tok = tokens[i]
    # "may", "march", Romanian "mai" (more): an ambiguous or lower-case Latin-script month
    # name counts only beside a number ("5 mars", "May 29"); "June" or "июня" always count
    if tok.isascii() and (not tok[0].isupper() or tok.lower() in _AMBIGUOUS_MONTHS) \
            and all(numbers[k] is None for k in (i - 1, i + 1, i - 3) if 0 <= k < len(tokens)):
        return set()
    out = {f"m:{month:02d}"}
    days = _days_before(tokens, numbers, i, month)
    out |= days
    if not days and i + 1 < len(tokens) and numbers[i + 1] is not None and 1 <= numbers[i + 1] <= 31 \
            and not (i + 2 < len(tokens) and tokens[i + 2].isdecimal() and len(tokens[i + 1]) == 4):
        out.add(f"d:{month:02d}-{numbers[i + 1]:02d}")  # "June 1, 1950"
    for k in (i + 1, i + 2):
        if k < len(tokens) and tokens[k].isdecimal() and len(tokens[k]) == 4:
            out.add(_year(tokens[k]))
    return out


def _days_before(tokens: list[str], numbers: list[int | None], i: int, month: int) -> set[str]:
    """Days written before a month: ``1 June``, ``8-10 июня``, ``8 and 10 June``, ``1st of June``."""
    out: set[str] = set()
    k = i - 1
    if k >= 0 and tokens[k].lower() in {"of", "de"}:
        k -= 1
    if k >= 0 and tokens[k].lower() in _DAY_SUFFIXES:
        k -= 1
    # walk back over "8 and 10", "8 и 10", "8 or 10" (the hyphen is not a token)
    while k >= 0 and numbers[k] is not None and 1 <= numbers[k] <= 31 and tokens[k].isdecimal():
        out.add(f"d:{month:02d}-{numbers[k]:02d}")
        if k >= 2 and tokens[k - 1].lower() in {"and", "or", "to", "und", "bis", "и", "или", "по", "et"}:
            k -= 2
        elif k >= 1 and tokens[k - 1].isdecimal():
            k -= 1
        else:
            break
    return out


# --- Which language a romanised word was written in ------------------------------------------
# Syllable inventories, generated from initials and finals (a few impossible pairs are let in:
# the test is whether a word *can* be read as syllables of the language).
_PINYIN_FINALS = ("a o e i u ü ai ei ao ou an en ang eng ong er ia ie iao iu ian in iang ing iong ua uo uai ui "
                  "uan un uang ue üe").split()
_PINYIN_SYLLABLES = frozenset(
    [f for f in _PINYIN_FINALS if f[0] in "aoe"]  # the others are spelled with y- or w-
    + [i + f for i in "zh ch sh b p m f d t n l g k h j q x r z c s y w".split() for f in _PINYIN_FINALS
       if "ü" not in f]
    + [i + f.replace("ü", v) for i in "nl" for f in _PINYIN_FINALS if "ü" in f for v in "üv"])
# Revised and McCune-Reischauer romanisation, and the DPRK's own th (Thaek).
_KOREAN_SYLLABLES = frozenset(i + v + f
                              for i in ["", *"g k kk n d t tt r l m b p pp s ss j ch jj h th k' t' p' ch'".split()]
                              for v in ("a ae ya yae eo e yeo ye o wa wae oe yo u wo we wi yu eu ui i ŏ ŭ yŏ wŏ "
                                        "ai").split()
                              for f in ["", *"k n t l m p ng g b d".split()])
_LONGEST_SYLLABLE = max(map(len, _PINYIN_SYLLABLES | _KOREAN_SYLLABLES))
# Spellings of romanised Cyrillic (Russian, Mongolian...) that pinyin and Korean romanisation never
# have (strong), and ones they have, which count only in a word that is no sequence of their syllables.
_CYRILLIC_STRONG = ("kh", "shch", "ts", "iy", "yy", "v")
_CYRILLIC_MARKS = ("ii", "zh", "ie", "ia", "iu")
_CYRILLIC_ONE_LETTER_WORDS = frozenset("k v s".split())  # prepositions
_ROMAN_WORD = re.compile(r"[^\W\d_]+(?:[’'][^\W\d_]*)*")
_FAMILY_LANGUAGES = {"cyrillic": ("ru", "uk", "be", "bg", "mk", "sr", "mn", "kk", "ky", "tg"),
                     "pinyin": ("zh",), "korean": ("ko",), "cjk": ("zh", "ko")}
# Languages not written in the Latin script: their terms in a translation are romanised (-Latn).
NON_LATIN_SCRIPT = frozenset(_FAMILY_LANGUAGES["cyrillic"]) | {"zh", "ja", "ko", "el", "ka", "hy", "ar", "fa",
                                                                 "he", "yi", "th", "km", "lo", "my", "hi", "bn"}


def _syllables(word: str, inventory: frozenset[str]) -> bool:
    """Whether ``word`` splits into syllables of ``inventory`` (O(len(word)) steps)."""
    reach = [True] + [False] * len(word)
    for start in range(len(word)):
        if reach[start]:
            for end in range(start + 1, min(len(word), start + _LONGEST_SYLLABLE) + 1):
                if word[start:end] in inventory:
                    reach[end] = True
    return reach[-1]


def _soft_sign(word: str) -> bool:
    """An apostrophe for the Cyrillic soft sign: not the McCune-Reischauer one after k, t, p, ch."""
    for i, c in enumerate(word):
        if c in "’'" and i and not (word[i - 1] in "ktph" and i + 1 < len(word) and word[i + 1] in "aeiouwy"):
            return True
    return False


def romanisation_family(text: str) -> str | None:
    """How romanised words were romanised: ``cyrillic``, ``pinyin``, ``korean``, ``cjk`` (either) or None.

    A word with a soft-sign apostrophe or a spelling pinyin and Korean never have (kh, shch, ts, iy,
    yy, v) is Cyrillic; so is one that is no sequence of pinyin or Korean syllables and has ii, zh,
    ie, ia or iu,
    or is one of the prepositions k, v, s. Otherwise every word must be a sequence of syllables of one language (hyphens
    part syllables); a word that is neither leaves the question open. O(len(text)).
    """
    families = {"pinyin", "korean"}
    words = _ROMAN_WORD.findall(text.lower())
    if not words:
        return None
    for word in words:
        if _soft_sign(word) or any(m in word for m in _CYRILLIC_STRONG):
            return "cyrillic"
        parts = [p for p in word.replace("’", "'").split("-") if p]
        own = {"pinyin", "korean"}
        for part in parts:
            if not _syllables(part.replace("'", ""), _PINYIN_SYLLABLES):
                own.discard("pinyin")
            if not _syllables(part, _KOREAN_SYLLABLES):
                own.discard("korean")
        if not own and (word in _CYRILLIC_ONE_LETTER_WORDS or any(m in word for m in _CYRILLIC_MARKS)):
            return "cyrillic"
        families &= own
    if families == {"pinyin", "korean"}:
        return "cjk"
    return next(iter(families), None)


def term_language(text: str, original: str | None) -> str | None:
    """The ``xml:lang`` of a term of the original quoted in a translation, or None when nothing decides.

    A translator quotes the original's own words: the original language (the header's, or the
    original division's) decides when known. Otherwise the romanisation does: Cyrillic is
    Russian, pinyin Chinese, Korean syllables Korean; a word that could be either pinyin or
    Korean, or shows no romanisation, decides nothing. Languages not written in Latin script
    get ``-Latn``.

    :param text: the romanised term
    :param original: the original language's code, or None
    """
    lang = original.split("-")[0] if original else None
    if lang is None:
        family = romanisation_family(text)
        lang = _FAMILY_LANGUAGES[family][0] if family in ("cyrillic", "pinyin", "korean") else None
    if lang is None:
        return None
    return f"{lang}-Latn" if lang in NON_LATIN_SCRIPT else lang
