"""Bracketed words: supplied by the translator, transliterated originals, name variants, expansions.

Time: each recognizer is O(len(bracket)) (its pattern is anchored, bounded or deterministic:
no nested quantifier over unbounded text) plus O(LOOK_BEHIND) for the words before it.
"""
import difflib
import re

from ..model import Text
from ..translit import romanisation_family, term_language
from .base import Context, Convention, mark
from .words import is_title_word

ENGLISH_FUNCTION_WORDS = set("""a an the of to in on at by for with from and or but as be is are was were been his her
its their our my your this that these those he she it they we you i not no which who whom whose than then there
here into onto upon about over under after before between during without within""".split())
# Letter groups that English words rarely have and romanised Russian, Chinese, Korean often do.
_TRANSLIT_FEATURES = re.compile(r"kh|zh|shch|ts|iy|ii|iu|ia$|ie$|yi$|yy|aia|oe$|[’']|\bk\b|\bv\b|enie|anie|stvo|skii|"
                                r"skiy|ovo|nyi|aya|xian|zhou|guan|yeo|eu|ae", re.I)
_VOWEL_END = re.compile(r"(?:[oiuy]|i[aeu])$", re.I)
# One word of a name: capitalised (O'Neil, Jun-taek), or initials (I., I.V.).
_NAME_WORD = re.compile(r"[A-Z][\w’'-]*|(?:[A-Z]\.)+")
_INITIALS = re.compile(r"(?:[A-Z]\.\s?)+")
_ACRONYM = re.compile(r"[A-Z]{2,}")
_GLOSS = re.compile(r"(?P<name>[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*){0,4})(?:\s*\((?P<alt>[^()\[\]]{1,40})\))?")
_WORDS = re.compile(r"[^\W\d_]+(?:[’'][^\W\d_]*)?")
# The family name after a bracket of given names: one capitalised word, a possessive 's left out.
_SURNAME = re.compile(r"(?P<space>[ \t]+)(?P<name>[A-ZА-ЯЁ](?:[\w-]|[’'](?![sS]\b))*)")


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
    if not ctx.before[-1:].isalnum():
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
    content = m.group(0)
    if not looks_transliterated(content):
        return None
    lang = term_language(content, ctx.original_lang)
    if lang is None:
        ctx.warn("W-TERM-LANGUAGE", f"no language decides for the romanised term [{content[:40]}]; "
                                    "kept as a term without a language")
        return [mark("term", "transliteration", [Text(content)], rend="brackets")]
    return [mark("foreign", "transliteration", [Text(content)], rend="brackets", xml_lang=lang)]


TRANSLITERATION = Convention(
    name="transliteration",
    example="a meeting [soveshchanie]",
    tei='meeting <foreign xml:lang="ru-Latn">soveshchanie</foreign>',
    describe="Romanised words in brackets after an English word (meeting [soveshchanie]) give the original's term: "
             "foreign, in the language the romanisation shows (soft signs, kh, ts: Cyrillic; pinyin syllables: "
             "Chinese; eo, eu, ae: Korean), narrowed by the original language (-Latn for a non-Latin script); "
             "when nothing decides, a term with no language and a warning.",
    bracket=re.compile(r"[^\W\d_][\w’' -]{0,60}", re.U),
    build=_build_foreign,
)


def name_words_before(words: str) -> list[re.Match]:
    """The words of a name that ``words`` ends with, last first: up to four capitalised words or
    initials, stopping at a title (Comrade, Minister...) or any other word. O(len(words))."""
    found: list[re.Match] = []
    end = len(words)
    while len(found) < 4 and end > 0:
        start = max(words.rfind(" ", 0, end), words.rfind("\n", 0, end), words.rfind("\t", 0, end)) + 1
        word = _NAME_WORD.fullmatch(words, start, end)
        if word is None or is_title_word(word.group()):
            break
        found.append(word)
        end = start - 1
        while end > 0 and words[end - 1] in " \t\n":
            end -= 1
    return found


def _similarity(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a.lower(), b.lower()).ratio()


def _is_romanised_cjk(text: str) -> bool:
    return romanisation_family(text) in ("pinyin", "korean", "cjk")


