"""Subject normalisation, address de-obfuscation and sender parsing."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from accord.core.mail import deobfuscate_address, normalise_subject
from accord.core.mail.headers import decode_header_text, parse_date, parse_sender


@pytest.mark.parametrize(
    ("subject", "expected"),
    [
        ("Draft report", "Draft report"),
        ("Re: Draft report", "Draft report"),
        ("RE: re: Fwd: AW: Draft report", "Draft report"),
        ("[wg-report] Re: [wg-report] Draft   report ", "Draft report"),
        ("Re[2]: Draft report", "Draft report"),
        ("答复: Draft report", "Draft report"),
        ("Fw: Draft report (fwd)", "Draft report"),
        ("Re-implementation of the annex", "Re-implementation of the annex"),
        ("Regarding: the annex", "Regarding: the annex"),
        ("  ", ""),
    ],
)
def test_normalise_subject(subject: str, expected: str) -> None:
    assert normalise_subject(subject) == expected


@given(st.text())
def test_normalise_subject_is_idempotent(subject: str) -> None:
    once = normalise_subject(subject)
    assert normalise_subject(once) == once


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("jane at example.org", "jane@example.org"),
        ("jane at example dot org", "jane@example.org"),
        ("jane.doe (at) un [dot] example [dot] org", "jane.doe@un.example.org"),
        ("  jane@example.org ", "jane@example.org"),
        ("meet at noon", "meet at noon"),
        ("jjl at pobox.com (John J. Lee)", "jjl@pobox.com (John J. Lee)"),
    ],
)
def test_deobfuscate_address(text: str, expected: str) -> None:
    assert deobfuscate_address(text) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Jane Doe <Jane@Example.ORG>", ("Jane Doe", "jane@example.org")),
        ('"Doe, Jane" <jane@example.org>', ("Doe, Jane", "jane@example.org")),
        ("jane at example.org (Jane Doe)", ("Jane Doe", "jane@example.org")),
        ('"Doe, Jane"          Jane.Doe@EXAMPLE.ORG', ("Doe, Jane", "jane.doe@example.org")),
        ("jane@example.org", ("", "jane@example.org")),
        ("Secretariat", ("Secretariat", "")),
        (None, ("", "")),
    ],
)
def test_parse_sender(raw: str | None, expected: tuple[str, str]) -> None:
    assert parse_sender(raw) == expected


def test_decode_header_text_survives_bad_encoded_words() -> None:
    assert decode_header_text("=?no-such-charset?q?caf=E9?=") == "café"
    assert decode_header_text("=?utf-8?b?!!!?=") == "=?utf-8?b?!!!?="
    assert decode_header_text("a\n b") == "a b"


@pytest.mark.parametrize("raw", [None, "", "yesterday", "Mon, 99 Foo 2025", "Fri, 1 Jan 99999"])
def test_unparseable_dates_are_none(raw: str | None) -> None:
    assert parse_date(raw) is None
