"""The test of broad support, at its boundaries, and its options."""

from __future__ import annotations

from fractions import Fraction

import pytest

from accord.core.summary import (
    MemberRef,
    Recommendation,
    SourceRef,
    Stance,
    StanceKind,
    SummaryError,
    SummaryOptions,
    assess_support,
    stance_counts,
)

SRC = SourceRef("position", "Position", "https://accord.example/p/1/")


def rec(*groups: tuple[str, StanceKind, int]) -> Recommendation:
    """A recommendation from (constituency, kind, how many members) groups."""
    stances = []
    n = 0
    for constituency, kind, count in groups:
        for _ in range(count):
            n += 1
            stances.append(Stance(MemberRef(f"M{n}", constituency), kind, SRC))
    return Recommendation("OP1", "1", "Text.", stances=tuple(stances))


def test_exactly_two_thirds_accepting_passes() -> None:
    support = assess_support(rec(("s", "support", 2), ("s", "stand_aside", 1)))
    assert (support.positioned, support.accepting, support.broad) == (3, 2, True)


def test_just_below_two_thirds_fails_on_the_share() -> None:
    support = assess_support(rec(("s", "support", 39), ("s", "stand_aside", 21)))
    assert support.broad is False
    assert support.below_share and not support.constituencies and not support.too_few


def test_can_live_with_no_objection_and_reservation_accept_dissociation_does_not() -> None:
    support = assess_support(
        rec(
            ("s", "can_live_with", 1),
            ("s", "no_objection", 1),
            ("s", "reservation", 1),
            ("s", "dissociation", 1),
        )
    )
    assert (support.positioned, support.accepting, support.objecting) == (4, 3, 0)
    assert support.broad  # 3/4 ≥ 2/3


def test_reserve_is_not_a_position() -> None:
    # 2 of 3 positions accept; counting the reserving member too it would be 2 of 4.
    support = assess_support(
        rec(("s", "support", 2), ("s", "object", 1), ("s", "reserve", 1), ("t", "support", 0))
    )
    assert support.positioned == 3 and support.broad


def test_half_of_a_constituency_objecting_passes_a_majority_fails() -> None:
    half = assess_support(rec(("s", "support", 20), ("c", "object", 2), ("c", "support", 2)))
    assert half.broad and half.constituencies == ()
    majority = assess_support(rec(("s", "support", 20), ("c", "object", 3), ("c", "support", 2)))
    assert not majority.broad and majority.constituencies == ("c",)
    assert not majority.below_share  # 22 of 25 accept: only the constituency test fails


def test_a_constituency_share_counts_only_its_members_with_a_position() -> None:
    # 2 object, 1 supports, 2 reserve: 2 of 3 with a position object.
    support = assess_support(
        rec(("s", "support", 20), ("c", "object", 2), ("c", "support", 1), ("c", "reserve", 2))
    )
    assert support.constituencies == ("c",)


def test_constituencies_are_reported_in_the_given_order() -> None:
    r = rec(("b", "object", 2), ("a", "object", 2), ("s", "support", 20))
    assert assess_support(r, constituency_order=("s", "b", "a")).constituencies == ("b", "a")
    assert assess_support(r).constituencies == ("a", "b")


def test_no_position_is_never_broad_support() -> None:
    support = assess_support(rec(("s", "reserve", 3)))
    assert support.positioned == 0 and support.too_few and not support.broad
    assert not assess_support(Recommendation("OP1", "1", "Text.")).broad


def test_a_member_listed_twice_counts_once_with_its_later_stance() -> None:
    m = MemberRef("M", "s")
    r = Recommendation(
        "OP1", "1", "T.", stances=(Stance(m, "object", SRC), Stance(m, "support", SRC))
    )
    assert stance_counts(r) == {"support": 1}
    assert assess_support(r).objecting == 0


@pytest.mark.parametrize(
    ("options", "broad"),
    [
        (SummaryOptions(), True),
        (SummaryOptions(min_acceptance=Fraction(4, 5)), True),  # 4 of 5: at the threshold
        (SummaryOptions(min_acceptance=Fraction(5, 6)), False),
        (SummaryOptions(max_constituency_objection=Fraction(1, 3)), False),  # "c": 1 of 2
        (SummaryOptions(max_constituency_objection=None), True),
        (SummaryOptions(max_constituency_objection=Fraction(0)), False),  # any objection
        (SummaryOptions(min_positions=5), True),
        (SummaryOptions(min_positions=6), False),
    ],
)
def test_thresholds_are_options(options: SummaryOptions, broad: bool) -> None:
    # Five positions, four accept; in constituency "c" one of its two members objects.
    r = rec(("s", "support", 3), ("c", "support", 1), ("c", "object", 1))
    assert assess_support(r, options).broad is broad


def test_options_are_validated() -> None:
    with pytest.raises(SummaryError):
        SummaryOptions(min_acceptance=Fraction(0))
    with pytest.raises(SummaryError):
        SummaryOptions(min_acceptance=Fraction(3, 2))
    with pytest.raises(SummaryError):
        SummaryOptions(max_constituency_objection=Fraction(1))
    with pytest.raises(SummaryError):
        SummaryOptions(min_positions=0)
