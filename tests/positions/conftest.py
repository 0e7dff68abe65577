"""A report with issued versions built through the ORM (the drafts services belong to other
helpers; issued versions are sealed with a queryset update, as the triggers allow)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.utils import timezone

from accord.accounts.services import api_token_create
from accord.drafts.models import Paragraph, Report, Version, VersionParagraph

TEXTS = {
    "PP1": "Recalling the Tunis Agenda for the Information Society,",
    "OP1": "Decides to establish a [standing][temporary] forum on enhanced cooperation;",
    "OP2": "Invites all stakeholders to contribute to the work of the forum;",
}


@dataclass
class Negotiation:
    report: Any
    v1: Any
    paragraphs: dict[str, Any] = field(default_factory=dict)

    def p(self, key: str) -> Any:
        return self.paragraphs[key]


def make_version(
    report: Any,
    number: int,
    texts: dict[str, str],
    paragraphs: dict[str, Any],
    *,
    issued: bool = True,
    circulated: bool = True,
    published: bool = False,
    label: str = "",
) -> Any:
    version = Version.objects.create(
        report=report,
        number=number,
        kind=Version.Kind.ZERO_DRAFT if number == 1 else Version.Kind.REVISION,
        label=label or ("Zero draft" if number == 1 else f"Rev.{number - 1}"),
    )
    for order, (key, text) in enumerate(texts.items(), 1):
        if key not in paragraphs:
            kind = Paragraph.Kind.PREAMBULAR if key.startswith("PP") else Paragraph.Kind.OPERATIVE
            paragraphs[key] = Paragraph.objects.create(
                report=report, key=key, kind=kind, created_in=version
            )
        VersionParagraph.objects.create(
            version=version,
            paragraph=paragraphs[key],
            order=order,
            display_number=f"{key[2:]}." if key.startswith("OP") else "",
            text=text,
        )
    if issued:
        Version.objects.filter(pk=version.pk).update(
            status=Version.Status.ISSUED,
            issued_at=timezone.now(),
            content_hash="x" * 64,
            is_circulated=circulated,
            is_published=published,
        )
        version.refresh_from_db()
    return version


@pytest.fixture
def neg(world: Any) -> Negotiation:
    report = Report.objects.create(
        group=world.group, title="Recommendations on enhanced cooperation", slug="recs"
    )
    paragraphs: dict[str, Any] = {}
    v1 = make_version(report, 1, TEXTS, paragraphs)
    return Negotiation(report=report, v1=v1, paragraphs=paragraphs)


@pytest.fixture
def auth(world: Any) -> Any:
    def header(role: str) -> dict[str, str]:
        if role == "anonymous":
            return {}
        _, key = api_token_create(user=world.users[role], name="test")
        return {"HTTP_AUTHORIZATION": f"Bearer {key}"}

    return header


def post_json(client: Any, path: str, body: dict[str, Any], headers: dict[str, str]) -> Any:
    return client.post(path, json.dumps(body), content_type="application/json", **headers)


from tests.groups.blocs import blocs  # noqa: E402, F401 (fixture: negotiating groups)
