"""Benchmark: aligned word-level redline of successive drafts (perf-anchors §6).

Run ``uv run python bench/redline.py`` (``--quick`` for a smaller, sub-minute run).

1. The COP21 drafts of 23 Oct and 4 Dec 2015 (≈17k and ≈15k words) from
   ``../shared/data``: paragraphs split on blank lines, aligned by text similarity, each
   pair diffed word by word (accord.core.textdiff.redline), against a plain difflib
   word-level baseline (``SequenceMatcher(None, words_a, words_b).get_opcodes()``,
   default autojunk) on the whole texts. Target: < 100 ms and ≥ 10× faster.
2. Synthetic 50,000-word drafts built as in perf-anchors §1 (seeded): a light revision
   (3% of sentences modified, 1% deleted, 1% inserted, 2 paragraphs moved) ≤ 100 ms and a
   heavy one (20% / 5% / 5%, 10 moves) ≤ 0.5 s.

Prints the figures with the baseline, the medians and a final JSON line.
"""

from __future__ import annotations

import argparse
import difflib
import json
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from accord.core.textdiff import (  # noqa: E402
    count_words,
    redline,
    split_paragraphs,
    units,
)

DATA = ROOT.parent / "shared" / "data" / "cop21-paris-agreement-drafts"
TARGET_COP21_S = 0.100
TARGET_RATIO = 10.0
TARGET_LIGHT_S = 0.100
TARGET_HEAVY_S = 0.500


def median_time(fn: Callable[[], object], runs: int) -> tuple[float, float, float]:
    """One warm-up, then ``runs`` timed calls: (median, min, max) seconds."""
    fn()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), min(times), max(times)


def difflib_words(a: str, b: str) -> int:
    """The baseline: plain difflib on word lists (whitespace-split), all opcodes."""
    ops = difflib.SequenceMatcher(None, a.split(), b.split()).get_opcodes()
    return len(ops)


def our_redline(a: str, b: str) -> int:
    """Split into paragraphs, align, diff each pair: the full aligned redline."""
    result = redline(split_paragraphs(a), split_paragraphs(b))
    return len(result.blocks)


# --- synthetic drafts (perf-anchors §1) ---------------------------------------------


def _vocabulary(rng: random.Random, size: int = 30_000) -> tuple[list[str], list[float]]:
    letters = "abcdefghijklmnopqrstuvwxyz"
    words = ["".join(rng.choice(letters) for _ in range(rng.randint(2, 10))) for _ in range(size)]
    weights = [1.0 / (rank + 10) ** 1.05 for rank in range(size)]
    return words, weights


def _sentence(rng: random.Random, vocab: tuple[list[str], list[float]]) -> str:
    words = rng.choices(vocab[0], vocab[1], k=rng.randint(10, 30))
    return " ".join(words).capitalize() + "."


