"""Regenerate schemas/teiencode.{rng,xsd,sch} from schemas/teiencode.odd and TEI's tei_all.rng."""
from __future__ import annotations

import argparse
import copy
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from . import xmlsafe
from .diagnostics import Diagnostic, TeiencodeError
from .fileio import write_atomic

RNG_NS = "http://relaxng.org/ns/structure/1.0"
TEI_NS = "http://www.tei-c.org/ns/1.0"
SCH_NS = "http://purl.oclc.org/dsdl/schematron"
XSL_NS = "http://www.w3.org/1999/XSL/Transform"
XSD_NS = "http://www.w3.org/2001/XMLSchema"
NS = {"tei": TEI_NS, "rng": RNG_NS, "sch": SCH_NS}

ODD_NAME = "teiencode.odd"
RNG_NAME = "teiencode.rng"
XSD_NAME = "teiencode.xsd"
SCH_NAME = "teiencode.sch"

_PACKAGE = Path(__file__).resolve().parent
REPO_ROOT = _PACKAGE.parents[1]
# A wheel ships the schemas inside the package; a checkout keeps them at its root.
SCHEMA_DIR = next((d for d in (_PACKAGE / "schemas", REPO_ROOT / "schemas") if (d / ODD_NAME).is_file()),
                  REPO_ROOT / "schemas")

# RELAX NG elements whose children are patterns forming one implicit group
_GROUPS = {"group", "interleave", "oneOrMore", "list", "mixed", "define", "element", "attribute"}
_NAME_CLASSES = {"name", "anyName", "nsName", "except"}


def _r(tag: str) -> str:
    return f"{{{RNG_NS}}}{tag}"


def _local(el: etree._Element) -> str:
    return etree.QName(el).localname


class SchemaGenError(TeiencodeError, ValueError):
    """The ODD asks for something tei_all cannot give, or a tool is missing."""


def _fail(message: str, where: etree._Element | None = None, path: str = ODD_NAME) -> SchemaGenError:
    line = where.sourceline if where is not None and where.sourceline else 1
    return SchemaGenError(Diagnostic("error", "schemagen", message, path, line, 1))


# --- reading the ODD ------------------------------------------------------------

@dataclass
class AttributeChange:
    """One attDef of an elementSpec: narrow values, make required, or delete."""

    element: str
    attribute: str
    values: list[str] = field(default_factory=list)
    is_list: bool = False
    required: bool = False
    delete: bool = False
    line: int = 1


@dataclass
class Customization:
    """What the ODD says, in the terms the generator works with."""

    start: str
    elements: set[str]
    class_deletions: list[tuple[str, str, int]]  # (class, attribute, line)
    attribute_changes: list[AttributeChange]
    constraints: list[etree._Element]  # constraintSpec elements, in order


def read_odd(path: str | os.PathLike) -> Customization:
    """Read the schemaSpec of an ODD.

    :param path: the ODD file
    :raises SchemaGenError: the ODD uses a construct the generator does not understand
    """
    tree = xmlsafe.parse(path)
    spec = tree.find(".//tei:schemaSpec", NS)
    if spec is None:
        raise _fail("the ODD has no schemaSpec", path=str(path))
    elements: set[str] = set()
    for ref in spec.findall("tei:moduleRef", NS):
        include = ref.get("include")
        if include is None:
            if ref.get("key") != "tei":
                raise _fail(f"moduleRef key={ref.get('key')!r} must list its elements in @include",
                            ref, str(path))
            continue
        elements.update(include.split())
    deletions = []
    for cls in spec.findall("tei:classSpec", NS):
        for att in cls.findall("tei:attList/tei:attDef", NS):
            if att.get("mode") != "delete":
                raise _fail(f"classSpec {cls.get('ident')}: only attDef mode='delete' is supported",
                            att, str(path))
            deletions.append((cls.get("ident"), att.get("ident"), att.sourceline))
    changes = [_attribute_change(es.get("ident"), att)
               for es in spec.findall("tei:elementSpec", NS)
               for att in es.findall("tei:attList/tei:attDef", NS)]
    return Customization(start=spec.get("start", "TEI"), elements=elements,
                         class_deletions=deletions, attribute_changes=changes,
                         constraints=spec.findall("tei:constraintSpec", NS))


