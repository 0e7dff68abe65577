"""Package-deal problems: recommendations, members' stances and conditions, validation.

A *package* is a set of items (recommendations). It is *valid* when it holds at most one item
of each option group. Member m *accepts* a package P iff every one of its conditions holds:

* **objections** — at most ``tolerance`` items of P that m objects to and that are not its
  red lines (``tolerance = 0``: any plain objection blocks);
* **red lines** — every ``must_exclude`` item is outside P, every ``must_include`` item in P;
* **conditionals** — for each ``(a, b)`` in ``requires``: a ∈ P ⇒ b ∈ P;
* **must-haves** — each ``at_least_one_of`` set meets P;
* **balance** (when set) — |P ∩ supported| ≥ |P ∩ objected| (all objected items, red lines too).

Items a member gives no stance for count as "can live with".
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType
from typing import Any


class ProblemError(ValueError):
    """Invalid package problem; the message names the member and items and can be shown."""


class Stance(StrEnum):
    SUPPORT = "support"
    CAN_LIVE_WITH = "can_live_with"
    OBJECT = "object"


class ConditionKind(StrEnum):
    """One kind of member condition (see the module docstring)."""

    OBJECTION = "objection"
    MUST_EXCLUDE = "must_exclude"
    MUST_INCLUDE = "must_include"
    REQUIRES = "requires"
    AT_LEAST_ONE_OF = "at_least_one_of"
    BALANCE = "balance"


@dataclass(frozen=True, slots=True)
class Condition:
    """One condition of one member, the unit of a *withdrawal*.

    ``items``: OBJECTION / MUST_EXCLUDE / MUST_INCLUDE ``(item,)``; REQUIRES ``(a, b)``
    ("accepts a only if b is in"); AT_LEAST_ONE_OF the set's items in problem order;
    BALANCE ``()``.
    """

    member: str
    kind: ConditionKind
    items: tuple[str, ...]


def _text(value: object, what: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ProblemError(f"{what} must be a non-empty string, got {value!r}")
    return value


def _names(items: Iterable[str]) -> str:
    return ", ".join(sorted(items))


@dataclass(frozen=True)
class MemberRules:
    """One member's stances and conditions (validated; containers are normalised: stances
    coerced to :class:`Stance`, duplicate conditionals and must-have sets dropped)."""

    member: str
    stances: Mapping[str, Stance]
    requires: tuple[tuple[str, str], ...] = ()
    must_include: frozenset[str] = frozenset()
    must_exclude: frozenset[str] = frozenset()
    at_least_one_of: tuple[frozenset[str], ...] = ()
    tolerance: int = 0
    balance: bool = False
    weight: float = 1.0

    def __post_init__(self) -> None:
        m = _text(self.member, "A member id")
        stances: dict[str, Stance] = {}
        for item, stance in dict(self.stances).items():
            try:
                stances[_text(item, f"{m}: an item id")] = Stance(stance)
            except ValueError:
                raise ProblemError(
                    f"{m}: stance {stance!r} on {item} is not one of support, can_live_with, object"
                ) from None
        object.__setattr__(self, "stances", MappingProxyType(stances))
        pairs: list[tuple[str, str]] = []
        for raw in self.requires:
            pair = tuple(raw)
            if len(pair) != 2 or not all(isinstance(p, str) for p in pair):
                raise ProblemError(f"{m}: a conditional must be a pair (a, b), got {pair!r}")
            pairs.append((pair[0], pair[1]))
        object.__setattr__(self, "requires", tuple(dict.fromkeys(pairs)))
        object.__setattr__(self, "must_include", frozenset(self.must_include))
        object.__setattr__(self, "must_exclude", frozenset(self.must_exclude))
        if isinstance(self.at_least_one_of, str | frozenset | set):
            raise ProblemError(f"{m}: at_least_one_of must be a sequence of item sets")
        sets = tuple(dict.fromkeys(frozenset(s) for s in self.at_least_one_of))
        if any(not s for s in sets):
            raise ProblemError(f"{m}: an at-least-one-of set is empty (it can never be met)")
        object.__setattr__(self, "at_least_one_of", sets)
        tol = self.tolerance
        if isinstance(tol, bool) or not isinstance(tol, int):
            raise ProblemError(f"{m}: tolerance must be a whole number, got {tol!r}")
        if tol < 0:
            raise ProblemError(f"{m}: tolerance is {tol}; it must be 0 or more")
        object.__setattr__(self, "balance", bool(self.balance))
        w = self.weight
        if isinstance(w, bool) or not isinstance(w, int | float) or not math.isfinite(w) or w <= 0:
            raise ProblemError(f"{m}: weight must be a positive number, got {w!r}")
        object.__setattr__(self, "weight", float(w))
        both = self.must_include & self.must_exclude
        if both:
            raise ProblemError(
                f"{m}: {_names(both)} cannot be both a must-include and a must-exclude red line"
            )

    def stance(self, item: str) -> Stance:
        return self.stances.get(item, Stance.CAN_LIVE_WITH)

    def objections(self) -> frozenset[str]:
        return frozenset(i for i, s in self.stances.items() if s is Stance.OBJECT)

    def supports(self) -> frozenset[str]:
        return frozenset(i for i, s in self.stances.items() if s is Stance.SUPPORT)

    def referenced_items(self) -> set[str]:
        out = set(self.stances) | self.must_include | self.must_exclude
        out.update(i for pair in self.requires for i in pair)
        out.update(i for s in self.at_least_one_of for i in s)
        return out


@dataclass(frozen=True)
class PackageProblem:
    """Items, members and option groups (at most one item of each group in any package).

    ``item_weights`` (every item, finite) defaults to w_r = supporters − objectors + M/4 for M
    members (perf-anchors §4.1): the M/4 keeps an item's weight positive unless its objectors
    outnumber its supporters by more than a quarter of the members; such an item (weight ≤ 0)
    only enters a best package when someone's conditions need it.
    """

    items: tuple[str, ...]
    members: tuple[MemberRules, ...]
    option_groups: tuple[frozenset[str], ...] = ()
    item_weights: Mapping[str, float] | None = None
    _cache: dict[str, Any] = field(init=False, repr=False, compare=False, default_factory=dict)

    def __post_init__(self) -> None:
        items = tuple(_text(i, "An item id") for i in self.items)
        object.__setattr__(self, "items", items)
        dup = sorted(i for i, n in Counter(items).items() if n > 1)
        if dup:
            raise ProblemError(f"Duplicate items: {', '.join(dup)}")
        members = tuple(self.members)
        for rules in members:
            if not isinstance(rules, MemberRules):
                raise ProblemError(f"Members must be MemberRules, got {type(rules).__name__}")
        object.__setattr__(self, "members", members)
        dup = sorted(m for m, n in Counter(r.member for r in members).items() if n > 1)
        if dup:
            raise ProblemError(f"Duplicate members: {', '.join(dup)}")
        known = set(items)
        if isinstance(self.option_groups, str | frozenset | set):
            raise ProblemError("option_groups must be a sequence of item sets")
        groups = tuple(frozenset(g) for g in self.option_groups)
        for g in groups:
            if not g:
                raise ProblemError("An option group is empty")
            if g - known:
                raise ProblemError(
                    f"Option group {{{_names(g)}}}: unknown items {_names(g - known)}"
                )
        object.__setattr__(self, "option_groups", groups)
        for rules in members:
            unknown = rules.referenced_items() - known
            if unknown:
                raise ProblemError(f"{rules.member}: unknown items {_names(unknown)}")
        if self.item_weights is not None:
            weights = dict(self.item_weights)
            if set(weights) - known:
                raise ProblemError(f"item_weights: unknown items {_names(set(weights) - known)}")
            if known - set(weights):
                raise ProblemError(f"item_weights: no weight for {_names(known - set(weights))}")
            for i, w in weights.items():
                if isinstance(w, bool) or not isinstance(w, int | float) or not math.isfinite(w):
                    raise ProblemError(f"item_weights: weight of {i} must be a finite number")
            object.__setattr__(
                self, "item_weights", MappingProxyType({i: float(w) for i, w in weights.items()})
            )
        for rules in members:
            _check_own_conditions(rules, groups)

    @property
    def member_ids(self) -> tuple[str, ...]:
        return tuple(r.member for r in self.members)

    def member(self, member: str) -> MemberRules:
        for r in self.members:
            if r.member == member:
                return r
        raise ProblemError(f"Unknown member {member}")

    def weight(self, item: str) -> float:
        """The objective weight of ``item`` (given, or the default in the class docstring)."""
        if self.item_weights is not None:
            return self.item_weights[item]
        sup = sum(1 for r in self.members if r.stance(item) is Stance.SUPPORT)
        obj = sum(1 for r in self.members if r.stance(item) is Stance.OBJECT)
        return sup - obj + len(self.members) / 4

    def value(self, package: Iterable[str]) -> float:
        """Σ of item weights over ``package`` (unknown items raise ProblemError)."""
        from accord.core.consensus._arrays import compile_problem

        c = compile_problem(self)
        return float(c.weights[c.indices(package)].sum())

    def conditions(self, member: str | None = None) -> tuple[Condition, ...]:
        """Every condition (of one member, or of all), the units a member can withdraw."""
        out: list[Condition] = []
        order = {i: k for k, i in enumerate(self.items)}
        for r in self.members if member is None else (self.member(member),):
            m = r.member
            out += [
                Condition(m, ConditionKind.OBJECTION, (i,))
                for i in sorted(r.objections(), key=order.__getitem__)
            ]
            out += [
                Condition(m, ConditionKind.MUST_EXCLUDE, (i,))
                for i in sorted(r.must_exclude, key=order.__getitem__)
            ]
            out += [
                Condition(m, ConditionKind.MUST_INCLUDE, (i,))
                for i in sorted(r.must_include, key=order.__getitem__)
            ]
            out += [Condition(m, ConditionKind.REQUIRES, pair) for pair in r.requires]
            out += [
                Condition(m, ConditionKind.AT_LEAST_ONE_OF, tuple(sorted(s, key=order.__getitem__)))
                for s in r.at_least_one_of
            ]
            if r.balance:
                out.append(Condition(m, ConditionKind.BALANCE, ()))
        return tuple(out)


def _closure(start: Iterable[str], requires: tuple[tuple[str, str], ...]) -> dict[str, str | None]:
    """Items forced by ``start`` through ``requires``, each with the item that forced it."""
    nxt: dict[str, list[str]] = {}
    for a, b in requires:
        nxt.setdefault(a, []).append(b)
    parent: dict[str, str | None] = dict.fromkeys(start)
    stack = list(parent)
    while stack:
        a = stack.pop()
        for b in nxt.get(a, ()):
            if b not in parent:
                parent[b] = a
                stack.append(b)
    return parent


def _chain(parent: dict[str, str | None], item: str) -> str:
    path = [item]
    while (p := parent[path[-1]]) is not None:
        path.append(p)
    return " → ".join(reversed(path))


def _check_own_conditions(rules: MemberRules, groups: tuple[frozenset[str], ...]) -> None:
    """Reject a member whose own conditions can never all hold (see PackageProblem)."""
    m = rules.member
    forced = _closure(rules.must_include, rules.requires)
    for item in forced:
        if item in rules.must_exclude:
            raise ProblemError(
                f"{m}: must include {_chain(forced, item)} (each accepted only with the next), "
                f"but {item} is a must-exclude red line"
            )
    for g in groups:
        clash = g & forced.keys()
        if len(clash) > 1:
            raise ProblemError(
                f"{m}: its red lines need both {_names(clash)}, but they are alternatives "
                f"(at most one of {_names(g)} can be in a package)"
            )
    objected = (rules.objections() - rules.must_exclude) & forced.keys()
    if len(objected) > rules.tolerance:
        raise ProblemError(
            f"{m}: its red lines need {_names(objected)}, which it objects to, "
            f"but it tolerates only {rules.tolerance} objected item(s)"
        )
    for s in rules.at_least_one_of:
        possible = False
        for item in s:
            reach = _closure([item, *forced], rules.requires)
            if reach.keys() & rules.must_exclude:
                continue
            if any(len(g & reach.keys()) > 1 for g in groups):
                continue
            possible = True
            break
        if not possible:
            raise ProblemError(
                f"{m}: needs at least one of {_names(s)}, but its own red lines rule out "
                "every one of them"
            )
