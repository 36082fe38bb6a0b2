"""The edition's register of persons, places and organisations, and linking names to it.

Public API: :func:`load_register` (read ``register.xml``), :func:`link` (the pipeline stage after the
TEI encoder), :func:`suggest_for_exports` and :func:`accept` (``teiencode register``), :func:`publish`
(one page per entry in a build folder), :func:`unresolved_refs` (``teiencode validate``).
"""
from __future__ import annotations

from .link import Linked, entry_for, link, unresolved_refs
from .pages import publish
from .store import (AUTHORITY_URI, PREFIX, REGISTER_NAME, Entry, Form, Register, load_register,
                    read_register)
from .suggest import Suggestion, accept, suggest_for_exports

__all__ = ["AUTHORITY_URI", "PREFIX", "REGISTER_NAME", "Entry", "Form", "Linked", "Register", "Suggestion",
           "accept", "entry_for", "link", "load_register", "publish", "read_register", "suggest_for_exports",
           "unresolved_refs"]
