"""Scripts and languages: which script a line is in, which language a stretch is, names -> BCP 47."""
from __future__ import annotations

import re
import unicodedata
from collections import Counter

# Language names as exports write them -> BCP 47.
LANGUAGE_CODES = {
    "english": "en", "russian": "ru", "chinese": "zh", "german": "de", "hungarian": "hu",
    "polish": "pl", "korean": "ko", "romanian": "ro", "mongolian": "mn", "czech": "cs",
    "slovak": "sk", "bulgarian": "bg", "serbian": "sr", "croatian": "hr", "ukrainian": "uk",
    "french": "fr", "italian": "it", "spanish": "es", "portuguese": "pt", "japanese": "ja",
    "vietnamese": "vi", "albanian": "sq", "arabic": "ar", "hebrew": "he", "persian": "fa",
    "farsi": "fa", "turkish": "tr", "greek": "el", "finnish": "fi", "swedish": "sv",
    "dutch": "nl", "lithuanian": "lt", "latvian": "lv", "estonian": "et", "georgian": "ka",
    "armenian": "hy", "belarusian": "be", "kazakh": "kk", "hindi": "hi", "urdu": "ur",
    "indonesian": "id", "khmer": "km", "lao": "lo", "thai": "th", "slovenian": "sl",
    "macedonian": "mk", "danish": "da", "norwegian": "no", "yiddish": "yi",
}
LANGUAGE_NAMES = {code: name.title() for name, code in LANGUAGE_CODES.items()}
LANGUAGE_NAMES["fa"] = "Persian"

# Which languages a script may be; the first is the default guess.
SCRIPT_LANGS = {
    "Cyrl": ["ru", "uk", "bg", "sr", "mn", "be", "mk", "kk"],
    "Hani": ["zh", "ja"], "Hang": ["ko"], "Kana": ["ja"], "Grek": ["el"], "Arab": ["ar", "fa", "ur"],
    "Hebr": ["he", "yi"], "Geor": ["ka"], "Armn": ["hy"], "Thai": ["th"], "Khmr": ["km"], "Laoo": ["lo"],
}
_SCRIPT_PREFIXES = [
    ("CYRILLIC", "Cyrl"), ("CJK", "Hani"), ("HANGUL", "Hang"), ("HIRAGANA", "Kana"), ("KATAKANA", "Kana"),
    ("GREEK", "Grek"), ("ARABIC", "Arab"), ("HEBREW", "Hebr"), ("GEORGIAN", "Geor"), ("ARMENIAN", "Armn"),
    ("THAI", "Thai"), ("KHMER", "Khmr"), ("LAO", "Laoo"), ("LATIN", "Latn"),
]

# Frequent function words: enough to tell Latin-script languages apart on a line or two.
STOPWORDS = {lang: frozenset(words.split()) for lang, words in {
    "en": "the of and to in that is was for on with as by at from this be are were which have has he it not his their they",
    "de": "der die das und zu den von mit ist nicht sich des auf für dem im eine ein wir ich sie es auch wurde werden",
    "fr": "le la les des et du un une est dans que pour au qui pas sur nous ce il ne avec",
    "pl": "i w na z do się nie że to jest jak przez od po dla oraz jako tak który",
    "hu": "a az és hogy nem is egy meg de van volt csak mint már el kell ez ezt",
    "ro": "și în de la cu pe nu că este din care pentru mai sunt fost ale lui au",
    "cs": "a v na se je že to s z do o jako by pro které ve jsou bylo",
    "it": "il di che la e un per non del della sono si con le al",
    "es": "el la de que y en los del se las por un para con no una su al",
}.items()}

_WORD = re.compile(r"[^\W\d_]+", re.U)


def char_script(ch: str) -> str | None:
    """The script of one letter (ISO 15924 code), or None for non-letters."""
    if not ch.isalpha():
        return None
    try:
        name = unicodedata.name(ch)
    except ValueError:
        return None
    for prefix, code in _SCRIPT_PREFIXES:
        if name.startswith(prefix):
            return code
    return "Zyyy"


