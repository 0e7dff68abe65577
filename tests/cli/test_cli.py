"""The ``accord`` script's help and progress output (issue 9). No database needed."""

from __future__ import annotations

import argparse
import io

import pytest

from accord.cli import Progress, build_parser


def _subparsers(parser: argparse.ArgumentParser) -> list[tuple[str, argparse.ArgumentParser]]:
    found = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                found.append((name, sub))
                found.extend((f"{name} {n}", s) for n, s in _subparsers(sub))
    return found


def test_help_is_plain_text_and_names_every_command(capsys):
    with pytest.raises(SystemExit):
        build_parser().parse_args(["--help"])
    text = capsys.readouterr().out
    assert "``" not in text and ":class:" not in text
    assert not [line for line in text.splitlines() if line.lstrip().startswith(".. ")]
    for command in ["accord demo", "accord serve", "accord import", "accord tick"]:
        assert command in text
    assert "accord create_group" in text


def test_every_option_and_argument_has_help():
    missing = [
        f"{command}: {action.dest}"
        for command, parser in _subparsers(build_parser())
        for action in parser._actions
        if not isinstance(action, (argparse._HelpAction, argparse._SubParsersAction))
        and not action.help
    ]
    assert missing == []


class Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_step_progress_shows_every_step_when_not_a_terminal():
    stream = io.StringIO()
    progress = Progress("Building", stream=stream, every_call=True)
    for done in range(13):
        progress(done, 13, f"step {done + 1}")
    progress(13, 13, "done")
    lines = stream.getvalue().splitlines()
    assert [line.split("] ")[1].split(" (")[0] for line in lines] == [
        *(f"{done}/13 step {done + 1}" for done in range(13)),
        "13/13 done",
    ]


def test_step_progress_redraws_every_step_on_a_terminal():
    stream = Tty()
    progress = Progress("Building", stream=stream, every_call=True)
    progress(0, 2, "a long first step")
    progress(1, 2, "next")
    progress(2, 2, "done")
    frames = stream.getvalue().split("\r")[1:]
    assert [f.split("] ")[1].split(" (")[0] for f in frames] == [
        "0/2 a long first step",
        "1/2 next",
        "2/2 done",
    ]
    # A shorter line blanks what is left of a longer one; the last ends the line.
    assert frames[1].endswith(" " * (len(frames[0]) - len(frames[1].rstrip())))
    assert frames[2].endswith("\n")


def test_row_progress_stays_throttled():
    stream = io.StringIO()
    progress = Progress("Importing", stream=stream)
    for done in range(1001):
        progress(done, 1000)
    lines = stream.getvalue().splitlines()
    assert lines[0].split("] ")[1].startswith("0/1000") and len(lines) <= 11
    assert lines[-1].split("] ")[1].startswith("1000/1000")
