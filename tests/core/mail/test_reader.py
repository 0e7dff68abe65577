"""read_archive on small invented archives: formats, encodings and bad input."""

from __future__ import annotations

import contextlib
import gzip
from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.core.mail import MailArchiveError, MailMessage, read_archive
from tests.core.mail.archives import mbox, message


def _one(data: bytes) -> MailMessage:
    messages = read_archive(data, "wg.mbox")
    assert len(messages) == 1
    return messages[0]


def test_plain_mbox_message() -> None:
    data = mbox(message("<d1@wg.example>", "Draft report v1", body="Para 1.\nPara 2.\n"))
    m = _one(data)
    assert m == MailMessage(
        message_id="<d1@wg.example>",
        in_reply_to=None,
        references=(),
        subject="Draft report v1",
        sender_name="Amina Diallo",
        sender_email="amina@delegation.example",
        date=datetime(2025, 3, 3, 9, 0, tzinfo=UTC),
        body="Para 1.\nPara 2.\n",
        archived_at=None,
    )


def test_dates_are_converted_to_utc() -> None:
    m = _one(mbox(message("<d1@wg.example>", "x", date="Mon, 03 Mar 2025 11:30:00 +0200")))
    assert m.date == datetime(2025, 3, 3, 9, 30, tzinfo=UTC)


def test_bad_date_is_none() -> None:
    m = _one(mbox(message("<d1@wg.example>", "Draft", date="the day after the plenary")))
    assert m.date is None


def test_missing_message_id_is_synthetic_and_deterministic() -> None:
    data = mbox(message(None, "Draft report v1"), message(None, "Draft report v2"))
    first, second = read_archive(data, "wg.mbox")
    assert first.message_id.startswith("<") and first.message_id.endswith("@accord.invalid>")
    assert first.message_id != second.message_id
    assert [m.message_id for m in read_archive(data, "again.mbox")] == [
        first.message_id,
        second.message_id,
    ]


def test_ids_without_brackets_are_normalised() -> None:
    m = _one(
        mbox(
            message(
                "d2@wg.example",
                "Re: Draft",
                in_reply_to="d1@wg.example",
                references="<d0@wg.example>\n <d1@wg.example>",
            )
        )
    )
    assert m.message_id == "<d2@wg.example>"
    assert m.in_reply_to == "<d1@wg.example>"
    assert m.references == ("<d0@wg.example>", "<d1@wg.example>")


def test_rfc2047_headers() -> None:
    m = _one(
        mbox(
            message(
                "<d1@wg.example>",
                "=?utf-8?q?R=C3=A9vision_du_projet_de_rapport?= =?utf-8?b?4oCUIHYy?=",
                sender="=?iso-8859-1?q?Jos=E9_Mu=F1oz?= <Jose.Munoz@Delegation.example>",
            )
        )
    )
    assert m.subject == "Révision du projet de rapport— v2"
    assert m.sender_name == "José Muñoz"
    assert m.sender_email == "jose.munoz@delegation.example"


def test_quoted_printable_body() -> None:
    raw = (
        "From: chair@wg.example\nSubject: Draft\nMessage-ID: <q@wg.example>\n"
        "MIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\n"
        "Content-Transfer-Encoding: quoted-printable\n\n"
        "The co-facilitators propose to delete paragraph 7 =E2=80=94 see the long=\n"
        " explanation.\n"
    )
    assert _one(mbox(raw)).body == (
        "The co-facilitators propose to delete paragraph 7 — see the long explanation.\n"
    )


def test_base64_body_in_latin1() -> None:
    raw = (
        "From: chair@wg.example\nSubject: Draft\nMessage-ID: <b@wg.example>\n"
        "Content-Type: text/plain; charset=iso-8859-1\nContent-Transfer-Encoding: base64\n\n"
        "UHJvamV0IGRlIHJhcHBvcnQ6IHLpdmlzaW9uIDIK\n"
    )
    assert _one(mbox(raw)).body == "Projet de rapport: révision 2\n"


def test_undeclared_bad_bytes_fall_back_to_latin1() -> None:
    data = b"From x@y  Mon Mar  3 09:00:00 2025\nSubject: caf\xe9\nFrom: x@y\n\nd\xe9j\xe0 vu\n"
    m = _one(data)
    assert (m.subject, m.body) == ("café", "déjà vu\n")


def test_multipart_prefers_text_over_html() -> None:
    raw = (
        "From: chair@wg.example\nSubject: Draft\nMessage-ID: <m@wg.example>\n"
        'MIME-Version: 1.0\nContent-Type: multipart/alternative; boundary="XX"\n\n'
        "--XX\nContent-Type: text/html; charset=utf-8\n\n<p>The <b>HTML</b> one</p>\n"
        "--XX\nContent-Type: text/plain; charset=utf-8\n\nThe plain one\n"
        "--XX--\n"
    )
    # The line break before a boundary belongs to the boundary (RFC 2046).
    assert _one(mbox(raw)).body == "The plain one"


