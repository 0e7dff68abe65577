"""Issued versions cannot change by any path: the database itself refuses (SQLite, PostgreSQL)."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, IntegrityError, transaction
from django.utils import timezone

from accord.drafts.models import Paragraph, Report, Version, VersionParagraph


@pytest.fixture
def issued(world):
    report = Report.objects.create(group=world.group, title="Draft report", slug="report")
    version = Version.objects.create(report=report, number=1, kind="zero_draft", label="Zero draft")
    paragraph = Paragraph.objects.create(report=report, key="OP1", kind="op")
    item = VersionParagraph.objects.create(
        version=version, paragraph=paragraph, order=1, text="Decides."
    )
    Version.objects.filter(pk=version.pk).update(
        status="issued", issued_at=timezone.now(), content_hash="a" * 64
    )
    version.refresh_from_db()
    return version, paragraph, item


def _refused(action):
    with pytest.raises((DatabaseError, IntegrityError), match="immutable"), transaction.atomic():
        action()


def test_issued_text_cannot_be_updated_deleted_or_added_to(issued):
    version, _paragraph, item = issued
    _refused(lambda: VersionParagraph.objects.filter(pk=item.pk).update(text="Changed."))
    _refused(lambda: VersionParagraph.objects.filter(pk=item.pk).delete())
    other = Paragraph.objects.create(report=version.report, key="OP2", kind="op")
    _refused(
        lambda: VersionParagraph.objects.create(version=version, paragraph=other, order=2, text="x")
    )
    item.refresh_from_db()
    assert item.text == "Decides."


def test_issued_version_cannot_be_relabelled_unissued_or_deleted(issued):
    version, _, _ = issued
    _refused(lambda: Version.objects.filter(pk=version.pk).update(label="Rev.9"))
    _refused(lambda: Version.objects.filter(pk=version.pk).update(status="draft"))
    _refused(lambda: Version.objects.filter(pk=version.pk).update(content_hash="b" * 64))
    _refused(lambda: Version.objects.filter(pk=version.pk).delete())
    # Publishing an issued version is allowed.
    Version.objects.filter(pk=version.pk).update(is_published=True, is_circulated=True)
    version.refresh_from_db()
    assert version.is_published and version.label == "Zero draft"


def test_draft_versions_stay_editable(world):
    report = Report.objects.create(group=world.group, title="Draft report", slug="report")
    version = Version.objects.create(report=report, number=1, kind="zero_draft", label="Zero draft")
    paragraph = Paragraph.objects.create(report=report, key="OP1", kind="op")
    item = VersionParagraph.objects.create(
        version=version, paragraph=paragraph, order=1, text="Decides."
    )
    VersionParagraph.objects.filter(pk=item.pk).update(text="Recommends.")
    item.refresh_from_db()
    assert item.text == "Recommends."