def _attribute_change(element: str, att: etree._Element) -> AttributeChange:
    datatype = att.find("tei:datatype", NS)
    return AttributeChange(
        element=element,
        attribute=att.get("ident"),
        values=[v.get("ident") for v in att.findall("tei:valList[@type='closed']/tei:valItem", NS)],
        is_list=datatype is not None and datatype.get("maxOccurs") == "unbounded",
        required=att.get("usage") == "req",
        delete=att.get("mode") == "delete",
        line=att.sourceline or 1,
    )


# --- deriving the RELAX NG -------------------------------------------------------

def _attribute_key(name: str) -> str:
    """The suffix TEI uses in define names: ``xml:lang`` -> ``xmllang``."""
    return name.replace(":", "")


def _strip_annotations(grammar: etree._Element) -> None:
    """Drop documentation, embedded Schematron, comments and foreign attributes."""
    for el in list(grammar.iter()):
        if not isinstance(el.tag, str) or etree.QName(el).namespace != RNG_NS:
            el.getparent().remove(el)
            continue
        for key in list(el.attrib):
            if key.startswith("{"):
                del el.attrib[key]
    etree.cleanup_namespaces(grammar, top_nsmap={None: RNG_NS})


class _Grammar:
    """tei_all's defines, with the edits the ODD asks for."""

    def __init__(self, root: etree._Element):
        self.root = root
        self.defines = {d.get("name"): d for d in root.iterchildren(_r("define"))}
        self._has_attr: dict[tuple[str, str], bool] = {}

    def element_define(self, element: str, odd_line: int) -> etree._Element:
        define = self.defines.get(element)
        if define is None or define.find(_r("element")) is None:
            raise SchemaGenError(Diagnostic("error", "schemagen",
                                            f"tei_all has no element {element!r}", ODD_NAME, odd_line, 1))
        return define.find(_r("element"))

    def _contains_attribute(self, define_name: str, attribute: str) -> bool:
        """Whether an attribute-class define (transitively) declares ``attribute``."""
        key = (define_name, attribute)
        if key not in self._has_attr:
            self._has_attr[key] = False  # guards against cycles
            define = self.defines.get(define_name)
            found = define is not None and (
                any(a.get("name") == attribute for a in define.iter(_r("attribute")))
                or any(self._contains_attribute(r.get("name"), attribute)
                       for r in define.iter(_r("ref")) if r.get("name", "").startswith("att.")))
            self._has_attr[key] = found
        return self._has_attr[key]

    def localize_attribute(self, element: etree._Element, attribute: str) -> list[etree._Element]:
        """Inline the attribute-class refs of ``element`` that bring ``attribute``.

        The element then has its own copy of the attribute pattern, which can be narrowed
        without touching the other members of the class.
        """
        while True:
            refs = [r for r in _own_patterns(element, "ref")
                    if r.get("name", "").startswith("att.") and self._contains_attribute(r.get("name"), attribute)]
            if not refs:
                break
            for ref in refs:
                content = [copy.deepcopy(c) for c in self.defines[ref.get("name")]]
                _splice(ref, content)
        return [a for a in _own_patterns(element, "attribute") if a.get("name") == attribute]


def _own_patterns(element: etree._Element, tag: str) -> list[etree._Element]:
    """Descendants named ``tag`` of an element pattern, not crossing into nested elements."""
    out = []
    stack = list(element)
    while stack:
        node = stack.pop()
        if _local(node) == tag:
            out.append(node)
        if _local(node) != "element":
            stack.extend(node)
    return out


def _splice(node: etree._Element, replacement: list[etree._Element]) -> None:
    """Replace ``node`` by ``replacement`` (a sequence), keeping the group meaning."""
    parent = node.getparent()
    if len(replacement) != 1 and _local(parent) not in _GROUPS | {"optional", "zeroOrMore"}:
        group = etree.Element(_r("group"))
        group.extend(replacement)
        replacement = [group]
    if not replacement:
        replacement = [etree.Element(_r("empty"))]
    index = parent.index(node)
    parent.remove(node)
    for offset, new in enumerate(replacement):
        parent.insert(index + offset, new)


