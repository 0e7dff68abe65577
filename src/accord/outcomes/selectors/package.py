"""The package view: the largest acceptable package of recommendations, who blocks the rest,
and — when no package satisfies everyone — the package most members accept with its proven
bound. Answers are plain data, cached per input (``PackageRun``): the same positions and
conditions give the same answer without solving again, and any new position changes the
input, so the next read solves afresh.
"""

from __future__ import annotations

import time
from typing import Any

from django.db import IntegrityError, transaction

from accord.core.consensus.acceptance import max_acceptance_package
from accord.core.consensus.explain import direct_blockers, why_not
from accord.core.consensus.package import consensus_package, near_best_packages
from accord.core.consensus.problem import ProblemError
from accord.core.consensus.withdrawals import WithdrawalSet, minimal_withdrawals, withdraw
from accord.drafts.models import Version

from ..models import PackageRun
from ..package_input import PackageInput, package_input

CONSENSUS_SECONDS = 2.0
ACCEPTANCE_SECONDS = 5.0
NEAR_BEST_SECONDS = 2.0
WHY_SECONDS = 2.0
WITHDRAWAL_SECONDS = 3.0
WITHDRAWAL_SETS = 3


def _violations(violations: Any) -> list[dict[str, Any]]:
    return [{"kind": str(v.kind), "items": list(v.items)} for v in violations]


def _solve(inp: PackageInput) -> dict[str, Any]:
    problem = inp.problem
    t0 = time.perf_counter()
    consensus = consensus_package(problem, time_limit=CONSENSUS_SECONDS)
    result: dict[str, Any] = {
        "items": list(problem.items),
        "members": len(problem.members),
        "consensus_status": str(consensus.status),
    }
    if consensus.found:
        package = list(consensus.package)
        result.update(
            all_accept=True,
            package=package,
            status=str(consensus.status),
            value=consensus.value,
            bound=consensus.bound,
            gap=consensus.gap,
            accepted_by=[r.member for r in problem.members],
            rejected_by=[],
            acceptance_bound=len(problem.members),
        )
        near = near_best_packages(problem, count=3, time_limit=NEAR_BEST_SECONDS)
        result["near_best"] = [
            {"package": list(p.package), "value": p.value, "gap": p.gap} for p in near.packages[1:]
        ]
    else:
        best = max_acceptance_package(problem, time_limit=ACCEPTANCE_SECONDS)
        package = list(best.package)
        result.update(
            all_accept=best.all_accept,
            package=package,
            status=str(best.status),
            value=best.value,
            bound=best.value_bound,
            gap=best.value_gap,
            accepted_by=list(best.accepted_by),
            rejected_by=[
                {"member": r.member, "violations": _violations(r.violations)}
                for r in best.rejected_by
            ],
            acceptance=best.acceptance,
            acceptance_bound=best.acceptance_bound,
            acceptance_gap=best.acceptance_gap,
            blocking_core=list(consensus.blocking_members),
            near_best=[],
        )
    blockers = direct_blockers(problem, package)
    result["left_out"] = [
        {
            "item": b.item,
            "members": [
                {"member": m.member, "violations": _violations(m.violations)} for m in b.members
            ],
            "option_clash": list(b.option_clash),
        }
        for b in blockers.all()
    ]
    result["took_ms"] = int(1000 * (time.perf_counter() - t0))
    result["why"] = {}
    return result


def package_analysis(version: Version) -> tuple[PackageInput, dict[str, Any]]:
    """The analysis of the version's package problem (solved once per distinct input)."""
    inp = package_input(version)
    run = PackageRun.objects.filter(version=version, input_hash=inp.input_hash).first()
    if run is not None:
        return inp, run.result
    result = _solve(inp)
    try:
        with transaction.atomic():
            PackageRun.objects.create(
                version=version, input_hash=inp.input_hash, result=result, took_ms=result["took_ms"]
            )
    except IntegrityError:
        pass  # another request solved the same input at the same time: same answer
    return inp, result


def _withdrawals(inp: PackageInput, key: str) -> dict[str, Any]:
    """The fewest objections or conditions whose withdrawal would let ``key`` in: what the
    chair could ask for, member by member."""
    found = minimal_withdrawals(
        inp.problem, key, limit=WITHDRAWAL_SETS, time_limit=WITHDRAWAL_SECONDS
    )
    return {
        "minimum": found.minimum,
        "status": str(found.status),
        "more_exist": found.more_exist,
        "sets": [
            {
                "withdrawals": [
                    {"member": w.member, "kind": str(w.kind), "items": list(w.items)}
                    for w in s.withdrawals
                ],
                "package": _best_after(inp, key, s),
            }
            for s in found.sets
        ],
    }


def _best_after(inp: PackageInput, key: str, withdrawn: WithdrawalSet) -> list[str]:
    """The best all-accept package with ``key`` once ``withdrawn`` is withdrawn (the
    solver's witness only proves that one exists; the chair wants the package it would make)."""
    best = why_not(withdraw(inp.problem, withdrawn.withdrawals), key, time_limit=1.0)
    return list(best.package) if best.possible else list(withdrawn.package)


def why_not_for(version: Version, inp: PackageInput, key: str) -> dict[str, Any]:
    """Why can ``key`` never be in an all-accept package (or what it would cost)? Cached."""
    run = PackageRun.objects.filter(version=version, input_hash=inp.input_hash).first()
    if run is not None and key in run.result.get("why", {}):
        return run.result["why"][key]
    if key not in inp.problem.items:
        raise ProblemError(f"Unknown item {key}")
    answer = why_not(inp.problem, key, time_limit=WHY_SECONDS)
    found = {
        "item": key,
        "possible": answer.possible,
        "status": str(answer.status),
        "independent": answer.independent_of_item,
        "core": [
            {
                "member": m.member,
                "stance": str(m.stance),
                "red_line": m.red_line,
                "objections": list(m.objections),
                "red_lines": list(m.red_lines),
            }
            for m in answer.core
        ],
        "package": list(answer.package),
        "cost": answer.cost,
        "withdrawals": _withdrawals(inp, key) if answer.possible is False else None,
    }
    if run is not None:
        with transaction.atomic():
            locked = PackageRun.objects.select_for_update().get(pk=run.pk)
            locked.result = {**locked.result, "why": {**locked.result.get("why", {}), key: found}}
            locked.save(update_fields=["result"])
    return found
