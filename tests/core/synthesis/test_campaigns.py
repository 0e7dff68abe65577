"""Form-letter campaigns: hand-made letters and a planted 20k sample (``-p no:django``)."""

from __future__ import annotations

from datetime import UTC, datetime

import numpy as np
import pytest

from accord.core.synthesis import (
    CampaignParams,
    campaign_scores,
    detect_campaigns,
    synthetic_comments,
)

# Two form letters on one topic (internet access), each with synonym slots {a|b|c}.
LETTER_A = (
    "I am writing to {urge|ask|implore} the committee to {protect|defend|safeguard} an open "
    "internet for everyone. Broadband providers must not be allowed to block, throttle or "
    "{prioritise|favour} traffic for payment. Small businesses, schools and libraries depend on "
    "fair access, and the {proposed|planned} rule would hand control to a few large companies. "
    "Please keep the {existing|current} protections in place and enforce them {strictly|firmly}."
)
LETTER_B = (
    "As a {customer|subscriber} of a broadband provider, I {support|welcome} the proposal to "
    "simplify the rules for internet service. Investment in rural networks has slowed because "
    "regulation is {uncertain|unclear}, and a lighter framework would let providers build "
    "{faster|quicker} connections where people need them. I ask the committee to adopt the "
    "{proposed|planned} rule without {delay|hesitation} and to review it after three years."
)
INTROS = [
    "My name is Ana Silva and I live in Porto.",
    "Hello, I am Tom Becker from Leipzig.",
    "My name is Priya Nair, and I live in Kochi.",
    "",
]
OUTROS = ["Sincerely, a concerned citizen.", "Thank you.", "", ""]
INDEPENDENT = [
    "Net neutrality matters to me because my small shop sells online and I cannot pay for a "
    "fast lane. Please do not let providers slow down sites like mine.",
    "I run a library and our patrons rely on the internet for job applications. If providers "
    "can throttle traffic, the people with least money will be hurt most.",
    "Open internet rules protect free speech. Without them a provider could block a news site "
    "it dislikes, and nobody could stop it. Keep the rules.",
]


