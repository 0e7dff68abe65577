"""Pages and htmx fragments; the role × action table for amendments, brackets, revisions."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accord.common.errors import ApplicationError
from accord.drafts.models import Amendment, Bracket, Version
from accord.drafts.services.amendments import amendment_decide, amendment_propose
from accord.drafts.services.brackets import bracket_add
from accord.drafts.services.options import option_group_create
from accord.drafts.services.revisions import revision_issue_from_amendments
from tests.conftest import ROLES

from .conftest_amend import *  # noqa: F403 (fixtures)
from .conftest_amend import TEXTS, span

HX = {"HTTP_HX_REQUEST": "true"}


def url(name, *args):
    return reverse(f"drafts:{name}", args=["wgec", "report", *args])


def test_paragraph_page_and_fragment(client_as, world, draft):
    amendment_propose(
        actor=world.users["delegate"],
        version=draft.version,
        paragraph=draft.paragraphs["OP1"],
        kind="insert_text",
        start=0,
        new_text="Also ",
    )
    page = client_as("observer").get(url("amendment-list", 1, "OP1"))
    assert page.status_code == 200 and b"<html" in page.content and b"Also" in page.content
    fragment = client_as("observer").get(url("amendment-list", 1, "OP1"), **HX)
    assert b"<html" not in fragment.content and b'id="amendments-OP1"' in fragment.content
    assert client_as("outsider").get(url("amendment-list", 1, "OP1")).status_code == 404
    assert client_as("observer").get(url("amendment-list", 1, "OP9")).status_code == 404


def test_the_fragment_after_a_stance_names_the_paragraph_by_its_number(
    client_as, world, draft, swe_delegate
):
    """The negotiation screen names paragraphs by their number ("paragraph 3"); the fragment
    that replaces a paragraph's amendments after a support or a withdrawal did so by its
    stable id ("OP3"), so the region's name changed under the delegate's eyes."""
    a = amendment_propose(
        actor=swe_delegate,
        version=draft.version,
        paragraph=draft.paragraphs["OP3"],
        kind="insert_text",
        start=0,
        new_text="Also ",
    )
    number = draft.version.items.get(paragraph__key="OP3").display_number.rstrip(".")
    supported = client_as("delegate").post(
        url("amendment-support", a.pk), {"kind": "support"}, **HX
    )
    assert supported.status_code == 200 and b"<html" not in supported.content
    body = supported.content.decode()
    assert f'aria-label="Amendments to paragraph {number}"' in body
    assert "Amendments to OP3" not in body
    page = client_as("delegate").get(url("amendment-list", 1, "OP3"), **HX).content.decode()
    assert f'aria-label="Amendments to paragraph {number}"' in page


def test_propose_plain_post_and_htmx(client_as, world, draft):
    client = client_as("delegate")
    form = client.get(url("amendment-propose", 1, "OP1"))
    assert form.status_code == 200 and b'name="new_text"' in form.content
    start, end = span(TEXTS["OP1"], "should")
    body = {"kind": "replace_text", "start": start, "end": end, "new_text": "shall"}
    done = client.post(url("amendment-propose", 1, "OP1"), body)
    assert done.status_code == 302 and done["Location"] == url("amendment-list", 1, "OP1")
    fragment = client.post(url("amendment-propose", 1, "OP1"), {**body, "new_text": "must"}, **HX)
    assert fragment.status_code == 200 and b"<html" not in fragment.content
    assert b"must" in fragment.content and Amendment.objects.count() == 2
    bad = client.post(url("amendment-propose", 1, "OP1"), {**body, "end": 9999})
    assert bad.status_code == 400 and b"outside" in bad.content and Amendment.objects.count() == 2
    denied = client_as("observer").post(url("amendment-propose", 1, "OP1"), body)
    assert denied.status_code == 403 and Amendment.objects.count() == 2


def test_detail_support_decide_and_final(client_as, world, draft):
    a = amendment_propose(
        actor=world.users["delegate"],
        version=draft.version,
        paragraph=draft.paragraphs["OP3"],
        kind="insert_text",
        start=0,
        new_text="Also ",
    )
    page = client_as("chair").get(url("amendment", a.pk))
    assert page.status_code == 200 and b"Decide" in page.content
    final = client_as("chair").get(url("final", 1) + f"?amendments={a.pk}")
    assert b"Also Requests" in final.content and b"Issue the next revision" in final.content
    part = client_as("chair").get(url("final", 1) + f"?amendments={a.pk}", **HX)
    assert b"<html" not in part.content and b"Also Requests" in part.content
    issued = client_as("chair").post(
        url("revision-issue", 1), {"amendments": [a.pk], "label": "Rev.1"}
    )
    assert issued.status_code == 302 and Version.objects.filter(number=2, status="issued").exists()


def test_bracket_views(client_as, world, draft):
    start, end = span(TEXTS["OP1"], "every five years")
    client = client_as("delegate")
    made = client.post(
        url("bracket-add", 1, "OP1"), {"start": start, "end": end, "reason": "contested"}, **HX
    )
    assert made.status_code == 200 and b"[every five years]" in made.content
    assert b"<html" not in made.content
    b = Bracket.objects.get()
    lifted = client.post(url("bracket-lift", b.pk))
    assert lifted.status_code == 302 and Bracket.objects.get().lifted_at is not None
    assert (
        client_as("chair")
        .post(url("bracket-add", 1, "OP1"), {"start": start, "end": end})
        .status_code
        == 403
    )


# --- role × action ------------------------------------------------------------------------

ALLOWED = {
    "propose": {"chair", "vice_chair", "delegate"},  # facilitator: only on OP2 (see below)
    "propose_op2": {"chair", "vice_chair", "delegate", "facilitator"},
    "bracket": {"delegate"},
    "decide": {"chair"},
    "option": {"chair"},
    "issue": {"chair"},
}


def _act(action, user, world, draft):
    version, ps = draft.version, draft.paragraphs
    if action in ("propose", "propose_op2"):
        key = "OP1" if action == "propose" else "OP2"
        return amendment_propose(
            actor=user, version=version, paragraph=ps[key], kind="delete_paragraph"
        )
    if action == "bracket":
        return bracket_add(actor=user, version=version, paragraph=ps["OP1"], start=0, end=7)
    if action == "decide":
        a = Amendment.objects.create(
            version=version,
            paragraph=ps["OP3"],
            kind="delete_paragraph",
            proposer=world.members["BRA"],
            base_text_hash="x",
        )
        return amendment_decide(actor=user, amendment=a, decision="not_incorporated")
    if action == "option":
        return option_group_create(
            actor=user, version=version, label="x", paragraphs=[ps["OP1"], ps["OP2"]]
        )
    return revision_issue_from_amendments(
        actor=user, version=version, incorporate=[], label="Rev.1"
    )


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", sorted(ALLOWED))
def test_role_action_table(world, draft, consultation, role, action):
    try:
        _act(action, world.user(role), world, draft)
        allowed = True
    except ApplicationError as exc:
        assert exc.status in (403, 404), exc.message
        allowed = False
    assert allowed == (role in ALLOWED[action])
