"""A working group with negotiating groups (import the ``blocs`` fixture into a conftest).

On top of ``world`` (Brazil, Sweden, Open Network Alliance; Switzerland an observer):
Egypt, South Africa and Norway; the G77 and China (Brazil, Egypt, South Africa; South Africa
coordinates), the Like-minded developing countries (Egypt) and the EU (Sweden); a delegate for
South Africa, Egypt and Norway each. Built through the services, as the secretariat would.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest

__all__ = ["Blocs", "blocs"]


@dataclass
class Blocs:
    world: Any
    groups: dict[str, Any] = field(default_factory=dict)  # slug → NegotiatingGroup
    delegates: dict[str, Any] = field(default_factory=dict)  # member key → user

    @property
    def g77(self) -> Any:
        return self.groups["g77"]

    @property
    def lmdc(self) -> Any:
        return self.groups["lmdc"]

    @property
    def eu(self) -> Any:
        return self.groups["eu"]

    def member(self, key: str) -> Any:
        return self.world.members[key]


@pytest.fixture
def blocs(world: Any) -> Blocs:
    from accord.groups import services
    from accord.groups.models import Member, Role
    from tests.factories import UserFactory

    secretariat = world.users["secretariat"]
    states = world.constituencies["member-states"]
    for iso3, name in [("EGY", "Egypt"), ("ZAF", "South Africa"), ("NOR", "Norway")]:
        world.members[iso3] = services.member_create(
            actor=secretariat,
            group=world.group,
            constituency=states,
            name=name,
            kind=Member.Kind.STATE,
            iso3=iso3,
        )
    m = world.members
    out = Blocs(world=world)
    out.groups["g77"] = services.negotiating_group_create(
        actor=secretariat,
        group=world.group,
        name="Group of 77 and China",
        short_name="G77 and China",
        slug="g77",
        aliases=["GROUP OF 77", "G77"],
        members=[m["BRA"], m["EGY"], m["ZAF"]],
        coordinator=m["ZAF"],
    )
    out.groups["lmdc"] = services.negotiating_group_create(
        actor=secretariat,
        group=world.group,
        name="Like-minded developing countries",
        short_name="LMDC",
        members=[m["EGY"]],
    )
    out.groups["eu"] = services.negotiating_group_create(
        actor=secretariat,
        group=world.group,
        name="European Union",
        short_name="EU",
        members=[m["SWE"]],
    )
    for key in ["ZAF", "EGY", "NOR"]:
        user = UserFactory(username=f"delegate-{key.lower()}")
        services.role_assign(
            actor=secretariat, group=world.group, user=user, kind=Role.Kind.DELEGATE, member=m[key]
        )
        out.delegates[key] = user
    out.delegates["BRA"] = world.users["delegate"]
    return out
