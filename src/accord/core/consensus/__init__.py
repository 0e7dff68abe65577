"""Package-deal solver: which recommendations can every member accept, and who blocks the rest.

Pure Python (numpy, OR-Tools CP-SAT); no Django. Model and semantics: :mod:`.problem`
(a member accepts a package iff all its conditions hold). Entry points:

* :func:`analyse` — the one call for the negotiation screen (consensus package or, when none
  exists, the maximum-acceptance package; direct blockers of every left-out item; gap).
* :func:`consensus_package`, :func:`near_best_packages` — best all-accept packages.
* :func:`direct_blockers` — who loses acceptance if one item is added (numpy, no solver).
* :func:`why_not` — can an item be in any all-accept package; if not, a core of members.
* :func:`minimal_withdrawals` — fewest withdrawn conditions that would let an item in.
* :func:`max_acceptance_package` — the package the most members accept (two stages).
* :func:`greedy_package` — a simple baseline; :func:`check_package` — evaluate any package.

Every solver call takes ``time_limit`` (seconds, wall) and ``random_seed`` and reports a
:class:`SolveStatus` with value, proven bound and relative gap.
"""

from accord.core.consensus._model import SolveStatus
from accord.core.consensus.acceptance import AcceptanceResult, max_acceptance_package
from accord.core.consensus.analysis import PackageAnalysis, analyse
from accord.core.consensus.evaluate import PackageCheck, Rejection, Violation, check_package
from accord.core.consensus.explain import (
    CoreMember,
    DirectBlockers,
    ItemBlockers,
    MemberBlock,
    WhyNotResult,
    direct_blockers,
    why_not,
)
from accord.core.consensus.greedy import GreedyResult, greedy_package
from accord.core.consensus.package import (
    NearBestResult,
    PackageResult,
    RankedPackage,
    consensus_package,
    near_best_packages,
)
from accord.core.consensus.problem import (
    Condition,
    ConditionKind,
    MemberRules,
    PackageProblem,
    ProblemError,
    Stance,
)
from accord.core.consensus.withdrawals import (
    WithdrawalSet,
    WithdrawalsResult,
    minimal_withdrawals,
    withdraw,
)

__all__ = [
    "AcceptanceResult",
    "Condition",
    "ConditionKind",
    "CoreMember",
    "DirectBlockers",
    "GreedyResult",
    "ItemBlockers",
    "MemberBlock",
    "MemberRules",
    "NearBestResult",
    "PackageAnalysis",
    "PackageCheck",
    "PackageProblem",
    "PackageResult",
    "ProblemError",
    "RankedPackage",
    "Rejection",
    "SolveStatus",
    "Stance",
    "Violation",
    "WhyNotResult",
    "WithdrawalSet",
    "WithdrawalsResult",
    "analyse",
    "check_package",
    "consensus_package",
    "direct_blockers",
    "greedy_package",
    "max_acceptance_package",
    "minimal_withdrawals",
    "near_best_packages",
    "why_not",
    "withdraw",
]
