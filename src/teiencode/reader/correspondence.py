"""Correspondence read from the title: sender(s), addressee(s), where it was sent from, its date.

The title grammar, stated once (keywords are matched without regard to case):

    title      := part ("," part)*     -- commas inside (), [] or quotes do not split; a quoted part
                                          ('…', "…") is the document's own heading and is never read
    clause     := [genre] "from" parties ["to" parties]     -- the genre (Telegram, Letter…) is required
                | [genre ","] parties "to" parties           -- "Petrov to Li Ming"
                | genre "to" parties                         -- no sender stated
    parties    := party (("," | "and") party)*               -- one entry per person or organisation
    party      := ["the"] role-words* name [identification]
                | org-phrase [identification]                -- holds an organisation word: orgName
                | role-phrase [identification]               -- an office with no name: roleName
    identification := "[" Name "]" | "(" Name ")"            -- the person the written form stands for

The first part, left to right, that reads as a clause gives the correspDesc ("Telegram, Ivanov to
Petrov, Transmitting Letter from Li Ming": Ivanov to Petrov). A genre word that ends the sender
("GDR Embassy Letter to …") is not part of it; "via X" after the addressees names a carrier, not an
addressee; words after a comma that are not parties ("…, Consul in Kashgar") are a role and stay out.

Not correspondence, so no correspDesc: a title that names a conversation or meeting (the word
"between", or a conversation word in the clause), a clause whose sender or addressee holds a digit
(a date range, "1 May 1953 to 25 June 1953"), "to" that ends an office ("Ambassador to China"), and
"from" at the start of a title ("From the Journal of …").

A sender is a place, not a person, when a two-capital-letter part follows it ("Washington, DC") or
the text's ``From PLACE`` line names it. Where the title is silent, the text speaks: a ``To: …`` line or
an address line ("Ambassador Comrade A. Petrov") among the translation's first lines gives the
addressee, a ``Signed: …`` line the sender when the title names no person or organisation.

Every step is one left-to-right scan of the title, or of one of its parts, or of the translation's
lines once: linear in their length.
"""
from __future__ import annotations

import difflib
import re

from ..conventions.words import is_title_word
from ..model import Correspondence, Document, Party
from .blocks import DATELINE_FROM
from .dates import parse_date

# Words that name a kind of document, never a sender.
GENRE_WORDS = frozenset("""
letter letters telegram telegrams cable cables note notes message messages memorandum memo report reports
dispatch despatch instruction instructions directive circular order decree resolution reply response
answer request appeal statement communique communiqué notification information telephonogram radiogram
ciphergram cipher ciphered coded code encrypted telephone hand-delivered delivered hand oral verbal secret
urgent top untitled excerpt excerpts draft copy summary wire via vch no. nos. special personal
""".split())
# Words that make a record a conversation or meeting rather than a letter between parties.
CONVERSATION_WORDS = frozenset("conversation conversations meeting meetings talk talks discussion "
                               "discussions interview minutes record journal diary".split())
# Words that make a party an organisation.
ORG_WORDS = frozenset("""
embassy embassies ministry ministries committee politburo government delegation department office council
consulate mission bureau secretariat presidium commission legation agency headquarters command cc
directorate administration union party association society institute academy university league federation
organization organisation army corps navy front
""".split())
# Lower-case words that may begin a name: "de Gaulle", "van Fleet".
NAME_PARTICLES = frozenset("de del della van von der den da di du le la al el bin ibn".split())
_FUNCTION_WORDS = frozenset("of to in for at on the".split())
_BRACKETS = {"(": ")", "[": "]"}
_QUOTES = {"'": "'", "‘": "’", '"': '"', "“": "”"}
# One romanised Chinese syllable (pinyin); a word is pinyin when it is a run of them. Words are short
# (at most 12 letters are tried), so the pattern's trials are bounded.
_PINYIN = re.compile(r"(?:(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?"
                     r"(?:iang|iong|uang|ang|eng|ing|ong|uai|uan|ian|iao|ai|ei|ao|ou|an|en|in|un|ua|uo|ue|ui|ia"
                     r"|ie|iu|er|a|e|i|o|u|v)(?:r(?![aeiou]))?)+", re.I)


