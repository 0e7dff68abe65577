"""A long negotiation built in a few seconds with ``bulk_create``, for the query-count tests.

On top of ``world``: ``members`` more full members across the constituencies, a report with an
issued Zero draft and Rev.1 (``paragraphs`` paragraphs, a heading every 20; every other text
unchanged from the Zero draft, so positions carry over), and on Rev.1 ``amendments`` amendments
(replacements placed in the text, paragraph-level ones, amendments to amendments) with supports,
open brackets with holders, every member's position on every paragraph (objections with their
reasons, some through a negotiating group's statement, some on the Zero draft and carried over),
statuses (agreed, ad referendum with pending members, dropped), option groups and the
facilitator's informal consultation. No services: the tests count the screen's reads, not these
writes (which also write no audit events).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from accord.drafts.models import (
    Amendment,
    AmendmentSupport,
    Bracket,
    BracketHolder,
    InformalConsultation,
    OptionGroup,
    Paragraph,
    Report,
    Version,
    VersionParagraph,
)
from accord.groups.models import Member, NegotiatingGroup, NegotiatingGroupMembership
from accord.positions.models import PositionEvent, StatusEvent

WORDS = [
    "recommends",
    "encourages",
    "cooperation",
    "stakeholders",
    "capacity",
    "digital",
    "participation",
    "forum",
    "development",
    "governments",
    "secretariat",
    "resources",
    "regional",
    "international",
    "access",
    "policy",
]


@dataclass
class Large:
    report: Report
    v1: Version
    v2: Version
    paragraphs: list[Paragraph]
    members: list[Member]


def _text(n: int, words: int = 24) -> str:
    return " ".join(WORDS[(n * 7 + i * 3) % len(WORDS)] for i in range(words)) + ";"


def _version(report: Report, number: int, label: str) -> Version:
    return Version.objects.create(
        report=report,
        number=number,
        kind=Version.Kind.ZERO_DRAFT if number == 1 else Version.Kind.REVISION,
        label=label,
    )


def _issue(version: Version) -> Version:
    Version.objects.filter(pk=version.pk).update(
        status=Version.Status.ISSUED,
        issued_at=timezone.now(),
        content_hash="x" * 64,
        is_circulated=True,
    )
    version.refresh_from_db()
    return version


def build_large(
    world: Any,
    *,
    paragraphs: int = 200,
    amendments: int = 2000,
    members: int = 40,
    tag: str = "long",
) -> Large:
    group = world.group
    constituencies = list(group.constituencies.order_by("order"))
    Member.objects.bulk_create(
        Member(
            group=group,
            constituency=constituencies[i % len(constituencies)],
            name=f"Delegation {tag} {i:03d}",
            kind=Member.Kind.STATE if i % len(constituencies) == 0 else Member.Kind.ORGANISATION,
            slug=f"{tag}-delegation-{i:03d}",
            iso3="",
        )
        for i in range(members)
    )
    full = list(Member.objects.filter(group=group, status=Member.Status.MEMBER).order_by("pk"))
    report = Report.objects.create(group=group, title="A long negotiation", slug=tag)
    rows = []
    for n in range(paragraphs):
        if n % 20 == 0:
            rows.append(Paragraph(report=report, key=f"H{n // 20 + 1}", kind="heading"))
        elif n < 30:
            rows.append(Paragraph(report=report, key=f"PP{n}", kind=Paragraph.Kind.PREAMBULAR))
        else:
            rows.append(Paragraph(report=report, key=f"OP{n}", kind=Paragraph.Kind.OPERATIVE))
    made = Paragraph.objects.bulk_create(rows)
    texts = {
        p.pk: _text(i) if p.kind != "heading" else f"Section {i // 20 + 1}"
        for i, p in enumerate(made)
    }
    v1 = _version(report, 1, "Zero draft")
    v2 = _version(report, 2, "Rev.1")
    for version, changed in ((v1, False), (v2, True)):
        VersionParagraph.objects.bulk_create(
            VersionParagraph(
                version=version,
                paragraph=p,
                order=i + 1,
                display_number=(f"{i}." if p.kind == Paragraph.Kind.OPERATIVE else ""),
                # Rev.1 rewords every other paragraph: their positions start afresh.
                text=texts[p.pk] + (" Revised." if changed and i % 2 else ""),
            )
            for i, p in enumerate(made)
        )
    v1, v2 = _issue(v1), _issue(v2)
    negotiable = [p for p in made if p.kind != "heading"]
    text_of = {vp.paragraph_id: vp.text for vp in VersionParagraph.objects.filter(version=v2)}
    # Amendments on Rev.1: replacements placed in the text, some paragraph-level, some to others.
    amend = []
    for i in range(amendments):
        p = negotiable[i % len(negotiable)]
        text = text_of[p.pk]
        word = text.split(" ")[i % 5]
        start = text.find(word)
        kind = Amendment.Kind.REPLACE_TEXT
        if i % 10 == 9:
            kind = Amendment.Kind.DELETE_PARAGRAPH
        amend.append(
            Amendment(
                version=v2,
                paragraph=p,
                kind=kind,
                proposer=full[i % len(full)],
                start=start if kind == Amendment.Kind.REPLACE_TEXT else None,
                end=start + len(word) if kind == Amendment.Kind.REPLACE_TEXT else None,
                old_text=word if kind == Amendment.Kind.REPLACE_TEXT else "",
                new_text=WORDS[i % len(WORDS)] if kind == Amendment.Kind.REPLACE_TEXT else "",
                base_text_hash="h",
                rationale="Clearer.",
            )
        )
    amend = Amendment.objects.bulk_create(amend)
    subs = [
        Amendment(
            version=v2,
            paragraph=a.paragraph,
            kind=Amendment.Kind.REPLACE_TEXT,
            parent=a,
            proposer=full[(i + 3) % len(full)],
            new_text="better",
            old_text=a.new_text,
            base_text_hash="h",
        )
        for i, a in enumerate(amend[: amendments // 20])
        if a.kind == Amendment.Kind.REPLACE_TEXT
    ]
    Amendment.objects.bulk_create(subs)
    AmendmentSupport.objects.bulk_create(
        AmendmentSupport(
            amendment=a,
            member=full[(i + k + 1) % len(full)],
            kind=("cosponsor", "support", "oppose")[k],
        )
        for i, a in enumerate(amend)
        for k in range(3)
    )
    # Open brackets on every fifth paragraph, each held by two members.
    brackets = Bracket.objects.bulk_create(
        Bracket(
            version=v2,
            paragraph=p,
            start=0,
            end=len(text_of[p.pk].split(" ")[0]),
            text=text_of[p.pk].split(" ")[0],
        )
        for p in negotiable[::5]
    )
    BracketHolder.objects.bulk_create(
        BracketHolder(bracket=b, member=full[(i + k) % len(full)], reason="capital")
        for i, b in enumerate(brackets)
        for k in range(2)
    )
    # A negotiating group of a quarter of the members, speaking on every third paragraph.
    bloc = NegotiatingGroup.objects.create(group=group, name=f"Bloc {tag}", slug=f"{tag}-bloc")
    NegotiatingGroupMembership.objects.bulk_create(
        NegotiatingGroupMembership(negotiating_group=bloc, member=m) for m in full[::4]
    )
    events = []
    for i, p in enumerate(negotiable):
        version = v1 if i % 2 == 0 else v2  # unchanged texts: their Zero-draft positions count
        for j, m in enumerate(full):
            if j % 4 == 0 and i % 3 == 0:
                continue  # the bloc speaks for them
            kind = ("support", "support", "can_live_with", "object", "reserve")[(i + j) % 5]
            events.append(
                PositionEvent(
                    paragraph=p,
                    version=version,
                    member=m,
                    kind=kind,
                    reason="Not as drafted." if kind == "object" else "",
                )
            )
        if i % 3 == 0:
            events.append(
                PositionEvent(
                    paragraph=p,
                    version=version,
                    member=full[0],
                    on_behalf_of=bloc,
                    kind="object",
                    reason="The bloc cannot accept it.",
                )
            )
    PositionEvent.objects.bulk_create(events)
    statuses = []
    for i, p in enumerate(negotiable[: max(4, len(negotiable) // 3)]):
        status = ("agreed", "agreed_ad_ref", "dropped", "bracketed")[i % 4]
        statuses.append(StatusEvent(paragraph=p, version=v2, status=status, note="Settled."))
    statuses = StatusEvent.objects.bulk_create(statuses)
    through = StatusEvent.pending_members.through
    through.objects.bulk_create(
        through(statusevent_id=s.pk, member_id=full[k].pk)
        for s in statuses
        if s.status == "agreed_ad_ref"
        for k in range(2)
    )
    for n in range(0, min(40, len(negotiable) - 1), 10):
        og = OptionGroup.objects.create(version=v2, label=f"Options {n}")
        og.paragraphs.add(negotiable[n], negotiable[n + 1])
    consultation = InformalConsultation.objects.create(
        report=report,
        title="Informals on the operative part",
        facilitator=world.users["facilitator"],
    )
    fifth = len(negotiable) // 5
    consultation.paragraphs.add(*negotiable[fifth : fifth + max(2, len(negotiable) // 10)])
    return Large(report=report, v1=v1, v2=v2, paragraphs=made, members=full)
