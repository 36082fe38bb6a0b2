"""The legend of editorial marks, made from the convention registry so a new convention documents
itself: each convention's name, input form, rule, and the TEI mark it becomes (the first element
of its ``tei`` example, with the @type or @reason that tells it apart).

The stylesheets receive it as a global variable ``conventions-rtf`` added to the compiled
stylesheet (see :func:`add_to_stylesheet`); a mark in a page names its convention's legend entry.
"""
from __future__ import annotations

import functools

from lxml import etree

XSL_NS = "http://www.w3.org/1999/XSL/Transform"
_DISCRIMINATORS = ("type", "reason")


def tei_mark(tei: str) -> tuple[str, str]:
    """The element and its @type or @reason of the first tag of an encoding example.

    Scans the text once (no regular expression): ``'<gap reason="omitted">…'`` -> ``('gap', 'omitted')``.
    """
    start = tei.find("<")
    end = tei.find(">", start)
    if start < 0 or end < 0:
        return "", ""
    tag = tei[start + 1:end].rstrip("/").strip()
    name, _, rest = tag.partition(" ")
    values = {}
    for part in rest.split('" '):
        key, _, value = part.partition("=")
        values[key.strip()] = value.strip().strip('"')
    return name, next((values[k] for k in _DISCRIMINATORS if values.get(k)), "")


@functools.cache
def conventions_xml() -> bytes:
    """``<conventions><c name key element value example rule/>…</conventions>``, in registry order.

    ``key`` is what a page's mark is looked up by: ``element`` or ``element-value``.
    """
    from ..conventions import RULES
    root = etree.Element("conventions")
    for rule in RULES:
        element, value = tei_mark(rule.tei)
        etree.SubElement(root, "c", name=rule.name, element=element, value=value,
                         key=f"{element}-{value}" if value else element,
                         example=rule.example, rule=rule.describe)
    return etree.tostring(root, encoding="utf-8")


def add_to_stylesheet(stylesheet: etree._ElementTree) -> etree._ElementTree:
    """The stylesheet with ``<xsl:variable name="conventions-rtf">`` holding :func:`conventions_xml`
    (replacing the empty default common.xsl declares, since a top-level declaration of the
    importing stylesheet wins)."""
    variable = etree.SubElement(stylesheet.getroot(), f"{{{XSL_NS}}}variable", name="conventions-rtf")
    variable.append(etree.fromstring(conventions_xml()))
    return stylesheet
