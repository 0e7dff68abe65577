"""One call for the negotiation screen: the package to show, its gap and who blocks the rest."""

from __future__ import annotations

import time
from dataclasses import dataclass

from accord.core.consensus._model import SolveStatus
from accord.core.consensus.acceptance import AcceptanceResult, max_acceptance_package
from accord.core.consensus.explain import DirectBlockers, direct_blockers
from accord.core.consensus.greedy import greedy_package
from accord.core.consensus.package import PackageResult, consensus_package
from accord.core.consensus.problem import PackageProblem


@dataclass(frozen=True)
class PackageAnalysis:
    """``consensus``: the all-accept answer. When it is INFEASIBLE (or nothing was found),
    ``acceptance`` holds the maximum-acceptance package and ``package`` is that one;
    otherwise ``acceptance`` is None and ``package`` is the consensus package.
    ``all_accept``: every member accepts ``package``. ``status``/``bound``/``gap`` describe
    the shown package's objective: the value for a consensus package, the accepting members'
    weight for a maximum-acceptance one (``value`` is always the package value).
    ``blockers``: direct blockers of every item left out of ``package``."""

    consensus: PackageResult
    acceptance: AcceptanceResult | None
    package: tuple[str, ...]
    all_accept: bool
    value: float | None
    status: SolveStatus
    bound: float | None
    gap: float | None
    blockers: DirectBlockers
    wall_time: float

    @property
    def message(self) -> str:
        if self.acceptance is None:
            return self.consensus.message
        return f"{self.consensus.message} {self.acceptance.message}"


def analyse(
    problem: PackageProblem,
    *,
    time_limit: float = 10.0,
    fallback_time_limit: float = 5.0,
    random_seed: int = 0,
) -> PackageAnalysis:
    """Consensus package (``time_limit``), else the maximum-acceptance package
    (``fallback_time_limit``), plus direct blockers of every left-out item."""
    t0 = time.perf_counter()
    consensus = consensus_package(
        problem,
        time_limit=time_limit,
        random_seed=random_seed,
        hint=_greedy_hint(problem),
    )
    acceptance: AcceptanceResult | None = None
    if consensus.found:
        package = consensus.package
        status, value, bound, gap = (
            consensus.status,
            consensus.value,
            consensus.bound,
            consensus.gap,
        )
        all_accept = True
    else:
        acceptance = max_acceptance_package(
            problem, time_limit=fallback_time_limit, random_seed=random_seed
        )
        package = acceptance.package
        status, value = acceptance.status, acceptance.value
        bound, gap = acceptance.acceptance_bound, acceptance.acceptance_gap
        all_accept = acceptance.all_accept
    blockers = direct_blockers(problem, package)
    return PackageAnalysis(
        consensus=consensus,
        acceptance=acceptance,
        package=package,
        all_accept=all_accept,
        value=value,
        status=status,
        bound=bound,
        gap=gap,
        blockers=blockers,
        wall_time=time.perf_counter() - t0,
    )


def _greedy_hint(problem: PackageProblem) -> tuple[str, ...] | None:
    g = greedy_package(problem)
    return g.package if g.all_accept else None