def _check_values(attribute: etree._Element, values: list[str], grammar: _Grammar,
                  change: AttributeChange) -> None:
    """Every narrowed value must be allowed by tei_all's own pattern: the subset guarantee."""
    schema = etree.Element(_r("grammar"), nsmap={None: RNG_NS},
                           datatypeLibrary="http://www.w3.org/2001/XMLSchema-datatypes")
    start = etree.SubElement(schema, _r("start"))
    probe = etree.SubElement(start, _r("element"), name="probe")
    probe.append(copy.deepcopy(attribute))
    probe[0].set("name", "value")
    needed: set[str] = set()
    todo = [r.get("name") for r in attribute.iter(_r("ref"))]
    while todo:
        name = todo.pop()
        if name not in needed:
            needed.add(name)
            todo.extend(r.get("name") for r in grammar.defines[name].iter(_r("ref")))
    for name in sorted(needed):
        schema.append(copy.deepcopy(grammar.defines[name]))
    validator = etree.RelaxNG(schema)
    for value in values:
        doc = etree.Element("probe", value=value)
        if not validator.validate(doc):
            raise SchemaGenError(Diagnostic(
                "error", "schemagen",
                f"{change.element}/@{change.attribute}: value {value!r} is not allowed by tei_all",
                ODD_NAME, change.line, 1))


def _value_pattern(values: list[str], is_list: bool) -> etree._Element:
    choice = etree.Element(_r("choice"))
    for value in values:
        etree.SubElement(choice, _r("value")).text = value
    if not is_list:
        return choice
    lst = etree.Element(_r("list"))
    etree.SubElement(lst, _r("oneOrMore")).append(choice)
    return lst


def _apply_attribute_change(grammar: _Grammar, change: AttributeChange) -> None:
    element = grammar.element_define(change.element, change.line)
    attributes = grammar.localize_attribute(element, change.attribute)
    if not attributes:
        raise SchemaGenError(Diagnostic("error", "schemagen",
                                        f"tei_all's {change.element} has no attribute {change.attribute!r}",
                                        ODD_NAME, change.line, 1))
    for attribute in attributes:
        optional = attribute.getparent()
        is_optional = _local(optional) == "optional" and len(optional) == 1
        if change.delete:
            if not is_optional:
                raise _fail(f"{change.element}/@{change.attribute} is required by TEI and cannot be deleted")
            _splice(optional, [etree.Element(_r("empty"))])
            continue
        if change.values:
            _check_values(attribute, change.values, grammar, change)
            for child in list(attribute):
                attribute.remove(child)
            attribute.append(_value_pattern(change.values, change.is_list))
        if change.required and is_optional:
            _splice(optional, [attribute])


def _delete_class_attribute(grammar: _Grammar, cls: str, attribute: str, line: int) -> None:
    name = f"{cls}.attribute.{_attribute_key(attribute)}"
    define = grammar.defines.get(name)
    if define is None:
        raise SchemaGenError(Diagnostic("error", "schemagen", f"tei_all has no {cls}/@{attribute} ({name})",
                                        ODD_NAME, line, 1))
    if len(define) != 1 or _local(define[0]) != "optional":
        raise SchemaGenError(Diagnostic("error", "schemagen",
                                        f"{cls}/@{attribute} is required by TEI and cannot be deleted",
                                        ODD_NAME, line, 1))
    define[0] = etree.Element(_r("empty"))