def test_html_only_becomes_text() -> None:
    raw = (
        "From: chair@wg.example\nSubject: Draft\nMessage-ID: <h@wg.example>\n"
        'MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary="XX"\n\n'
        "--XX\nContent-Type: text/html; charset=utf-8\n\n"
        "<html><style>p {}</style><p>Paragraph 3 &amp; 4</p><p>agreed</p></html>\n"
        "--XX\nContent-Type: text/plain\nContent-Disposition: attachment; filename=a.txt\n\n"
        "attached file, not the body\n--XX--\n"
    )
    assert _one(mbox(raw)).body == "Paragraph 3 & 4\n\nagreed\n"


def test_pipermail_format_and_obfuscated_sender() -> None:
    data = (
        b"From jane.doe at civil-society.example  Thu Nov  1 11:19:12 2001\n"
        b"From: jane.doe at civil-society.example (Jane Doe)\n"
        b"Date: Thu Nov  1 11:19:12 2001\n"
        b"Subject: [wg-report] Annex II\n"
        b"Message-ID: <a2@cs.example>\n\nSee annex II.\n\n\n"
        b"From kofi at gov.example  Thu Nov  1 12:00:00 2001\n"
        b"From: kofi at gov.example (Kofi Mensah)\n"
        b"Date: Thu Nov  1 12:00:00 2001\n"
        b"Subject: [wg-report] Annex II\n"
        b"In-Reply-To: <a2@cs.example>\n"
        b"Message-ID: <a3@gov.example>\n\n"
        b"From my side, fine.\n"
    )
    first, second = read_archive(data, "2001-November.txt")
    assert (first.sender_name, first.sender_email) == ("Jane Doe", "jane.doe@civil-society.example")
    assert first.date == datetime(2001, 11, 1, 11, 19, 12, tzinfo=UTC)
    assert first.body == "See annex II.\n\n"
    # A body line "From my side" is not a separator: it has no date.
    assert second.body == "From my side, fine.\n"


def test_lowercase_headers_and_mailer_daemon_separator() -> None:
    data = (
        b"From MAILER-DAEMON Thu Aug 26 16:49:36 2021\n"
        b"message-id: abc123@list.example\n"
        b"subject: 'Re: draft WF'\n"
        b'from: "Doe, Jane"              Jane.Doe@LIST.EXAMPLE\n'
        b"date: Fri, 22 Nov 2019 12:14:47 -0800\n"
        b"Archived-At: <https://list.example/a/1>\n\nbody\n"
    )
    m = _one(data)
    assert (m.message_id, m.subject) == ("<abc123@list.example>", "Re: draft WF")
    assert (m.sender_name, m.sender_email) == ("Doe, Jane", "jane.doe@list.example")
    assert m.archived_at == "https://list.example/a/1"


def test_gzip_is_detected_by_magic_bytes() -> None:
    data = mbox(message("<d1@wg.example>", "Draft"))
    assert read_archive(gzip.compress(data), "archive.txt") == read_archive(data, "archive.txt")


def test_single_message_without_separator() -> None:
    data = message("<d1@wg.example>", "Draft").encode()
    assert _one(data).subject == "Draft"


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"", "empty"),
        (b"   \n\n", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        (b"Minutes of the third session\nItem 1: adoption of the agenda\n", "No messages"),
        (b"\x1f\x8b\x08\x00garbage", "damaged"),
    ],
)
def test_not_an_archive(data: bytes, expected: str) -> None:
    with pytest.raises(MailArchiveError, match=expected) as info:
        read_archive(data, "upload.bin")
    assert "upload.bin" in str(info.value)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=2048))
def test_arbitrary_bytes_never_crash(data: bytes) -> None:
    try:
        result = read_archive(data, "fuzz")
    except MailArchiveError:
        return
    assert all(isinstance(m, MailMessage) for m in result)


_HEADERISH = st.sampled_from(
    [
        b"From x@y  Mon Mar  3 09:00:00 2025\n",
        b"From: ",
        b"Subject: =?utf-8?b?",
        b"=?x-unknown?q?=FF?=",
        b"Content-Type: multipart/mixed; boundary=b\n",
        b"Content-Type: text/html; charset=klingon\n",
        b"Content-Transfer-Encoding: base64\n",
        b"Content-Transfer-Encoding: quoted-printable\n",
        b"--b\n",
        b"Date: Mon, 99 Foo 99999 99:99:99 +9999\n",
        b"Message-ID: <",
        b"References: <a@b> <",
        b"<![if x]>",
        b"\n\n",
        b"\r\n",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(_HEADERISH, st.binary(max_size=20)), max_size=30))
def test_archive_like_bytes_never_crash(pieces: list[bytes]) -> None:
    # Random bytes rarely look like mail; splicing real header fragments gets deeper.
    with contextlib.suppress(MailArchiveError):
        read_archive(b"".join(pieces), "fuzz")
