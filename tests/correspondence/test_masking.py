"""Address masking on public pages and in the public index: exact, and linear in the text.

The old pattern, ``[\\w.+-]+(@| at )domain``, tried every start inside a long word and
ran to its end each time: a 20,000-character word cost 6–7 s, on every anonymous view.
"""

from __future__ import annotations

import re
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.correspondence.display import mask_addresses

# The pattern as it was, kept here as the reference for what is masked.
_REFERENCE = re.compile(
    r"(?P<local>[\w.+-]+)(?P<at>@| at )(?P<domain>[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,})\b"
)


def reference(text: str) -> str:
    return _REFERENCE.sub(lambda m: f"{m['local'][0]}…@{m['domain']}", text)


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("Write to jane.doe@example.org today.", "Write to j…@example.org today."),
        ("jane.doe at example.org wrote:", "j…@example.org wrote:"),
        ("<ana.souza@itamaraty.gov.br>", "<a…@itamaraty.gov.br>"),
        ("a@b.org,c+d@e-f.example.net", "a…@b.org,c…@e-f.example.net"),
        ("a@b.org-x@c.org", "a…@b.org-…@c.org"),
        ("meet at noon at the UN", "meet at noon at the UN"),
        ("no address here@", "no address here@"),
        ("x@localhost and y@host.c0m", "x@localhost and y@host.c0m"),
        ("élodie@exemple.fr", "é…@exemple.fr"),
    ],
)
def test_masks_addresses_exactly(text: str, masked: str) -> None:
    assert mask_addresses(text) == masked == reference(text)


HOSTILE = {
    "a long word": lambda n: "a" * n,
    "a long run of dots": lambda n: "." * n,
    "a long run of dashes": lambda n: "-" * n,
    "dotted labels": lambda n: "a." * (n // 2),
    "ats": lambda n: "a@" * (n // 2),
    "pipermail ats": lambda n: "a at " * (n // 5),
    "a long domain without a top-level label": lambda n: "x@" + "b.1" * (n // 3),
    "labels ending in digits": lambda n: "x@" + "ab1." * (n // 4),
    "a word before an at": lambda n: "a" * n + "@",
    "a domain that never ends": lambda n: "jane@" + "e" * n,
}


@pytest.mark.parametrize("name", list(HOSTILE))
def test_masking_is_linear_on_long_runs(name: str) -> None:
    # 20,000 characters first: the old pattern took seconds there, not minutes.
    for size in (20_000, 200_000):
        text = HOSTILE[name](size)
        start = time.perf_counter()
        mask_addresses(text)
        elapsed = time.perf_counter() - start
        assert elapsed < 0.1, f"{name}, {size:,} characters: {elapsed:.2f} s"
    small = HOSTILE[name](2_000)  # the reference is quadratic: compare on a short one
    assert mask_addresses(small) == reference(small)


@pytest.mark.parametrize(
    "unit", ["jane@example.org ", "a@b.org-", "a@b.org+a@b.org.", "x at y.org, "]
)
def test_many_addresses_cost_a_little_each(unit: str) -> None:
    text = unit * (200_000 // len(unit))  # 10,000 to 25,000 addresses
    start = time.perf_counter()
    masked = mask_addresses(text)
    assert time.perf_counter() - start < 0.5
    small = unit * 100
    assert masked[: len(mask_addresses(small))] == reference(small)


def test_a_real_address_after_a_long_word_is_still_masked() -> None:
    for size in (20_000, 200_000):
        text = "a" * size + " jane@example.org"
        start = time.perf_counter()
        assert mask_addresses(text).endswith(" j…@example.org")
        assert time.perf_counter() - start < 0.1


_ALPHABET = st.sampled_from([*"ab1é.+-@ _x", " at ", ".org", ".fr", "@b.org", "-x@"])


@settings(max_examples=500, deadline=None)
@given(st.lists(_ALPHABET, max_size=40).map("".join))
def test_masking_matches_the_reference_on_any_text(text: str) -> None:
    assert mask_addresses(text) == reference(text)
