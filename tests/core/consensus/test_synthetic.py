"""The seeded synthetic instances (perf-anchors §1) through the whole API, at small size."""

from __future__ import annotations

import numpy as np

from accord.core.consensus import (
    PackageProblem,
    SolveStatus,
    analyse,
    check_package,
    consensus_package,
    direct_blockers,
    greedy_package,
    max_acceptance_package,
    minimal_withdrawals,
    why_not,
    withdraw,
)
from accord.core.consensus.synthetic import synthetic_problem


def test_generator_is_seeded_and_has_every_rule_kind() -> None:
    a, b = synthetic_problem(60, 40, seed=3), synthetic_problem(60, 40, seed=3)
    assert a == b and a != synthetic_problem(60, 40, seed=4)
    c = synthetic_problem(60, 40, conflicted=True, seed=3)
    assert c.option_groups and all(2 <= len(g) <= 3 for g in c.option_groups)
    assert all(m.balance and 3 <= m.tolerance <= 11 for m in c.members)
    assert any(m.requires for m in c.members) and any(m.must_exclude for m in c.members)
    assert any(m.at_least_one_of for m in c.members)
    assert not any(m.at_least_one_of for m in a.members)


def test_feasible_instance_optimal_deterministic_and_explained() -> None:
    p = synthetic_problem(80, 60, seed=1)
    res = consensus_package(p, random_seed=5)
    assert res.status is SolveStatus.OPTIMAL and res.package
    again = consensus_package(synthetic_problem(80, 60, seed=1), random_seed=5)
    assert again.package == res.package
    assert check_package(p, res.package).all_accept
    greedy = greedy_package(p)
    assert greedy.all_accept and greedy.value <= res.value  # type: ignore[operator]
    db = direct_blockers(p, res.package)
    # Optimality: every left-out item of positive weight is blocked by someone.
    for item in db.left_out:
        if p.weight(item) > 0:
            assert item not in db.unblocked
    for item in db.left_out[:10]:
        w = why_not(p, item, reference=res)
        if w.possible:
            assert check_package(p, w.package).all_accept and item in w.package
            assert w.cost is not None and w.cost >= -1e-9
        else:
            core = {m.member for m in w.core}
            sub = PackageProblem(
                p.items,
                tuple(m for m in p.members if m.member in core),
                p.option_groups,
                {i: p.weight(i) for i in p.items},
            )
            assert not why_not(sub, item).possible


def test_minimal_withdrawals_deterministic_and_sufficient() -> None:
    p = synthetic_problem(60, 40, seed=1)
    ref = consensus_package(p)
    blocked = [i for i in direct_blockers(p, ref.package).left_out if not why_not(p, i).possible]
    for item in blocked[:3]:
        a = minimal_withdrawals(p, item, random_seed=3)
        b = minimal_withdrawals(synthetic_problem(60, 40, seed=1), item, random_seed=3)
        assert a.status is SolveStatus.OPTIMAL and a.minimum and a.minimum >= 1
        assert [s.withdrawals for s in a.sets] == [s.withdrawals for s in b.sets]
        for s in a.sets:
            after = withdraw(p, s.withdrawals)
            assert item in s.package and check_package(after, s.package).all_accept


def test_conflicted_instance_falls_back_to_max_acceptance() -> None:
    p = synthetic_problem(60, 40, conflicted=True, seed=2)
    res = consensus_package(p)
    assert res.status is SolveStatus.INFEASIBLE and res.blocking_members
    sub = PackageProblem(
        p.items, tuple(m for m in p.members if m.member in res.blocking_members), p.option_groups
    )
    assert consensus_package(sub).status is SolveStatus.INFEASIBLE
    ma = max_acceptance_package(p, time_limit=3)
    chk = check_package(p, ma.package)
    assert chk.accepted_by == ma.accepted_by and ma.acceptance == len(ma.accepted_by)
    assert ma.acceptance <= ma.acceptance_bound <= len(p.members)
    assert ma.acceptance >= greedy_package(p).acceptance
    an = analyse(p, fallback_time_limit=2)
    assert an.acceptance is not None and not an.all_accept
    assert set(an.blockers.left_out) == set(p.items) - set(an.package)
    counts = an.blockers.counts()
    assert np.all(np.array(list(counts.values())) >= 0)
