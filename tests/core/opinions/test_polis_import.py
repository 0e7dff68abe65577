"""Pol.is import: CSV exports (both comment headers, 2025 prefixes) and API JSON."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from accord.core.opinions import load_polis_export
from accord.core.opinions.polis_import import PolisImportError
from tests.shared_data import shared_data


def _write_csv_export(root: Path) -> None:
    (root / "comments.csv").write_text(
        "timestamp,datetime,comment-id,author-id,agrees,disagrees,moderated,comment-body\n"
        '1,x,0,5,1,0,1,"Hello, world"\n'
        "2,x,1,5,0,1,-1,Spam\n"
    )
    (root / "votes.csv").write_text(
        "timestamp,datetime,comment-id,voter-id,vote\n"
        "30,x,0,7,-1\n"  # later in time: wins over the row below
        "10,x,0,7,1\n"
        "20,x,1,8,0\n"
    )


def test_csv_export_self_contained(tmp_path: Path) -> None:
    _write_csv_export(tmp_path)
    seen: list[tuple[str, float]] = []
    conv = load_polis_export(tmp_path, progress=lambda stage, f: seen.append((stage, f)))
    assert conv.source == "csv"
    assert [s.text for s in conv.statements] == ["Hello, world", "Spam"]
    assert conv.moderated_out == (1,)
    dense = conv.matrix.to_dense()
    assert dense[0, 0] == -1  # latest vote by timestamp, not by row order
    assert dense[1, 1] == 0
    assert seen[-1] == ("done", 1.0)


def test_api_json_self_contained(tmp_path: Path) -> None:
    votes = [
        {"pid": 1, "tid": 0, "vote": 1, "modified": 5},
        {"pid": 1, "tid": 0, "vote": 0, "modified": 9},
        {"pid": 2, "tid": 1, "vote": -1, "modified": 1},
    ]
    (tmp_path / "votes.json").write_text(json.dumps(votes))
    comments = [
        {"tid": 0, "txt": "A", "mod": 1, "is_meta": False},
        {"tid": 1, "txt": "B", "mod": 0, "is_meta": True},
    ]
    (tmp_path / "comments.json").write_text(json.dumps(comments))
    conv = load_polis_export(tmp_path)
    assert conv.source == "json"
    assert conv.meta == (1,) and conv.excluded == (1,)
    assert conv.matrix.to_dense()[0, 0] == 0


def test_not_an_export(tmp_path: Path) -> None:
    with pytest.raises(PolisImportError, match=r"not a Pol\.is CSV export"):
        load_polis_export(tmp_path)
    with pytest.raises(PolisImportError, match="not a directory"):
        load_polis_export(tmp_path / "missing")


@pytest.mark.shared_data
def test_opendata_old_header() -> None:
    conv = load_polis_export(shared_data("polis-opendata", "15-per-hour-seattle"))
    assert conv.topic
    assert conv.matrix.shape[1] == 54
    assert sum(g is not None for g in conv.group_ids.values()) == 138


@pytest.mark.shared_data
def test_opendata_new_header_reads_meta_and_seed() -> None:
    conv = load_polis_export(shared_data("polis-opendata", "bg2050-volunteers"))
    assert len(conv.statements) == 371
    assert conv.matrix.n_votes > 10_000


@pytest.mark.shared_data
def test_matrix_only_export_rebuilds_votes() -> None:
    conv = load_polis_export(shared_data("polis-opendata", "american-assembly.bowling-green"))
    assert conv.matrix.shape == (2031, 896)
    assert conv.matrix.n_votes > 200_000


@pytest.mark.shared_data
@pytest.mark.parametrize("name", ["below-100-ptpts", "25ptpt-3gp-no-strict-with-meta"])
def test_api_json_both_key_variants(name: str) -> None:
    conv = load_polis_export(shared_data("polis-math-reference", name))
    assert conv.math is not None
    counts = {s.statement_id: s for s in conv.statements}
    assert counts
    n_agree = np.bincount(
        conv.matrix.indices[conv.matrix.votes == 1], minlength=conv.matrix.shape[1]
    )
    assert n_agree.sum() > 0