def synthetic_pair(total_words: int, heavy: bool, seed: int = 7) -> tuple[str, str]:
    """A draft of about ``total_words`` words and its light or heavy revision."""
    rng = random.Random(seed)
    vocab = _vocabulary(rng)
    paragraphs: list[list[str]] = []
    count = 0
    while count < total_words:
        para = [_sentence(rng, vocab) for _ in range(rng.randint(3, 8))]
        count += sum(len(s.split()) for s in para)
        paragraphs.append(para)
    modify, delete, insert, moves = (0.20, 0.05, 0.05, 10) if heavy else (0.03, 0.01, 0.01, 2)
    revised: list[list[str]] = []
    for para in paragraphs:
        out: list[str] = []
        for sentence in para:
            r = rng.random()
            if r < delete:
                continue
            if r < delete + modify:
                words = sentence.split()
                for _ in range(rng.randint(1, 3)):
                    words[rng.randrange(len(words))] = rng.choices(vocab[0], vocab[1])[0]
                sentence = " ".join(words)
            out.append(sentence)
            if rng.random() < insert:
                out.append(_sentence(rng, vocab))
        revised.append(out or [_sentence(rng, vocab)])
    for _ in range(moves):
        para = revised.pop(rng.randrange(len(revised)))
        revised.insert(rng.randrange(len(revised)), para)
    old = "\n\n".join(" ".join(p) for p in paragraphs)
    new = "\n\n".join(" ".join(p) for p in revised)
    return old, new


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller sizes, fewer runs")
    args = parser.parse_args()
    runs = 3 if args.quick else 7
    synth_words = 10_000 if args.quick else 50_000
    results: dict[str, float] = {}
    met = True
    cop21 = None

    if (DATA / "agreement-23-oct-2015.md").exists():
        a = (DATA / "agreement-23-oct-2015.md").read_text(encoding="utf-8")
        b = (DATA / "agreement-4-dec-2015.md").read_text(encoding="utf-8")
        ours = median_time(lambda: our_redline(a, b), runs)
        base = median_time(lambda: difflib_words(a, b), max(3, runs // 2))
        ratio = base[0] / ours[0]
        print(
            f"COP21 23 Oct ({count_words(a):,} words, {len(split_paragraphs(a))} paras) -> "
            f"4 Dec ({count_words(b):,} words, {len(split_paragraphs(b))} paras)"
        )
        print(
            f"  accord aligned redline : median {ours[0] * 1e3:8.1f} ms "
            f"(min {ours[1] * 1e3:.1f}, max {ours[2] * 1e3:.1f})"
        )
        print(
            f"  difflib words baseline : median {base[0] * 1e3:8.1f} ms "
            f"(min {base[1] * 1e3:.1f}, max {base[2] * 1e3:.1f})"
        )
        print(
            f"  ratio {ratio:.1f}x (target >= {TARGET_RATIO:.0f}x and < "
            f"{TARGET_COP21_S * 1e3:.0f} ms)"
        )
        cop21 = (ours[0], base[0], ratio)
        met &= ours[0] < TARGET_COP21_S and ratio >= TARGET_RATIO
    else:
        print(f"shared data absent ({DATA}): COP21 part skipped, synthetic part only")

    for label, heavy, target in (("light", False, TARGET_LIGHT_S), ("heavy", True, TARGET_HEAVY_S)):
        old, new = synthetic_pair(synth_words, heavy)
        ours = median_time(lambda old=old, new=new: our_redline(old, new), runs)
        base = median_time(lambda old=old, new=new: difflib_words(old, new), 3)
        results[label] = ours[0]
        ok = ours[0] <= target
        if not args.quick:
            met &= ok
        print(
            f"synthetic {label}: {count_words(old):,} -> {count_words(new):,} words, "
            f"{len(units(old)):,} units; accord median {ours[0] * 1e3:.1f} ms "
            f"(min {ours[1] * 1e3:.1f}, max {ours[2] * 1e3:.1f}); difflib words "
            f"{base[0] * 1e3:.1f} ms; target <= {target * 1e3:.0f} ms at 50k words"
            f" -> {'met' if ok else 'NOT met'}"
        )
        results[label + "_baseline"] = base[0]

    if cop21 is not None:
        line = {
            "bench": "redline",
            "metric": "cop21_23oct_4dec_aligned_redline_median",
            "value": round(cop21[0] * 1e3, 2),
            "unit": "ms",
            "baseline": round(cop21[1] * 1e3, 2),
            "ratio": round(cop21[2], 2),
            "target": "< 100 ms and >= 10x difflib; synthetic 50k words light <= 100 ms, "
            "heavy <= 500 ms",
        }
    else:
        line = {
            "bench": "redline",
            "metric": f"synthetic_{synth_words}_words_light_redline_median",
            "value": round(results["light"] * 1e3, 2),
            "unit": "ms",
            "baseline": round(results["light_baseline"] * 1e3, 2),
            "ratio": round(results["light_baseline"] / results["light"], 2),
            "target": "synthetic 50k words light <= 100 ms, heavy <= 500 ms",
        }
    line["met"] = bool(met)
    print(json.dumps(line))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
