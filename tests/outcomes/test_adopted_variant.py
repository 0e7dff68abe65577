"""The scenario's other ending: consensus is reached, the group adopts its report, and the
adopted recommendations enter follow-up with stable public ids and progress reports."""

from __future__ import annotations

import datetime as dt

from accord.drafts.models import Version
from accord.outcomes.services import calls, outcomes
from accord.outcomes.services.followup import progress_report_add, recommendations_track


def test_consensus_reached_report_adopted_and_followed_up(dec, client_as):
    Version.objects.filter(pk=dec.version.pk).update(is_published=True)
    call = calls.call_open(actor=dec.chair, version=dec.version, note="Can we adopt the text?")
    # A reservation and a dissociation do not block; nobody objects.
    calls.stance_record(
        actor=dec.delegates["BRA"], call=call, kind="support", on_behalf_of=dec.bloc
    )
    calls.stance_record(
        actor=dec.delegates["cs"],
        call=call,
        kind="reservation",
        paragraph=dec.p("OP2"),
        reason="We place our concerns about a new body on record.",
    )
    call = calls.call_close(actor=dec.chair, call=call)
    assert call.adopted is True
    report = outcomes.outcome_adopt_report(
        actor=dec.chair, call=call, title="Report of the Working Group", symbol="WGEC/2026/1"
    )
    report = outcomes.outcome_issue(actor=dec.chair, outcome=report)
    tracked = recommendations_track(actor=dec.world.users["secretariat"], outcome=report)
    year = report.issued_at.year
    assert [r.public_id for r in tracked] == [
        f"WGEC-{year}-R1",
        f"WGEC-{year}-R2",
        f"WGEC-{year}-R3",
    ]
    progress_report_add(
        actor=dec.world.users["secretariat"],
        recommendation=tracked[2],
        reported_on=dt.date.today(),
        status="in_progress",
        progress=40,
        text="The first annual report was presented to the Commission.",
        reporting_body="Commission secretariat",
    )
    public = client_as("anonymous")
    tracker = public.get(f"/g/{dec.world.group.slug}/follow-up/").content.decode()
    assert f"WGEC-{year}-R3" in tracker
    story = public.get(f"/g/{dec.world.group.slug}/follow-up/WGEC-{year}-R3/")
    assert story.status_code == 200
    html = story.content.decode()
    assert "The first annual report was presented to the Commission." in html
    assert "Report of the Working Group" in html
    outcome_page = public.get(f"/g/{dec.world.group.slug}/outcomes/{report.pk}/").content.decode()
    assert "The group adopted Zero draft of the text by consensus." in outcome_page
