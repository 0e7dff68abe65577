"""Negotiating groups (blocs): the secretariat defines them; every bad input writes nothing."""

from __future__ import annotations

import pytest

from accord.common.errors import (
    ApplicationError,
    Conflict,
    NotFound,
    PermissionDenied,
    ValidationFailed,
)
from accord.common.models import AuditEvent
from accord.groups import selectors, services
from accord.groups.models import Member, NegotiatingGroup, NegotiatingGroupMembership
from tests.conftest import ROLES


def create(world, actor=None, **kw):
    kw.setdefault("name", "African Group")
    return services.negotiating_group_create(
        actor=actor or world.users["secretariat"], group=world.group, **kw
    )


def counts():
    return NegotiatingGroup.objects.count(), NegotiatingGroupMembership.objects.count()


def test_create_with_members_coordinator_aliases(world, blocs):
    g77 = blocs.g77
    assert (g77.name, g77.short_name, g77.slug, str(g77)) == (
        "Group of 77 and China",
        "G77 and China",
        "g77",
        "G77 and China",
    )
    assert g77.aliases == ["GROUP OF 77", "G77"] and g77.coordinator == blocs.member("ZAF")
    assert sorted(m.iso3 for m in g77.members.all()) == ["BRA", "EGY", "ZAF"]
    event = AuditEvent.objects.get(action="accord.negotiating_group.create", data__slug="g77")
    assert event.data["members"] == ["bra", "egy", "zaf"] and event.data["coordinator"] == "zaf"
    # Slug from the short name, aliases cleaned and deduplicated.
    group = create(world, short_name="AGN", aliases=[" African  Group ", "african group", ""])
    assert group.slug == "agn" and group.aliases == ["African Group"]


def test_member_listed_twice_names_it_and_creates_nothing(world, blocs):
    before = counts()
    with pytest.raises(ValidationFailed, match="Egypt is listed twice") as exc:
        create(world, members=[blocs.member("EGY"), blocs.member("ZAF"), blocs.member("EGY")])
    assert "members" in exc.value.fields
    assert counts() == before


def test_member_of_another_working_group_is_refused(world, blocs, staff_user):
    other = services.group_create(actor=staff_user, name="Another group")
    stranger = services.member_create(
        actor=staff_user,
        group=other,
        constituency=other.constituencies.first(),
        name="Atlantis",
        kind=Member.Kind.STATE,
        iso3="ATL",
    )
    before = counts()
    with pytest.raises(ValidationFailed, match="Atlantis is not a member of this working group"):
        create(world, members=[blocs.member("EGY"), stranger])
    with pytest.raises(ValidationFailed):
        services.negotiating_group_add_member(
            actor=staff_user, negotiating_group=blocs.g77, member=stranger
        )
    assert counts() == before


def test_observers_cannot_be_in_a_negotiating_group(world, blocs):
    before = counts()
    with pytest.raises(ValidationFailed, match="Switzerland is an observer"):
        create(world, members=[world.members["CHE"]])
    with pytest.raises(ValidationFailed, match="observer"):
        services.negotiating_group_add_member(
            actor=world.users["secretariat"],
            negotiating_group=blocs.eu,
            member=world.members["CHE"],
        )
    assert counts() == before


def test_duplicate_slug_is_a_conflict(world, blocs):
    before = counts()
    with pytest.raises(Conflict, match="'g77' already exists"):
        create(world, name="Group of Seventy-Seven", slug="G77")
    with pytest.raises(Conflict):
        services.negotiating_group_update(
            actor=world.users["secretariat"], negotiating_group=blocs.eu, slug="lmdc"
        )
    assert counts() == before


@pytest.mark.parametrize(
    ("kw", "field"),
    [({"name": "  "}, "name"), ({"name": "x" * 201}, "name"), ({"name": "—", "slug": ""}, "slug")],
)
def test_bad_names(world, kw, field):
    with pytest.raises(ValidationFailed) as exc:
        create(world, **kw)
    assert field in exc.value.fields
    assert counts() == (0, 0)


def test_coordinator_must_be_a_member(world, blocs):
    with pytest.raises(ValidationFailed, match="coordinator, Norway"):
        create(world, members=[blocs.member("EGY")], coordinator=blocs.member("NOR"))
    with pytest.raises(ValidationFailed, match="coordinator"):
        services.negotiating_group_update(
            actor=world.users["secretariat"],
            negotiating_group=blocs.g77,
            coordinator=blocs.member("NOR"),
        )
    blocs.g77.refresh_from_db()
    assert blocs.g77.coordinator == blocs.member("ZAF")


def test_update(world, blocs):
    updated = services.negotiating_group_update(
        actor=world.users["secretariat"],
        negotiating_group=blocs.g77,
        short_name="G-77",
        aliases=["G77"],
        coordinator=blocs.member("EGY"),
    )
    assert (updated.short_name, updated.slug, updated.aliases) == ("G-77", "g77", ["G77"])
    assert updated.coordinator == blocs.member("EGY")
    event = AuditEvent.objects.filter(action="accord.negotiating_group.update").get()
    assert event.data["fields"] == ["aliases", "coordinator", "short_name"]
    cleared = services.negotiating_group_update(
        actor=world.users["secretariat"], negotiating_group=updated, coordinator=None
    )
    assert cleared.coordinator is None