def _build_name(m: re.Match, ctx: Context):
    content = m.group(0)
    gloss = _GLOSS.fullmatch(content)
    if gloss is None or _INITIALS.fullmatch(content):
        return None
    words, space = ctx.tail()
    found = name_words_before(words)
    if not found:
        return _given_names_after_title(content, gloss, words, space, ctx)
    if found[0].group().endswith("."):
        return None
    if _ACRONYM.fullmatch(content) and not _ACRONYM.fullmatch(found[0].group()):
        return None  # CPSU after a word in lower case is no name: the translator supplied it
    # The span most like the bracket: another spelling of the same name ("Kim X" of "Railways Kim X").
    if looks_transliterated(content) and romanisation_family(found[0].group()) is None:
        return None  # a romanised term after an English word (Centre [Tsentr]), however alike
    spans = [words[w.start():] for w in found]
    ratio, span = max((_similarity(s, content), -len(s), s) for s in spans)[0::2]
    if gloss.group("alt") is None and ratio >= 0.5:
        kind = "variant"
    elif len(found) == 1 and _is_romanised_cjk(found[0].group()) and _is_romanised_cjk(gloss.group("name")) \
            and content.split()[0].lower() != found[0].group().lower():
        # A family name, the given name in brackets (Ni [Zhiliang]): one name, completed by the translator
        # (a bracket that opens with the family name names the person in full: an identification).
        name, space = ctx.take_before(len(found[0].group()))
        completion = mark("supplied", "name-completion", [Text(content)], rend="brackets", reason="completion")
        return [mark("persName", "name-completion", [Text(name), Text(space), completion])]
    elif looks_transliterated(content) or gloss.group("alt") is not None:
        return None  # a term of the original ([Tsentr]) or words supplied
    else:
        kind = "identification"
        # A pseudonym is one word, with the initials before it (I.V. Filippov [Stalin]).
        k = 1
        while k < len(found) and _INITIALS.fullmatch(found[k].group()):
            k += 1
        span = words[found[k - 1].start():]
    name, space = ctx.take_before(len(span))
    return [mark("persName", "name-" + kind, [Text(name)]), Text(space),
            mark("persName", "name-" + kind, [Text(content)], rend="brackets", type=kind)]


def _given_names_after_title(content: str, gloss: re.Match, words: str, space: str, ctx: Context):
    """``Comrade [Yuri Vladimirovich] Andropov``: after a title, given names in brackets before a
    capitalised word are the translator's completion of the name that word ends (the title stays
    outside it). O(len(content)) plus the one word after the bracket."""
    title = words[max(words.rfind(" "), words.rfind("\n")) + 1:]
    if not space or gloss.group("alt") is not None or _ACRONYM.fullmatch(content) or not is_title_word(title) \
            or any(is_title_word(word) for word in content.split()):
        return None
    after = ctx.after_match(_SURNAME)
    if after is None or is_title_word(after.group("name")):
        return None
    surname = after.group("name")
    ctx.consume_after(after.end() - after.start())
    completion = mark("supplied", "name-completion", [Text(content)], rend="brackets", reason="completion")
    return [mark("persName", "name-completion", [completion, Text(after.group("space")), Text(surname)])]


NAME = Convention(
    name="name-gloss",
    example="Mao Tse-tung [Mao Zedong]; Ivanov [Petrov]; Ni [Zhiliang]; Comrade [Yuri Vladimirovich] Andropov",
    tei='<persName>Mao Tse-tung</persName> <persName type="variant">Mao Zedong</persName>',
    describe="A capitalised name in brackets after a name (up to four capitalised words, never a title such as "
             "Comrade or Minister) is another spelling of it (type variant, the span most like it); a given name "
             "after a romanised family name (Ni [Zhiliang]) completes it (supplied within the persName), and so do "
             "given names between a title and a family name (Comrade [Yuri Vladimirovich] Andropov); "
             "any other name is the person a pseudonym stands for (type identification).",
    bracket=_GLOSS,
    build=_build_name,
)

def _is_supplied(content: str) -> bool:
    """Up to six words; or up to twelve that open in lower case and end without a stop (a clause
    the translator inserted, not a sentence of their own)."""
    words = content.split()
    if len(words) <= 6:
        return True
    return len(words) <= 12 and content.lstrip()[:1].islower() and not content.rstrip().endswith((".", "…"))


SUPPLIED = Convention(
    name="supplied",
    example="during [his] stay; the committee [approved]",
    tei='<supplied reason="translator">his</supplied>',
    describe="Up to six words in brackets that are none of the above, or up to twelve opening in lower case and "
             "ending with no stop (an inserted clause), were supplied by the translator: supplied.",
    bracket=re.compile(r"[^\[\]:;!?\n]{1,100}"),
    build=lambda m, ctx: ([mark("supplied", "supplied", ctx.parse(m.group(0)), rend="brackets", reason="translator")]
                          if _is_supplied(m.group(0)) else None),
)
