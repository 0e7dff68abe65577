"""What the demo's decision stage must show; called from the scenario test, which builds the
demo once (building it takes half a minute)."""

from __future__ import annotations

import numpy as np

from accord.core.consensus.problem import PackageProblem, Stance
from accord.drafts.models import Version
from accord.meetings.models import LivePost
from accord.outcomes.models import ConsensusCall, Outcome, SilenceProcedure
from accord.outcomes.package_input import package_input
from accord.outcomes.selectors.calls import call_decision
from accord.outcomes.selectors.package import package_analysis


def brute_force_best(problem: PackageProblem) -> tuple[float, frozenset[str]]:
    """The best-weighted package every member accepts, by trying every subset (vectorised)."""
    items = list(problem.items)
    index = {k: i for i, k in enumerate(items)}
    n, m = len(items), len(problem.members)
    x = np.arange(2**n, dtype=np.int64)
    ok = np.ones(2**n, dtype=bool)

    def mask(keys):
        return sum(1 << index[k] for k in keys)

    for rules in problem.members:
        objected = mask(k for k, s in rules.stances.items() if s == Stance.OBJECT)
        ok &= (x & objected) == 0
        ok &= (x & mask(rules.must_exclude)) == 0
        inc = mask(rules.must_include)
        ok &= (x & inc) == inc
        for a, b in rules.requires:
            ok &= ~(((x >> index[a]) & 1 == 1) & ((x >> index[b]) & 1 == 0))
    for group in problem.option_groups:
        g = mask(group)
        bits = np.zeros(2**n, dtype=np.int64)
        for k in group:
            bits += (x >> index[k]) & 1
        ok &= bits <= 1
        assert g
    sup = {k: sum(r.stances.get(k) == Stance.SUPPORT for r in problem.members) for k in items}
    obj = {k: sum(r.stances.get(k) == Stance.OBJECT for r in problem.members) for k in items}
    weights = np.array([sup[k] - obj[k] + m / 4 for k in items])
    values = np.zeros(2**n)
    for i in range(n):
        values += ((x >> i) & 1) * weights[i]
    values[~ok] = -1
    best = int(np.argmax(values))
    return float(values[best]), frozenset(items[i] for i in range(n) if best >> i & 1)


def assert_decision_stage(group, client) -> None:
    rev2 = Version.objects.get(report__group=group, label="Rev.2")
    call = ConsensusCall.objects.get(group=group)
    # The consensus call fails for the stated reason: three members object to ten of the
    # twenty-one recommendations, including full participation (OP1).
    assert call.adopted is False
    decision = call_decision(call)
    objectors = {m.iso3: sorted(c.key for c in items) for m, items in decision.objections()}
    assert set(objectors) == {"CUB", "IRN", "SAU"}
    assert all(len(keys) == 10 and "OP1" in keys for keys in objectors.values())
    assert decision.failed() == call.result["failed"]
    # Group stances count for their members: the G77's "no objection" stands for Ghana.
    ghana = next(m for m in decision.members.values() if m.iso3 == "GHA")
    counted = decision.stances[(ghana.pk, None)]
    assert counted.via_group is not None and counted.via_group.short_name == "G77"
    # The package view's largest package matches brute force on this small case.
    _, result = package_analysis(rev2)
    assert result["all_accept"] is True and result["status"] == "optimal"
    value, best = brute_force_best(package_input(rev2).problem)
    assert abs(result["value"] - value) < 1e-6
    assert set(result["package"]) == best
    assert not set(result["package"]) & {"OP1", "OP2", "OP5"}
    left = {row["item"]: {b["member"] for b in row["members"]} for row in result["left_out"]}
    assert left["OP1"] == {"cub", "irn", "sau"}
    # Silence on the uncontested recommendations was broken, by whom and on what.
    silence = SilenceProcedure.objects.get(group=group)
    assert silence.result == "broken"
    [made] = silence.breaks.all()
    assert made.member.iso3 == "IRN" and made.paragraphs.count() == 2
    # The Chair's summary: issued, with the annex on the mechanism, every paragraph sourced.
    summary = Outcome.objects.get(group=group)
    assert summary.kind == "chairs_summary" and summary.is_issued
    # A document of its own, not the draft report's symbol with a suffix.
    assert summary.symbol == "WGEDC/2026/CRP.2"
    annex = summary.annexes.get()
    assert annex.proposal.key == "OP20"
    assert sorted(p.side for p in annex.points.all()) == ["against"] * 3 + ["for"] * 3
    assert all(p.sources for p in annex.points.all())
    text = summary.paragraphs.filter(kind="text")
    assert text.count() > 5 and all(p.sources for p in text)
    assert any(p.is_edited for p in text)  # the Chair edited the draft
    # Dated where they happen in the story, not at build time.
    assert summary.issued_at.date().isoformat() == "2026-02-16"
    assert rev2.issued_at.date().isoformat() == "2026-01-19"
    assert call.opened_at.date().isoformat() == "2026-01-31"
    posts = list(LivePost.objects.filter(group=group).order_by("created_at"))
    assert (
        posts[0].created_at.year == 2024 and posts[-1].created_at.date().isoformat() == "2026-02-16"
    )
    # The public sees the issued summary.
    client.logout()
    page = client.get(f"/g/{group.slug}/outcomes/{summary.pk}/")
    assert page.status_code == 200 and annex.title in page.content.decode()
