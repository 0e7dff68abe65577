"""Defect: the chair could set a paragraph to agreed over standing objections and held brackets
without a word. Now it is a Conflict naming them, unless the Chair records a determination."""

from __future__ import annotations

import pytest

from accord.common.errors import Conflict, PermissionDenied, ValidationFailed
from accord.common.models import AuditEvent
from accord.drafts.models import Bracket, BracketHolder, InformalConsultation
from accord.positions import selectors, services
from accord.positions.models import StatusEvent


def say(blocs, neg, who, kind, reason="", key="OP2", group=None):
    return services.position_record(
        actor=blocs.delegates[who],
        version=neg.v1,
        paragraph=neg.p(key),
        kind=kind,
        reason=reason,
        on_behalf_of=group,
    )


def hold(neg, member, key="OP2", start=0, end=7, text="Invites"):
    bracket = Bracket.objects.create(
        version=neg.v1, paragraph=neg.p(key), start=start, end=end, text=text
    )
    BracketHolder.objects.create(bracket=bracket, member=member, reason="capital")
    return bracket


def agree(world, neg, status="agreed", role="chair", key="OP2", **kw):
    if status == "agreed_ad_ref":
        kw.setdefault("pending_members", [world.members["SWE"]])
    return services.status_set(
        actor=world.users[role], version=neg.v1, paragraph=neg.p(key), status=status, **kw
    )


@pytest.fixture
def contested(world, neg, blocs):
    """OP2: Brazil objects; the G77 objects (for Egypt and South Africa, not Brazil); the EU
    supports; Norway holds a bracket."""
    say(blocs, neg, "BRA", "object", "The forum must be intergovernmental.")
    say(blocs, neg, "ZAF", "object", "Not without financing.", group=blocs.g77)
    say(blocs, neg, "EGY", "support")  # Egypt's own position wins over the group's
    hold(neg, blocs.member("NOR"))
    return blocs


@pytest.mark.parametrize("status", ["agreed", "agreed_ad_ref"])
def test_agreeing_over_standing_objections_is_refused_naming_them(world, neg, contested, status):
    with pytest.raises(Conflict) as exc:
        agree(world, neg, status)
    assert exc.value.message.startswith(
        "OP2 has standing objections from Brazil, South Africa (via G77 and China) "
        "and a bracket held by Norway."
    )
    assert exc.value.code == "standing_objections" and "determination" in exc.value.fields
    assert StatusEvent.objects.count() == 0


def test_chair_determination_records_the_overruled(world, neg, contested):
    event = agree(world, neg, determination="  Broad support; the concerns are in the report. ")
    assert event.status == "agreed"
    assert event.determination == "Broad support; the concerns are in the report."
    assert event.determined_by == world.users["chair"]
    assert event.overruled == [
        {
            "kind": "objection",
            "member": "bra",
            "name": "Brazil",
            "via_group": None,
            "via_group_name": None,
            "reason": "The forum must be intergovernmental.",
        },
        {
            "kind": "objection",
            "member": "zaf",
            "name": "South Africa",
            "via_group": "g77",
            "via_group_name": "G77 and China",
            "reason": "Not without financing.",
        },
        {
            "kind": "bracket",
            "bracket": Bracket.objects.get().pk,
            "text": "Invites",
            "holders": [{"member": "nor", "name": "Norway"}],
        },
    ]
    audit = AuditEvent.objects.get(action="accord.paragraph_status.set")
    assert audit.data["determination"] == event.determination
    assert audit.data["overruled"] == event.overruled
    status = selectors.status_of(neg.v1, neg.p("OP2"))
    assert status.determination == (
        "Agreed by determination of the Chair over the objection of Brazil, South Africa "
        "(via G77 and China) and the bracket held by Norway: "
        "Broad support; the concerns are in the report."
    )
    [*_, entry] = selectors.paragraph_history(neg.v1, neg.p("OP2"))
    assert entry.summary == "Agreed (provisional) — " + status.determination


