"""Shared fixtures: paths to the seed, the corpus, our own fixtures; --regen for golden files."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_e67b3bb4a698350b.txt"
FIXTURES = ROOT / "tests" / "fixtures" / "exports"
VARIATION = ROOT / "tests" / "fixtures" / "variation"
CORPUS = ROOT.parent / "shared" / "corpus"
TEI_ALL = Path(os.environ.get("TEI_ALL_RNG", ROOT.parent / "shared" / "tei" / "tei_all.rng"))
TEI_NS = {"t": "http://www.tei-c.org/ns/1.0"}


def all_exports() -> list[Path]:
    """The seed, our fixtures, the variation catalogue and the shared corpus: every export the converter must handle."""
    corpus = sorted(CORPUS.glob("*.txt")) if CORPUS.is_dir() else []
    return [SEED, *sorted(FIXTURES.glob("*.txt")), *sorted(VARIATION.glob("*.txt")), *corpus]


def pytest_addoption(parser):
    parser.addoption("--regen", action="store_true", help="rewrite golden files from the current output")


@pytest.fixture
def regen(request) -> bool:
    return request.config.getoption("--regen")
