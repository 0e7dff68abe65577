"""The best package every member accepts, and a few near-best alternatives (CP-SAT)."""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
from ortools.sat.python import cp_model

from accord.core.consensus._arrays import Bools, Compiled, compile_problem
from accord.core.consensus._core import member_core
from accord.core.consensus._model import (
    SolveStatus,
    base_model,
    integer_scale,
    optimise,
    relative_gap,
    scaled,
    set_hint,
)
from accord.core.consensus.problem import PackageProblem, ProblemError


@dataclass(frozen=True)
class PackageResult:
    """A best all-accept package.

    ``status``: OPTIMAL (proven best), FEASIBLE (best found in the time limit), INFEASIBLE
    (proven: no package is acceptable to every member), UNKNOWN (time ran out first).
    ``package`` in problem order (``()`` when none was found — also the optimum when only the
    empty package is acceptable: then ``found`` is True and ``value`` 0). ``value`` = Σ item
    weights; ``bound`` a proven upper bound on any all-accept package's value; ``gap`` =
    (bound − value) / |value|. When INFEASIBLE, ``blocking_members`` is a set of members whose
    conditions alone already rule out every package (not necessarily the smallest).
    """

    status: SolveStatus
    package: tuple[str, ...]
    value: float | None
    bound: float | None
    gap: float | None
    wall_time: float
    blocking_members: tuple[str, ...] = ()

    @property
    def found(self) -> bool:
        return self.status in (SolveStatus.OPTIMAL, SolveStatus.FEASIBLE)

    @property
    def message(self) -> str:
        if self.status is SolveStatus.INFEASIBLE:
            who = f" ({', '.join(self.blocking_members)} together rule it out)" * bool(
                self.blocking_members
            )
            return f"No package is acceptable to every member{who}."
        if self.status is SolveStatus.UNKNOWN:
            return "No all-accept package was found within the time limit (none proven absent)."
        if not self.package:
            return "Only the empty package is acceptable to every member."
        proven = "best possible" if self.status is SolveStatus.OPTIMAL else "best found"
        return f"{len(self.package)} items every member accepts ({proven})."


def value_model(
    problem: PackageProblem, c: Compiled
) -> tuple[cp_model.CpModel, list[cp_model.IntVar], int]:
    """A clone of the hard model maximising the scaled package value; returns the scale."""
    model, x, _ = base_model(problem, soft=False).clone()
    scale = integer_scale(c.weights)
    model.maximize(cp_model.LinearExpr.weighted_sum(x, scaled(c.weights, scale)))
    return model, x, scale


def result_from(
    c: Compiled,
    out_status: SolveStatus,
    x: Bools | None,
    bound: float | None,
    scale: int,
    wall: float,
) -> PackageResult:
    if x is None:
        return PackageResult(out_status, (), None, None, None, wall)
    value = float(c.weights[x].sum())
    b = value if out_status is SolveStatus.OPTIMAL or bound is None else max(value, bound / scale)
    return PackageResult(out_status, c.names(x), value, b, relative_gap(value, b), wall)


def consensus_package(
    problem: PackageProblem,
    *,
    time_limit: float = 10.0,
    random_seed: int = 0,
    hint: Iterable[str] | None = None,
    workers: int | None = None,
) -> PackageResult:
    """The best-weighted package every member accepts (see PackageResult).

    ``hint``: a package to start from. ``workers=None`` runs one CP-SAT worker (deterministic)
    for a third of ``time_limit`` and, if the optimum is not proven by then, 8 workers for
    the rest. Never raises for conflicting members: the answer is INFEASIBLE."""
    t0 = time.perf_counter()
    c = compile_problem(problem)
    model, _x, scale = value_model(problem, c)
    if hint is not None:
        set_hint(model, c.vector(hint))
    out = optimise(model, time_limit=time_limit, random_seed=random_seed, workers=workers)
    if out.status is SolveStatus.INFEASIBLE:
        rest = max(0.05, time_limit - (time.perf_counter() - t0))
        core = blocking_core(problem, c, time_limit=rest, random_seed=random_seed)
        return PackageResult(
            SolveStatus.INFEASIBLE, (), None, None, None, time.perf_counter() - t0, core
        )
    sol = out.values(0, c.n_items) if out.has_solution else None
    return result_from(c, out.status, sol, out.bound, scale, time.perf_counter() - t0)


def blocking_core(
    problem: PackageProblem, c: Compiled, *, time_limit: float, random_seed: int
) -> tuple[str, ...]:
    """Members whose conditions together leave no package (one-worker assumption core,
    shrunk for up to a quarter of a second)."""
    out = member_core(
        problem, item=None, time_limit=time_limit, random_seed=random_seed, minimise_for=0.25
    )
    return tuple(c.member_ids[m] for m in out.members)


@dataclass(frozen=True)
class RankedPackage:
    """One of the near-best packages; ``bound`` bounds packages that differ enough from the
    earlier ones, so ``gap`` says how far this one may be from the best such package."""

    status: SolveStatus
    package: tuple[str, ...]
    value: float
    bound: float
    gap: float | None
    wall_time: float


@dataclass(frozen=True)
class NearBestResult:
    """``packages``: best first, each differing from every earlier one by ≥ ``min_difference``
    items (added or removed). ``exhausted``: proven that no further such package exists.
    ``status`` of the first (optimal) solve; INFEASIBLE means no all-accept package at all."""

    status: SolveStatus
    packages: tuple[RankedPackage, ...]
    exhausted: bool
    wall_time: float


def near_best_packages(
    problem: PackageProblem,
    *,
    count: int = 3,
    min_difference: int = 1,
    time_limit: float = 10.0,
    random_seed: int = 0,
) -> NearBestResult:
    """Up to ``count`` distinct all-accept packages, best first: each is the best package
    differing from all earlier ones by at least ``min_difference`` items. ``time_limit`` is
    the whole call's budget, shared out between the solves."""
    if count < 1 or min_difference < 1:
        raise ProblemError("count and min_difference must be at least 1")
    t0 = time.perf_counter()
    c = compile_problem(problem)
    model, x, scale = value_model(problem, c)
    found: list[RankedPackage] = []
    first_status = SolveStatus.UNKNOWN
    exhausted = False
    for k in range(count):
        left = time_limit - (time.perf_counter() - t0)
        if left <= 0.01:
            break
        out = optimise(model, time_limit=left / (count - k), random_seed=random_seed)
        if k == 0:
            first_status = out.status
        if out.status is SolveStatus.INFEASIBLE:
            exhausted = True
            break
        if not out.has_solution:
            break
        sol = out.values(0, c.n_items)
        r = result_from(c, out.status, sol, out.bound, scale, out.wall_time)
        assert r.value is not None and r.bound is not None
        found.append(RankedPackage(r.status, r.package, r.value, r.bound, r.gap, r.wall_time))
        inside = [x[i] for i in np.flatnonzero(sol)]
        outside = [x[i] for i in np.flatnonzero(~sol)]
        model.add_linear_constraint(
            cp_model.LinearExpr.sum(outside) - cp_model.LinearExpr.sum(inside),
            min_difference - len(inside),
            c.n_items,
        )
        set_hint(model, sol)
    return NearBestResult(first_status, tuple(found), exhausted, time.perf_counter() - t0)