def test_add_and_remove_members(world, blocs):
    secretariat = world.users["secretariat"]
    services.negotiating_group_add_member(
        actor=secretariat, negotiating_group=blocs.lmdc, member=blocs.member("BRA")
    )
    with pytest.raises(Conflict, match="Brazil is already in LMDC"):
        services.negotiating_group_add_member(
            actor=secretariat, negotiating_group=blocs.lmdc, member=blocs.member("BRA")
        )
    assert selectors.member_may_speak_for(blocs.member("BRA"), blocs.lmdc)
    services.negotiating_group_remove_member(
        actor=secretariat, negotiating_group=blocs.g77, member=blocs.member("ZAF")
    )
    blocs.g77.refresh_from_db()
    assert blocs.g77.coordinator is None  # the coordinator left the group
    assert not selectors.member_may_speak_for(blocs.member("ZAF"), blocs.g77)
    with pytest.raises(NotFound, match="South Africa is not in G77 and China"):
        services.negotiating_group_remove_member(
            actor=secretariat, negotiating_group=blocs.g77, member=blocs.member("ZAF")
        )
    actions = AuditEvent.objects.filter(action__startswith="accord.negotiating_group.")
    assert set(actions.values_list("action", flat=True)) == {
        "accord.negotiating_group.create",
        "accord.negotiating_group.add_member",
        "accord.negotiating_group.remove_member",
    }


def test_delete(world, blocs):
    services.negotiating_group_delete(actor=world.users["secretariat"], negotiating_group=blocs.eu)
    assert not NegotiatingGroup.objects.filter(slug="eu").exists()
    assert AuditEvent.objects.filter(action="accord.negotiating_group.delete").count() == 1


def test_selectors(world, blocs, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):
        listed = selectors.negotiating_group_list(group=world.group)
        names = [(g.slug, [m.name for m in g.members.all()]) for g in listed]
    assert names == [
        ("eu", ["Sweden"]),
        ("g77", ["Brazil", "Egypt", "South Africa"]),
        ("lmdc", ["Egypt"]),
    ]
    assert [g.slug for g in selectors.negotiating_groups_of_member(member=blocs.member("EGY"))] == [
        "g77",
        "lmdc",
    ]
    assert selectors.negotiating_groups_of_member(member=blocs.member("NOR")) == []
    with django_assert_max_num_queries(1):
        memberships = selectors.negotiating_group_memberships(group_id=world.group.pk)
    egy, bra, zaf = (blocs.member(k).pk for k in ["EGY", "BRA", "ZAF"])
    assert memberships[blocs.g77.pk] == [bra, egy, zaf] and memberships[blocs.lmdc.pk] == [egy]
    with django_assert_max_num_queries(2):
        by_member = selectors.negotiating_groups_by_member(group=world.group)
    assert [g.slug for g in by_member[egy]] == ["g77", "lmdc"] and blocs.member(
        "NOR"
    ).pk not in by_member
    assert selectors.negotiating_group_get(group=world.group, slug="g77") == blocs.g77
    with pytest.raises(NotFound):
        selectors.negotiating_group_get(group=world.group, slug="nope")


def test_may_speak_for(world, blocs, staff_user):
    assert selectors.member_may_speak_for(blocs.member("ZAF"), blocs.g77)
    assert not selectors.member_may_speak_for(blocs.member("NOR"), blocs.g77)
    assert not selectors.member_may_speak_for(blocs.member("SWE"), blocs.g77)
    # A member turned observer no longer speaks for its group.
    Member.objects.filter(pk=blocs.member("EGY").pk).update(status=Member.Status.OBSERVER)
    blocs.member("EGY").refresh_from_db()
    assert not selectors.member_may_speak_for(blocs.member("EGY"), blocs.g77)
    assert (
        blocs.member("EGY").pk
        not in selectors.negotiating_group_memberships(group_id=world.group.pk)[blocs.g77.pk]
    )


ACTIONS = ["create", "update", "add_member", "remove_member", "delete"]
ALLOWED = {"secretariat"}


def _act(action, world, blocs, user):
    if action == "create":
        return create(world, actor=user, name="Arab Group", members=[blocs.member("EGY")])
    if action == "update":
        return services.negotiating_group_update(
            actor=user, negotiating_group=blocs.g77, name="Group of 77"
        )
    if action == "add_member":
        return services.negotiating_group_add_member(
            actor=user, negotiating_group=blocs.lmdc, member=blocs.member("BRA")
        )
    if action == "remove_member":
        return services.negotiating_group_remove_member(
            actor=user, negotiating_group=blocs.g77, member=blocs.member("BRA")
        )
    return services.negotiating_group_delete(actor=user, negotiating_group=blocs.eu)


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("role", ROLES)
def test_role_action_table(world, blocs, role, action):
    before = (counts(), list(NegotiatingGroup.objects.values_list("name", flat=True)))
    audits = AuditEvent.objects.count()
    user = world.user(role)
    if role in ALLOWED:
        _act(action, world, blocs, user)
        assert AuditEvent.objects.count() == audits + 1
    else:
        with pytest.raises(ApplicationError) as exc:
            _act(action, world, blocs, user)
        assert isinstance(exc.value, PermissionDenied), exc.value
        assert (counts(), list(NegotiatingGroup.objects.values_list("name", flat=True))) == before
        assert AuditEvent.objects.count() == audits
