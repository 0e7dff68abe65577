"""Who blocks a left-out item: direct blockers (numpy) and "why not r?" (assumption cores)."""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np

from accord.core.consensus._additions import Broken, newly_broken
from accord.core.consensus._arrays import Bools, Compiled, compile_problem
from accord.core.consensus._core import member_core
from accord.core.consensus._model import SolveStatus, optimise, set_hint
from accord.core.consensus.evaluate import Violation
from accord.core.consensus.package import PackageResult, consensus_package, result_from, value_model
from accord.core.consensus.problem import (
    Condition,
    ConditionKind,
    PackageProblem,
    ProblemError,
    Stance,
)


@dataclass(frozen=True)
class MemberBlock:
    """A member whose conditions break when the item is added (each broken condition)."""

    member: str
    violations: tuple[Violation, ...]


@dataclass(frozen=True)
class ItemBlockers:
    """For one left-out item: the members it would lose, in problem order, and the package
    items it cannot sit beside (same option group)."""

    item: str
    members: tuple[MemberBlock, ...]
    option_clash: tuple[str, ...]

    @property
    def member_ids(self) -> tuple[str, ...]:
        return tuple(b.member for b in self.members)

    @property
    def blocked(self) -> bool:
        return bool(self.members or self.option_clash)


@dataclass(frozen=True, eq=False)
class DirectBlockers:
    """Direct blockers of every item outside ``package``: adding that item alone breaks
    these members' conditions (an objection beyond the tolerance, a red line, balance, or a
    conditional whose partner is not in) or an option group. Computed for all items at once
    as masks; ``members``/``count`` read them, ``for_item``/``all`` build the violations."""

    package: tuple[str, ...]
    left_out: tuple[str, ...]
    wall_time: float
    _problem: PackageProblem = field(repr=False)
    _c: Compiled = field(repr=False)
    _broken: Broken = field(repr=False)
    _x: Bools = field(repr=False)
    _memo: dict[str, list[int]] = field(repr=False, default_factory=dict)

    def _col(self, item: str) -> int:
        k = self._c.index.get(item)
        if k is None:
            raise ProblemError(f"Unknown item {item}")
        if item in self.package:
            raise ProblemError(f"{item} is already in the package")
        return k

    def members(self, item: str) -> tuple[str, ...]:
        ids = self._c.member_ids
        return tuple(ids[m] for m in np.flatnonzero(self._broken.blocked[:, self._col(item)]))

    def count(self, item: str) -> int:
        return int(self._broken.blocked[:, self._col(item)].sum())

    def counts(self) -> dict[str, int]:
        n = self._broken.counts()
        return {i: int(n[self._c.index[i]]) for i in self.left_out}

    @property
    def unblocked(self) -> tuple[str, ...]:
        """Left-out items that can be added without breaking any condition or option group."""
        free = ~self._broken.blocked.any(axis=0) & ~self._broken.clash
        return tuple(i for i in self.left_out if free[self._c.index[i]])

    def for_item(self, item: str) -> ItemBlockers:
        r = self._col(item)
        b, c = self._broken, self._c
        rules = self._problem.members
        ids = c.member_ids
        sel = np.flatnonzero(b.req_a == r)
        partners: dict[int, list[str]] = {}
        for m, k in zip(b.req_m[sel].tolist(), b.req_b[sel].tolist(), strict=True):
            partners.setdefault(m, []).append(c.items[k])
        excl, tol, bal = b.excl[:, r], b.tol[:, r], b.bal[:, r]
        blocks: list[MemberBlock] = []
        for m in np.flatnonzero(b.blocked[:, r]).tolist():
            name = ids[m]
            v: list[Violation] = []
            if excl[m]:
                msg = f"{name}: {item} is a red line (must never be in)"
                v.append(Violation(name, ConditionKind.MUST_EXCLUDE, (item,), msg))
            if tol[m]:
                msg = (
                    f"{name} objects to {item} and already accepts {rules[m].tolerance} "
                    "objected item(s) in the package, its tolerance"
                )
                v.append(Violation(name, ConditionKind.OBJECTION, (item,), msg))
            if bal[m]:
                msg = (
                    f"{name} objects to {item}, and the package already holds as many items "
                    f"it objects to as it supports ({self._supported[m]} each)"
                )
                v.append(Violation(name, ConditionKind.BALANCE, (item,), msg))
            for other in partners.get(m, ()):
                msg = f"{name} accepts {item} only if {other} is in, and it is not"
                v.append(Violation(name, ConditionKind.REQUIRES, (item, other), msg))
            blocks.append(MemberBlock(name, tuple(v)))
        clash: tuple[str, ...] = ()
        if b.clash[r]:
            mates = (c.groups[c.groups[:, r]]).any(axis=0) & self._x
            clash = c.names(mates)
        return ItemBlockers(item, tuple(blocks), clash)

    @property
    def _supported(self) -> list[int]:
        cached = self._memo.get("supported")
        if cached is None:
            cached = (self._c.sup_i @ self._x.astype(np.int64)).tolist()
            self._memo["supported"] = cached
        return cached

    def all(self) -> tuple[ItemBlockers, ...]:
        return tuple(self.for_item(i) for i in self.left_out)


