"""Who accepts a given package, and why the others do not (no solver)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from accord.core.consensus._arrays import Bools, Compiled, compile_problem
from accord.core.consensus.problem import ConditionKind, PackageProblem


@dataclass(frozen=True, slots=True)
class Violation:
    """One broken condition of one member.

    ``items`` — for a package check: OBJECTION the objected (non-red-line) items in the
    package; MUST_EXCLUDE / MUST_INCLUDE ``(item,)``; REQUIRES ``(a, b)``; AT_LEAST_ONE_OF the
    set; BALANCE ``()``. For a direct blocker (adding one item r): OBJECTION, MUST_EXCLUDE and
    BALANCE ``(r,)``, REQUIRES ``(r, b)``. ``message`` is a sentence fit to show a user.
    """

    member: str
    kind: ConditionKind
    items: tuple[str, ...]
    message: str


@dataclass(frozen=True, slots=True)
class Rejection:
    """A member that does not accept a package, with every condition the package breaks."""

    member: str
    violations: tuple[Violation, ...]


@dataclass(frozen=True)
class PackageCheck:
    """``valid``: at most one item per option group (``option_clashes`` lists the groups'
    items present when not); ``accepted_by`` / ``rejected_by`` in problem order;
    ``acceptance`` is the accepting members' total weight; ``value`` Σ item weights."""

    package: tuple[str, ...]
    valid: bool
    option_clashes: tuple[tuple[str, ...], ...]
    accepted_by: tuple[str, ...]
    rejected_by: tuple[Rejection, ...]
    acceptance: float
    value: float

    @property
    def all_accept(self) -> bool:
        return self.valid and not self.rejected_by


def check_package(problem: PackageProblem, package: Iterable[str]) -> PackageCheck:
    """Evaluate ``package`` (unknown item ids raise ProblemError)."""
    c = compile_problem(problem)
    x = c.vector(package)
    return check_vector(problem, c, x)


def check_vector(problem: PackageProblem, c: Compiled, x: Bools) -> PackageCheck:
    bad = c.rejecting(x)
    clashes = tuple(c.names(g & x) for g in c.groups if int((g & x).sum()) > 1)
    rejected = tuple(
        Rejection(c.member_ids[m], member_violations(problem, c, m, x))
        for m in np.flatnonzero(bad).tolist()
    )
    return PackageCheck(
        package=c.names(x),
        valid=not clashes,
        option_clashes=clashes,
        accepted_by=tuple(c.member_ids[m] for m in np.flatnonzero(~bad)),
        rejected_by=rejected,
        acceptance=float(c.member_weights[~bad].sum()),
        value=float(c.weights[x].sum()),
    )


def member_violations(
    problem: PackageProblem, c: Compiled, m: int, x: Bools
) -> tuple[Violation, ...]:
    """Every condition of member index ``m`` that package vector ``x`` breaks."""
    rules = problem.members[m]
    name = rules.member
    names = c.items
    out: list[Violation] = []
    for k in np.flatnonzero(c.excl[m] & x):
        msg = f"{name}: {names[k]} is in the package, but it is a red line (must never be in)"
        out.append(Violation(name, ConditionKind.MUST_EXCLUDE, (names[k],), msg))
    for k in np.flatnonzero(c.incl[m] & ~x):
        msg = f"{name}: {names[k]} must be in the package (red line), and it is not"
        out.append(Violation(name, ConditionKind.MUST_INCLUDE, (names[k],), msg))
    counted = np.flatnonzero(c.obj_tol[m] & x)
    if counted.size > rules.tolerance:
        listed = tuple(names[k] for k in counted)
        msg = (
            f"{name} objects to {counted.size} items in the package ({', '.join(listed)}) "
            f"and tolerates {rules.tolerance}"
        )
        out.append(Violation(name, ConditionKind.OBJECTION, listed, msg))
    for a, b in rules.requires:
        if x[c.index[a]] and not x[c.index[b]]:
            msg = f"{name} accepts {a} only if {b} is in, and {b} is not"
            out.append(Violation(name, ConditionKind.REQUIRES, (a, b), msg))
    for row in np.flatnonzero(c.alo_m == m):
        if not (c.alo[row] & x).any():
            listed = tuple(names[k] for k in np.flatnonzero(c.alo[row]))
            msg = f"{name} needs at least one of {', '.join(listed)}, and none is in"
            out.append(Violation(name, ConditionKind.AT_LEAST_ONE_OF, listed, msg))
    if rules.balance:
        n_sup, n_obj = int((c.sup[m] & x).sum()), int((c.obj[m] & x).sum())
        if n_sup < n_obj:
            msg = (
                f"{name} supports {n_sup} and objects to {n_obj} items in the package; "
                "it needs at least as many supported as objected items"
            )
            out.append(Violation(name, ConditionKind.BALANCE, (), msg))
    return tuple(out)