def _simplify(node: etree._Element) -> None:
    """Propagate ``notAllowed`` and drop redundant ``empty`` below ``node`` (post-order).

    Each step keeps or narrows the language, never widens it.
    """
    kind = _local(node)
    if kind in _NAME_CLASSES or kind in {"value", "param", "data"}:
        return
    for child in list(node):
        _simplify(child)
    children = [c for c in node if _local(c) not in _NAME_CLASSES]
    kinds = [_local(c) for c in children]
    if kind == "choice":
        for child in children:
            if _local(child) == "notAllowed":
                node.remove(child)
        remaining = [c for c in node]
        if not remaining:
            _replace(node, "notAllowed")
        elif len(remaining) == 1 and _local(node.getparent()) != "except":
            _splice(node, remaining)
    elif kind in {"optional", "zeroOrMore"}:
        if "notAllowed" in kinds or all(k == "empty" for k in kinds):
            _replace(node, "empty")
    elif kind in _GROUPS | {"start"}:
        if "notAllowed" in kinds and kind not in {"define", "start"}:
            _replace(node, "notAllowed")
        elif "notAllowed" in kinds:
            for child in children:
                node.remove(child)
            etree.SubElement(node, _r("notAllowed"))
        else:
            _drop_redundant_empty(node)
        if kind in {"group", "interleave"} and len(node) == 1:
            _splice(node, [node[0]])
    if kind in {"optional", "zeroOrMore", "oneOrMore"}:
        _drop_redundant_empty(node)
        # oneOrMore(oneOrMore(x)) is oneOrMore(x); libxml2 mis-validates the nested form
        if kind == "oneOrMore" and len(node) == 1 and _local(node[0]) == "oneOrMore":
            _splice(node[0], list(node[0]))


def _drop_redundant_empty(node: etree._Element) -> None:
    """In a sequence, ``empty`` next to another pattern means nothing."""
    if _local(node) in {"attribute", "list", "choice"} or _local(node) in _NAME_CLASSES:
        return
    for child in list(node):
        patterns = [c for c in node if _local(c) not in _NAME_CLASSES]
        if _local(child) == "empty" and len(patterns) > 1:
            node.remove(child)


def _replace(node: etree._Element, tag: str) -> None:
    _splice(node, [etree.Element(_r(tag))])


def _prune(grammar: etree._Element) -> None:
    """Resolve dangling refs to notAllowed and inline trivial defines until nothing changes."""
    while True:
        defines = {d.get("name"): d for d in grammar.iterchildren(_r("define"))}
        changed = False
        for ref in list(grammar.iter(_r("ref"))):
            target = defines.get(ref.get("name"))
            if target is None:
                _replace(ref, "notAllowed")
                changed = True
            elif len(target) == 1 and _local(target[0]) in {"empty", "notAllowed"}:
                _replace(ref, _local(target[0]))
                changed = True
        for child in list(grammar):
            _simplify(child)
        if not changed:
            return


def _drop_unreachable(grammar: etree._Element) -> None:
    defines = {d.get("name"): d for d in grammar.iterchildren(_r("define"))}
    seen: set[str] = set()
    todo = [r.get("name") for r in grammar.find(_r("start")).iter(_r("ref"))]
    while todo:
        name = todo.pop()
        if name in seen or name not in defines:
            continue
        seen.add(name)
        todo.extend(r.get("name") for r in defines[name].iter(_r("ref")))
    for name, define in defines.items():
        if name not in seen:
            grammar.remove(define)