def correspondence_of(doc: Document) -> Correspondence | None:
    """The correspondence the title states, or None when it states none (see the module's grammar).

    :param doc: the document, whose header title is read and whose translation gives the place
    """
    title = doc.header.title
    upper = not any(ch.islower() for ch in title)
    parts = _top_level_parts(title)
    if any(not quoted and "between" in _words(text) for text, quoted in parts):
        return None
    for index, (text, quoted) in enumerate(parts):
        if quoted:
            continue
        found = _clause(text, index == 0)
        if found is None:
            continue
        senders, addressees = found
        # "…, to A, B and C": following parts that are all parties continue the addressee list.
        if addressees:
            addressees += _continued_list(parts[index + 1:])
        if not senders and not addressees:
            continue
        senders = [_party(s, upper) for s in senders]
        addressees = [_party(a, upper) for a in addressees]
        if None in senders or None in addressees:
            continue
        _place_parties(senders, parts[index + 1:])
        place = _place(doc)
        _parties_from_text(doc, senders, addressees)
        for party in senders:
            # "Telegram from Harbin" with "From HARBIN" in its heading: a place, not a person.
            if party.kind == "person" and place and party.name and party.name.lower() == place.lower():
                party.kind = "place"
        return Correspondence(senders=senders, addressees=addressees, place=place, date=doc.header.date)
    return None


# --- the title's parts ------------------------------------------------------------------------

def _top_level_parts(title: str) -> list[tuple[str, bool]]:
    """Split at commas outside brackets and quotes; each part with whether it is wholly quoted."""
    parts: list[tuple[str, bool]] = []
    depth, quote, start = 0, None, 0
    for i, ch in enumerate(title):
        if quote:
            # A closing quote ends the quotation; an apostrophe inside a word (Workers’) does not.
            if ch == _QUOTES[quote] and not (i + 1 < len(title) and title[i + 1].isalpha()):
                quote = None
        elif ch in _QUOTES and (i == 0 or not title[i - 1].isalnum()):
            quote = ch
        elif ch in _BRACKETS:
            depth += 1
        elif ch in ")]" and depth:
            depth -= 1
        elif ch == "," and depth == 0:
            parts.append(title[start:i])
            start = i + 1
    parts.append(title[start:])
    out = []
    for part in parts:
        text = part.strip()
        quoted = len(text) >= 2 and text[0] in _QUOTES and text[-1] in (_QUOTES[text[0]], "’")
        out.append((text, quoted))
    return out


def _words(text: str) -> list[str]:
    return [w.strip(".,;:()[]").lower() for w in text.split()]


def _split_outside_brackets(text: str, keyword: str) -> list[str]:
    """Split ``text`` at the whole word ``keyword`` (any case) where it stands outside brackets."""
    pieces, depth, start, i = [], 0, 0, 0
    low = text.lower()
    n = len(keyword)
    while i < len(text):
        ch = text[i]
        if ch in _BRACKETS:
            depth += 1
        elif ch in ")]" and depth:
            depth -= 1
        elif (depth == 0 and low.startswith(keyword, i) and (i == 0 or text[i - 1] == " ")
              and (i + n == len(text) or text[i + n] == " ")):
            pieces.append(text[start:i])
            start = i + n
            i += n
            continue
        i += 1
    pieces.append(text[start:])
    return pieces


def _clause(text: str, first: bool) -> tuple[list[str], list[str]] | None:
    """Senders and addressees of one part, as written; None when the part is no clause."""
    if any(w in CONVERSATION_WORDS for w in _words(text)):
        return None
    by_from = _split_outside_brackets(text, "from")
    if len(by_from) > 1:
        genre, rest = by_from[0].strip(), "from".join(by_from[1:])
        if not genre:
            return None  # "From the Journal of …": a source, not a sender
        by_to = _split_outside_brackets(rest, "to")
        sender = by_to[0]
        addressee = "to".join(by_to[1:]) if len(by_to) > 1 else ""
        if len(by_to) > 1 and _ends_in_office(sender):
            sender, addressee = rest, ""
        return _parties(sender), _parties(addressee) if addressee else []
    by_to = _split_outside_brackets(text, "to")
    if len(by_to) < 2:
        return None
    sender, addressee = by_to[0].strip(), "to".join(by_to[1:])
    if _ends_in_office(sender):
        return None  # "Polish Ambassador to the DPRK": an office, not a relation
    sender = _drop_genre(sender)
    if sender is None:
        return None
    return (_parties(sender) if sender else []), _parties(addressee)


