"""Pol.is import: self-made folders (both CSV header variants, JSON) and real open data."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest

from accord.common.errors import PermissionDenied, ValidationFailed
from accord.consultations import selectors, services
from accord.consultations.models import Consultation, Participant, Statement, Vote
from accord.core.opinions import compute_opinion_map, load_polis_export
from tests.shared_data import shared_data

from .conftest import two_camps, write_polis_csv, write_polis_json


def _import(world: Any, path: Path, **kw: Any) -> Consultation:
    return services.polis_import(
        actor=world.users["secretariat"], group=world.group, path=path, **kw
    )


def _same_as_core(c: Consultation, path: Path) -> None:
    """The consultation's map equals the core's on the export itself (same rows and columns)."""
    conv = load_polis_export(path)
    direct = compute_opinion_map(
        conv.matrix, excluded_statements=conv.excluded, bridging=True, random_state=0
    )
    ours, matrix = selectors.opinion_map_for_consultation(c)
    assert matrix.shape == conv.matrix.shape and matrix.n_votes == conv.matrix.n_votes
    assert ours.status == direct.status
    assert ours.k == direct.k
    assert np.array_equal(ours.labels, direct.labels)
    assert [g.size for g in ours.groups] == [g.size for g in direct.groups]


@pytest.mark.parametrize("variant", [1, 2])
def test_csv_variants(world: Any, tmp_path: Path, variant: int) -> None:
    dense = two_camps()
    path = write_polis_csv(tmp_path / f"conv{variant}", dense, variant=variant)
    calls: list[tuple[int, int]] = []
    c = _import(world, path, progress=lambda done, total: calls.append((done, total)))
    n_p, n_s = dense.shape
    assert c.source == "polis" and c.question == "Two camps" and c.status == "closed"
    assert c.statements.count() == n_s
    assert c.participants.count() == n_p
    assert Vote.objects.filter(consultation=c).count() == n_p * n_s  # the re-vote is deduped
    assert c.statements.get(external_id="0").status == Statement.Status.REJECTED
    assert c.statements.get(external_id=str(n_s - 1)).is_meta is (variant == 2)
    assert c.statements.get(external_id="3").author == c.participants.get(external_id="3")
    # The re-voted cell keeps the later vote.
    v = Vote.objects.get(consultation=c, participant__external_id="0", statement__external_id="1")
    assert v.value == int(dense[0, 1])
    total = n_s + n_p + n_p * n_s
    assert calls and calls[-1] == (total, total)
    assert [d for d, _ in calls] == sorted(d for d, _ in calls)
    ours, _ = selectors.opinion_map_for_consultation(c)
    assert ours.status == "ok" and ours.k == 2
    _same_as_core(c, path)


def test_json_layout(world: Any, tmp_path: Path) -> None:
    dense = two_camps(n_per_camp=10, n_statements=8)
    path = write_polis_json(tmp_path / "json", dense)
    c = _import(world, path)
    assert c.question == "JSON camps"
    assert (c.statements.count(), c.participants.count()) == (8, 20)
    assert Vote.objects.filter(consultation=c).count() == 160
    _same_as_core(c, path)


def test_bad_folder_writes_nothing(world: Any, tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    for path in (tmp_path / "empty", tmp_path / "missing"):
        with pytest.raises(ValidationFailed):
            _import(world, path)
    assert Consultation.objects.count() == 0 and Participant.objects.count() == 0


def test_only_the_secretariat_imports(world: Any, tmp_path: Path) -> None:
    path = write_polis_csv(tmp_path / "c", two_camps())
    with pytest.raises(PermissionDenied):
        services.polis_import(actor=world.users["chair"], group=world.group, path=path)
    assert Consultation.objects.count() == 0


@pytest.mark.shared_data
def test_real_conversation_london_youth_policing(world: Any) -> None:
    path = shared_data("polis-opendata", "london.youth.policing")
    c = _import(world, path)
    conv = load_polis_export(path)
    # Exact counts, from the export itself: 39 comments, 26 voters, 638 distinct votes.
    assert c.statements.count() == len(conv.statements) == 39
    assert c.participants.count() == conv.matrix.shape[0] == 26
    assert Vote.objects.filter(consultation=c).count() == conv.matrix.n_votes == 638
    assert c.statements.filter(status=Statement.Status.REJECTED).count() == len(conv.moderated_out)
    _same_as_core(c, path)
    ours, _ = selectors.opinion_map_for_consultation(c)
    assert ours.status == "ok" and ours.k == 3
