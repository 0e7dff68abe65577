"""The compilation text reads a bounded number of queries, whatever the size of the text:
pinned on a small and a large version (200 paragraphs, 2,000 amendments), for members (with
positions) and the public, the page and its DOCX. An N+1 anywhere fails these.

The versions are built with ``bulk_create`` (no services): headings, preambular and operative
paragraphs, replacements placed in the text (some in two parts, some proposed on behalf of a
negotiating group), paragraph deletions, amendments to amendments, co-sponsors, supporters and
objectors, held brackets, every member's position (some through the group's statement, some on
the earlier version and carried over), statuses with members awaited ad referendum.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accord.drafts.models import (
    Amendment,
    AmendmentPart,
    AmendmentSupport,
    Bracket,
    BracketHolder,
    Paragraph,
    Report,
    Version,
    VersionParagraph,
)
from accord.groups.models import Member, NegotiatingGroup, NegotiatingGroupMembership
from accord.positions.models import PositionEvent, StatusEvent

MAX_QUERIES = 20
READERS = ["chair", "delegate", "anonymous"]
WORDS = ["recommends", "cooperation", "stakeholders", "capacity", "digital", "forum", "access"]


@dataclass
class Built:
    report: Report
    version: Version
    amendments: int


def _text(n: int) -> str:
    return " ".join(WORDS[(n * 3 + i) % len(WORDS)] for i in range(20)) + ";"


def _issue(version: Version, **extra: Any) -> None:
    Version.objects.filter(pk=version.pk).update(
        status=Version.Status.ISSUED,
        issued_at=timezone.now(),
        content_hash="x" * 64,
        is_circulated=True,
        **extra,
    )


def build(world: Any, *, tag: str, paragraphs: int, amendments: int, members: int) -> Built:
    group = world.group
    constituencies = list(group.constituencies.order_by("order"))
    Member.objects.bulk_create(
        Member(
            group=group,
            constituency=constituencies[i % len(constituencies)],
            name=f"Delegation {tag} {i:03d}",
            kind=Member.Kind.ORGANISATION,
            slug=f"{tag}-{i:03d}",
        )
        for i in range(members)
    )
    full = list(Member.objects.filter(group=group, status=Member.Status.MEMBER).order_by("pk"))
    report = Report.objects.create(group=group, title=f"Report {tag}", slug=tag)
    made = Paragraph.objects.bulk_create(
        Paragraph(report=report, key=f"H{n}", kind=Paragraph.Kind.HEADING)
        if n % 20 == 0
        else Paragraph(report=report, key=f"PP{n}", kind=Paragraph.Kind.PREAMBULAR)
        if n < 10
        else Paragraph(report=report, key=f"OP{n}", kind=Paragraph.Kind.OPERATIVE)
        for n in range(paragraphs)
    )
    texts = {
        p.pk: _text(n) if p.kind != Paragraph.Kind.HEADING else f"Part {n}"
        for n, p in enumerate(made)
    }
    earlier = Version.objects.create(report=report, number=1, kind="zero_draft", label="Zero")
    version = Version.objects.create(report=report, number=2, kind="revision", label="Rev.1")
    for v, changed in ((earlier, False), (version, True)):
        VersionParagraph.objects.bulk_create(
            VersionParagraph(
                version=v,
                paragraph=p,
                order=n,
                display_number=f"{n}." if p.kind == Paragraph.Kind.OPERATIVE else "",
                text=texts[p.pk] + (" Revised." if changed and n % 2 else ""),
            )
            for n, p in enumerate(made)
        )
    _issue(earlier)
    _issue(version, is_published=True)
    negotiable = [p for p in made if p.kind != Paragraph.Kind.HEADING]
    text_of = dict(
        VersionParagraph.objects.filter(version=version).values_list("paragraph_id", "text")
    )
    bloc = NegotiatingGroup.objects.create(group=group, name=f"Bloc {tag}", slug=f"bloc-{tag}")
    NegotiatingGroupMembership.objects.bulk_create(
        NegotiatingGroupMembership(negotiating_group=bloc, member=m) for m in full[::3]
    )
    rows = []
    for i in range(amendments):
        p = negotiable[i % len(negotiable)]
        text = text_of[p.pk]
        word = WORDS[i % len(WORDS)]
        start = text.find(word)
        if i % 10 == 9 or start < 0:
            rows.append(
                Amendment(
                    version=version,
                    paragraph=p,
                    kind=Amendment.Kind.DELETE_PARAGRAPH,
                    proposer=full[i % len(full)],
                    base_text_hash="h",
                )
            )
            continue
        rows.append(
            Amendment(
                version=version,
                paragraph=p,
                kind=Amendment.Kind.REPLACE_TEXT,
                proposer=full[i % len(full)],
                on_behalf_of=bloc if i % 7 == 0 else None,
                start=start,
                end=start + len(word),
                old_text=word,
                new_text=word.upper(),
                base_text_hash="h",
            )
        )
    made_amendments = Amendment.objects.bulk_create(rows)
    replaces = [a for a in made_amendments if a.kind == Amendment.Kind.REPLACE_TEXT]
    AmendmentPart.objects.bulk_create(  # every fifth in two parts
        AmendmentPart(
            amendment=a,
            position=k,
            start=a.start + k * 2,
            end=a.start + k * 2 + 1,
            old_text=a.old_text[k * 2],
            new_text=a.new_text[k * 2],
        )
        for a in replaces[::5]
        for k in range(2)
    )
    subs = Amendment.objects.bulk_create(
        Amendment(
            version=version,
            paragraph=a.paragraph,
            parent=a,
            kind=Amendment.Kind.REPLACE_TEXT,
            proposer=full[(i + 1) % len(full)],
            start=0,
            end=1,
            old_text=a.new_text[0],
            new_text="x",
            base_text_hash="h",
        )
        for i, a in enumerate(replaces[::20])
    )
    AmendmentSupport.objects.bulk_create(
        AmendmentSupport(
            amendment=a,
            member=full[(i + k + 1) % len(full)],
            kind=("cosponsor", "support", "oppose")[k],
        )
        for i, a in enumerate(made_amendments)
        for k in range(3)
    )
    brackets = Bracket.objects.bulk_create(
        Bracket(version=version, paragraph=p, start=0, end=5, text=text_of[p.pk][:5])
        for p in negotiable[::4]
    )
    BracketHolder.objects.bulk_create(
        BracketHolder(bracket=b, member=full[i % len(full)], reason="capital")
        for i, b in enumerate(brackets)
    )
    events = []
    for i, p in enumerate(negotiable):
        on = earlier if i % 2 == 0 else version  # unchanged texts keep their earlier positions
        for j, m in enumerate(full):
            if j % 3 == 0 and i % 2 == 1:
                continue  # the bloc's statement counts for them
            kind = ("support", "can_live_with", "object", "reserve")[(i + j) % 4]
            reason = "Not as drafted." if kind == "object" else ""
            events.append(
                PositionEvent(paragraph=p, version=on, member=m, kind=kind, reason=reason)
            )
        if i % 2 == 1:
            events.append(
                PositionEvent(
                    paragraph=p, version=on, member=full[0], on_behalf_of=bloc, kind="support"
                )
            )
    PositionEvent.objects.bulk_create(events)
    statuses = StatusEvent.objects.bulk_create(
        StatusEvent(
            paragraph=p, version=version, status=("agreed", "agreed_ad_ref", "dropped")[i % 3]
        )
        for i, p in enumerate(negotiable[1::5])
    )
    through = StatusEvent.pending_members.through
    through.objects.bulk_create(
        through(statusevent_id=s.pk, member_id=full[1].pk)
        for s in statuses
        if s.status == "agreed_ad_ref"
    )
    return Built(report, version, len(made_amendments) + len(subs))


def url(built: Built, tail: str = "compilation/") -> str:
    return f"/g/{built.report.group.slug}/positions/{built.report.slug}/v/2/{tail}"


def count(client: Any, path: str) -> tuple[int, Any]:
    client.get(path)  # warm the session and content-type caches
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return len(ctx.captured_queries), response


@pytest.fixture
def sizes(world: Any) -> tuple[Built, Built]:
    small = build(world, tag="short", paragraphs=8, amendments=14, members=3)
    large = build(world, tag="long", paragraphs=200, amendments=2000, members=40)
    return small, large


def test_the_compilation_reads_the_same_few_queries_at_any_size(world, client_as, sizes):
    small, large = sizes
    for reader in READERS:
        client = client_as(reader)
        few, _ = count(client, url(small))
        many, response = count(client, url(large))
        assert many == few, f"{reader}: {few} queries for 8 paragraphs, {many} for 200"
        assert many <= MAX_QUERIES, f"{reader}: {many} queries"
        html = response.content.decode()
        assert html.count('<section id="c-') == 200
        assert html.count('class="cmp-proposal ') == large.amendments > 2000
        assert ("cmp-positions" in html) == (reader != "anonymous")
    # The DOCX reads what the page reads (the chair's: positions included).
    client = client_as("chair")
    docx_few, _ = count(client, url(small, "compilation.docx"))
    docx_many, _ = count(client, url(large, "compilation.docx"))
    assert docx_many == docx_few <= MAX_QUERIES, (docx_few, docx_many)
