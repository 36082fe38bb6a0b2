"""Block rules: a division's lines -> paragraphs, heads, lists, furniture, opener and closer parts."""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from ..model import Block, Mark, Span, Text
from .dates import parse_date
from .inline import InlineEnv, parse_inline

# Genre vocabulary: how telegrams and letters of this kind mark themselves. Not document text.
CLASSIFICATION = re.compile(
    r"^(?:(?:top|strictly|most|highly)\s+)?(?:secret|confidential|restricted)\b|^for official use only|"
    r"^(?:reproduction|copying|making copies)\b.*\b(?:prohibited|forbidden)|^declassified|"
    r"^(?:совершенно\s+|строго\s+)?секретно|^копирование\s+воспрещается|^(?:streng\s+)?geheim|^vertraulich|"
    r"^(?:ściśle\s+)?tajne|^(?:szigorúan\s+)?titkos|^绝密|^机密|^秘密|^극비|^비밀|^strict secret|^secret de serviciu",
    re.I)
PRIORITY = re.compile(r"^(?:flash|immediate|(?:extremely\s+|most\s+|very\s+)?urgent|priority|special|operational|"
                      r"срочно|весьма срочно|молния|вне очереди|особая|eilt|sofort|dringend)[.!]?$", re.I)
DOCTYPE = re.compile(r"^(?:\w+\s+){0,3}(?:cable|telegram|ciphergram|message|memorandum|letter|note|directive|"
                     r"instruction|report|шифртелеграмма|телеграмма|письмо|справка|записка|fernschreiben|"
                     r"telegramm|brief|vermerk)(?:\s+\w+){0,3}$", re.I)
# "From BERLIN", "From: Washington, DC": what follows "from" is a place, one to three capitalised words without
# digits ("from the journal of", "From Correspondent 20 Sent 1.7.51" are no datelines).
DATELINE_FROM = re.compile(r"^(?P<from>(?i:from|aus|из|z|de):?)\s+"
                           r"(?P<place>[A-ZÀ-ÖØ-ÞА-ЯЁ][^\d\s]*(?:\s[A-ZÀ-ÖØ-ÞА-ЯЁ][^\d\s]*){0,2})$")
DATELINE = re.compile(r"^(?:N[°º]|No\.|№|Nr\.)\s*\S", re.I)
# "Berlin, 6 April 1989": a place (capitalised words without digits or commas), a comma, a date.
DATELINE_PLACE = re.compile(r"^(?P<place>[A-ZÀ-ÖØ-ÞА-ЯЁ][^\d,]{0,40}),\s+(?P<date>\S.*)$")

ADDRESS = re.compile(r"^(?:to|for|attention|attn\.?|an|à|кому|тов\.|товарищу|do):?\s+\S", re.I)
SALUTE = re.compile(r"^(?:dear|my dear|esteemed|respected|honou?red|уважаемый|уважаемые|дорогой|дорогие|"
                    r"sehr geehrte[rn]?|liebe[r]?|cher|chère|szanown\w*|drog\w+|tisztelt|kedves|stimate)\b", re.I)
# "Cde. Mao Zedong!", "Comrade MAO ZEDONG!", "Comrade Filippov:": a form of address and a name, ending the line
# with "!", "," or ":" (a footnote mark may follow). The name part holds none of them: no backtracking.
HONORIFIC = (r"(?:cdes?\.|comrades?|comr?\.|tov\.|товарищи?|genossen?|genossin|towarzyszu?|elvtárs(?:ak)?|"
             r"tovarășe?|mr\.|mrs\.|sir|madam)")
SALUTE_ADDRESS = re.compile(rf"^[“\"«„]?{HONORIFIC}\s[^!,:]{{1,60}}[!,:][”\"»]?(?:\[\d+\])?$", re.I)
_ADDRESSED = re.compile(rf"^{HONORIFIC}\s", re.I)
CLOSING_SALUTE = re.compile(r"^(?:devotedly|sincerely|respectfully|faithfully|cordially|yours|with (?:\w+ )?"
                            r"(?:greetings|regards|respect)|с уважением|с (?:коммунистическим|"
                            r"товарищеским) приветом|mit \w+ gr[üu]ß|hochachtungsvoll|z wyrazami|üdvözlettel)\b",
                            re.I)
PAGE_NUMBER = re.compile(r"^[-–—]\s*(?P<n>\d{1,4})\s*[-–—]$")
PAGE_MARKER = re.compile(r"^(?:\[(?:page|p\.|pg\.)\s*(?P<n>\d+)\]|\((?:page|p\.|pg\.)\s*(?P<n2>\d+)\))$", re.I)
COPY_NUMBER = re.compile(r"^(?:экз\.?|экземпляр|copy|ex\.?|egz\.?|ausf\.?|példány)\s*(?:N[°º]?\.?|№|#|Nr\.?)?\s*\d+$",
                         re.I)
