"""Opinion maps of vote matrices (Pol.is-compatible) and bridging scores (Community Notes).

Pure Python (numpy, scipy, scikit-learn); no Django. Entry points:

* :class:`VoteMatrix` — participants × statements votes (agree 1, disagree -1, pass 0).
* :func:`compute_opinion_map` / :class:`OpinionMapper` — projection, groups, representative
  statements, consensus, group-aware consensus; ``update`` for incremental recomputes.
* :func:`bridging_scores` — Community Notes' matrix-factorisation intercepts.
* :func:`load_polis_export` — read Pol.is CSV exports and API JSON dumps.
"""

from accord.core.opinions.bridging import BridgingResult, Ratings, bridging_scores, cn_loss
from accord.core.opinions.consensus import ConsensusStatement
from accord.core.opinions.mapper import OpinionMapper, compute_opinion_map, group_statements
from accord.core.opinions.matrix import AGREE, DISAGREE, PASS, NotEnoughVotes, VoteMatrix
from accord.core.opinions.polis_import import PolisConversation, PolisStatement, load_polis_export
from accord.core.opinions.repness import RepStatement
from accord.core.opinions.result import NOT_ENOUGH_VOTES, OpinionGroup, OpinionMap

__all__ = [
    "AGREE",
    "DISAGREE",
    "NOT_ENOUGH_VOTES",
    "PASS",
    "BridgingResult",
    "ConsensusStatement",
    "NotEnoughVotes",
    "OpinionGroup",
    "OpinionMap",
    "OpinionMapper",
    "PolisConversation",
    "PolisStatement",
    "Ratings",
    "RepStatement",
    "VoteMatrix",
    "bridging_scores",
    "cn_loss",
    "compute_opinion_map",
    "group_statements",
    "load_polis_export",
]
