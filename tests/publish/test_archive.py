"""``accord archive``: the demo's public site written as static files, checked offline."""

from __future__ import annotations

import hashlib
import json
import re
import zipfile
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from django.db import transaction

from accord.archive import ArchiveError, ArchiveLimits, archive_group
from accord.cli import main
from accord.demo.scenario import build_demo

URL_ATTR = re.compile(r'\s(?:href|src)="([^"]*)"')
SRCSET = re.compile(r'\ssrcset="([^"]*)"')


@pytest.fixture(scope="module")
def archived(django_db_setup, django_db_blocker, tmp_path_factory):
    # One demo build for the module, rolled back at its end (the history tables refuse DELETE).
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            build_demo(through="outcome")
            _members_only_material()
            folder = tmp_path_factory.mktemp("archive") / "wgedc"
            assert main(["archive", "wgedc", str(folder)]) == 0
            yield folder
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


# Text only members may read: a contribution not yet published, and the last meeting day's
# transcript (the demo keeps that day members-only).
PENDING_TEXT = "Pending answer 7f3a: not yet for the public."
CLOSED_DAY: dict[str, str] = {}


def _members_only_material() -> None:
    from django.contrib.auth import get_user_model

    from accord.contributions import services as contributions
    from accord.groups.models import WorkingGroup
    from accord.meetings.models import Meeting, MeetingDay, SpeakerTurn

    group = WorkingGroup.objects.get(slug="wgedc")
    call = group.calls.order_by("pk").first()
    swe = get_user_model().objects.get(username="delegate-swe")
    contributions.contribution_submit(actor=swe, call=call, answers={1: PENDING_TEXT})
    last = Meeting.objects.filter(group=group).order_by("number").last()
    day = MeetingDay.objects.filter(meeting=last).order_by("date").last()
    turns = SpeakerTurn.objects.filter(transcript__day__meeting__group=group)
    public_turns = set(turns.exclude(transcript__day=day).values_list("text", flat=True))
    # A turn said only that day, whole (and free of characters HTML would escape).
    secret = next(
        t
        for t in turns.filter(transcript__day=day).values_list("text", flat=True)
        if len(t) > 60 and not any(t in p for p in public_turns) and not set(t) & set("&<>\"'")
    )
    CLOSED_DAY.update(path=f"/meetings/{last.number}/days/{day.date.isoformat()}/", text=secret)


def test_the_archive_is_complete_linked_and_public_only(archived: Path) -> None:
    files = {p.relative_to(archived).as_posix() for p in archived.rglob("*") if p.is_file()}
    broken = []
    for name in files:
        if not name.endswith(".html"):
            continue
        text = (archived / name).read_text(encoding="utf-8")
        assert 'href="/' not in text and 'src="/' not in text, name
        assert "<form" not in text, name
        refs = URL_ATTR.findall(text) + [
            c.split()[0] for s in SRCSET.findall(text) for c in s.split(",") if c.split()
        ]
        for ref in refs:
            parts = urlsplit(ref.replace("&amp;", "&"))
            if parts.scheme or not parts.path:
                continue
            target = (archived / name).parent / unquote(parts.path)
            if not target.resolve().is_file():
                broken.append((name, ref))
    assert broken == []
    slug = "g/wgedc"
    for expected in [
        f"{slug}/index.html",
        f"{slug}/members/index.html",
        f"{slug}/meetings/1/days/2024-09-16/index.html",
        f"{slug}/contributions/1/index.html",
        f"{slug}/outcomes/1/index.html",
        "index.html",
    ]:
        assert expected in files
    draft = next(f for f in files if re.search(r"/drafts/[^/]+/v/1/index\.html$", f))
    docx = (archived / draft).parent / "export.docx"
    with zipfile.ZipFile(docx) as z:
        assert "word/document.xml" in z.namelist()
    assert ((archived / draft).parent / "export.pdf").read_bytes().startswith(b"%PDF")
    assert any(".q-a-" in f and "/compare/" in f for f in files)
    assert any(f.startswith("static/") and f.endswith(".css") for f in files)
    manifest = json.loads((archived / "manifest.json").read_text())
    listed = {e["path"]: e for e in manifest["files"]}
    assert set(listed) == files - {"manifest.json"}
    for path, entry in listed.items():
        assert hashlib.sha256((archived / path).read_bytes()).hexdigest() == entry["sha256"]
    everything = b"".join((archived / f).read_bytes() for f in files)
    for members_only in [b"csrfmiddlewaretoken", b"/manage/", b"Log out"]:
        assert members_only not in everything
    # Nothing members-only: the pending contribution, the closed day and its words.
    text = everything.decode("utf-8", "replace")
    assert PENDING_TEXT not in text
    leaked = [f for f in files if CLOSED_DAY["text"].encode() in (archived / f).read_bytes()]
    assert leaked == []
    sources = [e["source_url"] or "" for e in manifest["files"]]
    assert not [u for u in sources if u.endswith(CLOSED_DAY["path"])]


@pytest.mark.django_db
def test_a_bound_too_small_is_refused_and_leaves_nothing(archived: Path, tmp_path) -> None:
    folder = tmp_path / "out"
    with pytest.raises(ArchiveError, match="more than 5 files"):
        archive_group("wgedc", folder, limits=ArchiveLimits(max_files=5))
    assert list(tmp_path.iterdir()) == []


@pytest.mark.django_db
def test_an_unknown_group_is_a_clear_error(tmp_path, capsys) -> None:
    assert main(["archive", "no-such-group", str(tmp_path / "x")]) == 2
    assert "There is no working group called no-such-group" in capsys.readouterr().err
