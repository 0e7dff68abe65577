"""Build the acceptance scenario through the same services the site uses.

The result is deterministic (seeded), so tests can assert its counts. Every text is invented.
"""

from __future__ import annotations

import io
import random
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from email.utils import format_datetime
from typing import Any, Protocol

from django.contrib.auth.hashers import make_password
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.translation import gettext as _
from docx import Document

from accord.accounts.models import User
from accord.accounts.services import user_create
from accord.contributions.models import Contribution
from accord.contributions.services import (
    call_create,
    contribution_publish,
    contribution_reject,
    contribution_submit,
    contribution_submit_public,
    contribution_withdraw,
)
from accord.correspondence.services.mail_import import mail_archive_import_to_list
from accord.groups.models import Member, NegotiatingGroup, Role, WorkingGroup
from accord.groups.services import (
    group_create,
    group_update,
    member_create,
    negotiating_group_create,
    role_assign,
)
from accord.meetings.services import (
    agenda_item_add,
    live_post_create,
    meeting_create,
    meeting_day_add,
    transcript_publish,
    transcript_upload,
)

from . import roster, texts
from .clock import story_time
from .decision import build_decision
from .negotiation import build_negotiation

PASSWORD = "accord-demo"
SEED = 2016
DEMO_NOTICE = (
    "Demonstration data: this group, its positions and its texts are invented for the accord "
    "software. Member names are used as a membership list only; no real delegation's position "
    "is reproduced or implied."
)

# (title, venue, first day, number of days); the last meeting runs past midnight.
MEETINGS = [
    ("First meeting", "Geneva, Palais des Nations, Room XVII", date(2024, 9, 16), 2),
    ("Second meeting", "Geneva, Palais des Nations, Room XXIV", date(2025, 1, 20), 3),
    ("Third meeting", "Geneva, Palais des Nations, Room XVII", date(2025, 5, 12), 2),
    ("Fourth meeting", "Geneva, Palais des Nations, Room XXVI", date(2025, 10, 6), 3),
    ("Fifth meeting", "Geneva, Palais des Nations, Room XVII", date(2026, 1, 29), 3),
]
CALL_OPENS = datetime(2024, 10, 1, 9, 0, tzinfo=UTC)
CALL_CLOSES = datetime(2024, 12, 15, 23, 59, tzinfo=UTC)
ESTABLISHED = datetime(2024, 6, 3, 9, 0, tzinfo=UTC)


class Progress(Protocol):
    """Told ``(steps done, steps in all, the step now under way)`` as each step starts, and
    ``(total, total, "done")`` at the end."""

    def __call__(self, done: int, total: int, note: str = "", /) -> None: ...


@dataclass
class DemoSummary:
    group: WorkingGroup
    logins: list[tuple[str, str]] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)

    def describe(self, *, base_url: str) -> str:
        lines = [
            "",
            f"Built the demonstration group '{self.group.name}':",
            *(f"  {name}: {value}" for name, value in self.counts.items()),
            "",
            f"Open {base_url}/g/{self.group.slug}/",
            f"Log in at {base_url}/accounts/login/ (password for every demo login: {PASSWORD})",
            *(f"  {username:<22} {what}" for username, what in self.logins),
            "",
            "The demo is invented data for trying the software.",
        ]
        return "\n".join(lines)


