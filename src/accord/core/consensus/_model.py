"""CP-SAT models of a problem (perf-anchors §4.1) and one solve helper.

Variables: x_r (item r in the package), proto indices 0..N-1; in the *soft* model also a_m
("member m accepts", indices N..N+M-1) enforcing m's conditions. Base models are built once
per problem and cloned for each question, so a question costs a clone, not a rebuild.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import cast

import numpy as np
from ortools.sat.python import cp_model

from accord.core.consensus._arrays import Bools, Compiled, Floats, Ints, compile_problem
from accord.core.consensus.problem import PackageProblem

_LOCK = threading.Lock()
#: CP-SAT workers for optimisation; 1 for assumption cores (only then are they minimised).
OPT_WORKERS = 8


class SolveStatus(StrEnum):
    OPTIMAL = "optimal"  # proven best
    FEASIBLE = "feasible"  # best found within the time limit, not proven
    INFEASIBLE = "infeasible"  # proven: no solution
    UNKNOWN = "unknown"  # time ran out before anything was found or proven


_STATUS = {
    cp_model.OPTIMAL: SolveStatus.OPTIMAL,
    cp_model.FEASIBLE: SolveStatus.FEASIBLE,
    cp_model.INFEASIBLE: SolveStatus.INFEASIBLE,
    cp_model.UNKNOWN: SolveStatus.UNKNOWN,
}


def integer_scale(values: Floats) -> int:
    """Smallest power of ten (≤ 10⁶) turning ``values`` into integers (rounded beyond)."""
    for k in range(7):
        s: int = 10**k
        v = values * s
        if bool(np.all(np.abs(v - np.round(v)) <= 1e-9 * np.maximum(1.0, np.abs(v)))):
            return s
    return 10**6


def nz(mask: Bools) -> list[int]:
    """Indices of the True entries, as Python ints."""
    return [int(k) for k in np.flatnonzero(mask)]


def lin_sum(terms: Sequence[cp_model.IntVar]) -> cp_model.LinearExpr:
    return cast(cp_model.LinearExpr, cp_model.LinearExpr.sum(list(terms)))


def scaled(values: Floats, scale: int) -> list[int]:
    return [int(v) for v in np.round(values * scale)]


@dataclass(frozen=True, eq=False)
class Base:
    """A built model; ``clone()`` it before adding anything."""

    model: cp_model.CpModel
    n_items: int
    n_members: int
    soft: bool

    def clone(self) -> tuple[cp_model.CpModel, list[cp_model.IntVar], list[cp_model.IntVar]]:
        m = self.model.clone()
        x = [m.get_bool_var_from_proto_index(k) for k in range(self.n_items)]
        a = (
            [m.get_bool_var_from_proto_index(self.n_items + k) for k in range(self.n_members)]
            if self.soft
            else []
        )
        return m, x, a


def base_model(problem: PackageProblem, soft: bool) -> Base:
    key = "soft_model" if soft else "hard_model"
    cached = problem._cache.get(key)
    if cached is None:
        with _LOCK:
            cached = problem._cache.get(key)
            if cached is None:
                cached = _build(compile_problem(problem), soft)
                problem._cache[key] = cached
    return cast(Base, cached)


def forced_values(c: Compiled) -> tuple[Bools, Bools]:
    """Items every all-accept package must hold (``one``) or leave out (``zero``): red lines,
    closed under conditionals and option groups (unit propagation; both ⇒ no package)."""
    one: Bools = np.asarray(c.incl.any(axis=0), dtype=np.bool_)
    zero: Bools = np.asarray(c.excl.any(axis=0), dtype=np.bool_)
    while True:
        before = int(one.sum()) + int(zero.sum())
        one[c.req_b[one[c.req_a]]] = True
        zero[c.req_a[zero[c.req_b]]] = True
        if c.groups.shape[0]:
            taken = (c.groups & one).any(axis=1)
            zero |= (c.groups[taken] & ~one).any(axis=0)
        if int(one.sum()) + int(zero.sum()) == before:
            return one, zero


def _build(c: Compiled, soft: bool) -> Base:
    model = cp_model.CpModel()
    x = [model.new_bool_var(f"x{k}") for k in range(c.n_items)]
    a = [model.new_bool_var(f"a{k}") for k in range(c.n_members)] if soft else []
    for g in c.groups:
        model.add_at_most_one([x[k] for k in nz(g)])
    if soft:
        add_member_rules(model, c, x, a)
    else:
        add_hard_rules(model, c, x)
    return Base(model, c.n_items, c.n_members, soft)


def add_hard_rules(model: cp_model.CpModel, c: Compiled, x: Sequence[cp_model.IntVar]) -> None:
    """All members' conditions as hard constraints, after fixing the forced items (the
    linear rows then hold only free items; rows that can never bind are left out)."""
    one, zero = forced_values(c)
    for k in nz(one):
        model.add(x[k] == 1)
    for k in nz(zero):
        model.add(x[k] == 0)
    free = ~one & ~zero
    for a, b in zip(c.req_a.tolist(), c.req_b.tolist(), strict=True):
        if free[a] or free[b]:
            model.add_implication(x[a], x[b])
    for row in range(c.alo.shape[0]):
        if not (c.alo[row] & one).any():
            model.add_bool_or([x[k] for k in nz(c.alo[row] & ~zero)])
    fixed_obj = c.obj_i @ one.astype(np.int64)
    fixed_tol = c.obj_tol_i @ one.astype(np.int64)
    fixed_sup = c.sup_i @ one.astype(np.int64)
    for m in range(c.n_members):
        counted = nz(c.obj_tol[m] & free)
        rhs = int(c.tol[m] - fixed_tol[m])
        if len(counted) > rhs:
            model.add_linear_constraint(_sum(x, counted), -_BIG, rhs)
        objected = nz(c.obj[m] & free)
        rhs = int(fixed_obj[m] - fixed_sup[m])
        if c.bal[m] and (objected or rhs > 0):
            supported = nz(c.sup[m] & free)
            model.add_linear_constraint(_sum(x, supported) - _sum(x, objected), rhs, _BIG)


_BIG = 1 << 40


def _sum(x: Sequence[cp_model.IntVar], indices: list[int]) -> cp_model.LinearExpr:
    return lin_sum([x[k] for k in indices])


def add_member_rules(
    model: cp_model.CpModel,
    c: Compiled,
    x: Sequence[cp_model.IntVar],
    a: Sequence[cp_model.IntVar],
) -> None:
    """Every member's conditions, member m's enforced by its literal a_m."""
    alo_of: dict[int, list[int]] = {}
    for row, m in enumerate(c.alo_m.tolist()):
        alo_of.setdefault(m, []).append(row)
    req_of: dict[int, list[tuple[int, int]]] = {}
    for m, ra, rb in zip(c.req_m.tolist(), c.req_a.tolist(), c.req_b.tolist(), strict=True):
        req_of.setdefault(m, []).append((ra, rb))
    for m in range(c.n_members):
        on = a[m]
        for k in nz(c.excl[m]):
            model.add_implication(on, ~x[k])
        for k in nz(c.incl[m]):
            model.add_implication(on, x[k])
        for ra, rb in req_of.get(m, ()):
            model.add_bool_or([~x[ra], x[rb]]).only_enforce_if(on)
        for row in alo_of.get(m, ()):
            model.add_bool_or([x[k] for k in nz(c.alo[row])]).only_enforce_if(on)
        counted = nz(c.obj_tol[m])
        tol = int(c.tol[m])
        if len(counted) > tol:
            model.add_linear_constraint(_sum(x, counted), -_BIG, tol).only_enforce_if(on)
        objected = nz(c.obj[m] & ~c.excl[m])
        if c.bal[m] and objected:
            supported = nz(c.sup[m])
            model.add_linear_constraint(
                _sum(x, supported) - _sum(x, objected), 0, _BIG
            ).only_enforce_if(on)


@dataclass(frozen=True, eq=False)
class Outcome:
    """A solve's result: ``solution`` holds every proto variable's value (None when no
    solution); ``objective``/``bound`` are in the model's integer units (maximisation)."""

    status: SolveStatus
    solution: Ints | None
    objective: float | None
    bound: float | None
    wall_time: float
    core: tuple[int, ...] = ()

    @property
    def has_solution(self) -> bool:
        return self.solution is not None

    def values(self, start: int, count: int) -> Bools:
        assert self.solution is not None
        return np.asarray(self.solution[start : start + count] != 0, dtype=np.bool_)


