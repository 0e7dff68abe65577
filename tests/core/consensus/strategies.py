"""Hypothesis strategy: small random package problems using every kind of rule."""

from __future__ import annotations

from hypothesis import assume
from hypothesis import strategies as st

from accord.core.consensus import MemberRules, PackageProblem, ProblemError, Stance

STANCES = [Stance.SUPPORT, Stance.CAN_LIVE_WITH, Stance.OBJECT, None]


@st.composite
def problems(draw: st.DrawFn, max_items: int = 8, max_members: int = 5) -> PackageProblem:
    n = draw(st.integers(1, max_items))
    items = tuple(f"R{k + 1}" for k in range(n))
    item = st.sampled_from(items)
    pairs = st.tuples(item, item).filter(lambda p: p[0] != p[1])
    members = []
    for m in range(draw(st.integers(1, max_members))):
        stances = {}
        for i in items:
            s = draw(st.sampled_from(STANCES))
            if s is not None:
                stances[i] = s
        small = st.frozensets(item, max_size=1)
        members.append(
            {
                "member": f"M{m + 1}",
                "stances": stances,
                "requires": tuple(draw(st.lists(pairs, max_size=2))) if n >= 2 else (),
                "must_include": draw(st.one_of(st.just(frozenset()), small)),
                "must_exclude": draw(st.one_of(st.just(frozenset()), small)),
                "at_least_one_of": tuple(
                    draw(st.lists(st.frozensets(item, min_size=1, max_size=3), max_size=1))
                ),
                "tolerance": draw(st.integers(0, 2)),
                "balance": draw(st.booleans()),
                "weight": draw(st.sampled_from([1.0, 1.0, 2.0, 0.5])),
            }
        )
    groups = []
    if n >= 2 and draw(st.booleans()):
        groups.append(frozenset(draw(st.lists(item, min_size=2, max_size=3, unique=True))))
    weights = None
    if draw(st.booleans()):
        weights = {i: draw(st.sampled_from([-1.0, 0.0, 1.0, 2.5, 3.0])) for i in items}
    try:
        rules = tuple(MemberRules(**kw) for kw in members)  # type: ignore[arg-type]
        return PackageProblem(items, rules, tuple(groups), weights)
    except ProblemError:
        assume(False)
        raise  # unreachable
