"""Greedy baseline: the benchmark's point of comparison and the solvers' starting hint."""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np

from accord.core.consensus._additions import accept_after_adding
from accord.core.consensus._arrays import Bools, Compiled, compile_problem
from accord.core.consensus._model import forced_values
from accord.core.consensus.problem import PackageProblem


@dataclass(frozen=True)
class GreedyResult:
    """``accepted_by`` in problem order; ``acceptance`` their total weight; ``all_accept``
    when every member accepts (then ``package`` is a consensus package, not necessarily the
    best one)."""

    package: tuple[str, ...]
    value: float
    accepted_by: tuple[str, ...]
    acceptance: float
    all_accept: bool
    wall_time: float


def greedy_package(problem: PackageProblem) -> GreedyResult:
    """The better, by (accepting members' weight, then value), of two simple greedy runs:

    1. *By weight*: start from the items red lines force in; take items in decreasing weight
       (weight > 0), adding one when it clashes with no option group, is nobody's red line,
       pushes nobody over its tolerance and has every conditional it triggers already met.
       Then repair balance: while a member with a balance rule objects to more package items
       than it supports, drop the lightest item it objects to (and whatever needed it).
    2. *Steepest ascent*: from the empty package, repeatedly add the single item that most
       improves (acceptance, value) until none does.

    No look-ahead beyond that. O(items × members × items) numpy work at most."""
    t0 = time.perf_counter()
    c = compile_problem(problem)
    best = None
    for x in (_by_weight(c), _steepest(c)):
        accepting = ~c.rejecting(x)
        key = (float(c.member_weights[accepting].sum()), float(c.weights[x].sum()))
        if best is None or key > best[0]:
            best = (key, x, accepting)
    assert best is not None
    (acceptance, value), x, accepting = best
    return GreedyResult(
        package=c.names(x),
        value=value,
        accepted_by=tuple(c.member_ids[m] for m in np.flatnonzero(accepting)),
        acceptance=acceptance,
        all_accept=bool(accepting.all()),
        wall_time=time.perf_counter() - t0,
    )


def _by_weight(c: Compiled) -> Bools:
    one, zero = forced_values(c)
    x = one & ~zero
    fixed = x.copy()
    tol_cnt = c.obj_tol_i @ x.astype(np.int64)
    excluded: Bools = np.asarray(c.excl.any(axis=0), dtype=np.bool_)
    for r in np.argsort(-c.weights, kind="stable").tolist():
        if x[r] or c.weights[r] <= 0 or excluded[r]:
            continue
        if c.groups.shape[0] and (c.groups[:, r] & (c.groups & x).any(axis=1)).any():
            continue
        if (tol_cnt + c.obj_tol_i[:, r] > c.tol).any():
            continue
        if (~x[c.req_b[c.req_a == r]]).any():
            continue
        x[r] = True
        tol_cnt += c.obj_tol_i[:, r]
    while True:
        xi = x.astype(np.int64)
        unbalanced = c.bal & (c.sup_i @ xi < c.obj_i @ xi)
        cand = np.flatnonzero(x & ~fixed & c.obj[unbalanced].any(axis=0))
        if not cand.size:
            return x
        x[cand[np.argmin(c.weights[cand])]] = False
        while True:  # drop items whose conditionals lost their partner
            broken = x[c.req_a] & ~x[c.req_b] & ~fixed[c.req_a]
            if not broken.any():
                break
            x[c.req_a[broken]] = False


def _steepest(c: Compiled) -> Bools:
    x = np.zeros(c.n_items, dtype=np.bool_)
    eps = 1e-9 * max(1.0, float(c.member_weights.sum()))
    while True:
        acc = c.member_weights @ accept_after_adding(c, x)
        current = float(c.member_weights[~c.rejecting(x)].sum())
        allowed = ~x
        if c.groups.shape[0]:
            allowed &= ~c.groups[(c.groups & x).any(axis=1)].any(axis=0)
        better = allowed & ((acc > current + eps) | ((acc >= current - eps) & (c.weights > 0)))
        if not better.any():
            return x
        cand = np.flatnonzero(better)
        cand = cand[acc[cand] >= acc[cand].max() - eps]
        x[cand[np.argmax(c.weights[cand])]] = True
