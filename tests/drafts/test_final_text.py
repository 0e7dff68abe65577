"""The final-text preview is the next revision: settled options are dropped in both."""

from __future__ import annotations

from accord.accounts.services import api_token_create
from accord.drafts.models import VersionParagraph
from accord.drafts.selectors.final import final_text
from accord.drafts.services.amendments import amendment_propose
from accord.drafts.services.options import option_choose, option_group_create
from accord.drafts.services.revisions import revision_issue_from_amendments

from .conftest_amend import *  # noqa: F403 (fixtures)
from .conftest_amend import TEXTS, span


def test_the_preview_drops_the_options_not_chosen_as_the_revision_does(world, draft):
    chair = world.users["chair"]
    ps = draft.paragraphs
    group = option_group_create(
        actor=chair, version=draft.version, label="OP2 or OP3", paragraphs=[ps["OP2"], ps["OP3"]]
    )
    option_choose(actor=chair, group=group, paragraph=ps["OP3"])
    start, end = span(TEXTS["OP1"], "should")
    a = amendment_propose(
        actor=world.users["delegate"],
        version=draft.version,
        paragraph=ps["OP1"],
        kind="replace_text",
        start=start,
        end=end,
        new_text="shall",
    )
    preview = final_text(draft.version, [a.pk])
    assert [(i.key, i.change) for i in preview.items] == [
        ("PP1", "unchanged"),
        ("OP1", "amended"),
        ("OP2", "dropped"),
        ("OP3", "unchanged"),
    ]
    assert preview.conflicts == []
    rev = revision_issue_from_amendments(
        actor=chair, version=draft.version, incorporate=[a], label="Rev.1"
    )
    issued = list(
        VersionParagraph.objects.filter(version=rev)
        .order_by("order")
        .values_list("paragraph__key", "text")
    )
    assert issued == [(i.key, i.text) for i in preview.kept]


def test_the_api_preview_says_dropped(client, world, draft):
    chair = world.users["chair"]
    ps = draft.paragraphs
    group = option_group_create(
        actor=chair, version=draft.version, label="OP2 or OP3", paragraphs=[ps["OP2"], ps["OP3"]]
    )
    option_choose(actor=chair, group=group, paragraph=ps["OP2"])
    _, key = api_token_create(user=world.users["observer"], name="t")
    body = client.get(
        f"/api/v1/groups/{world.group.slug}/drafts/{draft.report.slug}/versions/1/final",
        HTTP_AUTHORIZATION=f"Bearer {key}",
    ).json()
    assert [(i["key"], i["change"]) for i in body["items"]] == [
        ("PP1", "unchanged"),
        ("OP1", "unchanged"),
        ("OP2", "unchanged"),
        ("OP3", "dropped"),
    ]
