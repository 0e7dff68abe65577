"""Decision and outcome: consensus calls, the silence procedure, the package view's inputs,
outcomes (consensus report, Chair's summary, none) with their annexes, and follow-up."""

from .decision import ConsensusCall, Determination, Explanation, StanceEvent
from .followup import ProgressReport, Recommendation
from .outcome import Annex, AnnexPoint, Outcome, OutcomeParagraph
from .package import PackageCondition, PackageRun
from .silence import SilenceBreak, SilenceProcedure

__all__ = [
    "Annex",
    "AnnexPoint",
    "ConsensusCall",
    "Determination",
    "Explanation",
    "Outcome",
    "OutcomeParagraph",
    "PackageCondition",
    "PackageRun",
    "ProgressReport",
    "Recommendation",
    "SilenceBreak",
    "SilenceProcedure",
    "StanceEvent",
]
