"""Bad input is refused with a clear message naming the member and items."""

from __future__ import annotations

import re

import pytest

from accord.core.consensus import (
    Condition,
    ConditionKind,
    MemberRules,
    PackageProblem,
    ProblemError,
    Stance,
    check_package,
    direct_blockers,
    why_not,
)

ITEMS = ("R1", "R2", "R3", "R4")


def problem(*members: MemberRules, groups: tuple[frozenset[str], ...] = ()) -> PackageProblem:
    return PackageProblem(ITEMS, members, option_groups=groups)


@pytest.mark.parametrize(
    ("rules", "message"),
    [
        (
            {"must_include": frozenset({"R1"}), "must_exclude": frozenset({"R1"})},
            "EU: R1 cannot be both a must-include and a must-exclude red line",
        ),
        (
            {
                "must_include": frozenset({"R1"}),
                "requires": (("R1", "R2"), ("R2", "R3")),
                "must_exclude": frozenset({"R3"}),
            },
            "EU: must include R1 → R2 → R3 (each accepted only with the next), "
            "but R3 is a must-exclude red line",
        ),
        (
            {
                "at_least_one_of": (frozenset({"R2", "R3"}),),
                "must_exclude": frozenset({"R2", "R3"}),
            },
            "EU: needs at least one of R2, R3, but its own red lines rule out every one of them",
        ),
        (
            {
                "must_include": frozenset({"R1", "R2"}),
                "stances": {"R1": "object", "R2": "object"},
                "tolerance": 1,
            },
            "EU: its red lines need R1, R2, which it objects to, but it tolerates only 1",
        ),
        ({"tolerance": -1}, "EU: tolerance is -1; it must be 0 or more"),
        ({"stances": {"R1": "maybe"}}, "EU: stance 'maybe' on R1 is not one of"),
        ({"at_least_one_of": (frozenset(),)}, "EU: an at-least-one-of set is empty"),
        ({"weight": 0}, "EU: weight must be a positive number"),
        ({"requires": (("R1",),)}, "EU: a conditional must be a pair"),
    ],
)
def test_contradictory_or_malformed_member(rules: dict[str, object], message: str) -> None:
    kwargs: dict[str, object] = {"stances": {}}
    kwargs.update(rules)
    with pytest.raises(ProblemError, match="^" + re.escape(message)):
        problem(MemberRules("EU", **kwargs))  # type: ignore[arg-type]


def test_must_include_two_alternatives() -> None:
    with pytest.raises(ProblemError, match=r"EU: its red lines need both R1, R2, but they are"):
        problem(
            MemberRules("EU", {}, must_include=frozenset({"R1", "R2"})),
            groups=(frozenset({"R1", "R2"}),),
        )


def test_unknown_items_duplicates_and_bad_groups() -> None:
    with pytest.raises(ProblemError, match=r"^G77: unknown items R9, R99$"):
        problem(MemberRules("G77", {"R9": Stance.OBJECT}, must_exclude=frozenset({"R99"})))
    with pytest.raises(ProblemError, match=r"^Duplicate members: EU$"):
        problem(MemberRules("EU", {}), MemberRules("EU", {}))
    with pytest.raises(ProblemError, match=r"^Duplicate items: R1$"):
        PackageProblem(("R1", "R1"), ())
    with pytest.raises(ProblemError, match="unknown items R7"):
        problem(groups=(frozenset({"R1", "R7"}),))
    with pytest.raises(ProblemError, match="no weight for R3, R4"):
        PackageProblem(ITEMS, (), item_weights={"R1": 1, "R2": 2})
    with pytest.raises(ProblemError, match="A member id must be a non-empty string"):
        MemberRules("", {})


def test_unknown_items_in_questions() -> None:
    p = problem(MemberRules("EU", {"R1": "object"}))  # type: ignore[dict-item]
    assert p.member("EU").stance("R1") is Stance.OBJECT  # strings are coerced
    with pytest.raises(ProblemError, match="Package: unknown items R9"):
        check_package(p, ["R1", "R9"])
    with pytest.raises(ProblemError, match="not one string"):
        direct_blockers(p, "R1")
    with pytest.raises(ProblemError, match="Unknown item R9"):
        why_not(p, "R9")
    with pytest.raises(ProblemError, match="Unknown member XX"):
        p.member("XX")


def test_contradictions_between_members_are_not_errors() -> None:
    p = problem(
        MemberRules("A", {}, must_include=frozenset({"R1"})),
        MemberRules("B", {}, must_exclude=frozenset({"R1"})),
    )
    assert p.conditions() == (
        Condition("A", ConditionKind.MUST_INCLUDE, ("R1",)),
        Condition("B", ConditionKind.MUST_EXCLUDE, ("R1",)),
    )
