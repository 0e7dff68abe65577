"""A group in its decision phase: an issued, circulated version with three recommendations,
a delegate for each member, and a negotiating group (Brazil and Sweden as "G2")."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest

from accord.drafts.models import Report
from accord.groups.models import NegotiatingGroup, NegotiatingGroupMembership, Role
from accord.groups.services import role_assign
from tests.factories import UserFactory
from tests.positions.conftest import make_version

TEXTS = {
    "PP1": "Recalling the mandate given to the working group,",
    "OP1": "Recommends that all stakeholders take part fully in the follow-up;",
    "OP2": "Recommends a new intergovernmental mechanism on enhanced cooperation;",
    "OP3": "Invites the secretariat to report annually on progress;",
}


@dataclass
class Decision:
    world: Any
    report: Any
    version: Any
    bloc: Any
    paragraphs: dict[str, Any] = field(default_factory=dict)
    delegates: dict[str, Any] = field(default_factory=dict)

    def p(self, key: str) -> Any:
        return self.paragraphs[key]

    @property
    def chair(self) -> Any:
        return self.world.users["chair"]


@pytest.fixture
def dec(world: Any) -> Decision:
    report = Report.objects.create(group=world.group, title="Recommendations", slug="recs")
    paragraphs: dict[str, Any] = {}
    version = make_version(report, 1, TEXTS, paragraphs)
    delegates = {"BRA": world.users["delegate"]}
    for code in ("SWE", "cs"):
        user = UserFactory(username=f"delegate-{code.lower()}")
        role_assign(
            actor=world.users["secretariat"],
            group=world.group,
            user=user,
            kind=Role.Kind.DELEGATE,
            member=world.members[code],
        )
        delegates[code] = user
    bloc = NegotiatingGroup.objects.create(
        group=world.group, name="Group of Two", short_name="G2", slug="g2"
    )
    for code in ("BRA", "SWE"):
        NegotiatingGroupMembership.objects.create(
            negotiating_group=bloc, member=world.members[code]
        )
    return Decision(world, report, version, bloc, paragraphs, delegates)
