"""Follow-up pages: the public tracker, a recommendation's story, the Atom feed, and the
secretariat's and chair's forms (plain POST)."""

# ruff: noqa: F811  (fixtures imported from followup_fixtures)

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accord.outcomes.models import Outcome, ProgressReport, Recommendation
from accord.outcomes.services import followup as services
from tests.outcomes.followup_fixtures import fu, make_outcome, tracked  # noqa: F401

ATOM = "{http://www.w3.org/2005/Atom}"


def _child(entry: ET.Element, tag: str) -> ET.Element:
    found = entry.find(f"{ATOM}{tag}")
    assert found is not None, tag
    return found


def _url(name, f, *args):
    return reverse(f"followup:{name}", args=[f.group.slug, *args])


def _report(f, public_id, day, status="in_progress", progress=None, text="Work."):
    return services.progress_report_add(
        actor=f.world.users["secretariat"],
        recommendation=Recommendation.objects.get(public_id=public_id),
        reported_on=day,
        status=status,
        progress=progress,
        text=text,
    )


def _draft_recommendation(f):
    """A row for a draft outcome (the service refuses to make one; the row may still exist)."""
    draft = make_outcome(f.group, version=f.v2, issued=False, title="Draft report")
    return Recommendation.objects.create(
        group=f.group, outcome=draft, public_id="WGEC-2026-R50", text="Secret draft text."
    )


def test_urls():
    assert reverse("followup:tracker", args=["wgec"]) == "/g/wgec/follow-up/"
    assert reverse("followup:feed", args=["wgec"]) == "/g/wgec/follow-up/feed.atom"
    assert (
        reverse("followup:detail", args=["wgec", "WGEC-2026-R7"])
        == "/g/wgec/follow-up/WGEC-2026-R7/"
    )


def test_public_tracker_lists_and_filters(client, tracked):
    _report(tracked, "WGEC-2026-R2", date(2026, 5, 1), "implemented", 100)
    response = client.get(_url("tracker", tracked))
    assert response.status_code == 200
    html = response.content.decode()
    for public_id in ("WGEC-2026-R1", "WGEC-2026-R2", "WGEC-2026-R3"):
        assert public_id in html
    assert 'progress max="100" value="100"' in html
    assert "followup-chart" in html  # the status chart, plain HTML and CSS
    assert "Import progress reports" not in html  # no forms for the public
    filtered = client.get(_url("tracker", tracked), {"status": "implemented"}).content.decode()
    assert "WGEC-2026-R2" in filtered
    assert 'href="/g/wgec/follow-up/WGEC-2026-R1/"' not in filtered
    # An unknown status filter shows everything rather than failing.
    assert client.get(_url("tracker", tracked), {"status": "<x>"}).status_code == 200


def test_empty_tracker(client, fu):
    response = client.get(_url("tracker", fu))
    assert response.status_code == 200
    assert "No recommendation is tracked yet" in response.content.decode()


def test_wrong_public_id_is_404(client, tracked):
    assert client.get(_url("detail", tracked, "WGEC-2026-R99")).status_code == 404
    assert client.get(_url("detail", tracked, "nonsense")).status_code == 404


def test_draft_outcomes_recommendations_are_invisible_to_the_public(client, client_as, tracked):
    rec = _draft_recommendation(tracked)
    ProgressReport.objects.create(
        recommendation=rec, reported_on=date(2026, 5, 1), status="in_progress", text="Hidden."
    )
    assert client.get(_url("detail", tracked, "WGEC-2026-R50")).status_code == 404
    assert "WGEC-2026-R50" not in client.get(_url("tracker", tracked)).content.decode()
    assert "WGEC-2026-R50" not in client.get(_url("feed", tracked)).content.decode()
    # Members read draft outcomes, and so their rows.
    member = client_as("delegate")
    assert member.get(_url("detail", tracked, "WGEC-2026-R50")).status_code == 200


def test_unpublished_group_is_404(client, tracked):
    tracked.group.is_published = False
    tracked.group.save()
    assert client.get(_url("tracker", tracked)).status_code == 404
    assert client.get(_url("detail", tracked, "WGEC-2026-R1")).status_code == 404
    assert client.get(_url("feed", tracked)).status_code == 404


