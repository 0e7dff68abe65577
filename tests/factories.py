"""factory_boy factories for the Django models; scenarios are built in conftest fixtures."""

from __future__ import annotations

import factory
from factory.django import DjangoModelFactory

from accord.accounts.models import User
from accord.groups.models import (
    Constituency,
    Member,
    NegotiatingGroup,
    NegotiatingGroupMembership,
    Role,
    WorkingGroup,
)


class UserFactory(DjangoModelFactory[User]):
    class Meta:
        model = User

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    display_name = factory.LazyAttribute(lambda o: o.username.title())
    password = factory.django.Password("correct-horse-battery")


class GroupFactory(DjangoModelFactory[WorkingGroup]):
    class Meta:
        model = WorkingGroup

    name = factory.Sequence(lambda n: f"Working Group {n}")
    slug = factory.Sequence(lambda n: f"wg-{n}")
    working_languages = ["en"]


class ConstituencyFactory(DjangoModelFactory[Constituency]):
    class Meta:
        model = Constituency

    group = factory.SubFactory(GroupFactory)
    name = factory.Sequence(lambda n: f"Constituency {n}")
    slug = factory.Sequence(lambda n: f"constituency-{n}")


class MemberFactory(DjangoModelFactory[Member]):
    class Meta:
        model = Member

    group = factory.SubFactory(GroupFactory)
    constituency = factory.SubFactory(ConstituencyFactory, group=factory.SelfAttribute("..group"))
    name = factory.Sequence(lambda n: f"Organisation {n}")
    kind = Member.Kind.ORGANISATION
    slug = factory.Sequence(lambda n: f"org-{n}")


class RoleFactory(DjangoModelFactory[Role]):
    class Meta:
        model = Role

    group = factory.SubFactory(GroupFactory)
    user = factory.SubFactory(UserFactory)
    kind = Role.Kind.OBSERVER


class NegotiatingGroupFactory(DjangoModelFactory[NegotiatingGroup]):
    """A bloc; add members with ``NegotiatingGroupMembershipFactory`` (or the services)."""

    class Meta:
        model = NegotiatingGroup

    group = factory.SubFactory(GroupFactory)
    name = factory.Sequence(lambda n: f"Negotiating Group {n}")
    short_name = factory.Sequence(lambda n: f"NG{n}")
    slug = factory.Sequence(lambda n: f"ng-{n}")


class NegotiatingGroupMembershipFactory(DjangoModelFactory[NegotiatingGroupMembership]):
    class Meta:
        model = NegotiatingGroupMembership

    negotiating_group = factory.SubFactory(NegotiatingGroupFactory)
    member = factory.SubFactory(
        MemberFactory, group=factory.SelfAttribute("..negotiating_group.group")
    )
