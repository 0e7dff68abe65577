"""The record a Chair's summary is drafted from: plain frozen dataclasses, no Django.

The Django side builds one :class:`SummaryRecord` from the database; the drafter
(:func:`accord.core.summary.draft_summary`) reads nothing else. Conventions:

- Tuples are in the order a reader expects (constituencies in their configured order,
  meetings, versions and calls oldest first, recommendations in reading order). The drafter
  sorts whatever it lists by name itself, so the order of members and stances does not
  change the output; the order of constituencies, meetings, versions and recommendations
  does (it is the document's order).
- A member is identified by its ``name`` (unique within a group); a constituency and a
  negotiating group by their ``key`` (the slug).
- Every fact carries a :class:`SourceRef` to the place in the record where a reader can check
  it; the drafter cites these and never invents one.
- Texts (mandate, recommendations, annex points, titles, facilitators) are printed as given.
  Under the ``"by_constituency"`` naming policy the drafter never writes a member's name
  itself and removes member names from source *labels*; it does not rewrite quoted texts,
  and it keeps URLs as given (build them from ids, not names, for such groups).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal, TypeAlias

SourceKind: TypeAlias = Literal[
    "contribution",  # a submission to a call for contributions
    "turn",  # a speaker turn of a meeting transcript
    "position",  # a member's position on a paragraph (support, can live with, object, reserve)
    "stance",  # a member's stance in a consensus call (stand aside, reservation, …)
    "version",  # an issued version of the text, or a paragraph of it
    "meeting",  # a meeting (its page, agenda or transcripts)
    "call",  # a call for contributions, or a consensus call
    "silence",  # a silence procedure, or a break of silence
    "message",  # a message of the group's mailing list
    "group",  # the group itself: its page, mandate, membership
]
SOURCE_KINDS: tuple[SourceKind, ...] = (
    "contribution",
    "turn",
    "position",
    "stance",
    "version",
    "meeting",
    "call",
    "silence",
    "message",
    "group",
)

NamingPolicy: TypeAlias = Literal["by_name", "by_constituency"]

StanceKind: TypeAlias = Literal[
    "support",  # supports the paragraph
    "can_live_with",  # does not support it but can accept it
    "no_objection",  # the consensus module's spelling of ``can_live_with``; counted the same
    "object",  # a blocking objection
    "reserve",  # reserves its position, awaiting instructions: not (yet) a position
    "stand_aside",  # does not join, does not block
    "reservation",  # joins, with a reservation placed on record
    "dissociation",  # dissociates itself from the paragraph
]
STANCE_KINDS: tuple[StanceKind, ...] = (
    "support",
    "can_live_with",
    "no_objection",
    "object",
    "reserve",
    "stand_aside",
    "reservation",
    "dissociation",
)
# Stances that accept the paragraph (count towards broad support).
ACCEPTING: frozenset[str] = frozenset({"support", "can_live_with", "no_objection", "reservation"})
# Stances that are not a stated position (left out of every share).
NOT_A_POSITION: frozenset[str] = frozenset({"reserve"})

RecommendationStatus: TypeAlias = Literal["open", "bracketed", "agreed_ad_ref", "agreed", "dropped"]


@dataclass(frozen=True, slots=True)
class SourceRef:
    """Where a fact can be checked.

    ``label`` is what a reader sees in the footnote ("Contribution 12", "Fifth meeting, day 3,
    turn 214", "Final position on OP7"); ``url`` the address of the record (absolute, or
    site-relative such as ``/g/wgec/contributions/12/``).
    """

    kind: SourceKind
    label: str
    url: str


@dataclass(frozen=True, slots=True)
class Constituency:
    """A constituency of the group ("Member States", "Civil society").

    ``member_singular``/``member_plural`` name its members in running text ("Member State" /
    "Member States"); left empty, the drafter writes "member(s) of the <name> constituency"
    (and knows "Member States" itself).
    """

    key: str  # Constituency.slug
    name: str  # Constituency.name, as printed
    member_singular: str = ""
    member_plural: str = ""


@dataclass(frozen=True, slots=True)
class Member:
    """A member (delegation) of the group; observers are not listed."""

    # Member.name, unique within the group; printed as given under "by_name" (so give it
    # as it reads in running text, e.g. "the Internet Society" if that is the usage).
    name: str
    constituency: str  # its Constituency.key


@dataclass(frozen=True, slots=True)
class NegotiatingGroup:
    """A bloc ("G77 and China"); printed as "the <name>" unless the name starts with "the"."""

    key: str  # NegotiatingGroup.slug
    name: str  # as printed: "G77 and China"
    members: tuple[str, ...] = ()  # member names


@dataclass(frozen=True, slots=True)
class MemberRef:
    """A member as it acted in one place of the record.

    ``via_group`` is the key of the negotiating group whose statement counts for the member
    here (the member stated nothing itself: ``positions.blocs.Effective.via_group``), or of
    the group on whose behalf the member spoke; empty when the member acted for itself.
    """

    name: str
    constituency: str  # Constituency.key
    via_group: str = ""  # NegotiatingGroup.key, or ""


@dataclass(frozen=True, slots=True)
class GroupInfo:
    name: str  # "Working Group on Enhanced Cooperation"
    source: SourceRef  # the group's page (mandate and membership), kind "group"
    short_name: str = ""  # "WGEC"
    parent_body: str = ""  # "Commission on Science and Technology for Development"
    mandate: str = ""  # the mandate as adopted, quoted as given
    # The decision rule as a noun phrase that follows "decided by": "consensus",
    # "rough consensus" (WorkingGroup.get_decision_rule_display(), any case).
    decision_rule: str = "consensus"
    start_date: dt.date | None = None  # the mandate period
    end_date: dt.date | None = None
    naming: NamingPolicy = "by_constituency"


@dataclass(frozen=True, slots=True)
class Meeting:
    title: str  # "Fifth meeting"
    first_day: dt.date
    last_day: dt.date
    source: SourceRef  # kind "meeting"
    venue: str = ""  # "Geneva"
    days: int = 1  # meeting days (days with a session), not calendar days
    turns: int = 0  # speaker turns in its published transcripts


@dataclass(frozen=True, slots=True)
class ContributionCall:
    """A call for contributions and what it received (counts of published contributions)."""

    title: str
    source: SourceRef  # kind "call"
    questions: tuple[str, ...] = ()  # as put, in order
    deadline: dt.date | None = None
    total: int = 0  # all contributions received
    # (Constituency.key, contributions from members of that constituency), in
    # constituency order; constituencies with none may be left out.
    by_constituency: tuple[tuple[str, int], ...] = ()
    public: int = 0  # from the public (not from members)
    late: int = 0  # received after the deadline (included in ``total``)


@dataclass(frozen=True, slots=True)
class Version:
    label: str  # "Zero draft", "Rev.1"
    # Version.Kind: zero_draft, revision, compilation, facilitator, chair, non_paper
    kind: str
    issued: dt.date
    source: SourceRef  # kind "version"


@dataclass(frozen=True, slots=True)
class Consultation:
    """An informal consultation on some paragraphs, led by facilitators.

    ``facilitators`` are persons as they are to be named ("Ms. Anna Berg"): a facilitator
    holds an office, so the name is printed under both naming policies.
    """

    paragraphs: tuple[str, ...]  # paragraph keys ("OP7")
    source: SourceRef
    facilitators: tuple[str, ...] = ()
    first_day: dt.date | None = None
    last_day: dt.date | None = None


@dataclass(frozen=True, slots=True)
class Objection:
    """A member's objection at a consensus call; no paragraphs: to the text as a whole."""

    member: MemberRef
    source: SourceRef  # kind "stance" (or "turn")
    paragraphs: tuple[str, ...] = ()  # paragraph keys
    reason: str = ""  # kept in the record, not printed