REG_NUMBER = re.compile(r"^\d[\d ]{2,}$")
RULE = re.compile(r"^[_\-—–=─]{4,}$")
LIST_ITEM = re.compile(r"^(?P<n>\d{1,3}[.)](?!\d)|\d{1,3}\s[-–](?=\s)|[a-zа-я][)]|[-•*–](?=\s)|Copy\s+N[°º]?\s*\d+:)\s*\S", re.I)
FOOTNOTE_LINE = re.compile(r"^(?P<m>x{1,3}/|\*{1,3}|\[\d{1,3}\])\s+\S")
# A speaker's name: up to four capitalised words ("North (KIM)", "Vice Premier Deng"). A turn is the name and a
# colon or a dash before the text ("Zhou Enlai: ...", "Zhou Enlai – ..."), or the name alone on its line.
_WHO = r"(?P<who>[A-ZА-ЯЁ][\w.'’-]*(?:\s+[A-ZА-ЯЁ(][\w.'’()-]*){0,3})"
SPEAKER = re.compile(rf"^{_WHO}:\s+(?P<text>\S.*)$")
SPEAKER_DASH = re.compile(rf"^{_WHO}\s[–—-]\s+(?P<text>\S.*)$")
SPEAKER_ALONE = re.compile(rf"^{_WHO}\s?[:–—-]?$")
# A signature: a name in capitals, a name in parentheses, a date and a name, an initialled name alone, a
# letter-spaced name, a name after "Signed:", or a short line between dashes.
# The name group holds the initials ("I. STALIN" is one signature); what precedes it is a date or routing.
SIGNOFF = [
    re.compile(r"(?:^|\s)(?P<name>(?:[A-ZА-ЯЁ]\.\s?)*[A-ZА-ЯЁ][A-ZА-ЯЁ'’-]{2,})\.?$"),
    re.compile(r"(?:^|\s)(?P<name>\((?:[A-ZА-ЯЁ]\.\s?)+[A-ZА-ЯЁ][\w'’-]+\))$"),
    re.compile(r"^[\d./-]+\.?\s+(?P<name>(?:[A-ZА-ЯЁ]\.\s?)*[A-ZА-ЯЁ][a-zа-яё'’-]+)$"),
    re.compile(r"^(?P<name>(?:[A-ZА-ЯЁ]\.\s?){1,3}[A-ZА-ЯЁ][a-zа-яё'’-]+)$"),
    re.compile(r"^(?P<name>(?:[A-ZА-ЯЁ] ){3,}[A-ZА-ЯЁ])$"),  # letter-spaced: "G R O M Y K O"
    re.compile(r"^(?P<name>(?i:signed|sgd\.|gez\.|подпись):?\s+[A-ZА-ЯЁ].*)$"),  # "Signed: A. Name"
    re.compile(r"^(?P<name>[–—-]\s[^–—]{1,60}\s[–—-])$"),  # between dashes: "– 166 chargé d'affaires –"
]
_TERMINAL = re.compile(r"[.!?:;…\"»”)\]。！？」』]\s*$")
# Scripts written without spaces between words (Han, Kana): a sentence there is counted in characters.
_UNSPACED = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff]")
_WORDS = re.compile(r"\S+")


@dataclass
class RawBlock:
    lines: list[str]
    line_no: int  # 1-based line of the first line

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


def raw_blocks(numbered_lines: list[tuple[int, str]]) -> list[RawBlock]:
    """Group lines into blank-line separated blocks, keeping a bracket that spans a blank line in one block."""
    blocks: list[RawBlock] = []
    current: list[tuple[int, str]] = []

    def close():
        if current:
            blocks.append(RawBlock([t for _, t in current], current[0][0]))
            current.clear()

    for line_no, text in numbered_lines:
        if text.strip():
            current.append((line_no, text.strip()))
        elif current and _open_bracket(current):
            current.append((line_no, ""))
        else:
            close()
    close()
    # A bracket left open at the end swallowed its blank lines for nothing: drop them again.
    for b in blocks:
        while b.lines and not b.lines[-1]:
            b.lines.pop()
    return blocks


def leading_spaces(numbered_lines: list[tuple[int, str]]) -> dict[int, int]:
    """The leading spaces of each indented non-blank line, by line number: the blocks hold their
    lines stripped, and the encoder writes the indentation back as ``<space>``. O(n) in the text."""
    return {line_no: len(text) - len(text.lstrip(" ")) for line_no, text in numbered_lines
            if text.startswith(" ") and text.strip()}


def _open_bracket(current) -> bool:
    text = "\n".join(t for _, t in current)
    depth = text.count("[") - text.count("]")
    # Only a short wait: a bracket never closed must not eat the rest of the document.
    return depth > 0 and len(current) < 12 and text.rfind("[") >= len(text) - 300


