"""What the negotiation screen shows for one viewer: the state of play of the whole text, the
filters, and one block per paragraph of a version.

Everything comes from one ``state.version_state`` read (a bounded number of queries whatever
the size of the text); what the viewer may do on each paragraph is asked of the services'
checks (``services.may_*``), never re-derived here.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django.urls import NoReverseMatch, reverse
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from accord.drafts.models import (
    Amendment,
    Bracket,
    OptionGroup,
    Version,
)
from accord.drafts.models import VersionParagraph as Item
from accord.drafts.selectors.amendments import support_summary
from accord.drafts.services.amendments import amendment_propose_check
from accord.drafts.services.checks import Standing, verdict
from accord.drafts.templatetags.amendment_tags import KIND_LABELS as AMENDMENT_KINDS
from accord.drafts.views.panel import SUPPORT_KINDS, AmendmentPanel, amendment_panels
from accord.groups.models import Member, NegotiatingGroup
from accord.groups.permissions import DELEGATE, FACILITATOR, can, user_role_kinds
from accord.groups.selectors import negotiating_groups_of_member

from . import selectors, services
from .compilation import proposer_name
from .forms import PositionForm, StatusForm
from .models import PositionEvent, StatusEvent
from .presenters import (
    Labels,
    TallyRow,
    lazy_propose,
    member_options,
    summary_line,
    tally_rows,
)
from .presenters import labels as paragraph_labels
from .rendering import Proposed, highlight, placeable
from .services import S
from .state import (
    UNREAD,
    Ref,
    StateOfPlay,
    VersionState,
    label_of,
    ref_of,
    state_of_play,
    takes_positions,
    version_state,
)

# Up to this many paragraphs (and amendments on them), the details of every paragraph are in
# the page (they open without JavaScript); beyond, they load when opened, and without
# JavaScript they link to the paragraph's own view.
INLINE_PARAGRAPHS = 60
INLINE_AMENDMENTS = 150

# Paragraph-level amendments: said in words under the text (they have no span to mark).
WHOLE_PARAGRAPH = {
    Amendment.Kind.ADD_PARAGRAPH,
    Amendment.Kind.DELETE_PARAGRAPH,
    Amendment.Kind.ALTERNATIVE,
}


@dataclass
class Viewer:
    user: Any
    member: Member | None  # the member the viewer records positions for, if they may
    sees_positions: bool
    is_chair: bool
    facilitates: set[int]  # paragraph ids of the viewer's open consultations
    can_amend: bool
    can_bracket: bool
    acting: services.Acting
    # The negotiating groups the viewer's member may speak for.
    negotiating_groups: list[NegotiatingGroup] = field(default_factory=list)


@dataclass(frozen=True)
class Filters:
    """Which paragraphs to show (GET parameters, so they work without JavaScript)."""

    contested: bool = False  # standing objections or held brackets
    unstated: bool = False  # the viewer's delegation has not stated its own position
    facilitator: int | None = None  # paragraphs of this facilitator's open consultations
    status: str = ""

    @classmethod
    def from_query(
        cls, query: Mapping[str, str], *, viewer: Viewer, facilitators: Iterable[int]
    ) -> Filters:
        """Unknown or unusable values are ignored (a filter never fails the page)."""
        facilitator = None
        raw = query.get("facilitator", "")
        if raw.isdigit() and int(raw) in set(facilitators):
            facilitator = int(raw)
        status = query.get("status", "")
        return cls(
            contested=query.get("contested") == "1",
            unstated=query.get("unstated") == "1" and viewer.member is not None,
            facilitator=facilitator,
            status=status if status in StatusEvent.Status.values else "",
        )

    @property
    def active(self) -> bool:
        return bool(self.contested or self.unstated or self.facilitator or self.status)

    def query(self) -> str:
        """The filters as a query string ("" when none)."""
        params: dict[str, Any] = {}
        if self.contested:
            params["contested"] = 1
        if self.unstated:
            params["unstated"] = 1
        if self.facilitator:
            params["facilitator"] = self.facilitator
        if self.status:
            params["status"] = self.status
        return urlencode(params)


@dataclass
class Block:
    item: Item
    label: str  # the one number shown (display number, else the stable id)
    html: SafeString
    status: selectors.ParagraphStatus
    is_heading: bool = False
    overlays: list[Bracket] = field(default_factory=list)
    amendments: list[Amendment] = field(default_factory=list)
    # Not marked in the text, said in words; the same deletion of the paragraph proposed by
    # several delegations is one line.
    whole: list[list[Amendment]] = field(default_factory=list)
    option_groups: list[OptionGroup] = field(default_factory=list)
    summary: str = ""  # safe HTML: "12 support · 3 object (Cuba, …) · 2 reserve"
    tallies: list[selectors.ConstituencyTally] | None = None
    tally_rows: list[TallyRow] = field(default_factory=list)
    # The paragraph's actions: record, confirm, status, history (computed once per screen).
    urls: dict[str, str] = field(default_factory=dict)
    my_position: selectors.CurrentPosition | None = None
    statements: list[selectors.BlocStatement] = field(default_factory=list)
    may_record: bool = False
    can_confirm: bool = False
    can_set_status: bool = False
    # What stands in the way of agreement (for those who set the status): objections, brackets.
    blockers: selectors.Blockers | None = None
    status_choices: list[tuple[str, str]] = field(default_factory=list)
    with_determination: bool = False
    pending_reservers: list[Member] = field(default_factory=list)
    pending_options: str = ""  # safe HTML: the <option>s of every full member, when asked
    # The values a form shows again after a refusal (else the current ones).
    position_values: dict[str, Any] = field(default_factory=dict)
    status_values: dict[str, Any] = field(default_factory=dict)
    amend_url: str = ""
    bracket_url: str = ""
    error: str = ""
    notice: str = ""
    errors: dict[str, str] = field(default_factory=dict)
    opened: str = ""  # the <details> to show open: "position" | "status" | "all"
    # Its <details> hold a link, and load their content when opened (a long text).
    lazy: bool = False
    offers: bool = False  # the amendments' partial offers "Propose a change"
    labels: Labels | None = None  # what its summaries say
    updated: bool = False  # sent by a live update (others changed it)
    # Context of the drafts app's "paragraph-amendments" partial.
    amendment_context: dict[str, Any] | None = None
    # What its "Propose a change" holds until opened (the forms load then).
    propose_lazy: str = ""  # safe HTML

    @property
    def key(self) -> str:
        return self.item.paragraph.key

    @property
    def ref(self) -> str:
        """How the screen's own words name it ("paragraph 8"): its number, as lists print it."""
        return ref_of(self.item).label

    @property
    def all_open(self) -> bool:
        """Shown with everything open (the paragraph's own view)."""
        return self.opened == "all"

    @property
    def propose_placeholder(self) -> SafeString:
        """ "Propose a change" loads its forms when opened, unless the paragraph is shown
        with everything open (its own view: the link the placeholder holds)."""
        return SafeString("" if self.all_open else self.propose_lazy)

    @property
    def proposed(self) -> int:
        return sum(1 for a in self.amendments if a.status == Amendment.Status.PROPOSED)


