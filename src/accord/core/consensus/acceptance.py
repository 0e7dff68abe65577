"""When no package satisfies everyone: the package the most members accept (two stages)."""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
from ortools.sat.python import cp_model

from accord.core.consensus._arrays import compile_problem
from accord.core.consensus._model import (
    OPT_WORKERS,
    SolveStatus,
    base_model,
    integer_scale,
    relative_gap,
    scaled,
    set_hint,
    solve,
)
from accord.core.consensus.evaluate import Rejection, check_vector
from accord.core.consensus.greedy import greedy_package
from accord.core.consensus.problem import PackageProblem


@dataclass(frozen=True)
class AcceptanceResult:
    """The package accepted by the largest total member weight, then of best value.

    Stage 1 maximises acceptance: ``status`` (OPTIMAL = proven), ``acceptance`` (weight of
    ``accepted_by``), ``acceptance_bound`` (proven: no package is accepted by more),
    ``acceptance_gap``. Stage 2 keeps at least that acceptance and maximises value:
    ``value_status``, ``value``, ``value_bound`` (proven among packages with at least that
    acceptance), ``value_gap``. ``rejected_by`` lists the others with the conditions the
    package breaks. ``all_accept``: every member accepts (a consensus package exists).
    """

    status: SolveStatus
    package: tuple[str, ...]
    accepted_by: tuple[str, ...]
    rejected_by: tuple[Rejection, ...]
    acceptance: float
    acceptance_bound: float
    acceptance_gap: float | None
    value_status: SolveStatus
    value: float
    value_bound: float
    value_gap: float | None
    wall_time: float

    @property
    def all_accept(self) -> bool:
        return not self.rejected_by

    @property
    def message(self) -> str:
        n, total = len(self.accepted_by), len(self.accepted_by) + len(self.rejected_by)
        proof = (
            "no package is accepted by more"
            if self.status is SolveStatus.OPTIMAL
            else f"proven bound {self.acceptance_bound:g}"
        )
        return f"{n} of {total} members accept this package ({proof})."


def max_acceptance_package(
    problem: PackageProblem,
    *,
    time_limit: float = 5.0,
    random_seed: int = 0,
    hint: Iterable[str] | None = None,
    workers: int = OPT_WORKERS,
) -> AcceptanceResult:
    """Lexicographic (acceptance, value) as TWO solves, never one big-M objective: stage 1
    maximises Σ weight·accepts (soft model: a member's literal enforces its conditions),
    hinted with ``hint`` or the greedy package; stage 2 fixes acceptance ≥ stage 1's best
    and maximises value, hinted with stage 1's answer. Stage 1 gets up to 70% of
    ``time_limit`` (the whole call's budget), stage 2 the rest. Works — and says so through
    ``all_accept`` — when a consensus package exists too."""
    t0 = time.perf_counter()
    c = compile_problem(problem)
    x0 = c.vector(greedy_package(problem).package) if hint is None else c.vector(hint)
    a0 = ~c.rejecting(x0)
    model, x, a = base_model(problem, soft=True).clone()
    mscale = integer_scale(c.member_weights)
    mw = scaled(c.member_weights, mscale)
    accept = cp_model.LinearExpr.weighted_sum(a, mw)
    model.maximize(accept)
    set_hint(model, np.concatenate([x0, a0]).astype(np.int64))
    first = solve(
        model,
        time_limit=0.7 * time_limit,
        random_seed=random_seed,
        workers=workers,
    )
    # (the hint is always a solution of the soft model, so stage 1 finds one)
    x1 = first.values(0, c.n_items) if first.has_solution else x0
    a1 = ~c.rejecting(x1)
    reached = int(np.dot(mw, a1))
    bound1 = first.bound if first.bound is not None else float(sum(mw))
    status1 = first.status
    if reached >= bound1:
        status1 = SolveStatus.OPTIMAL
    model.add_linear_constraint(accept, reached, int(sum(mw)))
    vscale = integer_scale(c.weights)
    model.maximize(cp_model.LinearExpr.weighted_sum(x, scaled(c.weights, vscale)))
    set_hint(model, np.concatenate([x1, a1]).astype(np.int64))
    left = max(0.05, time_limit - (time.perf_counter() - t0))
    second = solve(model, time_limit=left, random_seed=random_seed, workers=workers)
    x2 = x1
    value_status = SolveStatus.FEASIBLE
    value_bound = float(c.weights[x1].sum())
    if second.has_solution:
        cand = second.values(0, c.n_items)
        if int(np.dot(mw, ~c.rejecting(cand))) >= reached:
            x2 = cand
        value_status = second.status
        if second.bound is not None:
            value_bound = second.bound / vscale
    elif second.bound is not None:
        value_bound = second.bound / vscale
    check = check_vector(problem, c, x2)
    value = check.value
    if value_status is SolveStatus.OPTIMAL:
        value_bound = value
    value_bound = max(value_bound, value)
    acceptance_bound = max(bound1 / mscale, check.acceptance)
    return AcceptanceResult(
        status=status1,
        package=check.package,
        accepted_by=check.accepted_by,
        rejected_by=check.rejected_by,
        acceptance=check.acceptance,
        acceptance_bound=acceptance_bound,
        acceptance_gap=relative_gap(check.acceptance, acceptance_bound),
        value_status=value_status,
        value=value,
        value_bound=value_bound,
        value_gap=relative_gap(value, value_bound),
        wall_time=time.perf_counter() - t0,
    )