def explode(blocks: list[RawBlock]) -> list[RawBlock]:
    """Single-newline exports put one paragraph per line: split blocks that hold prose lines.

    Lines inside an open bracket stay together ([handwritten: ... / ... ]).
    """
    out: list[RawBlock] = []
    for b in blocks:
        # A closing formula over several lines ("Yours," / name / place / date) is read line by line.
        if len(b.lines) == 1 or not (any(is_prose(line) for line in b.lines) or CLOSING_SALUTE.match(b.lines[0])):
            out.append(b)
            continue
        depth = 0
        for i, line in enumerate(b.lines):
            if depth > 0:
                out[-1].lines.append(line)
            else:
                out.append(RawBlock([line], b.line_no + i))
            depth = max(0, depth + line.count("[") - line.count("]"))
    return out


def _join_salute_names(raws: list[RawBlock]) -> list[RawBlock]:
    """A salutation cut before its name ("Dear Cde." / "I. V. Stalin") is one salutation over two lines."""
    out: list[RawBlock] = []
    for raw in raws:
        prev = out[-1] if out else None
        if prev is not None and len(prev.lines) == 1 and len(raw.lines) == 1 and is_salute(prev.lines[0]) \
                and not prev.lines[0].rstrip().endswith(("!", ",", ":")) and is_name_line(raw.lines[0]):
            out[-1] = RawBlock(prev.lines + raw.lines, prev.line_no)
        else:
            out.append(raw)
    return out


def place_date(line: str):
    """(place match, date) of a "Place, date" line, or None."""
    m = DATELINE_PLACE.match(line.strip())
    date = parse_date(m.group("date").rstrip(".")) if m else None
    return (m, date) if date else None


def is_name_line(line: str) -> bool:
    """A name alone on a line: one to four capitalised words, and not a date."""
    words = line.split()
    return 1 <= len(words) <= 4 and all(w[:1].isupper() for w in words) and not parse_date(line)


def is_prose(text: str) -> bool:
    """A sentence or more: 80 characters, or five words (fifteen characters in Chinese or Japanese) ending in
    a sentence mark."""
    # Length first: splitting a long paragraph into words only to count them costs more than the rest.
    if len(text) >= 80:
        return True
    if not _TERMINAL.search(text):
        return False
    return len(_WORDS.findall(text)) >= 5 or len(text) >= 15 and bool(_UNSPACED.search(text))


def line_kind(line: str) -> str | None:
    """Furniture and markers recognised from one line alone."""
    s = line.strip()
    if PAGE_NUMBER.match(s):
        return "pageNum"
    if PAGE_MARKER.match(s):
        return "pageMarker"
    if COPY_NUMBER.match(s):
        return "copyNumber"
    if REG_NUMBER.match(s):
        return "regNumber"
    if RULE.match(s):
        return "rule"
    return None


