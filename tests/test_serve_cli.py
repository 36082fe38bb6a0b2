"""`teiencode serve`: the command starts a server on the build folder, and refuses a folder with no build."""
from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request

import pytest
from click.testing import CliRunner

from conftest import ROOT, SEED
from serve_support import build, free_port

pytest.importorskip("uvicorn", reason="teiencode serve needs uvicorn: pip install uvicorn")

from teiencode.cli import main  # noqa: E402


def test_serve_refuses_a_folder_without_a_build(tmp_path):
    result = CliRunner().invoke(main, ["serve", str(tmp_path), "--port", "0"])
    assert result.exit_code == 2
    line = result.output.strip()
    assert line.startswith(f"{tmp_path}:1:1: ERROR E-SERVE-NO-BUILD:") and "Traceback" not in result.output


def test_serve_command_answers_oai_and_dts_then_stops(tmp_path):
    out = build([SEED], tmp_path / "build")
    port = free_port()
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")])}
    proc = subprocess.Popen([sys.executable, "-m", "teiencode.cli", "serve", str(out), "--port", str(port),
                             "--page-size", "2"], cwd=tmp_path, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/oai?verb=Identify", timeout=5) as r:
                    identify = r.read()
                break
            except OSError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    pytest.fail(f"teiencode serve did not answer:\n{proc.stdout.read().decode() if proc.poll() is not None else ''}")
                time.sleep(0.1)
        assert b"<repositoryName>" in identify
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/dts", timeout=5) as r:
            assert b'"EntryPoint"' in r.read()
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


def test_serve_says_so_in_one_line_when_the_port_is_taken(tmp_path):
    import socket
    out = build([SEED], tmp_path / "build")
    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = taken.getsockname()[1]
        result = CliRunner().invoke(main, ["serve", str(out), "--port", str(port)])
    assert result.exit_code == 2
    assert result.output.startswith(f"{out}:1:1: ERROR E-SERVE-ADDRESS: cannot listen on 127.0.0.1:{port}")
    assert "Traceback" not in result.output
