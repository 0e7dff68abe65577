"""The opinion map on synthetic data: planted groups, determinism, incremental, bad input."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.metrics import adjusted_rand_score

from accord.core.opinions import (
    NOT_ENOUGH_VOTES,
    NotEnoughVotes,
    OpinionMap,
    OpinionMapper,
    VoteMatrix,
    compute_opinion_map,
)
from accord.core.opinions.synthetic import planted_votes


def _assert_finite(m: OpinionMap) -> None:
    for arr in (
        m.projection,
        m.statement_projection,
        m.extremity,
        m.components,
        m.means,
        m.group_aware_consensus,
        m.group_aware_consensus_disagree,
        m.base_centres,
    ):
        assert np.all(np.isfinite(arr))


@pytest.fixture(scope="module")
def planted() -> tuple[VoteMatrix, np.ndarray]:
    s = planted_votes(600, 80, 30_000, polarisation=0.95, seed=3)
    return s.matrix, s.group


def test_planted_groups_are_recovered_exactly(planted: tuple[VoteMatrix, np.ndarray]) -> None:
    matrix, truth = planted
    m = compute_opinion_map(matrix, random_state=0)
    assert m.status == "ok" and m.k == 3
    grouped = m.labels >= 0
    assert grouped.mean() > 0.95
    assert adjusted_rand_score(truth[grouped], m.labels[grouped]) == pytest.approx(1.0)
    # Groups are numbered by size; the planted shares are 50/30/20 %.
    sizes = [g.size for g in m.groups]
    assert sizes == sorted(sizes, reverse=True)
    assert all(len(g.representative) >= 1 for g in m.groups)
    _assert_finite(m)


def test_planted_consensus_statements_are_found() -> None:
    s = planted_votes(400, 60, 20_000, consensus_share=0.2, polarisation=0.95, seed=7)
    m = compute_opinion_map(s.matrix)
    # Every group leans the same way on these (planted consensus, or agreement by chance).
    all_agree = np.all(s.stance > 0, axis=0)
    all_disagree = np.all(s.stance < 0, axis=0)
    assert len(m.consensus_agree) == 5 and len(m.consensus_disagree) == 5
    assert all(all_agree[c.statement_index] for c in m.consensus_agree)
    assert all(all_disagree[c.statement_index] for c in m.consensus_disagree)
    top = np.argsort(-m.group_aware_consensus)[:5]
    assert all(all_agree[i] for i in top)


def test_results_are_bit_identical_across_runs(planted: tuple[VoteMatrix, np.ndarray]) -> None:
    matrix, _ = planted
    a = compute_opinion_map(matrix, random_state=1)
    b = compute_opinion_map(matrix, random_state=1)
    assert a.projection.tobytes() == b.projection.tobytes()
    assert a.labels.tobytes() == b.labels.tobytes()
    assert a.groups == b.groups
    assert a.consensus_agree == b.consensus_agree


def test_sparse_solver_path_is_deterministic_and_accurate() -> None:
    # 1,200 x 450: above the exact (dense/Gram) sizes, so the block-Krylov solver runs.
    s = planted_votes(1200, 450, 40_000, seed=11)
    a = compute_opinion_map(s.matrix)
    b = compute_opinion_map(s.matrix)
    assert a.projection.tobytes() == b.projection.tobytes()
    dense = s.matrix.to_dense()
    centred = np.nan_to_num(dense - a.means)
    _, vecs = np.linalg.eigh(centred.T @ centred)
    for i in range(2):
        assert abs(float(vecs[:, -1 - i] @ a.components[i])) > 0.999


def test_incremental_update_matches_cold_fit(planted: tuple[VoteMatrix, np.ndarray]) -> None:
    matrix, _ = planted
    mapper = OpinionMapper(random_state=0).fit(matrix)
    rng = np.random.default_rng(0)
    n = matrix.n_votes // 100
    p = matrix.participant_ids[rng.integers(0, matrix.shape[0], n)]
    st = matrix.statement_ids[rng.integers(0, matrix.shape[1], n)]
    bigger = matrix.with_votes(p, st, rng.choice([-1, 0, 1], n))
    warm = mapper.update(bigger).map_
    cold = compute_opinion_map(bigger)
    assert warm.k == cold.k == 3
    grouped = (warm.labels >= 0) & (cold.labels >= 0)
    assert adjusted_rand_score(warm.labels[grouped], cold.labels[grouped]) > 0.98
    for i in range(2):
        assert abs(float(warm.components[i] @ cold.components[i])) > 0.999


def test_k_smoother_holds_k_for_a_few_updates(planted: tuple[VoteMatrix, np.ndarray]) -> None:
    matrix, _ = planted
    mapper = OpinionMapper(max_groups=2).fit(matrix)
    assert mapper.k_ == 2
    mapper.max_groups = 5  # now k = 3 is better; it takes k_smoother updates to switch
    ks = [mapper.update(matrix).map_.k for _ in range(4)]
    assert ks == [2, 2, 2, 3]


@pytest.mark.parametrize(
    ("participants", "statements", "votes"),
    [
        ([], [], []),  # empty consultation
        ([1, 1, 1], [1, 2, 3], [1, -1, 1]),  # a single participant
        ([1, 2, 3, 4, 1, 2, 3, 4], [1, 1, 1, 1, 2, 2, 2, 2], [0] * 8),  # all pass
        ([1, 2, 3, 1, 2, 3], [1, 1, 1, 1, 1, 1], [1, 1, 1, 1, 1, 1]),  # duplicates, all alike
    ],
)
def test_degenerate_input_gives_a_clear_answer(
    participants: list[int], statements: list[int], votes: list[int]
) -> None:
    matrix = VoteMatrix.from_triples(participants, statements, votes)
    m = compute_opinion_map(matrix)
    assert m.status == "not_enough_votes"
    assert m.message.startswith(NOT_ENOUGH_VOTES)
    assert m.groups == () and np.all(m.labels == -1)
    _assert_finite(m)
    with pytest.raises(NotEnoughVotes, match=NOT_ENOUGH_VOTES):
        compute_opinion_map(matrix, strict=True)


def test_votes_on_unknown_statements_are_ignored(planted: tuple[VoteMatrix, np.ndarray]) -> None:
    matrix, _ = planted
    rows = matrix.participant_ids[matrix.row_index()]
    cols = matrix.statement_ids[matrix.indices]
    extra = VoteMatrix.from_triples(
        np.concatenate([rows, [0, 1]]),
        np.concatenate([cols, [999, 998]]),
        np.concatenate([matrix.votes, [1, 1]]),
        statement_ids=matrix.statement_ids.tolist(),
    )
    assert extra.n_dropped == 2
    a, b = compute_opinion_map(matrix), compute_opinion_map(extra)
    assert a.labels.tobytes() == b.labels.tobytes()
    # Unknown ids passed as exclusions or forced participants are ignored too.
    c = compute_opinion_map(matrix, excluded_statements=["nope"], include_participants=[-5])
    assert c.labels.tobytes() == a.labels.tobytes()


def test_excluded_statements_never_represent_a_group(
    planted: tuple[VoteMatrix, np.ndarray],
) -> None:
    matrix, _ = planted
    first = compute_opinion_map(matrix)
    used = {r.statement_id for g in first.groups for r in g.representative}
    m = compute_opinion_map(matrix, excluded_statements=used)
    again = {r.statement_id for g in m.groups for r in g.representative}
    assert not (again & used)
    assert m.components[:, m.excluded].max() == 0.0


def test_map_can_carry_bridging_scores(planted: tuple[VoteMatrix, np.ndarray]) -> None:
    matrix, _ = planted
    m = compute_opinion_map(matrix, bridging=True)
    assert m.bridging is not None
    assert m.bridging.item_ids.tolist() == m.statement_ids.tolist()
    assert np.all(np.isfinite(m.bridging.item_intercept))
    # Statements every group agrees with bridge best.
    top = int(np.argmax(m.bridging.item_intercept))
    assert m.group_aware_consensus[top] > np.median(m.group_aware_consensus)


@settings(max_examples=40, deadline=None)
@given(
    votes=st.lists(
        st.tuples(st.integers(0, 40), st.integers(0, 12), st.sampled_from([-1, 0, 1])),
        max_size=300,
    ),
    excluded=st.sets(st.integers(0, 12), max_size=13),
)
def test_any_small_matrix_gives_a_finite_map(
    votes: list[tuple[int, int, int]], excluded: set[int]
) -> None:
    cols = list(zip(*votes, strict=True)) if votes else [[], [], []]
    matrix = VoteMatrix.from_triples(*cols)
    m = compute_opinion_map(matrix, excluded_statements=excluded)
    _assert_finite(m)
    assert m.labels.shape == (matrix.shape[0],)
    assert (m.status == "ok") == (m.k >= 2)
    if m.status == "ok":
        assert sum(g.size for g in m.groups) == int((m.labels >= 0).sum())
    else:
        assert m.message.startswith(NOT_ENOUGH_VOTES)


def _camps_with_moderated_out_votes() -> tuple[np.ndarray, list[int]]:
    """30 participants in two camps vote on statements 0-9 (a few pass); statements 10-12
    are moderated out (every camp member voted on them, at random). Participant 30 voted on
    0-4 and on 10-12 (8 votes, 5 of them on statements the map uses), participant 31 on 0-4
    and 10 (6 votes)."""
    rng = np.random.default_rng(4)
    dense = np.full((32, 13), np.nan)
    camp = np.repeat([1.0, -1.0], 15)
    dense[:30, :10] = camp[:, None] * np.where(np.arange(10) < 5, 1.0, -1.0)
    dense[:30, :10][rng.random((30, 10)) < 0.15] = 0.0  # a few passes: distinct positions
    dense[:30, 10:] = rng.choice([-1.0, 0.0, 1.0], size=(30, 3))
    dense[30, :5] = 1.0
    dense[30, 10:] = [1.0, -1.0, 0.0]
    dense[31, :5] = -1.0
    dense[31, 10] = 1.0
    return dense, [10, 11, 12]


def test_votes_on_moderated_out_statements_count_towards_in_conversation() -> None:
    # Pol.is (conversation.clj, :user-vote-counts) counts every vote in the raw matrix,
    # before moderated-out columns are zeroed: 8 votes >= min(7, 13 statements) puts
    # participant 30 in; participant 31's 6 votes do not.
    dense, excluded = _camps_with_moderated_out_votes()
    m = compute_opinion_map(VoteMatrix.from_dense(dense), excluded_statements=excluded)
    assert m.status == "ok" and m.k == 2
    assert m.in_conversation.tolist() == [True] * 31 + [False]
    assert m.group_of(30) == m.group_of(0) and m.group_of(31) == -1


def test_moderated_out_statements_still_take_no_part_in_the_map() -> None:
    # The same map, down to the bit, as with the moderated-out votes deleted and participant
    # 30 forced in: those votes decide who is clustered, nothing else.
    dense, excluded = _camps_with_moderated_out_votes()
    m = compute_opinion_map(VoteMatrix.from_dense(dense), excluded_statements=excluded)
    without = dense.copy()
    without[:, excluded] = np.nan
    ref = compute_opinion_map(
        VoteMatrix.from_dense(without), excluded_statements=excluded, include_participants=[30]
    )
    assert m.in_conversation.tolist() == ref.in_conversation.tolist()
    assert m.projection.tobytes() == ref.projection.tobytes()
    assert m.components.tobytes() == ref.components.tobytes()
    assert m.labels.tolist() == ref.labels.tolist()
    assert m.components[:, excluded].max() == m.components[:, excluded].min() == 0.0
    assert not {r.statement_id for g in m.groups for r in g.representative} & set(excluded)


def test_in_conversation_threshold_counts_the_statements_voted_on() -> None:
    # Pol.is's threshold is min(7, statements in its rating matrix), i.e. statements with
    # at least one vote: 20 participants who each voted on all 3 such statements are all
    # in, however many statements nobody has voted on yet.
    dense = np.full((20, 13), np.nan)
    dense[:, :3] = np.repeat([[1.0, 1.0, -1.0], [-1.0, -1.0, 1.0]], 10, axis=0)
    m = compute_opinion_map(VoteMatrix.from_dense(dense))
    assert int(m.in_conversation.sum()) == 20