def direct_blockers(problem: PackageProblem, package: Iterable[str]) -> DirectBlockers:
    """Direct blockers of every item outside ``package`` (see DirectBlockers). Conditions
    already broken by ``package`` itself are not repeated (check_package reports those)."""
    t0 = time.perf_counter()
    c = compile_problem(problem)
    x = c.vector(package)
    broken = newly_broken(c, x)
    left = tuple(c.items[k] for k in np.flatnonzero(~x))
    return DirectBlockers(c.names(x), left, time.perf_counter() - t0, problem, c, broken, x)


@dataclass(frozen=True)
class CoreMember:
    """A member of a why-not core: its stance on the item, whether the item is one of its
    red lines, what it objects to (problem order), its red lines, tolerance and the
    conditions it holds that mention the item."""

    member: str
    stance: Stance
    red_line: bool
    objections: tuple[str, ...]
    red_lines: tuple[str, ...]
    tolerance: int
    conditions_on_item: tuple[Condition, ...]


@dataclass(frozen=True)
class WhyNotResult:
    """Can ``item`` be in any all-accept package?

    ``possible`` False (``status`` INFEASIBLE, proven): ``core`` is a set of members whose
    conditions alone rule it out (``independent_of_item``: they rule out every package);
    ``core_minimal``: checked irreducible (without any one of them the item would fit).
    ``possible`` True: ``package`` is the best all-accept package containing the item
    (``status`` OPTIMAL proven / FEASIBLE best found), ``value``/``bound``/``gap`` as for
    consensus_package, ``optimum_value`` the best all-accept value without the item forced
    and ``cost`` = optimum_value − value. ``possible`` None: time ran out (UNKNOWN).
    """

    item: str
    status: SolveStatus
    possible: bool | None
    core: tuple[CoreMember, ...]
    independent_of_item: bool
    core_minimal: bool
    package: tuple[str, ...]
    value: float | None
    bound: float | None
    gap: float | None
    optimum_value: float | None
    cost: float | None
    wall_time: float

    @property
    def message(self) -> str:
        if self.possible is None:
            return f"Time ran out before it was settled whether {self.item} can be in."
        if not self.possible:
            who = ", ".join(m.member for m in self.core)
            if self.independent_of_item:
                return f"No all-accept package exists at all: {who} cannot all be satisfied."
            return f"{self.item} cannot be in any package that every member accepts: {who}."
        cost = f" (costs {self.cost:g} against the best package)" if self.cost else ""
        return f"{self.item} can be in a package every member accepts{cost}."