def derive_rng(custom: Customization, tei_all: str | os.PathLike) -> etree._ElementTree:
    """Derive the customization's RELAX NG from tei_all by pruning (a subset by construction).

    :param custom: the ODD, read with :func:`read_odd`
    :param tei_all: path of the official tei_all.rng
    :raises SchemaGenError: the ODD names an element, class or attribute tei_all lacks
    """
    root = xmlsafe.parse(tei_all).getroot()
    _strip_annotations(root)
    grammar = _Grammar(root)
    for name in sorted(custom.elements):
        grammar.element_define(name, 1)
    for cls, attribute, line in custom.class_deletions:
        _delete_class_attribute(grammar, cls, attribute, line)
    for change in custom.attribute_changes:
        _apply_attribute_change(grammar, change)
    for name, define in grammar.defines.items():
        element = define.find(_r("element"))
        if element is not None and element.get("name") not in custom.elements:
            root.remove(define)
    start = root.find(_r("start"))
    for child in list(start):
        start.remove(child)
    etree.SubElement(start, _r("ref"), name=custom.start)
    _prune(root)
    _drop_unreachable(root)
    # start first, then the defines by name: a stable, reviewable file
    defines = sorted(root.iterchildren(_r("define")), key=lambda d: d.get("name"))
    for child in list(root):
        root.remove(child)
    root.text = None
    root.append(start)
    root.extend(defines)
    for el in root.iter():
        el.text = el.text if _local(el) in {"value", "param"} else None
        el.tail = None
    root.insert(0, etree.Comment(
        f" Generated by `python -m teiencode.schemagen` from schemas/{ODD_NAME} and TEI P5 tei_all.rng."
        " Do not edit: edit the ODD and regenerate. TEI material (c) TEI Consortium, CC BY / BSD-2. "))
    etree.cleanup_namespaces(root, top_nsmap={None: RNG_NS})
    tree = etree.ElementTree(root)
    etree.indent(tree, "  ")
    return tree


# --- deriving the Schematron -----------------------------------------------------

def _sch(tag: str, **attrs: str) -> etree._Element:
    return etree.Element(f"{{{SCH_NS}}}{tag}", attrs, nsmap={"sch": SCH_NS})


def _value_rules(changes: list[AttributeChange]) -> etree._Element | None:
    """One pattern checking every closed value list: one rule per element, an assert per attribute
    (id ``element-attribute``).

    Each pattern is a pass over the whole document; the rules' contexts are distinct element names,
    so none shadows another and one pass does the work of one pattern per list.
    """
    by_element: dict[str, list[AttributeChange]] = {}
    for change in changes:
        if change.values:
            by_element.setdefault(change.element, []).append(change)
    if not by_element:
        return None
    pattern = _sch("pattern")
    for element, element_changes in by_element.items():
        rule = etree.SubElement(pattern, f"{{{SCH_NS}}}rule", context=f"tei:{element}")
        asserts = []
        for change in element_changes:
            allowed = " or ".join(f". = '{v}'" for v in change.values)
            attr = f"@{change.attribute}"
            tokens = f"str:tokenize(normalize-space({attr}), ' ')" if change.is_list else attr
            bad = f"bad-{change.attribute}"
            rule.append(_sch("let", name=bad, value=f"{tokens}[not({allowed})]"))  # lets come first
            assertion = _sch("assert", test=f"not(${bad})", id=f"{element}-{change.attribute}")
            assertion.text = f"{element}/@{change.attribute} has \""
            value_of = _sch("value-of", select=f"${bad}[1]")
            value_of.tail = f"\", which is not one of the allowed values: {', '.join(change.values)}."
            assertion.append(value_of)
            asserts.append(assertion)
        rule.extend(asserts)
    return pattern


_PREDICATE = re.compile(r"\[[^\[\]]*\]")  # an innermost predicate
_ATTRIBUTE_CONTEXT = re.compile(r"@|attribute::|node\(\)")


def _without_predicates(xpath: str) -> str:
    while _PREDICATE.search(xpath):
        xpath = _PREDICATE.sub("", xpath)
    return xpath


def _selects_attributes(context: str) -> bool:
    """Whether a rule context can select attributes (its steps, predicates aside)."""
    return bool(_ATTRIBUTE_CONTEXT.search(_without_predicates(context)))


def _any_element_predicate(context: str) -> str | None:
    """P when the context is ``tei:*[P]`` with a single predicate, else None."""
    if not (context.startswith("tei:*[") and context.endswith("]")):
        return None
    predicate = context[len("tei:*["):-1]
    return None if re.search(r"[\[\]]", _without_predicates(predicate)) else predicate


FOLDED_KEY = "any-element-rule"


