"""An installed wheel carries its schemas and stylesheets: a build from it works far from the checkout."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from conftest import ROOT, SEED


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    # setuptools builds in the source tree's build/, which is also teiencode's default output
    # folder: build from a copy, so a test run leaves the checkout as it was.
    source = tmp_path_factory.mktemp("source") / "teiencode"
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(".git", "build", "deposit", "*.egg-info",
                                                                 "__pycache__", ".hypothesis", "tests", "bench"))
    # No build isolation: the test extra installs the setuptools the build needs; nothing is fetched.
    done = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                           "--no-index", "-q", "-w", str(out), str(source)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return next(out.glob("teiencode-*.whl"))


def test_wheel_holds_every_module_schema_and_stylesheet(wheel):
    """pyproject.toml lists the packages by name: a new subpackage must be listed there too."""
    names = set(zipfile.ZipFile(wheel).namelist())
    source = ROOT / "src"
    expected = {p.relative_to(source).as_posix() for p in (source / "teiencode").rglob("*.py")}
    expected |= {f"teiencode/schemas/{p.name}" for p in (ROOT / "schemas").iterdir() if p.is_file()}
    expected |= {f"teiencode/xslt/{p.name}" for p in (ROOT / "xslt").iterdir() if p.is_file()}
    assert expected - names == set()


def test_build_from_the_unpacked_wheel_finds_its_own_data(wheel, tmp_path):
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    env = {k: v for k, v in os.environ.items() if k not in ("TEIENCODE_SCHEMAS", "TEIENCODE_XSLT")}
    env["PYTHONPATH"] = str(site)
    script = ("import sys, teiencode, teiencode.batch as b\n"
              "print(teiencode.__file__)\n"
              "r = b.build_many([sys.argv[1]], sys.argv[2], jobs=1)\n"
              "sys.exit(1 if r.counts()['failed'] else 0)\n")
    out = tmp_path / "out"
    # run from an unrelated folder, so nothing resolves against the checkout
    done = subprocess.run([sys.executable, "-c", script, str(SEED), str(out)], cwd=tmp_path, env=env,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    assert Path(done.stdout.splitlines()[0]).is_relative_to(site)
    stem = SEED.stem
    assert sorted(p.name for p in out.glob(f"{stem}.*")) == sorted(
        f"{stem}.{kind}" for kind in ("tei.xml", "parallel.html", "diplomatic.html", "reading.html"))
