"""Benchmark: opinion maps (Pol.is math) and bridging scores (Community Notes MF).

    uv run python bench/opinions.py           # full sizes (a few minutes on 2 cores)
    uv run python bench/opinions.py --quick   # smaller sizes, ends within a minute

Times the whole map (centre, PCA, projection, base clusters, groups, repness, consensus,
group-aware consensus) on seeded synthetic matrices and on the largest real conversation in
../shared/data, beside the red-dwarf package (a Python re-implementation of the Pol.is math;
``uv sync --group bench``) on the largest inputs both can run, in the same run. Reports
medians, peak memory and whether repeated runs are bit-identical, and ends with one JSON line.
"""

from __future__ import annotations

import argparse
import copy
import hashlib
import json
import os
import platform
import resource
import statistics
import sys
import time
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

# Pin BLAS before numpy loads (the library pins per call as well; this covers imports).
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("MKL_NUM_THREADS", "1")

import numpy as np

from accord.core.opinions import (
    OpinionMap,
    OpinionMapper,
    Ratings,
    VoteMatrix,
    bridging_scores,
    cn_loss,
    compute_opinion_map,
    load_polis_export,
)
from accord.core.opinions.synthetic import planted_ratings, planted_votes

SHARED = Path(
    os.environ.get("ACCORD_SHARED_DATA", Path(__file__).resolve().parents[2] / "shared" / "data")
)
REAL = "american-assembly.bowling-green"  # the largest conversation with a vote matrix


def timed(fn: Callable[[], Any], repeats: int) -> tuple[list[float], Any]:
    times: list[float] = []
    out: Any = None
    for _ in range(repeats):
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
    return times, out


def fmt(times: list[float]) -> str:
    med = statistics.median(times)
    lo, hi = min(times) * 1000, max(times) * 1000
    return f"median {med * 1000:8.1f} ms  (min {lo:.1f}, max {hi:.1f}, n={len(times)})"


def fingerprint(m: OpinionMap) -> str:
    h = hashlib.sha256()
    for arr in (m.projection, m.labels, m.group_aware_consensus, m.components):
        h.update(np.ascontiguousarray(arr).tobytes())
    h.update(
        repr([(g.size, [r.statement_index for r in g.representative]) for g in m.groups]).encode()
    )
    return h.hexdigest()[:16]


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def bench_synthetic(label: str, p: int, c: int, n: int, repeats: int, warm: bool) -> dict[str, Any]:
    t0 = time.perf_counter()
    syn = planted_votes(p, c, n, seed=0)
    matrix = syn.matrix
    print(
        f"\n## {label}: {p:,} participants x {c:,} statements, {matrix.n_votes:,} votes "
        f"(generated in {time.perf_counter() - t0:.1f} s, not timed)"
    )
    times, m = timed(lambda: compute_opinion_map(matrix, random_state=0), repeats)
    prints = {fingerprint(compute_opinion_map(matrix, random_state=0)) for _ in range(2)}
    prints.add(fingerprint(m))
    stages = {k: v * 1000 for k, v in m.timings.items()}
    print(f"cold map          {fmt(times)}")
    print("  last run by stage (ms): " + ", ".join(f"{k} {v:.1f}" for k, v in stages.items()))
    print(
        f"  k = {m.k}, group sizes {[g.size for g in m.groups]}, "
        f"bit-identical across {repeats + 2} runs: {len(prints) == 1}"
    )
    out: dict[str, Any] = {
        "cold": statistics.median(times),
        "identical": len(prints) == 1,
        "votes": matrix.n_votes,
    }
    if warm:
        rng = np.random.default_rng(1)
        k = matrix.n_votes // 100
        t0 = time.perf_counter()
        bigger = matrix.with_votes(
            rng.integers(0, p, k), rng.integers(0, c, k), rng.choice([-1, 0, 1], k)
        )
        merge = time.perf_counter() - t0
        fitted = OpinionMapper(random_state=0).fit(matrix)
        wtimes: list[float] = []
        for _ in range(repeats):
            mapper = copy.deepcopy(fitted)
            t0 = time.perf_counter()
            mapper.update(bigger)
            wtimes.append(time.perf_counter() - t0)
        print(
            f"warm update +1%   {fmt(wtimes)}  (merging the new votes: {merge * 1000:.0f} ms, "
            "not included)"
        )
        out["warm"] = statistics.median(wtimes)
    return out


