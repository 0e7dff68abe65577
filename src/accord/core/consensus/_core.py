"""Assumption cores over members: which members' conditions together rule something out."""

from __future__ import annotations

import time
from dataclasses import dataclass

from accord.core.consensus._arrays import Ints
from accord.core.consensus._model import SolveStatus, base_model, solve
from accord.core.consensus.problem import PackageProblem


@dataclass(frozen=True, eq=False)
class CoreOutcome:
    """``status`` of the first solve. When INFEASIBLE: ``members`` (indices, sorted) whose
    conditions alone rule it out, ``uses_item`` whether the forced item is part of the
    reason, ``minimal`` whether dropping any one member was checked to make it feasible
    (an irreducible core). Otherwise ``solution`` (every proto variable) when one was found."""

    status: SolveStatus
    members: tuple[int, ...] = ()
    uses_item: bool = False
    minimal: bool = False
    solution: Ints | None = None


def member_core(
    problem: PackageProblem,
    *,
    item: int | None,
    time_limit: float,
    random_seed: int,
    minimise_for: float,
) -> CoreOutcome:
    """Solve the soft model with every member's literal (and x_item) as assumptions, one
    worker (CP-SAT only minimises cores then). If infeasible, shrink the core: re-solve on the
    core until it stops shrinking, then drop members one at a time while it stays infeasible
    (each check is a small solve), for at most ``minimise_for`` seconds."""
    base = base_model(problem, soft=True)
    n = base.n_items
    t0 = time.perf_counter()

    def run(members: tuple[int, ...], limit: float) -> tuple[SolveStatus, set[int], Ints | None]:
        model, x, a = base.clone()
        model.add_assumptions(([x[item]] if item is not None else []) + [a[m] for m in members])
        out = solve(model, time_limit=limit, random_seed=random_seed, workers=1)
        return out.status, set(out.core), out.solution

    status, core, solution = run(tuple(range(base.n_members)), time_limit)
    if status is not SolveStatus.INFEASIBLE:
        return CoreOutcome(status, solution=solution)

    def members_of(lits: set[int]) -> tuple[int, ...]:
        return tuple(sorted(k - n for k in lits if k >= n))

    current = members_of(core)
    uses_item = item is not None and item in core
    deadline = t0 + time_limit
    stop = time.perf_counter() + minimise_for

    def left() -> float:
        return min(deadline, stop) - time.perf_counter()

    while left() > 0.005:  # re-solve on the core while it shrinks
        st, lits, _ = run(current, left())
        if st is not SolveStatus.INFEASIBLE:
            break
        smaller = members_of(lits)
        if len(smaller) >= len(current):
            break
        current, uses_item = smaller, item is not None and item in lits
    necessary: set[int] = set()
    minimal = False
    while left() > 0.005:  # deletion: drop each member that is not needed
        candidates = [m for m in current if m not in necessary]
        if not candidates:
            minimal = True
            break
        m = candidates[0]
        trial = tuple(k for k in current if k != m)
        st, lits, _ = run(trial, left())
        if st is SolveStatus.INFEASIBLE:
            current = tuple(k for k in members_of(lits) if k in trial) or trial
            uses_item = item is not None and item in lits
        elif st is SolveStatus.UNKNOWN:
            break
        else:
            necessary.add(m)
    return CoreOutcome(SolveStatus.INFEASIBLE, current, uses_item, minimal)
