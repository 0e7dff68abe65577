"""``accord serve`` runs the app in several processes (gunicorn's threaded workers) on Linux:
one process per core, since one Python process computes pages on one core at a time."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from accord import cli, serving

pytestmark = pytest.mark.skipif(not serving.has_gunicorn(), reason="gunicorn runs on POSIX only")
ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def test_the_shape_is_chosen_on_the_command_line_or_by_the_environment(monkeypatch):
    args = cli.build_parser().parse_args(["serve", "--processes", "3", "--threads", "4"])
    assert (args.processes, args.threads) == (3, 4)
    monkeypatch.setenv("ACCORD_WEB_PROCESSES", "5")
    monkeypatch.setenv("ACCORD_WEB_THREADS", "6")
    args = cli.build_parser().parse_args(["serve"])
    assert (args.processes, args.threads) == (5, 6)
    monkeypatch.delenv("ACCORD_WEB_PROCESSES")
    assert serving.default_processes() >= 2


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="counts the workers through /proc")
def test_accord_serve_answers_from_several_processes(tmp_path):
    port = _free_port()
    env = dict(
        os.environ,
        DATABASE_URL=f"sqlite:///{tmp_path}/serve.sqlite3",
        DJANGO_SETTINGS_MODULE="accord.settings.dev",
        ACCORD_VAR_DIR=str(tmp_path),
    )
    command = [sys.executable, "-m", "accord.cli", "serve", "--port", str(port), "--no-worker"]
    server = subprocess.Popen(
        [*command, "--processes", "2", "--threads", "2"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(
                    f"http://127.0.0.1:{port}/accounts/login/", timeout=5
                ) as answer:
                    assert answer.status == 200
                    break
            except OSError:
                assert server.poll() is None, server.stdout.read().decode()  # type: ignore[union-attr]
                time.sleep(0.3)
        else:
            pytest.fail("accord serve did not answer within 90 s")
        deadline = time.monotonic() + 30
        while len(_children(server.pid)) < 2 and time.monotonic() < deadline:
            time.sleep(0.2)
        assert len(_children(server.pid)) == 2  # gunicorn's master and its two workers
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            pytest.fail("accord serve did not stop within 30 s of SIGTERM")
    out = server.stdout.read().decode()  # type: ignore[union-attr]
    assert "gunicorn, 2 processes × 2 threads" in out
