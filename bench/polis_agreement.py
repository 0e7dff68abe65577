"""How close accord's opinion maps are to Pol.is's own, on real conversations.

    uv run python bench/polis_agreement.py            # both tables (about a minute)
    uv run python bench/polis_agreement.py --json     # the same figures as one JSON line

Prints the figures of docs/opinions-vs-polis.md sections 1 and 2: on the three reference
conversations with Pol.is's computed ``math-pca2.json`` (``../shared/data/polis-math-reference``)
and on the open-data exports whose ``participants-votes.csv`` carries Pol.is's ``group-id``
(``../shared/data/polis-opendata``). Group labels and PCA signs are arbitrary; ARI ignores both.
Silhouettes and within-group sums of squares are per participant, in accord's projection.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
from pathlib import Path
from typing import Any

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

import numpy as np
from sklearn.metrics import adjusted_rand_score, silhouette_score

from accord.core.opinions import (
    OpinionMap,
    PolisConversation,
    compute_opinion_map,
    group_statements,
    load_polis_export,
)

SHARED = Path(
    os.environ.get("ACCORD_SHARED_DATA", Path(__file__).resolve().parents[2] / "shared" / "data")
)
REFERENCE = ["below-100-ptpts", "25ptpt-3gp-no-strict-with-meta", "50ptpt-3gp-strict-no-meta"]


def _sil(proj: np.ndarray, labels: np.ndarray) -> float | None:
    ok = labels >= 0
    if len(set(labels[ok].tolist())) < 2:
        return None
    return float(silhouette_score(proj[ok], labels[ok]))


def _wss(proj: np.ndarray, labels: np.ndarray) -> float:
    total = 0.0
    for g in set(labels[labels >= 0].tolist()):
        pts = proj[labels == g]
        total += float(((pts - pts.mean(axis=0)) ** 2).sum())
    return total


def _sizes(labels: np.ndarray) -> list[int]:
    ids = sorted(set(labels[labels >= 0].tolist()))
    return [int((labels == g).sum()) for g in ids]


def _polis_labels(m: OpinionMap, groups: dict[Any, int | None]) -> np.ndarray:
    return np.asarray(
        [g if (g := groups.get(p)) is not None else -1 for p in m.participant_ids.tolist()],
        dtype=np.int64,
    )


# -- section 1 ------------------------------------------------------------------------------
def _reference_groups(conv: PolisConversation) -> dict[Any, int | None]:
    math = conv.math
    assert math is not None
    base = math["base-clusters"]
    pid_base = {
        p: b for b, members in zip(base["id"], base["members"], strict=True) for p in members
    }
    base_group = {b: g["id"] for g in math["group-clusters"] for b in g["members"]}
    return {p: base_group[b] for p, b in pid_base.items()}


def reference_row(name: str) -> dict[str, Any]:
    conv = load_polis_export(SHARED / "polis-math-reference" / name)
    math = conv.math
    assert math is not None
    mod_out = math["mod-out"]
    m = compute_opinion_map(conv.matrix, excluded_statements=mod_out)
    forced = compute_opinion_map(
        conv.matrix, excluded_statements=mod_out, include_participants=math["in-conv"]
    )
    groups = _reference_groups(conv)
    pids = list(groups)
    ari = adjusted_rand_score([groups[p] for p in pids], [m.group_of(p) for p in pids])
    ari_forced = adjusted_rand_score([groups[p] for p in pids], [forced.group_of(p) for p in pids])
    sids = m.statement_ids.tolist()
    idx = [sids.index(t) for t in math["tids"]]
    comps = np.asarray(math["pca"]["comps"])
    cos = [
        abs(float(comps[i] @ m.components[i][idx])) / float(np.linalg.norm(comps[i]))
        for i in range(2)
    ]
    cons = math["consensus"]
    consensus_same = [(c.statement_id, c.n_success, c.n_trials) for c in m.consensus_agree] == [
        (c["tid"], c["n-success"], c["n-trials"]) for c in cons["agree"]
    ] and [(c.statement_id, c.n_success, c.n_trials) for c in m.consensus_disagree] == [
        (c["tid"], c["n-success"], c["n-trials"]) for c in cons["disagree"]
    ]

    polis_lab = _polis_labels(m, groups)
    reps, gac, _ = group_statements(conv.matrix, polis_lab, excluded_statements=mod_out)
    repness_diffs: list[str] = []
    for gid, ref_list in math["repness"].items():
        ours = [(r.statement_id, r.repful_for, r.n_success, r.best_agree) for r in reps[int(gid)]]
        ref = [
            (r["tid"], r["repful-for"], r["n-success"], bool(r.get("best-agree", False)))
            for r in ref_list
        ]
        if ours != ref:
            repness_diffs.append(f"group {gid}: ours {ours} / Pol.is {ref}")
    gac_delta = max(
        abs(float(gac[sids.index(int(t))]) - float(v))
        for t, v in math["group-aware-consensus"].items()
    )

    # For each of our groups, the Pol.is group it shares most members with.
    our_lab = np.asarray(m.labels)
    k_ours, k_polis = m.k, len(math["group-clusters"])
    overlap = np.zeros((k_ours, k_polis), dtype=np.int64)
    for a, b in zip(our_lab.tolist(), polis_lab.tolist(), strict=True):
        if a >= 0 and b >= 0:
            overlap[a, b] += 1
    match = {g: int(np.argmax(overlap[g])) for g in range(k_ours)}
    rep_overlap = []
    for og in m.groups:
        ref_ids = {r["tid"] for r in math["repness"].get(str(match.get(og.group_id)), [])}
        ours_ids = {r.statement_id for r in og.representative}
        rep_overlap.append(f"{len(ours_ids & ref_ids)}/{len(ref_ids)}")
    return {
        "conversation": name,
        "size": list(conv.matrix.shape),
        "in_conv": [int(m.in_conversation.sum()), len(math["in-conv"])],
        "k": [m.k, k_polis],
        "sizes": [[g.size for g in m.groups], _sizes(polis_lab)],
        "ari": ari,
        "ari_polis_in_conv": ari_forced,
        "cos": cos,
        "consensus_identical": consensus_same,
        "repness_differences": repness_diffs,
        "gac_max_delta": gac_delta,
        "repness_overlap": rep_overlap,
        "silhouette": [_sil(m.projection, our_lab), _sil(m.projection, polis_lab)],
        # Within-group sums of squares over the participants both grouped.
        "inertia_ratio": _wss(m.projection, np.where(our_lab >= 0, polis_lab, -1))
        / max(_wss(m.projection, np.where(polis_lab >= 0, our_lab, -1)), 1e-12),
        "same_in_conv": set(m.participant_ids[m.in_conversation].tolist()) == set(math["in-conv"]),
    }


# -- section 2 ------------------------------------------------------------------------------
def opendata_names() -> list[str]:
    root = SHARED / "polis-opendata"
    return sorted(p.name for p in root.iterdir() if (p / "participants-votes.csv").exists())


def opendata_row(name: str) -> dict[str, Any] | None:
    conv = load_polis_export(SHARED / "polis-opendata" / name, matrix_from="participants-votes")
    if conv.matrix.n_votes == 0:
        return None
    m = compute_opinion_map(conv.matrix, excluded_statements=conv.moderated_out)
    p_init = compute_opinion_map(conv.matrix, excluded_statements=conv.moderated_out, init="polis")
    polis_lab = _polis_labels(m, conv.group_ids)
    our_lab = np.asarray(m.labels)
    both = (polis_lab >= 0) & (our_lab >= 0)
    init_lab = np.asarray(p_init.labels)
    both_init = (polis_lab >= 0) & (init_lab >= 0)
    k_polis = len(set(polis_lab[polis_lab >= 0].tolist()))
    cmp_polis = np.where(both, polis_lab, -1)
    cmp_ours = np.where(both, our_lab, -1)
    return {
        "conversation": name,
        "size": list(conv.matrix.shape),
        "grouped_by_polis": int((polis_lab >= 0).sum()),
        "compared": int(both.sum()),
        "in_conv": int(m.in_conversation.sum()),
        "k": [k_polis, m.k],
        "sizes": [_sizes(polis_lab), [g.size for g in m.groups]],
        "ari": float(adjusted_rand_score(polis_lab[both], our_lab[both])),
        "ari_polis_init": float(adjusted_rand_score(polis_lab[both_init], init_lab[both_init])),
        # Both partitions over the participants both grouped.
        "silhouette": [_sil(m.projection, cmp_polis), _sil(m.projection, cmp_ours)],
        "inertia_ratio": _wss(m.projection, cmp_polis) / max(_wss(m.projection, cmp_ours), 1e-12),
    }


def _f(x: float | None, d: int = 3) -> str:
    return "—" if x is None else f"{x:.{d}f}"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--json", action="store_true", help="print one JSON line only")
    args = ap.parse_args()
    if not (SHARED / "polis-math-reference").exists() or not (SHARED / "polis-opendata").exists():
        print(f"shared data not found under {SHARED}", file=sys.stderr)
        return 2
    ref = [reference_row(n) for n in REFERENCE]
    opendata = [r for n in opendata_names() if (r := opendata_row(n)) is not None]
    aris_open = [r["ari"] for r in opendata]
    aris_all = aris_open + [r["ari"] for r in ref]
    summary = {
        "median_ari_opendata": statistics.median(aris_open),
        "n_opendata": len(aris_open),
        "median_ari_all": statistics.median(aris_all),
        "n_all": len(aris_all),
        "ari_at_least_0.8": sum(a >= 0.8 for a in aris_all),
        "median_ari_polis_init": statistics.median(r["ari_polis_init"] for r in opendata),
    }
    if args.json:
        print(json.dumps({"reference": ref, "opendata": opendata, "summary": summary}))
        return 0
    print("## Reference conversations (math-pca2.json)\n")
    print(
        "| conversation | size | in-conv | k | group sizes (ours / Pol.is) | ARI | "
        "ARI, Pol.is's in-conv | PC1, PC2 |cos| | consensus | repness given Pol.is's groups | "
        "group-aware consensus, max |Δ| | repness overlap | silhouette ours / Pol.is | "
        "inertia ratio | same in-conv set |"
    )
    for r in ref:
        print(
            f"| {r['conversation']} | {r['size'][0]} × {r['size'][1]} | "
            f"{r['in_conv'][0]} / {r['in_conv'][1]} | {r['k'][0]} / {r['k'][1]} | "
            f"{r['sizes'][0]} / {r['sizes'][1]} | {r['ari']:.2f} | "
            f"{r['ari_polis_in_conv']:.2f} | {r['cos'][0]:.6f}, {r['cos'][1]:.6f} | "
            f"{'identical' if r['consensus_identical'] else 'DIFFERENT'} | "
            f"{'identical' if not r['repness_differences'] else 'differs'} | "
            f"{r['gac_max_delta']:.0e} | {', '.join(r['repness_overlap'])} | "
            f"{_f(r['silhouette'][0])} / {_f(r['silhouette'][1])} | "
            f"{r['inertia_ratio']:.2f} | {'yes' if r['same_in_conv'] else 'no'} |"
        )
    for r in ref:
        for d in r["repness_differences"]:
            print(f"  repness difference, {r['conversation']} {d}")
    print("\n## Open data (group-id of participants-votes.csv)\n")
    print(
        "| conversation | size | grouped by Pol.is / compared | in-conv (ours) | "
        "k Pol.is / ours | group sizes (Pol.is / ours) | ARI | ARI, Pol.is-style init | "
        "silhouette Pol.is / ours | inertia ratio |"
    )
    for r in opendata:
        print(
            f"| {r['conversation']} | {r['size'][0]:,} × {r['size'][1]:,} | "
            f"{r['grouped_by_polis']} / {r['compared']} | {r['in_conv']} | "
            f"{r['k'][0]} / {r['k'][1]} | {r['sizes'][0]} / {r['sizes'][1]} | "
            f"{r['ari']:.2f} | {r['ari_polis_init']:.2f} | "
            f"{_f(r['silhouette'][0])} / {_f(r['silhouette'][1])} | {r['inertia_ratio']:.2f} |"
        )
    print()
    for key, value in summary.items():
        print(f"{key}: {value:.2f}" if isinstance(value, float) else f"{key}: {value}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
