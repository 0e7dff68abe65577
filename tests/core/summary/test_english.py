"""The English rules of the summary: counts and plurals, lists, dates, shares."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

import pytest

from accord.core.summary import english as en


@pytest.mark.parametrize(
    ("n", "expected"),
    [
        (0, "no Member States"),
        (1, "one Member State"),
        (2, "two Member States"),
        (10, "ten Member States"),
        (11, "11 Member States"),
        (1975, "1,975 Member States"),
    ],
)
def test_counts_use_words_to_ten_and_the_right_plural(n: int, expected: str) -> None:
    assert en.count(n, "Member State", "Member States") == expected


def test_nouns_of_the_templates() -> None:
    assert en.noun(1, "day") == "one day"
    assert en.noun(14, "day") == "14 days"
    assert en.noun(1, "constituency") == "one constituency"
    assert en.noun(5, "constituency") == "five constituencies"


@pytest.mark.parametrize(
    ("items", "expected"),
    [
        ([], ""),
        (["A"], "A"),
        (["A", "B"], "A and B"),
        (["A", "B", "C"], "A, B and C"),
        (["A", "B", "C", "D"], "A, B, C and D"),
    ],
)
def test_lists_have_no_serial_comma(items: list[str], expected: str) -> None:
    assert en.join(items) == expected


def test_articles() -> None:
    assert en.indefinite("Member State") == "a Member State"
    assert en.indefinite("observer") == "an observer"
    assert en.definite("G77 and China") == "the G77 and China"
    assert en.definite("The African Group") == "The African Group"
    assert en.lower_first("Rough consensus") == "rough consensus"
    assert en.lower_first("UN vote") == "UN vote"


@pytest.mark.parametrize(
    ("first", "last", "expected"),
    [
        (dt.date(2016, 9, 12), dt.date(2016, 9, 12), "12 September 2016"),
        (dt.date(2016, 9, 12), dt.date(2016, 9, 14), "12–14 September 2016"),
        (dt.date(2018, 1, 30), dt.date(2018, 2, 1), "30 January–1 February 2018"),
        (dt.date(2017, 12, 30), dt.date(2018, 1, 2), "30 December 2017–2 January 2018"),
    ],
)
def test_date_ranges(first: dt.date, last: dt.date, expected: str) -> None:
    assert en.date_range(first, last) == expected


def test_shares_letters_and_numerals() -> None:
    assert en.share(Fraction(2, 3)) == "two thirds"
    assert en.share(Fraction(1, 2)) == "half"
    assert en.share(Fraction(3, 5)) == "three fifths"
    assert en.share(Fraction(7, 10)) == "70 per cent"
    assert en.share(Fraction(2, 7)) == "28.6 per cent"
    assert [en.letter(i) for i in (0, 1, 25, 26, 27)] == ["a", "b", "z", "aa", "ab"]
    assert [en.numeral(i) for i in (1, 4, 10, 11)] == ["I", "IV", "X", "11"]


def test_sort_key_ignores_case_and_accents() -> None:
    names = ["Cuba", "côte d'Ivoire", "Türkiye", "Tunisia", "Chad"]
    assert sorted(names, key=en.sort_key) == ["Chad", "côte d'Ivoire", "Cuba", "Tunisia", "Türkiye"]
