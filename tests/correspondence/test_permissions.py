"""Role × action: only the secretariat imports archives and manages lists."""

from __future__ import annotations

import pytest

from accord.common.errors import PermissionDenied
from accord.correspondence import services
from accord.correspondence.models import Message
from accord.correspondence.permissions import ACTIONS
from accord.groups.permissions import can
from tests.conftest import ROLES
from tests.correspondence.archives import THREAD

ALLOWED = {
    "correspondence.import": {"secretariat"},
    "correspondence.manage_lists": {"secretariat"},
}


def test_the_table_covers_every_action():
    assert set(ALLOWED) == set(ACTIONS)


@pytest.mark.parametrize("action", sorted(ALLOWED))
@pytest.mark.parametrize("role", ROLES)
def test_role_action_table(world, role, action):
    assert can(world.user(role), action, world.group) is (role in ALLOWED[action])


@pytest.mark.parametrize("role", ROLES)
def test_import_service_enforces_the_table(world, role):
    def run():
        return services.mail_archive_import_to_list(
            actor=world.user(role), group=world.group, data=THREAD, filename="t.mbox"
        )

    if role in ALLOWED["correspondence.import"]:
        assert run()[1].new_messages == 4
    else:
        with pytest.raises(PermissionDenied):
            run()
        assert Message.objects.count() == 0


@pytest.mark.parametrize("role", ROLES)
def test_list_services_enforce_the_table(world, role):
    def run():
        return services.mailing_list_create(actor=world.user(role), group=world.group, name="L")

    if role in ALLOWED["correspondence.manage_lists"]:
        mailing_list = run()
        services.mailing_list_update(
            actor=world.user(role), mailing_list=mailing_list, is_public=False
        )
    else:
        with pytest.raises(PermissionDenied):
            run()
