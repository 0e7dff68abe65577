"""Role × action table for ``outcomes.track``: every role of tests.conftest.ROLES against every
follow-up write; a refused write is a PermissionDenied and leaves nothing behind."""

# ruff: noqa: F811  (fixtures imported from followup_fixtures)

from __future__ import annotations

from datetime import date

import pytest

from accord.common.errors import ApplicationError, PermissionDenied
from accord.common.models import AuditEvent
from accord.groups.permissions import ACTIONS
from accord.outcomes.models import ProgressReport, Recommendation
from accord.outcomes.selectors import followup as selectors
from accord.outcomes.services import followup as services
from tests.conftest import ROLES
from tests.outcomes.followup_fixtures import fu, tracked  # noqa: F401

TRACKERS = {"secretariat", "chair"}
ALLOWED = {
    "track": TRACKERS,
    "update": TRACKERS,
    "report_add": TRACKERS,
    "import_csv": TRACKERS,
    "read_tracker": set(ROLES),  # public once the outcome is issued
}
CSV = (
    b"public_id,reported_on,status,progress,text,reporting_body,source_url\n"
    b"WGEC-2026-R1,2026-05-01,in_progress,20,Imported.,,\n"
)


def test_the_table_matches_the_registered_action():
    assert ACTIONS["outcomes.track"] == frozenset(TRACKERS)


def _act(action, f, user):
    r = Recommendation.objects.get(public_id="WGEC-2026-R1")
    if action == "track":
        return services.recommendations_track(actor=user, outcome=f.outcome)
    if action == "update":
        return services.recommendation_update(
            actor=user, recommendation=r, responsible_bodies="ITU", review_date=date(2027, 1, 1)
        )
    if action == "report_add":
        return services.progress_report_add(
            actor=user,
            recommendation=r,
            reported_on=date(2026, 5, 1),
            status="in_progress",
            progress=10,
            text="Work.",
        )
    if action == "import_csv":
        return services.progress_reports_import_csv(actor=user, group=f.group, data=CSV)
    tracker = selectors.tracker_for_viewer(viewer=user, group=f.group)
    assert [x.public_id for x in tracker.recommendations] == [
        "WGEC-2026-R1",
        "WGEC-2026-R2",
        "WGEC-2026-R3",
    ]
    return selectors.recommendation_story_for_viewer(
        viewer=user, group=f.group, public_id="WGEC-2026-R1"
    )


@pytest.mark.parametrize("action", sorted(ALLOWED))
@pytest.mark.parametrize("role", ROLES)
def test_role_action_table(tracked, role, action):
    user = tracked.user(role)
    before = (
        Recommendation.objects.count(),
        ProgressReport.objects.count(),
        AuditEvent.objects.count(),
        list(Recommendation.objects.values_list("responsible_bodies", "review_date")),
    )
    assert selectors.may_track(user, tracked.group) == (role in TRACKERS)
    if role in ALLOWED[action]:
        _act(action, tracked, user)
    else:
        with pytest.raises(ApplicationError) as exc:
            _act(action, tracked, user)
        assert isinstance(exc.value, PermissionDenied), exc.value
        after = (
            Recommendation.objects.count(),
            ProgressReport.objects.count(),
            AuditEvent.objects.count(),
            list(Recommendation.objects.values_list("responsible_bodies", "review_date")),
        )
        assert after == before
