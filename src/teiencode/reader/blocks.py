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
DATELINE = re.compile(r"^(?:from|aus|из|z|de)\s+\S|^(?:N[°º]|No\.|№|Nr\.)\s*\S", re.I)
ADDRESS = re.compile(r"^(?:to|for|attention|attn\.?|an|à|кому|тов\.|товарищу|do)\s+\S", re.I)
SALUTE = re.compile(r"^(?:dear|my dear|esteemed|respected|honou?red|уважаемый|уважаемые|дорогой|дорогие|"
                    r"sehr geehrte[rn]?|liebe[r]?|cher|chère|szanown\w*|drog\w+|tisztelt|kedves|stimate)\b", re.I)
CLOSING_SALUTE = re.compile(r"^(?:devotedly|sincerely|respectfully|faithfully|cordially|yours|with (?:comradely |"
                            r"fraternal |best )?(?:greetings|regards|respect)|с уважением|с (?:коммунистическим|"
                            r"товарищеским) приветом|mit \w+ gr[üu]ß|hochachtungsvoll|z wyrazami|üdvözlettel)\b",
                            re.I)
PAGE_NUMBER = re.compile(r"^[-–—]\s*(?P<n>\d{1,4})\s*[-–—]$")
PAGE_MARKER = re.compile(r"^(?:\[(?:page|p\.|pg\.)\s*(?P<n>\d+)\]|\((?:page|p\.|pg\.)\s*(?P<n2>\d+)\))$", re.I)
COPY_NUMBER = re.compile(r"^(?:экз\.?|экземпляр|copy|ex\.?|egz\.?|ausf\.?|példány)\s*(?:N[°º]?\.?|№|#|Nr\.?)?\s*\d+$",
                         re.I)
REG_NUMBER = re.compile(r"^\d[\d ]{2,}$")
RULE = re.compile(r"^[_\-—–=─]{4,}$")
LIST_ITEM = re.compile(r"^(?P<n>\d{1,3}[.)]|[a-zа-я][)]|[-•*–](?=\s)|Copy\s+N[°º]?\s*\d+:)\s*\S", re.I)
FOOTNOTE_LINE = re.compile(r"^(?P<m>x{1,3}/|\*{1,3}|\[\d{1,3}\])\s+\S")
SPEAKER = re.compile(r"^(?P<who>[A-Z][\w.'’-]*(?:\s+[A-Z(][\w.'’()-]*){0,3}):\s+(?P<text>\S.*)$")
SIGNOFF = [
    re.compile(r"(?:^|\s)(?:[A-ZА-ЯЁ]\.\s?)*(?P<name>[A-ZА-ЯЁ][A-ZА-ЯЁ'’-]{2,})\.?$"),
    re.compile(r"^\((?P<name>(?:[A-ZА-ЯЁ]\.\s?)+[A-ZА-ЯЁ][\w'’-]+)\)$"),
    re.compile(r"^[\d./-]+\.?\s+(?P<name>(?:[A-ZА-ЯЁ]\.\s?)*[A-ZА-ЯЁ][a-zа-яё'’-]+)$"),
]
_TERMINAL = re.compile(r"[.!?:;…\"»”)\]]\s*$")
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


def is_prose(text: str) -> bool:
    # Length first: splitting a long paragraph into words only to count them costs more than the rest.
    return len(text) >= 80 or (len(_WORDS.findall(text)) >= 5 and bool(_TERMINAL.search(text)))


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
        raws = explode(raws)
        blocks: list[Block] = []
        i = 0
        while i < len(raws):
            raw = raws[i]
            # Runs of single-line list items (single-newline exports) make one list.
            if len(raw.lines) == 1 and LIST_ITEM.match(raw.lines[0]) and not is_long_item(raw.lines[0]):
                j = i
                items: list[RawBlock] = []
                while j < len(raws) and len(raws[j].lines) == 1 and LIST_ITEM.match(raws[j].lines[0]) \
                        and not is_long_item(raws[j].lines[0]):
                    items.append(raws[j])
                    j += 1
                if len(items) >= 2:
                    head = None
                    if blocks and blocks[-1].kind in ("ab", "p") and len(blocks[-1].lines) == 1 \
                            and blocks[-1].lines[0].endswith(":") and len(blocks[-1].lines[0].split()) <= 3:
                        head = blocks.pop()
                    blocks.append(self._list(items, head))
                    i = j
                    continue
            blocks.append(self.classify(raw))
            i += 1
        self._speakers(blocks)
        return numbered_footnotes(blocks)

    def _list(self, items: list[RawBlock], head: Block | None) -> Block:
        first = head.span if head else Span(items[0].line_no, 1)
        entries = []
        for item in items:
            m = LIST_ITEM.match(item.lines[0])
            entries.append(Block("item", self.inlines(item), Span(item.line_no, 1),
                                 n=m.group("n").rstrip(".):").strip(), lines=item.lines))
        role = "distribution" if re.match(r"copy", items[0].lines[0], re.I) or (head and "cop" in head.lines[0].lower()) \
            else "lettered" if re.match(r"[a-zа-я]\)", items[0].lines[0], re.I) else "numbered"
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
        if len(lines) >= 2 and all(LIST_ITEM.match(line) for line in lines[1:]) and \
                (LIST_ITEM.match(lines[0]) or lines[0].endswith(":")):
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
        counts: dict[str, int] = {}
        for b in blocks:
            if b.kind == "p" and len(b.lines) == 1:
                m = SPEAKER.match(b.lines[0])
                if m:
                    counts[m.group("who")] = counts.get(m.group("who"), 0) + 1
        speakers = {who for who, n in counts.items() if n >= 2}
        if len(speakers) < 2 and not any(n >= 3 for n in counts.values()):
            return
        for b in blocks:
            if b.kind == "p" and len(b.lines) == 1:
                m = SPEAKER.match(b.lines[0])
                if m and m.group("who") in speakers:
                    b.kind = "sp"
                    b.speaker = m.group("who") + ":"
                    skip = m.start("text")
                    b.inlines = parse_inline(b.lines[0][skip:], self._env_for(RawBlock(b.lines, b.span.line), skip))


