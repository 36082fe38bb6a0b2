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


def matching_bracket(text: str, start: int) -> int:
    """Index of the ``]`` that closes the ``[`` at ``start``, or -1."""
    depth = 0
    for i in range(start, len(text)):
        c = text[i]
        if c == "[":
            depth += 1
        elif c == "]":
            depth -= 1
            if depth == 0:
                return i
    return -1


def parse_inline(text: str, env: InlineEnv, base: int = 0) -> list[Inline]:
    """Parse running text into Text, LineBreak and Mark nodes.

    :param text: the text of one block (newlines kept)
    :param env: the document's recognizer environment
    :param base: offset of ``text`` within the block, for warnings
    """
    out: list[Inline] = []
    pos = 0
    pending = ""

    def flush(s: str) -> None:
        nonlocal pending
        pending += s

    def emit_pending() -> None:
        nonlocal pending
        if pending:
            out.extend(_split_lines(pending))
            pending = ""

    while pos < len(text):
        bracket = text.find("[", pos)
        stray = text.find("]", pos)
        best = None
        for rule in PATTERN_RULES:
            m = rule.pattern.search(text, pos, bracket if bracket >= 0 else len(text))
            if m and (best is None or m.start() < best[1].start()):
                best = (rule, m)
        if stray >= 0 and (bracket < 0 or stray < bracket) and (best is None or stray < best[1].start()):
            env.warn("W-UNBALANCED", "']' without an opening '['; kept as text", base + stray)
            flush(text[pos:stray + 1])
            pos = stray + 1
            continue
        if best is not None:
            rule, m = best
            flush(text[pos:m.start()])
            ctx = _context(pending, text[m.end():], env, base + m.end())
            nodes = rule.build(m, ctx)
            pending = ctx.before
            emit_pending()
            out.extend(nodes)
            pos = m.end()
            continue
        if bracket < 0:
            flush(text[pos:])
            break
        flush(text[pos:bracket])
        end = matching_bracket(text, bracket)
        if end < 0:
            env.warn("W-UNBALANCED", "'[' is never closed; expected ']' — kept as text", base + bracket)
            flush("[")
            pos = bracket + 1
            continue
        inner = text[bracket + 1:end]
        ctx = _context(pending, text[end + 1:], env, base + bracket + 1)
        nodes = _classify(inner, ctx, env, base + bracket)
        pending = ctx.before
        emit_pending()
        out.extend(nodes)
        pos = end + 1 + ctx.consumed_after
    emit_pending()
    return out


def _context(before: str, after: str, env: InlineEnv, offset: int) -> Context:
    return Context(before=before, after=after, original_lang=env.original_lang,
                   parse=lambda s: parse_inline(s, env, offset), hand_for=env.hand_for,
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
