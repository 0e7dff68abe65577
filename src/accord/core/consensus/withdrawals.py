"""Smallest sets of withdrawn conditions that would let an item into an all-accept package.

A *withdrawal* is one member dropping one of its conditions (a :class:`Condition`):

* an **objection** to one item — the item then counts as "can live with": it no longer
  counts against the member's tolerance nor on the objected side of its balance;
* a **red line** — a must-exclude item may then be in (if the member also objects to it,
  the objection stays and now counts against its tolerance), or a must-include item may be
  left out;
* a **conditional** "a only if b", a **must-have** set, or its **balance** rule.

Tolerances themselves never change (withdrawing k objections is the same as swallowing k
more). The count of withdrawals is minimised (perf-anchors §4.1, explanation 3, at the
level of single conditions rather than whole members).
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
from ortools.sat.python import cp_model

from accord.core.consensus._arrays import Compiled, Ints, compile_problem
from accord.core.consensus._model import SolveStatus, find_staged
from accord.core.consensus.problem import (
    Condition,
    ConditionKind,
    MemberRules,
    PackageProblem,
    ProblemError,
    Stance,
)

_BIG = 1 << 40


@dataclass(frozen=True)
class WithdrawalSet:
    """Withdrawals that together let the item in, and one all-accept package (containing the
    item) that they make possible."""

    withdrawals: tuple[Condition, ...]
    package: tuple[str, ...]


@dataclass(frozen=True)
class WithdrawalsResult:
    """``minimum``: fewest withdrawals that let ``item`` into an all-accept package (0: it
    fits already). ``status`` OPTIMAL: that minimum is proven; FEASIBLE: the smallest found in
    the time limit; UNKNOWN: nothing found. ``sets``: distinct sets of that size (at most
    ``limit``); ``more_exist``: True / False when settled, None when time ran out."""

    item: str
    status: SolveStatus
    minimum: int | None
    sets: tuple[WithdrawalSet, ...]
    more_exist: bool | None
    wall_time: float


@dataclass(frozen=True, eq=False)
class _Relaxed:
    model: cp_model.CpModel
    conditions: tuple[Condition, ...]
    first_relax: int  # proto index of the first relax literal (they are consecutive)


def _relaxed_model(problem: PackageProblem) -> _Relaxed:
    cached = problem._cache.get("relaxed_model")
    if isinstance(cached, _Relaxed):
        return cached
    c = compile_problem(problem)
    model = cp_model.CpModel()
    n = c.n_items
    x = [model.new_bool_var(f"x{k}") for k in range(n)]
    for g in c.groups:
        model.add_at_most_one([x[k] for k in np.flatnonzero(g)])
    conds: list[Condition] = []
    relax: list[cp_model.IntVar] = []

    def lit(cond: Condition) -> cp_model.IntVar:
        v = model.new_bool_var(f"w{len(relax)}")
        conds.append(cond)
        relax.append(v)
        return v

    first = n
    for m, rules in enumerate(problem.members):
        name = rules.member
        objected = np.flatnonzero(c.obj[m])
        tol_binds = objected.size > rules.tolerance
        if (tol_binds or rules.balance) and objected.size:
            z = {}
            for k in objected:
                z[k] = lit(Condition(name, ConditionKind.OBJECTION, (c.items[k],)))
                model.add_implication(z[k], x[k])
            kept = cp_model.LinearExpr.sum([x[k] for k in objected]) - cp_model.LinearExpr.sum(
                list(z.values())
            )
            if tol_binds:
                model.add_linear_constraint(kept, -_BIG, rules.tolerance)
            if rules.balance:
                b = lit(Condition(name, ConditionKind.BALANCE, ()))
                sup = cp_model.LinearExpr.sum([x[k] for k in np.flatnonzero(c.sup[m])])
                model.add_linear_constraint(sup - kept, 0, _BIG).only_enforce_if(~b)
        for k in np.flatnonzero(c.excl[m]):
            e = lit(Condition(name, ConditionKind.MUST_EXCLUDE, (c.items[k],)))
            model.add_bool_or([~x[k], e])
        for k in np.flatnonzero(c.incl[m]):
            i = lit(Condition(name, ConditionKind.MUST_INCLUDE, (c.items[k],)))
            model.add_bool_or([x[k], i])
        for a, bb in rules.requires:
            if a != bb:
                q = lit(Condition(name, ConditionKind.REQUIRES, (a, bb)))
                model.add_bool_or([~x[c.index[a]], x[c.index[bb]], q])
        for s in rules.at_least_one_of:
            listed = tuple(i for i in c.items if i in s)
            o = lit(Condition(name, ConditionKind.AT_LEAST_ONE_OF, listed))
            model.add_bool_or([*(x[c.index[i]] for i in listed), o])
    built = _Relaxed(model, tuple(conds), first)
    problem._cache["relaxed_model"] = built
    return built


def minimal_withdrawals(
    problem: PackageProblem,
    item: str,
    *,
    limit: int = 3,
    time_limit: float = 10.0,
    random_seed: int = 0,
) -> WithdrawalsResult:
    """Up to ``limit`` distinct minimum-size sets of withdrawals (see the module docstring)
    after which ``item`` fits a package every member accepts. One optimisation (minimise the
    number of withdrawn conditions, x_item = 1), then feasibility solves at that size, each
    excluding the sets found, until ``limit`` are found and one more check for ``more_exist``.
    ``time_limit`` is the whole call's budget."""
    if limit < 1:
        raise ProblemError("limit must be at least 1")
    t0 = time.perf_counter()
    c = compile_problem(problem)
    r = c.index.get(item)
    if r is None:
        raise ProblemError(f"Unknown item {item}")
    base = _relaxed_model(problem)
    model = base.model.clone()
    n_relax = len(base.conditions)
    w = [model.get_bool_var_from_proto_index(base.first_relax + k) for k in range(n_relax)]
    model.add(model.get_bool_var_from_proto_index(r) == 1)
    total = cp_model.LinearExpr.sum(w)
    sets: list[WithdrawalSet] = []

    def left() -> float:
        return time_limit - (time.perf_counter() - t0)

    def find(extra: list[tuple[list[int], int]], at_most: int) -> tuple[SolveStatus, Ints | None]:
        """A solution with ≤ ``at_most`` withdrawals (and each (ks, cap): Σ w[ks] ≤ cap)."""
        trial = model.clone()
        trial.add_linear_constraint(total, 0, at_most)
        for ks, cap in extra:
            trial.add_linear_constraint(cp_model.LinearExpr.sum([w[k] for k in ks]), 0, cap)
        out = find_staged(trial, time_limit=max(0.01, left()), random_seed=random_seed)
        return out.status, out.solution

    # Smallest size by doubling then bisection on "≤ k withdrawals": proving small k
    # impossible is fast, while minimising the count directly is not (measured: 2-15 s).
    lo, hi, best = -1, n_relax + 1, None
    k = 0
    while lo + 1 < hi and left() > 0.01:
        status, sol = find([], k)
        if status is SolveStatus.INFEASIBLE:
            lo = k
        elif sol is not None:
            best = sol
            hi = int(sol[base.first_relax : base.first_relax + n_relax].sum())
        else:
            break
        if lo + 1 >= hi:
            break
        k = (lo + hi) // 2 if best is not None else (lo + 1 if lo < 1 else 2 * lo)
        k = min(max(k, lo + 1), hi - 1)
    if best is None:
        status = SolveStatus.INFEASIBLE if lo >= n_relax else SolveStatus.UNKNOWN
        return WithdrawalsResult(item, status, None, (), None, time.perf_counter() - t0)
    proven = lo + 1 >= hi
    status = SolveStatus.OPTIMAL if proven else SolveStatus.FEASIBLE

    def record(solution: Ints) -> list[int]:
        chosen = np.flatnonzero(solution[base.first_relax : base.first_relax + n_relax])
        pkg = tuple(c.items[k] for k in np.flatnonzero(solution[: c.n_items]))
        sets.append(WithdrawalSet(tuple(base.conditions[k] for k in chosen), pkg))
        return [int(k) for k in chosen]

    cuts = [(record(best), hi - 1)]
    more: bool | None = False if hi == 0 else None
    while hi > 0 and left() > 0.01:
        status_next, sol = find(cuts, hi)
        if status_next is SolveStatus.INFEASIBLE:
            more = False
            break
        if sol is None:
            break
        if len(sets) >= limit:
            more = True
            break
        cuts.append((record(sol), hi - 1))
    return WithdrawalsResult(item, status, hi, tuple(sets), more, time.perf_counter() - t0)


