"""Amendments proposed on behalf of a negotiating group ("South Africa on behalf of the G77 and
China"): service, pages, compilation and API."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from accord.accounts.services import api_token_create
from accord.common.errors import PermissionDenied
from accord.common.models import AuditEvent
from accord.drafts.models import Amendment
from accord.drafts.services.amendments import amendment_propose
from accord.groups import services as group_services
from accord.positions import compilation
from tests.groups.blocs import *  # noqa: F403 (the blocs fixture)

from .conftest_amend import *  # noqa: F403 (fixtures)
from .conftest_amend import span

PROPOSED_BY = "South Africa on behalf of the G77 and China"


def propose(draft, user, group=None, key="OP1", words="should", new="shall"):
    start, end = span(draft.text(key), words)
    return amendment_propose(
        actor=user,
        version=draft.version,
        paragraph=draft.paragraphs[key],
        kind="replace_text",
        start=start,
        end=end,
        new_text=new,
        on_behalf_of=group,
    )


def url(name, *args):
    return reverse(f"drafts:{name}", args=["wgec", "report", *args])


def test_propose_on_behalf_of_the_group(world, draft, blocs):
    amendment = propose(draft, blocs.delegates["ZAF"], blocs.g77)
    assert amendment.proposer == blocs.member("ZAF") and amendment.on_behalf_of == blocs.g77
    event = AuditEvent.objects.get(action="accord.amendment.propose")
    assert event.data["on_behalf_of"] == "g77"
    assert compilation.proposer_name(amendment) == PROPOSED_BY


def test_only_a_member_of_the_group_proposes_for_it(world, draft, blocs, staff_user):
    with pytest.raises(PermissionDenied, match="Norway is not a member of the G77 and China"):
        propose(draft, blocs.delegates["NOR"], blocs.g77)
    with pytest.raises(PermissionDenied, match="delegates"):
        propose(draft, world.users["chair"], blocs.g77)  # a chair's text is the chair's own
    other = group_services.group_create(actor=staff_user, name="Another group")
    foreign = group_services.negotiating_group_create(
        actor=staff_user, group=other, name="Group of 77", slug="g77"
    )
    with pytest.raises(PermissionDenied):
        propose(draft, blocs.delegates["ZAF"], foreign)
    assert Amendment.objects.count() == 0


def test_pages_offer_and_show_it(client, world, draft, blocs):
    client.force_login(blocs.delegates["ZAF"])
    form = client.get(url("amendment-propose", 1, "OP1")).content.decode()
    assert 'name="on_behalf_of"' in form and "On behalf of the G77 and China" in form
    start, end = span(draft.text("OP1"), "should")
    response = client.post(
        url("amendment-propose", 1, "OP1"),
        {
            "kind": "replace_text",
            "start": start,
            "end": end,
            "new_text": "shall",
            "on_behalf_of": "g77",
        },
    )
    assert response.status_code == 302, response.content
    amendment = Amendment.objects.get()
    assert amendment.on_behalf_of == blocs.g77
    listing = client.get(url("amendment-list", 1, "OP1")).content.decode()
    assert PROPOSED_BY in listing
    detail = client.get(reverse("drafts:amendment", args=["wgec", "report", amendment.pk]))
    assert f"<dt>Proposed by</dt><dd>{PROPOSED_BY}</dd>" in detail.content.decode()
    client.force_login(blocs.delegates["NOR"])
    assert (
        'name="on_behalf_of"' not in client.get(url("amendment-propose", 1, "OP1")).content.decode()
    )
    refused = client.post(
        url("amendment-propose", 1, "OP1"),
        {
            "kind": "replace_text",
            "start": start,
            "end": end,
            "new_text": "must",
            "on_behalf_of": "g77",
        },
    )
    assert refused.status_code == 403 and "Norway is not a member" in refused.content.decode()
    unknown = client.post(
        url("amendment-propose", 1, "OP1"),
        {
            "kind": "replace_text",
            "start": start,
            "end": end,
            "new_text": "must",
            "on_behalf_of": "x",
        },
    )
    assert unknown.status_code == 400 and "no negotiating group" in unknown.content.decode()
    assert Amendment.objects.count() == 1


def test_compilation_shows_it(world, draft, blocs):
    propose(draft, blocs.delegates["ZAF"], blocs.g77)
    entries = compilation.compilation_build(draft.version, with_positions=False)
    [proposal] = next(e for e in entries if e.key == "OP1").proposals
    assert proposal.proposer == PROPOSED_BY
    assert proposal.as_dict()["on_behalf_of"] == "g77"


def _api(client, user, body):
    _, key = api_token_create(user=user, name="t")
    return client.post(
        "/api/v1/groups/wgec/drafts/report/versions/1/amendments",
        json.dumps(body),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {key}",
    )


def test_api_accepts_on_behalf_of(client, world, draft, blocs):
    start, end = span(draft.text("OP1"), "should")
    body = {
        "paragraph": "OP1",
        "kind": "replace_text",
        "start": start,
        "end": end,
        "new_text": "shall",
    }
    created = _api(client, blocs.delegates["ZAF"], {**body, "on_behalf_of": "g77"})
    assert created.status_code == 201, created.content
    assert created.json()["on_behalf_of"] == "g77" and created.json()["proposed_by"] == PROPOSED_BY
    _, key = api_token_create(user=blocs.delegates["EGY"], name="t")
    listed = client.get(
        "/api/v1/groups/wgec/drafts/report/versions/1/amendments",
        HTTP_AUTHORIZATION=f"Bearer {key}",
    ).json()["items"]
    assert [(a["on_behalf_of"], a["proposed_by"]) for a in listed] == [("g77", PROPOSED_BY)]
    refused = _api(client, blocs.delegates["NOR"], {**body, "on_behalf_of": "g77"})
    assert refused.status_code == 403
    unknown = _api(client, blocs.delegates["NOR"], {**body, "on_behalf_of": "nope"})
    assert unknown.status_code == 400 and unknown.json()["error"]["fields"]["on_behalf_of"]
    own = _api(client, blocs.delegates["NOR"], {**body, "new_text": "must"})
    assert own.status_code == 201 and own.json()["on_behalf_of"] is None
    assert own.json()["proposed_by"] == "Norway"
