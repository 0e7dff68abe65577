"""Align the paragraphs of two versions of a draft: by id, then by text similarity.

Order of evidence, strongest first:

1. the paragraph id (``OP7``, ``PP2bis``): ids survive revisions by convention, so a
   paragraph keeps its identity even when rewritten completely;
2. identical text, which also catches moved paragraphs;
3. similarity of word shingles (Jaccard over words and word pairs), assigned one to one
   by the Hungarian method so a paragraph is not claimed by a weaker look-alike;
4. containment, for splits and merges: a leftover new paragraph whose words are mostly
   inside an old paragraph already matched next to it is part of a split of that old
   paragraph (and symmetrically for merges).

Matches that are out of order relative to the longest in-order chain are flagged
``moved``. Everything is deterministic (ties go to the earlier paragraph).
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_left
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal, TypeAlias

import numpy as np
from scipy.optimize import linear_sum_assignment
from scipy.sparse import csr_array

from accord.core.textdiff.speedups import overlap_counts, word_ids

MatchKind: TypeAlias = Literal["id", "identical", "similar", "split", "merge"]
_Link: TypeAlias = Callable[[int, int, MatchKind], None]

_WORDS = re.compile(r"\w+")
_ID = re.compile(
    r"^\W{0,4}((?:PP|OP)\s?\d{1,3}(?:\s?(?:bis|ter|quater|quinquies|sexies|septies|octies|alt))*)\b",
    re.I,
)
_BLANK = re.compile(r"\n[ \t]*\n\s*")


@dataclass(frozen=True, slots=True)
class Para:
    """A paragraph of one version: its stable id (None when imported without) and text."""

    id: str | None
    text: str


@dataclass(frozen=True, slots=True)
class Match:
    """Old paragraphs ``old`` correspond to new paragraphs ``new`` (indices, ascending).

    One to one except for ``split`` (one old, several new) and ``merge`` (several old,
    one new). ``similarity`` is the shingle Jaccard (1.0 for identical text).
    """

    old: tuple[int, ...]
    new: tuple[int, ...]
    kind: MatchKind
    similarity: float
    moved: bool = False


@dataclass(frozen=True, slots=True)
class Alignment:
    """Matches in new-document order, plus the unmatched old (deleted) and new (inserted)."""

    matches: tuple[Match, ...]
    deleted: tuple[int, ...]
    inserted: tuple[int, ...]


# Frozen slotted dataclasses are built many times per alignment; setting their slots
# directly gives the same object several times faster than the dataclass ``__init__``.
_new = object.__new__
_PARA_ID, _PARA_TEXT = (Para.__dict__[f].__set__ for f in ("id", "text"))
_M_OLD, _M_NEW, _M_KIND, _M_SIM, _M_MOVED = (
    Match.__dict__[f].__set__ for f in ("old", "new", "kind", "similarity", "moved")
)


def _para(pid: str | None, text: str) -> Para:
    para = _new(Para)
    _PARA_ID(para, pid)
    _PARA_TEXT(para, text)
    return para


def _match(
    old: tuple[int, ...], new: tuple[int, ...], kind: MatchKind, similarity: float, moved: bool
) -> Match:
    match = _new(Match)
    _M_OLD(match, old)
    _M_NEW(match, new)
    _M_KIND(match, kind)
    _M_SIM(match, similarity)
    _M_MOVED(match, moved)
    return match


def paragraph_id(text: str) -> str | None:
    """The UN paragraph id a paragraph starts with ("OP7bis." → "OP7bis"), else None."""
    head = text[:6]  # "PP"/"OP" after at most four other characters
    if "P" not in head and "p" not in head:
        return None  # nothing else matches P, even ignoring case
    m = _ID.match(text)
    if m is None:
        return None
    compact = re.sub(r"\s", "", m.group(1))
    return compact[:2].upper() + compact[2:].lower()


def split_paragraphs(text: str, *, detect_ids: bool = True) -> tuple[Para, ...]:
    """Split text on blank lines into paragraphs (ids from "PP3"/"OP7bis" prefixes)."""
    parts = [p.strip() for p in _BLANK.split(text)]
    if detect_ids:
        return tuple(_para(paragraph_id(p), p) for p in parts if p)
    return tuple(_para(None, p) for p in parts if p)


def _split_piece(piece: str) -> list[str]:
    """The case-folded words of a piece of text holding non-ASCII characters."""
    return _WORDS.findall(piece.casefold())


def _word_ids_py(texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Case-folded word ids of ``texts``, one after another, and each text's word count.

    Equal words get equal ids, in all the texts (the ids are otherwise arbitrary:
    ``dict.setdefault`` through ``map()`` keeps the per-word loop in C, and the counter
    runs on for words already known).
    """
    found = _casefolded_words(texts)
    vocab: dict[bytes, int] = {b"\x00": -1}
    ids = np.fromiter(
        map(vocab.setdefault, found, itertools.count()), dtype=np.int64, count=len(found)
    )
    ends = np.flatnonzero(ids < 0)
    lengths = np.diff(ends, prepend=-1) - 1
    return ids[ids >= 0], lengths


