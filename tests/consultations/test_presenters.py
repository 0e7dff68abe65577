"""The pure view-model builder on core maps (no database)."""

from __future__ import annotations

import math

import numpy as np

from accord.consultations.presenters import HEIGHT, WIDTH, opinion_map_view
from accord.core.opinions import VoteMatrix, compute_opinion_map

from .conftest import two_camps


def _view(dense: np.ndarray, **kw: object) -> object:
    matrix = VoteMatrix.from_dense(dense)
    result = compute_opinion_map(matrix, bridging=True)
    n_p, n_s = dense.shape
    texts = {s: f"S{s}" for s in range(n_s)}
    labels = {p: f"P{p}" for p in range(n_p)}
    consts = {p: ("States" if p % 2 else "Civil society") for p in range(n_p)}
    return result, opinion_map_view(result, texts, labels, consts, matrix=matrix, **kw)


def test_two_camps_view() -> None:
    result, view = _view(two_camps().astype(float))
    assert view.ok and len(view.groups) == 2 == result.k
    assert sum(g.size for g in view.groups) == int((result.labels >= 0).sum())
    assert all(0 <= p.x <= WIDTH and 0 <= p.y <= HEIGHT for p in view.points)
    assert len(view.points) == 30
    for g in view.groups:
        assert g.representative and all(r.percent is not None for r in g.representative)
    # The statement everybody agrees with unites; the camp statements divide.
    assert any(u.text == "S9" for u in view.unites)
    assert view.divides and view.divides[0].spread > 50
    assert {d.text for d in view.divides} <= {f"S{i}" for i in range(9)}
    assert view.bridging
    assert [c.name for c in view.constituencies] == ["Civil society", "States"]
    assert sum(c.n for c in view.constituencies) == 30
    assert view.constituency_statements and all(
        len(shares) == 2 for _t, shares in view.constituency_statements
    )


def test_degenerate_inputs_have_a_message_and_no_nan() -> None:
    for dense in (
        np.zeros((0, 0)),
        np.full((1, 5), 1.0),
        np.zeros((20, 6)),  # everybody passed
        np.full((20, 6), np.nan),  # nobody voted
    ):
        matrix = VoteMatrix.from_dense(dense) if dense.size else VoteMatrix.from_triples([], [], [])
        result = compute_opinion_map(matrix)
        view = opinion_map_view(result, {}, {}, None, matrix=matrix)
        assert not view.ok and view.message.startswith("not enough votes to form groups")
        assert not view.groups and not view.divides
        for p in view.points:
            assert math.isfinite(p.x) and math.isfinite(p.y)


def test_without_matrix_per_group_lists_are_empty() -> None:
    dense = two_camps().astype(float)
    result = compute_opinion_map(VoteMatrix.from_dense(dense))
    view = opinion_map_view(result, {}, {}, None)
    assert view.ok and view.groups and not view.divides and not view.constituencies
    assert view.groups[0].representative[0].others_percent is None


def test_group_centres_are_drawn_on_the_participants_scale():
    """A centre is scaled like the points: it lies inside its group's bounding box."""
    from accord.consultations.presenters import _scale

    points = np.array([[-2.0, 0.0], [-1.0, 1.0], [3.0, -1.0], [4.0, 0.0]])
    extent = float(np.abs(points).max())
    drawn = _scale(points)
    centre = _scale(np.array([[3.5, -0.5]]), extent=extent)[0]
    assert drawn[2][0] <= centre[0] <= drawn[3][0]
    assert min(drawn[2][1], drawn[3][1]) <= centre[1] <= max(drawn[2][1], drawn[3][1])


def test_the_side_a_group_tends_to_has_its_votes_behind_it() -> None:
    """Issue 9: a group "tended to disagree" with a statement, "0% disagree (0 of 3)"."""
    dense = np.full((20, 8), np.nan)
    dense[:10, :6] = -1  # two camps on statements 0-5
    dense[10:, :6] = 1
    dense[[0, 1, 2], 6] = 1  # three of the first camp agree with 6, like all of the second
    dense[10:, 6] = 1
    dense[:, 7] = 0
    result, view = _view(dense)
    assert result.k == 2
    first_camp = view.groups[result.group_of(0)]
    row = next(r for r in first_camp.representative if r.statement_id == 6)
    assert (row.direction, row.percent, row.n_success, row.n_trials) == ("agree", 100, 3, 3)
    assert row.others_percent == 100
    for g in view.groups:
        for r in g.representative:
            assert r.n_success > 0 and r.percent is not None and r.percent > 0
