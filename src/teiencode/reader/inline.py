"""Run the convention registry over a block's text: text with editorial brackets -> inline nodes."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

from ..conventions import BRACKET_RULES, PATTERN_RULES, UNKNOWN, Context
from ..model import Inline, LineBreak, Mark, Text


@dataclass
class InlineEnv:
    """Per-document facts the recognizers need, and where warnings go."""

    original_lang: str | None
    hand_for: Callable[[str], str]
    warn: Callable[[str, str, int], None]  # (code, message, offset in the text being parsed)


# Brackets nested deeper than this are kept as text (with one warning): no export nests more
# than a few, and the nesting bounds both the recursion and the re-reading of inner text.
MAX_NESTING = 12


def bracket_pairs(text: str, max_depth: int = MAX_NESTING) -> tuple[dict[int, int], list[int]]:
    """Which ``]`` closes each ``[``, in one pass (O(len(text))).

    Returns the pairs (opening index -> closing index) of brackets nested at most ``max_depth``
    deep, and the indexes of brackets nested deeper, which are text. An unclosed ``[`` and a
    stray ``]`` are in neither.
    """
    pairs: dict[int, int] = {}
    deep: list[int] = []
    stack: list[int] = []
    pos = text.find("[")
    close = text.find("]")
    while pos >= 0 or close >= 0:
        if pos >= 0 and (close < 0 or pos < close):
            stack.append(pos)
            pos = text.find("[", pos + 1)
            continue
        if stack:
            opening = stack.pop()
            if len(stack) < max_depth:
                pairs[opening] = close
            else:
                deep += (opening, close)
        close = text.find("]", close + 1)
    return pairs, deep


def parse_inline(text: str, env: InlineEnv, base: int = 0, depth: int = 0) -> list[Inline]:
    """Parse running text into Text, LineBreak and Mark nodes.

    Time: O(len(text) x nesting) with nesting at most MAX_NESTING: the brackets are paired in one
    pass; each pattern rule's next match is searched for once from where the last one ended (the
    searches never overlap); a recognizer reads at most LOOK_BEHIND characters before its match
    and the text after it only where it takes it.

    :param text: the text of one block (newlines kept)
    :param env: the document's recognizer environment
    :param base: offset of ``text`` within the block, for warnings
    :param depth: how deep in brackets ``text`` is
    """
    out: list[Inline] = []
    pending: list[str] = []
    env = _Quieter(env)
    pairs, deep = bracket_pairs(text, MAX_NESTING - depth)
    deep_set = set(deep)
    if deep and depth == 0:
        env.warn("W-NESTING", f"brackets nested more than {MAX_NESTING} deep; the innermost kept as text",
                 base + min(deep))
    # Next position of each kind of thing, found once and kept until the reading passes it.
    nexts: dict[object, int] = {}
    found: dict[str, re.Match | None] = {}

    def next_char(c: str, pos: int) -> int:
        at = nexts.get(c, -2)
        if at != -1 and at < pos:
            at = text.find(c, pos)
            while at >= 0 and at in deep_set:
                at = text.find(c, at + 1)
            nexts[c] = at
        return at

    def next_match(rule, pos: int) -> re.Match | None:
        m = found.get(rule.name, False)  # by name: hashing a frozen dataclass hashes all its fields
        if m is False or (m is not None and m.start() < pos):
            m = rule.pattern.search(text, pos)
            found[rule.name] = m
        return m

    def emit_pending(before: str) -> None:
        if before:
            out.extend(_split_lines(before))
        pending.clear()

    pos = 0
    while pos < len(text):
        bracket = next_char("[", pos)
        stray = next_char("]", pos)
        limit = bracket if bracket >= 0 else len(text)
        best = None
        for rule in PATTERN_RULES:
            m = next_match(rule, pos)
            if m and m.end() <= limit and (best is None or m.start() < best[1].start()):
                best = (rule, m)
        if stray >= 0 and stray < limit and (best is None or stray < best[1].start()):
            env.warn("W-UNBALANCED", "']' without an opening '['; kept as text", base + stray)
            pending.append(text[pos:stray + 1])
            pos = stray + 1
            continue
        if best is not None:
            rule, m = best
            pending.append(text[pos:m.start()])
            ctx = _context("".join(pending), text, m.end(), env, base + m.end(), depth)
            nodes = rule.build(m, ctx)
            emit_pending(ctx.before)
            out.extend(nodes)
            pos = m.end()
            continue
        if bracket < 0:
            pending.append(text[pos:])
            break
        pending.append(text[pos:bracket])
        end = pairs.get(bracket, -1)
        if end < 0:
            env.warn("W-UNBALANCED", "'[' is never closed; expected ']' — kept as text", base + bracket)
            pending.append("[")
            pos = bracket + 1
            continue
        inner = text[bracket + 1:end]
        ctx = _context("".join(pending), text, end + 1, env, base + bracket + 1, depth)
        nodes = _classify(inner, ctx, env, base + bracket)
        emit_pending(ctx.before)
        out.extend(nodes)
        pos = end + 1 + ctx.consumed_after
    emit_pending("".join(pending))
    env.flush()
    return out


class _Quieter(InlineEnv):
    """The environment, reporting each warning code once a block and then how many more there were.

    A run of thousands of stray brackets is one problem to a reader; and locating each warning
    costs time in the length of the block, which made such a block quadratic.
    """

    def __init__(self, env: InlineEnv):
        super().__init__(env.original_lang, env.hand_for, self._warn)
        self._outer = env.warn
        self._more: dict[str, list] = {}

    def _warn(self, code: str, message: str, offset: int) -> None:
        if code not in self._more:
            self._more[code] = [0, offset]
            self._outer(code, message, offset)
        else:
            self._more[code][0] += 1

    def flush(self) -> None:
        for code, (count, offset) in self._more.items():
            if count:
                self._outer(code, f"{count} more like the one reported here in this block", offset)


def _context(before: str, text: str, after_pos: int, env: InlineEnv, offset: int, depth: int) -> Context:
    return Context(before=before, text=text, after_pos=after_pos, original_lang=env.original_lang,
                   parse=lambda s: parse_inline(s, env, offset, depth + 1), hand_for=env.hand_for,
                   warn=lambda code, msg: env.warn(code, msg, offset))


def _classify(inner: str, ctx: Context, env: InlineEnv, offset: int) -> list[Inline]:
    for rule in BRACKET_RULES:
        m = rule.bracket.fullmatch(inner.strip()) if rule.bracket else None
        if m is None:
            continue
        if inner.strip() != inner:
            m = rule.bracket.fullmatch(inner) or m
        nodes = rule.build(m, ctx)
        if nodes is not None:
            return nodes
    env.warn("W-UNKNOWN-BRACKET", f"unknown bracket form [{_short(inner)}]; kept verbatim as a note of type unknown",
             offset)
    return UNKNOWN.build(re.match(r"(?s).*", inner), ctx)


def _short(s: str) -> str:
    s = " ".join(s.split())
    return s if len(s) <= 40 else s[:37] + "..."


def _split_lines(s: str) -> list[Inline]:
    out: list[Inline] = []
    for i, part in enumerate(s.split("\n")):
        if i:
            out.append(LineBreak())
        if part:
            out.append(Text(part))
    return out


def inline_marks(nodes: list[Inline]):
    """Every Mark in ``nodes``, depth first."""
    for node in nodes:
        if isinstance(node, Mark):
            yield node
            yield from inline_marks(node.children)
