"""What the negotiation screen shows for one viewer: one block per paragraph of a version."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch
from django.urls import NoReverseMatch, reverse
from django.utils.safestring import SafeString

from accord.drafts.models import (
    Amendment,
    AmendmentSupport,
    Bracket,
    BracketHolder,
    InformalConsultation,
    OptionGroup,
    Version,
    VersionParagraph,
)
from accord.groups.models import Member, NegotiatingGroup
from accord.groups.permissions import CHAIR, can, user_role_kinds
from accord.groups.selectors import member_for_user, negotiating_groups_of_member

from . import selectors
from .compilation import proposer_name
from .forms import PositionForm, StatusForm
from .rendering import highlight
from .services import FORWARD, S


@dataclass
class Viewer:
    user: Any
    member: Member | None  # the member the viewer records positions for, if they may
    sees_positions: bool
    is_chair: bool
    facilitates: set[int]  # paragraph ids of the viewer's open consultations
    can_amend: bool
    can_bracket: bool
    # The negotiating groups the viewer's member may speak for.
    negotiating_groups: list[NegotiatingGroup] = field(default_factory=list)


@dataclass
class Block:
    item: VersionParagraph
    html: SafeString
    status: selectors.ParagraphStatus
    overlays: list[Bracket]
    amendments: list[Amendment]
    option_groups: list[OptionGroup]
    tallies: list[selectors.ConstituencyTally] | None
    my_position: selectors.CurrentPosition | None
    statements: list[selectors.BlocStatement]  # group statements on the paragraph (members only)
    can_set_status: bool
    can_confirm: bool
    # What stands in the way of agreement (for those who set the status): objections, brackets.
    blockers: selectors.Blockers | None = None
    amend_url: str = ""
    bracket_url: str = ""
    position_form: PositionForm | None = None
    status_form: StatusForm | None = None
    error: str = ""
    notice: str = ""
    errors: dict[str, str] = field(default_factory=dict)
    # Context of the drafts app's "paragraph-amendments" partial (set by the view).
    amendment_context: dict[str, Any] | None = None

    @property
    def key(self) -> str:
        return self.item.paragraph.key


def negotiable(version: Version) -> bool:
    return version.status == Version.Status.ISSUED and (
        version.is_circulated or version.is_published
    )


def viewer_for(user: Any, version: Version) -> Viewer:
    group = version.report.group
    member = None
    if negotiable(version) and can(user, "positions.record", group):
        member = member_for_user(user=user, group=group)
        if member is not None and member.status != Member.Status.MEMBER:
            member = None
    is_chair = getattr(user, "is_superuser", False) or CHAIR in user_role_kinds(user, group)
    facilitates: set[int] = set()
    if getattr(user, "is_authenticated", False) and can(user, "positions.set_status", group):
        facilitates = set(
            InformalConsultation.objects.filter(
                report_id=version.report_id, facilitator=user, is_open=True
            ).values_list("paragraphs", flat=True)
        ) - {None}
    return Viewer(
        user=user,
        member=member,
        sees_positions=selectors.positions_visible(user, group),
        is_chair=is_chair,
        facilitates=facilitates,
        can_amend=negotiable(version) and can(user, "drafts.amend", group),
        can_bracket=negotiable(version) and can(user, "drafts.bracket", group),
        negotiating_groups=negotiating_groups_of_member(member=member) if member else [],
    )


def _draft_url(name: str, version: Version, key: str, suffix: str) -> str:
    """B's amend / bracket pages, by name when they exist, else by the agreed path."""
    kwargs = {
        "group_slug": version.report.group.slug,
        "report_slug": version.report.slug,
        "number": version.number,
        "key": key,
    }
    try:
        return reverse(name, kwargs=kwargs)
    except NoReverseMatch:
        g, r, n = kwargs["group_slug"], kwargs["report_slug"], kwargs["number"]
        return f"/g/{g}/drafts/{r}/v/{n}/p/{key}/{suffix}/"


def blocks_for(version: Version, viewer: Viewer, *, only_key: str | None = None) -> list[Block]:
    items = selectors.items_of(version)
    if only_key is not None:
        items = [i for i in items if i.paragraph.key == only_key]
    pids = [i.paragraph_id for i in items]
    statuses = selectors.current_statuses(version)
    state = (
        selectors.position_state(version, pids)
        if viewer.sees_positions
        else selectors.PositionState({}, {})
    )
    positions = state.positions
    group = version.report.group
    overlays: dict[int, list[Bracket]] = {}
    holders = BracketHolder.objects.filter(lifted_at__isnull=True).select_related("member")
    for b in (
        Bracket.objects.filter(version=version, paragraph_id__in=pids, lifted_at__isnull=True)
        .select_related("linked_paragraph")
        .prefetch_related(Prefetch("holders", queryset=holders))
        .order_by("start", "id")
    ):
        overlays.setdefault(b.paragraph_id, []).append(b)
    amendments: dict[int, list[Amendment]] = {}
    supports = AmendmentSupport.objects.select_related("member").order_by("member__name")
    for a in (
        Amendment.objects.filter(version=version, paragraph_id__in=pids)
        .select_related("proposer", "on_behalf_of")
        .prefetch_related(Prefetch("supports", queryset=supports))
    ):
        # The template shows a delegation or, for a compromise text, the role that tabled it.
        a.by = proposer_name(a)  # type: ignore[attr-defined]
        amendments.setdefault(a.paragraph_id, []).append(a)
    options: dict[int, list[OptionGroup]] = {}
    for og in OptionGroup.objects.filter(version=version).prefetch_related("paragraphs"):
        for p in og.paragraphs.all():
            options.setdefault(p.pk, []).append(og)
    blocks = []
    for item in items:
        pid = item.paragraph_id
        status = statuses[pid]
        own = overlays.get(pid, [])
        by_member = positions.get(pid, {})
        may_status = negotiable(version) and (viewer.is_chair or pid in viewer.facilitates)
        block = Block(
            item=item,
            html=highlight(item.text, [(b.start, b.end, n) for n, b in enumerate(own, 1)]),
            status=status,
            overlays=own,
            amendments=amendments.get(pid, []),
            option_groups=options.get(pid, []),
            tallies=selectors.tallies_of(group, by_member) if viewer.sees_positions else None,
            my_position=by_member.get(viewer.member.pk) if viewer.member else None,
            statements=state.statements.get(pid, []),
            can_set_status=may_status,
            can_confirm=viewer.member is not None
            and viewer.member.pk in {m.pk for m in status.pending_members},
        )
        if viewer.can_amend:
            block.amend_url = _draft_url("drafts:amendment-propose", version, block.key, "amend")
        if viewer.can_bracket:
            block.bracket_url = _draft_url("drafts:bracket-add", version, block.key, "bracket")
        if viewer.member is not None:
            initial = {"kind": block.my_position.kind} if block.my_position else {}
            block.position_form = PositionForm(
                initial=initial,
                prefix=f"p-{block.key}",
                member=viewer.member,
                negotiating_groups=viewer.negotiating_groups,
            )
        if may_status:
            block.blockers = selectors.blockers_of(by_member, own)
            block.status_form = StatusForm(
                group=group,
                allowed=allowed_statuses(status.status),
                prefix=f"s-{block.key}",
                with_determination=viewer.is_chair and bool(block.blockers),
            )
        blocks.append(block)
    return blocks


def allowed_statuses(current: str) -> list[str]:
    allowed = FORWARD[current] | {S.DROPPED, S.OPEN}
    return [s for s in S.values if s in allowed and s != current]
