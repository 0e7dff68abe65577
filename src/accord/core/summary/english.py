"""The few rules of English the drafter needs: lists, counts, plurals, articles and dates.

The words themselves come from :mod:`accord.core.summary.templates`; what is here is the
grammar that a translation would replace (article choice, serial lists, number words).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Sequence
from fractions import Fraction

from accord.core.summary import templates as t


def number(n: int) -> str:
    """One to ten in words ("no" for zero), then figures with a thousands separator."""
    if 0 <= n < len(t.NUMBER_WORDS):
        return t.NUMBER_WORDS[n]
    return f"{n:,}".replace(",", t.THOUSANDS_SEPARATOR)


def count(n: int, singular: str, plural: str) -> str:
    """ "one Member State", "two Member States", "no contributions", "57 members"."""
    return t.COUNT.format(count=number(n), noun=singular if n == 1 else plural)


def noun(n: int, key: str) -> str:
    """A count of one of the nouns of ``templates.NOUNS``: ``noun(3, "day")`` → "three days"."""
    singular, plural = t.NOUNS[key]
    return count(n, singular, plural)


def join(items: Sequence[str]) -> str:
    """ "A", "A and B", "A, B and C" (no serial comma, as in United Nations usage)."""
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    return t.LIST_LAST.format(items=t.LIST_SEPARATOR.join(items[:-1]), last=items[-1])


def capitalise(text: str) -> str:
    """The first letter in upper case, the rest untouched ("the G77" → "The G77")."""
    return text[:1].upper() + text[1:] if text else text


def lower_first(text: str) -> str:
    """ "Consensus" → "consensus", but "UN vote" stays (an initialism is left alone)."""
    if len(text) > 1 and text[0].isupper() and not text[1].isupper():
        return text[0].lower() + text[1:]
    return text


def indefinite(phrase: str) -> str:
    """ "a Member State", "an observer" (by the first letter: good enough for these nouns)."""
    template = t.ARTICLE_AN if phrase[:1].lower() in "aeiou" else t.ARTICLE_A
    return template.format(noun=phrase)


def definite(name: str) -> str:
    """ "the G77 and China"; a name that already starts with "the" is left as it is."""
    if re.match(r"(?i)the\s", name):
        return name
    return t.DEFINITE.format(name=name)


def share(value: Fraction) -> str:
    """ "half", "two thirds", or "60 per cent"."""
    words = t.FRACTION_WORDS.get((value.numerator, value.denominator))
    if words is not None:
        return words
    percent = value * 100
    text = str(percent.numerator) if percent.denominator == 1 else f"{float(percent):.1f}"
    return t.PER_CENT.format(value=text)


def date(day: dt.date) -> str:
    return t.DATE.format(day=day.day, month=t.MONTHS[day.month - 1], year=day.year)


def date_range(first: dt.date, last: dt.date) -> str:
    """ "12 September 2016", "12–14 September 2016", "30 January–1 February 2018"."""
    if last < first:
        first, last = last, first
    if first == last:
        return date(first)
    if (first.year, first.month) == (last.year, last.month):
        return t.DATE_RANGE_SAME_MONTH.format(
            first_day=first.day, last_day=last.day, month=t.MONTHS[first.month - 1], year=first.year
        )
    if first.year == last.year:
        return t.DATE_RANGE_SAME_YEAR.format(
            first_day=first.day,
            first_month=t.MONTHS[first.month - 1],
            last_day=last.day,
            last_month=t.MONTHS[last.month - 1],
            year=first.year,
        )
    return t.DATE_RANGE.format(first=date(first), last=date(last))


def time(moment: dt.datetime) -> str:
    return t.TIME.format(hour=moment.hour, minute=moment.minute)


def letter(index: int) -> str:
    """(a), (b), … (z), (aa), (ab) …: the letter of item ``index`` (from 0)."""
    out = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        out = chr(ord("a") + rest) + out
    return out


def numeral(index: int) -> str:
    """Roman numeral of section ``index`` (from 1)."""
    if 1 <= index <= len(t.ROMAN):
        return t.ROMAN[index - 1]
    return str(index)


def sort_key(name: str) -> tuple[str, str]:
    """Alphabetical order that ignores case and accents ("Côte d'Ivoire" before "Cuba")."""
    decomposed = unicodedata.normalize("NFKD", name)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return (plain.casefold(), name)


def strip_final_stop(text: str) -> str:
    text = text.strip()
    return text[:-1] if text.endswith(".") and not text.endswith("..") else text