class _Builder:
    def __init__(self, progress: Progress | None, through: str = "outcome") -> None:
        self.through = through
        self.rng = random.Random(SEED)
        self.progress: Progress = progress or (lambda done, total, note="": None)
        self.step_number = 0
        # establishing (3), each meeting, the call, the negotiation, the mailing list,
        # the decision (only through the outcome), publishing.
        self.steps_total = 3 + len(MEETINGS) + 3 + (through == "outcome") + 1
        self.summary: DemoSummary | None = None
        self.delegates: dict[str, User] = {}
        self.members: dict[str, Member] = {}
        self.blocs: dict[str, NegotiatingGroup] = {}
        self.password_hash = make_password(PASSWORD)

    def step(self, note: str) -> None:
        """Say which step starts; the plan in ``build`` says how many there are."""
        self.progress(self.step_number, self.steps_total, note)
        self.step_number += 1

    def user(self, username: str, display_name: str, *, staff: bool = False) -> User:
        user = user_create(
            username=username,
            email=f"{username}@demo.accord.invalid",
            display_name=display_name,
            is_staff=staff,
            is_superuser=False,
        )
        # Seventy logins share one password: hash it once (PBKDF2 costs ~0.3 s per call).
        user.password = self.password_hash
        user.save(update_fields=["password"])
        return user

    def build(self) -> DemoSummary:
        with story_time(ESTABLISHED):
            self._establish()
        self._meetings()
        self.step(_("the call for contributions"))
        with story_time(CALL_OPENS - timedelta(days=10)):
            self._call()
        self.step(_("the negotiation of the draft"))
        self._negotiation()
        self.step(_("the mailing list"))
        with story_time(datetime(2026, 2, 3, 9, 0, tzinfo=UTC)):
            self._correspondence()
        if self.through == "outcome":
            self.step(_("the consensus call, silence and the Chair's summary"))
            self._decision()
        self.step(_("publishing the group"))
        with story_time(datetime(2026, 11, 30, 9, 0, tzinfo=UTC)):
            summary = self._finish()
        assert self.step_number == self.steps_total, "the plan of steps is out of date"
        self.progress(self.steps_total, self.steps_total, _("done"))
        return summary

    def _establish(self) -> None:
        self.step(_("establishing the group"))
        secretariat = self.user("secretariat", "Secretariat (demo)", staff=True)
        group = group_create(
            actor=secretariat,
            name="Working Group on Enhanced Digital Cooperation",
            short_name="WGEDC",
            parent_body="Commission on Science and Technology for Development",
            mandate=(
                "Established by the Commission for twenty months to develop recommendations on "
                f"how to further implement {texts.CONCEPT}, taking into account the work done "
                "so far and the contributions of all stakeholders. The group reports to the "
                "Commission at its next annual session. Decisions are taken by consensus."
            ),
            start_date=date(2024, 6, 1),
            end_date=date(2026, 2, 28),
            working_languages=["en", "fr", "es", "ar", "zh-hans", "ru"],
            demo_notice=DEMO_NOTICE,
        )
        self.summary = DemoSummary(group=group)
        self.secretariat = secretariat
        self.group = group
        self.step(_("members and negotiating groups"))
        self._members()
        self._blocs()
        self.step(_("roles"))
        self._roles()

    def _members(self) -> None:
        group, actor = self.group, self.secretariat
        constituencies = {c.slug: c for c in group.constituencies.all()}
        states = constituencies["member-states"]
        states.seats = len(roster.MEMBER_STATES)
        states.save(update_fields=["seats"])
        for iso3, name in roster.MEMBER_STATES:
            self.members[iso3] = member_create(
                actor=actor,
                group=group,
                constituency=states,
                name=name,
                kind=Member.Kind.STATE,
                iso3=iso3,
            )
        for slug, name, alias in roster.STAKEHOLDERS:
            member = member_create(
                actor=actor,
                group=group,
                constituency=constituencies[slug],
                name=name,
                kind=Member.Kind.ORGANISATION,
                aliases=[alias],
            )
            self.members[alias] = member
        for iso3, name in roster.OBSERVER_STATES:
            self.members[iso3] = member_create(
                actor=actor,
                group=group,
                constituency=states,
                name=name,
                kind=Member.Kind.STATE,
                iso3=iso3,
                status=Member.Status.OBSERVER,
            )

    def _blocs(self) -> None:
        """Two negotiating groups: one speaks through its coordinator, the other through the
        presidency; some of their members also speak for themselves."""
        for name, short, aliases, coordinator, keys in roster.BLOCS:
            self.blocs[short] = negotiating_group_create(
                actor=self.secretariat,
                group=self.group,
                name=name,
                short_name=short,
                aliases=aliases,
                members=[self.members[k] for k in keys],
                coordinator=self.members[coordinator],
            )

    def _roles(self) -> None:
        assert self.summary is not None
        group, actor = self.group, self.secretariat
        logins = self.summary.logins
        logins.append(("secretariat", "secretariat: meetings, transcripts, moderation, imports"))
        second = self.user("secretariat2", "Second secretariat officer (demo)", staff=True)
        role_assign(actor=actor, group=group, user=second, kind=Role.Kind.SECRETARIAT)
        chair = self.user("chair", "Chair of the working group (demo)")
        role_assign(actor=actor, group=group, user=chair, kind=Role.Kind.CHAIR)
        logins.append(("chair", "chair: opens calls, frames drafts, tests consensus"))
        facilitator = self.user("facilitator", "Facilitator of informal consultations (demo)")
        role_assign(actor=actor, group=group, user=facilitator, kind=Role.Kind.FACILITATOR)
        logins.append(("facilitator", "facilitator of the informal consultations"))
        for key, member in self.members.items():
            username = f"delegate-{member.slug}"
            user = self.user(username, f"Delegate of {member.name} (demo)")
            kind = (
                Role.Kind.OBSERVER
                if member.status == Member.Status.OBSERVER
                else Role.Kind.DELEGATE
            )
            role_assign(actor=actor, group=group, user=user, kind=kind, member=member)
            self.delegates[key] = user
        logins.append(("delegate-bra", "delegate of Brazil (any member: delegate-<iso3 or slug>)"))
        logins.append(("delegate-open-rights-collective", "delegate of a civil-society member"))
        logins.append(("delegate-nor", "observer delegation (Norway)"))

    def _speakers(self) -> list[texts.Speaker]:
        speakers = []
        for index, (key, member) in enumerate(self.members.items()):
            if member.status == Member.Status.OBSERVER:
                continue
            label = roster.SPEAKS_FOR.get(key, member.name)
            speakers.append(
                texts.Speaker(key=key, label=label, theme_bias=index % len(texts.THEMES))
            )
        return speakers

    def _meetings(self) -> None:
        group, actor = self.group, self.secretariat
        speakers = self._speakers()
        for number, (title, venue, first_day, days) in enumerate(MEETINGS, start=1):
            self.step(
                _("meeting %(number)d of %(count)d") % {"number": number, "count": len(MEETINGS)}
            )
            with story_time(datetime.combine(first_day, time(7, 0), UTC) - timedelta(days=30)):
                meeting = self._meeting(number, title, venue, first_day, days)
            for day_number in range(1, days + 1):
                day_date = first_day + timedelta(days=day_number - 1)
                with story_time(datetime.combine(day_date, time(8, 30), UTC)):
                    self._meeting_day(meeting, number, title, day_number, day_date, days, speakers)
        with story_time(datetime(2026, 2, 1, 0, 20, tzinfo=UTC)):
            live_post_create(
                actor=actor,
                group=group,
                meeting=meeting,
                body="Shortly after midnight the Chair announced that consensus could not be "
                "reached; he will issue a summary under his own responsibility.",
            )

    def _meeting(self, number: int, title: str, venue: str, first_day: date, days: int) -> Any:
        group, actor = self.group, self.secretariat
        meeting = meeting_create(
            actor=actor,
            group=group,
            title=title,
            number=number,
            venue=venue,
            start_date=first_day,
            end_date=first_day + timedelta(days=days - 1),
            is_closed=True,
        )
        for order, agenda in enumerate(texts.AGENDA_TITLES, start=1):
            agenda_item_add(
                actor=actor,
                meeting=meeting,
                number=str(order),
                title=agenda.format(concept=texts.CONCEPT),
            )
        return meeting

    def _meeting_day(
        self,
        meeting: Any,
        number: int,
        title: str,
        day_number: int,
        day_date: date,
        days: int,
        speakers: list[texts.Speaker],
    ) -> None:
        group, actor = self.group, self.secretariat
        holdouts = set(roster.HOLDOUTS)
        day = meeting_day_add(actor=actor, meeting=meeting, date=day_date)
        text = texts.captioning_transcript(
            self.rng,
            speakers,
            meeting_title=f"{group.short_name} {title}",
            day_number=day_number,
            turns=8 + self.rng.randint(0, 6),
            cautious_keys=holdouts,
        )
        transcript = transcript_upload(
            actor=actor,
            day=day,
            data=text.encode(),
            filename=f"wgedc-m{number}-d{day_number}.txt",
        )
        # The last day of the last meeting stays members-only: its transcript is not yet
        # published, which shows how closed material is hidden from the public.
        if not (number == len(MEETINGS) and day_number == days):
            transcript_publish(actor=actor, transcript=transcript)
        live_post_create(
            actor=actor,
            group=group,
            meeting=meeting,
            body=f"{title}, day {day_number}: the group is discussing "
            f"{texts.THEMES[(number * 3 + day_number) % len(texts.THEMES)][1]}.",
        )

    def _docx(self, heading: str, body: str) -> bytes:
        document = Document()
        document.add_heading(heading, level=1)
        for paragraph in body.split("\n\n"):
            document.add_paragraph(paragraph)
        buffer = io.BytesIO()
        document.save(buffer)
        return buffer.getvalue()

    def _call(self) -> None:
        group = self.group
        chair = User.objects.get(username="chair")
        call = call_create(
            actor=chair,
            group=group,
            title=f"Call for contributions on {texts.CONCEPT}",
            description=(
                "Members, observers and the public are invited to answer two guiding questions."
            ),
            opens_at=CALL_OPENS,
            closes_at=CALL_CLOSES,
            questions=[
                f"What are the high-level characteristics of {texts.CONCEPT}?",
                "What kind of recommendations should the group make, and how should they be "
                "implemented?",
            ],
            allow_members=True,
            allow_observers=True,
            allow_public=True,
            accept_late=True,
        )
        self.call = call
        rng = self.rng
        authors = [k for k, m in self.members.items() if m.status == Member.Status.MEMBER]
        # 24 States and 14 stakeholders answer; three answers come in late.
        states = [k for k in authors if self.members[k].kind == Member.Kind.STATE]
        orgs = [k for k in authors if self.members[k].kind == Member.Kind.ORGANISATION]
        chosen = rng.sample(states, 24) + rng.sample(orgs, 14) + ["NOR"]
        late = set(chosen[-3:])
        span = (CALL_CLOSES - CALL_OPENS).total_seconds()
        submitted: list[Contribution] = []
        near_duplicate_text: tuple[str, str] | None = None
        for position, key in enumerate(chosen):
            member = self.members[key]
            themes = rng.sample(range(len(texts.THEMES)), k=rng.randint(2, 6))
            q1, q2 = texts.contribution_answers(rng, member.name, themes, length=rng.randint(0, 7))
            if key == orgs[0] or (
                near_duplicate_text is None and member.kind == Member.Kind.ORGANISATION
            ):
                near_duplicate_text = (q1, q2)
            when = CALL_OPENS + timedelta(seconds=span * (position + 1) / (len(chosen) + 1))
            if key in late:
                when = CALL_CLOSES + timedelta(days=rng.randint(1, 5))
            uploads = []
            if position % 6 == 0:
                uploads.append(
                    SimpleUploadedFile(
                        f"{member.slug}-contribution.docx",
                        self._docx(f"Contribution of {member.name}", q1 + "\n\n" + q2),
                        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                    )
                )
            submitted.append(
                contribution_submit(
                    actor=self.delegates[key],
                    call=call,
                    answers={1: q1, 2: q2},
                    uploads=uploads,
                    now=when,
                )
            )
        # A near-duplicate: a second organisation sends almost the text of the first.
        assert near_duplicate_text is not None
        copier = next(k for k in orgs if k not in chosen)
        q1, q2 = near_duplicate_text
        submitted.append(
            contribution_submit(
                actor=self.delegates[copier],
                call=call,
                answers={1: q1.replace("welcomes", "appreciates"), 2: q2},
                now=CALL_OPENS + timedelta(days=40),
            )
        )
        # The public: a campaign of identical submissions, and a few individual ones.
        public_constituencies = list(group.constituencies.exclude(slug="member-states"))
        for n in range(6):
            submitted.append(
                contribution_submit_public(
                    call=call,
                    name=f"Campaign participant {n + 1}",
                    affiliation="Keep It Open campaign",
                    email=f"supporter{n + 1}@campaign.example",
                    constituency=None,
                    answers={2: texts.CAMPAIGN_TEXT},
                    client_ip=f"192.0.2.{n + 10}",
                    now=CALL_OPENS + timedelta(days=50 + n),
                )
            )
        for n in range(4):
            themes = rng.sample(range(len(texts.THEMES)), k=2)
            q1, q2 = texts.contribution_answers(
                rng, "Our organisation", themes, length=rng.randint(0, 3)
            )
            submitted.append(
                contribution_submit_public(
                    call=call,
                    name=f"Public contributor {n + 1}",
                    affiliation=f"Local network association {n + 1}",
                    email=f"public{n + 1}@example.org",
                    constituency=public_constituencies[n % len(public_constituencies)],
                    answers={1: q1, 2: q2},
                    client_ip=f"198.51.100.{n + 20}",
                    now=CALL_OPENS + timedelta(days=20 + 7 * n),
                )
            )
        spam = contribution_submit_public(
            call=call,
            name="Best Deals",
            affiliation="none",
            email="offers@spam.example",
            constituency=None,
            answers={1: "Cheap watches and miracle cures, click the link in our profile."},
            client_ip="203.0.113.99",
            now=CALL_OPENS + timedelta(days=33),
        )
        for contribution in submitted:
            contribution_publish(actor=self.secretariat, contribution=contribution)
        contribution_reject(
            actor=self.secretariat, contribution=spam, reason="Advertising, not a contribution."
        )
        withdrawn = submitted[5]
        contribution_withdraw(
            actor=self.delegates[
                next(k for k, m in self.members.items() if m.pk == withdrawn.member_id)
            ],
            contribution=withdrawn,
            reason="Replaced by a joint contribution.",
        )

    def _negotiation(self) -> None:
        self.negotiation = build_negotiation(
            group=self.group,
            chair=User.objects.get(username="chair"),
            facilitator=User.objects.get(username="facilitator"),
            delegates=self.delegates,
            members=self.members,
            blocs=self.blocs,
            rng=self.rng,
            zero_draft_only=self.through == "zero-draft",
        )

    def _decision(self) -> None:
        self.decision = build_decision(
            group=self.group,
            chair=User.objects.get(username="chair"),
            secretariat=self.secretariat,
            delegates=self.delegates,
            members=self.members,
            blocs=self.blocs,
            report=self.negotiation.report,
            version=self.negotiation.versions[-1],
        )

    def _correspondence(self) -> None:
        rng = self.rng
        senders = [self.secretariat, *rng.sample(list(self.delegates.values()), 12)]
        # When each thread starts: around the meetings, the call, the drafts and the end.
        starts = [
            datetime(*day, 9, 0, tzinfo=UTC)
            for day in [
                (2024, 9, 2),
                (2024, 12, 1),
                (2025, 1, 6),
                (2025, 4, 1),
                (2025, 9, 22),
                (2026, 2, 1),
            ]
        ]
        messages: list[str] = []
        for thread_number, (subject, bodies) in enumerate(texts.mail_thread_bodies(rng)):
            root_id = None
            previous_id = None
            when = starts[thread_number]
            for position, body in enumerate(bodies):
                sender = (
                    senders[0] if position == 0 and thread_number < 5 else rng.choice(senders[1:])
                )
                message_id = f"<wgedc-{thread_number}-{position}@lists.demo.accord.invalid>"
                when += timedelta(hours=rng.randint(2, 30))
                headers = [
                    f"From {sender.email} {when.strftime('%a %b %d %H:%M:%S %Y')}",
                    f"From: {sender.display_name} <{sender.email}>",
                    "To: wgedc@lists.demo.accord.invalid",
                    f"Subject: {'Re: ' if position else ''}{subject}",
                    f"Date: {format_datetime(when)}",
                    f"Message-ID: {message_id}",
                ]
                if previous_id:
                    headers.append(f"In-Reply-To: {previous_id}")
                    headers.append(
                        f"References: {root_id} {previous_id}"
                        if root_id != previous_id
                        else f"References: {root_id}"
                    )
                messages.append("\n".join([*headers, "", body, ""]))
                root_id = root_id or message_id
                previous_id = message_id
        data = "\n".join(messages).encode()
        mail_archive_import_to_list(
            actor=self.secretariat,
            group=self.group,
            list_name="WGEDC mailing list",
            data=data,
            filename="wgedc-list.mbox",
            is_public=True,
        )

    def _finish(self) -> DemoSummary:
        assert self.summary is not None
        group = self.group
        from accord.correspondence.models import Message, Thread
        from accord.meetings.models import Meeting, MeetingDay, SpeakerTurn

        members = group.members.filter(status=Member.Status.MEMBER)
        counts = {
            "members": members.count(),
            **{
                f"  {c.name}": c.members.filter(status=Member.Status.MEMBER).count()
                for c in group.constituencies.order_by("order")
            },
            "observers": group.members.filter(status=Member.Status.OBSERVER).count(),
            "meetings": Meeting.objects.filter(group=group).count(),
            "meeting days": MeetingDay.objects.filter(meeting__group=group).count(),
            "transcript turns": SpeakerTurn.objects.filter(
                transcript__day__meeting__group=group
            ).count(),
            "contributions": Contribution.objects.filter(call__group=group).count(),
            "published contributions": Contribution.objects.filter(
                call__group=group, status=Contribution.Status.PUBLISHED
            ).count(),
            "mail threads": Thread.objects.filter(mailing_list__group=group).count(),
            "mail messages": Message.objects.filter(mailing_list__group=group).count(),
            "draft versions": len(self.negotiation.versions),
            "amendments": self.negotiation.amendments,
            "brackets": self.negotiation.brackets,
            "positions recorded": self.negotiation.positions,
        }
        if self.through == "outcome":
            from accord.outcomes.models import Recommendation, StanceEvent

            counts["final stances"] = StanceEvent.objects.filter(call=self.decision.call).count()
            counts["silence breaks"] = self.decision.silence.breaks.count()
            counts["recommendations tracked"] = Recommendation.objects.filter(group=group).count()
        self.summary.counts = counts
        group_update(actor=self.secretariat, group=group, is_published=True)
        return self.summary


def build_demo(progress: Progress | None = None, *, through: str = "outcome") -> DemoSummary:
    """Build the demonstration group in the current database (which should be empty).

    ``through="negotiation"`` stops at the end of the final meeting's negotiation, before the
    consensus call (the end-to-end tests take the decision themselves from there);
    ``through="zero-draft"`` stops once the zero draft is issued (the browser's scenario test
    negotiates it from there).
    """
    if through not in ("zero-draft", "negotiation", "outcome"):
        raise ValueError(f"unknown stage {through!r}")
    return _Builder(progress, through).build()