class BlockBuilder:
    """Turns a division's raw blocks into model blocks with regions, sections and parts."""

    def __init__(self, env: InlineEnv, offset_to_span):
        self.env = env
        self.offset_to_span = offset_to_span

    def inlines(self, raw: RawBlock, text: str | None = None, skip: int = 0) -> list:
        """Parse a block's (or a part of a block's) text with the convention registry."""
        return parse_inline(text if text is not None else raw.text, self._env_for(raw, skip))

    def _env_for(self, raw: RawBlock, skip: int) -> InlineEnv:
        def warn(code, message, offset):
            line, col = self.offset_to_span(raw, skip + offset)
            self.env.warn(code, message, (line, col))
        return InlineEnv(self.env.original_lang, self.env.hand_for, warn)

    def build(self, raws: list[RawBlock]) -> list[Block]:
        raws = _join_salute_names(explode(raws))
        blocks: list[Block] = []
        i = 0
        while i < len(raws):
            raw = raws[i]
            # Runs of single-line list items (single-newline exports) make one list; so do names one a line
            # under a heading with a colon ("Recipients:" / "Com. A. Name" ...), a distribution.
            names = bool(blocks) and _is_list_head(blocks[-1])
            if _is_list_line(raw, names):
                kind = _marker_kind(raw.lines[0])
                j = i
                while j < len(raws) and _is_list_line(raws[j], names) and _marker_kind(raws[j].lines[0]) == kind:
                    j += 1
                items = raws[i:j]
                # Points of which one is a whole paragraph are numbered paragraphs, all of them.
                if _long_point(raws, i - 1, kind) or _long_point(raws, j, kind):
                    blocks.extend(self.classify(item) for item in items)
                    i = j
                    continue
                if len(items) >= 2:
                    head = blocks.pop() if names else None
                    unmarked = not LIST_ITEM.match(items[0].lines[0])
                    blocks.append(self._list(items, head, "distribution" if unmarked else None))
                    i = j
                    continue
            blocks.append(self.classify(raw))
            i += 1
        self._speakers(blocks)
        return numbered_footnotes(blocks)

    def _list(self, items: list[RawBlock], head: Block | None, role: str | None = None) -> Block:
        first = head.span if head else Span(items[0].line_no, 1)
        entries = []
        for item in items:
            m = LIST_ITEM.match(item.lines[0])
            entries.append(Block("item", self.inlines(item), Span(item.line_no, 1),
                                 n=m.group("n").rstrip(".):-– ").strip() if m else None, lines=item.lines))
        role = role or ("distribution" if re.match(r"copy", items[0].lines[0], re.I)
                        or (head and "cop" in head.lines[0].lower())
                        else "lettered" if re.match(r"[a-zа-я]\)", items[0].lines[0], re.I) else "numbered")
        block = Block("list", [], first, role=role, items=entries,
                      lines=(head.lines if head else []) + [line for it in items for line in it.lines])
        if head:
            block.inlines = head.inlines
        return block

    def classify(self, raw: RawBlock) -> Block:
        lines = raw.lines
        span = Span(raw.line_no, 1)
        if len(lines) == 1:
            kind = line_kind(lines[0])
            if kind in ("pageNum",):
                return Block("pb", [Text(lines[0])], span, role="pageNum",
                             n=PAGE_NUMBER.match(lines[0]).group("n"), lines=lines)
            if kind == "pageMarker":
                m = PAGE_MARKER.match(lines[0])
                return Block("pb", [Text(lines[0])], span, role="pageMarker", n=m.group("n") or m.group("n2"),
                             lines=lines)
            if kind in ("copyNumber", "regNumber"):
                return Block("fw", [Text(lines[0])], span, role=kind, lines=lines)
            if kind == "rule":
                return Block("rule", [], span, role=lines[0], lines=lines)
            fm = FOOTNOTE_LINE.match(lines[0])
            if fm:
                return Block("footnote", self.inlines(raw), span, role=fm.group("m"), lines=lines)
        # Several item lines in one blank-line block: a list.
        if len(lines) >= 2 and all(is_item_line(line) for line in lines[1:]) and \
                (is_item_line(lines[0]) or lines[0].endswith(":")):
            head = None if LIST_ITEM.match(lines[0]) else lines[0]
            items = [RawBlock([line], raw.line_no + k) for k, line in enumerate(lines) if LIST_ITEM.match(line)]
            head_block = Block("ab", self.inlines(RawBlock([head], raw.line_no)), span, lines=[head]) if head else None
            return self._list(items, head_block)
        inl = self.inlines(raw)
        marks = [n for n in inl if isinstance(n, Mark)]
        if marks and all(isinstance(n, Mark) or (isinstance(n, Text) and not n.text.strip()) or
                         not isinstance(n, (Mark, Text)) for n in inl):
            # A translator's or editor's note standing alone is a note, not a handwritten annotation.
            if len(marks) == 1 and marks[0].kind == "note" and marks[0].attrs.get("type") in ("translator",
                                                                                            "editorial"):
                return Block("note", inl, span, role=marks[0].attrs["type"], lines=lines)
            return Block("ab", inl, span, role="annotation", lines=lines)
        if len(lines) > 1 and not is_prose(" ".join(lines)):
            return Block("ab", inl, span, role="lines", lines=lines)
        if len(lines) > 1 and all(len(line) < 40 for line in lines):
            return Block("ab", inl, span, role="lines", lines=lines)
        return Block("p", inl, span, lines=lines)

    def _speakers(self, blocks: list[Block]) -> None:
        """Speaker turns, where the paragraphs read as a dialogue.

        A dialogue has at least three turns and two speakers; a turn counts when its speaker has two
        turns or more, or it follows such a turn (one reply of the other side, maybe after a paragraph). A
        name alone on its line followed by a paragraph is a turn whose text is that paragraph; without a colon
        or dash after it, only when that speaker has other turns. Paragraphs between two turns continue the
        first (Block.items holds all its paragraphs). Linear in the blocks.
        """
        turns = {i: t for i in range(len(blocks)) if (t := self._turn(blocks, i))}
        counts: dict[str, int] = {}
        for who, *_ in turns.values():
            counts[who] = counts.get(who, 0) + 1

        def repeated(i: int) -> bool:
            return i in turns and counts[turns[i][0]] >= 2

        # A name alone with no colon or dash ("China Division") counts only when it has turns of its own.
        taken = {i: t for i, t in turns.items() if repeated(i) or t[1][-1] in ":–—-" and (
            repeated(i - 1) or repeated(i - 2))}
        if len(taken) < 3 or len({who for who, *_ in taken.values()}) < 2:
            return
        out: list[Block] = []  # one pass: a turn takes its name's line, its paragraph and its continuations
        i = 0
        while i < len(blocks):
            if i not in taken:
                out.append(blocks[i])
                i += 1
                continue
            _, speaker, used = taken[i]
            turn = self._make_turn(blocks[i:i + used], speaker)
            i += used
            # Paragraphs with no speaker between two turns go on with the first (the speaker went on talking).
            j = i
            while j < len(blocks) and j not in taken and blocks[j].kind == "p" and is_prose_block(blocks[j]):
                j += 1
            if j > i and j in taken:
                turn.items = [Block("p", turn.inlines, turn.span, lines=list(turn.lines))] + blocks[i:j]
                turn.lines = turn.lines + [line for b in blocks[i:j] for line in b.lines]
                i = j
            out.append(turn)
        blocks[:] = out

    @staticmethod
    def _turn(blocks: list[Block], i: int) -> tuple[str, str, int] | None:
        """(speaker, the speaker as written, blocks the turn takes) when ``blocks[i]`` opens a turn."""
        b = blocks[i]
        if b.kind not in ("p", "ab") or (b.kind == "ab" and b.role != "lines"):
            return None
        first = b.lines[0].strip()
        if len(b.lines) == 1:
            m = SPEAKER.match(first) or SPEAKER_DASH.match(first)
            if m:
                return m.group("who"), first[:m.start("text")].rstrip(), 1
            m = SPEAKER_ALONE.match(first)
            nxt = blocks[i + 1] if i + 1 < len(blocks) else None
            if m and nxt is not None and nxt.kind == "p" and is_prose_block(nxt) and not SPEAKER.match(nxt.lines[0]):
                return m.group("who"), first, 2
            return None
        m = SPEAKER_ALONE.match(first)
        if m and is_prose(" ".join(b.lines[1:])):
            return m.group("who"), first, 1
        return None

    def _make_turn(self, parts: list[Block], speaker: str) -> Block:
        """The turn made of ``parts``: one block opening with the speaker, or the name's line and a paragraph."""
        b = parts[0]
        if len(parts) == 2:  # the name's line and the paragraph after it
            b.inlines, b.lines = parts[1].inlines, b.lines + parts[1].lines
        elif len(b.lines) == 1:
            skip = len(speaker) + (len(b.lines[0]) - len(b.lines[0].lstrip()))
            skip += len(b.lines[0][skip:]) - len(b.lines[0][skip:].lstrip())
            b.inlines = parse_inline(b.lines[0][skip:], self._env_for(RawBlock(b.lines, b.span.line), skip))
        else:
            skip = len(b.lines[0]) + 1
            b.inlines = parse_inline("\n".join(b.lines[1:]), self._env_for(RawBlock(b.lines, b.span.line), skip))
        b.kind, b.role, b.speaker = "sp", None, speaker
        return b