def fill(letter: str, k: int) -> str:
    """Variant k of a letter: slot choices cycle with k; intro and sign-off rotate."""
    parts = letter.split("{")
    out = [parts[0]]
    for n, part in enumerate(parts[1:]):
        options, rest = part.split("}", 1)
        choices = options.split("|")
        out.append(choices[(k // (n + 1)) % len(choices)] + rest)
    body = "".join(out)
    return " ".join(x for x in (INTROS[k % 4], body, OUTROS[(k // 2) % 4]) if x)


def inputs() -> tuple[list[str], list[str], list[float]]:
    texts = [fill(LETTER_A, k) for k in range(14)]
    texts += [fill(LETTER_B, k) for k in range(12)]
    texts += INDEPENDENT
    submitters = [f"a{k}" for k in range(14)] + [f"b{k}" for k in range(12)] + ["x", "y", "z"]
    arrived = [1_700_000_000.0 + 3600 * k for k in range(len(texts))]
    return texts, submitters, arrived


def test_mail_merge_letters_found_two_campaigns_on_one_topic_apart() -> None:
    texts, submitters, arrived = inputs()
    ids = [f"c{k}" for k in range(len(texts))]
    result = detect_campaigns(texts, ids=ids, submitters=submitters, arrived=arrived)
    assert len(result.campaigns) == 2
    a, b = result.campaigns
    assert a.sources == tuple(ids[:14])
    assert b.sources == tuple(ids[14:26])
    assert (a.n_submitters, a.n_sources, b.n_submitters, b.n_sources) == (14, 14, 12, 12)
    assert a.template in texts[:14] and b.template in texts[14:26]
    assert a.template_source == ids[texts.index(a.template)]
    assert a.first_arrival == datetime.fromtimestamp(arrived[0], tz=UTC)
    assert a.last_arrival == datetime.fromtimestamp(arrived[13], tz=UTC)
    assert 0.0 < a.distance_median <= a.distance_max < 0.7
    # The independent letters on the same topic belong to no campaign.
    assert result.assignment.tolist() == [0] * 14 + [1] * 12 + [-1, -1, -1]


def test_handful_of_copies_is_not_a_campaign_and_one_person_counts_once() -> None:
    texts, _, _ = inputs()
    letters = texts[:14]
    # Nine submitters: below the rule of ten distinct submitters.
    few = detect_campaigns(letters[:9], submitters=[f"p{k}" for k in range(9)])
    assert few.campaigns == []
    # Fourteen letters from only three people: not a campaign either.
    same = detect_campaigns(letters, submitters=[f"p{k % 3}" for k in range(14)])
    assert same.campaigns == []
    # With a lower bar the same nine letters are one campaign.
    low = detect_campaigns(
        letters[:9], submitters=list(range(9)), params=CampaignParams(min_submitters=5)
    )
    assert [c.sources for c in low.campaigns] == [tuple(range(9))]


def test_three_similar_independent_texts_are_not_linked() -> None:
    many = INDEPENDENT * 1  # distinct texts from distinct people
    result = detect_campaigns(many, params=CampaignParams(min_submitters=2))
    assert result.campaigns == []
    assert result.dedup.near.tolist() == [0, 1, 2]


def test_verbatim_copies_are_a_campaign_with_zero_distance() -> None:
    texts = [INDEPENDENT[0]] * 12 + [INDEPENDENT[1]]
    result = detect_campaigns(texts)
    assert len(result.campaigns) == 1
    c = result.campaigns[0]
    assert (c.n_sources, c.n_variants, c.distance_median, c.distance_max) == (12, 1, 0.0, 0.0)
    assert c.first_arrival is None


def test_empty_input_and_empty_texts() -> None:
    assert detect_campaigns([]).campaigns == []
    result = detect_campaigns([""] * 12)
    assert result.campaigns == []  # empty texts are exact duplicates, never a campaign
    assert result.dedup.exact_clusters()[0].tolist() == list(range(12))


@pytest.fixture(scope="module")
def planted() -> tuple[object, object]:
    comments = synthetic_comments(20_000, seed=7)
    result = detect_campaigns(
        comments.texts, submitters=comments.submitter, arrived=comments.arrived
    )
    return comments, result


def test_planted_20k_precision_and_recall(planted: tuple[object, object]) -> None:
    comments, result = planted
    scores = campaign_scores(comments.campaign, result.assignment)  # type: ignore[attr-defined]
    assert scores.precision >= 0.99
    assert scores.recall >= 0.99
    assert scores.n_detected == scores.n_planted


def test_planted_records_match_the_generator(planted: tuple[object, object]) -> None:
    comments, result = planted
    camp = comments.campaign  # type: ignore[attr-defined]
    for c in result.campaigns:  # type: ignore[attr-defined]
        rows = np.asarray(c.sources)
        label = np.bincount(camp[rows][camp[rows] >= 0]).argmax()
        assert c.n_submitters == len(set(comments.submitter[rows].tolist()))  # type: ignore[attr-defined]
        assert c.first_arrival == datetime.fromtimestamp(
            comments.arrived[rows].min(),  # type: ignore[attr-defined]
            tz=UTC,
        )
        # The template is a real copy: verbatim copies are 40% of each campaign.
        assert c.distance_median <= 0.25
        assert label == camp[int(c.template_source)]


def test_synthetic_comments_are_seeded() -> None:
    a = synthetic_comments(3_000, seed=3)
    b = synthetic_comments(3_000, seed=3)
    assert a.texts == b.texts and np.array_equal(a.campaign, b.campaign)
    assert synthetic_comments(3_000, seed=4).texts != a.texts
    sizes = np.bincount(a.campaign[a.campaign >= 0])
    assert sizes.min() >= 100 and sizes.sum() == 1_800
    # Every topic with a campaign has at least two.
    assert np.bincount(a.campaign_topic).min() >= 2
