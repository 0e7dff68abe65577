"""Exact and near-duplicate clusters (runs with ``-p no:django``)."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.core.synthesis import deduplicate, normalise, shingle_batch
from accord.core.synthesis.dedup import text_batches
from accord.core.synthesis.minhash import signatures

BASE = (
    "The working group should publish every draft of the outcome document at least two weeks "
    "before each session so that delegations from small states can consult their capitals."
)


def test_normalise() -> None:
    assert normalise("Hello, World!  It's   a TEST\tnow.") == "hello world it s a test now"
    assert normalise("Ｆｕｌｌ-width Straße…") == "full width strasse"
    assert normalise("  ") == ""


def test_exact_and_near_duplicate_clusters() -> None:
    texts = [
        BASE,  # 0
        BASE.upper().replace(",", " ;"),  # 1: exact after normalising
        BASE.replace("two weeks", "two full weeks"),  # 2: near duplicate of 0
        "An unrelated comment about the venue and the catering of the meeting in Geneva.",  # 3
        "",  # 4
        "",  # 5
        BASE,  # 6
        "Short one.",  # 7
    ]
    d = deduplicate(texts)
    assert d.distinct.tolist() == [0, 0, 1, 2, 3, 3, 0, 4]
    assert d.copies.tolist() == [3, 1, 1, 2, 1]
    assert d.first_source.tolist() == [0, 2, 3, 4, 7]
    assert [c.tolist() for c in d.exact_clusters()] == [[0, 1, 6], [4, 5]]
    assert [c.tolist() for c in d.near_clusters()] == [[0, 1, 2, 6], [4, 5]]
    assert d.near.tolist() == [0, 0, 0, 1, 2, 2, 0, 3]


def test_shingles_are_word_bigrams_independent_of_batch() -> None:
    sh, off = shingle_batch(["a b c", "", "x", "a b c d", "b c"])
    assert off.tolist() == [0, 2, 2, 3, 6, 7]
    assert sh[3:5].tolist() == sh[0:2].tolist()  # "a b", "b c" again
    assert sh[6] == sh[1]  # "b c" in another document
    alone, _ = shingle_batch(["b c"])
    assert alone.tolist() == [sh[1]]


def test_batches_cover_the_texts() -> None:
    texts = ["x" * 5, "y" * 20, "z", "w" * 3]
    assert text_batches(texts, max_bytes=10) == [(0, 1), (1, 2), (2, 4)]


@settings(max_examples=40, deadline=None)
@given(st.lists(st.lists(st.sampled_from("abcdefgh"), max_size=12), min_size=1, max_size=20))
def test_signature_rows_match_the_exact_minimum(docs: list[list[str]]) -> None:
    texts = [" ".join(d) for d in docs]
    sh, off = shingle_batch(texts)
    sig = signatures(sh, off, num_perm=8, seed=3)
    # Computing each document alone gives the same rows (batch independence).
    for k, t in enumerate(texts):
        s1, o1 = shingle_batch([t])
        assert signatures(s1, o1, num_perm=8, seed=3)[0].tolist() == sig[k].tolist()
    # Identical shingle sets give identical signatures.
    for a in range(len(docs)):
        for b in range(len(docs)):
            if set(sh[off[a] : off[a + 1]].tolist()) == set(sh[off[b] : off[b + 1]].tolist()):
                assert np.array_equal(sig[a], sig[b])