@dataclass(frozen=True, slots=True)
class ConsensusCall:
    """The Chair's test of consensus on a version of the text."""

    date: dt.date
    adopted: bool
    source: SourceRef  # kind "call"
    version_label: str = ""  # the version tested ("Rev.2")
    objections: tuple[Objection, ...] = ()


@dataclass(frozen=True, slots=True)
class SilenceBreak:
    member: MemberRef
    source: SourceRef  # kind "silence" (or "message")
    paragraphs: tuple[str, ...] = ()  # none: silence broken on the text as a whole


@dataclass(frozen=True, slots=True)
class SilenceProcedure:
    """A text circulated until a deadline; adopted if no member breaks silence.

    ``deadline`` is the wall-clock time in ``time_zone`` (a label printed as given:
    "Central European Time", "Geneva time"); its tzinfo, if any, is not used.
    """

    circulated: dt.date
    deadline: dt.datetime
    time_zone: str
    source: SourceRef  # kind "silence"
    version_label: str = ""
    breaks: tuple[SilenceBreak, ...] = ()

    @property
    def adopted(self) -> bool:
        return not self.breaks


@dataclass(frozen=True, slots=True)
class Stance:
    """A member's final position (or consensus-call stance) on one recommendation.

    One per member: the position that counts for it (its own, else its group's, then
    ``member.via_group`` is set). Should a member appear twice, the later one counts.
    """

    member: MemberRef
    kind: StanceKind
    source: SourceRef  # kind "position" or "stance"
    reason: str = ""  # kept in the record, not printed


