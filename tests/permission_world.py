"""The shared world the permission matrix walks: the demo group at the end of its story, one
login per role of ``tests.conftest.ROLES``, an API token for each, and a second group whose
objects must never be reachable through the first group's addresses.

``build_world()`` returns a ``MatrixWorld``: the logins and tokens, and ``places``, the URL
keyword arguments of each kind of object under a short name ("amendment.own", "contribution.
other", …) that the declarations in ``tests.permission_matrix`` refer to. "own" is the
delegate's (Brazil's), "other" another member's, "foreign" an object of the other group asked
for under this group's address.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.utils import timezone

from accord.accounts.models import ApiToken, User
from accord.accounts.services import api_token_create
from accord.consultations import services as consultations
from accord.consultations.models import Statement
from accord.contributions import services as contributions
from accord.contributions.models import Attachment, Contribution
from accord.correspondence.models import Thread
from accord.demo.scenario import build_demo
from accord.drafts.models import Amendment, Bracket, OptionGroup, Paragraph, Report, Version
from accord.groups import services as groups
from accord.groups.models import Constituency, Member, NegotiatingGroup, Role, WorkingGroup
from accord.jobs.models import Job
from accord.meetings.models import Meeting, MeetingDay
from accord.outcomes.models import (
    Annex,
    AnnexPoint,
    ConsensusCall,
    Outcome,
    Recommendation,
    SilenceProcedure,
)
from tests.factories import UserFactory

# The demo's logins for the roles it has; the others are added by ``build_world``.
DEMO_LOGINS = {
    "secretariat": "secretariat",
    "chair": "chair",
    "facilitator": "facilitator",
    "delegate": "delegate-bra",
    "observer": "delegate-nor",
}


@dataclass
class MatrixWorld:
    group: WorkingGroup
    other_group: WorkingGroup
    users: dict[str, User] = field(default_factory=dict)
    tokens: dict[str, str] = field(default_factory=dict)
    places: dict[str, dict[str, Any]] = field(default_factory=dict)


def build_world() -> MatrixWorld:
    build_demo()
    group = WorkingGroup.objects.get(slug="wgedc")
    users = {role: User.objects.get(username=name) for role, name in DEMO_LOGINS.items()}
    secretariat = users["secretariat"]
    users["vice_chair"] = UserFactory(username="vice-chair")
    groups.role_assign(actor=secretariat, group=group, user=users["vice_chair"], kind="vice_chair")
    users["outsider"] = UserFactory(username="outsider")
    tokens = {role: api_token_create(user=user, name="matrix")[1] for role, user in users.items()}
    other_group = _other_group()
    world = MatrixWorld(group=group, other_group=other_group, users=users, tokens=tokens)
    world.places = _places(world)
    return world


def _other_group() -> WorkingGroup:
    """A published group none of the matrix's logins has a role in, with a few objects."""
    staff = UserFactory(username="platform-staff", is_staff=True)
    other = groups.group_create(actor=staff, name="Other Working Group", short_name="OWG")
    groups.group_update(actor=staff, group=other, is_published=True)
    call = contributions.call_create(
        actor=staff,
        group=other,
        title="Other call",
        description="",
        opens_at=timezone.now() - timedelta(days=1),
        closes_at=timezone.now() + timedelta(days=7),
        questions=["Anything?"],
        allow_public=True,
    )
    contribution = contributions.contribution_submit_public(
        call=call,
        name="Someone",
        affiliation="Somewhere",
        email="someone@example.org",
        constituency=None,
        answers={1: "An answer in the other group."},
        client_ip="192.0.2.200",
    )
    contributions.contribution_publish(actor=staff, contribution=contribution)
    consultations.consultation_open(
        actor=staff, group=other, question="Other question?", seed_statements=["One."]
    )
    Job.objects.create(
        kind=Job.Kind.MAIL_IMPORT, group=other, started_by=staff, task_path="x", subject="other"
    )
    return other