def _marker_kind(line: str) -> str:
    """What marks a list line: a number, a letter, a bullet, a copy number, or nothing (a name)."""
    m = LIST_ITEM.match(line)
    if not m:
        return "name"
    first = m.group("n")[0]
    return "number" if first.isdigit() else "copy" if first in "Cc" and m.group("n")[1:2].isalpha() \
        else "letter" if first.isalpha() else "bullet"


def _long_point(raws: list[RawBlock], k: int, kind: str) -> bool:
    """Whether ``raws[k]`` is a point marked like ``kind`` but too long for a list item ("2) The agenda ...")."""
    if not 0 <= k < len(raws) or len(raws[k].lines) != 1:
        return False
    line = raws[k].lines[0]
    return is_long_item(line) and bool(LIST_ITEM.match(line)) and _marker_kind(line) == kind


def _is_list_line(raw: RawBlock, names: bool) -> bool:
    """A one-line block that is a list item, or a name when ``names`` (under a list's heading)."""
    return len(raw.lines) == 1 and (is_item_line(raw.lines[0]) or names and is_name_line(raw.lines[0]))


def _is_list_head(b: Block) -> bool:
    """A short line ending in a colon ("Copies:", "Recipients:") over the items of a list."""
    return b.kind in ("ab", "p") and len(b.lines) == 1 and b.lines[0].endswith(":") \
        and len(b.lines[0].split()) <= 3


def is_long_item(line: str) -> bool:
    return len(line) > 200


def is_item_line(line: str) -> bool:
    """A list item: marked (``1.``, ``a)``, ``Copy N° 2:``, a bullet) and short. A sentence after a dash is a
    paragraph (dialogue and running text are typed so), not an item."""
    m = LIST_ITEM.match(line)
    return bool(m) and not is_long_item(line) and not (m.group("n")[0] in "-–" and is_prose(line))


# --- structure: opener, body, sections, closer, postscript, parts -------------------------------

def is_prose_block(b: Block) -> bool:
    if b.kind == "sp":
        return True
    return b.kind == "p" and is_prose(" ".join(b.lines))


