"""Bracketed words: supplied by the translator, transliterated originals, name variants, expansions."""
import difflib
import re

from ..model import Text
from .base import Context, Convention, mark

ENGLISH_FUNCTION_WORDS = set("""a an the of to in on at by for with from and or but as be is are was were been his her
its their our my your this that these those he she it they we you i not no which who whom whose than then there
here into onto upon about over under after before between during without within""".split())
# Letter groups that English words rarely have and romanised Russian, Chinese, Korean often do.
_TRANSLIT_FEATURES = re.compile(r"kh|zh|shch|ts|iy|ii|iu|ia$|ie$|yi$|yy|aia|oe$|[’']|\bk\b|\bv\b|enie|anie|stvo|skii|"
                                r"skiy|ovo|nyi|aya|xian|zhou|guan|yeo|eu|ae", re.I)
_VOWEL_END = re.compile(r"(?:[oiuy]|i[aeu])$", re.I)
_NAME = re.compile(r"^[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*){0,4}$")
_NAME_BEFORE = re.compile(r"(?:(?:[A-Z][\w’'-]*\.?|[A-Z]\.)\s+){0,3}[A-Z][\w’'-]+$")
_WORDS = re.compile(r"[^\W\d_]+(?:[’'][^\W\d_]*)?")


def looks_transliterated(content: str) -> bool:
    """True when bracketed words read as a romanised original term rather than English."""
    words = _WORDS.findall(content)
    if not words or any(w.lower() in ENGLISH_FUNCTION_WORDS for w in words) or re.search(r"\d", content):
        return False
    if _TRANSLIT_FEATURES.search(content):
        return True
    # Capitalised words are more often a name's other spelling: only strong evidence makes them a term.
    return not content[:1].isupper() and len(words) >= 2 and sum(bool(_VOWEL_END.search(w)) for w in words) * 2 >= len(words)


def _build_expansion(m: re.Match, ctx: Context):
    if not re.search(r"\w$", ctx.before):
        return None
    return [mark("supplied", "expansion", [Text(m.group(0))], rend="brackets", reason="expansion")]


EXPANSION = Convention(
    name="expansion",
    example="P[etr] Ivanov",
    tei='P<supplied reason="expansion">etr</supplied>',
    describe="Letters in brackets joined to a word (P[etr]) complete an abbreviation: supplied, reason expansion.",
    bracket=re.compile(r"[^\W\d_]+", re.U),
    build=_build_expansion,
)


def _build_foreign(m: re.Match, ctx: Context):
    if not looks_transliterated(m.group(0)):
        return None
    lang = (ctx.original_lang or "und").split("-")[0]
    return [mark("foreign", "transliteration", [Text(m.group(0))], rend="brackets", xml_lang=f"{lang}-Latn")]


TRANSLITERATION = Convention(
    name="transliteration",
    example="a meeting [soveshchanie]",
    tei='meeting <foreign xml:lang="ru-Latn">soveshchanie</foreign>',
    describe="Romanised words in brackets after an English word (meeting [soveshchanie]) give the original's term: "
             "foreign, in the original language's Latin transliteration.",
    bracket=re.compile(r"[^\W\d_][\w’' -]{0,60}", re.U),
    build=_build_foreign,
)


def _build_name(m: re.Match, ctx: Context):
    content = m.group(0)
    if not _NAME.match(content) or re.fullmatch(r"(?:[A-Z]\.\s?)+", content):
        return None
    taken = ctx.take_before(_NAME_BEFORE)
    if taken is None:
        return None
    name, space = taken
    similar = difflib.SequenceMatcher(None, name.lower(), content.lower()).ratio() >= 0.5
    kind = "variant" if similar else "identification"
    return [mark("persName", "name-" + kind, [Text(name)]), Text(space),
            mark("persName", "name-" + kind, [Text(content)], rend="brackets", type=kind)]


NAME = Convention(
    name="name-gloss",
    example="Mao Tse-tung [Mao Zedong]; Ivanov [Petrov]",
    tei='<persName>Mao Tse-tung</persName> <persName type="variant">Mao Zedong</persName>',
    describe="A capitalised name in brackets after a name is another spelling of it (type variant) or, when the "
             "two differ, the person a pseudonym stands for (type identification).",
    bracket=re.compile(r"[A-Z][\w’'. -]{0,60}"),
    build=_build_name,
)

SUPPLIED = Convention(
    name="supplied",
    example="during [his] stay; the committee [approved]",
    tei='<supplied reason="translator">his</supplied>',
    describe="Up to six words in brackets that are none of the above were supplied by the translator: supplied.",
    bracket=re.compile(r"[^\[\]:;!?\n]{1,60}"),
    build=lambda m, ctx: ([mark("supplied", "supplied", ctx.parse(m.group(0)), rend="brackets", reason="translator")]
                          if len(m.group(0).split()) <= 6 else None),
)
