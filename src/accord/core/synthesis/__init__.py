"""Synthesis of contributions, first layer: proposals, duplicates and form-letter campaigns.

Pure Python (numpy, scipy); no Django. Every stage is a plain function over a batch, so a
later step can run the same stages on a cluster. Entry points:

* :func:`segment_text` / :func:`segment_batch` — proposals (numbered recommendations, list
  items, paragraphs, sentences of long paragraphs), each with its source id and span.
* :func:`deduplicate` — exact (normalised text) and near-duplicate (MinHash of word bigrams,
  banded LSH, verified pairs) clusters of up to millions of short texts.
* :func:`detect_campaigns` — form-letter campaigns as :class:`Campaign` records.
* :func:`synthesise` — the whole pipeline (:mod:`accord.core.synthesis.pipeline`): proposals,
  campaigns, groups by meaning and their support, ranked by breadth.
* :func:`synthetic_comments` — seeded comments with planted campaigns;
  :func:`campaign_scores` — precision and recall against them.
"""

from accord.core.synthesis.campaigns import (
    Campaign,
    CampaignParams,
    CampaignResult,
    detect_campaigns,
)
from accord.core.synthesis.dedup import Dedup, DedupParams, deduplicate
from accord.core.synthesis.pipeline import (
    Group,
    Proposal,
    Source,
    Support,
    SynthesisParams,
    SynthesisResult,
    synthesise,
)
from accord.core.synthesis.score import CampaignScores, campaign_scores
from accord.core.synthesis.segment import Segment, segment_batch, segment_text
from accord.core.synthesis.synthetic import SyntheticComments, synthetic_comments
from accord.core.synthesis.text import normalise, normalise_batch, shingle_batch

__all__ = [
    "Campaign",
    "CampaignParams",
    "CampaignResult",
    "CampaignScores",
    "Dedup",
    "DedupParams",
    "Group",
    "Proposal",
    "Segment",
    "Source",
    "Support",
    "SynthesisParams",
    "SynthesisResult",
    "SyntheticComments",
    "campaign_scores",
    "deduplicate",
    "detect_campaigns",
    "normalise",
    "normalise_batch",
    "segment_batch",
    "segment_text",
    "shingle_batch",
    "synthesise",
    "synthetic_comments",
]
