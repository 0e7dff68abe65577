"""Fixtures: consultations in a GroupWorld, and small Pol.is-format folders written on the fly."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from django.core.cache import cache

from accord.consultations import services

SEEDS = [
    "Multistakeholder cooperation needs a permanent secretariat.",
    "Governments alone should set internet public policy.",
    "Civil society should have seats at every meeting.",
]


@pytest.fixture(autouse=True)
def _fresh_cache() -> Any:
    # Rate limits and cached maps live in the cache; one test must not leak into the next.
    cache.clear()
    yield
    cache.clear()


def open_consultation(world: Any, **flags: Any) -> Any:
    defaults: dict[str, Any] = {"seed_statements": SEEDS, "moderation_required": True}
    return services.consultation_open(
        actor=world.users["chair"],
        group=world.group,
        question="How should enhanced cooperation be implemented?",
        **{**defaults, **flags},
    )


@pytest.fixture
def consultation(world: Any) -> Any:
    """Members only, moderated, three seed statements."""
    return open_consultation(world)


@pytest.fixture
def public_consultation(world: Any) -> Any:
    return open_consultation(world, allow_public=True, allow_public_statements=True)


def two_camps(n_per_camp: int = 15, n_statements: int = 10, seed: int = 1) -> np.ndarray:
    """A dense vote matrix (participants × statements) with two clear camps; a few passes."""
    rng = np.random.default_rng(seed)
    rows = []
    for camp in (1, -1):
        for _ in range(n_per_camp):
            row = [camp if s % 2 == 0 else -camp for s in range(n_statements)]
            row[-1] = 1  # everybody agrees on the last statement
            flips = rng.random(n_statements) < 0.1
            rows.append([0 if f else v for v, f in zip(row, flips, strict=True)])
    return np.asarray(rows)


def write_polis_csv(root: Path, dense: np.ndarray, *, variant: int = 1) -> Path:
    """A Pol.is open-data CSV export: votes.csv (with a re-vote) and comments.csv in one of the
    two header variants. Statement 0 is moderated out, the last one is meta in variant 2."""
    root.mkdir(parents=True, exist_ok=True)
    n_p, n_s = dense.shape
    with (root / "votes.csv").open("w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["timestamp", "datetime", "comment-id", "voter-id", "vote"])
        t = 1000
        # A first vote that is later changed: only the last one must count.
        w.writerow([t, "x", 1, 0, -int(dense[0, 1]) or 1])
        for p in range(n_p):
            for s in range(n_s):
                t += 1
                w.writerow([t, "x", s, p, int(dense[p, s])])
    with (root / "comments.csv").open("w", newline="") as fh:
        w = csv.writer(fh)
        if variant == 1:
            w.writerow(
                [
                    "timestamp",
                    "datetime",
                    "comment-id",
                    "author-id",
                    "agrees",
                    "disagrees",
                    "moderated",
                    "comment-body",
                ]
            )
            for s in range(n_s):
                w.writerow([1, "x", s, s % n_p, 0, 0, -1 if s == 0 else 1, f"Statement {s}"])
        else:
            w.writerow(
                [
                    "timestamp",
                    "comment-id",
                    "author-id",
                    "agrees",
                    "disagrees",
                    "moderated",
                    "comment-body",
                    "is-seed",
                    "is-meta",
                    "group-informed-consensus",
                ]
            )
            for s in range(n_s):
                meta = "1" if s == n_s - 1 else "0"
                w.writerow(
                    [1, s, s % n_p, 0, 0, -1 if s == 0 else 1, f"Statement {s}", "0", meta, ""]
                )
    (root / "summary.csv").write_text("topic,Two camps\nurl,https://pol.is/x\n")
    return root


def write_polis_json(root: Path, dense: np.ndarray) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    n_p, n_s = dense.shape
    votes = [
        {"pid": p, "tid": s, "vote": int(dense[p, s]), "modified": 1000 + p * n_s + s}
        for p in range(n_p)
        for s in range(n_s)
    ]
    comments = [{"tid": s, "txt": f"Statement {s}", "mod": 1, "is_meta": False} for s in range(n_s)]
    (root / "votes.json").write_text(json.dumps(votes))
    (root / "comments.json").write_text(json.dumps(comments))
    (root / "conversation.json").write_text(json.dumps({"topic": "JSON camps"}))
    return root