def test_story_page_lists_contributions_versions_outcome_reports(client, client_as, tracked):
    _report(tracked, "WGEC-2026-R1", date(2026, 6, 1), progress=50, text="Halfway there.")
    html = client.get(_url("detail", tracked, "WGEC-2026-R1")).content.decode()
    assert "Participation of all stakeholders" in html  # published contribution
    assert "Unmoderated views on follow-up" not in html  # not published: not for the public
    assert "Zero draft" in html and "Rev.1" in html
    assert "Report of the working group" in html  # the outcome it was adopted in
    assert "Halfway there." in html
    # The order of the story: contributions → versions → outcome → reports.
    positions = [
        html.index(s) for s in ("Participation of all", "Zero draft", "Adopted in", "Halfway")
    ]
    assert positions == sorted(positions)
    # A member also sees the contribution awaiting moderation.
    member_html = (
        client_as("delegate").get(_url("detail", tracked, "WGEC-2026-R1")).content.decode()
    )
    assert "Unmoderated views on follow-up" in member_html


def test_story_shows_where_the_text_changed(client, tracked):
    html = client.get(_url("detail", tracked, "WGEC-2026-R2")).content.decode()
    assert "changed" in html
    assert "<ins>" in html and "<del>" in html
    assert "review of existing" in html


def test_story_hides_unpublished_versions_from_the_public(client, client_as, tracked):
    type(tracked.v1).objects.filter(pk=tracked.v1.pk).update(is_published=False)
    html = client.get(_url("detail", tracked, "WGEC-2026-R2")).content.decode()
    assert "Zero draft" not in html and "Rev.1" in html
    member_html = (
        client_as("observer").get(_url("detail", tracked, "WGEC-2026-R2")).content.decode()
    )
    assert "Zero draft" in member_html  # circulated to members


def test_atom_feed_parses_with_one_stable_entry_per_report(client, tracked):
    _report(tracked, "WGEC-2026-R1", date(2026, 5, 1), progress=10)
    _report(tracked, "WGEC-2026-R1", date(2026, 6, 1), progress=40, text="More.")
    _report(tracked, "WGEC-2026-R3", date(2026, 6, 2), "implemented", 100, text="Done.")
    response = client.get(_url("feed", tracked))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    entries = root.findall(f"{ATOM}entry")
    assert len(entries) == 3
    ids = [_child(e, "id").text or "" for e in entries]
    assert len(set(ids)) == 3 and all(i.startswith("tag:") for i in ids)
    titles = [_child(e, "title").text for e in entries]
    assert "WGEC-2026-R3: Implemented (100%)" in titles
    again = ET.fromstring(client.get(_url("feed", tracked)).content)
    assert [_child(e, "id").text for e in again.findall(f"{ATOM}entry")] == ids
    links = [_child(e, "link").get("href") or "" for e in entries]
    assert all("/g/wgec/follow-up/WGEC-2026-R" in link and "#report-" in link for link in links)


# --- forms -------------------------------------------------------------------------------------


def test_secretariat_adds_a_report_without_javascript(client_as, tracked):
    client = client_as("secretariat")
    page = client.get(_url("detail", tracked, "WGEC-2026-R1")).content.decode()
    assert "Add a progress report" in page
    response = client.post(
        _url("report-add", tracked, "WGEC-2026-R1"),
        {
            "reported_on": "2026-05-01",
            "status": "partial",
            "progress": "60",
            "text": "Half.",
            "reporting_body": "UNCTAD",
            "source_url": "https://example.org/r",
        },
    )
    assert response.status_code == 302
    report = ProgressReport.objects.get()
    assert response["Location"].endswith(f"/g/wgec/follow-up/WGEC-2026-R1/#report-{report.pk}")
    rec = Recommendation.objects.get(public_id="WGEC-2026-R1")
    assert (rec.status, rec.progress) == ("partial", 60)


def test_bad_report_form_shows_the_error(client_as, tracked):
    client = client_as("chair")
    response = client.post(
        _url("report-add", tracked, "WGEC-2026-R1"),
        {"reported_on": "2999-01-01", "status": "partial", "text": "Later."},
    )
    assert response.status_code == 400
    assert "future" in response.content.decode()
    assert not ProgressReport.objects.exists()
    response = client.post(_url("report-add", tracked, "WGEC-2026-R1"), {"status": "partial"})
    assert response.status_code == 400
    assert not ProgressReport.objects.exists()