def withdraw(problem: PackageProblem, withdrawals: Iterable[Condition]) -> PackageProblem:
    """The problem after these withdrawals (same item weights: the defaults are computed
    from the original stances so that values stay comparable)."""
    drop: dict[str, list[Condition]] = {}
    for cond in withdrawals:
        problem.member(cond.member)
        drop.setdefault(cond.member, []).append(cond)
    members: list[MemberRules] = []
    for rules in problem.members:
        conds = drop.get(rules.member)
        if not conds:
            members.append(rules)
            continue
        stances = dict(rules.stances)
        requires = list(rules.requires)
        must_include, must_exclude = set(rules.must_include), set(rules.must_exclude)
        alo = list(rules.at_least_one_of)
        balance = rules.balance
        for cond in conds:
            kind, items = cond.kind, cond.items
            if kind is ConditionKind.OBJECTION and stances.get(items[0]) is Stance.OBJECT:
                stances[items[0]] = Stance.CAN_LIVE_WITH
            elif kind is ConditionKind.MUST_EXCLUDE:
                must_exclude.discard(items[0])
            elif kind is ConditionKind.MUST_INCLUDE:
                must_include.discard(items[0])
            elif kind is ConditionKind.REQUIRES:
                requires = [p for p in requires if p != items]
            elif kind is ConditionKind.AT_LEAST_ONE_OF:
                alo = [s for s in alo if s != frozenset(items)]
            elif kind is ConditionKind.BALANCE:
                balance = False
        members.append(
            dataclasses.replace(
                rules,
                stances=stances,
                requires=tuple(requires),
                must_include=frozenset(must_include),
                must_exclude=frozenset(must_exclude),
                at_least_one_of=tuple(alo),
                balance=balance,
            )
        )
    weights = dict(zip(problem.items, _weights(compile_problem(problem)), strict=True))
    return PackageProblem(problem.items, tuple(members), problem.option_groups, weights)


def _weights(c: Compiled) -> list[float]:
    return [float(v) for v in c.weights]
