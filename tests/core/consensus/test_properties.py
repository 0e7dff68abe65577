"""Every solver answer against brute force on small random problems (all rule kinds)."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accord.core.consensus import (
    ConditionKind,
    PackageProblem,
    SolveStatus,
    check_package,
    consensus_package,
    direct_blockers,
    greedy_package,
    max_acceptance_package,
    minimal_withdrawals,
    near_best_packages,
    why_not,
)
from tests.core.consensus import brute
from tests.core.consensus.strategies import problems

SETTINGS = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.filter_too_much]
)
EPS = 1e-6


def best(problem: PackageProblem, packs: list[frozenset[str]]) -> float:
    return max(brute.value(problem, p) for p in packs)


@SETTINGS
@given(problems())
def test_consensus_package_matches_brute_force(problem: PackageProblem) -> None:
    ok = brute.all_accept(problem)
    res = consensus_package(problem, time_limit=5)
    if not ok:
        # Includes the case where even the empty package is unacceptable (must-haves,
        # must-include red lines): the answer is a clear INFEASIBLE, not an exception.
        assert res.status is SolveStatus.INFEASIBLE
        assert res.package == () and res.value is None and not res.found
        assert res.blocking_members
        core = [problem.member(m) for m in res.blocking_members]
        assert not brute.all_accept(problem, core)
        return
    assert res.status is SolveStatus.OPTIMAL
    assert res.value == pytest.approx(best(problem, ok), abs=EPS)
    assert res.bound == pytest.approx(res.value) and res.gap == 0.0
    assert frozenset(res.package) in ok
    assert list(res.package) == [i for i in problem.items if i in res.package]


@SETTINGS
@given(problems(), st.data())
def test_direct_blockers_match_brute_force(problem: PackageProblem, data: st.DataObject) -> None:
    pool = list(brute.packages(problem))
    package = data.draw(st.sampled_from(pool))
    db = direct_blockers(problem, package)
    assert set(db.left_out) == set(problem.items) - package
    for item in db.left_out:
        after = package | {item}
        expected: dict[str, set[tuple[ConditionKind, tuple[str, ...]]]] = {}
        for r in problem.members:
            new = brute.broken(r, after) - brute.broken(r, package)
            if new:
                expected[r.member] = new
        got = db.for_item(item)
        keys = {}
        for b in got.members:
            ks: set[tuple[ConditionKind, tuple[str, ...]]] = set()
            for v in b.violations:
                assert v.member == b.member and v.message
                if v.kind in (ConditionKind.OBJECTION, ConditionKind.BALANCE):
                    assert v.items == (item,)
                    ks.add((v.kind, ()))
                else:
                    ks.add((v.kind, v.items))
            keys[b.member] = ks
        assert keys == expected
        assert db.members(item) == tuple(m for m in problem.member_ids if m in expected)
        assert db.count(item) == len(expected)
        clash = {i for g in problem.option_groups if item in g for i in g & package}
        assert set(got.option_clash) == clash
        assert (item in db.unblocked) == (not expected and not clash)


@SETTINGS
@given(problems(), st.data())
def test_why_not_matches_brute_force(problem: PackageProblem, data: st.DataObject) -> None:
    item = data.draw(st.sampled_from(problem.items))
    ok = brute.all_accept(problem)
    with_item = [p for p in ok if item in p]
    res = why_not(problem, item, time_limit=5)
    if with_item:
        assert res.possible is True and res.status is SolveStatus.OPTIMAL
        assert item in res.package and frozenset(res.package) in ok
        assert res.value == pytest.approx(best(problem, with_item), abs=EPS)
        assert res.value is not None
        assert res.cost == pytest.approx(best(problem, ok) - res.value, abs=EPS)
        return
    assert res.possible is False and res.status is SolveStatus.INFEASIBLE
    assert res.core
    core = [problem.member(m.member) for m in res.core]
    # The core alone rules the item out (and, when flagged, every package).
    assert not [p for p in brute.all_accept(problem, core) if item in p]
    if res.independent_of_item:
        assert not brute.all_accept(problem, core)
    if res.core_minimal:  # irreducible: without any one of them the item fits
        for drop in core:
            rest = [r for r in core if r is not drop]
            assert [p for p in brute.all_accept(problem, rest) if item in p]
    for m in res.core:
        rules = problem.member(m.member)
        assert set(m.objections) == brute.objected(rules)
        assert m.red_line == (item in rules.must_exclude)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(problems(max_items=6, max_members=4), st.data())
def test_minimal_withdrawals_are_minimum_and_sufficient(
    problem: PackageProblem, data: st.DataObject
) -> None:
    item = data.draw(st.sampled_from(problem.items))
    res = minimal_withdrawals(problem, item, limit=2, time_limit=10)
    assert res.status is SolveStatus.OPTIMAL
    assert res.minimum is not None and res.sets
    conds = problem.conditions()
    for s in res.sets:
        assert len(s.withdrawals) == res.minimum
        assert brute.sufficient(problem, item, s.withdrawals)
        members = brute.apply_withdrawals(problem, s.withdrawals)
        assert item in s.package
        assert all(brute.accepts(r, frozenset(s.package)) for r in members)
    assert len({frozenset(s.withdrawals) for s in res.sets}) == len(res.sets)
    # Nothing smaller works (checked exhaustively up to size 2).
    for k in range(min(res.minimum, 3)):
        assert not any(brute.sufficient(problem, item, sub) for sub in brute.subsets(conds, k))
    if res.minimum <= 2:
        all_min = [
            sub for sub in brute.subsets(conds, res.minimum) if brute.sufficient(problem, item, sub)
        ]
        assert res.more_exist == (len(all_min) > len(res.sets))
        assert len(res.sets) == min(2, len(all_min))


@SETTINGS
@given(problems())
def test_max_acceptance_matches_brute_force(problem: PackageProblem) -> None:
    pool = list(brute.packages(problem))
    top = max(brute.acceptance(problem, p) for p in pool)
    top_value = max(brute.value(problem, p) for p in pool if brute.acceptance(problem, p) >= top)
    res = max_acceptance_package(problem, time_limit=5)
    assert res.status is SolveStatus.OPTIMAL and res.value_status is SolveStatus.OPTIMAL
    assert res.acceptance == pytest.approx(top)
    assert res.acceptance_bound == pytest.approx(top) and res.acceptance_gap == 0.0
    assert res.value == pytest.approx(top_value, abs=EPS)
    p = frozenset(res.package)
    assert brute.valid(problem, p)
    assert set(res.accepted_by) == {r.member for r in problem.members if brute.accepts(r, p)}
    assert res.all_accept == (len(res.accepted_by) == len(problem.members))
    for rej in res.rejected_by:
        assert rej.violations
        kinds = {v.kind for v in rej.violations}
        assert kinds == {k for k, _ in brute.broken(problem.member(rej.member), p)}


@SETTINGS
@given(problems(), st.integers(1, 3))
def test_near_best_packages_distinct_acceptable_and_best(problem: PackageProblem, d: int) -> None:
    ok = brute.all_accept(problem)
    res = near_best_packages(problem, count=3, min_difference=d, time_limit=10)
    seen: list[frozenset[str]] = []
    for ranked in res.packages:
        p = frozenset(ranked.package)
        assert p in ok and ranked.status is SolveStatus.OPTIMAL
        assert all(len(p ^ q) >= d for q in seen)
        rest = [q for q in ok if all(len(q ^ s) >= d for s in seen)]
        assert ranked.value == pytest.approx(best(problem, rest), abs=EPS)
        seen.append(p)
    if len(res.packages) < 3:
        assert res.exhausted
        assert not [q for q in ok if all(len(q ^ s) >= d for s in seen)]


@SETTINGS
@given(problems(), st.data())
def test_check_package_and_greedy_agree_with_brute_force(
    problem: PackageProblem, data: st.DataObject
) -> None:
    package = data.draw(st.frozensets(st.sampled_from(problem.items)))
    chk = check_package(problem, package)
    assert chk.valid == brute.valid(problem, package)
    assert set(chk.accepted_by) == {r.member for r in problem.members if brute.accepts(r, package)}
    assert chk.acceptance == pytest.approx(brute.acceptance(problem, package))
    assert chk.value == pytest.approx(brute.value(problem, package))
    g = greedy_package(problem)
    gp = frozenset(g.package)
    assert brute.valid(problem, gp)
    assert g.acceptance == pytest.approx(brute.acceptance(problem, gp))
    assert g.all_accept == all(brute.accepts(r, gp) for r in problem.members)
