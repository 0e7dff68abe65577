"""Brute force over every package of a small problem, written from the rules' definitions
(independently of the solver code): the oracle the property tests compare against."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator
from itertools import combinations

from accord.core.consensus import (
    Condition,
    ConditionKind,
    MemberRules,
    PackageProblem,
    Stance,
)

Key = tuple[ConditionKind, tuple[str, ...]]


def objected(r: MemberRules) -> set[str]:
    return {i for i, s in r.stances.items() if s == Stance.OBJECT}


def supported(r: MemberRules) -> set[str]:
    return {i for i, s in r.stances.items() if s == Stance.SUPPORT}


def broken(r: MemberRules, p: frozenset[str]) -> set[Key]:
    """The member's conditions that package ``p`` breaks, one key per condition (the
    tolerance row is one condition: (OBJECTION, ()); balance (BALANCE, ()))."""
    out: set[Key] = set()
    out |= {(ConditionKind.MUST_EXCLUDE, (i,)) for i in r.must_exclude if i in p}
    out |= {(ConditionKind.MUST_INCLUDE, (i,)) for i in r.must_include if i not in p}
    if len((objected(r) - r.must_exclude) & p) > r.tolerance:
        out.add((ConditionKind.OBJECTION, ()))
    out |= {(ConditionKind.REQUIRES, (a, b)) for a, b in r.requires if a in p and b not in p}
    out |= {
        (ConditionKind.AT_LEAST_ONE_OF, tuple(sorted(s))) for s in r.at_least_one_of if not s & p
    }
    if r.balance and len(supported(r) & p) < len(objected(r) & p):
        out.add((ConditionKind.BALANCE, ()))
    return out


def accepts(r: MemberRules, p: frozenset[str]) -> bool:
    return not broken(r, p)


def valid(problem: PackageProblem, p: frozenset[str]) -> bool:
    return all(len(g & p) <= 1 for g in problem.option_groups)


def packages(problem: PackageProblem) -> Iterator[frozenset[str]]:
    items = problem.items
    for mask in range(1 << len(items)):
        p = frozenset(items[k] for k in range(len(items)) if mask >> k & 1)
        if valid(problem, p):
            yield p


def weight(problem: PackageProblem, item: str) -> float:
    if problem.item_weights is not None:
        return problem.item_weights[item]
    sup = sum(1 for r in problem.members if r.stances.get(item) == Stance.SUPPORT)
    obj = sum(1 for r in problem.members if r.stances.get(item) == Stance.OBJECT)
    return sup - obj + len(problem.members) / 4


def value(problem: PackageProblem, p: Iterable[str]) -> float:
    return sum(weight(problem, i) for i in p)


def all_accept(
    problem: PackageProblem, members: Iterable[MemberRules] | None = None
) -> list[frozenset[str]]:
    ms = list(problem.members if members is None else members)
    return [p for p in packages(problem) if all(accepts(r, p) for r in ms)]


def acceptance(problem: PackageProblem, p: frozenset[str]) -> float:
    return sum(r.weight for r in problem.members if accepts(r, p))


def apply_withdrawals(problem: PackageProblem, conds: Iterable[Condition]) -> list[MemberRules]:
    """Members after the withdrawals (the documented semantics), not validated again."""
    by: dict[str, list[Condition]] = {}
    for c in conds:
        by.setdefault(c.member, []).append(c)
    out = []
    for r in problem.members:
        st = dict(r.stances)
        req = set(r.requires)
        inc, exc = set(r.must_include), set(r.must_exclude)
        alo = list(r.at_least_one_of)
        bal = r.balance
        for c in by.get(r.member, []):
            if c.kind == ConditionKind.OBJECTION:
                st[c.items[0]] = Stance.CAN_LIVE_WITH
            elif c.kind == ConditionKind.MUST_EXCLUDE:
                exc.discard(c.items[0])
            elif c.kind == ConditionKind.MUST_INCLUDE:
                inc.discard(c.items[0])
            elif c.kind == ConditionKind.REQUIRES:
                req.discard((c.items[0], c.items[1]))
            elif c.kind == ConditionKind.AT_LEAST_ONE_OF:
                alo = [s for s in alo if s != frozenset(c.items)]
            else:
                bal = False
        out.append(
            dataclasses.replace(
                r,
                stances=st,
                requires=tuple(sorted(req)),
                must_include=frozenset(inc),
                must_exclude=frozenset(exc),
                at_least_one_of=tuple(alo),
                balance=bal,
            )
        )
    return out


def sufficient(problem: PackageProblem, item: str, conds: Iterable[Condition]) -> bool:
    members = apply_withdrawals(problem, conds)
    return any(item in p and all(accepts(r, p) for r in members) for p in packages(problem))


def subsets(conds: tuple[Condition, ...], k: int) -> Iterator[tuple[Condition, ...]]:
    return combinations(conds, k)
