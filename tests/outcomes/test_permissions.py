"""Role × action table for decision and outcome: every role of tests.conftest.ROLES against
every action; a refused action records nothing."""

from __future__ import annotations

import datetime as dt

import pytest

from accord.common.errors import ApplicationError, NotFound, PermissionDenied
from accord.common.models import AuditEvent
from accord.outcomes.models import (
    Annex,
    AnnexPoint,
    ConsensusCall,
    Determination,
    Explanation,
    Outcome,
    PackageCondition,
    SilenceBreak,
    SilenceProcedure,
    StanceEvent,
)
from accord.outcomes.selectors.calls import call_get_for_viewer
from accord.outcomes.selectors.outcomes import outcome_get_for_viewer
from accord.outcomes.services import calls, outcomes, package, silence
from tests.conftest import ROLES

MEMBERS = {"secretariat", "chair", "vice_chair", "facilitator", "delegate", "observer"}
ALLOWED = {
    "open_call": {"chair"},
    "close_call": {"chair"},
    "determine": {"chair"},
    "record_stance": {"delegate"},
    "explain": {"delegate"},
    "add_condition": {"delegate"},
    "start_silence": {"chair"},
    "break_silence": {"delegate"},
    "draft_outcome": {"chair"},
    "issue_outcome": {"chair"},
    "add_annex": {"chair"},
    "add_annex_point": {"chair"},
    "read_call": MEMBERS,
    "read_draft_outcome": MEMBERS,
    "read_issued_outcome": set(ROLES),  # the public sees outcomes once issued
}
LATER = dt.datetime.now() + dt.timedelta(days=5)


def _state(action):
    """What the action would change, read before and after a refused attempt: it must not
    move (a refused action records nothing of its kind, not only no audit row)."""
    counts = {
        "open_call": lambda: ConsensusCall.objects.count(),
        "close_call": lambda: ConsensusCall.objects.filter(closed_at__isnull=False).count(),
        "determine": lambda: Determination.objects.count(),
        "record_stance": lambda: StanceEvent.objects.count(),
        "explain": lambda: Explanation.objects.count(),
        "add_condition": lambda: PackageCondition.objects.count(),
        "start_silence": lambda: SilenceProcedure.objects.filter(result="").count(),
        "break_silence": lambda: SilenceBreak.objects.count(),
        "draft_outcome": lambda: Outcome.objects.count(),
        "issue_outcome": lambda: Outcome.objects.filter(status="issued").count(),
        "add_annex": lambda: Annex.objects.count(),
        "add_annex_point": lambda: AnnexPoint.objects.count(),
    }
    return counts[action]() if action in counts else None


def _setup(dec):
    call = calls.call_open(actor=dec.chair, version=dec.version)
    calls.stance_record(
        actor=dec.delegates["cs"], call=call, kind="object", paragraph=dec.p("OP2"), reason="No."
    )
    procedure = silence.silence_start(
        actor=dec.chair, version=dec.version, deadline=LATER, time_zone="UTC"
    )
    closed_call = None
    return call, procedure, closed_call


def _draft(dec, call):
    calls.call_close(actor=dec.chair, call=call)
    return outcomes.outcome_record_none(
        actor=dec.chair, call=call, statement="Concluded without an outcome."
    )


def _summary(dec, call):
    calls.call_close(actor=dec.chair, call=call)
    return outcomes.outcome_start_summary(actor=dec.chair, call=call, title="Chair's summary")


def _act(action, dec, user, call, procedure):
    group = dec.world.group
    if action == "open_call":
        call.closed_at = dt.datetime.now(dt.UTC)  # let a second call open on the same report
        call.save(update_fields=["closed_at"])
        return calls.call_open(actor=user, version=dec.version)
    if action == "close_call":
        return calls.call_close(actor=user, call=call)
    if action == "determine":
        return calls.determination_make(
            actor=user, call=call, paragraph=dec.p("OP2"), reason="Overruled."
        )
    if action == "record_stance":
        return calls.stance_record(actor=user, call=call, kind="support")
    if action == "explain":
        return calls.explanation_record(actor=user, call=call, timing="before", text="We join.")
    if action == "add_condition":
        return package.condition_add(
            actor=user, version=dec.version, kind="must_include", paragraph=dec.p("OP1")
        )
    if action == "start_silence":
        silence.silence_withdraw(actor=dec.chair, procedure=procedure, reason="Restart.")
        return silence.silence_start(
            actor=user, version=dec.version, deadline=LATER, time_zone="UTC"
        )
    if action == "break_silence":
        return silence.silence_break(
            actor=user, procedure=procedure, paragraphs=[dec.p("OP2")], reason="No."
        )
    if action == "draft_outcome":
        calls.call_close(actor=dec.chair, call=call)
        return outcomes.outcome_record_none(actor=user, call=call, statement="None.")
    if action == "issue_outcome":
        draft = _draft(dec, call)
        return outcomes.outcome_issue(actor=user, outcome=draft)
    if action == "add_annex":
        draft = _summary(dec, call)
        return outcomes.annex_create(actor=user, outcome=draft, title="For and against OP2")
    if action == "add_annex_point":
        draft = _summary(dec, call)
        annex = outcomes.annex_create(actor=dec.chair, outcome=draft, title="On OP2")
        return outcomes.annex_point_add(
            actor=user, annex=annex, side="for", text="It would help.", members=[]
        )
    if action == "read_call":
        return call_get_for_viewer(group=group, pk=call.pk, viewer=user)
    if action == "read_draft_outcome":
        draft = Outcome.objects.filter(status="draft").first()
        return outcome_get_for_viewer(group=group, pk=draft.pk, viewer=user)
    if action == "read_issued_outcome":
        issued = Outcome.objects.get(status="issued")
        return outcome_get_for_viewer(group=group, pk=issued.pk, viewer=user)
    raise AssertionError(action)


@pytest.mark.parametrize("action", sorted(ALLOWED))
@pytest.mark.parametrize("role", ROLES)
def test_role_action_table(dec, role, action):
    call, procedure, _ = _setup(dec)
    if action == "read_draft_outcome":
        _draft(dec, call)
    if action == "read_issued_outcome":
        outcomes.outcome_issue(actor=dec.chair, outcome=_draft(dec, call))
    before = AuditEvent.objects.count()
    user = dec.world.user(role)
    if role in ALLOWED[action]:
        made = _state(action)
        _act(action, dec, user, call, procedure)
        # Starting silence again withdraws the running procedure first: still one running.
        grew = 0 if action == "start_silence" else 1
        assert made is None or _state(action) == made + grew, action
    else:
        state = _state(action)
        with pytest.raises((PermissionDenied, NotFound)) as refused:
            _act(action, dec, user, call, procedure)
        assert isinstance(refused.value, ApplicationError)
        # What the set-up inside _act wrote (closing the call, withdrawing silence, the draft
        # or the annex the refused action is tried on); the action itself adds nothing.
        setup_writes = {
            "open_call": 1,
            "start_silence": 1,
            "draft_outcome": 1,
            "issue_outcome": 2,
            "add_annex": 2,
            "add_annex_point": 3,
        }
        assert AuditEvent.objects.count() - before <= setup_writes.get(action, 0)
        if action == "start_silence":
            state = 0  # the set-up withdrew the running procedure; no other may start
        assert _state(action) == state, action