def set_hint(model: cp_model.CpModel, values: Ints | Bools, start: int = 0) -> None:
    """Hint proto variables ``start…`` with ``values`` (replacing any earlier hint)."""
    model.clear_hints()  # type: ignore[no-untyped-call]
    for k, v in enumerate(values):
        model.add_hint(model.get_int_var_from_proto_index(start + k), int(v))


def solve(
    model: cp_model.CpModel,
    *,
    time_limit: float,
    random_seed: int,
    workers: int,
    presolve: bool = False,
    stop_at_first: bool = False,
) -> Outcome:
    """One CP-SAT run with a wall time limit. With one worker and assumptions and no
    objective, ``core`` is CP-SAT's minimised assumption core (proto literal indices)."""
    solver = cp_model.CpSolver()
    p = solver.parameters
    p.max_time_in_seconds = max(0.001, float(time_limit))
    p.random_seed = int(random_seed)
    p.num_workers = int(workers)
    p.cp_model_presolve = presolve
    if stop_at_first:
        p.stop_after_first_solution = True
    t0 = time.perf_counter()
    code = solver.solve(model)
    wall = time.perf_counter() - t0
    if code == cp_model.MODEL_INVALID:  # pragma: no cover - a bug in this package
        raise RuntimeError(f"CP-SAT rejected the model: {model.validate()}")
    status = _STATUS[code]
    response = solver.response_proto
    has = status in (SolveStatus.OPTIMAL, SolveStatus.FEASIBLE)
    objective = bound = None
    if model.has_objective():
        if has:
            objective = float(response.objective_value)
            bound = float(response.best_objective_bound)
        elif status is SolveStatus.UNKNOWN:
            bound = float(response.best_objective_bound)
    core: tuple[int, ...] = ()
    if status is SolveStatus.INFEASIBLE and model.proto.assumptions:
        core = tuple(int(v) for v in response.sufficient_assumptions_for_infeasibility)
    solution = np.asarray(response.solution, dtype=np.int64) if has else None
    return Outcome(status, solution, objective, bound, wall, core)