def why_not(
    problem: PackageProblem,
    item: str,
    *,
    time_limit: float = 10.0,
    random_seed: int = 0,
    reference: PackageResult | None = None,
    core_time: float = 0.25,
) -> WhyNotResult:
    """Settle whether ``item`` fits an all-accept package (perf-anchors §4.1, explanation 2).

    One single-worker solve of the soft model with x_item and every member's literal as
    assumptions: infeasible → CP-SAT's minimised core (``sufficient_assumptions_for_
    infeasibility``, only minimised with one worker), then shrunk for up to ``core_time``
    seconds (re-solving on the core; dropping members one by one while it stays infeasible).
    Feasible → the best package with the item is optimised (hinted). ``reference``: the
    consensus_package answer to compare the cost with (computed — and cached on the problem
    per seed — when not given)."""
    t0 = time.perf_counter()
    c = compile_problem(problem)
    r = c.index.get(item)
    if r is None:
        raise ProblemError(f"Unknown item {item}")

    def left() -> float:
        return max(0.05, time_limit - (time.perf_counter() - t0))

    feas = member_core(
        problem, item=r, time_limit=time_limit, random_seed=random_seed, minimise_for=core_time
    )
    empty: tuple[str, ...] = ()
    if feas.status is SolveStatus.INFEASIBLE:
        core = tuple(_core_member(problem, c, m, item) for m in feas.members)
        return WhyNotResult(
            item=item,
            status=feas.status,
            possible=False,
            core=core,
            independent_of_item=not feas.uses_item,
            core_minimal=feas.minimal,
            package=empty,
            value=None,
            bound=None,
            gap=None,
            optimum_value=None,
            cost=None,
            wall_time=time.perf_counter() - t0,
        )
    if feas.solution is None:
        dt = time.perf_counter() - t0
        return WhyNotResult(
            item, feas.status, None, (), False, False, empty, None, None, None, None, None, dt
        )
    first: Bools = np.asarray(feas.solution[: c.n_items] != 0, dtype=np.bool_)
    if reference is None:
        reference = _cached_optimum(problem, random_seed, left())
    hmodel, hx, scale = value_model(problem, c)
    hmodel.add(hx[r] == 1)
    set_hint(hmodel, first)
    out = optimise(hmodel, time_limit=left(), random_seed=random_seed)
    sol = out.values(0, c.n_items) if out.has_solution else first
    status = out.status if out.has_solution else SolveStatus.FEASIBLE
    res = result_from(c, status, sol, out.bound, scale, 0.0)
    opt = reference.value if reference.found else None
    cost = None if opt is None or res.value is None else opt - res.value
    return WhyNotResult(
        item,
        status,
        True,
        (),
        False,
        False,
        res.package,
        res.value,
        res.bound,
        res.gap,
        opt,
        cost,
        time.perf_counter() - t0,
    )


def _cached_optimum(problem: PackageProblem, seed: int, time_limit: float) -> PackageResult:
    key = f"consensus:{seed}"
    cached = problem._cache.get(key)
    if isinstance(cached, PackageResult):
        return cached
    res = consensus_package(problem, time_limit=time_limit, random_seed=seed)
    if res.status in (SolveStatus.OPTIMAL, SolveStatus.INFEASIBLE):
        problem._cache[key] = res
    return res


def _core_member(problem: PackageProblem, c: Compiled, m: int, item: str) -> CoreMember:
    rules = problem.members[m]
    order = c.index.__getitem__
    on_item = tuple(cond for cond in problem.conditions(rules.member) if item in cond.items)
    return CoreMember(
        member=rules.member,
        stance=rules.stance(item),
        red_line=item in rules.must_exclude,
        objections=tuple(sorted(rules.objections(), key=order)),
        red_lines=tuple(sorted(rules.must_exclude, key=order)),
        tolerance=rules.tolerance,
        conditions_on_item=on_item,
    )
