"""Parsing, allocating, ordering and display-numbering UN paragraph keys.

Grammar (canonical form)::

    key        = prefix number [insertion] [alternative]
    prefix     = "PP" | "OP" | "H" | "T"     (preambular, operative, heading, text)
    insertion  = "bis" | "ter" | … | "decies" | "." n   (n ≥ 11: the numeric fallback)
    alternative= "alt" | "alt" n             (n ≥ 2)

The insertion index of ``bis`` is 1 (the second paragraph numbered 7), ``decies`` is 9 and
``OP7.11`` is 10: after the Latin ordinals run out, the printed ordinal is the number.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

PREFIXES: tuple[str, ...] = ("PP", "OP", "H", "T")
ORDINALS: tuple[str, ...] = (
    "bis",
    "ter",
    "quater",
    "quinquies",
    "sexies",
    "septies",
    "octies",
    "novies",
    "decies",
)
_PREFIX_RANK = {p: i for i, p in enumerate(PREFIXES)}
_ORDINAL_INDEX = {o: i + 1 for i, o in enumerate(ORDINALS)}
# Longest ordinals first so "quinquies" is not read as a prefix of something shorter.
_ORD_RE = "|".join(sorted(ORDINALS, key=len, reverse=True))
_KEY = re.compile(
    rf"^(PP|OP|H|T)(\d{{1,5}})(?:({_ORD_RE})|\.(\d{{1,5}}))?(?:(alt)(\d{{1,4}})?)?$", re.I
)
_MAX_INSERTION = 99_999


class InvalidKey(ValueError):
    """A string that is not a paragraph key."""


@dataclass(frozen=True, slots=True, order=True)
class ParagraphKey:
    """A parsed key; ``insertion`` 0 = none, 1 = bis …; ``alternative`` 0 = none, 1 = alt."""

    prefix: str
    number: int
    insertion: int = 0
    alternative: int = 0

    def __str__(self) -> str:
        return format_key(self)

    @property
    def base(self) -> ParagraphKey:
        """The key without its alternative suffix (``OP7bisalt`` → ``OP7bis``)."""
        return replace(self, alternative=0)


def parse_key(text: str) -> ParagraphKey:
    """Read a key leniently ("op 7 Bis" → OP7bis); raise :class:`InvalidKey` otherwise."""
    compact = re.sub(r"\s+", "", text)
    m = _KEY.match(compact)
    if m is None:
        raise InvalidKey(f"{text!r} is not a paragraph id (expected e.g. PP3, OP7, OP7bis).")
    prefix, number, ordinal, numeric, alt, alt_n = m.groups()
    insertion = 0
    if ordinal:
        insertion = _ORDINAL_INDEX[ordinal.lower()]
    elif numeric:
        insertion = int(numeric) - 1
        if insertion <= len(ORDINALS):
            # "OP7.3" would duplicate "OP7ter": the numeric form starts after "decies".
            raise InvalidKey(f"{text!r}: use the Latin ordinal up to 'decies' (e.g. OP7ter).")
    alternative = 0
    if alt:
        alternative = int(alt_n) if alt_n else 1
        if alternative < 1:
            raise InvalidKey(f"{text!r}: alternatives are numbered from 1 ('alt', 'alt2').")
    return ParagraphKey(prefix.upper(), int(number), insertion, alternative)


def format_key(key: ParagraphKey) -> str:
    """The canonical spelling of ``key``."""
    out = f"{key.prefix}{key.number}"
    if 1 <= key.insertion <= len(ORDINALS):
        out += ORDINALS[key.insertion - 1]
    elif key.insertion > len(ORDINALS):
        out += f".{key.insertion + 1}"
    if key.alternative == 1:
        out += "alt"
    elif key.alternative > 1:
        out += f"alt{key.alternative}"
    return out


def is_valid_key(text: str) -> bool:
    try:
        parse_key(text)
    except InvalidKey:
        return False
    return True


def _parsed(existing: Iterable[str]) -> set[ParagraphKey]:
    keys: set[ParagraphKey] = set()
    for k in existing:
        try:
            keys.add(parse_key(k))
        except InvalidKey:
            continue  # keys of another scheme cannot collide with canonical ones
    return keys


def next_insertion_key(after: str, existing: Iterable[str]) -> str:
    """The key for a paragraph inserted after ``after``: the next unused ordinal of its number.

    ``OP7`` → ``OP7bis``; with ``OP7bis`` taken → ``OP7ter``; after ``OP7bis`` (``OP7ter``
    taken) → ``OP7quater``. Inserting after an alternative counts from its base. The result
    is never in ``existing`` (an ordinal is taken when any key of that number and ordinal
    exists, alternatives included, so a removed paragraph's id is never reused).
    """
    base = parse_key(after).base
    taken = {(k.prefix, k.number, k.insertion) for k in _parsed(existing)}
    i = base.insertion + 1
    while (base.prefix, base.number, i) in taken:
        i += 1
    if i > _MAX_INSERTION:  # pragma: no cover - 100k insertions after one paragraph
        raise InvalidKey("too many insertions after one paragraph")
    return format_key(ParagraphKey(base.prefix, base.number, i, 0))


def append_key(prefix: str, existing: Iterable[str]) -> str:
    """A fresh key at the end of the ``prefix`` series: one more than the highest number."""
    if prefix not in _PREFIX_RANK:
        raise InvalidKey(f"unknown paragraph prefix {prefix!r}")
    numbers = [k.number for k in _parsed(existing) if k.prefix == prefix]
    return format_key(ParagraphKey(prefix, max(numbers, default=0) + 1))


def alternative_key(of: str, existing: Iterable[str]) -> str:
    """The key for an alternative to ``of``: ``OP7alt``, then ``OP7alt2``, ``OP7alt3`` …"""
    base = parse_key(of).base
    keys = _parsed(existing)
    n = 1
    while replace(base, alternative=n) in keys:
        n += 1
    return format_key(replace(base, alternative=n))


def sort_key(key: str) -> tuple[int, int, int, int]:
    """A default order: PP before OP before headings and text, then number, ordinal, alt."""
    k = parse_key(key)
    return (_PREFIX_RANK[k.prefix], k.number, k.insertion, k.alternative)


def display_numbers(keys: Sequence[str]) -> list[str]:
    """Numbers to print for ``keys`` given in document order; identities are untouched.

    Operative paragraphs are numbered ``1.`` … ``n.`` in document order; preambular ones
    ``PP1`` … ``PPn``. An alternative is printed with its base's number (``7 alt.``) when
    the base comes before it; headings and text paragraphs get no number.
    """
    out: list[str] = []
    counters = {"PP": 0, "OP": 0}
    shown: dict[ParagraphKey, int] = {}
    for raw in keys:
        k = parse_key(raw)
        if k.prefix not in counters:
            out.append("")
            continue
        if k.alternative and k.base in shown:
            n = shown[k.base]
            suffix = " alt" if k.alternative == 1 else f" alt{k.alternative}"
        else:
            counters[k.prefix] += 1
            n = counters[k.prefix]
            shown.setdefault(k.base, n)
            suffix = ""
        out.append(f"PP{n}{suffix}" if k.prefix == "PP" else f"{n}{suffix}.")
    return out