# The scripts this archive's documents use, as character-class ranges: counting with a regular expression
# is many times faster than naming each character. Letters of other scripts fall back to char_script.
_SCRIPT_CLASSES = [
    ("Latn", r"A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u1e00-\u1eff"),
    ("Cyrl", r"\u0400-\u0481\u048a-\u052f"),
    ("Hani", r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufa6d\ufa70-\ufad9"),
    ("Hang", r"\uac00-\ud7a3\u1100-\u11ff\u3131-\u318e"),
    ("Kana", r"\u3041-\u3096\u309d-\u309f\u30a1-\u30fa\u30fc-\u30ff"),
]
# Runs rather than single letters: findall then builds one string a word, not one a letter.
_SCRIPT_RUNS = [(script, re.compile(f"[{chars}]+")) for script, chars in _SCRIPT_CLASSES]
_LATIN_RUNS = _SCRIPT_RUNS[0][1]
_EAST_ASIAN = re.compile("[" + "".join(chars for _, chars in _SCRIPT_CLASSES[2:]) + "]")
# Word characters that are neither digits nor letters of a script above: maybe letters of another script.
_OTHER_RUNS = re.compile(r"[^\W\d_" + "".join(chars for _, chars in _SCRIPT_CLASSES) + "]+")


def script_counts(text: str) -> Counter:
    """How many letters of each script ``text`` has."""
    counts = Counter()
    if text.isascii():  # most English lines: only A-Z and a-z can be letters
        n = sum(map(len, _LATIN_RUNS.findall(text)))
        if n:
            counts["Latn"] = n
        return counts
    # One look for any East Asian letter spares the three scans for them in other texts.
    runs = _SCRIPT_RUNS if _EAST_ASIAN.search(text) else _SCRIPT_RUNS[:2]
    for script, pattern in runs:
        n = sum(map(len, pattern.findall(text)))
        if n:
            counts[script] = n
    for run in _OTHER_RUNS.findall(text):
        counts.update(s for s in map(char_script, run) if s)
    return counts


def dominant_script(text: str, minimum: int = 2) -> str | None:
    """The script of most letters in ``text``; None when it has fewer than ``minimum`` letters."""
    counts = script_counts(text)
    if sum(counts.values()) < minimum:
        return None
    if counts.get("Kana"):
        return "Kana"
    return max(counts, key=counts.__getitem__)  # the first of equals, as most_common(1) would


def _languages_by_word() -> dict[str, list[str]]:
    """Each function word -> the languages it belongs to, so that a text's words are looked up once."""
    by_word: dict[str, list[str]] = {}
    for lang, vocab in STOPWORDS.items():
        for word in vocab:
            by_word.setdefault(word, []).append(lang)
    return by_word


_STOPWORD_LANGS = _languages_by_word()


def latin_language(text: str) -> str | None:
    """Best-guess language of Latin-script text from function words; None when there is no signal."""
    return _language_by_function_words(_WORD.findall(text))


# A one-letter word (Czech "a", Polish "w") is a function word only inside running text: in lower case,
# in a text of at least RUNNING_TEXT_WORDS longer words. Initials ("A. A. Gromyko"), letter-spaced names
# ("G R O M Y K O") and list letters ("[a]") are none.
RUNNING_TEXT_WORDS = 4


def function_word_scores(words: list[str]) -> dict[str, int]:
    """How many of one text's ``words`` (as written) are function words of each Latin-script language."""
    scores = dict.fromkeys(STOPWORDS, 0)
    singles = sum(len(w) > 1 for w in words) >= RUNNING_TEXT_WORDS
    for word in words:
        if len(word) > 1:
            word = word.lower()
        elif not (singles and word.islower()):
            continue
        for lang in _STOPWORD_LANGS.get(word, ()):
            scores[lang] += 1
    return scores


def _language_by_function_words(words: list[str]) -> str | None:
    """latin_language for the text's words, as written."""
    if not words:
        return None
    scores = function_word_scores(words)
    # The best score wins; on a tie English, else the first language listed.
    top = max(scores.values())
    best = "en" if scores["en"] == top else next(lang for lang, n in scores.items() if n == top)
    # Short function words are shared across languages: another language must clearly win over English.
    if best != "en" and scores[best] >= 2 and scores[best] >= 2 * scores["en"] + 1:
        return best
    return "en" if scores["en"] else None


# Letters that only some Cyrillic-script languages use, in the order they are looked for.
CYRILLIC_DISTINCTIVE = [("mn", "өү"), ("sr", "ђћџљњ"), ("uk", "їєґ"), ("be", "ў"), ("mk", "ѓќѕ"), ("kk", "әғқңұһі")]
# Those letters in either case: most Russian text has none, and is told apart by one search.
_DISTINCTIVE = re.compile("[" + "".join(s + s.upper() for _, s in CYRILLIC_DISTINCTIVE) + "]")


def cyrillic_language(text: str) -> str:
    """Tell the Cyrillic-script languages apart by their distinctive letters."""
    if not _DISTINCTIVE.search(text):
        return "ru"
    letters = set(text.lower())
    for lang, distinctive in CYRILLIC_DISTINCTIVE:
        if letters.intersection(distinctive):
            return lang
    return "ru"


# A line's first few hundred characters settle its script and its function words; reading all of a
# long paragraph only costs time. Distinctive letters are still looked for in the whole text.
SAMPLE = 400


def language_of(text: str) -> str | None:
    """A language code for a stretch of text, or None when it has no letters to go by."""
    sample = text[:SAMPLE]
    if sample.isascii():
        # Most English lines. Their only letters are A-Z and a-z, so one scan of the text gives both the
        # letter count and the words (what dominant_script and latin_language would find).
        words = _LATIN_RUNS.findall(sample)
        if sum(map(len, words)) < 2:
            return None
        return _language_by_function_words(words) or "und-Latn"
    script = dominant_script(sample)
    if script is None:
        return None
    if script == "Latn":
        return latin_language(sample) or "und-Latn"
    if script == "Cyrl":
        return cyrillic_language(text)
    return SCRIPT_LANGS.get(script, ["und"])[0]


def code_for_name(name: str) -> str | None:
    """BCP 47 code for a language name such as ``Russian`` (None when unknown)."""
    key = re.sub(r"[^a-z]", "", name.lower().split("(")[0])
    return LANGUAGE_CODES.get(key)


def name_for_code(code: str) -> str:
    return LANGUAGE_NAMES.get(code.split("-")[0], code)


def script_of_language(code: str) -> str:
    """The usual script of a language, for transliteration tags (``ru`` -> ``Cyrl``)."""
    base = code.split("-")[0]
    for script, langs in SCRIPT_LANGS.items():
        if base in langs:
            return script
    return "Latn"
