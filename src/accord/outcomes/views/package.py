"""The package view of a version: the largest package every member accepts (or the one most
accept), who blocks each left-out recommendation, why one can never be in; members' conditions.
It redraws itself through htmx while positions come in (no reload needed)."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accord.common.errors import ApplicationError, NotFound, ValidationFailed
from accord.common.htmx import render_page_or_partial
from accord.core.consensus.problem import ProblemError
from accord.drafts.models import Paragraph
from accord.groups import selectors as group_selectors
from accord.groups.models import Member

from ..models import PackageCondition
from ..selectors.package import package_analysis, why_not_for
from ..selectors.paragraphs import paragraph_of
from ..services.package import condition_add as condition_add_service
from .decision import load
from .screen import Panel, viewer_for

TEMPLATE = "outcomes/package.html"


def violation_text(kind: str, items: list[str], member: str) -> str:
    """A broken condition in words (member already resolved to its name)."""
    first = items[0] if items else ""
    if kind == "objection":
        return _("%(m)s objects to %(i)s") % {"m": member, "i": first}
    if kind == "must_exclude":
        return _("%(i)s is a red line for %(m)s (never in the package)") % {"m": member, "i": first}
    if kind == "must_include":
        return _("%(m)s requires %(i)s in the package") % {"m": member, "i": first}
    if kind == "requires":
        return _("%(m)s accepts %(a)s only if %(b)s is in") % {
            "m": member,
            "a": first,
            "b": items[1],
        }
    if kind == "at_least_one_of":
        return _("%(m)s needs one of %(i)s") % {"m": member, "i": ", ".join(items)}
    return _("%(m)s needs as many supported as objected recommendations") % {"m": member}


def withdrawal_text(kind: str, items: list[str], member: str) -> str:
    """One withdrawal the chair could ask for, in words (member resolved to its name)."""
    first = items[0] if items else ""
    if kind == "objection":
        return _("%(m)s withdraws its objection to %(i)s") % {"m": member, "i": first}
    if kind == "must_exclude":
        return _("%(m)s lifts its red line against %(i)s") % {"m": member, "i": first}
    if kind == "must_include":
        return _("%(m)s no longer insists on %(i)s") % {"m": member, "i": first}
    if kind == "requires":
        return _("%(m)s accepts %(a)s without %(b)s") % {"m": member, "a": first, "b": items[1]}
    if kind == "at_least_one_of":
        return _("%(m)s no longer needs one of %(i)s") % {"m": member, "i": ", ".join(items)}
    return _("%(m)s drops its balance of supported and objected recommendations") % {"m": member}


@dataclass
class LeftOut:
    key: str
    number: str
    text: str
    blockers: list[tuple[Member, list[str]]]
    by_constituency: list[tuple[str, int]]
    by_group: list[tuple[str, int]]
    reasons: list[str]  # one line per member, or per negotiating group sharing a condition
    option_clash: list[str] = field(default_factory=list)


def _present(
    result: dict[str, Any],
    members: dict[str, Member],
    numbers: dict[str, Any],
    blocs: dict[str, list[tuple[str, str]]],
) -> dict[str, Any]:
    left = []
    totals: Counter[str] = Counter()
    constituency_totals: Counter[str] = Counter()
    group_totals: Counter[str] = Counter()
    for row in result["left_out"]:
        blockers = []
        by: Counter[str] = Counter()
        by_group: Counter[str] = Counter()
        for b in row["members"]:
            member = members.get(b["member"])
            if member is None:
                continue
            blockers.append(
                (
                    member,
                    [violation_text(v["kind"], v["items"], member.name) for v in b["violations"]],
                )
            )
            by[member.constituency.name] += 1
            totals[member.name] += 1
            for _slug, bloc in blocs.get(b["member"], []):
                by_group[bloc] += 1
        item = numbers.get(row["item"])
        left.append(
            LeftOut(
                key=row["item"],
                number=item.display_number if item else "",
                text=item.text if item else "",
                blockers=sorted(blockers, key=lambda b: b[0].name),
                by_constituency=sorted(by.items()),
                by_group=sorted(by_group.items()),
                reasons=_reasons(row["members"], members, blocs),
                option_clash=row["option_clash"],
            )
        )
        constituency_totals.update(by.keys())
        group_totals.update(by_group.keys())
    worst = max((len(lo.blockers) for lo in left), default=0) or 1
    rejected = [
        (
            members[r["member"]],
            [
                violation_text(v["kind"], v["items"], members[r["member"]].name)
                for v in r["violations"]
            ],
        )
        for r in result.get("rejected_by", [])
        if r["member"] in members
    ]
    return {
        "package": [numbers[k] for k in result["package"] if k in numbers],
        "left_out": left,
        "worst": worst,
        "blocking_members": sorted(totals.items(), key=lambda kv: (-kv[1], kv[0])),
        # How many left-out recommendations each constituency / negotiating group blocks
        # (through at least one of its members): the chart above the table.
        "blocked_by": _bars(constituency_totals, group_totals, len(left)),
        "rejected": rejected,
        "near_best": result.get("near_best", []),
    }


def _reasons(
    blocking: list[dict[str, Any]],
    members: dict[str, Member],
    blocs: dict[str, list[tuple[str, str]]],
) -> list[str]:
    """Why each member blocks, in words. A condition that binds a whole negotiating group
    (stated on its behalf) is said once for the group, not once per member: "G77 (21
    members) accepts OP4 only if OP2 is in"."""
    bloc_members: dict[tuple[str, str], set[str]] = defaultdict(set)
    for slug, groups in blocs.items():
        for bloc in groups:
            bloc_members[bloc].add(slug)
    shared: dict[tuple[str, tuple[str, ...]], set[str]] = defaultdict(set)
    for b in blocking:
        for v in b["violations"]:
            shared[(v["kind"], tuple(v["items"]))].add(b["member"])
    said: set[tuple[str, tuple[str, ...], str]] = set()  # (kind, items, member) said for a group
    lines = []
    for (kind, items), who in sorted(shared.items()):
        for (_slug, name), in_bloc in sorted(bloc_members.items(), key=lambda kv: kv[0][1]):
            if len(in_bloc) > 1 and in_bloc <= who:
                label = _("%(group)s (%(n)d members)") % {"group": name, "n": len(in_bloc)}
                lines.append(violation_text(kind, list(items), label))
                said |= {(kind, items, m) for m in in_bloc}
    for b in sorted(
        blocking, key=lambda b: members[b["member"]].name if b["member"] in members else ""
    ):
        member = members.get(b["member"])
        if member is None:
            continue
        own = [
            violation_text(v["kind"], v["items"], member.name)
            for v in b["violations"]
            if (v["kind"], tuple(v["items"]), b["member"]) not in said
        ]
        if own:
            lines.append("; ".join(own))
    return lines