@dataclass(frozen=True, slots=True)
class Recommendation:
    """An operative paragraph of the final text."""

    key: str  # "OP7"
    number: str  # as displayed: "7"
    text: str  # the final text, as issued
    status: RecommendationStatus = "agreed"  # "dropped" ones are only mentioned as dropped
    source: SourceRef | None = None  # the paragraph in the final version (kind "version")
    sources: tuple[SourceRef, ...] = ()  # the contributions it was framed from
    stances: tuple[Stance, ...] = ()


@dataclass(frozen=True, slots=True)
class AnnexPoint:
    """One argument for or against an annex topic's proposal, and who made it."""

    side: Literal["for", "against"]
    text: str  # the argument, one or more full sentences, printed as given
    sources: tuple[SourceRef, ...]  # turns, contributions, positions where it was made
    members: tuple[MemberRef, ...] = ()  # members that made it (via_group: on a group's behalf)
    negotiating_groups: tuple[str, ...] = ()  # NegotiatingGroup keys that made it as a group


@dataclass(frozen=True, slots=True)
class AnnexTopic:
    """A contested proposal whose arguments for and against are set out in an annex."""

    key: str  # stable, for paragraph keys: "mechanism"
    title: str  # the annex heading: "Arguments for and against a new intergovernmental body"
    proposal_key: str = ""  # the paragraph that carried it ("OP20"), if any
    proposal_text: str = ""  # its text as proposed, quoted
    points: tuple[AnnexPoint, ...] = ()
    sources: tuple[SourceRef, ...] = ()  # where the proposal was made (contributions, versions)


@dataclass(frozen=True, slots=True)
class SummaryRecord:
    group: GroupInfo
    constituencies: tuple[Constituency, ...] = ()
    members: tuple[Member, ...] = ()
    negotiating_groups: tuple[NegotiatingGroup, ...] = ()
    meetings: tuple[Meeting, ...] = ()
    calls: tuple[ContributionCall, ...] = ()
    versions: tuple[Version, ...] = ()  # oldest first; the last is the final text
    consultations: tuple[Consultation, ...] = ()
    consensus_calls: tuple[ConsensusCall, ...] = ()  # oldest first
    silence: SilenceProcedure | None = None  # the last one, if any (after the calls)
    recommendations: tuple[Recommendation, ...] = ()  # reading order
    annex: tuple[AnnexTopic, ...] = ()

    @property
    def adopted(self) -> bool | None:
        """Whether the text was adopted: by the silence procedure if there was one, else by
        the last consensus call; ``None`` when neither is recorded."""
        if self.silence is not None:
            return self.silence.adopted
        if self.consensus_calls:
            return self.consensus_calls[-1].adopted
        return None