def votes_as_list(matrix: VoteMatrix) -> list[dict[str, Any]]:
    rows = matrix.participant_ids[matrix.row_index()].tolist()
    cols = matrix.statement_ids[matrix.indices].tolist()
    return [
        {"participant_id": a, "statement_id": b, "vote": v, "modified": i}
        for i, (a, b, v) in enumerate(zip(rows, cols, matrix.votes.tolist(), strict=True))
    ]


def ours_end_to_end(votes: list[dict[str, Any]], excluded: list[Any]) -> OpinionMap:
    matrix = VoteMatrix.from_triples(
        np.array([v["participant_id"] for v in votes]),
        np.array([v["statement_id"] for v in votes]),
        np.array([v["vote"] for v in votes]),
    )
    return compute_opinion_map(matrix, excluded_statements=excluded)


def run_red_dwarf(votes: list[dict[str, Any]], excluded: list[Any]) -> float | None:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            from reddwarf.implementations.base import run_pipeline
    except ImportError:
        return None
    t0 = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        run_pipeline(votes, mod_out_statement_ids=excluded, random_state=0)
    return time.perf_counter() - t0


def bench_bridging(n_ratings: int, repeats: int) -> dict[str, Any]:
    n_raters, n_items = max(n_ratings // 100, 500), max(n_ratings // 50, 500)
    syn = planted_ratings(n_raters, n_items, n_ratings, seed=0)
    r = Ratings.from_triples(syn.raters, syn.items, syn.values)
    print(
        f"\n## Bridging: {r.n_ratings:,} ratings, {len(r.rater_ids):,} raters, "
        f"{len(r.item_ids):,} items (planted, 8% bridging items)"
    )
    times, res = timed(lambda: bridging_scores(r, random_state=0), repeats)
    print(f"cold fit          {fmt(times)}  ({res.n_iter} ALS sweeps, loss {res.loss:.6f})")
    direct = (
        cn_loss(
            r,
            res.global_intercept,
            res.rater_intercept,
            res.rater_factor,
            res.item_intercept,
            res.item_factor,
        )
        if res.n_ratings_used == r.n_ratings
        else None
    )
    rng = np.random.default_rng(2)
    k = r.n_ratings // 100
    r2 = Ratings.from_triples(
        np.concatenate([r.rater_ids[r.rater], rng.integers(0, n_raters, k)]),
        np.concatenate([r.item_ids[r.item], rng.integers(0, n_items, k)]),
        np.concatenate([r.value, rng.choice([0.0, 0.5, 1.0], k)]),
    )
    wtimes, wres = timed(lambda: bridging_scores(r2, warm_start=res), repeats)
    print(f"warm refit +1%    {fmt(wtimes)}  ({wres.n_iter} sweeps)")
    truth = syn.bridging[np.asarray(r.item_ids)]
    pos = res.item_intercept[res.item_scored & truth]
    neg = res.item_intercept[res.item_scored & ~truth]
    auc = float((pos[:, None] > neg[None, :]).mean()) if pos.size * neg.size < 4e8 else float("nan")
    print(
        f"  planted bridging items ranked above partisan ones (AUC): {auc:.3f}; "
        f"Helpful (intercept >= 0.40): {int(res.helpful.sum())} of {int(truth.sum())} planted"
    )
    if direct is not None:
        print(
            f"  reported loss equals the Community Notes loss evaluated directly: "
            f"|diff| = {abs(direct - res.loss):.2e}"
        )
    return {"cold": statistics.median(times), "warm": statistics.median(wtimes)}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="smaller sizes, ends within a minute")
    ap.add_argument("--repeats", type=int, default=None)
    args = ap.parse_args()
    repeats = args.repeats or (3 if args.quick else 5)
    print(f"# accord opinions benchmark ({'quick' if args.quick else 'full'})")
    print(
        f"python {platform.python_version()}, numpy {np.__version__}, {os.cpu_count()} CPUs, "
        f"load average {os.getloadavg()[0]:.1f}; BLAS/OpenMP pinned to 1 thread"
    )
    compute_opinion_map(planted_votes(200, 30, 3000, seed=1).matrix)  # imports, first calls

    results: dict[str, Any] = {}
    if args.quick:
        headline = ("map_20k_x_1k_400k_votes_cold", 0.5)
        results["head"] = bench_synthetic(
            "Consultation (quick size)", 20_000, 1_000, 400_000, repeats, warm=True
        )
    else:
        headline = ("map_100k_x_5k_2M_votes_cold", 0.5)
        results["head"] = bench_synthetic(
            "Large consultation", 100_000, 5_000, 2_000_000, repeats, warm=True
        )
        results["big"] = bench_synthetic(
            "Very large consultation", 100_000, 10_000, 5_000_000, max(3, repeats - 2), warm=False
        )
    results["wg"] = bench_synthetic(
        "Working group", 5_000, 500, 250_000, max(repeats, 7), warm=False
    )
    results["bridging"] = bench_bridging(200_000 if args.quick else 1_000_000, repeats)

    # Real data and the baseline, from the same vote lists.
    inputs: list[tuple[str, list[dict[str, Any]], list[Any]]] = []
    real_dir = SHARED / "polis-opendata" / REAL
    if real_dir.exists():
        conv = load_polis_export(real_dir)
        inputs.append(
            (
                f"real: {REAL} {conv.matrix.shape[0]:,} x {conv.matrix.shape[1]:,}",
                votes_as_list(conv.matrix),
                list(conv.moderated_out),
            )
        )
    else:
        print(f"\n(real data not found at {real_dir}: skipped)")
    if not args.quick:
        syn = planted_votes(20_000, 2_000, 400_000, seed=5).matrix
        inputs.append(("synthetic 20,000 x 2,000", votes_as_list(syn), []))
    peak_ours = peak_rss_mb()
    print(
        f"\n## End to end from a vote list (matrix build + map) vs red-dwarf {_red_dwarf_version()}"
    )
    baseline: float | None = None
    ratio: float | None = None
    for label, votes, excluded in inputs:
        times, m = timed(lambda v=votes, e=excluded: ours_end_to_end(v, e), repeats)
        print(f"{label} ({len(votes):,} votes): accord {fmt(times)}; k = {m.k}")
        rd = run_red_dwarf(votes, excluded)
        if rd is None:
            print("  red-dwarf is not installed: run `uv sync --group bench` to compare")
            continue
        ours = statistics.median(times)
        print(f"  red-dwarf run_pipeline: {rd:.2f} s (n=1) -> accord is {rd / ours:.0f}x faster")
        baseline, ratio = rd, rd / ours
    print(
        f"\nPeak memory (max RSS) of the accord runs: {peak_ours:.0f} MB (target <= 1024 MB); "
        f"after red-dwarf: {peak_rss_mb():.0f} MB"
    )

    head = results["head"]
    checks = {
        "map cold <= 0.5 s": head["cold"] <= 0.5,
        "map warm <= 0.3 s": head.get("warm", 0.0) <= 0.3,
        "working group <= 50 ms": results["wg"]["cold"] <= 0.05,
        "bridging cold <= 1 s": results["bridging"]["cold"] <= 1.0,
        "bridging warm <= 0.3 s": results["bridging"]["warm"] <= 0.3,
        "peak memory <= 1 GB": peak_ours <= 1024,
        "bit-identical": all(r.get("identical", True) for r in results.values()),
    }
    if "big" in results:
        checks["100k x 10k (5M votes) <= 1.5 s"] = results["big"]["cold"] <= 1.5
    print(
        "\n## Targets"
        + (
            " (quick sizes are smaller than the targets' sizes: indicative only)"
            if args.quick
            else ""
        )
    )
    for name, ok in checks.items():
        print(f"  {'met ' if ok else 'MISS'}  {name}")
    metric, target = headline
    print(
        json.dumps(
            {
                "bench": "opinions",
                "metric": metric,
                "value": round(head["cold"], 4),
                "unit": "s",
                "baseline": None if baseline is None else round(baseline, 3),
                "ratio": None if ratio is None else round(ratio, 1),
                "target": target,
                "met": bool(head["cold"] <= target),
            }
        )
    )
    return 0


def _red_dwarf_version() -> str:
    try:
        from importlib.metadata import version

        return version("red-dwarf")
    except Exception:
        return "(not installed)"


if __name__ == "__main__":
    sys.exit(main())
