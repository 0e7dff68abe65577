"""UN paragraph ids: parsing, insertion (bis, ter …), alternatives, order, display numbers."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.core.paragraph_ids import (
    ORDINALS,
    InvalidKey,
    ParagraphKey,
    alternative_key,
    append_key,
    display_numbers,
    format_key,
    is_valid_key,
    next_insertion_key,
    parse_key,
    sort_key,
)


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("PP3", ParagraphKey("PP", 3)),
        ("OP7", ParagraphKey("OP", 7)),
        ("OP7bis", ParagraphKey("OP", 7, 1)),
        ("OP7ter", ParagraphKey("OP", 7, 2)),
        ("OP7quater", ParagraphKey("OP", 7, 3)),
        ("OP7decies", ParagraphKey("OP", 7, 9)),
        ("OP7.11", ParagraphKey("OP", 7, 10)),
        ("OP7alt", ParagraphKey("OP", 7, 0, 1)),
        ("OP7alt2", ParagraphKey("OP", 7, 0, 2)),
        ("OP7bisalt", ParagraphKey("OP", 7, 1, 1)),
        ("op 7 Bis", ParagraphKey("OP", 7, 1)),
        ("H2", ParagraphKey("H", 2)),
    ],
)
def test_parse_and_format(text, key):
    assert parse_key(text) == key
    assert parse_key(format_key(key)) == key


@pytest.mark.parametrize("text", ["", "OP", "XX7", "OP7foo", "OP7.3", "7", "OP7alt0", "OPbis"])
def test_invalid_keys(text):
    assert not is_valid_key(text)
    with pytest.raises(InvalidKey):
        parse_key(text)


def test_insertion_after_a_key_uses_the_next_free_ordinal():
    assert next_insertion_key("OP7", ["OP7", "OP8"]) == "OP7bis"
    assert next_insertion_key("OP7", ["OP7", "OP7bis", "OP8"]) == "OP7ter"
    assert next_insertion_key("OP7bis", ["OP7", "OP7bis", "OP7ter"]) == "OP7quater"
    assert next_insertion_key("OP7alt", ["OP7", "OP7alt"]) == "OP7bis"
    assert next_insertion_key("PP2", ["PP1", "PP2"]) == "PP2bis"


def test_ordinals_run_out_into_numbers():
    existing = ["OP7"]
    for _ in range(12):
        existing.append(next_insertion_key(existing[-1], existing))
    assert existing[1 : len(ORDINALS) + 1] == [f"OP7{o}" for o in ORDINALS]
    assert existing[-3:] == ["OP7.11", "OP7.12", "OP7.13"]


def test_alternatives_and_appending():
    assert alternative_key("OP7", ["OP7"]) == "OP7alt"
    assert alternative_key("OP7", ["OP7", "OP7alt"]) == "OP7alt2"
    assert alternative_key("OP7alt", ["OP7", "OP7alt", "OP7alt2"]) == "OP7alt3"
    assert append_key("OP", ["PP1", "OP1", "OP9bis", "OP3"]) == "OP10"
    assert append_key("PP", []) == "PP1"


def test_order_and_display_numbers():
    keys = ["OP8", "OP7bis", "PP2", "OP7", "OP7alt", "H1"]
    assert sorted(keys, key=sort_key) == ["PP2", "OP7", "OP7alt", "OP7bis", "OP8", "H1"]
    document = ["H1", "PP1", "PP2", "OP1", "OP1bis", "OP1alt", "OP2"]
    assert display_numbers(document) == ["", "PP1", "PP2", "1.", "2.", "1 alt.", "3."]


_keys = st.builds(
    ParagraphKey,
    prefix=st.sampled_from(["PP", "OP"]),
    number=st.integers(1, 6),
    insertion=st.integers(0, 12),
    alternative=st.integers(0, 3),
).map(format_key)


@settings(max_examples=200, deadline=None)
@given(existing=st.lists(_keys, min_size=1, max_size=30), ops=st.lists(st.booleans(), max_size=20))
def test_allocated_keys_never_collide(existing, ops):
    keys = list(dict.fromkeys(existing))
    for i, alternative in enumerate(ops):
        after = keys[i % len(keys)]
        new = alternative_key(after, keys) if alternative else next_insertion_key(after, keys)
        assert new not in keys
        assert format_key(parse_key(new)) == new
        keys.append(new)
    assert len(set(keys)) == len(keys)


@settings(max_examples=200, deadline=None)
@given(keys=st.lists(_keys, min_size=1, max_size=30, unique=True), data=st.data())
def test_renumbering_never_changes_identity(keys, data):
    order = data.draw(st.permutations(keys))
    before = list(order)
    numbers = display_numbers(order)
    assert order == before  # display numbering does not touch the keys
    assert len(numbers) == len(order)
    ops = [n for k, n in zip(order, numbers, strict=True) if "alt" not in n and k.startswith("OP")]
    assert ops == [f"{i}." for i in range(1, len(ops) + 1)]