@pytest.mark.parametrize("role", ["delegate", "observer", "vice_chair", "outsider", "anonymous"])
def test_others_cannot_post(client_as, tracked, role):
    client = client_as(role)
    page = client.get(_url("detail", tracked, "WGEC-2026-R1")).content.decode()
    assert "Add a progress report" not in page
    responses = [
        client.post(
            _url("report-add", tracked, "WGEC-2026-R1"),
            {"reported_on": "2026-05-01", "status": "partial", "text": "Half."},
        ),
        client.post(_url("edit", tracked, "WGEC-2026-R1"), {"responsible_bodies": "ITU"}),
        client.post(
            _url("import", tracked),
            {"file": SimpleUploadedFile("p.csv", b"public_id,reported_on,status,text\n")},
        ),
        client.post(_url("track", tracked, tracked.outcome.pk)),
    ]
    assert [r.status_code for r in responses] == [403, 403, 403, 403]
    assert not ProgressReport.objects.exists()
    assert Recommendation.objects.get(public_id="WGEC-2026-R1").responsible_bodies == ""


def test_edit_responsible_bodies_and_review_date(client_as, tracked):
    client = client_as("secretariat")
    response = client.post(
        _url("edit", tracked, "WGEC-2026-R3"),
        {"responsible_bodies": "UNCTAD\r\nITU", "review_date": "2027-02-01"},
    )
    assert response.status_code == 302
    rec = Recommendation.objects.get(public_id="WGEC-2026-R3")
    assert (rec.responsible_bodies, rec.review_date) == ("UNCTAD\nITU", date(2027, 2, 1))
    html = client_as("anonymous").get(_url("tracker", tracked)).content.decode()
    assert "UNCTAD<br>ITU" in html and "1 Feb 2027" in html


def test_csv_upload(client_as, tracked):
    client = client_as("secretariat")
    good = (
        b"public_id,reported_on,status,progress,text,reporting_body,source_url\n"
        b"WGEC-2026-R1,2026-05-01,In progress,25,Started.,UNCTAD,\n"
    )
    response = client.post(_url("import", tracked), {"file": SimpleUploadedFile("p.csv", good)})
    assert response.status_code == 302
    assert ProgressReport.objects.count() == 1
    followed = client.get(response["Location"]).content.decode()
    assert "1 progress report added" in followed
    bad = good + b"WGEC-2026-R2,2026-13-01,In progress,25,Bad date.,,\n"
    response = client.post(_url("import", tracked), {"file": SimpleUploadedFile("p.csv", bad)})
    assert response.status_code == 400
    assert "Line 3" in response.content.decode()
    assert ProgressReport.objects.count() == 1


def test_track_from_the_page(client_as, fu):
    client = client_as("chair")
    page = client.get(_url("tracker", fu)).content.decode()
    assert "Track its operative paragraphs" in page
    response = client.post(_url("track", fu, fu.outcome.pk))
    assert response.status_code == 302
    assert Recommendation.objects.count() == 3
    summary = make_outcome(fu.group, kind=Outcome.Kind.CHAIRS_SUMMARY, title="Chair's summary")
    response = client.post(_url("track", fu, summary.pk), {"paragraphs": [fu.p("OP3").pk]})
    assert response.status_code == 302
    # R3 is the consensus report's: the summary's OP3 gets the next free number.
    assert Recommendation.objects.get(outcome=summary).public_id == "WGEC-2026-R4"
    assert client.post(_url("track", fu, summary.pk), {"paragraphs": []}).status_code == 400
    none = make_outcome(fu.group, kind=Outcome.Kind.NONE, title="None")
    assert client.post(_url("track", fu, none.pk)).status_code == 400
    assert client.post(_url("track", fu, 999999)).status_code == 404


def test_summary_candidates_tick_the_broadly_supported_and_show_the_tracked(client_as, fu):
    from accord.outcomes.models import OutcomeParagraph

    summary = make_outcome(
        fu.group, kind=Outcome.Kind.CHAIRS_SUMMARY, version=fu.v2, title="Chair's summary"
    )
    OutcomeParagraph.objects.create(outcome=summary, order=1, key="broad_support", kind="heading")
    OutcomeParagraph.objects.create(outcome=summary, order=2, key="broad.OP1", text="OP1 had it.")
    client = client_as("secretariat")
    client.post(_url("track", fu, summary.pk), {"paragraphs": [fu.p("OP3").pk]})
    page = client.get(_url("tracker", fu)).content.decode()
    form = page.split(f'action="{_url("track", fu, summary.pk)}"')[1].split("</form>")[0]
    boxes = {
        line.split('value="')[1].split('"')[0]: line
        for line in form.split("<label")
        if 'name="paragraphs"' in line
    }
    op1, op2, op3 = (boxes[str(fu.p(k).pk)] for k in ("OP1", "OP2", "OP3"))
    assert "checked" in op1 and "disabled" not in op1 and "broad support" in op1
    assert "checked" not in op2
    tracked_as = Recommendation.objects.get(outcome=summary).public_id
    assert "checked disabled" in op3 and f"tracked as {tracked_as}" in op3