@dataclass
class Bar:
    label: str
    count: int
    percent: int
    kind: str  # "constituency" or "group"


def _bars(constituencies: Counter[str], groups: Counter[str], left_out: int) -> list[Bar]:
    whole = left_out or 1
    rows = [
        Bar(name, n, round(100 * n / whole), "constituency")
        for name, n in sorted(constituencies.items(), key=lambda kv: (-kv[1], kv[0]))
    ]
    rows += [
        Bar(name, n, round(100 * n / whole), "group")
        for name, n in sorted(groups.items(), key=lambda kv: (-kv[1], kv[0]))
    ]
    return rows


def _withdrawal_sets(answer: dict[str, Any], members: dict[str, Member]) -> list[list[str]]:
    found = answer.get("withdrawals") or {}
    return [
        [
            withdrawal_text(
                w["kind"],
                w["items"],
                members[w["member"]].name if w["member"] in members else w["member"],
            )
            for w in s["withdrawals"]
        ]
        for s in found.get("sets", [])
    ]


def _context(
    request: HttpRequest, group: Any, version: Any, panel: Panel | None = None
) -> dict[str, Any]:
    viewer = viewer_for(request.user, group)
    context: dict[str, Any] = {
        "group": group,
        "report": version.report,
        "version": version,
        "viewer": viewer,
        "panel": panel or Panel(),
        "refresh_seconds": settings.ACCORD_DECISION_REFRESH_SECONDS,
        "condition_kinds": PackageCondition.Kind.choices,
    }
    if not viewer.sees_stances:
        raise Http404(_("No such page."))
    try:
        inp, result = package_analysis(version)
    except ProblemError as exc:
        context["problem_error"] = str(exc)
        return context
    numbers = {i.paragraph.key: i for i in inp.items}
    context.update(
        result=result, items=inp.items, **_present(result, inp.members, numbers, inp.blocs)
    )
    why = request.GET.get("why", "")
    if why:
        if why not in numbers:
            raise Http404(_("No such recommendation."))
        answer = why_not_for(version, inp, why)
        answer["core_members"] = [
            (inp.members[c["member"]], c) for c in answer["core"] if c["member"] in inp.members
        ]
        answer["withdrawal_sets"] = _withdrawal_sets(answer, inp.members)
        context["why"] = answer
    context["conditions"] = list(
        PackageCondition.objects.filter(version=version, withdrawn_at__isnull=True)
        .select_related("member", "paragraph", "requires", "on_behalf_of")
        .order_by("member__name", "id")
    )
    return context


@require_GET
def package_view(
    request: HttpRequest, group_slug: str, report_slug: str, number: int
) -> HttpResponse:
    group, version = load(request, group_slug, report_slug, number)
    return render_page_or_partial(request, TEMPLATE, _context(request, group, version), "package")


@require_POST
def condition_add(
    request: HttpRequest, group_slug: str, report_slug: str, number: int
) -> HttpResponse:
    group, version = load(request, group_slug, report_slug, number)
    post = request.POST

    def paragraph(key: str, field: str = "paragraph") -> Paragraph | None:
        return paragraph_of(version, key, field=field) if key else None

    try:
        bloc = group_selectors.speaking_for(group=group, slug=post.get("on_behalf_of", ""))
        target = paragraph(post.get("paragraph", ""))
        if target is None:
            raise ValidationFailed(
                _("Choose the recommendation."), fields={"paragraph": _("Required.")}
            )
        condition_add_service(
            actor=request.user,
            version=version,
            kind=post.get("kind", ""),
            paragraph=target,
            requires=paragraph(post.get("requires", ""), "requires"),
            note=post.get("note", ""),
            on_behalf_of=bloc,
        )
    except NotFound as exc:
        raise Http404(exc.message) from exc
    except ApplicationError as exc:
        context = _context(
            request, group, version, Panel("conditions", exc.message, exc.fields, post.dict())
        )
        return render_page_or_partial(request, TEMPLATE, context, "package", status=exc.status)
    messages.success(
        request, _("Your condition is on record; the package view takes it into account.")
    )
    url = reverse(
        "outcomes:package",
        kwargs={
            "group_slug": group.slug,
            "report_slug": version.report.slug,
            "number": version.number,
        },
    )
    return redirect(url + "#conditions")
