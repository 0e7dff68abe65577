"""The decision screen through HTTP: pages for each role, plain POSTs that redirect, refused
input answered with the page, the message and a 4xx, and nothing recorded."""

from __future__ import annotations

import datetime as dt

import pytest

from accord.outcomes.models import ConsensusCall, SilenceProcedure, StanceEvent
from accord.outcomes.services import calls


def _url(dec, suffix=""):
    return f"/g/{dec.world.group.slug}/decide/{dec.report.slug}/v/{dec.version.number}/{suffix}"


@pytest.mark.parametrize("role", ["chair", "delegate", "observer", "secretariat"])
def test_screen_renders_for_members_of_the_group(dec, client_as, role):
    call = calls.call_open(actor=dec.chair, version=dec.version)
    calls.stance_record(
        actor=dec.delegates["cs"],
        call=call,
        kind="object",
        paragraph=dec.p("OP2"),
        reason="Duplicates.",
    )
    page = client_as(role).get(_url(dec))
    assert page.status_code == 200
    html = page.content.decode()
    assert "As it stands, the text would not be adopted" in html
    assert "Who objects to what" in html and "Open Network Alliance" in html
    assert ("Record my stance" in html) == (role == "delegate")
    assert ("Chair: determination or closing" in html) == (role == "chair")


def test_public_sees_no_stances_and_a_missing_version_is_404(dec, client_as):
    call = calls.call_open(actor=dec.chair, version=dec.version)
    calls.stance_record(actor=dec.delegates["cs"], call=call, kind="object", reason="No.")
    # The version is circulated to members, not published: the public gets the same 404.
    assert client_as("anonymous").get(_url(dec)).status_code == 404
    assert client_as("chair").get(_url(dec).replace("/v/1/", "/v/9/")).status_code == 404


def test_open_call_record_stances_and_close_by_plain_post(dec, client_as):
    chair = client_as("chair")
    response = chair.post(
        _url(dec, "call/"), {"rule": "consensus", "note": "I now test consensus."}
    )
    assert response.status_code == 302
    call = ConsensusCall.objects.get()
    delegate = client_as("delegate")
    response = delegate.post(
        _url(dec, f"call/{call.pk}/stances/"),
        {
            "kind": "support",
            "kind-OP2": "object",
            "reason-OP2": "Too costly.",
            "on_behalf_of": "g2",
        },
    )
    assert response.status_code == 302
    assert sorted(
        (e.paragraph.key if e.paragraph else "", e.kind, e.on_behalf_of.slug)
        for e in StanceEvent.objects.all()
    ) == [("", "support", "g2"), ("OP2", "object", "g2")]
    page = delegate.get(_url(dec)).content.decode()
    assert "via G2" in page
    response = client_as("chair").post(_url(dec, f"call/{call.pk}/close/"))
    assert response.status_code == 302
    call.refresh_from_db()
    assert call.adopted is False and call.result["failed"] == ["OP2"]


def test_refused_stance_shows_the_message_keeps_input_and_records_nothing(dec, client_as):
    call = calls.call_open(actor=dec.chair, version=dec.version)
    response = client_as("delegate").post(
        _url(dec, f"call/{call.pk}/stances/"), {"kind": "object", "reason": ""}
    )
    assert response.status_code == 400
    assert "A blocking objection needs a reason" in response.content.decode()
    response = client_as("delegate").post(
        _url(dec, f"call/{call.pk}/stances/"),
        {"kind": "support", "kind-OP99": "object", "reason-OP99": "x"},
    )
    assert response.status_code == 400
    assert "There is no paragraph OP99" in response.content.decode()
    assert (
        client_as("observer")
        .post(_url(dec, f"call/{call.pk}/stances/"), {"kind": "support"})
        .status_code
        == 403
    )
    assert StanceEvent.objects.count() == 0


def test_silence_start_and_break_through_the_page(dec, client_as):
    later = (dt.date.today() + dt.timedelta(days=5)).isoformat()
    response = client_as("chair").post(
        _url(dec, "silence/"),
        {
            "date": later,
            "time": "18:00",
            "time_zone": "Europe/Zurich",
            "note": "Silence until Friday.",
        },
    )
    assert response.status_code == 302
    procedure = SilenceProcedure.objects.get()
    assert (
        client_as("delegate")
        .post(
            _url(dec, f"silence/{procedure.pk}/break/"),
            {"paragraphs": ["OP2"], "reason": "We object.", "kind": "objection"},
        )
        .status_code
        == 302
    )
    page = client_as("delegate").get(_url(dec)).content.decode()
    assert "Silence broken by" in page and "We object." in page
    bad = client_as("chair").post(
        _url(dec, "silence/"), {"date": "tomorrow", "time": "18:00", "time_zone": "UTC"}
    )
    assert (
        bad.status_code == 400 and "Give the deadline as a date and a time" in bad.content.decode()
    )


def test_reader_sets_a_time_zone_and_sees_the_deadline_in_it(dec, client_as):
    later = (dt.date.today() + dt.timedelta(days=5)).isoformat()
    client_as("chair").post(
        _url(dec, "silence/"), {"date": later, "time": "18:00", "time_zone": "Europe/Zurich"}
    )
    delegate = client_as("delegate")
    assert delegate.post(_url(dec, "time-zone/"), {"time_zone": "Asia/Manila"}).status_code == 302
    page = delegate.get(_url(dec)).content.decode()
    assert "(Asia/Manila)" in page and "(Europe/Zurich)" in page
    assert delegate.post(_url(dec, "time-zone/"), {"time_zone": "Nowhere/Land"}).status_code == 400


def test_outcome_form_with_a_non_numeric_call_is_a_404_not_a_500(dec, client_as):
    response = client_as("chair").post(
        f"/g/{dec.world.group.slug}/outcomes/new/", {"call": "abc", "kind": "none"}
    )
    assert response.status_code == 404
