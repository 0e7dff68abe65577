"""The negotiation screen: page, htmx fragments, plain POST + redirect, visibility."""

from __future__ import annotations

import re

import pytest

from accord.drafts.models import (
    Amendment,
    AmendmentSupport,
    Bracket,
    BracketHolder,
    InformalConsultation,
    OptionGroup,
)
from accord.drafts.selectors.versions import version_visible
from accord.positions import services
from accord.positions.models import PositionEvent, StatusEvent
from tests.conftest import ROLES
from tests.pages import without_csrf

from .conftest import TEXTS, make_version

HX = {"HTTP_HX_REQUEST": "true"}


def url(neg, number=1, tail=""):
    return f"/g/{neg.report.group.slug}/positions/{neg.report.slug}/v/{number}/{tail}"


def test_page_shows_text_status_brackets_and_amendments(world, neg, client_as):
    bracket = Bracket.objects.create(
        version=neg.v1, paragraph=neg.p("OP2"), start=0, end=7, text="Invites"
    )
    BracketHolder.objects.create(bracket=bracket, member=world.members["SWE"], reason="capital")
    amendment = Amendment.objects.create(
        version=neg.v1,
        paragraph=neg.p("OP1"),
        kind=Amendment.Kind.REPLACE_TEXT,
        proposer=world.members["SWE"],
        old_text="forum",
        new_text="mechanism",
        base_text_hash="h",
    )
    AmendmentSupport.objects.create(amendment=amendment, member=world.members["cs"], kind="support")
    group = OptionGroup.objects.create(version=neg.v1, label="Forum or not")
    group.paragraphs.add(neg.p("OP1"), neg.p("OP2"))
    response = client_as("delegate").get(url(neg))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Recommendations on enhanced cooperation" in html
    assert 'id="p-OP1"' in html and 'class="pos-num">1.</span>' in html
    # [standing][temporary]: two brackets, and alternatives of each other.
    assert '<span class="pos-alt pos-br pos-br-d1">[temporary]</span>' in html
    assert "Bracketed" in html  # derived status of OP1 (and OP2 via its bracket row)
    assert "held by Sweden (capital)" in html and "B1" in html
    assert "<ins>mechanism</ins>" in html and "Supported by: Open Network Alliance." in html
    assert "Option group “Forum or not”" in html
    assert "Positions on paragraph 2 by constituency" in html and "<svg" in html
    assert "Record the position" in html  # the delegate may record
    assert "Set the status" not in html  # but not set the status
    # "Propose a change" holds its forms (and the link to the other changes) once opened.
    assert 'hx-get="/g/wgec/positions/recs/v/1/?p=OP1&amp;part=propose"' in html
    propose = client_as("delegate").get(url(neg) + "?p=OP1&part=propose", **HX).content.decode()
    assert "/drafts/recs/v/1/p/OP1/amend/" in propose
    assert "/drafts/recs/v/1/p/OP1/bracket/" in propose


def test_role_specific_forms(world, neg, client_as):
    chair = client_as("chair").get(url(neg)).content.decode()
    assert "Set the status of paragraph 2" in chair and "Record the position" not in chair
    observer = client_as("observer").get(url(neg)).content.decode()
    assert "Record the position" not in observer and "Set the status" not in observer
    assert (
        "Positions on paragraph 2 by constituency" in observer
    )  # members-only, observers have a role
    facilitator = client_as("facilitator").get(url(neg)).content.decode()
    assert "Set the status" not in facilitator
    consultation = InformalConsultation.objects.create(
        report=neg.report, title="OP2", facilitator=world.users["facilitator"]
    )
    consultation.paragraphs.add(neg.p("OP2"))
    facilitator = client_as("facilitator").get(url(neg)).content.decode()
    assert "Set the status of paragraph 2" in facilitator
    assert "Set the status of paragraph 1" not in facilitator


def test_htmx_record_returns_only_the_paragraph(world, neg, client_as):
    client = client_as("delegate")
    response = client.post(url(neg, tail="p/OP2/position/"), {"p-OP2-kind": "support"}, **HX)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="p-OP2"')
    assert "<html" not in html and 'id="p-OP1"' not in html
    assert "Position recorded on paragraph 2: support." in html and "(now: support)" in html
    assert PositionEvent.objects.get().kind == "support"


