"""What a paragraph's amendments partial shows and offers, for one paragraph or a whole
version at once (the negotiation screen), in a bounded number of queries.

The partial ``drafts/amendment_list.html#paragraph-amendments`` lists the amendments
compactly (``amendments``: ``(Amendment, SupportSummary)`` pairs) and, given a ``panel``
(:class:`AmendmentPanel`), offers "Propose a change": the paragraph's text to edit, and
the words to bracket. What each viewer may do is asked of the services' checks
(``services.checks``), never re-derived here: the panel carries their verdicts, and each
amendment gets ``checks`` (:class:`RowChecks`) for its own buttons.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, prefetch_related_objects
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accord.core.amend import Segment
from accord.groups.models import WorkingGroup
from accord.groups.permissions import can

from ..models import Amendment, AmendmentSupport, Bracket, BracketHolder, Paragraph, Version
from ..models import VersionParagraph as Item
from ..selectors.amendments import support_summary, text_hash
from ..selectors.parts import amendment_segments
from ..services.amendments import (
    amendment_decide_check,
    amendment_propose_check,
    amendment_support_check,
    amendment_withdraw_check,
)
from ..services.brackets import bracket_add_check, bracket_join_check, bracket_lift_check
from ..services.checks import Standing, Verdict, standing_of, verdict

REASONS = [
    (Bracket.Reason.CONTESTED, gettext_lazy("Contested wording")),
    (Bracket.Reason.CAPITAL, gettext_lazy("Awaiting instructions from capital")),
    (Bracket.Reason.LINKED, gettext_lazy("Linked to another paragraph")),
    (Bracket.Reason.ALTERNATIVE, gettext_lazy("Alternative text")),
]
SUPPORT_KINDS = [
    ("cosponsor", gettext_lazy("Co-sponsor")),
    ("support", gettext_lazy("Support")),
    ("oppose", gettext_lazy("Oppose")),
]


@dataclass(frozen=True)
class RowChecks:
    """One amendment as the viewer sees it: what they may do, their delegation's stance,
    and the change as a compact redline."""

    support: Verdict
    withdraw: Verdict
    decide: Verdict
    stance: str
    segments: tuple[Segment, ...]
    parts: int = 0


@dataclass(frozen=True)
class BracketChecks:
    """A bracket as the viewer sees it: may they hold it too, lift (their hold, or as the
    chair a bracket nobody holds), and does their delegation hold it."""

    join: Verdict
    lift: Verdict
    holding: bool


@dataclass(frozen=True)
class AmendmentPanel:
    """The paragraph's "Propose a change": its text (to edit, and to select words in) and
    whether the viewer may propose a change (``edit``) or bracket words (``bracket``).

    ``assets``: the first panel of a page loads the partial's script (selecting words).
    """

    paragraph: Paragraph
    text: str
    text_hash: str
    edit: Verdict
    bracket: Verdict
    edit_url: str
    propose_url: str
    bracket_url: str
    assets: bool = False

    @property
    def offers(self) -> bool:
        return bool(self.edit or self.bracket)

    @property
    def rows(self) -> int:
        """Rows for the textarea: about the paragraph's length, at least three."""
        return max(3, min(16, len(self.text) // 70 + 2))


def _url(name: str, version: Version, key: str) -> str:
    report = version.report
    return reverse(f"drafts:{name}", args=[report.group.slug, report.slug, version.number, key])


def amendment_panels(
    user: Any,
    group: WorkingGroup,
    version: Version,
    items: Sequence[Item],
    amendments: Iterable[Amendment] = (),
    *,
    standing: Standing | None = None,
    assets: bool = True,
) -> dict[int, AmendmentPanel]:
    """A panel per paragraph of ``items`` (by paragraph id), and ``checks`` set on each of
    ``amendments`` (of ``version``; their supports and parts are fetched here in two
    queries unless prefetched). At most three more queries for the viewer's standing,
    whatever the number of paragraphs. ``assets``: the first panel loads the partial's
    script (for a page that does not load it itself)."""
    if standing is None:
        standing = standing_of(user, group, version.report)
    rows = list(amendments)
    prefetch_related_objects(
        rows,
        Prefetch("supports", queryset=AmendmentSupport.objects.select_related("member")),
        "parts",
    )
    texts = {item.paragraph_id: item.text for item in items}
    member = standing.member
    for amendment in rows:
        stance = next(
            (s.kind for s in amendment.supports.all() if member and s.member_id == member.pk), ""
        )
        base = texts.get(amendment.paragraph_id) if amendment.version_id == version.pk else None
        amendment.checks = RowChecks(  # type: ignore[attr-defined]
            support=verdict(
                amendment_support_check, actor=user, amendment=amendment, standing=standing
            ),
            withdraw=verdict(
                amendment_withdraw_check, actor=user, amendment=amendment, standing=standing
            ),
            decide=verdict(
                amendment_decide_check, actor=user, amendment=amendment, standing=standing
            ),
            stance=stance,
            segments=amendment_segments(amendment, base),
            parts=len(amendment.parts.all()),
        )
    panels: dict[int, AmendmentPanel] = {}
    for index, item in enumerate(items):
        paragraph = item.paragraph
        key = paragraph.key
        panels[paragraph.pk] = AmendmentPanel(
            paragraph=paragraph,
            text=item.text,
            text_hash=text_hash(item.text),
            edit=verdict(
                amendment_propose_check,
                actor=user,
                version=version,
                paragraph=paragraph,
                standing=standing,
            ),
            bracket=verdict(
                bracket_add_check,
                actor=user,
                version=version,
                paragraph=paragraph,
                standing=standing,
            ),
            edit_url=_url("amendment-edit", version, key),
            propose_url=_url("amendment-propose", version, key),
            bracket_url=_url("bracket-add", version, key),
            assets=assets and index == 0,
        )
    return panels


def _amendments_of(version: Version, paragraph_ids: Sequence[int]) -> list[Amendment]:
    return list(
        Amendment.objects.filter(version=version, paragraph_id__in=paragraph_ids)
        .select_related(
            "proposer",
            "paragraph",
            "version",
            "version__report",
            "parent",
            "merged_into",
            "on_behalf_of",
        )
        .prefetch_related(
            Prefetch("supports", queryset=AmendmentSupport.objects.select_related("member")),
            "parts",
        )
    )


def _open_brackets(version: Version, paragraph_ids: Sequence[int]) -> list[Bracket]:
    return list(
        Bracket.objects.filter(
            version=version, paragraph_id__in=paragraph_ids, lifted_at__isnull=True
        )
        .select_related("paragraph", "linked_paragraph")
        .prefetch_related(
            Prefetch(
                "holders",
                queryset=BracketHolder.objects.filter(lifted_at__isnull=True).select_related(
                    "member"
                ),
                to_attr="active_holders",
            )
        )
    )


def paragraph_contexts(
    request: HttpRequest,
    group: WorkingGroup,
    version: Version,
    paragraphs: Sequence[Paragraph] | None = None,
) -> dict[int, dict[str, Any]]:
    """The partials' context for each paragraph of ``version`` (``paragraphs``: only
    those), by paragraph id, in about ten queries whatever their number."""
    items_qs = Item.objects.filter(version=version).select_related("paragraph").order_by("order")
    if paragraphs is not None:
        items_qs = items_qs.filter(paragraph__in=[p.pk for p in paragraphs])
    items = list(items_qs)
    ids = [item.paragraph_id for item in items]
    user = request.user
    standing = standing_of(user, group, version.report)
    amendments = _amendments_of(version, ids)
    # The drafts pages load the script themselves (and an htmx fragment must not load
    # it again).
    panels = amendment_panels(
        user, group, version, items, amendments, standing=standing, assets=False
    )
    by_paragraph: dict[int, list[Amendment]] = {}
    for amendment in amendments:
        by_paragraph.setdefault(amendment.paragraph_id, []).append(amendment)
    brackets: dict[int, list[Bracket]] = {}
    member = standing.member
    for bracket in _open_brackets(version, ids):
        bracket.checks = BracketChecks(  # type: ignore[attr-defined]
            join=verdict(bracket_join_check, actor=user, bracket=bracket, standing=standing),
            lift=verdict(bracket_lift_check, actor=user, bracket=bracket, standing=standing),
            holding=member is not None
            and any(h.member_id == member.pk for h in bracket.active_holders),  # type: ignore[attr-defined]
        )
        brackets.setdefault(bracket.paragraph_id, []).append(bracket)
    base = {
        "group": group,
        "report": version.report,
        "version": version,
        "can_support": can(user, "drafts.support_amendment", group),
        "can_decide": can(user, "drafts.decide_amendment", group),
        "kinds": Amendment.Kind.choices,
        "support_kinds": SUPPORT_KINDS,
        "reasons": REASONS,
    }
    contexts: dict[int, dict[str, Any]] = {}
    for item in items:
        pid = item.paragraph_id
        panel = panels[pid]
        contexts[pid] = {
            **base,
            "paragraph": item.paragraph,
            # Named as the negotiation screen names it: its number, not its stable id.
            "paragraph_name": _("paragraph %(ref)s") % {"ref": item.ref},
            "item": item,
            "amendments": [(a, support_summary(a)) for a in by_paragraph.get(pid, [])],
            "brackets": brackets.get(pid, []),
            "panel": panel,
            # Anything at all (a paragraph may follow a heading) / words chosen in it.
            "can_amend": verdict(
                amendment_propose_check,
                actor=user,
                version=version,
                paragraph=item.paragraph,
                kind=Amendment.Kind.ADD_PARAGRAPH,
                standing=standing,
            ),
            "can_bracket": panel.bracket,
        }
    return contexts


def paragraph_context(
    request: HttpRequest, group: WorkingGroup, version: Version, paragraph: Paragraph
) -> dict[str, Any]:
    """Context of the ``paragraph-amendments`` and ``paragraph-brackets`` partials."""
    return paragraph_contexts(request, group, version, [paragraph])[paragraph.pk]
