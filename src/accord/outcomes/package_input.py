"""The package problem of a version, read from the database (an adapter: rows in, the core
solver's plain problem out).

- Recommendations: the operative paragraphs of the version that are not dropped.
- Stances: the consensus call's stance where a member gave one (its paragraph stance, else
  its stance on the whole text), else its position on the paragraph; both already follow the
  negotiating-group rule. Support → support; an objection → object; everything else that
  accepts the text (can live with, no objection, reservation, stand aside, dissociation,
  reserve) → can live with.
- Conditions: members' "only if", "must be in" and "must not be in"; a condition stated on
  behalf of a negotiating group binds every member of the group (conditions add up).
- Option groups: the version's option groups (at most one of their paragraphs).
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from dataclasses import dataclass

from accord.core.consensus.problem import MemberRules, PackageProblem, Stance
from accord.drafts.models import OptionGroup, Paragraph, Version, VersionParagraph
from accord.groups.models import Member, NegotiatingGroupMembership
from accord.positions.models import StatusEvent
from accord.positions.selectors import current_positions, current_statuses

from .models import ConsensusCall, PackageCondition
from .selectors.calls import call_decision

_STANCE = {"support": Stance.SUPPORT, "object": Stance.OBJECT}


@dataclass(frozen=True)
class PackageInput:
    problem: PackageProblem
    members: dict[str, Member]  # core member id (slug) → member
    items: list[VersionParagraph]  # the recommendations, in reading order
    input_hash: str  # SHA-256 of the problem: same input, same answer
    blocs: dict[str, list[tuple[str, str]]]  # member slug → its negotiating groups (slug, name)


def _kind(kind: str) -> Stance:
    return _STANCE.get(kind, Stance.CAN_LIVE_WITH)


def package_input(version: Version) -> PackageInput:
    statuses = current_statuses(version)
    items = [
        item
        for item in VersionParagraph.objects.filter(
            version=version, paragraph__kind=Paragraph.Kind.OPERATIVE
        )
        .select_related("paragraph")
        .order_by("order")
        if getattr(statuses.get(item.paragraph_id), "status", "") != StatusEvent.Status.DROPPED
    ]
    keys = {i.paragraph_id: i.paragraph.key for i in items}
    members = {
        m.slug: m
        for m in Member.objects.filter(group=version.report.group, status=Member.Status.MEMBER)
        .select_related("constituency")
        .order_by("slug")
    }
    by_pk = {m.pk: m.slug for m in members.values()}
    stances: dict[str, dict[str, Stance]] = defaultdict(dict)
    for pid, counted in current_positions(version, list(keys)).items():
        for member_id, position in counted.items():
            if member_id in by_pk:
                stances[by_pk[member_id]][keys[pid]] = _kind(position.kind)
    call = ConsensusCall.objects.filter(version=version).order_by("-opened_at", "-id").first()
    if call is not None:
        decision = call_decision(call)
        for key in keys.values():
            for member_id in by_pk:
                counted_stance = decision.stances.get((member_id, key)) or decision.stances.get(
                    (member_id, None)
                )
                if counted_stance is not None:
                    stances[by_pk[member_id]][key] = _kind(counted_stance.kind)
    bloc_members: dict[int, list[str]] = defaultdict(list)
    blocs: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for gid, gslug, short, name, mid in (
        NegotiatingGroupMembership.objects.filter(negotiating_group__group=version.report.group)
        .order_by("negotiating_group__name")
        .values_list(
            "negotiating_group_id",
            "negotiating_group__slug",
            "negotiating_group__short_name",
            "negotiating_group__name",
            "member_id",
        )
    ):
        if mid in by_pk:
            bloc_members[gid].append(by_pk[mid])
            blocs[by_pk[mid]].append((gslug, short or name))
    requires: dict[str, set[tuple[str, str]]] = defaultdict(set)
    include: dict[str, set[str]] = defaultdict(set)
    exclude: dict[str, set[str]] = defaultdict(set)
    for cond in PackageCondition.objects.filter(version=version, withdrawn_at__isnull=True):
        if cond.paragraph_id not in keys or (cond.requires_id and cond.requires_id not in keys):
            continue  # a dropped recommendation's condition no longer applies
        bound = (
            bloc_members[cond.on_behalf_of_id]
            if cond.on_behalf_of_id
            else [by_pk.get(cond.member_id, "")]
        )
        for slug in filter(None, bound):
            key = keys[cond.paragraph_id]
            if cond.kind == PackageCondition.Kind.REQUIRES and cond.requires_id:
                requires[slug].add((key, keys[cond.requires_id]))
            elif cond.kind == PackageCondition.Kind.MUST_INCLUDE:
                include[slug].add(key)
            elif cond.kind == PackageCondition.Kind.MUST_EXCLUDE:
                exclude[slug].add(key)
    options = []
    for og in OptionGroup.objects.filter(version=version).prefetch_related("paragraphs"):
        in_package = frozenset(keys[p.pk] for p in og.paragraphs.all() if p.pk in keys)
        if len(in_package) > 1:
            options.append(in_package)
    problem = PackageProblem(
        items=tuple(i.paragraph.key for i in items),
        members=tuple(
            MemberRules(
                member=slug,
                stances=dict(sorted(stances[slug].items())),
                requires=tuple(sorted(requires[slug])),
                must_include=frozenset(include[slug]),
                must_exclude=frozenset(exclude[slug]),
            )
            for slug in members
        ),
        option_groups=tuple(sorted(options, key=sorted)),
    )
    digest = json.dumps(
        [
            problem.items,
            [
                [
                    r.member,
                    sorted((k, str(v)) for k, v in r.stances.items()),
                    r.requires,
                    sorted(r.must_include),
                    sorted(r.must_exclude),
                ]
                for r in problem.members
            ],
            [sorted(o) for o in problem.option_groups],
        ]
    )
    return PackageInput(
        problem, members, items, hashlib.sha256(digest.encode()).hexdigest(), dict(blocs)
    )
