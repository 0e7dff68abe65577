"""Who sees a job: the one who started it, and the group's secretariat and chair."""

from __future__ import annotations

from typing import Any

from accord.groups.permissions import CHAIR, SECRETARIAT, can, register_actions

from .models import Job

JOB_ACTIONS: dict[str, frozenset[str]] = {
    # Besides its starter: those who answer for the group's records.
    "jobs.view_any": frozenset({SECRETARIAT, CHAIR}),
}

register_actions(JOB_ACTIONS)


def can_view_job(user: Any, job: Job) -> bool:
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    if job.started_by_id is not None and job.started_by_id == user.pk:
        return True
    return can(user, "jobs.view_any", job.group)