def _ends_in_office(phrase: str) -> bool:
    words = _words(phrase)
    return bool(words) and is_title_word(words[-1])


def _drop_genre(sender: str) -> str | None:
    """The sender without genre words at either end ("GDR Embassy Letter" -> "GDR Embassy"); None when what
    is left does not begin as a party does (a capital letter, "the" or a role word)."""
    words = sender.split()
    while words and words[-1].lower().strip(".") in GENRE_WORDS | {"no"}:
        words.pop()
    lead = 0
    while lead < len(words) and words[lead].lower() in GENRE_WORDS:
        lead += 1
    words = words[lead:]
    if not words:
        return ""
    head = words[0]
    if not (head[:1].isupper() or head.lower() == "the" or is_title_word(head)):
        return None
    return " ".join(words)


def _parties(text: str) -> list[str]:
    """The parties of a list: split at "and" and commas outside brackets; "via X" is cut off."""
    text = _split_outside_brackets(text, "via")[0]
    out = []
    for piece in _split_outside_brackets(text, "and"):
        out.extend(p for p in _comma_pieces(piece) if p.strip())
    return [p.strip() for p in out]


def _comma_pieces(text: str) -> list[str]:
    return [p for p, _ in _top_level_parts(text)] if "," in text else [text]


def _continued_list(rest: list[tuple[str, bool]]) -> list[str]:
    """Parts after the clause that continue its addressee list: up to one holding "and", all parties."""
    taken: list[str] = []
    for text, quoted in rest:
        if quoted:
            return []
        pieces = _parties(text)
        if not pieces or any(_party(p, False) is None or _party(p, False).kind == "role" for p in pieces):
            return []
        taken += pieces
        if len(_split_outside_brackets(text, "and")) > 1:
            return taken
    return []


# --- one party ----------------------------------------------------------------------------------

def _party(text: str, upper: bool) -> Party | None:
    """One sender or addressee as written; None when it cannot be one (it holds a digit, or nothing)."""
    text = text.strip(" .,;:")
    if not text or any(ch.isdigit() for ch in text):
        return None
    written, identification, rend = _identification(text)
    words = written.split()
    if words and words[0].lower() == "the":
        words = words[1:]
    if not words and not identification:
        return None
    if words and not (words[0][:1].isupper() or is_title_word(words[0]) or words[0].lower() in NAME_PARTICLES):
        return None  # "be seen by": a name, an office or an organisation begins with a capital
    lower = [w.lower().strip(".,") for w in words]
    last_role = max((i for i, w in enumerate(words) if is_title_word(w)),
                    default=-1)
    name_words = words[last_role + 1:]
    if name_words and lower[last_role + 1] in _FUNCTION_WORDS:
        name_words = []  # "Minister of Foreign Affairs": the office continues
    role = " ".join(words[:last_role + 1] if name_words else words) or None
    if last_role >= 0 and not name_words:
        party = Party("role", None, role=_cased(role, upper))  # "Chairman of the Council of Ministers"
    elif any(w in ORG_WORDS for w in lower[last_role + 1:]):
        # "GDR Embassy", "Ministry of Foreign Affairs"; but "Council of Ministers Chairman X" is X.
        party = Party("org", _cased(" ".join(words), upper))
    elif name_words:
        party = Party("person", _cased(" ".join(name_words), upper))
    elif role:
        party = Party("role", None, role=_cased(role, upper))
    else:
        party = Party("person", None)
    if identification:
        ident = _cased(identification, upper)
        completes = bool(party.name) and _completes(party.name, ident)
        if completes:
            ident = f"{party.name} {ident}"
        party.identification = ident
        party.identification_rend = rend
        # As in the text (name-gloss convention): a similar spelling is a variant, anything else identifies.
        similar = party.name and difflib.SequenceMatcher(None, party.name.lower(), ident.lower()).ratio() >= 0.5
        party.identification_type = "variant" if similar and not completes else "identification"
    return party


