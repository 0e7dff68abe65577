"""``accord worker`` in the CLI, and the worker ``accord serve`` keeps beside the server."""

from __future__ import annotations

import subprocess
import sys
import time
from typing import Any

from accord import cli


def test_help_lists_the_worker():
    parser = cli.build_parser()
    assert "accord worker [--queue Q] [--batch]" in parser.description
    args = parser.parse_args(
        ["worker", "--queue", "default,imports", "--batch", "--max-tasks", "3"]
    )
    assert (args.queue, args.batch, args.max_tasks, args.no_recover) == (
        "default,imports",
        True,
        3,
        False,
    )
    assert args.func is cli.cmd_worker


def test_serve_and_demo_start_a_worker_unless_told_not_to():
    parser = cli.build_parser()
    assert parser.parse_args(["serve"]).worker is True
    assert parser.parse_args(["serve", "--no-worker"]).worker is False
    assert parser.parse_args(["demo", "--no-worker"]).worker is False


class _Cheap(cli._WorkerProcess):
    """The supervisor with a stand-in for the worker (starting Django takes seconds)."""

    def _spawn(self) -> subprocess.Popen[bytes]:
        return subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])


def _wait(predicate: Any, seconds: float = 20.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


def test_the_servers_worker_is_started_again_when_it_dies_and_stopped_with_it(capsys):
    jobs = _Cheap()
    jobs.start()
    try:
        first = jobs.process
        assert first is not None and first.poll() is None
        first.kill()
        assert _wait(lambda: jobs.process is not first and jobs.process.poll() is None)
        assert (
            "The job worker stopped (exit code -9); starting it again." in capsys.readouterr().out
        )
    finally:
        jobs.stop()
    assert jobs.process is not None and jobs.process.poll() is not None
