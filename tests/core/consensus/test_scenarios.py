"""Hand-written scenarios with exact expected packages, blockers and explanations."""

from __future__ import annotations

import pytest

from accord.core.consensus import (
    Condition,
    ConditionKind,
    MemberRules,
    PackageProblem,
    SolveStatus,
    Stance,
    analyse,
    check_package,
    consensus_package,
    direct_blockers,
    max_acceptance_package,
    minimal_withdrawals,
    near_best_packages,
    why_not,
    withdraw,
)

S, L, X = Stance.SUPPORT, Stance.CAN_LIVE_WITH, Stance.OBJECT
ITEMS = ("R1", "R2", "R3", "R5", "R7", "R12", "R12alt")


def geneva() -> PackageProblem:
    """Three delegations. A blocks R2 and R5 (plain objections, tolerance 0). B accepts R7
    only if R3 is in and swallows one objection (to R12alt). C objects to R12. R12 and
    R12alt are alternatives. Default weights (M/4 = 0.75): R1, R3, R7 1.75; R12, R12alt
    0.75; R2, R5 -0.25."""
    return PackageProblem(
        ITEMS,
        (
            MemberRules("A", {"R1": S, "R2": X, "R5": X}),
            MemberRules(
                "B", {"R7": S, "R12": S, "R12alt": X}, requires=(("R7", "R3"),), tolerance=1
            ),
            MemberRules("C", {"R3": S, "R12alt": S, "R12": X}),
        ),
        option_groups=(frozenset({"R12", "R12alt"}),),
    )


def test_geneva_consensus_package_and_weights() -> None:
    p = geneva()
    assert [p.weight(i) for i in ITEMS] == [1.75, -0.25, 1.75, -0.25, 1.75, 0.75, 0.75]
    res = consensus_package(p)
    assert res.status is SolveStatus.OPTIMAL
    assert res.package == ("R1", "R3", "R7", "R12alt")
    assert res.value == 6.0 and res.bound == 6.0 and res.gap == 0.0
    assert res.message == "4 items every member accepts (best possible)."


def test_geneva_direct_blockers() -> None:
    p = geneva()
    db = direct_blockers(p, ("R1", "R3", "R7", "R12alt"))
    assert db.left_out == ("R2", "R5", "R12")
    assert db.counts() == {"R2": 1, "R5": 1, "R12": 1}
    assert db.unblocked == ()
    r2 = db.for_item("R2")
    assert r2.member_ids == ("A",) and r2.option_clash == ()
    (v,) = r2.members[0].violations
    assert (v.kind, v.items) == (ConditionKind.OBJECTION, ("R2",))
    assert v.message == (
        "A objects to R2 and already accepts 0 objected item(s) in the package, its tolerance"
    )
    r12 = db.for_item("R12")
    assert r12.member_ids == ("C",) and r12.option_clash == ("R12alt",)
    # Without R3, R7 is blocked by B's conditional.
    db2 = direct_blockers(p, ("R1",))
    (b,) = db2.for_item("R7").members
    assert b.member == "B"
    assert [(v.kind, v.items) for v in b.violations] == [(ConditionKind.REQUIRES, ("R7", "R3"))]
    assert db2.members("R3") == () and "R3" in db2.unblocked
    with pytest.raises(ValueError, match="already in the package"):
        db2.for_item("R1")


def test_geneva_why_not() -> None:
    p = geneva()
    r2 = why_not(p, "R2")
    assert r2.possible is False and r2.status is SolveStatus.INFEASIBLE
    assert [m.member for m in r2.core] == ["A"] and r2.core_minimal
    a = r2.core[0]
    assert a.stance is X and a.objections == ("R2", "R5") and a.tolerance == 0
    assert a.conditions_on_item == (Condition("A", ConditionKind.OBJECTION, ("R2",)),)
    assert r2.message == "R2 cannot be in any package that every member accepts: A."
    assert [m.member for m in why_not(p, "R12").core] == ["C"]
    r12alt = why_not(p, "R12alt")
    assert r12alt.possible and r12alt.cost == 0.0
    r7 = why_not(p, "R7")
    assert r7.package == ("R1", "R3", "R7", "R12alt") and r7.cost == 0.0


