"""Who may draft, amend, bracket and issue. Facilitators are further limited to the paragraphs
of their informal consultation (checked in the services with ``facilitator_may_act``)."""

from __future__ import annotations

from typing import Any

from accord.groups.permissions import (
    ALL_ROLES,
    CHAIR,
    DELEGATE,
    FACILITATOR,
    SECRETARIAT,
    VICE_CHAIR,
    register_actions,
)

from .models import InformalConsultation

DRAFT_ACTIONS: dict[str, frozenset[str]] = {
    "drafts.view": ALL_ROLES,  # circulated versions; published ones are public
    "drafts.create": frozenset({CHAIR, SECRETARIAT}),  # reports and draft versions, import
    "drafts.edit": frozenset({CHAIR, SECRETARIAT}),  # the text of a version not yet issued
    "drafts.issue": frozenset({CHAIR}),  # only the chair issues versions
    "drafts.publish": frozenset({CHAIR, SECRETARIAT}),
    "drafts.amend": frozenset({DELEGATE, FACILITATOR, CHAIR, VICE_CHAIR}),
    "drafts.support_amendment": frozenset({DELEGATE}),
    "drafts.decide_amendment": frozenset({CHAIR}),  # incorporate / not / merge
    "drafts.bracket": frozenset({DELEGATE}),
    "drafts.manage_consultations": frozenset({CHAIR}),
}

register_actions(DRAFT_ACTIONS)


def facilitator_may_act(user: Any, paragraph: Any) -> bool:
    """A facilitator acts only on paragraphs of an open consultation they facilitate."""
    return InformalConsultation.objects.filter(
        facilitator=user, is_open=True, paragraphs=paragraph
    ).exists()