def opener_role(b: Block) -> str | None:
    """What a block before the text proper is, or None when it is not opener material."""
    if b.kind in ("fw", "pb", "rule"):
        return b.kind
    if b.kind == "list":
        # Recipients are names; numbered sentences at the top are the text's own points, not a distribution.
        names = not any(is_prose(" ".join(item.lines)) for item in b.items)
        return "distribution" if b.role == "distribution" or names else None
    if b.kind == "ab" and b.role == "annotation":
        return "annotation"
    if b.kind == "footnote":
        return None
    roles = [line_role(line) for line in b.lines]
    if roles[0] == "salute" and len(roles) == 2:
        return "salute"
    if any(r is None for r in roles):
        return None
    if any(r == "dateline" for r in roles) and all(r in ("dateline", "date", "routing") for r in roles):
        return "dateline"
    if len(set(roles)) == 1:
        return roles[0]
    return "mixed"


def is_salute(line: str) -> bool:
    """A salutation: "Dear ...", or a form of address with a name ending in "!" or ","."""
    return bool(SALUTE.match(line) or SALUTE_ADDRESS.match(line.strip()))


# Cached: the encoder asks again about the opener lines the reader classified (and per line in lines_as_segs).
@functools.lru_cache(maxsize=4096)
def line_role(line: str) -> str | None:
    s = line.strip()
    words = s.split()
    if CLASSIFICATION.search(s):
        return "classification"
    if PRIORITY.match(s):
        return "priority"
    if is_salute(s):
        return "salute"
    if DATELINE.match(s) or DATELINE_FROM.match(s):
        return "dateline"
    if parse_date(s.rstrip(".")):
        return "date"
    if place_date(s):
        return "dateline"
    if ADDRESS.match(s) and len(words) <= 14:
        return "address"
    if DOCTYPE.match(s) and len(words) <= 5:
        return "docType"
    if len(words) <= 10 and not is_prose(s):
        return "routing"
    return None


# A bracket after a signature glosses it ("FILIPPOV [Stalin]"): the signature is what stands before it.
# Each try starts at a "[" and stops at the next bracket: linear in the line.
_TRAILING_GLOSS = re.compile(r"\[[^\[\]]*\]$")


def signature_text(line: str) -> str:
    """A sign-off line without the bracketed gloss that may follow the name."""
    line = line.strip()
    m = _TRAILING_GLOSS.search(line)
    return line[:m.start()].rstrip() if m else line


def find_signature(line: str) -> re.Match | None:
    """The SIGNOFF match of a sign-off line (its bracketed gloss aside), or None.

    A signature has at most eight words: longer lines are not searched, which also keeps the search
    linear (SIGNOFF's name pattern is tried at each word, and a run of initials would be read again
    from each of them)."""
    text = signature_text(line)
    # maxsplit: nine pieces tell "more than eight words" without splitting a whole paragraph.
    if len(text.split(None, 8)) > 8:
        return None
    return next((m for p in SIGNOFF if (m := p.search(text))), None)


def has_signature_mark(b: Block) -> bool:
    """A one-line block of at most twelve words with a [signature] mark: where the document was signed."""
    return len(b.lines) == 1 and len(b.lines[0].split(None, 12)) <= 12 and any(
        isinstance(n, Mark) and n.attrs.get("type") == "signature" for n in b.inlines)


def signoff_match(b: Block) -> bool:
    if b.kind not in ("p", "ab") or len(b.lines) > 3:
        return False
    last = signature_text(b.lines[-1])
    if CLOSING_SALUTE.match(b.lines[0]) or has_signature_mark(b):
        return True
    if PRIORITY.match(last) or CLASSIFICATION.search(last):
        return False
    if find_signature(last):
        return True
    # Or its first line over the signer's office ("K O V A L E V" / "Counsellor", "Szabó Ferenc" / "Head of ...").
    first = b.lines[0].strip()
    return len(b.lines) == 2 and (find_signature(first) is not None or is_name_line(first)) \
        and (_is_office_text(last) or bool(parse_date(last.rstrip("."))))


def _signs_over_office(blocks: list[Block], c: int) -> bool:
    """A name alone, with the signer's office alone on the next line ("A. Name" / "Head of Department"), at the
    end of the text: at most three short blocks after them (a list of participants is no signature). A name
    after a form of address ("Comrade A. Name") is an addressee, and a form of address is no office."""
    if not 2 <= len(blocks) - c <= 5:
        return False
    b, nxt = blocks[c], blocks[c + 1]
    return b.kind in ("p", "ab") and len(b.lines) == 1 and is_name_line(b.lines[0].strip()) \
        and not _ADDRESSED.match(b.lines[0].strip()) \
        and nxt.kind in ("p", "ab") and len(nxt.lines) == 1 and _is_office_text(nxt.lines[0].strip()) \
        and not any(is_prose_block(x) for x in blocks[c + 2:])


def arrange(blocks: list[Block]) -> None:
    """Set region, section and part on each block so the encoder can nest them validly."""
    parts = _split_parts(blocks)
    for part_no, part in enumerate(parts, start=1 if len(parts) > 1 else 0):
        for b in part:
            b.part_no = part_no
        _arrange_part(part)
    _mark_continuations(blocks)