@dataclass
class Screen:
    state: VersionState
    play: StateOfPlay
    filters: Filters
    blocks: list[Block]
    shown: int  # paragraphs (not headings) shown under the filters
    facilitators: list[tuple[int, str]]  # (user id, name) of the open consultations
    position_labels: dict[str, str]
    status_labels: dict[str, str]

    @property
    def stamp(self) -> int:
        return self.state.stamp

    @property
    def map(self) -> list[tuple[Ref, str, bool]]:
        """The text paragraph by paragraph: (reference, status, contested), for the chart."""
        state = self.state
        return [
            (
                ref_of(item),
                state.statuses[item.paragraph_id].status,
                state.contested(item.paragraph_id),
            )
            for item in state.items
            if takes_positions(item)
        ]


def negotiable(version: Version) -> bool:
    return version.status == Version.Status.ISSUED and (
        version.is_circulated or version.is_published
    )


def viewer_for(user: Any, version: Version, state: VersionState | None = None) -> Viewer:
    """Who is looking; ``state``: what the screen has read (no query for the consultations)."""
    group = version.report.group
    facilitates = state.facilitated_by(user.pk) if state is not None and user.pk else None
    paragraph_ids = [i.paragraph_id for i in state.items] if state is not None else None
    known: dict[str, Any] = {}
    if state is not None and state.viewer_member is not UNREAD:
        known["member"] = state.viewer_member  # read with the members, no query of its own
    acting = services.Acting(
        user, version, facilitates=facilitates, paragraph_ids=paragraph_ids, **known
    )
    member = None
    if negotiable(version) and services.may_take_positions(acting) is None:
        member = acting.member
    return Viewer(
        user=user,
        member=member,
        sees_positions=selectors.positions_visible(user, group),
        is_chair=acting.is_chair,
        facilitates=set(acting.facilitates) if can(user, "positions.set_status", group) else set(),
        can_amend=negotiable(version) and can(user, "drafts.amend", group),
        can_bracket=negotiable(version) and can(user, "drafts.bracket", group),
        acting=acting,
        negotiating_groups=(
            (
                state.blocs.groups_of(member)
                if state is not None
                else negotiating_groups_of_member(member=member)
            )
            if member
            else []
        ),
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


# ---- one paragraph ----------------------------------------------------------------------------


def _placed(item: Item, amendment: Amendment, ref: str, title: str) -> list[Proposed]:
    """Where a proposed amendment changes the text: each of its parts (the words an edit
    changes, as ``drafts.selectors.parts.amendment_edits`` reads them), or its one span;
    its one covering span when a part no longer reads as proposed on; nothing when the text
    itself no longer does."""
    if not placeable(item.text, amendment.start, amendment.end, amendment.old_text):
        return []
    assert amendment.start is not None and amendment.end is not None  # placeable
    href = f"#amendment-{amendment.pk}"
    parts = getattr(amendment, "part_rows", None)  # read with the amendments, in order
    if parts is None:
        parts = sorted(amendment.parts.all(), key=lambda p: p.position)
    if parts and all(item.text[p.start : p.end] == p.old_text for p in parts):
        return [Proposed(p.start, p.end, p.new_text, ref, title, href) for p in parts]
    return [Proposed(amendment.start, amendment.end, amendment.new_text, ref, title, href)]


def _proposals(
    item: Item, amendments: list[Amendment], kinds: Mapping[str, str]
) -> tuple[list[Proposed], list[list[Amendment]]]:
    """The proposed amendments marked in the text, and those said in words under it (in
    lines: one for all the deletions of the paragraph). ``kinds``: each kind of amendment as
    the reader says it."""
    placed: list[Proposed] = []
    whole: list[list[Amendment]] = []
    deletions: list[Amendment] = []
    for a in amendments:
        if a.status != Amendment.Status.PROPOSED:
            continue
        by = proposer_name(a)
        kind = kinds.get(a.kind, a.kind)
        a.by, a.kind_label = by, kind  # type: ignore[attr-defined]
        marks = []
        if a.kind not in WHOLE_PARAGRAPH and a.parent_id is None:
            marks = _placed(item, a, str(a.pk), f"#{a.pk} {kind} — {by}")
        if marks:
            placed.extend(marks)
        elif a.kind == Amendment.Kind.DELETE_PARAGRAPH and a.parent_id is None:
            if not deletions:
                whole.append(deletions)
            deletions.append(a)
        else:
            whole.append([a])
    return placed, whole


_KEY = "KEY0PLACEHOLDER"  # a paragraph key in a reversed URL, replaced by each real key


def _url_patterns(version: Version) -> dict[str, str]:
    """The paragraph action URLs of the version, reversed once for all its paragraphs."""
    kwargs = {
        "group_slug": version.report.group.slug,
        "report_slug": version.report.slug,
        "number": version.number,
        "key": _KEY,
    }
    urls = {
        name: reverse(f"positions:{name}", kwargs=kwargs)
        for name in ("record", "confirm", "status", "history")
    }
    del kwargs["key"]
    urls["focus"] = f"{reverse('positions:negotiate', kwargs=kwargs)}?p={_KEY}"
    return urls


class _Builder:
    """Builds the blocks of one screen from its state (no queries)."""

    def __init__(self, state: VersionState, viewer: Viewer, inline: Iterable[Item] = ()) -> None:
        """``inline``: the paragraphs shown with their details (amendments with their own
        actions, and "Propose a change")."""
        self.state = state
        self.viewer = viewer
        self.version = state.version
        self.group = state.version.report.group
        self.negotiable = negotiable(self.version)
        self.urls = _url_patterns(self.version)
        self.draft_urls = {
            "amend": _draft_url("drafts:amendment-propose", self.version, _KEY, "amend"),
            "bracket": _draft_url("drafts:bracket-add", self.version, _KEY, "bracket"),
        }
        self.may_determine = services.may_determine(viewer.acting) is None
        self.amendment_base = _amendment_base(viewer.user, self.group, self.version)
        self.standing = _standing(state, viewer)
        self.kinds = {kind: str(label) for kind, label in AMENDMENT_KINDS.items()}
        self.refs = {i.paragraph_id: ref_of(i) for i in state.items}
        items = list(inline)
        self.panels: dict[int, AmendmentPanel] = (
            amendment_panels(
                viewer.user,
                self.group,
                self.version,
                items,
                [a for i in items for a in state.amendments.get(i.paragraph_id, [])],
                standing=self.standing,
                assets=False,  # the page links the partial's script and styles itself
            )
            if items
            else {}
        )

    def block(self, item: Item, *, inline: bool = True) -> Block:
        """``inline``: with everything its <details> hold (else they load when opened)."""
        state, viewer = self.state, self.viewer
        pid = item.paragraph_id
        status = state.statuses[pid]
        if not takes_positions(item):
            return Block(
                item=item, label="", html=highlight(item.text), status=status, is_heading=True
            )
        overlays = state.brackets.get(pid, [])
        for bracket in overlays:
            linked = bracket.linked_paragraph
            if linked is not None:  # named by its number, as the text is
                bracket.linked_ref = self.refs.get(  # type: ignore[attr-defined]
                    linked.pk, Ref(linked.key, linked.key)
                )
        amendments = state.amendments.get(pid, [])
        placed, whole = _proposals(item, amendments, self.kinds)
        numbered = [(b.start, b.end, n) for n, b in enumerate(overlays, 1)]
        positions = state.positions_of(pid)
        tallies = (
            selectors.tallies_of(self.group, positions, frame=state.frame)
            if viewer.sees_positions
            else None
        )
        block = Block(
            item=item,
            label=label_of(item),
            html=highlight(item.text, numbered, placed),
            status=status,
            overlays=overlays,
            amendments=amendments,
            whole=whole,
            option_groups=state.option_groups.get(pid, []),
            tallies=tallies,
            summary=summary_line(positions, sum(t.silent for t in tallies))
            if tallies is not None
            else "",
            tally_rows=tally_rows(tallies) if tallies is not None and inline else [],
            lazy=not inline,
            urls={
                name: pattern.replace(_KEY, item.paragraph.key)
                for name, pattern in self.urls.items()
            },
            my_position=positions.get(viewer.member.pk) if viewer.member else None,
            statements=state.positions.statements.get(pid, []) if state.positions else [],
        )
        paragraph = item.paragraph
        acting = viewer.acting
        block.may_record = viewer.member is not None and (
            services.may_record_position(acting, paragraph) is None
        )
        if block.may_record:
            block.position_values = {"kind": block.my_position.kind if block.my_position else ""}
        block.can_confirm = viewer.member is not None and (
            services.may_confirm(acting, paragraph, status) is None
        )
        block.can_set_status = services.may_set_status(acting, paragraph) is None
        if block.can_set_status:
            block.blockers = state.blockers(pid)
            labels = selectors.STATUS_LABELS
            block.status_choices = [
                (s, str(labels[StatusEvent.Status(s)]))
                for s in services.status_moves(status.status)
            ]
            block.with_determination = self.may_determine and bool(block.blockers)
            if S.AGREED_AD_REF in services.status_moves(status.status):
                # Offered at once: the members awaiting instructions on it (a reserve). Any
                # other member is offered when the form comes back asking for them.
                block.pending_reservers = sorted(
                    (p.member for p in positions.values() if p.kind == PositionEvent.Kind.RESERVE),
                    key=lambda m: m.name,
                )
        if viewer.can_amend:
            block.amend_url = self.draft_urls["amend"].replace(_KEY, block.key)
        if viewer.can_bracket:
            block.bracket_url = self.draft_urls["bracket"].replace(_KEY, block.key)
        block.labels = paragraph_labels(
            ref=block.ref,
            member=viewer.member.name if viewer.member is not None else "",
            with_positions=tallies is not None,
            proposed=block.proposed,
            mine=block.my_position,
            focus_url=block.urls["focus"],
            lazy=not inline,
        )
        panel = self.panels.get(pid)
        if inline and panel is not None:
            for bracket in overlays:
                bracket.active_holders = list(bracket.holders.all())  # type: ignore[attr-defined]
            block.amendment_context = {
                **self.amendment_base,
                "paragraph": paragraph,
                # Named as the rest of the screen names it: its number, not its stable id.
                "paragraph_name": _("paragraph %(ref)s") % {"ref": block.ref},
                "item": item,
                "amendments": [(a, support_summary(a)) for a in amendments],
                "brackets": overlays,
                "panel": panel,
                "can_amend": verdict(
                    amendment_propose_check,
                    actor=viewer.user,
                    version=self.version,
                    paragraph=paragraph,
                    kind=Amendment.Kind.ADD_PARAGRAPH,
                    standing=self.standing,
                ),
                "can_bracket": panel.bracket,
            }
            block.offers = panel.offers
            if panel.offers:
                block.propose_lazy = lazy_propose(
                    ref=block.ref, key=block.key, focus_url=block.urls["focus"]
                )
        return block


def _amendment_base(user: Any, group: Any, version: Version) -> dict[str, Any]:
    """What the drafts app's ``paragraph-amendments`` partial takes for every paragraph (as
    ``drafts.views.panel.paragraph_contexts`` gives it), the rows being read here in bulk."""
    return {
        "group": group,
        "report": version.report,
        "version": version,
        "can_support": can(user, "drafts.support_amendment", group),
        "can_decide": can(user, "drafts.decide_amendment", group),
        "kinds": Amendment.Kind.choices,
        "support_kinds": SUPPORT_KINDS,
        "reasons": Bracket.Reason.choices,
        "notice": "",
    }


def _standing(state: VersionState, viewer: Viewer) -> Standing:
    """The viewer's standing for the drafts app's checks, from what the screen has read (as
    ``drafts.services.checks.standing_of`` reads it, without its queries)."""
    user, group = viewer.user, state.version.report.group
    kinds = frozenset(user_role_kinds(user, group))
    member = viewer.acting.member if DELEGATE in kinds and viewer.member is not None else None
    facilitated = frozenset(state.facilitated_by(user.pk)) if FACILITATOR in kinds else frozenset()
    return Standing(kinds, member, bool(getattr(user, "is_superuser", False)), facilitated)


# ---- the screen -------------------------------------------------------------------------------


def _matches(filters: Filters, state: VersionState, viewer: Viewer, item: Item) -> bool:
    pid = item.paragraph_id
    if filters.contested and not state.contested(pid):
        return False
    if filters.unstated:
        assert viewer.member is not None  # Filters.from_query
        position = state.positions_of(pid).get(viewer.member.pk)
        if position is not None and position.via_group is None:
            return False
    if filters.facilitator and pid not in state.facilitated_by(filters.facilitator):
        return False
    return not (filters.status and state.statuses[pid].status != filters.status)


def screen_for(
    version: Version,
    user: Any,
    query: Mapping[str, str] | None = None,
    *,
    only_keys: Iterable[str] | None = None,
    only_ids: Iterable[int] | None = None,
    stamp: int | None = None,
) -> tuple[Screen, Viewer]:
    """The screen for ``user``: every paragraph under the filters of ``query``, or only the
    paragraphs named (``only_keys``, ``only_ids``: a fragment, or a live update; ``stamp``: the
    audit position it was asked from)."""
    group = version.report.group
    if stamp is None:
        stamp = getattr(version, "audit_stamp", None)  # read with the version, if it was
        stamp = int(stamp or 0) if hasattr(version, "audit_stamp") else None
    state = version_state(
        version,
        with_positions=selectors.positions_visible(user, group),
        stamp=stamp,
        viewer=user,
    )
    viewer = viewer_for(user, version, state)
    facilitators: dict[int, str] = {}
    for c in state.consultations:
        facilitators.setdefault(c.facilitator.pk, str(c.facilitator))
    filters = Filters.from_query(query or {}, viewer=viewer, facilitators=facilitators)
    wanted_keys = set(only_keys) if only_keys is not None else None
    wanted_ids = set(only_ids) if only_ids is not None else None
    chosen: list[Item] = []
    heading: Item | None = None
    shown = 0
    for item in state.items:
        if wanted_keys is not None or wanted_ids is not None:
            if (wanted_keys is not None and item.paragraph.key in wanted_keys) or (
                wanted_ids is not None and item.paragraph_id in wanted_ids
            ):
                chosen.append(item)
            continue
        if not takes_positions(item):
            heading = item
            if not filters.active:
                chosen.append(item)
            continue
        if filters.active and not _matches(filters, state, viewer, item):
            continue
        if filters.active and heading is not None:
            chosen.append(heading)  # the heading of a shown paragraph, once
        heading = None
        chosen.append(item)
        shown += 1
    # A long text (or a long selection of it) loads each paragraph's details when opened;
    # a fragment, a live update and a text of usual length hold them in the page.
    inline = (wanted_keys is not None or wanted_ids is not None) or (
        shown <= INLINE_PARAGRAPHS
        and sum(len(state.amendments.get(i.paragraph_id, [])) for i in chosen) <= INLINE_AMENDMENTS
    )
    if inline:
        state.read_supports(i.paragraph_id for i in chosen)
    builder = _Builder(state, viewer, [i for i in chosen if takes_positions(i)] if inline else [])
    blocks = [builder.block(item, inline=inline) for item in chosen]
    screen = Screen(
        state=state,
        play=state_of_play(state),
        filters=filters,
        blocks=blocks,
        shown=shown,
        facilitators=sorted(facilitators.items(), key=lambda kv: kv[1].casefold()),
        position_labels={n: str(f.label) for n, f in PositionForm.base_fields.items()},
        status_labels={n: str(f.label) for n, f in StatusForm.base_fields.items()},
    )
    return screen, viewer


def refused_values(form: Any) -> dict[str, Any]:
    """What the user typed in a refused form, by field name (to show it again)."""
    data = form.data
    prefix = form.prefix or ""
    out: dict[str, Any] = {}
    for name in form.fields:
        key = f"{prefix}-{name}" if prefix else name
        out[name] = data.getlist(key) if hasattr(data, "getlist") else data.get(key)
        if isinstance(out[name], list) and name not in {"pending_members"}:
            out[name] = out[name][-1] if out[name] else ""
    return out


def with_refusal(block: Block, form: Any, members: Iterable[Member]) -> Block:
    """Show a refused form again with what was typed (the block's error is set by the view)."""
    values = refused_values(form)
    if isinstance(form, PositionForm):
        block.position_values = values
        block.opened = "position"
    elif isinstance(form, StatusForm):
        block.status_values = values
        chosen = [str(v) for v in values.get("pending_members") or ()]
        block.status_values["pending_members"] = chosen
        if values.get("status") == S.AGREED_AD_REF or chosen:
            block.pending_options = member_options(members, chosen)
        block.opened = "status"
    return block
