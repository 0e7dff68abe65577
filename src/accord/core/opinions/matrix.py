"""The vote matrix: participants × statements, stored sparse (CSR) with explicit passes.

Votes are coded ``AGREE = 1``, ``DISAGREE = -1``, ``PASS = 0`` (the Pol.is export coding;
Pol.is's internal math uses agree = -1, which only flips PCA signs). A cell nobody voted on is
*missing*, which is different from a pass: the CSR structure holds exactly the cells that were
voted on, passes included as stored zeros.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

AGREE = 1
DISAGREE = -1
PASS = 0

IdArray = NDArray[Any]


class NotEnoughVotes(ValueError):
    """Raised when a vote matrix is too small or too empty to form opinion groups.

    The message is meant for people ("not enough votes to form groups: ...").
    """


@dataclass(frozen=True, eq=False)
class VoteMatrix:
    """Sparse participants × statements vote matrix.

    Attributes:
        participant_ids: shape (n_participants,), the external id of each row.
        statement_ids: shape (n_statements,), the external id of each column.
        indptr: shape (n_participants + 1,), int64 CSR row pointers.
        indices: shape (n_votes,), int32 column of each vote, sorted within a row.
        votes: shape (n_votes,), int8 in {-1, 0, 1} (disagree, pass, agree).
        n_dropped: votes left out at construction (unknown ids or invalid values).

    Build it with :meth:`from_triples` (last vote wins) or :meth:`from_dense`.
    """

    participant_ids: IdArray
    statement_ids: IdArray
    indptr: NDArray[np.int64]
    indices: NDArray[np.int32]
    votes: NDArray[np.int8]
    n_dropped: int = 0
    _row_cache: dict[str, NDArray[np.int64]] = field(
        default_factory=dict, repr=False, compare=False
    )

    # -- construction -------------------------------------------------------------------------
    @classmethod
    def from_triples(
        cls,
        participants: ArrayLike,
        statements: ArrayLike,
        votes: ArrayLike,
        *,
        statement_ids: Sequence[Hashable] | None = None,
        participant_ids: Sequence[Hashable] | None = None,
    ) -> VoteMatrix:
        """Build a matrix from parallel arrays of (participant, statement, vote), in time order.

        When the same (participant, statement) pair appears more than once, the *last* vote
        wins (Pol.is re-votes). Ids may be ints or strings (any mutually comparable type).
        If ``statement_ids``/``participant_ids`` are given they fix the columns/rows (in that
        order) and votes naming any other id are dropped and counted in ``n_dropped``;
        otherwise the ids seen are used, sorted. Votes outside {-1, 0, 1} (or NaN) are
        dropped and counted too. Cost: O(n log n) for n votes.
        """
        p = np.asarray(participants)
        s = np.asarray(statements)
        v_raw = np.asarray(votes)
        if not (p.shape == s.shape == v_raw.shape) or p.ndim != 1:
            raise ValueError("participants, statements and votes must be 1-D and equally long")
        v_float = v_raw.astype(np.float64) if v_raw.size else np.zeros(0)
        ok = np.isin(v_float, (-1.0, 0.0, 1.0))
        dropped = int((~ok).sum())
        p_idx, p_ids, p_ok = _factorize(p, participant_ids)
        s_idx, s_ids, s_ok = _factorize(s, statement_ids)
        keep = ok & p_ok & s_ok
        dropped += int((~keep).sum()) - int((~ok).sum())
        rows = p_idx[keep]
        cols = s_idx[keep]
        vals = v_float[keep].astype(np.int8)
        indptr, indices, data = _csr_last_wins(rows, cols, vals, len(p_ids), len(s_ids))
        return cls(p_ids, s_ids, indptr, indices, data, n_dropped=dropped)

    @classmethod
    def from_dense(
        cls,
        dense: ArrayLike,
        *,
        participant_ids: Sequence[Hashable] | None = None,
        statement_ids: Sequence[Hashable] | None = None,
    ) -> VoteMatrix:
        """Build from a dense array with NaN for missing, -1/0/1 for votes (shape P × C)."""
        arr = np.asarray(dense, dtype=np.float64)
        if arr.ndim != 2:
            raise ValueError("dense vote matrix must be 2-D")
        n_p, n_s = arr.shape
        mask = np.isfinite(arr)
        rows, cols = np.nonzero(mask)
        vals = arr[rows, cols]
        pids = np.arange(n_p) if participant_ids is None else _as_id_array(participant_ids)
        sids = np.arange(n_s) if statement_ids is None else _as_id_array(statement_ids)
        return cls.from_triples(
            pids[rows], sids[cols], vals, statement_ids=list(sids), participant_ids=list(pids)
        )

    @classmethod
    def from_csr(
        cls,
        indptr: NDArray[np.int64],
        indices: NDArray[np.int32],
        votes: NDArray[np.int8],
        n_statements: int,
    ) -> VoteMatrix:
        """Wrap ready CSR arrays (sorted, unique columns per row); ids become 0..n-1."""
        n_p = len(indptr) - 1
        return cls(
            np.arange(n_p),
            np.arange(n_statements),
            np.asarray(indptr, dtype=np.int64),
            np.asarray(indices, dtype=np.int32),
            np.asarray(votes, dtype=np.int8),
        )

    def with_votes(
        self, participants: ArrayLike, statements: ArrayLike, votes: ArrayLike
    ) -> VoteMatrix:
        """Return a new matrix with more votes applied on top (last vote wins).

        Existing rows and columns keep their positions; new participant/statement ids are
        appended after them in order of first appearance, so a fitted map can warm-start.
        """
        p = np.asarray(participants)
        s = np.asarray(statements)
        v = np.asarray(votes).astype(np.float64)
        ok = np.isin(v, (-1.0, 0.0, 1.0))
        p_ids, p_idx = _extend_ids(self.participant_ids, p[ok])
        s_ids, s_idx = _extend_ids(self.statement_ids, s[ok])
        n_rows, n_cols = len(p_ids), len(s_ids)
        # New votes first: deduplicate them (last wins) and sort by (row, column) key.
        new_ptr, new_idx, new_val = _csr_last_wins(
            p_idx, s_idx, v[ok].astype(np.int8), n_rows, n_cols
        )
        new_rows = np.repeat(np.arange(n_rows, dtype=np.int64), np.diff(new_ptr))
        new_key = new_rows * n_cols + new_idx
        # The existing CSR is already sorted by the same key (with the new width): merge, O(n).
        old_key = self.row_index() * n_cols + self.indices
        pos = np.searchsorted(old_key, new_key)
        hit = np.zeros(new_key.shape[0], dtype=bool)
        inside = pos < old_key.shape[0]
        hit[inside] = old_key[pos[inside]] == new_key[inside]
        data = self.votes.copy()
        data[pos[hit]] = new_val[hit]
        ins = ~hit
        merged_key = np.insert(old_key, pos[ins], new_key[ins])
        data = np.insert(data, pos[ins], new_val[ins])
        rows = merged_key // n_cols
        indptr = np.zeros(n_rows + 1, dtype=np.int64)
        np.cumsum(np.bincount(rows, minlength=n_rows), out=indptr[1:])
        indices = (merged_key % n_cols).astype(np.int32)
        return VoteMatrix(
            p_ids,
            s_ids,
            indptr,
            indices,
            data,
            n_dropped=self.n_dropped + int((~ok).sum()),
        )

    # -- views ---------------------------------------------------------------------------------
    @property
    def shape(self) -> tuple[int, int]:
        """(n_participants, n_statements)."""
        return (len(self.participant_ids), len(self.statement_ids))

    @property
    def n_votes(self) -> int:
        """Number of stored votes (passes included)."""
        return int(self.votes.shape[0])

    def row_index(self) -> NDArray[np.int64]:
        """Row (participant position) of every stored vote, shape (n_votes,)."""
        cached = self._row_cache.get("rows")
        if cached is None:
            counts = np.diff(self.indptr)
            cached = np.repeat(np.arange(len(counts), dtype=np.int64), counts)
            self._row_cache["rows"] = cached
        return cached

    def votes_per_participant(self) -> NDArray[np.int64]:
        """Shape (n_participants,): how many statements each participant voted on."""
        return np.diff(self.indptr)

    def to_dense(self) -> NDArray[np.float64]:
        """Dense P × C float array, NaN where missing. Only for small matrices and tests."""
        out = np.full(self.shape, np.nan)
        out[self.row_index(), self.indices] = self.votes
        return out

    def statement_positions(self, ids: Iterable[Hashable]) -> NDArray[np.int64]:
        """Column positions of the given statement ids; unknown ids are ignored."""
        ids = list(ids)
        if not ids:
            return np.zeros(0, dtype=np.int64)
        lookup = {_key(sid): i for i, sid in enumerate(self.statement_ids.tolist())}
        found = [lookup[_key(x)] for x in ids if _key(x) in lookup]
        return np.asarray(sorted(set(found)), dtype=np.int64)

    def participant_positions(self, ids: Iterable[Hashable]) -> NDArray[np.int64]:
        """Row positions of the given participant ids; unknown ids are ignored."""
        ids = list(ids)
        if not ids:
            return np.zeros(0, dtype=np.int64)
        lookup = {_key(pid): i for i, pid in enumerate(self.participant_ids.tolist())}
        found = [lookup[_key(x)] for x in ids if _key(x) in lookup]
        return np.asarray(sorted(set(found)), dtype=np.int64)


def _key(x: Any) -> Any:
    """Normalise numpy scalars so 3, np.int64(3) and 3.0 look the same id up."""
    if isinstance(x, np.generic):
        x = x.item()
    if isinstance(x, float) and x.is_integer():
        return int(x)
    return x


def _as_id_array(ids: Iterable[Hashable]) -> IdArray:
    items = [_key(x) for x in ids]
    if all(isinstance(x, int) and not isinstance(x, bool) for x in items):
        return np.asarray(items, dtype=np.int64)
    arr = np.empty(len(items), dtype=object)
    arr[:] = items
    return arr


def _factorize(
    values: NDArray[Any], fixed: Sequence[Hashable] | None
) -> tuple[NDArray[np.int64], IdArray, NDArray[np.bool_]]:
    """Positions of ``values`` among the ids (sorted unique, or ``fixed``) and a found-mask."""
    if values.dtype.kind == "f" and values.size and np.all(np.mod(values, 1) == 0):
        values = values.astype(np.int64)
    if fixed is None:
        if values.size == 0:
            return np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0, bool)
        uniq, inv = np.unique(values, return_inverse=True)
        ids = (
            _as_id_array(uniq.tolist())
            if uniq.dtype.kind in "OUS"
            else uniq.astype(np.int64 if uniq.dtype.kind in "iu" else uniq.dtype)
        )
        return inv.astype(np.int64).ravel(), ids, np.ones(values.shape[0], bool)
    ids = _as_id_array(fixed)
    if ids.dtype.kind in "iu" and values.dtype.kind in "iu":
        order = np.argsort(ids, kind="stable")
        sorted_ids = ids[order]
        pos = np.searchsorted(sorted_ids, values)
        pos_c = np.minimum(pos, max(len(ids) - 1, 0))
        found = (
            (pos < len(ids)) & (sorted_ids[pos_c] == values)
            if len(ids)
            else np.zeros(values.shape[0], bool)
        )
        return order[pos_c].astype(np.int64), ids, found
    lookup = {x: i for i, x in enumerate(ids.tolist())}
    idx = np.fromiter(
        (lookup.get(_key(x), -1) for x in values.tolist()), np.int64, count=values.shape[0]
    )
    return np.maximum(idx, 0), ids, idx >= 0


def _extend_ids(ids: IdArray, new: NDArray[Any]) -> tuple[IdArray, NDArray[np.int64]]:
    if ids.dtype.kind in "iu" and new.dtype.kind in "iu":
        # Vectorised path for integer ids: O((n + m) log n).
        order = np.argsort(ids, kind="stable")
        sorted_ids = ids[order]
        pos = np.searchsorted(sorted_ids, new)
        pos_c = np.minimum(pos, max(len(ids) - 1, 0))
        found = (
            (pos < len(ids)) & (sorted_ids[pos_c] == new)
            if len(ids)
            else np.zeros(new.shape[0], dtype=bool)
        )
        out = np.empty(new.shape[0], dtype=np.int64)
        out[found] = order[pos_c[found]]
        if (~found).any():
            fresh, first = np.unique(new[~found], return_index=True)
            fresh = fresh[np.argsort(first, kind="stable")]  # order of first appearance
            sorter = np.argsort(fresh, kind="stable")
            rank = np.searchsorted(fresh, new[~found], sorter=sorter)
            out[~found] = len(ids) + sorter[rank]
            ids = np.concatenate([ids.astype(np.int64), fresh.astype(np.int64)])
        return ids, out
    lookup = {_key(x): i for i, x in enumerate(ids.tolist())}
    extra: list[Any] = []
    out = np.empty(new.shape[0], dtype=np.int64)
    for j, x in enumerate(new.tolist()):
        k = _key(x)
        slot = lookup.get(k)
        if slot is None:
            slot = len(lookup)
            lookup[k] = slot
            extra.append(k)
        out[j] = slot
    if extra:
        ids = _as_id_array([*ids.tolist(), *extra])
    return ids, out


def _csr_last_wins(
    rows: NDArray[np.int64],
    cols: NDArray[np.int64],
    vals: NDArray[np.int8],
    n_rows: int,
    n_cols: int,
) -> tuple[NDArray[np.int64], NDArray[np.int32], NDArray[np.int8]]:
    key = rows.astype(np.int64) * max(n_cols, 1) + cols
    order = np.argsort(key, kind="stable")
    k_sorted = key[order]
    last = np.ones(k_sorted.shape[0], dtype=bool)
    if k_sorted.shape[0] > 1:
        last[:-1] = k_sorted[1:] != k_sorted[:-1]
    pick = order[last]
    k_final = key[pick]
    r = k_final // max(n_cols, 1)
    indptr = np.zeros(n_rows + 1, dtype=np.int64)
    np.cumsum(np.bincount(r, minlength=n_rows), out=indptr[1:])
    return indptr, (k_final % max(n_cols, 1)).astype(np.int32), vals[pick].astype(np.int8)
