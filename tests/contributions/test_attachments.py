from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from accord.common.errors import PayloadTooLarge, ValidationFailed
from accord.contributions import services
from accord.contributions.models import Answer, Attachment, Contribution
from accord.publish.selectors import search_for_viewer
from accord.search.models import SearchEntry

from .conftest import corrupt_docx_upload, docx_upload


def _stored_files() -> set[Path]:
    root = Path(settings.MEDIA_ROOT)
    return {p for p in root.rglob("*") if p.is_file()}


def test_docx_text_is_extracted_and_searchable(world, call):
    upload = docx_upload("brazil.docx", "Brazil proposes a lighthouse observatory.", "Second.")
    contribution = services.contribution_submit(
        actor=world.users["delegate"], call=call, answers={1: "See attached."}, uploads=[upload]
    )
    attachment = contribution.attachments.get()
    assert attachment.kind == "docx"
    assert attachment.original_name == "brazil.docx"
    assert "lighthouse observatory" in attachment.extracted_text
    assert len(attachment.sha256) == 64 and attachment.size > 0
    assert Path(attachment.file.path).exists()

    # Members find it before publication; the public only after.
    def hits(viewer):
        return search_for_viewer(viewer=viewer, query="lighthouse", group_slug="wgec").page.total

    assert hits(world.users["observer"]) == 1
    assert hits(world.user("anonymous")) == 0
    services.contribution_publish(actor=world.users["secretariat"], contribution=contribution)
    assert hits(world.user("anonymous")) == 1


def test_txt_and_pdf_attachments(world, call):
    # The documents helper's PDF builder (a real, minimal PDF written by hand).
    make_pdf = pytest.importorskip("tests.core.documents.builders").make_pdf
    txt = SimpleUploadedFile("notes.txt", b"Notes on capacity building.\n")
    pdf = SimpleUploadedFile("paper.pdf", make_pdf([["A paper about interoperability."]]))
    contribution = services.contribution_submit(
        actor=world.users["delegate"], call=call, answers={}, uploads=[txt, pdf]
    )
    kinds = dict(contribution.attachments.values_list("original_name", "kind"))
    assert kinds == {"notes.txt": "txt", "paper.pdf": "pdf"}
    body = SearchEntry.objects.get(kind="contribution", object_id=contribution.pk).body
    assert "capacity building" in body and "interoperability" in body


def test_corrupt_docx_is_refused_and_nothing_is_written(world, call):
    before = _stored_files()
    with pytest.raises(ValidationFailed, match=r"'broken\.docx' could not be read"):
        services.contribution_submit(
            actor=world.users["delegate"],
            call=call,
            answers={1: "With a broken file."},
            uploads=[docx_upload("good.docx"), corrupt_docx_upload()],
        )
    assert Contribution.objects.count() == Answer.objects.count() == Attachment.objects.count() == 0
    assert _stored_files() == before


def test_unsupported_type_is_refused(world, call):
    upload = SimpleUploadedFile("sheet.xlsx", b"PK\x03\x04 not really")
    with pytest.raises(ValidationFailed, match="only PDF, Word"):
        services.contribution_submit(
            actor=world.users["delegate"], call=call, answers={1: "x"}, uploads=[upload]
        )
    assert Contribution.objects.count() == 0


@override_settings(ACCORD_MAX_UPLOAD_BYTES=1000)
def test_oversized_upload_is_413_and_nothing_is_written(world, call):
    before = _stored_files()
    upload = SimpleUploadedFile("big.txt", b"word " * 1000)
    with pytest.raises(PayloadTooLarge) as exc:
        services.contribution_submit(
            actor=world.users["delegate"], call=call, answers={1: "x"}, uploads=[upload]
        )
    assert exc.value.status == 413
    assert "big.txt" in exc.value.message
    assert Contribution.objects.count() == 0
    assert _stored_files() == before


def test_files_are_removed_when_the_transaction_fails(world, call, monkeypatch):
    """A failure after the files were stored (here: the index) leaves no orphan file."""
    from accord.contributions.services import submit

    def boom(contribution):
        raise RuntimeError("index down")

    monkeypatch.setattr(submit, "index_contribution", boom)
    before = _stored_files()
    with pytest.raises(RuntimeError):
        services.contribution_submit(
            actor=world.users["delegate"], call=call, answers={1: "x"}, uploads=[docx_upload()]
        )
    assert Contribution.objects.count() == Attachment.objects.count() == 0
    assert _stored_files() == before
