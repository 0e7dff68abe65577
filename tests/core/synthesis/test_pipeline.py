"""The synthesis pipeline end to end on a hand-made working group (``-p no:django``).

Seven contributions from three constituencies (three Member States, two civil-society
organisations, two companies) and a form letter on privacy signed by ten citizens, four of
them with a personal intro: the campaign is one contribution with ten signatories.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest

from accord.core.synthesis import (
    Source,
    Support,
    SynthesisParams,
    SynthesisResult,
    synthesise,
)

MS, CS, PS = "Member States", "Civil society", "Private sector"

CONTRIBUTIONS = [
    (
        "fr",
        MS,
        "france",
        "France proposes:\n\n"
        "1. Governments should publish public procurement data as open data.\n"
        "2. Developing countries need sustained funding for digital capacity building.",
    ),
    (
        "ke",
        MS,
        "kenya",
        "1. Sustained funding for digital capacity building in developing countries is "
        "essential.\n"
        "2. Personal data protection laws must protect the privacy of every user.",
    ),
    (
        "br",
        MS,
        "brazil",
        "(a) Public procurement data should be published as open data by governments.\n"
        "(b) Strong personal data protection laws to protect user privacy.",
    ),
    (
        "cs1",
        CS,
        None,
        "- Publish open data on public procurement so citizens can follow public spending.\n"
        "- Protect the privacy of users with enforceable data protection laws.",
    ),
    (
        "cs2",
        CS,
        None,
        "We ask for funding of capacity building programmes in developing countries, "
        "sustained over ten years.",
    ),
    (
        "ps1",
        PS,
        None,
        "1. Interoperability standards for cloud services should be agreed internationally.\n"
        "2. Governments should publish procurement data as machine-readable open data.",
    ),
    (
        "ps2",
        PS,
        None,
        "International interoperability standards for cloud services would lower costs.",
    ),
]
LETTER = (
    "I {urge|ask} the working group to {protect|defend} the privacy of every internet user. "
    "Data protection laws must be {strong|robust} and enforced, and no company should sell "
    "personal data without consent."
)
INTROS = ["My name is Ana and I live in Porto.", "Hello, I am Tom from Leipzig.", "", ""]
T0 = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)


def _variant(k: int) -> str:
    pick = k % 2 if (k // 2) % 2 else 0
    text = re.sub(r"\{([^}]*)\}", lambda m: m.group(1).split("|")[pick], LETTER)
    return f"{INTROS[k % 4]} {text}".strip()


def sources() -> list[Source]:
    out = [
        Source(id=i, text=t, submitter=i, constituency=c, member=m, arrived=T0)
        for i, c, m, t in CONTRIBUTIONS
    ]
    out += [
        Source(
            id=f"letter{k}",
            text=_variant(k),
            submitter=f"citizen{k}",
            constituency=CS,
            arrived=T0 + timedelta(hours=k),
        )
        for k in range(10)
    ]
    return out


@pytest.fixture(scope="module")
def result() -> SynthesisResult:
    return synthesise(sources())


def test_proposals_keep_their_source_span_label_and_campaign(result: SynthesisResult) -> None:
    by_id = {s.id: s for s in sources()}
    assert len(result.proposals) == 23
    for p in result.proposals:
        assert by_id[p.source_id].text[p.start : p.end] == p.text
    assert [(p.source_id, p.label) for p in result.proposals[:13]] == [
        ("fr", ""),
        ("fr", "1."),
        ("fr", "2."),
        ("ke", "1."),
        ("ke", "2."),
        ("br", "(a)"),
        ("br", "(b)"),
        ("cs1", "-"),
        ("cs1", "-"),
        ("cs2", ""),
        ("ps1", "1."),
        ("ps1", "2."),
        ("ps2", ""),
    ]
    assert [p.campaign for p in result.proposals] == [None] * 13 + [0] * 10
    # Verbatim and near-verbatim letters point at the first of their text.
    assert [p.duplicate_of for p in result.proposals[13:]] == [
        None, 13, 13, None, 13, 13, 13, 16, 13, 13,
    ]  # fmt: skip


def test_the_campaign_is_one_record(result: SynthesisResult) -> None:
    (c,) = result.campaigns
    assert c.n_submitters == 10
    assert c.sources == tuple(f"letter{k}" for k in range(10))
    assert c.template_source == "letter2"  # the plain letter, no intro
    assert (c.first_arrival, c.last_arrival) == (T0, T0 + timedelta(hours=9))


@pytest.mark.parametrize("method", ["wordllama", "tfidf"])
def test_groups_support_and_ranking(method: str) -> None:
    result = synthesise(sources(), SynthesisParams(method=method))
    got = [(g.proposals, g.central, g.support) for g in result.groups]
    assert got == [
        (
            (1, 5, 7, 11),  # open procurement data: three constituencies
            1,
            Support(
                contributions=4,
                constituencies=((MS, 2), (CS, 1), (PS, 1)),
                members=("brazil", "france"),
                campaigns=(),
                signatories=4,
            ),
        ),
        (
            (4, 6, 8, *range(13, 23)),  # privacy: the ten letters are one contribution
            4,
            Support(
                contributions=4,
                constituencies=((MS, 2), (CS, 2)),
                members=("brazil", "kenya"),
                campaigns=((0, 10),),
                signatories=13,
            ),
        ),
        (
            (2, 3, 9),  # capacity-building funding
            2,
            Support(
                contributions=3,
                constituencies=((MS, 2), (CS, 1)),
                members=("france", "kenya"),
                campaigns=(),
                signatories=3,
            ),
        ),
        (
            (10, 12),  # cloud interoperability: one constituency
            10,
            Support(
                contributions=2,
                constituencies=((PS, 2),),
                members=(),
                campaigns=(),
                signatories=2,
            ),
        ),
    ]
    assert [g.index for g in result.groups] == [0, 1, 2, 3]
    assert result.groups[1].name == (
        "Personal data protection laws must protect the privacy of every user."
    )
    assert result.ungrouped == (0,)  # "France proposes:" — a lead-in, supported by no one else
    assert result.method == method
    assert result.empty_sources == ()


def test_a_campaign_alone_is_not_a_group() -> None:
    letters = [s for s in sources() if str(s.id).startswith("letter")]
    r = synthesise(letters)
    assert len(r.campaigns) == 1
    assert r.groups == ()
    assert r.ungrouped == tuple(range(10))


def test_deterministic_and_reports_progress() -> None:
    seen: list[tuple[str, int, int]] = []
    a = synthesise(sources(), progress=lambda *e: seen.append(e))
    b = synthesise(sources())
    assert a == b
    assert [s for s, done, _ in seen if done == 0] == [
        "segment", "campaigns", "duplicates", "embed", "group", "rank",
    ]  # fmt: skip
    assert seen[1] == ("segment", 17, 17)


def test_empty_contributions_are_reported_not_dropped_silently() -> None:
    r = synthesise([Source("a", ""), Source("b", "  \n\n "), Source("c", "One point.")])
    assert r.empty_sources == ("a", "b")
    assert [p.source_id for p in r.proposals] == ["c"]
    assert r.groups == () and r.ungrouped == (0,)
    assert synthesise([]) == SynthesisResult((), (), (), (), "wordllama")


def test_bad_input_is_refused_with_a_reason() -> None:
    with pytest.raises(ValueError, match="source ids must be unique"):
        synthesise([Source(1, "a b c"), Source(1, "d e f")])
    with pytest.raises(ValueError, match="unknown grouping method 'bogus'"):
        synthesise(sources(), SynthesisParams(method="bogus"))