def test_geneva_minimal_withdrawals() -> None:
    p = geneva()
    res = minimal_withdrawals(p, "R2")
    assert res.status is SolveStatus.OPTIMAL and res.minimum == 1
    assert [s.withdrawals for s in res.sets] == [
        (Condition("A", ConditionKind.OBJECTION, ("R2",)),)
    ]
    assert res.more_exist is False
    assert "R2" in res.sets[0].package
    after = withdraw(p, res.sets[0].withdrawals)
    assert after.member("A").stance("R2") is L
    assert check_package(after, res.sets[0].package).all_accept
    assert minimal_withdrawals(p, "R7").minimum == 0


def test_geneva_near_best() -> None:
    res = near_best_packages(geneva(), count=3)
    assert [r.package for r in res.packages] == [
        ("R1", "R3", "R7", "R12alt"),
        ("R1", "R3", "R7"),
        ("R1", "R3", "R12alt"),
    ]
    assert [r.value for r in res.packages] == [6.0, 5.25, 4.25]


def conflicted() -> PackageProblem:
    """A insists on R2 (must include); C's red line is R2; B needs one of R1, R3 and keeps
    its balance (it supports R1 only and objects to R3)."""
    return PackageProblem(
        ("R1", "R2", "R3"),
        (
            MemberRules("A", {"R2": S}, must_include=frozenset({"R2"})),
            MemberRules(
                "B",
                {"R1": S, "R3": X},
                at_least_one_of=(frozenset({"R1", "R3"}),),
                tolerance=1,
                balance=True,
            ),
            MemberRules("C", {"R2": X}, must_exclude=frozenset({"R2"})),
        ),
    )


def test_no_consensus_is_a_clear_answer() -> None:
    p = conflicted()
    res = consensus_package(p)
    assert res.status is SolveStatus.INFEASIBLE and not res.found
    assert res.package == () and res.value is None
    assert res.blocking_members == ("A", "C")
    assert res.message == "No package is acceptable to every member (A, C together rule it out)."
    w = why_not(p, "R1")
    assert w.possible is False and w.independent_of_item
    ma = max_acceptance_package(p)
    assert ma.status is SolveStatus.OPTIMAL and ma.acceptance == 2.0
    # Lexicographic: 2 members at most; then the best value: R1 (1.75) + R2 (0.75), which
    # A and B accept (R3 weighs -0.25; without R2, B and C accept at most 1.75).
    assert ma.package == ("R1", "R2") and ma.accepted_by == ("A", "B")
    assert ma.value == 2.5 and ma.value_status is SolveStatus.OPTIMAL
    (rej,) = ma.rejected_by
    assert rej.member == "C"
    assert [(v.kind, v.items) for v in rej.violations] == [(ConditionKind.MUST_EXCLUDE, ("R2",))]
    an = analyse(p)
    assert an.acceptance is not None and an.package == ma.package and not an.all_accept
    assert an.blockers.left_out == ("R3",)
    # R3 breaks none of A's or B's conditions (B supports R1 and tolerates one objection);
    # C rejects the package already, and direct blockers list only newly broken conditions.
    assert an.blockers.members("R3") == ()


def test_empty_package_the_only_one() -> None:
    p = PackageProblem(
        ("R1", "R2"),
        (MemberRules("A", {"R1": X, "R2": X}), MemberRules("B", {"R1": S, "R2": S})),
    )
    res = consensus_package(p)
    assert res.status is SolveStatus.OPTIMAL and res.found
    assert res.package == () and res.value == 0.0
    assert res.message == "Only the empty package is acceptable to every member."
    an = analyse(p)
    assert an.all_accept and an.package == () and an.blockers.members("R1") == ("A",)


def test_no_members_and_no_items() -> None:
    assert consensus_package(PackageProblem((), ())).package == ()
    p = PackageProblem(
        ("R1", "R2"), (), option_groups=(frozenset({"R1", "R2"}),), item_weights={"R1": 1, "R2": 2}
    )
    assert consensus_package(p).package == ("R2",)


def test_member_weights_and_tolerance_in_max_acceptance() -> None:
    """Two light members want R1, one heavy member objects to it: weight decides."""
    p = PackageProblem(
        ("R1",),
        (
            MemberRules("small1", {"R1": S}, must_include=frozenset({"R1"})),
            MemberRules("small2", {"R1": S}, must_include=frozenset({"R1"})),
            MemberRules("big", {"R1": X}, weight=3),
        ),
    )
    ma = max_acceptance_package(p)
    assert ma.package == () and ma.accepted_by == ("big",) and ma.acceptance == 3.0