def _fold_any_element_rules(rules: list[etree._Element]) -> tuple[list[etree._Element], list[etree._Element]]:
    """Fold the rules whose context is ``tei:*[predicate]`` into one rule on the elements of
    ``tei:*[P1 or P2 ...]``; returns the rules and the xsl:key the folded rule's context uses.

    Each assert is guarded by its rule's predicate (``not(P) or (test)``; a report: ``P and
    (test)``) and each let renamed after its assert's id, so every check means what it meant
    alone, in one pass over the document instead of one pass per rule.

    The context is ``key('any-element-rule', '1')``, the key matching ``tei:*[P1 or ...]``: to
    match a pattern with a predicate libxslt counts the element's siblings (its position cache
    does not survive the skeleton's depth-first walk), quadratic in a division of thousands of
    units; a key is indexed in one pass and matched by lookup.
    """
    foldable = [r for r in rules if _any_element_predicate(r.get("context", ""))]
    if len(foldable) < 2:
        return rules, []
    predicates = [_any_element_predicate(rule.get("context")) for rule in foldable]
    # fires only where some check applies: the lets of an element with none cost nothing
    key = etree.Element(f"{{{XSL_NS}}}key", name=FOLDED_KEY, use="1", nsmap={"xsl": XSL_NS})
    key.set("match", "tei:*[" + " or ".join(f"({p})" for p in predicates) + "]")
    folded = _sch("rule", context=f"key('{FOLDED_KEY}', '1')")
    lets, checks = [], []
    for rule, predicate in zip(foldable, predicates):
        ident = next(c.get("id") for c in rule if _local(c) in ("assert", "report"))
        names = [c.get("name") for c in rule if _local(c) == "let"]
        for child in rule:
            for node in child.iter():
                for attr in ("value", "test", "select"):
                    if node.get(attr) is not None:
                        text = node.get(attr)
                        for name in names:
                            text = re.sub(rf"\${re.escape(name)}(?![\w.-])", f"${name}-{ident}", text)
                        node.set(attr, text)
            if _local(child) == "let":
                child.set("name", f"{child.get('name')}-{ident}")
                lets.append(child)
            else:
                test = child.get("test")
                child.set("test", f"not({predicate}) or ({test})" if _local(child) == "assert"
                          else f"({predicate}) and ({test})")
                checks.append(child)
    folded.extend(lets + checks)
    first = rules.index(foldable[0])
    rest = [r for r in rules if r not in foldable]
    return rest[:first] + [folded] + rest[first:], [key]


_LAST_STEP = re.compile(r"(?:^|/)(tei:[\w.-]+)$")


def _share_patterns(rules: list[etree._Element]) -> list[list[etree._Element]]:
    """Put rules in as few patterns as keep their meaning: a rule shadows later rules of its
    pattern on the elements both match, so rules share a pattern only when their contexts end in
    different element names. Each pattern is a pass over the document."""
    patterns: list[tuple[set[str], list[etree._Element]]] = []
    for rule in rules:
        found = _LAST_STEP.search(_without_predicates(rule.get("context", "")))
        name = found.group(1) if found else None
        home = next((p for p in patterns if name and name not in p[0] and None not in p[0]), None)
        if home is None:
            home = (set(), [])
            patterns.append(home)
        home[0].add(name)
        home[1].append(rule)
    return [members for _, members in patterns]