def test_htmx_object_without_reason_shows_error_in_place(world, neg, client_as):
    response = client_as("delegate").post(
        url(neg, tail="p/OP2/position/"), {"p-OP2-kind": "object"}, **HX
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'role="alert"' in html and "objection needs a reason" in html
    assert "<html" not in html
    assert PositionEvent.objects.count() == 0


def test_plain_post_redirects_and_error_renders_page(world, neg, client_as):
    client = client_as("delegate")
    response = client.post(url(neg, tail="p/OP2/position/"), {"p-OP2-kind": "reserve"})
    assert response.status_code == 302 and response["Location"].endswith("/v/1/#p-OP2")
    page = client.get(response["Location"])
    assert (
        "Position recorded on paragraph 2: reserve (awaiting instructions)."
        in page.content.decode()
    )
    bad = client.post(
        url(neg, tail="p/OP2/position/"), {"p-OP2-kind": "object", "p-OP2-reason": ""}
    )
    assert bad.status_code == 400 and "<html" in bad.content.decode()
    assert "objection needs a reason" in bad.content.decode()
    assert PositionEvent.objects.count() == 1


def test_status_and_confirm_through_the_screen(world, neg, client_as):
    chair = client_as("chair")
    bra = world.members["BRA"].pk
    response = chair.post(
        url(neg, tail="p/OP2/status/"),
        {"s-OP2-status": "agreed_ad_ref", "s-OP2-pending_members": [bra], "s-OP2-note": "x"},
        **HX,
    )
    assert response.status_code == 200
    assert "Agreed ad referendum (provisional), pending Brazil" in response.content.decode()
    delegate = client_as("delegate")
    page = delegate.get(url(neg)).content.decode()
    assert "Confirm the ad referendum agreement for Brazil" in page
    done = delegate.post(url(neg, tail="p/OP2/confirm/"))
    assert done.status_code == 302
    assert StatusEvent.objects.order_by("-id").first().status == "agreed"
    assert "Agreed (provisional)" in delegate.get(url(neg)).content.decode()
    refused = delegate.post(url(neg, tail="p/OP2/status/"), {"s-OP2-status": "open"}, **HX)
    assert refused.status_code == 403 and "permission" in refused.content.decode()
    chair = client_as("chair")  # one test client: log the chair in again
    conflict = chair.post(url(neg, tail="p/OP2/status/"), {"s-OP2-status": "bracketed"}, **HX)
    assert conflict.status_code == 409


def test_htmx_get_fragment(world, neg, client_as):
    response = client_as("chair").get(url(neg) + "?p=OP1", **HX)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="p-OP1"') and "<html" not in html


@pytest.mark.parametrize(
    ("flags", "allowed"),
    [
        ({"issued": False}, {"chair", "secretariat"}),
        ({"circulated": False}, None),  # issued, not yet sent: whatever drafts decides
        ({}, {"chair", "secretariat", "vice_chair", "facilitator", "delegate", "observer"}),
        ({"published": True}, set(ROLES)),
    ],
)
def test_visibility(world, neg, client_as, flags, allowed):
    version = make_version(neg.report, 2, TEXTS, neg.paragraphs, **flags)
    if allowed is None:
        allowed = {r for r in ROLES if version_visible(world.user(r), version, world.group)}
    missing = None
    for role in ROLES:
        client = client_as(role)
        response = client.get(url(neg, 2))
        missing = client.get(url(neg, 99))
        assert missing.status_code == 404
        if role in allowed:
            assert response.status_code == 200, role
        else:
            assert response.status_code == 404, role
            # The same 404 as a missing version (apart from the per-response CSRF token and
            # the address the login link comes back to).
            hidden_page = without_csrf(response.content.decode()).replace(url(neg, 2), "URL")
            missing_page = without_csrf(missing.content.decode()).replace(url(neg, 99), "URL")
            assert hidden_page == missing_page
        assert client.get(url(neg, 2, "compilation/")).status_code == (
            200 if role in allowed else 404
        )


def test_public_sees_published_text_but_no_positions_and_no_actions(world, neg, client_as):
    make_version(neg.report, 2, TEXTS, neg.paragraphs, published=True)
    html = client_as("anonymous").get(url(neg, 2)).content.decode()
    assert "Decides to establish" in html
    assert "by constituency" not in html and '<form method="post"' not in html.split("<main")[1]
    assert client_as("anonymous").get(url(neg, 2, "p/OP2/history/")).status_code == 404
    post = client_as("outsider").post(url(neg, 2, "p/OP2/position/"), {"p-OP2-kind": "support"})
    assert post.status_code == 403 and PositionEvent.objects.count() == 0


def test_unknown_paragraph_is_404(world, neg, client_as):
    client = client_as("delegate")
    assert (
        client.post(url(neg, tail="p/OP9/position/"), {"p-OP9-kind": "support"}).status_code == 404
    )


def test_history_page(world, neg, client_as):
    client = client_as("delegate")
    client.post(url(neg, tail="p/OP2/position/"), {"p-OP2-kind": "support"})
    html = client.get(url(neg, tail="p/OP2/history/")).content.decode()
    # Named by its number as on the negotiation screen; the stable id is the link's anchor.
    assert "<h1>History of paragraph 2</h1>" in html and "Brazil: Support" in html
    assert f'<a href="{url(neg)}#p-OP2">Back to the negotiation screen</a>' in html
    assert "History of OP2" not in html


def test_history_page_is_translated(world, neg, client_as, monkeypatch):
    """Every word the page says is asked of the translation catalogue: a pseudo-translation
    that brackets each message shows which are."""
    from django.utils import translation

    real = translation._trans.gettext  # the catalogue lookup behind the tags
    monkeypatch.setattr(translation._trans, "gettext", lambda m: f"⟦{real(m)}⟧")
    client = client_as("delegate")
    empty = client.get(url(neg, tail="p/OP2/history/")).content.decode()
    main = empty.split("<main")[1].split("</main>")[0]
    assert "<h1>⟦History of paragraph 2⟧</h1>" in main
    assert ">⟦Back to the negotiation screen⟧</a>" in main
    assert (
        "⟦Positions and statuses recorded on this version, and on earlier versions while the "
        "paragraph's text was the same.⟧"
    ) in main.replace("&#x27;", "'")
    assert '<li class="muted">⟦Nothing recorded yet.⟧</li>' in main
    services.status_set(
        actor=world.users["chair"], version=neg.v1, paragraph=neg.p("OP2"), status="agreed"
    )
    page = client.get(url(neg, tail="p/OP2/history/")).content.decode()
    entry = page.split("<main")[1].split("</main>")[0].split("<ol>")[1].split("</ol>")[0]
    assert "· Zero draft · ⟦Status:⟧ ⟦Agreed (provisional)⟧</li>" in entry
    assert re.search(r">⟦\d{1,2} ⟦\w+⟧ \d{4} \d\d:\d\d UTC⟧</time>", entry)