def _places(world: MatrixWorld) -> dict[str, dict[str, Any]]:
    group, other = world.group, world.other_group
    users = world.users
    g = {"group_slug": group.slug}
    bra = Member.objects.get(group=group, iso3="BRA")
    places: dict[str, dict[str, Any]] = {
        "none": {},
        "group": g,
        "publish.group": {"slug": group.slug},
    }

    # Meetings: a published day and the members-only last day of the last meeting.
    first = Meeting.objects.filter(group=group).order_by("number").first()
    last = Meeting.objects.filter(group=group).order_by("number").last()
    assert first is not None and last is not None
    public_day = MeetingDay.objects.filter(meeting=first).order_by("date").first()
    closed_day = MeetingDay.objects.filter(meeting=last).order_by("date").last()
    assert public_day is not None and closed_day is not None
    places["meeting"] = {**g, "number": first.number}
    places["day.public"] = {**g, "number": first.number, "day": public_day.date.isoformat()}
    places["day.closed"] = {**g, "number": last.number, "day": closed_day.date.isoformat()}

    # Contributions: the delegate's own pending one, another member's pending one, a published.
    call = group.calls.order_by("pk").first()
    places["call"] = {**g, "pk": call.pk}
    own = contributions.contribution_submit(
        actor=users["delegate"], call=call, answers={1: "Brazil's pending answer."}
    )
    swe = User.objects.get(username="delegate-swe")
    other_pending = contributions.contribution_submit(
        actor=swe, call=call, answers={1: "Sweden's pending answer."}
    )
    published = (
        Contribution.objects.filter(call=call, status=Contribution.Status.PUBLISHED)
        .exclude(member=bra)
        .first()
    )
    attachment = Attachment.objects.filter(
        contribution__call=call, contribution__status=Contribution.Status.PUBLISHED
    ).first()
    foreign = Contribution.objects.get(call__group=other)
    places["contribution.own"] = {**g, "pk": own.pk}
    places["contribution.other"] = {**g, "pk": other_pending.pk}
    places["contribution.published"] = {**g, "pk": published.pk}
    places["contribution.foreign"] = {**g, "pk": foreign.pk}
    places["attachment"] = {**g, "pk": attachment.contribution_id, "attachment_id": attachment.pk}

    thread = Thread.objects.filter(mailing_list__group=group).first()
    places["thread"] = {**g, "thread_id": thread.pk}

    # Groups: constituencies, roles, negotiating groups.
    constituency = Constituency.objects.filter(group=group).first()
    places["constituency"] = {**g, "slug": constituency.slug}
    role = Role.objects.filter(group=group, kind="delegate").exclude(user=users["delegate"]).first()
    places["role"] = {**g, "role_id": role.pk}
    bloc = NegotiatingGroup.objects.filter(group=group).first()
    bloc_member = bloc.memberships.first().member
    places["bloc"] = {**g, "slug": bloc.slug}
    places["bloc.member"] = {**g, "slug": bloc.slug, "member_slug": bloc_member.slug}

    # Consultations: a members-only moderated one with a pending statement of the delegate.
    consultation = consultations.consultation_open(
        actor=users["chair"],
        group=group,
        question="How should the follow-up be organised?",
        seed_statements=["By the secretariat."],
        moderation_required=True,
    )
    statement = Statement.objects.filter(consultation=consultation).first()
    places["consultation"] = {**g, "pk": consultation.pk}
    places["statement"] = {**g, "pk": consultation.pk, "statement_id": statement.pk}
    places["consultation.foreign"] = {**g, "pk": other.consultations.first().pk}

    # Drafts: the report, its latest version, a paragraph, amendments, brackets, options.
    report = Report.objects.get(group=group)
    version = Version.objects.filter(report=report).order_by("number").last()
    paragraph = Paragraph.objects.filter(report=report, key__startswith="OP").order_by("pk").first()
    r = {**g, "report_slug": report.slug}
    v = {**r, "number": version.number}
    places["report"] = r
    places["version"] = v
    places["paragraph"] = {**v, "key": paragraph.key}
    own_amendment = Amendment.objects.filter(version__report=report, proposer=bra).first()
    other_amendment = Amendment.objects.filter(version__report=report).exclude(proposer=bra).first()
    places["amendment.own"] = {**r, "pk": own_amendment.pk}
    places["amendment.other"] = {**r, "pk": other_amendment.pk}
    places["bracket"] = {**r, "pk": Bracket.objects.filter(version__report=report).first().pk}
    places["option"] = {**r, "pk": OptionGroup.objects.filter(version__report=report).first().pk}
    for fmt in ("docx", "html", "pdf", "xml"):
        places[f"version.{fmt}"] = {**v, "fmt": fmt}

    # Decision: the consensus call and silence procedure on the last version, the outcome.
    call_pk = ConsensusCall.objects.get(version=version).pk
    silence_pk = SilenceProcedure.objects.get(version=version).pk
    places["consensus_call"] = {**v, "pk": call_pk}
    places["silence"] = {**v, "pk": silence_pk}
    outcome = Outcome.objects.get(group=group)
    annex = Annex.objects.filter(outcome=outcome).first()
    point = AnnexPoint.objects.filter(annex=annex).first()
    places["outcome"] = {**g, "pk": outcome.pk}
    places["outcome.paragraph"] = {
        **g,
        "pk": outcome.pk,
        "key": outcome.paragraphs.exclude(key="").first().key,
    }
    places["annex"] = {**g, "pk": outcome.pk, "annex_pk": annex.pk}
    places["point"] = {**g, "pk": outcome.pk, "annex_pk": annex.pk, "point_pk": point.pk}
    for fmt in ("docx", "html", "pdf"):
        places[f"outcome.{fmt}"] = {**g, "pk": outcome.pk, "fmt": fmt}
    places["followup.outcome"] = {**g, "outcome_pk": outcome.pk}
    recommendation = Recommendation.objects.filter(group=group).first()
    places["recommendation"] = {**g, "public_id": recommendation.public_id}

    # Jobs: one the delegate started, one of the secretariat's, one of the other group.
    def job(user: User, grp: WorkingGroup) -> Job:
        return Job.objects.create(
            kind=Job.Kind.MAIL_IMPORT, group=grp, started_by=user, task_path="x", subject="s"
        )

    places["job.own"] = {"job_id": job(users["delegate"], group).pk}
    places["job.other"] = {"job_id": job(users["secretariat"], group).pk}
    places["job.foreign"] = {"job_id": Job.objects.get(group=other).pk}

    # Not the token the API requests use: revoking it must not log the delegate out.
    own_token, _ = api_token_create(user=users["delegate"], name="revocable")
    other_token = ApiToken.objects.filter(user=users["chair"]).first()
    places["token.own"] = {"token_id": own_token.pk}
    places["token.other"] = {"token_id": other_token.pk}
    _, invitation = groups.invitation_create(
        actor=users["secretariat"], group=group, email="invitee@example.org", kind="observer"
    )
    places["invitation"] = {"token": invitation}
    return places