def derive_schematron(custom: Customization) -> etree._ElementTree:
    """Build teiencode.sch from the ODD's constraintSpecs and closed value lists.

    :param custom: the ODD, read with :func:`read_odd`
    """
    schema = _sch("schema", queryBinding="xslt")
    title = etree.SubElement(schema, f"{{{SCH_NS}}}title")
    title.text = "teiencode: what the grammar cannot say"
    declarations: list[etree._Element] = []
    patterns: list[etree._Element] = []
    for spec in custom.constraints:
        ident = spec.get("ident")
        for item in spec.findall("tei:constraint/*", NS):
            item = copy.deepcopy(item)
            if _local(item) in {"ns", "let", "key"}:  # key: an xsl:key, which the ISO skeleton copies
                declarations.append(item)
                continue
            if _selects_attributes(item.get("context", "")):
                # validate.py compiles the Schematron to visit elements only
                raise _fail(f"constraintSpec {ident}: a rule context must select elements, not attributes", spec)
            asserts = item.findall(f"{{{SCH_NS}}}assert") + item.findall(f"{{{SCH_NS}}}report")
            if len(asserts) != 1:
                raise _fail(f"constraintSpec {ident}: give exactly one assert or report", spec)
            asserts[0].set("id", ident)
            patterns.append(item)
    # ISO order: ns, let (then the keys), then the rules: those on any element with an attribute folded into one
    # rule, the others one pattern each (a rule shadows later rules of its pattern), then the
    # closed lists together. Each pattern is a pass over the document.
    schema.extend(d for d in declarations if _local(d) == "ns")
    schema.extend(d for d in declarations if _local(d) == "let")
    schema.extend(d for d in declarations if _local(d) == "key")
    rules, keys = _fold_any_element_rules(patterns)
    schema.extend(keys)
    for rules in _share_patterns(rules):
        etree.SubElement(schema, f"{{{SCH_NS}}}pattern").extend(rules)
    values = _value_rules(custom.attribute_changes)
    if values is not None:
        schema.append(values)
    for el in schema.iter():
        if el.text is not None and not el.text.strip():
            el.text = None
        el.tail = None if el.tail is None or not el.tail.strip() else el.tail
    etree.cleanup_namespaces(schema, top_nsmap={"sch": SCH_NS})
    schema.insert(0, etree.Comment(
        f" Generated by `python -m teiencode.schemagen` from schemas/{ODD_NAME}. Do not edit. "))
    tree = etree.ElementTree(schema)
    etree.indent(tree, "  ")
    return tree


# --- deriving the XSD ------------------------------------------------------------

def derive_xsd(rng_path: str | os.PathLike, out_dir: str | os.PathLike, trang: str | None = None) -> list[Path]:
    """Convert the RELAX NG to W3C XML Schema with trang (a build-time tool only).

    trang writes teiencode.xsd and xml.xsd (the xml: namespace, imported locally).

    :param rng_path: the derived RELAX NG
    :param out_dir: where to write the XSD files
    :param trang: the trang executable; found on PATH when omitted
    :raises SchemaGenError: trang is missing or fails
    """
    exe = trang or shutil.which("trang")
    if exe is None:
        raise SchemaGenError(Diagnostic("error", "schemagen",
                                        "trang is not installed (apt-get install trang)", str(rng_path), 1, 1))
    out_dir = Path(out_dir)
    with tempfile.TemporaryDirectory() as tmp:
        result = subprocess.run([exe, "-I", "rng", "-O", "xsd", str(rng_path), str(Path(tmp) / XSD_NAME)],
                                capture_output=True, text=True)
        if result.returncode != 0:
            raise SchemaGenError(Diagnostic("error", "schemagen", f"trang failed: {result.stderr.strip()}",
                                            str(rng_path), 1, 1))
        written = []
        for produced in sorted(Path(tmp).glob("*.xsd")):
            tree = xmlsafe.parse(produced)
            _postprocess_xsd(tree)
            target = out_dir / produced.name
            _write(tree, target)
            written.append(target)
    return written


def _postprocess_xsd(tree: etree._ElementTree) -> None:
    """Make trang's output stable and quick for xmlschema to load.

    trang repeats each patterned datatype inline (tei_all's ``[^\\p{C}\\p{Z}]+`` fifty times),
    and xmlschema compiles every copy of that regular expression anew, which takes seconds.
    Identical anonymous simple types with a pattern become one named type: same language.
    """
    root = tree.getroot()
    _hoist_pattern_types(root)
    root.insert(0, etree.Comment(
        f" Generated by `python -m teiencode.schemagen` (trang) from {RNG_NAME}. Do not edit. "))
    etree.indent(tree, "  ")


def _shape(el: etree._Element) -> bytes:
    """A key equal for subtrees that differ only in indentation."""
    el = copy.deepcopy(el)
    for node in el.iter():
        node.text = node.text if node.text and node.text.strip() else None
        node.tail = None
    return etree.tostring(el, method="c14n")