def _split_parts(blocks: list[Block]) -> list[list[Block]]:
    """The enclosed documents of a division, each a list of blocks. Linear in the blocks."""
    prose = [is_prose_block(b) for b in blocks]
    prose_after = [False] * (len(blocks) + 1)  # prose_after[i]: a paragraph at i or later
    for i in range(len(blocks) - 1, -1, -1):
        prose_after[i] = prose[i] or prose_after[i + 1]
    parts: list[list[Block]] = []
    start = 0
    while (cut := _next_part(blocks, start, prose, prose_after)) is not None:
        parts.append(blocks[start:cut])
        start = cut
    parts.append(blocks[start:])
    return parts


def _next_part(blocks: list[Block], start: int, prose: list[bool], prose_after: list[bool]) -> int | None:
    """Where the document that begins at ``start`` ends and an enclosed one begins, or None."""
    first_prose = next((i for i in range(start, len(blocks)) if prose[i]), None)
    if first_prose is None:
        return None
    for i in range(first_prose + 1, len(blocks)):
        b = blocks[i]
        # A closing formula and a signature with more text after them end a letter: an enclosure follows.
        end = _letter_end(blocks, i)
        if end is not None and prose_after[end]:
            return end
        # So does a signature followed by the classification that heads another document.
        if signoff_match(b) and i + 1 < len(blocks) and opener_role(blocks[i + 1]) == "classification" \
                and prose_after[i + 1]:
            return i + 1
        if b.kind in ("p", "ab") and len(b.lines) <= 2 and is_salute(b.lines[0]) and prose_after[i + 1]:
            cut = i
            while cut - 1 > first_prose and blocks[cut - 1].kind == "ab" and blocks[cut - 1].role == "annotation":
                cut -= 1
            return cut
    return None


def _letter_end(blocks: list[Block], i: int) -> int | None:
    """Where a letter that closes at block ``i`` ends: after its closing formula, the signature and a date."""
    b = blocks[i]
    if b.kind not in ("p", "ab") or len(b.lines) != 1 or not CLOSING_SALUTE.match(b.lines[0]):
        return None
    if i + 1 >= len(blocks) or not signoff_match(blocks[i + 1]) and not (
            len(blocks[i + 1].lines) == 1 and is_name_line(blocks[i + 1].lines[0].rstrip("."))):
        return None
    end = i + 2
    if end < len(blocks) and len(blocks[end].lines) == 1 and parse_date(blocks[end].lines[0].rstrip(".")):
        end += 1
    return end


def _arrange_part(blocks: list[Block]) -> None:
    # Opener: the longest prefix of opener material (an address line may read like a sentence).
    k = 0
    while k < len(blocks) and (role := opener_role(blocks[k])) is not None and \
            (not is_prose_block(blocks[k]) or role in ("address", "salute", "dateline", "annotation")):
        k += 1
    prose = [i for i in range(k, len(blocks)) if is_prose_block(blocks[i])]
    if not prose:
        return
    first = prose[0]
    # ... if it holds more than page furniture.
    if any(blocks[j].kind not in ("fw", "pb", "rule") for j in range(k)):
        for j in range(k):
            blocks[j].region = "opener"
    # Closer: the first sign-off after the last paragraph, and the short lines that follow it.
    # Late annotations after a signature may hold sentences too: take the first sign-off after which
    # little prose remains.
    closer_at = None
    prose_before = [0]  # prose_before[j]: paragraphs among blocks[:j]; counted once, so the search is linear
    for b in blocks:
        prose_before.append(prose_before[-1] + is_prose_block(b))
    for c in range(first + 1, len(blocks)):
        if signoff_match(blocks[c]) or _signs_over_office(blocks, c):
            after = prose_before[-1] - prose_before[c + 1]
            if after <= 2 and after < prose_before[c] - prose_before[first]:
                closer_at = c
                break
    # The signer's office on the line just above the signature ("COUNSELLOR OF THE [signature]") is the closer's.
    office = closer_at is not None and closer_at - 1 > first and _is_office_line(blocks[closer_at - 1])
    section = 0
    for i in range(k, len(blocks)):
        b = blocks[i]
        if closer_at is not None and i >= closer_at - office:
            break
        if i > first and _is_head(blocks, i):
            b.kind = "head"
            section += 1
        b.section = section
    if closer_at is None:
        return
    closer_end = closer_at + 1
    # A letter's closing formula runs on over name, office, place and date; a telegram's sign-off
    # takes only its date: printing and distribution marks after it go to the postscript.
    letter = bool(CLOSING_SALUTE.match(blocks[closer_at].lines[0]))
    while closer_end < len(blocks) and closer_end - closer_at < 6:
        nb = blocks[closer_end]
        if nb.kind not in ("p", "ab") or nb.role == "annotation" or len(nb.lines) > 1 \
                or CLASSIFICATION.search(nb.lines[0]):
            break
        # A date, a letter's lines (office, place), or the signature's second line ("USSR MFA (A. NAME)").
        right_after = closer_end == closer_at + 1  # the signature's second line: name, or office
        if not (parse_date(nb.lines[0].rstrip(".")) or (letter and len(nb.lines[0].split()) <= 15)
                or right_after and (signoff_match(nb) or _is_office_text(nb.lines[0].strip()))):
            break
        closer_end += 1
    for i in range(closer_at - office, len(blocks)):
        b = blocks[i]
        b.region = "closer" if i < closer_end else "postscript"
        b.section = section
        # After the signature, short lines are marks (printed, distributed), not paragraphs.
        if b.region == "postscript" and b.kind == "p" and not is_prose_block(b):
            b.kind, b.role = "ab", "lines"