def test_only_the_chair_determines(world, neg, contested):
    consultation = InformalConsultation.objects.create(
        report=neg.report, title="OP2", facilitator=world.users["facilitator"]
    )
    consultation.paragraphs.add(neg.p("OP2"))
    with pytest.raises(Conflict, match="standing objections"):
        agree(world, neg, role="facilitator")
    with pytest.raises(PermissionDenied, match="Only the Chair"):
        agree(world, neg, role="facilitator", determination="I think it is fine.")
    assert StatusEvent.objects.count() == 0


def test_determination_only_when_agreeing(world, neg, contested):
    with pytest.raises(ValidationFailed, match="determination"):
        agree(world, neg, "dropped", determination="No support.")
    assert StatusEvent.objects.count() == 0


def test_lifted_brackets_and_withdrawn_objections_do_not_block(world, neg, blocs):
    say(blocs, neg, "BRA", "object", "Too vague.")
    bracket = hold(neg, blocs.member("NOR"))
    say(blocs, neg, "BRA", "can_live_with")
    BracketHolder.objects.filter(bracket=bracket).update(lifted_at="2030-01-01T00:00Z")
    Bracket.objects.filter(pk=bracket.pk).update(lifted_at="2030-01-01T00:00Z")
    event = agree(world, neg)
    assert event.determination == "" and event.overruled == []
    assert selectors.status_of(neg.v1, neg.p("OP2")).determination == ""


def test_reservations_and_clean_paragraphs_do_not_block(world, neg, blocs):
    say(blocs, neg, "BRA", "reserve", key="PP1")
    agree(world, neg, key="PP1")
    assert selectors.status_of(neg.v1, neg.p("PP1")).status == "agreed"


def test_ad_referendum_confirmation_cannot_slip_past_a_new_objection(world, neg, blocs):
    agree(world, neg, "agreed_ad_ref", pending_members=[blocs.member("BRA")])
    say(blocs, neg, "ZAF", "object", "Not without financing.", group=blocs.g77)
    # The G77 objected after the ad referendum agreement: the last confirmation cannot turn it
    # into an agreement over that objection (the Chair decides, with a determination or not).
    with pytest.raises(Conflict, match="standing objections"):
        services.ad_referendum_confirm(
            actor=blocs.delegates["BRA"], version=neg.v1, paragraph=neg.p("OP2")
        )
    assert selectors.status_of(neg.v1, neg.p("OP2")).status == "agreed_ad_ref"


def test_ad_referendum_determination_carries_to_the_final_agreement(world, neg, contested):
    agree(
        world,
        neg,
        "agreed_ad_ref",
        pending_members=[contested.member("SWE")],
        determination="Broad support.",
    )
    from accord.groups import services as group_services
    from accord.groups.models import Role
    from tests.factories import UserFactory

    swede = UserFactory(username="swede")
    group_services.role_assign(
        actor=world.users["secretariat"],
        group=world.group,
        user=swede,
        kind=Role.Kind.DELEGATE,
        member=contested.member("SWE"),
    )
    final = services.ad_referendum_confirm(actor=swede, version=neg.v1, paragraph=neg.p("OP2"))
    assert final.status == "agreed" and final.determination == "Broad support."
    assert {o.get("member") for o in final.overruled} == {"bra", "zaf", None}
    assert selectors.status_of(neg.v1, neg.p("OP2")).determination.startswith(
        "Agreed by determination of the Chair over the objection of Brazil"
    )


# ---- the screen and the API -------------------------------------------------------------------

HX = {"HTTP_HX_REQUEST": "true"}


def url(neg, tail=""):
    return f"/g/{neg.report.group.slug}/positions/{neg.report.slug}/v/1/{tail}"


def test_status_form_shows_objections_and_asks_for_the_reason(world, neg, contested, client_as):
    html = client_as("chair").get(url(neg)).content.decode()
    block = html.split('id="p-OP2"')[1]
    assert "Standing in the way of agreeing paragraph 2:" in block
    assert "Objection of Brazil: The forum must be intergovernmental." in block
    assert "Objection of South Africa (via G77 and China): Not without financing." in block
    assert "Bracket “Invites” held by Norway" in block
    assert 'name="s-OP2-determination"' in block
    # No objections on PP1: no determination asked.
    pp1 = html.split('id="p-PP1"')[1].split('id="p-OP1"')[0]
    assert "determination" not in pp1 and "Standing in the way" not in pp1