def _hoist_pattern_types(root: etree._Element) -> None:
    target_ns = root.get("targetNamespace")
    prefix = next((p for p, uri in root.nsmap.items() if uri == target_ns and p), None)
    if target_ns is None or prefix is None:
        return
    xs = f"{{{XSD_NS}}}"
    named: dict[bytes, str] = {}
    anonymous = [st for st in root.iter(xs + "simpleType")
                 if st.get("name") is None and st.find(f".//{xs}pattern") is not None
                 and st.find(f".//{xs}simpleType") is None]
    for st in anonymous:
        key = _shape(st)
        if key not in named:
            named[key] = f"teiencode.pattern.{len(named) + 1}"
            glob = copy.deepcopy(st)
            glob.set("name", named[key])
            glob.tail = None
            root.append(glob)
        ref = f"{prefix}:{named[key]}"
        parent = st.getparent()
        kind = etree.QName(parent).localname
        if kind in {"attribute", "element"}:
            parent.set("type", ref)
        elif kind == "list":
            parent.set("itemType", ref)
        elif kind == "restriction":
            parent.set("base", ref)
        elif kind == "union":
            parent.set("memberTypes", " ".join(filter(None, [parent.get("memberTypes"), ref])))
        else:
            continue
        parent.remove(st)


# --- writing -----------------------------------------------------------------------

def _write(tree: etree._ElementTree, target: Path) -> None:
    """Write atomically: a reader never sees half a schema."""
    data = etree.tostring(tree, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    write_atomic(target, data)


def default_tei_all() -> Path | None:
    """The official tei_all.rng: ``$TEI_ALL_RNG``, else ``../shared/tei/tei_all.rng`` beside the repository."""
    env = os.environ.get("TEI_ALL_RNG")
    candidates = [Path(env)] if env else []
    candidates.append(REPO_ROOT.parent / "shared" / "tei" / "tei_all.rng")
    return next((p for p in candidates if p.is_file()), None)


def regenerate(out_dir: str | os.PathLike = SCHEMA_DIR, *, odd: str | os.PathLike | None = None,
               tei_all: str | os.PathLike | None = None, xsd: bool = True) -> list[Path]:
    """Regenerate every derived schema from the ODD.

    :param out_dir: where to write (the committed ``schemas/`` by default)
    :param odd: the ODD (``schemas/teiencode.odd`` by default)
    :param tei_all: the official tei_all.rng (:func:`default_tei_all` by default)
    :param xsd: also run trang for the XSD
    :returns: the files written
    """
    out_dir = Path(out_dir)
    odd = Path(odd) if odd else SCHEMA_DIR / ODD_NAME
    tei_all = tei_all or default_tei_all()
    if tei_all is None:
        raise SchemaGenError(Diagnostic("error", "schemagen",
                                        "tei_all.rng not found: set TEI_ALL_RNG", str(odd), 1, 1))
    custom = read_odd(odd)
    written = []
    rng_path = out_dir / RNG_NAME
    _write(derive_rng(custom, tei_all), rng_path)
    written.append(rng_path)
    sch_path = out_dir / SCH_NAME
    _write(derive_schematron(custom), sch_path)
    written.append(sch_path)
    if xsd:
        written += derive_xsd(rng_path, out_dir)
    return written


def main(argv: list[str] | None = None) -> int:
    """``python -m teiencode.schemagen [--out DIR] [--tei-all PATH] [--no-xsd]``."""
    parser = argparse.ArgumentParser(prog="python -m teiencode.schemagen", description=__doc__)
    parser.add_argument("--out", default=str(SCHEMA_DIR), help="output directory (default: schemas/)")
    parser.add_argument("--odd", default=None, help="the ODD (default: schemas/teiencode.odd)")
    parser.add_argument("--tei-all", default=None, help="tei_all.rng (default: $TEI_ALL_RNG or ../shared/tei)")
    parser.add_argument("--no-xsd", action="store_true", help="skip the trang step")
    args = parser.parse_args(argv)
    try:
        for path in regenerate(args.out, odd=args.odd, tei_all=args.tei_all, xsd=not args.no_xsd):
            print(path)
    except TeiencodeError as exc:
        print(exc.diagnostic, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
