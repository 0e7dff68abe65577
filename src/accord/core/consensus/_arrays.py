"""Dense numpy form of a problem (members × items masks), built once and cached."""

from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import dataclass
from typing import cast

import numpy as np
from numpy.typing import NDArray

from accord.core.consensus.problem import PackageProblem, ProblemError, Stance

Bools = NDArray[np.bool_]
Ints = NDArray[np.int64]
Floats = NDArray[np.float64]

_LOCK = threading.Lock()


@dataclass(frozen=True, eq=False)
class Compiled:
    """``obj``/``sup``/``excl``/``incl`` are (M, N) masks; ``obj_tol`` = objected and not a red
    line (what the tolerance counts); ``req_*`` one entry per conditional (member, a, b);
    ``alo`` (L, N) one row per must-have set of member ``alo_m``; ``groups`` (G, N)."""

    items: tuple[str, ...]
    index: dict[str, int]
    member_ids: tuple[str, ...]
    obj: Bools
    sup: Bools
    excl: Bools
    incl: Bools
    obj_tol: Bools
    obj_i: Ints
    sup_i: Ints
    obj_tol_i: Ints
    tol: Ints
    bal: Bools
    req_m: Ints
    req_a: Ints
    req_b: Ints
    alo: Bools
    alo_m: Ints
    groups: Bools
    weights: Floats
    member_weights: Floats

    @property
    def n_items(self) -> int:
        return len(self.items)

    @property
    def n_members(self) -> int:
        return len(self.member_ids)

    def indices(self, package: Iterable[str]) -> Ints:
        if isinstance(package, str):
            raise ProblemError("A package is a collection of item ids, not one string")
        out: list[int] = []
        unknown: list[str] = []
        for item in package:
            k = self.index.get(item)
            if k is None:
                unknown.append(str(item))
            else:
                out.append(k)
        if unknown:
            raise ProblemError(f"Package: unknown items {', '.join(sorted(unknown))}")
        return np.unique(np.asarray(out, dtype=np.int64))

    def vector(self, package: Iterable[str]) -> Bools:
        x = np.zeros(self.n_items, dtype=np.bool_)
        x[self.indices(package)] = True
        return x

    def names(self, x: Bools) -> tuple[str, ...]:
        return tuple(self.items[k] for k in np.flatnonzero(x))

    def rejecting(self, x: Bools) -> Bools:
        """(M,) True where a member does not accept package vector ``x``."""
        xi = x.astype(np.int64)
        bad = (self.excl & x).any(axis=1) | (self.incl & ~x).any(axis=1)
        bad |= self.obj_tol_i @ xi > self.tol
        bad |= self.bal & (self.sup_i @ xi < self.obj_i @ xi)
        broken = x[self.req_a] & ~x[self.req_b]
        if broken.any():
            bad[self.req_m[broken]] = True
        if self.alo.shape[0]:
            unmet = ~(self.alo & x).any(axis=1)
            bad[self.alo_m[unmet]] = True
        return bad

    def valid(self, x: Bools) -> bool:
        """At most one item of each option group."""
        return not self.groups.shape[0] or bool(((self.groups & x).sum(axis=1) <= 1).all())


def compile_problem(problem: PackageProblem) -> Compiled:
    cached = problem._cache.get("compiled")
    if cached is None:
        with _LOCK:
            cached = problem._cache.get("compiled")
            if cached is None:
                cached = _compile(problem)
                problem._cache["compiled"] = cached
    return cast(Compiled, cached)


def _compile(p: PackageProblem) -> Compiled:
    index = {item: k for k, item in enumerate(p.items)}
    n, m = len(p.items), len(p.members)
    obj = np.zeros((m, n), dtype=np.bool_)
    sup = np.zeros((m, n), dtype=np.bool_)
    excl = np.zeros((m, n), dtype=np.bool_)
    incl = np.zeros((m, n), dtype=np.bool_)
    req_m: list[int] = []
    req_a: list[int] = []
    req_b: list[int] = []
    alo_rows: list[list[int]] = []
    alo_m: list[int] = []
    for i, r in enumerate(p.members):
        for item, stance in r.stances.items():
            if stance is Stance.OBJECT:
                obj[i, index[item]] = True
            elif stance is Stance.SUPPORT:
                sup[i, index[item]] = True
        excl[i, [index[x] for x in r.must_exclude]] = True
        incl[i, [index[x] for x in r.must_include]] = True
        for a, b in r.requires:
            if a != b:
                req_m.append(i)
                req_a.append(index[a])
                req_b.append(index[b])
        for s in r.at_least_one_of:
            alo_rows.append([index[x] for x in s])
            alo_m.append(i)
    alo = np.zeros((len(alo_rows), n), dtype=np.bool_)
    for k, row in enumerate(alo_rows):
        alo[k, row] = True
    groups = np.zeros((len(p.option_groups), n), dtype=np.bool_)
    for k, g in enumerate(p.option_groups):
        groups[k, [index[x] for x in g]] = True
    if p.item_weights is not None:
        weights = np.array([p.item_weights[i] for i in p.items], dtype=np.float64)
    else:
        weights = sup.sum(axis=0) - obj.sum(axis=0) + m / 4.0
    obj_tol = obj & ~excl

    def ints(values: list[int]) -> Ints:
        return np.asarray(values, dtype=np.int64)

    return Compiled(
        items=p.items,
        index=index,
        member_ids=p.member_ids,
        obj=obj,
        sup=sup,
        excl=excl,
        incl=incl,
        obj_tol=obj_tol,
        obj_i=obj.astype(np.int64),
        sup_i=sup.astype(np.int64),
        obj_tol_i=obj_tol.astype(np.int64),
        tol=np.array([r.tolerance for r in p.members], dtype=np.int64),
        bal=np.array([r.balance for r in p.members], dtype=np.bool_),
        req_m=ints(req_m),
        req_a=ints(req_a),
        req_b=ints(req_b),
        alo=alo,
        alo_m=ints(alo_m),
        groups=groups,
        weights=np.asarray(weights, dtype=np.float64),
        member_weights=np.array([r.weight for r in p.members], dtype=np.float64),
    )
