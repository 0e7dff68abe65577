"""VoteMatrix construction: last vote wins, unknown ids and bad values dropped."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.core.opinions import VoteMatrix


def test_last_vote_wins_and_ids_sorted() -> None:
    m = VoteMatrix.from_triples([2, 1, 2, 1], [10, 10, 10, 11], [1, -1, -1, 0])
    assert m.participant_ids.tolist() == [1, 2]
    assert m.statement_ids.tolist() == [10, 11]
    dense = m.to_dense()
    assert dense[0, 0] == -1 and dense[0, 1] == 0  # participant 1
    assert dense[1, 0] == -1 and np.isnan(dense[1, 1])  # participant 2 re-voted
    assert m.n_votes == 3


def test_unknown_ids_and_invalid_votes_are_dropped_and_counted() -> None:
    m = VoteMatrix.from_triples(
        ["a", "b", "a", "c"],
        ["s1", "s1", "nope", "s2"],
        [1, 7, 1, float("nan")],
        statement_ids=["s1", "s2"],
    )
    assert m.n_dropped == 3
    assert m.n_votes == 1
    assert m.statement_ids.tolist() == ["s1", "s2"]


def test_passes_are_stored_votes_not_missing() -> None:
    m = VoteMatrix.from_triples([0, 0], [0, 1], [0, 0])
    assert m.n_votes == 2
    assert m.votes_per_participant().tolist() == [2]


def test_with_votes_keeps_positions_and_appends_new_ids() -> None:
    m = VoteMatrix.from_triples([5, 7], [1, 2], [1, 1])
    m2 = m.with_votes([7, 9], [2, 3], [-1, 1])
    assert m2.participant_ids.tolist() == [5, 7, 9]
    assert m2.statement_ids.tolist() == [1, 2, 3]
    d = m2.to_dense()
    assert d[1, 1] == -1  # 7 changed their vote on 2
    assert d[2, 2] == 1


def test_from_dense_round_trip() -> None:
    dense = np.array([[1, np.nan, -1], [0, 1, np.nan]])
    m = VoteMatrix.from_dense(dense)
    np.testing.assert_array_equal(m.to_dense(), dense)


def test_mismatched_lengths_raise() -> None:
    with pytest.raises(ValueError, match="equally long"):
        VoteMatrix.from_triples([1, 2], [1], [1, 1])


def test_empty() -> None:
    m = VoteMatrix.from_triples([], [], [])
    assert m.shape == (0, 0) and m.n_votes == 0


votes_st = st.lists(
    st.tuples(st.integers(0, 12), st.integers(0, 8), st.sampled_from([-1, 0, 1])),
    min_size=1,
    max_size=60,
)


@settings(max_examples=60, deadline=None)
@given(old=votes_st, new=votes_st)
def test_with_votes_equals_building_from_all_votes(
    old: list[tuple[int, int, int]], new: list[tuple[int, int, int]]
) -> None:
    def cells(m: VoteMatrix) -> dict[tuple[int, int], int]:
        rows = m.participant_ids[m.row_index()].tolist()
        cols = m.statement_ids[m.indices].tolist()
        return dict(zip(zip(rows, cols, strict=True), m.votes.tolist(), strict=True))

    a = VoteMatrix.from_triples(*map(list, zip(*old, strict=True)))
    merged = a.with_votes(*map(list, zip(*new, strict=True)))
    whole = VoteMatrix.from_triples(*map(list, zip(*(old + new), strict=True)))
    assert cells(merged) == cells(whole)
    assert merged.participant_ids[: a.shape[0]].tolist() == a.participant_ids.tolist()