# The API names its path parameters its own way; which object each operation is asked about.
API_OVERRIDES: dict[str, dict[str, str]] = {
    "amendments.amendment_withdraw": {"pk": "amendment.own"},
    "drafts.bracket_lift": {"pk": "bracket"},
    "drafts.option_choose": {"pk": "option"},
}


def api_params(world: MatrixWorld, operation: str) -> dict[str, Any]:
    """The path parameters of ``operation`` (``"<router>.<function>"``) in ``world``."""
    p = world.places
    version = p["version"]
    params: dict[str, Any] = {
        "slug": world.group.slug,
        "report_slug": version["report_slug"],
        "report": version["report_slug"],
        "number": version["number"],
        "key": p["paragraph"]["key"],
        "pk": p["amendment.other"]["pk"],
        "day": p["day.closed"]["day"],
        "contribution_id": p["contribution.other"]["pk"],
        "thread_id": p["thread"]["thread_id"],
        "consultation_id": p["consultation"]["pk"],
        "outcome_id": p["outcome"]["pk"],
        "annex_id": p["annex"]["annex_pk"],
        "point_id": p["point"]["point_pk"],
        "public_id": p["recommendation"]["public_id"],
        "job_id": p["job.other"]["job_id"],
        "ng": p["bloc"]["slug"],
        "member": p["bloc.member"]["member_slug"],
        "silence_id": p["silence"]["pk"],
    }
    router = operation.split(".")[0]
    params["call_id"] = p["consensus_call"]["pk"] if router == "outcomes" else p["call"]["pk"]
    if operation.startswith("meetings.") and "number" in params:
        params["number"] = p["day.closed"]["number"]
    for name, place in API_OVERRIDES.get(operation, {}).items():
        params[name] = p[place]["pk"]
    if (
        router == "outcomes"
        and "key" in params
        and operation == "outcomes.outcome_paragraph_update"
    ):
        params["key"] = p["outcome.paragraph"]["key"]
    return params