def optimise(
    model: cp_model.CpModel,
    *,
    time_limit: float,
    random_seed: int,
    workers: int | None = None,
    presolve: bool = False,
) -> Outcome:
    """Maximise the model's objective (maximisation only).

    ``workers=None``: one worker (deterministic; fastest on these models, measured) for a
    third of the time; if that has not proven the optimum, ``OPT_WORKERS`` workers for the
    rest, hinted with the best solution so far."""
    if workers is not None:
        return solve(
            model,
            time_limit=time_limit,
            random_seed=random_seed,
            workers=workers,
            presolve=presolve,
        )
    first = solve(
        model, time_limit=time_limit / 3, random_seed=random_seed, workers=1, presolve=presolve
    )
    if first.status in (SolveStatus.OPTIMAL, SolveStatus.INFEASIBLE):
        return first
    rest = time_limit - first.wall_time
    if rest <= 0.01:
        return first
    if first.solution is not None:
        set_hint(model, first.solution)
    second = solve(
        model, time_limit=rest, random_seed=random_seed, workers=OPT_WORKERS, presolve=presolve
    )
    wall = first.wall_time + second.wall_time
    bounds = [b for b in (first.bound, second.bound) if b is not None]
    bound = min(bounds) if bounds else None
    if second.status is SolveStatus.INFEASIBLE:
        return Outcome(second.status, None, None, None, wall)
    best = second
    if first.objective is not None and (best.objective is None or first.objective > best.objective):
        best = first
    status = best.status
    if best.objective is not None and bound is not None and best.objective >= bound:
        status = SolveStatus.OPTIMAL
    elif status is SolveStatus.OPTIMAL:
        status = SolveStatus.FEASIBLE  # the first stage's solution is better, unproven
    return Outcome(status, best.solution, best.objective, bound, wall)


def find_staged(model: cp_model.CpModel, *, time_limit: float, random_seed: int) -> Outcome:
    """Feasibility (stop at the first solution): one worker — deterministic — for a third of
    the time (at least a second), then ``OPT_WORKERS`` workers for what is left."""
    first_limit = min(time_limit, max(1.0, time_limit / 3))
    first = solve(
        model, time_limit=first_limit, random_seed=random_seed, workers=1, stop_at_first=True
    )
    rest = time_limit - first.wall_time
    if first.status is not SolveStatus.UNKNOWN or rest <= 0.01:
        return first
    second = solve(
        model, time_limit=rest, random_seed=random_seed, workers=OPT_WORKERS, stop_at_first=True
    )
    return Outcome(second.status, second.solution, None, None, first.wall_time + second.wall_time)


def relative_gap(value: float | None, bound: float | None) -> float | None:
    """(bound − value) / |value| (0 when equal; inf when value is 0 and the bound is not)."""
    if value is None or bound is None:
        return None
    diff = max(0.0, bound - value)
    if diff <= 1e-9 * max(1.0, abs(bound)):
        return 0.0
    return diff / abs(value) if value else math.inf
