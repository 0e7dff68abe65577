"""Benchmark: the package-deal solver, accord.core.consensus (perf-anchors §4).

Run ``uv run python bench/solver.py`` (``--quick`` for a smaller, sub-minute run).

Seeded synthetic instances (``accord.core.consensus.synthetic``, perf-anchors §1): 6 blocs,
support / can-live-with / object, Poisson red lines, conditionals, option groups, tolerance
3–11 and the balance rule; 200 recommendations × 190 members in two variants (a consensus
package exists; none exists) and, in the full run, 1,000 × 190. The greedy baseline
(``greedy_package``) runs on the same instances in the same process. Targets (2 cores):

* optimal consensus package ≤ 0.5 s (cold: a fresh problem object, so compiling the masks
  and building the CP-SAT model are included; generating the instance is not);
* each why_not ≤ 0.3 s (median over ~20 left-out items), direct blockers of all items
  ≤ 10 ms;
* no consensus: maximum-acceptance package plus a proven bound within 5 s;
* full run only: 1,000 recommendations, proven gap ≤ 1 % within 30 s.

BLAS is pinned to one thread. Prints medians and ends with one JSON line (metric: the
consensus package's median time; ``baseline`` the greedy median; ``ratio`` ours / greedy).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from threadpoolctl import threadpool_limits  # noqa: E402

from accord.core.consensus import (  # noqa: E402
    PackageProblem,
    SolveStatus,
    check_package,
    consensus_package,
    direct_blockers,
    greedy_package,
    max_acceptance_package,
    minimal_withdrawals,
    why_not,
)
from accord.core.consensus.synthetic import synthetic_problem  # noqa: E402

T = TypeVar("T")
TARGET_CONSENSUS_S = 0.5
TARGET_WHY_NOT_S = 0.3
TARGET_BLOCKERS_S = 0.010
TARGET_FALLBACK_S = 5.0
TARGET_LARGE_S = 30.0
TARGET_LARGE_GAP = 0.01


def load() -> str:
    try:
        return "load average " + " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "load average unknown"


def timed(fn: Callable[[], T]) -> tuple[float, T]:
    t0 = time.perf_counter()
    out = fn()
    return time.perf_counter() - t0, out


def fresh(n: int, m: int, conflicted: bool, seed: int) -> PackageProblem:
    """A new problem object (nothing compiled or cached yet)."""
    return synthetic_problem(n, m, conflicted=conflicted, seed=seed)


def ms(x: float) -> str:
    return f"{x * 1e3:.1f} ms"


def consensus_part(seeds: list[int], runs: int, n_why: int) -> dict[str, float | bool]:
    print(f"== 200 x 190, consensus exists (seeds {seeds}, {runs} cold runs each)")
    ours, base, whys, blockers, blockers_cold, materialise = [], [], [], [], [], []
    ok = True
    for seed in seeds:
        times, results = [], []
        for _ in range(runs):
            p = fresh(200, 190, False, seed)
            t, res = timed(lambda p=p: consensus_package(p, random_seed=0))
            times.append(t)
            results.append(res)
        res = results[0]
        same = all(r.package == res.package for r in results)
        gt = []
        for _ in range(runs):
            q = fresh(200, 190, False, seed)
            t, g = timed(lambda q=q: greedy_package(q))
            gt.append(t)
        ours += times
        base += gt
        ok &= res.status is SolveStatus.OPTIMAL
        print(
            f"  seed {seed}: {res.status}, {len(res.package)} items, value {res.value:g}; "
            f"median {ms(statistics.median(times))} (min {ms(min(times))}, max "
            f"{ms(max(times))}); same package every run: {same}"
        )
        print(
            f"          greedy: {len(g.package)} items, value {g.value:g} "
            f"({100 * g.value / res.value:.0f}% of optimal), all accept: {g.all_accept}, "
            f"median {ms(statistics.median(gt))}"
        )
        # Direct blockers on the optimal package: cold (fresh problem: masks compiled) and
        # warm (as after solving, the usual case); building every violation object separately.
        p, pkg = fresh(200, 190, False, seed), res.package
        blockers_cold.append(timed(lambda p=p, pkg=pkg: direct_blockers(p, pkg))[0])
        warm = [timed(lambda p=p, pkg=pkg: direct_blockers(p, pkg))[0] for _ in range(30)]
        blockers.append(statistics.median(warm))
        db = direct_blockers(p, res.package)
        t_all, every = timed(db.all)
        materialise.append(t_all)
        n_blocks = sum(len(i.members) for i in every)
        print(
            f"          direct blockers of all {len(db.left_out)} left-out items: warm median "
            f"{ms(statistics.median(warm))}, cold {ms(blockers_cold[-1])}; building all "
            f"{n_blocks} member blocks with messages {ms(t_all)}"
        )
        left = db.left_out
        step = max(1, len(left) // n_why)
        items = left[::step][:n_why]
        p = fresh(200, 190, False, seed)
        consensus_package(p)  # the screen has solved the package before anyone asks why
        answers = []
        for item in items:
            t, w = timed(lambda p=p, item=item, ref=res: why_not(p, item, reference=ref))
            whys.append(t)
            answers.append(w)
        if seed == seeds[0]:
            blocked = [w.item for w in answers if w.possible is False][:5]
            wt, sizes = [], []
            for item in blocked:
                t, mw = timed(lambda p=p, item=item: minimal_withdrawals(p, item))
                wt.append(t)
                sizes.append(mw.minimum)
            if wt:
                print(
                    f"          minimal_withdrawals (limit 3) on {len(wt)} impossible items: "
                    f"median {statistics.median(wt):.2f} s, max {max(wt):.2f} s; minimum "
                    f"sizes {sizes} (no target; printed for reference)"
                )
        cores = [len(w.core) for w in answers if w.possible is False]
        irreducible = sum(1 for w in answers if w.possible is False and w.core_minimal)
        print(
            f"          why_not on {len(items)} left-out items: median "
            f"{ms(statistics.median(whys[-len(items) :]))}, max {ms(max(whys[-len(items) :]))}; "
            f"{len(cores)} impossible (core sizes median "
            f"{statistics.median(cores) if cores else 0:g}, max {max(cores, default=0)}, "
            f"{irreducible} checked irreducible), "
            f"{len(items) - len(cores)} possible (best package with the item optimised)"
        )
    out: dict[str, float | bool] = {
        "consensus": statistics.median(ours),
        "greedy": statistics.median(base),
        "why_not": statistics.median(whys),
        "blockers": statistics.median(blockers),
        "blockers_cold": statistics.median(blockers_cold),
        "materialise": statistics.median(materialise),
        "optimal": ok,
    }
    print(
        f"  consensus package median {ms(out['consensus'])} (target <= 0.5 s) -> "
        f"{'met' if ok and out['consensus'] <= TARGET_CONSENSUS_S else 'NOT met'}; greedy "
        f"{ms(out['greedy'])}"
    )
    print(
        f"  why_not median {ms(out['why_not'])} over {len(whys)} items (target <= 300 ms) -> "
        f"{'met' if out['why_not'] <= TARGET_WHY_NOT_S else 'NOT met'}"
    )
    print(
        f"  direct blockers, all items, median {ms(out['blockers'])} (target <= 10 ms) -> "
        f"{'met' if out['blockers'] <= TARGET_BLOCKERS_S else 'NOT met'}"
    )
    return out


def conflicted_part(seeds: list[int], limit: float) -> dict[str, float | bool]:
    print(f"== 200 x 190, no consensus package (seeds {seeds}; max-acceptance limit {limit} s)")
    walls, gaps, met = [], [], True
    for seed in seeds:
        p = fresh(200, 190, True, seed)
        t_c, res = timed(lambda p=p: consensus_package(p))
        g = greedy_package(fresh(200, 190, True, seed))
        t_m, ma = timed(lambda p=p: max_acceptance_package(p, time_limit=limit))
        assert check_package(p, ma.package).accepted_by == ma.accepted_by
        walls.append(t_m)
        gaps.append(ma.acceptance_gap or 0.0)
        met &= res.status is SolveStatus.INFEASIBLE and t_m <= TARGET_FALLBACK_S
        print(
            f"  seed {seed}: consensus {res.status} in {ms(t_c)} (blocking core of "
            f"{len(res.blocking_members)} members)"
        )
        print(
            f"          max acceptance: {len(ma.accepted_by)} of 190 accept, proven bound "
            f"{ma.acceptance_bound:g} (gap {100 * (ma.acceptance_gap or 0):.1f}%, "
            f"{ma.status}), value {ma.value:g} (bound {ma.value_bound:g}, {ma.value_status}), "
            f"{t_m:.2f} s; greedy {len(g.accepted_by)} accept in {ms(g.wall_time)}"
        )
    out: dict[str, float | bool] = {
        "fallback": statistics.median(walls),
        "gap": statistics.median(gaps),
        "met": met,
    }
    print(
        f"  package + proven bound median {out['fallback']:.2f} s (target within 5 s) -> "
        f"{'met' if met else 'NOT met'}; median acceptance gap {100 * out['gap']:.1f}%"
    )
    return out


def large_part(seeds: list[int]) -> dict[str, float | bool]:
    print(f"== 1000 x 190, consensus exists (seeds {seeds}, 30 s limit)")
    met, walls = True, []
    for seed in seeds:
        p = fresh(1000, 190, False, seed)
        t, res = timed(lambda p=p: consensus_package(p, time_limit=TARGET_LARGE_S))
        g = greedy_package(p)
        walls.append(t)
        gap = res.gap if res.gap is not None else float("inf")
        met &= gap <= TARGET_LARGE_GAP and t <= TARGET_LARGE_S
        print(
            f"  seed {seed}: {res.status}, {len(res.package)} items, value {res.value:g}, "
            f"bound {res.bound:g}, gap {100 * gap:.2f}% in {t:.1f} s; greedy value "
            f"{g.value:g} in {ms(g.wall_time)}"
        )
    print(
        f"  proven gap <= 1% within 30 s -> {'met' if met else 'NOT met'} "
        f"(median {statistics.median(walls):.1f} s)"
    )
    return {"large": statistics.median(walls), "met": met}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="one seed per part, no 1000 x 190")
    args = parser.parse_args()
    print(load())
    with threadpool_limits(limits=1, user_api="blas"):
        if args.quick:
            a = consensus_part([0], runs=3, n_why=10)
            b = conflicted_part([0], limit=4.9)
            c: dict[str, float | bool] = {"met": True}
        else:
            a = consensus_part([0, 1, 2], runs=5, n_why=20)
            b = conflicted_part([0, 1, 2], limit=4.9)
            c = large_part([0, 1])
    print(load())
    met = (
        bool(a["optimal"])
        and a["consensus"] <= TARGET_CONSENSUS_S
        and a["why_not"] <= TARGET_WHY_NOT_S
        and a["blockers"] <= TARGET_BLOCKERS_S
        and bool(b["met"])
        and bool(c["met"])
    )
    line = {
        "bench": "solver",
        "metric": "consensus_package_200x190_median",
        "value": round(float(a["consensus"]), 4),
        "unit": "s",
        "baseline": round(float(a["greedy"]), 4),
        "ratio": round(float(a["consensus"]) / float(a["greedy"]), 2),
        "target": "optimal <= 0.5 s; why_not <= 0.3 s; blockers <= 10 ms; no consensus: "
        "package + bound <= 5 s; 1000 items gap <= 1% in 30 s (full run)",
        "met": bool(met),
    }
    print(json.dumps(line))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
