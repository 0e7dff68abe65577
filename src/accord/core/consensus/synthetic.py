"""Seeded synthetic package-deal instances (tests and benchmarks), as perf-anchors §1.

Members belong to ``n_blocs`` blocs (6); each bloc has an appeal per recommendation, N(0, 1).
A member's score for an item is its bloc's appeal plus its own N(0, 0.8) noise: above
``support_above`` it supports the item, below ``object_below`` it objects, in between it can
live with it. Each member then has

* Poisson(λ) red lines (``must_exclude``) among its objections: λ = 0.15 in the
  consensus-feasible variant, 1.0 in the conflicted one;
* Poisson(1) (feasible) or Poisson(2) (conflicted) conditionals "accepts a only if b is in",
  a an item it does not support, b one it supports;
* in the conflicted variant, with probability 1/2, a must-have: at least one of 3 items it
  supports;
* a tolerance of 3–11 swallowed objections, and the balance rule (supported items included ≥
  objected items included).

About ``option_share`` of the items (10%) form disjoint option groups of 2–3 alternatives.
"""

from __future__ import annotations

import numpy as np

from accord.core.consensus.problem import MemberRules, PackageProblem, Stance


def synthetic_problem(
    n_items: int = 200,
    n_members: int = 190,
    *,
    conflicted: bool = False,
    seed: int = 0,
    n_blocs: int = 6,
    option_share: float = 0.1,
    support_above: float = 0.6,
    object_below: float = -0.9,
) -> PackageProblem:
    """A seeded instance: items ``R1``…, members ``M001``…, both in order."""
    rng = np.random.default_rng(seed)
    items = tuple(f"R{k + 1}" for k in range(n_items))
    appeal = rng.normal(0.0, 1.0, size=(n_blocs, n_items))
    bloc = rng.integers(0, n_blocs, size=n_members)
    score = appeal[bloc] + rng.normal(0.0, 0.8, size=(n_members, n_items))
    red_lambda = 1.0 if conflicted else 0.15
    cond_lambda = 2.0 if conflicted else 1.0
    width = len(str(n_members))
    members: list[MemberRules] = []
    for m in range(n_members):
        sup = np.flatnonzero(score[m] > support_above)
        obj = np.flatnonzero(score[m] < object_below)
        stances = {items[k]: Stance.SUPPORT for k in sup}
        stances.update({items[k]: Stance.OBJECT for k in obj})
        n_red = min(int(rng.poisson(red_lambda)), obj.size)
        red = rng.choice(obj, size=n_red, replace=False) if n_red else obj[:0]
        not_supported = np.setdiff1d(np.arange(n_items), np.concatenate([sup, red]))
        requires: list[tuple[str, str]] = []
        if sup.size and not_supported.size:
            for _ in range(int(rng.poisson(cond_lambda))):
                a = int(rng.choice(not_supported))
                b = int(rng.choice(sup))
                requires.append((items[a], items[b]))
        must: tuple[frozenset[str], ...] = ()
        if conflicted and sup.size and rng.random() < 0.5:
            pick = rng.choice(sup, size=min(3, sup.size), replace=False)
            must = (frozenset(items[k] for k in pick),)
        members.append(
            MemberRules(
                member=f"M{m + 1:0{width}d}",
                stances=stances,
                requires=tuple(dict.fromkeys(requires)),
                must_exclude=frozenset(items[k] for k in red),
                at_least_one_of=must,
                tolerance=int(rng.integers(3, 12)),
                balance=True,
            )
        )
    groups: list[frozenset[str]] = []
    order = rng.permutation(n_items)
    pos, budget = 0, round(option_share * n_items)
    while budget >= 2 and pos + 2 <= n_items:
        size = min(int(rng.integers(2, 4)), budget, n_items - pos)
        groups.append(frozenset(items[k] for k in order[pos : pos + size]))
        pos += size
        budget -= size
    return PackageProblem(items, tuple(members), option_groups=tuple(groups))
