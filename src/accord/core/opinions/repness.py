"""Per-group vote counts and Pol.is's representativeness ("repness", math/repness.clj).

For group g and statement c, with counts na (agree), nd (disagree), ns (seen, passes
included) inside g and the same counts over all other clustered participants:

* pa = (na + 1) / (ns + 2); pat = 2·sqrt(ns + 1)·((na + 1)/(ns + 1) - 1/2)  (pd, pdt alike)
* ra = pa / pa_other; rat = two-proportion z-test with +1 pseudocounts (rd, rdt alike)

A statement qualifies when (rat > z ∧ pat > z) ∨ (rdt > z ∧ pdt > z), z = 1.2816 (one-sided
90%). The list for a group is: the "best agree" statement first, then the qualifying ones by
repness · repness-test · p-success · p-test, at most ``pick_max``, agrees before disagrees.

The side a statement is shown for ("the group tends to agree/disagree") is where we differ
from Pol.is. Pol.is's ``finalize-cmt-stats`` takes the side with the larger rat/rdt, which
the +1 pseudocounts can make the side nobody in the group voted for: 3 of 3 agree in a
group, 10 of 10 elsewhere, nobody disagrees, gives rat 0 < rdt 0.80, "disagree, 0 of 3".
We take the side of the group's own votes: agree when pa > pd, disagree when pd > pa, and
rat vs rdt only on a tie of agree and disagree votes. A statement qualifies on one side
only (pat > z and pdt > z exclude each other), and that is the side it gets; the "best
agree" is only looked for among statements the group agrees with at least as often as it
disagrees; a group's fallback statement (when none qualifies) must have votes on its side.
A statement the group only passed on represents it on neither side.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import NDArray

from accord.core.opinions.matrix import VoteMatrix

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]

Z_90 = 1.2816


@dataclass(frozen=True)
class GroupCounts:
    """Vote counts per group and statement, each of shape (n_groups, n_statements)."""

    agree: IntArray
    disagree: IntArray
    seen: IntArray


def group_counts(matrix: VoteMatrix, labels: IntArray, n_groups: int) -> GroupCounts:
    """Counts over participants with ``labels`` ≥ 0 (shape (n_participants,)); O(n_votes).

    One ``bincount`` over (group, statement, vote-class) keys; participants without a group
    go to a spare slot that is dropped.
    """
    n_s = matrix.shape[1]
    lab = np.where(labels < 0, n_groups, labels).astype(np.int32)
    g = lab[matrix.row_index()]
    # vote class: agree (1) -> 0, pass (0) -> 1, disagree (-1) -> 2
    key = (g * np.int32(n_s) + matrix.indices) * np.int32(3) + (1 - matrix.votes.astype(np.int32))
    c = np.bincount(key, minlength=(n_groups + 1) * n_s * 3).reshape(n_groups + 1, n_s, 3)
    c = c[:n_groups]
    return GroupCounts(
        c[:, :, 0].astype(np.int64), c[:, :, 2].astype(np.int64), c.sum(axis=2).astype(np.int64)
    )


def vote_counts(matrix: VoteMatrix) -> GroupCounts:
    """Counts over every participant, shape (1, n_statements) each."""
    key = matrix.indices.astype(np.int32) * np.int32(3) + (1 - matrix.votes.astype(np.int32))
    c = np.bincount(key, minlength=matrix.shape[1] * 3).reshape(1, matrix.shape[1], 3)
    return GroupCounts(
        c[:, :, 0].astype(np.int64), c[:, :, 2].astype(np.int64), c.sum(axis=2).astype(np.int64)
    )


def prop_test(succ: IntArray, n: IntArray) -> FloatArray:
    """Pol.is one-proportion test: 2·sqrt(n+1)·((succ+1)/(n+1) - 1/2)."""
    s = succ + 1.0
    m = n + 1.0
    return np.asarray(2.0 * np.sqrt(m) * (s / m - 0.5), dtype=np.float64)


def two_prop_test(s1: IntArray, n1: IntArray, s2: IntArray, n2: IntArray) -> FloatArray:
    """Pol.is two-proportion z-test with +1 pseudocounts; 0 where the pooled p is 1."""
    a1, m1, a2, m2 = s1 + 1.0, n1 + 1.0, s2 + 1.0, n2 + 1.0
    p_hat = (a1 + a2) / (m1 + m2)
    denom = np.sqrt(p_hat * (1.0 - p_hat) * (1.0 / m1 + 1.0 / m2))
    out = np.zeros(np.broadcast(a1, a2).shape)
    ok = denom > 0
    np.divide(a1 / m1 - a2 / m2, denom, out=out, where=ok)
    return out


@dataclass(frozen=True)
class RepnessStats:
    """All statistics, each of shape (n_groups, n_statements)."""

    na: IntArray
    nd: IntArray
    ns: IntArray
    pa: FloatArray
    pd: FloatArray
    pat: FloatArray
    pdt: FloatArray
    ra: FloatArray
    rd: FloatArray
    rat: FloatArray
    rdt: FloatArray


def repness_stats(counts: GroupCounts) -> RepnessStats:
    """Compute the repness statistics for every (group, statement)."""
    na, nd, ns = counts.agree, counts.disagree, counts.seen
    oa = na.sum(axis=0) - na
    od = nd.sum(axis=0) - nd
    os_ = ns.sum(axis=0) - ns
    pa = (na + 1.0) / (ns + 2.0)
    pd = (nd + 1.0) / (ns + 2.0)
    ra = pa / ((oa + 1.0) / (os_ + 2.0))
    rd = pd / ((od + 1.0) / (os_ + 2.0))
    return RepnessStats(
        na,
        nd,
        ns,
        pa,
        pd,
        prop_test(na, ns),
        prop_test(nd, ns),
        ra,
        rd,
        two_prop_test(na, ns, oa, os_),
        two_prop_test(nd, ns, od, os_),
    )


@dataclass(frozen=True)
class RepStatement:
    """A statement that represents a group.

    ``repful_for`` says whether the group stands out by agreeing or disagreeing;
    ``n_success``/``n_trials`` are that vote's count / votes seen in the group;
    ``p_success`` = (n_success + 1)/(n_trials + 2); ``p_test``, ``repness`` (ratio to the other
    groups) and ``repness_test`` (z) as in Pol.is.
    """

    statement_id: Hashable
    statement_index: int
    repful_for: Literal["agree", "disagree"]
    n_success: int
    n_trials: int
    p_success: float
    p_test: float
    repness: float
    repness_test: float
    best_agree: bool = False


def select_representative(
    st: RepnessStats,
    statement_ids: NDArray[np.generic],
    eligible: NDArray[np.bool_],
    *,
    pick_max: int = 5,
    z: float = Z_90,
) -> tuple[tuple[RepStatement, ...], ...]:
    """Pol.is's ``select-rep-comments`` for every group; ``eligible`` masks statements.

    Deterministic; each group's tuple holds at most ``pick_max`` statements, agrees first.
    """
    out: list[tuple[RepStatement, ...]] = []
    for g in range(st.na.shape[0]):
        cand = np.flatnonzero(eligible)
        agree = agree_side(st, g)
        rat, rdt, pat, pdt = st.rat[g], st.rdt[g], st.pat[g], st.pdt[g]
        sufficient = cand[((rat[cand] > z) & (pat[cand] > z)) | ((rdt[cand] > z) & (pdt[cand] > z))]
        best_agree = _best_agree(st, g, cand, z)
        head: list[RepStatement] = []
        if best_agree is not None:
            head = [_finalize(st, g, best_agree, statement_ids, agree=True, best_agree=True)]
        elif sufficient.size == 0:
            # The most representative statement on the side the group voted.
            sided = cand[(st.na[g, cand] + st.nd[g, cand]) > 0]
            if sided.size:
                test = np.where(agree[sided], rat[sided], rdt[sided])
                best = int(sided[int(np.argmax(test))])
                head = [_finalize(st, g, best, statement_ids, agree=bool(agree[best]))]
        side = agree[sufficient]
        metric = np.where(
            side,
            st.ra[g, sufficient] * rat[sufficient] * st.pa[g, sufficient] * pat[sufficient],
            st.rd[g, sufficient] * rdt[sufficient] * st.pd[g, sufficient] * pdt[sufficient],
        )
        top = sufficient[np.argsort(-metric, kind="stable")[: pick_max + 1]]
        rest = [_finalize(st, g, int(i), statement_ids, agree=bool(agree[i])) for i in top]
        taken = {h.statement_index for h in head}
        chosen = (head + [r for r in rest if r.statement_index not in taken])[:pick_max]
        chosen.sort(key=lambda r: r.repful_for != "agree")
        out.append(tuple(chosen))
    return tuple(out)


def agree_side(st: RepnessStats, g: int) -> NDArray[np.bool_]:
    """Shape (n_statements,): True where group ``g`` is shown agreeing, False disagreeing.

    The group's own votes decide (pa vs pd, i.e. agree vs disagree counts); a tie falls
    back to Pol.is's rat > rdt. Where the group cast no agree or disagree vote the value is
    meaningless: such statements are never selected.
    """
    na, nd = st.na[g], st.nd[g]
    return np.asarray((na > nd) | ((na == nd) & (st.rat[g] > st.rdt[g])), dtype=np.bool_)


def _best_agree(st: RepnessStats, g: int, cand: IntArray, z: float) -> int | None:
    """Pol.is's sequential ``beats-best-agr?`` scan, vectorised over record-breakers.

    Pol.is scans every statement voted on; we scan those the group agrees with at least as
    often as it disagrees (the others could only win through a product of two negative
    tests, and would then be a "best agree" the group mostly disagrees with).
    """
    na, nd = st.na[g, cand], st.nd[g, cand]
    pa, pat, ra, rat = st.pa[g, cand], st.pat[g, cand], st.ra[g, cand], st.rat[g, cand]
    voted = (na > 0) & (na >= nd)
    full = ra * rat * pa * pat
    prob = pa * pat
    first_ok = voted & ((pat > z) | ((ra > 1.0) & (pa > 0.5)))
    hits = np.flatnonzero(first_ok)
    if hits.size == 0:
        return None
    i = int(hits[0])
    while True:
        metric = full if ra[i] > 1.0 else prob
        later = np.flatnonzero(voted[i + 1 :] & (metric[i + 1 :] > metric[i]))
        if later.size == 0:
            return int(cand[i])
        i = i + 1 + int(later[0])


def _finalize(
    st: RepnessStats,
    g: int,
    i: int,
    ids: NDArray[np.generic],
    *,
    agree: bool,
    best_agree: bool = False,
) -> RepStatement:
    sid = ids[i].item() if isinstance(ids[i], np.generic) else ids[i]
    if agree:
        return RepStatement(
            sid,
            i,
            "agree",
            int(st.na[g, i]),
            int(st.ns[g, i]),
            float(st.pa[g, i]),
            float(st.pat[g, i]),
            float(st.ra[g, i]),
            float(st.rat[g, i]),
            best_agree,
        )
    return RepStatement(
        sid,
        i,
        "disagree",
        int(st.nd[g, i]),
        int(st.ns[g, i]),
        float(st.pd[g, i]),
        float(st.pdt[g, i]),
        float(st.rd[g, i]),
        float(st.rdt[g, i]),
        best_agree,
    )
