"""A W3C-style hypermail archive imported end to end: upload of a ZIP, CLI on a folder."""

from __future__ import annotations

import io
import zipfile
from typing import Any

import pytest

from accord.cli import main
from accord.correspondence import services
from accord.correspondence.models import Message
from tests.core.mail.test_hypermail import INDEX_PAGE, page

pytestmark = pytest.mark.django_db

PAGES = {
    "index.html": INDEX_PAGE,
    "0000.html": page("a@x", "Paragraph 12"),
    "0001.html": page(
        "b@x", "Re: Paragraph 12", name="Kenji Sato", email="kenji@delegation.example",
        isosent="20250303110000", sent="Mon, 03 Mar 2025 11:00:00 +0000", inreplyto="a@x",
    ),
}  # fmt: skip


def _zip(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_zip_upload_threads_the_pages(world: Any) -> None:
    mailing_list, report = services.mail_archive_import_to_list(
        actor=world.users["secretariat"],
        group=world.group,
        list_name="public-wg",
        data=_zip(PAGES),
        filename="2025Mar.zip",
    )
    assert (report.messages_read, report.new_messages, report.threads_created) == (2, 2, 1)
    first, reply = Message.objects.filter(mailing_list=mailing_list).order_by("sent_at")
    assert reply.parent_id == first.pk and reply.thread_id == first.thread_id
    assert reply.sender_email == "kenji@delegation.example"
    again = services.mail_archive_import(
        actor=world.users["secretariat"],
        mailing_list=mailing_list,
        data=_zip(PAGES),
        filename="2025Mar.zip",
    )
    assert again.new_messages == 0


def test_cli_imports_a_folder_of_pages(world: Any, tmp_path, capsys) -> None:
    folder = tmp_path / "2025Mar"
    folder.mkdir()
    for name, data in PAGES.items():
        (folder / name).write_bytes(data)
    code = main(
        ["import", "mbox", str(folder), "--group", world.group.slug, "--list", "public-wg",
         "--as-user", world.users["secretariat"].username]
    )  # fmt: skip
    assert code == 0
    assert Message.objects.filter(mailing_list__name="public-wg").count() == 2
    out = capsys.readouterr().out
    assert "2025Mar.zip" in out and "2 new messages" in out
    user = world.users["secretariat"].username
    missing = str(tmp_path / "missing")
    assert main(["import", "mbox", missing, "--group", world.group.slug, "--as-user", user]) == 2
    assert "No such file or folder" in capsys.readouterr().err


def test_cli_refuses_a_too_large_folder_before_reading_it(
    world: Any, tmp_path, capsys, monkeypatch
):
    from accord.core.mail import reader

    monkeypatch.setattr(reader, "MAX_ARCHIVE_BYTES", 1000)
    folder = tmp_path / "big"
    folder.mkdir()
    (folder / "0000.html").write_bytes(PAGES["0000.html"] + b" " * 1000)
    user = world.users["secretariat"].username
    code = main(["import", "mbox", str(folder), "--group", world.group.slug, "--as-user", user])
    assert code == 2
    assert "holds more than 0 MB" in capsys.readouterr().err
    assert not Message.objects.exists()


def test_cli_refuses_a_too_large_file_before_reading_it(world: Any, tmp_path, capsys, monkeypatch):
    from pathlib import Path

    from accord.core.mail import reader

    monkeypatch.setattr(reader, "MAX_ARCHIVE_BYTES", 2 * 1024 * 1024)
    archive = tmp_path / "all-years.mbox"
    archive.write_bytes(b"From: a@x\n\n" + b"x" * (3 * 1024 * 1024))
    read: list[Path] = []
    real = Path.read_bytes
    monkeypatch.setattr(Path, "read_bytes", lambda self: read.append(self) or real(self))
    user = world.users["secretariat"].username
    code = main(["import", "mbox", str(archive), "--group", world.group.slug, "--as-user", user])
    assert code == 2 and read == []
    assert (
        "all-years.mbox is larger than 2 MB: import it month by month." in capsys.readouterr().err
    )
    assert not Message.objects.exists()