def is_long_item(line: str) -> bool:
    return len(line) > 200


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
        return "distribution"
    if b.kind == "ab" and b.role == "annotation":
        return "annotation"
    if b.kind == "footnote":
        return None
    roles = [line_role(line) for line in b.lines]
    if any(r is None for r in roles):
        return None
    if any(r == "dateline" for r in roles) and all(r in ("dateline", "date", "routing") for r in roles):
        return "dateline"
    if len(set(roles)) == 1:
        return roles[0]
    return "mixed"


# Cached: the encoder asks again about the opener lines the reader classified (and per line in lines_as_segs).
@functools.lru_cache(maxsize=4096)
def line_role(line: str) -> str | None:
    s = line.strip()
    words = s.split()
    if CLASSIFICATION.search(s):
        return "classification"
    if PRIORITY.match(s):
        return "priority"
    if SALUTE.match(s):
        return "salute"
    if DATELINE.match(s):
        return "dateline"
    if parse_date(s.rstrip(".")):
        return "date"
    if ADDRESS.match(s) and len(words) <= 14:
        return "address"
    if DOCTYPE.match(s) and len(words) <= 5:
        return "docType"
    if len(words) <= 10 and not is_prose(s):
        return "routing"
    return None


def signoff_match(b: Block) -> bool:
    if b.kind not in ("p", "ab") or len(b.lines) > 3:
        return False
    last = b.lines[-1].strip()
    if CLOSING_SALUTE.match(b.lines[0]):
        return True
    # maxsplit: nine pieces tell "more than eight words" without splitting a whole paragraph.
    if len(last.split(None, 8)) > 8 or PRIORITY.match(last) or CLASSIFICATION.search(last):
        return False
    return any(p.search(last) for p in SIGNOFF)


def arrange(blocks: list[Block]) -> None:
    """Set region, section and part on each block so the encoder can nest them validly."""
    parts = _split_parts(blocks)
    for part_no, part in enumerate(parts, start=1 if len(parts) > 1 else 0):
        for b in part:
            b.part_no = part_no
        _arrange_part(part)
    _mark_continuations(blocks)


def _split_parts(blocks: list[Block]) -> list[list[Block]]:
    first_prose = next((i for i, b in enumerate(blocks) if is_prose_block(b)), None)
    if first_prose is None:
        return [blocks]
    for i in range(first_prose + 1, len(blocks)):
        b = blocks[i]
        if b.kind in ("p", "ab") and len(b.lines) <= 2 and SALUTE.match(b.lines[0]) and \
                any(is_prose_block(x) for x in blocks[i + 1:]):
            start = i
            while start - 1 > first_prose and blocks[start - 1].kind == "ab" and blocks[start - 1].role == "annotation":
                start -= 1
            return [blocks[:start]] + _split_parts(blocks[start:])
    return [blocks]


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
    for c in range(first + 1, len(blocks)):
        if signoff_match(blocks[c]):
            after = sum(1 for b in blocks[c + 1:] if is_prose_block(b))
            if after <= 2 and after < sum(1 for b in blocks[first:c] if is_prose_block(b)):
                closer_at = c
                break
    section = 0
    for i in range(k, len(blocks)):
        b = blocks[i]
        if closer_at is not None and i >= closer_at:
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
        if not (parse_date(nb.lines[0].rstrip(".")) or (letter and len(nb.lines[0].split()) <= 15)):
            break
        closer_end += 1
    for i in range(closer_at, len(blocks)):
        b = blocks[i]
        b.region = "closer" if i < closer_end else "postscript"
        b.section = section
        # After the signature, short lines are marks (printed, distributed), not paragraphs.
        if b.region == "postscript" and b.kind == "p" and not is_prose_block(b):
            b.kind, b.role = "ab", "lines"


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
            if tail and head and not _TERMINAL.search(tail) and (head[0].islower() or head[0] == "["):
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