def _identification(text: str) -> tuple[str, str | None, str | None]:
    """Split "Ivanov [Petrov]" / "the President (Li Ming)" into the written form and the person it
    names. Only a final bracket that begins with a capital letter identifies; other brackets are left out."""
    identification = rend = None
    end = text.rstrip()
    if end and end[-1] in ")]":
        opener = "(" if end[-1] == ")" else "["
        start = end.rfind(opener)
        inner = end[start + 1:-1].strip() if start >= 0 else ""
        if inner[:1].isupper() and not any(ch in inner for ch in "()[]"):
            identification, rend = inner, "parentheses" if opener == "(" else "brackets"
            text = end[:start]
    kept, depth = [], 0
    for ch in text:
        if ch in _BRACKETS:
            depth += 1
        elif ch in ")]" and depth:
            depth -= 1
        elif not depth:
            kept.append(ch)
    return " ".join("".join(kept).split()).strip(" .,;:"), identification, rend


def _completes(name: str, bracket: str) -> bool:
    """A one-word bracket after a one-word Chinese family name gives the given name: Liu [Shaoqi]."""
    return (" " not in name and " " not in bracket and len(name) <= 12 and len(bracket) <= 12
            and bool(_PINYIN.fullmatch(name)) and bool(_PINYIN.fullmatch(bracket)))


def _cased(text: str, upper: bool) -> str:
    """A name from an upper-case title, in the usual case ("ZHOU ENLAI" -> "Zhou Enlai")."""
    if not upper:
        return text
    return " ".join("-".join(p[:1].upper() + p[1:].lower() for p in w.split("-")) for w in text.split())


def _place_parties(senders: list[Party], rest: list[tuple[str, bool]]) -> None:
    """A sender followed by a two-capital-letter part ("Washington, DC") is a place, written as gazetteers
    write one."""
    if len(senders) == 1 and senders[0].kind == "person" and rest and re.fullmatch(r"[A-Z]{2}", rest[0][0]):
        senders[0].kind = "place"
        senders[0].name = f"{senders[0].name}, {rest[0][0]}"


_ADDRESS_LINE = re.compile(r"To:?\s+(?P<party>\S.{0,80})")
_SIGNED_LINE = re.compile(r"Signed:\s+(?P<party>\S.{0,80})")
ADDRESS_LINES = 15  # an address line stands in the first lines of the text, before the letter itself


def _parties_from_text(doc: Document, senders: list[Party], addressees: list[Party]) -> None:
    """Where the title names no addressee, a line ``To: Comrade X`` at the head of the translation does;
    where it names no person or organisation as sender (a place, or nobody), a line ``Signed: X`` does."""
    lines = [line.strip() for div in doc.translations[:1] for block in div.blocks for line in block.lines]
    if not addressees:
        found = _address(lines[:ADDRESS_LINES], _to_line) or _address(lines[:ADDRESS_LINES], _address_line)
        if found:
            addressees.append(found)
    if not any(p.kind in ("person", "org", "role") for p in senders):
        for line in lines:
            m = _SIGNED_LINE.fullmatch(line)
            party = _party(m.group("party"), False) if m else None
            if party and party.kind == "person" and len(m.group("party").split()) <= 8:
                senders.insert(0, party)
                break


def _to_line(line: str) -> str | None:
    m = _ADDRESS_LINE.fullmatch(line)
    return m.group("party") if m else None


def _address_line(line: str) -> str | None:
    """A line of offices and forms of address, then a name of one to four capitalised words, and nothing
    else ("Ambassador Comrade A. Petrov"): an address standing alone at the head of a letter."""
    words = line.rstrip(",:!").split()
    roles = 0
    while roles < len(words) and is_title_word(words[roles]):
        roles += 1
    name = words[roles:]
    return line if roles and 1 <= len(name) <= 4 and all(w[:1].isupper() for w in name) else None


def _address(lines: list[str], read) -> Party | None:
    """The first line that ``read`` takes for an address and that names a person or organisation."""
    for line in lines:
        written = read(line)
        party = _party(written, False) if written else None
        if party and party.kind in ("person", "org") and len(written.split()) <= 8:
            return party
    return None


def _place(doc: Document) -> str | None:
    """Where it was sent from: a translation's line ``From PLACE`` (or ``Telegram from PLACE``) in its heading
    or text, read by the same rule as the dateline the encoder writes."""
    for div in doc.translations:
        for block in div.blocks:
            if block.region == "opener" or block.kind in ("ab", "p"):
                for line in block.lines:
                    words = line.split()
                    while words and words[0].lower() in GENRE_WORDS:
                        words.pop(0)  # "Telegram from Harbin"
                    m = DATELINE_FROM.fullmatch(" ".join(words))
                    if m and parse_date(m.group("place")) is None:
                        return m.group("place").strip()
    return None
