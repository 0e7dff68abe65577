"""Representative statements: the side shown ("tends to agree/disagree") has the group's own
votes behind it (issue 9: a group "tended to disagree" with "0% disagree (0 of 3)")."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.core.opinions.repness import (
    GroupCounts,
    RepStatement,
    repness_stats,
    select_representative,
)


def _counts(
    agree: list[list[int]], disagree: list[list[int]], seen: list[list[int]]
) -> GroupCounts:
    return GroupCounts(
        np.asarray(agree, dtype=np.int64),
        np.asarray(disagree, dtype=np.int64),
        np.asarray(seen, dtype=np.int64),
    )


def _reps(counts: GroupCounts) -> tuple[tuple[RepStatement, ...], ...]:
    n_s = counts.agree.shape[1]
    return select_representative(repness_stats(counts), np.arange(n_s), np.ones(n_s, dtype=bool))


def test_a_group_agreeing_like_everybody_else_is_shown_agreeing() -> None:
    # Group 0: 3 of 3 agree with statement 0; everybody else: 10 of 10 agree. Nobody
    # disagrees, so Pol.is's "rat > rdt" (0 > 0.80, pseudocounts) called it a disagreement.
    counts = _counts([[3, 0], [10, 0]], [[0, 3], [0, 10]], [[3, 3], [10, 10]])
    group0 = _reps(counts)[0]
    assert group0 == (
        RepStatement(
            statement_id=0,
            statement_index=0,
            repful_for="agree",
            n_success=3,
            n_trials=3,
            p_success=pytest.approx(4 / 5),
            p_test=pytest.approx(2.0),
            repness=pytest.approx((4 / 5) / (11 / 12)),
            repness_test=0.0,
            best_agree=True,
        ),
    )


def test_a_statement_that_qualifies_by_agreement_is_shown_as_agreement() -> None:
    # 3 of 3 agree in the group, 50 of 100 elsewhere (none disagree): passes Pol.is's test
    # on agreement (rat 1.94, pat 2.0), but rdt (3.45) > rat relabelled it "disagree".
    counts = _counts([[3], [50]], [[0], [0]], [[3], [100]])
    (rep,) = _reps(counts)[0]
    assert (rep.repful_for, rep.n_success, rep.n_trials, rep.best_agree) == ("agree", 3, 3, True)
    assert rep.repness_test == pytest.approx(1.9443194, rel=1e-6)


def test_the_fallback_statement_has_votes_in_its_direction() -> None:
    # Nothing qualifies for group 0 and it agrees with nothing. Statement 0: 3 passes, no
    # disagreement (rdt 0.80 by pseudocounts alone); statement 1: 1 disagree of 10 (rdt 0.62).
    counts = _counts([[0, 0], [10, 10]], [[0, 1], [0, 0]], [[3, 10], [10, 10]])
    (rep,) = _reps(counts)[0]
    assert (rep.statement_id, rep.repful_for, rep.n_success, rep.n_trials) == (
        1,
        "disagree",
        1,
        10,
    )
    assert type(rep.statement_index) is int


def test_nothing_to_show_when_the_group_only_passed() -> None:
    counts = _counts([[0], [10]], [[0], [0]], [[4], [10]])
    assert _reps(counts)[0] == ()


@settings(max_examples=300, deadline=None)
@given(
    data=st.lists(
        st.lists(
            st.tuples(st.integers(0, 12), st.integers(0, 12), st.integers(0, 6)),
            min_size=4,
            max_size=4,
        ),
        min_size=2,
        max_size=4,
    )
)
def test_the_side_shown_always_has_the_groups_votes_behind_it(
    data: list[list[tuple[int, int, int]]],
) -> None:
    agree = [[a for a, _d, _p in row] for row in data]
    disagree = [[d for _a, d, _p in row] for row in data]
    seen = [[a + d + p for a, d, p in row] for row in data]
    counts = _counts(agree, disagree, seen)
    for g, reps in enumerate(_reps(counts)):
        for r in reps:
            own = counts.agree if r.repful_for == "agree" else counts.disagree
            other = counts.disagree if r.repful_for == "agree" else counts.agree
            c = r.statement_index
            assert r.n_success == own[g, c] > 0
            assert r.n_success >= other[g, c]
            assert r.n_trials == counts.seen[g, c]
            assert not r.best_agree or r.repful_for == "agree"
