"""Role × action table for positions: every role of tests.conftest.ROLES against every action."""

from __future__ import annotations

import pytest

from accord.common.errors import ApplicationError, PermissionDenied
from accord.drafts.models import InformalConsultation
from accord.positions import selectors, services
from accord.positions.models import PositionEvent, StatusEvent
from tests.conftest import ROLES

ALLOWED = {
    "record": {"delegate"},
    "set_status": {"chair"},  # on a paragraph outside any consultation
    "set_status_in_consultation": {"chair", "facilitator"},  # OP2, in the facilitator's remit
    "confirm_ad_ref": {"delegate"},  # Brazil's delegate; Brazil is pending
    # Agree OP2 (in the facilitator's remit) over Brazil's objection: the Chair only.
    "determine": {"chair"},
    "read_positions": {"secretariat", "chair", "vice_chair", "facilitator", "delegate", "observer"},
}


def _act(action, world, neg, user):
    if action == "record":
        return services.position_record(
            actor=user, version=neg.v1, paragraph=neg.p("OP2"), kind="support"
        )
    if action == "set_status":
        return services.status_set(
            actor=user, version=neg.v1, paragraph=neg.p("PP1"), status="agreed"
        )
    if action == "set_status_in_consultation":
        return services.status_set(
            actor=user, version=neg.v1, paragraph=neg.p("OP2"), status="agreed"
        )
    if action == "determine":
        return services.status_set(
            actor=user,
            version=neg.v1,
            paragraph=neg.p("OP2"),
            status="agreed",
            determination="Broad support across constituencies.",
        )
    if action == "confirm_ad_ref":
        return services.ad_referendum_confirm(actor=user, version=neg.v1, paragraph=neg.p("OP1"))
    if not selectors.positions_visible(user, world.group):
        raise PermissionDenied("members only")
    return None


@pytest.mark.parametrize("action", sorted(ALLOWED))
@pytest.mark.parametrize("role", ROLES)
def test_role_action_table(world, neg, role, action):
    consultation = InformalConsultation.objects.create(
        report=neg.report, title="OP2", facilitator=world.users["facilitator"]
    )
    consultation.paragraphs.add(neg.p("OP2"))
    services.status_set(
        actor=world.users["chair"],
        version=neg.v1,
        paragraph=neg.p("OP1"),
        status="agreed_ad_ref",
        pending_members=[world.members["BRA"]],
    )
    if action == "determine":
        services.position_record(
            actor=world.users["delegate"],
            version=neg.v1,
            paragraph=neg.p("OP2"),
            kind="object",
            reason="The forum must be intergovernmental.",
        )
    before = (PositionEvent.objects.count(), StatusEvent.objects.count())
    user = world.user(role)
    if role in ALLOWED[action]:
        _act(action, world, neg, user)
    else:
        with pytest.raises(ApplicationError) as exc:
            _act(action, world, neg, user)
        assert isinstance(exc.value, PermissionDenied), exc.value
        assert (PositionEvent.objects.count(), StatusEvent.objects.count()) == before
