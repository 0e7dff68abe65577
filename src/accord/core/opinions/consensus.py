"""Consensus statements (over everybody) and group-aware consensus (across groups).

Pol.is (conversation.clj): a statement is an agree-consensus candidate when
pa = (na+1)/(ns+2) > 0.5 and pat > 1.2816 over *all* participants; the top ``pick_max`` by
pa·pat are kept; the same for disagree. Group-aware consensus of a statement is
Π_g (na_g + 1)/(ns_g + 2), the probability that every group agrees (Pol.is's
"group-informed consensus"); its disagree twin uses nd.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import NDArray

from accord.core.opinions.repness import Z_90, GroupCounts, prop_test

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]


@dataclass(frozen=True)
class ConsensusStatement:
    """A statement most participants agree (or disagree) with.

    ``n_success`` votes of that kind out of ``n_trials`` seen; ``p_success`` =
    (n_success+1)/(n_trials+2); ``p_test`` the one-proportion z statistic.
    """

    statement_id: Hashable
    statement_index: int
    direction: Literal["agree", "disagree"]
    n_success: int
    n_trials: int
    p_success: float
    p_test: float


def select_consensus(
    agree: IntArray,
    disagree: IntArray,
    seen: IntArray,
    statement_ids: NDArray[np.generic],
    eligible: NDArray[np.bool_],
    *,
    pick_max: int = 5,
    z: float = Z_90,
) -> tuple[tuple[ConsensusStatement, ...], tuple[ConsensusStatement, ...]]:
    """Top agree and top disagree consensus statements; inputs of shape (n_statements,)."""
    result: list[tuple[ConsensusStatement, ...]] = []
    for direction, succ in (("agree", agree), ("disagree", disagree)):
        p = (succ + 1.0) / (seen + 2.0)
        pt = prop_test(succ, seen)
        ok = np.flatnonzero(eligible & (p > 0.5) & (pt > z))
        order = ok[np.argsort(-(p[ok] * pt[ok]), kind="stable")][:pick_max]
        items = []
        for i in order.tolist():
            sid = statement_ids[i]
            items.append(
                ConsensusStatement(
                    sid.item() if isinstance(sid, np.generic) else sid,
                    i,
                    "agree" if direction == "agree" else "disagree",
                    int(succ[i]),
                    int(seen[i]),
                    float(p[i]),
                    float(pt[i]),
                )
            )
        result.append(tuple(items))
    return result[0], result[1]


def group_aware_consensus(counts: GroupCounts) -> tuple[FloatArray, FloatArray]:
    """(agree, disagree) group-aware consensus, each shape (n_statements,), in (0, 1)."""
    seen = counts.seen + 2.0
    agree = np.prod((counts.agree + 1.0) / seen, axis=0)
    disagree = np.prod((counts.disagree + 1.0) / seen, axis=0)
    return np.asarray(agree, dtype=np.float64), np.asarray(disagree, dtype=np.float64)
