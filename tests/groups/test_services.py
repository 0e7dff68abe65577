from __future__ import annotations

import pytest
from django.core import mail
from django.test import TestCase

from accord.common.audit import audit_verify
from accord.common.errors import Conflict, Gone, NotFound, PermissionDenied, ValidationFailed
from accord.common.models import AuditEvent
from accord.groups import selectors, services
from accord.groups.models import Member, Role
from tests.append_only import append_only_lifted


def test_group_create_makes_default_constituencies_and_secretariat(world):
    group = world.group
    assert [c.name for c in group.constituencies.order_by("order")] == [
        "Member States",
        "Private sector",
        "Civil society",
        "Technical and academic community",
        "Intergovernmental and international organisations",
    ]
    assert [c.seats for c in group.constituencies.order_by("order")] == [None, 5, 5, 5, 5]
    assert Role.objects.get(group=group, user=world.users["secretariat"]).kind == "secretariat"
    assert group.slug == "wgec"


def test_only_staff_create_groups(world):
    with pytest.raises(PermissionDenied):
        services.group_create(actor=world.users["chair"], name="Another group")


def test_state_member_needs_iso3_and_is_unique(world):
    states = world.constituencies["member-states"]
    with pytest.raises(ValidationFailed, match="ISO 3166"):
        services.member_create(
            actor=world.users["secretariat"],
            group=world.group,
            constituency=states,
            name="Atlantis",
            kind=Member.Kind.STATE,
            iso3="AT",
        )
    with pytest.raises(Conflict):
        services.member_create(
            actor=world.users["secretariat"],
            group=world.group,
            constituency=states,
            name="Brasil",
            kind=Member.Kind.STATE,
            iso3="bra",
        )
    assert world.group.members.filter(iso3="BRA").count() == 1


def test_delegate_cannot_manage_members(world):
    with pytest.raises(PermissionDenied):
        services.member_create(
            actor=world.users["delegate"],
            group=world.group,
            constituency=world.constituencies["private-sector"],
            name="Acme",
            kind=Member.Kind.ORGANISATION,
        )


def test_delegate_role_requires_member(world):
    with pytest.raises(ValidationFailed, match="acts for a member"):
        services.role_assign(
            actor=world.users["secretariat"],
            group=world.group,
            user=world.users["outsider"],
            kind="delegate",
        )


def test_invitation_mails_a_link_that_works_once(world, db):
    with TestCase.captureOnCommitCallbacks(execute=True):
        _invitation, token = services.invitation_create(
            actor=world.users["secretariat"],
            group=world.group,
            email="Ana@Example.org",
            kind="delegate",
            member=world.members["SWE"],
            accept_url_base="https://accord.example",
        )
    assert len(mail.outbox) == 1
    assert f"https://accord.example/accounts/invitation/{token}/" in mail.outbox[0].body
    assert "for Sweden" in mail.outbox[0].body
    role = services.invitation_accept(token=token, password="a-long-password", display_name="Ana")
    assert role.user.email == "ana@example.org"
    assert role.member == world.members["SWE"]
    assert selectors.member_for_user(user=role.user, group=world.group) == world.members["SWE"]
    with pytest.raises(Gone, match="already been used"):
        services.invitation_accept(token=token, password="another-password")
    with pytest.raises(NotFound):
        services.invitation_accept(token="not-a-token", password="another-password")


def test_every_write_is_audited_in_a_verifiable_chain(world):
    actions = list(AuditEvent.objects.values_list("action", flat=True))
    assert actions.count("accord.member.create") == 4
    assert actions.count("accord.role.assign") == 5
    assert audit_verify() == (True, None)
    event = AuditEvent.objects.filter(action="accord.member.create").first()
    with append_only_lifted():  # the database refuses it otherwise; the chain must see it too
        AuditEvent.objects.filter(pk=event.pk).update(data={"tampered": True})
    ok, broken = audit_verify()
    assert ok is False and broken == event.pk