def test_agree_over_objections_through_the_screen(world, neg, contested, client_as):
    client = client_as("chair")
    refused = client.post(url(neg, "p/OP2/status/"), {"s-OP2-status": "agreed"}, **HX)
    assert refused.status_code == 409
    html = refused.content.decode()
    assert "OP2 has standing objections from Brazil, South Africa (via G77 and China)" in html
    # The status form comes back open, asking for the determination.
    assert (
        'name="s-OP2-determination"' in html
        and '<details id="ps-OP2" class="pos-act" open>' in html
    )
    assert StatusEvent.objects.count() == 0
    # Without JS: a plain POST, then the page after the redirect.
    done = client.post(
        url(neg, "p/OP2/status/"),
        {"s-OP2-status": "agreed", "s-OP2-determination": "Broad support."},
    )
    assert done.status_code == 302
    page = client.get(url(neg)).content.decode()
    assert (
        "Agreed by determination of the Chair over the objection of Brazil, South Africa "
        "(via G77 and China) and the bracket held by Norway: Broad support."
    ) in page
    history = client.get(url(neg, "p/OP2/history/")).content.decode()
    assert "Agreed by determination of the Chair over the objection of Brazil" in history
    compilation = client.get(url(neg, "compilation/")).content.decode()
    assert "Agreed by determination of the Chair" in compilation


def test_facilitator_sees_the_objections_but_cannot_determine(world, neg, contested, client_as):
    consultation = InformalConsultation.objects.create(
        report=neg.report, title="OP2", facilitator=world.users["facilitator"]
    )
    consultation.paragraphs.add(neg.p("OP2"))
    client = client_as("facilitator")
    block = client.get(url(neg)).content.decode().split('id="p-OP2"')[1]
    assert "Only the Chair can agree it over them" in block
    assert 'name="s-OP2-determination"' not in block
    refused = client.post(
        url(neg, "p/OP2/status/"),
        {"s-OP2-status": "agreed", "s-OP2-determination": "Fine."},
        **HX,
    )
    assert refused.status_code == 403 and "Only the Chair" in refused.content.decode()
    assert 'name="s-OP2-determination"' not in refused.content.decode()
    assert StatusEvent.objects.count() == 0


def test_api_409_names_them_and_accepts_a_determination(world, neg, contested, client, auth):
    from .conftest import post_json

    path = "/api/v1/groups/wgec/drafts/recs/versions/1/paragraphs/OP2/status"
    refused = post_json(client, path, {"status": "agreed"}, auth("chair"))
    assert refused.status_code == 409
    error = refused.json()["error"]
    assert error["code"] == "standing_objections"
    assert "standing objections from Brazil, South Africa (via G77 and China)" in error["message"]
    assert error["fields"]["objections"] == "Brazil, South Africa (via G77 and China)"
    assert error["fields"]["brackets"] == "Norway"
    facilitator = post_json(
        client, path, {"status": "agreed", "determination": "x"}, auth("facilitator")
    )
    assert facilitator.status_code == 403
    done = post_json(
        client, path, {"status": "agreed", "determination": "Broad support."}, auth("chair")
    )
    assert done.status_code == 201, done.content
    body = done.json()
    assert body["status"] == "agreed" and body["determination"] == "Broad support."
    assert body["determination_text"].startswith("Agreed by determination of the Chair over")
    assert [(o["kind"], o["member"], o["via_group"]) for o in body["overruled"][:2]] == [
        ("objection", "bra", None),
        ("objection", "zaf", "g77"),
    ]
    assert body["overruled"][2]["kind"] == "bracket" and body["overruled"][2]["holders"] == ["nor"]
    assert StatusEvent.objects.count() == 1
