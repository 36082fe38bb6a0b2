"""The edition's register of persons, places and organisations, and linking names to it.

Public API: :func:`load_register` (read ``register.xml``), :func:`link` (the pipeline stage after the
TEI encoder), :func:`suggest` and :func:`accept` (``teiencode register``), :func:`publish` (the
register and one page per entry in a build folder).
"""
from __future__ import annotations

from .link import Linked, entry_for, link
from .store import (AUTHORITY_URI, PREFIX, REGISTER_NAME, Entry, Form, Register, load_register,
                    read_register)

__all__ = ["AUTHORITY_URI", "PREFIX", "REGISTER_NAME", "Entry", "Form", "Linked", "Register", "entry_for",
           "link", "load_register", "read_register"]
