"""The opinion map of members' positions on a version (members × paragraphs)."""

from __future__ import annotations

import pytest

from accord.demo.scenario import build_demo
from accord.drafts.models import Report
from accord.positions.opinion_map import positions_opinion_map


@pytest.fixture
def demo(db):
    return build_demo()


def test_holdouts_form_their_own_group_and_the_page_shows_it(demo, client):
    report = Report.objects.get(group=demo.group)
    rev2 = report.versions.get(label="Rev.2")
    opinion_map, _ = positions_opinion_map(rev2)
    assert opinion_map.status == "ok"
    labels = dict(
        zip(opinion_map.participant_ids.tolist(), opinion_map.labels.tolist(), strict=True)
    )
    members = {
        m.iso3: m.pk
        for m in demo.group.members.filter(iso3__in=["SAU", "IRN", "CUB", "BRA", "SWE"])
    }
    holdout_groups = {labels[members[c]] for c in ("SAU", "IRN", "CUB")}
    assert len(holdout_groups) == 1  # the three objectors think alike ...
    assert labels[members["BRA"]] not in holdout_groups  # ... and apart from the rest
    assert labels[members["SWE"]] not in holdout_groups

    url = f"/g/{demo.group.slug}/positions/{report.slug}/v/{rev2.number}/map/"
    assert client.get(url).status_code == 404  # positions are members-only
    client.login(username="delegate-bra", password="accord-demo")
    html = client.get(url).content.decode()
    assert "<svg" in html and html.count("<circle") >= 58
    assert "Saudi Arabia" in html