def _is_office_line(b: Block) -> bool:
    """One short capitalised line without numbers that is no sentence, list item or closing formula: a title
    above a signature ("Ambassador of the USSR")."""
    if b.kind not in ("p", "ab") or b.role == "annotation" or len(b.lines) != 1:
        return False
    return _is_office_text(b.lines[0].strip()) and not signoff_match(b)


def _is_office_text(line: str) -> bool:
    return line[:1].isupper() and not _ADDRESSED.match(line) and not ADDRESS.match(line) and len(line.split(None, 8)) <= 8 and not any(ch.isdigit() for ch in line) \
        and not is_prose(line) and not CLOSING_SALUTE.match(line)


def _is_head(blocks: list[Block], i: int) -> bool:
    b = blocks[i]
    if b.kind != "p" or len(b.lines) != 1 or b.region != "body":
        return False
    s = b.lines[0].strip()
    words = s.split(None, 6)  # seven pieces tell "more than six words" without splitting a whole paragraph
    if not 1 <= len(words) <= 6 or LIST_ITEM.match(s) or SPEAKER.match(s):
        return False
    caps = len(words) >= 2 and s.upper() == s and any(c.isalpha() for c in s)
    if not (s.endswith((":", ".")) or caps):
        return False
    nxt = blocks[i + 1] if i + 1 < len(blocks) else None
    return nxt is not None and is_prose_block(nxt)


def _mark_continuations(blocks: list[Block]) -> None:
    """A paragraph the export breaks mid-sentence continues in the next one: @part I/M/F."""
    prev: Block | None = None
    for b in blocks:
        # Short lines that interrupt an unfinished paragraph stood in its margin.
        if prev is not None and b.kind == "ab" and b.role == "lines" and b.region == "body" \
                and all(len(line) <= 25 for line in b.lines) and not _TERMINAL.search(prev.lines[-1]):
            b.kind = "margin-note"
        if b.kind in ("fw", "pb", "rule") or (b.kind == "ab" and b.role == "lines") or b.kind == "margin-note":
            continue
        if prev is not None and b.kind == "p" and b.region == prev.region == "body" and b.section == prev.section \
                and b.part_no == prev.part_no:
            tail = prev.lines[-1] if prev.lines else ""
            head = b.lines[0] if b.lines else ""
            if tail and head and not _TERMINAL.search(tail) and (head[0].islower() or head[0] == "[") \
                    and is_prose_block(prev):
                prev.part = "I" if prev.part in (None, "I") else "M"
                b.part = "F"
        prev = b if b.kind == "p" else None


_NUMBERED = re.compile(r"^(?P<n>\d{1,3})[.)]\s")


def numbered_footnotes(blocks: list[Block]) -> list[Block]:
    """Numbered lines after the last rule are footnotes when the text before refers to each number.

    ``policy[2]`` above a rule and ``2. The policy of ...`` below it: the line is the footnote the
    glued mark points at (a list item with no such mark stays a list). O(len(blocks) + marks).
    """
    from .inline import inline_marks
    rule = next((k for k in range(len(blocks) - 1, -1, -1) if blocks[k].kind == "rule"), None)
    if rule is None or rule == len(blocks) - 1:
        return blocks
    after = [item for b in blocks[rule + 1:] for item in (b.items if b.kind == "list" and not b.inlines else [b])]
    numbers = [_NUMBERED.match(b.lines[0]) if b.lines and b.kind in ("p", "item", "ab") else None for b in after]
    if not all(numbers):
        return blocks
    marks = {m.children[0].text for b in blocks[:rule] for m in inline_marks(b.inlines + [i for it in b.items
                                                                                          for i in it.inlines])
             if m.convention == "footnote-bracket" and m.kind == "ref" and m.children}
    if not all(n.group("n") in marks for n in numbers):
        return blocks
    notes = [Block("footnote", b.inlines, b.span, role=n.group("n"), lines=b.lines) for b, n in zip(after, numbers)]
    return blocks[:rule + 1] + notes