def _word_ids_c(texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """:func:`_word_ids_py` in C (``_speedups.word_ids``): the same words, other ids."""
    assert word_ids is not None
    ids, lengths = word_ids(texts, _split_piece)
    return np.frombuffer(ids, dtype=np.int64), np.frombuffer(lengths, dtype=np.int64)


_word_ids = _word_ids_c if word_ids is not None else _word_ids_py


# ASCII bytes: letters lower-cased, digits and "_" kept (the ASCII part of \w), NUL
# kept (it separates texts), every other ASCII byte a space; UTF-8 bytes of non-ASCII
# characters kept as they are.
_ASCII_WORDS = bytes(
    c + 32 if 65 <= c <= 90 else c if c >= 128 or c == 0 or chr(c).isalnum() or c == 95 else 32
    for c in range(256)
)


def _casefolded_words(texts: list[str]) -> list[bytes]:
    """``\\w+`` words of each case-folded text (UTF-8), each text followed by ``b"\\0"``.

    Exactly ``_WORDS.findall(text.casefold())`` per text, but mostly in C: ASCII
    separators are turned into spaces by one ``bytes.translate`` and ``split()`` cuts
    there (case folding maps ASCII letters to ASCII letters and leaves other ASCII
    characters alone, so it commutes with that cut). Only the few pieces holding
    non-ASCII characters go through ``casefold`` and the regex, which also splits them
    at non-ASCII punctuation.
    """
    joined = " \x00 ".join(texts)
    if joined.count("\x00") != len(texts) - 1:  # a text holds a NUL itself
        return [
            w.encode("utf-8", "surrogatepass")
            for t in texts
            for w in (*_WORDS.findall(t.casefold()), "\x00")
        ]
    raw = joined.encode("utf-8", "surrogatepass").translate(_ASCII_WORDS)
    pieces = raw.split()
    pieces.append(b"\x00")
    if joined.isascii():
        return pieces
    # The pieces holding non-ASCII bytes, found on the bytes at once: after the
    # translation the only whitespace byte left is the space, so a piece starts at
    # every non-space byte after a space (or at the start).
    buf = np.frombuffer(raw, dtype=np.uint8)
    solid = buf != 32
    starts = solid.copy()
    starts[1:] &= ~solid[:-1]
    piece_of = np.searchsorted(np.flatnonzero(starts), np.flatnonzero(buf >= 128), "right") - 1
    out: list[bytes] = []
    done = 0
    for i in np.unique(piece_of).tolist():
        out += pieces[done:i]
        text = pieces[i].decode("utf-8", "surrogatepass").casefold()
        out += [w.encode("utf-8", "surrogatepass") for w in _WORDS.findall(text)]
        done = i + 1
    out += pieces[done:]
    return out


def _overlap_counts_c(
    ids: np.ndarray, lengths: np.ndarray, k: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """:func:`_overlap_counts_py` in C (``_speedups.overlap_counts``): same numbers."""
    assert overlap_counts is not None
    inter, sizes = overlap_counts(
        np.ascontiguousarray(ids, dtype=np.int64), np.ascontiguousarray(lengths, dtype=np.int64), k
    )
    both = np.frombuffer(sizes, dtype=np.float64)
    return np.frombuffer(inter, dtype=np.float64).reshape(k, len(lengths) - k), both[:k], both[k:]


def _overlap_counts_py(
    ids: np.ndarray, lengths: np.ndarray, k: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Shared shingles (words and word pairs) of the first ``k`` paragraphs (rows) with
    the others (columns), and each paragraph's shingle count. Paragraph ``p`` is the
    ``lengths[p]`` word ids after those of the paragraphs before it.

    Shingles found in more than a fifth of the paragraphs (and in more than ten) are
    left out: words like "the" say nothing about which paragraph is which, and they
    would make the sparse product below nearly dense.
    """
    n = len(lengths)
    sparse = np.asarray(ids, dtype=np.int64)
    if not len(sparse):
        return np.zeros((k, n - k)), np.zeros(k), np.zeros(n - k)
    # Relabel the ids densely (0..v-1) so the pair keys below stay small.
    present = np.zeros(int(sparse.max()) + 1, dtype=np.int64)
    present[sparse] = 1
    words = (np.cumsum(present) - 1)[sparse]
    v = int(words.max()) + 1
    para = np.repeat(np.arange(n, dtype=np.int64), lengths)
    same = para[:-1] == para[1:]
    keys = np.concatenate([words, v + words[:-1][same] * v + words[1:][same]])
    owners = np.concatenate([para, para[:-1][same]])
    # One sort by (shingle, paragraph) gives both the distinct (paragraph, shingle)
    # pairs and, shingle by shingle, the columns of the matrix in order.
    keys, owners = np.divmod(_sorted_unique(keys * n + owners), n)
    starts = np.empty(len(keys), dtype=bool)
    starts[0] = True
    np.not_equal(keys[1:], keys[:-1], out=starts[1:])
    label = np.cumsum(starts) - 1
    df = np.bincount(label)
    keep = df[label] <= max(10, n // 5)
    owners, label = owners[keep], label[keep]
    sizes = np.bincount(owners, minlength=n).astype(np.float64)
    # Shingle × paragraph matrices, built row by row straight from the sorted pairs.
    columns = len(df)
    is_old = owners < k
    old_t = _by_shingle(owners[is_old], label[is_old], columns, k)
    new_t = _by_shingle(owners[~is_old] - k, label[~is_old], columns, n - k)
    inter = np.asarray((old_t.T @ new_t).toarray(), dtype=np.float64)
    return inter, sizes[:k], sizes[k:]


_overlap_counts = _overlap_counts_c if overlap_counts is not None else _overlap_counts_py


def _by_shingle(owners: np.ndarray, label: np.ndarray, columns: int, width: int) -> csr_array:
    """Binary shingle × paragraph matrix from pairs sorted by shingle, then paragraph."""
    indptr = np.zeros(columns + 1, dtype=np.int64)
    np.cumsum(np.bincount(label, minlength=columns), out=indptr[1:])
    data = np.ones(len(owners), dtype=np.float64)
    return csr_array((data, owners, indptr), shape=(columns, width))


def align_paragraphs(
    old: Sequence[Para],
    new: Sequence[Para],
    *,
    min_similarity: float = 0.3,
    min_containment: float = 0.6,
) -> Alignment:
    """Align ``old`` and ``new`` paragraphs; see the module docstring for the rules.

    ``min_similarity`` is the least Jaccard for a one-to-one text match, and
    ``min_containment`` the least share of a paragraph's shingles found in its partner
    for a split or merge. Cost: O(total words) plus a sparse product and an assignment
    over the paragraphs left after id and exact matching.
    """
    old_of: dict[int, list[int]] = {}  # old index -> new indices
    kinds: dict[int, MatchKind] = {}
    new_taken: set[int] = set()

    def link(o: int, n: int, kind: MatchKind) -> None:
        old_of.setdefault(o, []).append(n)
        kinds.setdefault(o, kind)
        new_taken.add(n)

    _match_ids(old, new, link)
    _match_identical(old, new, old_of, new_taken, link)
    free_old = [o for o in range(len(old)) if o not in old_of]
    free_new = [n for n in range(len(new)) if n not in new_taken]
    # Shingles only where they can matter: unmatched paragraphs and id matches (for
    # their similarity). A light revision touches a few percent of the text.
    id_olds = [o for o, k in kinds.items() if k == "id"]
    rows = sorted({*free_old, *id_olds})
    cols = sorted({*free_new, *(n for o in id_olds for n in old_of[o])})
    texts = [p.text for p in old] + [p.text for p in new]
    ov = _Overlap.build(texts, len(old), rows, cols)
    if free_old and free_new:
        r_idx = [ov.row_pos[o] for o in free_old]
        c_idx = [ov.col_pos[n] for n in free_new]
        sub = ov.inter[np.ix_(r_idx, c_idx)]
        union = ov.size_old[r_idx][:, None] + ov.size_new[c_idx][None, :] - sub
        sim = np.divide(sub, union, out=np.zeros_like(sub), where=union > 0)
        for r, c in _assign(sim, min_similarity):
            link(free_old[r], free_new[c], "similar")
    # Splits and merges: the few paragraphs still unmatched, against the partners of
    # their neighbours, in a second small product.
    left_old = [o for o in free_old if o not in old_of]
    left_new = [n for n in free_new if n not in new_taken]
    partner = {n: o for o, ns in old_of.items() for n in ns}
    rows2 = {*left_old, *(partner[m] for n in left_new for m in (n - 1, n + 1) if m in partner)}
    cols2 = {*left_new, *(n for o in left_old for p in (o - 1, o + 1) for n in old_of.get(p, ()))}
    ov2 = _Overlap.build(texts, len(old), sorted(rows2), sorted(cols2))
    merged_into = _splits_and_merges(ov2, old_of, new_taken, kinds, min_containment, link)
    return _finish(old_of, kinds, merged_into, old, new, ov)


@dataclass(frozen=True)
class _Overlap:
    """Shared shingle counts for a subset of old (rows) and new (columns) paragraphs."""

    rows: list[int]
    cols: list[int]
    row_pos: dict[int, int]
    col_pos: dict[int, int]
    inter: np.ndarray
    size_old: np.ndarray
    size_new: np.ndarray

    @classmethod
    def build(cls, texts: list[str], n_old: int, rows: list[int], cols: list[int]) -> _Overlap:
        """Counts for old paragraphs ``rows`` and new ``cols`` (``texts`` holds the old
        paragraphs' texts, then the new ones')."""
        if rows and cols:
            ids, lengths = _word_ids([texts[o] for o in rows] + [texts[n_old + n] for n in cols])
            inter, size_old, size_new = _overlap_counts(ids, lengths, len(rows))
        else:
            inter = np.zeros((len(rows), len(cols)))
            size_old, size_new = np.zeros(len(rows)), np.zeros(len(cols))
        return cls(
            rows,
            cols,
            {o: i for i, o in enumerate(rows)},
            {n: i for i, n in enumerate(cols)},
            inter,
            size_old,
            size_new,
        )

    def shared(self, o: int, n: int) -> float:
        r, c = self.row_pos.get(o), self.col_pos.get(n)
        return 0.0 if r is None or c is None else float(self.inter[r, c])


def _match_ids(old: Sequence[Para], new: Sequence[Para], link: _Link) -> None:
    new_by_id: dict[str, int] = {}
    for n, p in enumerate(new):
        if p.id is not None:
            new_by_id.setdefault(p.id, n)
    seen: set[str] = set()
    for o, p in enumerate(old):
        if p.id is not None and p.id in new_by_id and p.id not in seen:
            seen.add(p.id)
            link(o, new_by_id[p.id], "id")


def _match_identical(
    old: Sequence[Para],
    new: Sequence[Para],
    old_of: dict[int, list[int]],
    new_taken: set[int],
    link: _Link,
) -> None:
    waiting: dict[str, list[int]] = {}
    for n in range(len(new) - 1, -1, -1):  # reversed so pop() yields the earliest
        if n not in new_taken:
            waiting.setdefault(new[n].text, []).append(n)
    for o, p in enumerate(old):
        if o in old_of:
            continue
        queue = waiting.get(p.text)
        if queue:
            link(o, queue.pop(), "identical")


def _sorted_unique(values: np.ndarray) -> np.ndarray:
    # Sorting beats numpy 2's hash-based np.unique on these int64 keys.
    values = np.sort(values)
    if len(values) < 2:
        return values
    keep = np.ones(len(values), dtype=bool)
    keep[1:] = values[1:] != values[:-1]
    return values[keep]


def _assign(sim: np.ndarray, threshold: float) -> list[tuple[int, int]]:
    """One-to-one pairs maximising total similarity, keeping those ≥ threshold."""
    rows_any = np.flatnonzero((sim >= threshold).any(axis=1))
    cols_any = np.flatnonzero((sim >= threshold).any(axis=0))
    if not len(rows_any):
        return []
    sub = sim[np.ix_(rows_any, cols_any)]
    # A tiny bonus for staying on the diagonal breaks ties towards in-order matches.
    ro = rows_any[:, None] / max(sim.shape[0], 1)
    co = cols_any[None, :] / max(sim.shape[1], 1)
    score = np.where(sub >= threshold, sub + 1e-6 * (1 - np.abs(ro - co)), 0.0)
    rr, cc = linear_sum_assignment(score, maximize=True)
    return sorted(
        (int(rows_any[r]), int(cols_any[c])) for r, c in zip(rr, cc, strict=True) if score[r, c]
    )


def _splits_and_merges(
    ov: _Overlap,
    old_of: dict[int, list[int]],
    new_taken: set[int],
    kinds: dict[int, MatchKind],
    threshold: float,
    link: _Link,
) -> dict[int, int]:
    """Attach leftover paragraphs to a matched neighbour's partner; returns merges."""
    if not ov.rows or not ov.cols:
        return {}
    # Each leftover paragraph's best containment (first maximum), all at once: the
    # loops below only link, which changes none of these numbers.
    cands = [c for c, n in enumerate(ov.cols) if n not in new_taken and ov.size_new[c] >= 3]
    if cands:
        containment = ov.inter[:, cands] / ov.size_new[cands]
        best = np.argmax(containment, axis=0)
        values = containment[best, np.arange(len(cands))] >= threshold
        for c, r, ok in zip(cands, best.tolist(), values.tolist(), strict=True):
            n, o = ov.cols[c], ov.rows[r]
            partners = old_of.get(o)
            if ok and partners and min(abs(n - p) for p in partners) == 1:
                link(o, n, "split")
                kinds[o] = "split"
    merged_into: dict[int, int] = {}  # extra old index -> old index holding the match
    owner = {n: o for o, ns in old_of.items() for n in ns}
    cands = [r for r, o in enumerate(ov.rows) if o not in old_of and ov.size_old[r] >= 3]
    if not cands:
        return merged_into
    containment = ov.inter[cands, :] / ov.size_old[cands][:, None]
    best = np.argmax(containment, axis=1)
    values = containment[np.arange(len(cands)), best] >= threshold
    for r, c, ok in zip(cands, best.tolist(), values.tolist(), strict=True):
        o = ov.rows[r]
        head = owner.get(ov.cols[c])
        if ok and head is not None and len(old_of[head]) == 1:
            group = [head, *(k for k, v in merged_into.items() if v == head)]
            if min(abs(o - g) for g in group) == 1:
                merged_into[o] = head
                kinds[head] = "merge"
    return merged_into


def _finish(
    old_of: dict[int, list[int]],
    kinds: dict[int, MatchKind],
    merged_into: dict[int, int],
    old: Sequence[Para],
    new: Sequence[Para],
    ov: _Overlap,
) -> Alignment:
    n_old, n_new = len(old), len(new)
    groups: list[tuple[tuple[int, ...], tuple[int, ...], MatchKind, float]] = []
    extra: dict[int, list[int]] = {}
    for k, v in merged_into.items():
        extra.setdefault(v, []).append(k)
    row_pos, col_pos, inter = ov.row_pos, ov.col_pos, ov.inter
    for head, news in old_of.items():
        olds = tuple(sorted([head, *extra[head]])) if head in extra else (head,)
        kind = kinds[head]
        # Shingles of a group are summed: a paragraph's words and pairs rarely repeat
        # across its neighbours, and an identical text scores 1.0 as it should.
        if kind == "identical":
            sim = 1.0
        elif kind in ("split", "merge"):
            sim = _jaccard(" ".join(old[o].text for o in olds), " ".join(new[n].text for n in news))
        elif len(olds) == 1 and len(news) == 1:
            # The general sums below for one pair (the same float operations).
            r, c = row_pos.get(head), col_pos.get(news[0])
            shared = 0.0 if r is None or c is None else float(inter[r, c])
            total = -shared
            if r is not None:
                total += float(ov.size_old[r])
            if c is not None:
                total += float(ov.size_new[c])
            sim = shared / total if total > 0 else 1.0
        else:
            shared = sum(ov.shared(o, n) for o in olds for n in news)
            total = -shared
            total += sum(float(ov.size_old[row_pos[o]]) for o in olds if o in row_pos)
            total += sum(float(ov.size_new[col_pos[n]]) for n in news if n in col_pos)
            sim = shared / total if total > 0 else 1.0
        groups.append((olds, tuple(sorted(news)), kind, sim))
    groups.sort(key=lambda g: g[0][0])
    in_order = _lis([g[1][0] for g in groups])
    matches = sorted(
        (_match(o, n, k, round(s, 6), i not in in_order) for i, (o, n, k, s) in enumerate(groups)),
        key=lambda m: m.new[0],
    )
    used_old = {o for m in matches for o in m.old}
    used_new = {n for m in matches for n in m.new}
    return Alignment(
        tuple(matches),
        tuple(o for o in range(n_old) if o not in used_old),
        tuple(n for n in range(n_new) if n not in used_new),
    )


def _jaccard(a: str, b: str) -> float:
    """Word and word-pair Jaccard of two texts (for the few split/merge groups)."""

    def shingles(text: str) -> set[object]:
        words = _WORDS.findall(text.casefold())
        return {*words, *itertools.pairwise(words)}

    sa, sb = shingles(a), shingles(b)
    return len(sa & sb) / len(sa | sb) if sa | sb else 1.0


def _lis(seq: list[int]) -> set[int]:
    """Positions of one longest strictly increasing subsequence (earliest on ties)."""
    tails: list[int] = []
    tail_pos: list[int] = []
    parent = [-1] * len(seq)
    for i, x in enumerate(seq):
        k = bisect_left(tails, x)
        if k == len(tails):
            tails.append(x)
            tail_pos.append(i)
        else:
            tails[k] = x
            tail_pos[k] = i
        parent[i] = tail_pos[k - 1] if k else -1
    keep: set[int] = set()
    i = tail_pos[-1] if tail_pos else -1
    while i >= 0:
        keep.add(i)
        i = parent[i]
    return keep
