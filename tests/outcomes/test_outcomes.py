"""Outcomes: the adopted report, no outcome, annexes of arguments, issuing seals the text,
and the exports."""

from __future__ import annotations

import io
import zipfile

import pytest

from accord.common.errors import Conflict, Gone, ValidationFailed
from accord.outcomes.models import Outcome
from accord.outcomes.selectors.export import outcome_export
from accord.outcomes.services import calls, outcomes
from accord.outcomes.services.summary import annex_draft_from_record
from accord.positions.services import position_record


def _closed(dec, *, objection=False):
    call = calls.call_open(actor=dec.chair, version=dec.version)
    if objection:
        calls.stance_record(
            actor=dec.delegates["cs"],
            call=call,
            kind="object",
            paragraph=dec.p("OP2"),
            reason="A new body duplicates existing forums.",
        )
        calls.stance_record(
            actor=dec.delegates["BRA"],
            call=call,
            kind="support",
            paragraph=dec.p("OP2"),
            reason="Only a new body gives every government an equal footing.",
        )
    return calls.call_close(actor=dec.chair, call=call)


def test_adopted_report_is_recorded_issued_and_then_sealed(dec):
    call = _closed(dec)
    report = outcomes.outcome_adopt_report(
        actor=dec.chair, call=call, title="Report of the group", symbol="WG/2026/1"
    )
    assert report.adopted_version == dec.version and not report.is_issued
    issued = outcomes.outcome_issue(actor=dec.chair, outcome=report)
    assert issued.is_issued and len(issued.content_hash) == 64
    with pytest.raises(Gone):
        outcomes.annex_create(actor=dec.chair, outcome=issued, title="Late annex")
    with pytest.raises(Conflict):
        outcomes.outcome_adopt_report(actor=dec.chair, call=call, title="Again")


def test_no_report_without_adoption_and_no_summary_after_adoption(dec):
    failed = _closed(dec, objection=True)
    with pytest.raises(ValidationFailed, match="not adopted"):
        outcomes.outcome_adopt_report(actor=dec.chair, call=failed, title="Report")
    with pytest.raises(ValidationFailed, match="title"):
        outcomes.outcome_start_summary(actor=dec.chair, call=failed, title="  ")


def test_summary_refused_when_the_text_was_adopted(dec):
    adopted = _closed(dec)
    with pytest.raises(ValidationFailed, match="consensus report instead"):
        outcomes.outcome_start_summary(actor=dec.chair, call=adopted, title="Chair's summary")


def test_annex_is_drafted_from_the_reasons_members_gave(dec):
    position_record(
        actor=dec.delegates["SWE"],
        version=dec.version,
        paragraph=dec.p("OP2"),
        kind="object",
        reason="The costs are not justified.",
    )
    call = _closed(dec, objection=True)
    summary = outcomes.outcome_start_summary(actor=dec.chair, call=call, title="Chair's summary")
    annex = annex_draft_from_record(
        actor=dec.chair, outcome=summary, paragraph=dec.p("OP2"), title="A new mechanism"
    )
    points = [
        (p.side, p.text, sorted(m.name for m in p.members.all()))
        for p in annex.points.order_by("side", "order")
    ]
    assert points == [
        ("against", "A new body duplicates existing forums.", ["Open Network Alliance"]),
        ("against", "The costs are not justified.", ["Sweden"]),
        ("for", "Only a new body gives every government an equal footing.", ["Brazil"]),
    ]
    assert all(p.sources and p.sources[0]["url"].startswith("/g/") for p in annex.points.all())
    with pytest.raises(ValidationFailed, match="no text yet"):
        outcomes.outcome_issue(actor=dec.chair, outcome=summary)


def test_no_outcome_exports_in_every_format(dec):
    call = _closed(dec, objection=True)
    none = outcomes.outcome_record_none(
        actor=dec.chair, call=call, statement="The group could not agree."
    )
    none = outcomes.outcome_issue(actor=dec.chair, outcome=none)
    docx = outcome_export(Outcome.objects.get(pk=none.pk), "docx")
    with zipfile.ZipFile(io.BytesIO(docx.data)) as z:
        assert "The group could not agree." in z.read("word/document.xml").decode()
    for fmt in ("pdf", "html", "xml"):
        assert outcome_export(none, fmt).data
    assert b"The group could not agree." in outcome_export(none, "html").data
    with pytest.raises(ValidationFailed):
        outcome_export(none, "exe")


def test_sources_must_be_links_of_the_site_or_the_web(dec):
    with pytest.raises(ValidationFailed):
        outcomes.clean_sources([{"kind": "turn", "label": "x", "url": "javascript:alert(1)"}])
    with pytest.raises(ValidationFailed):
        outcomes.clean_sources([{"kind": "turn", "label": "x", "url": "//evil.example/"}])
    with pytest.raises(ValidationFailed):
        outcomes.clean_sources([{"kind": "rumour", "label": "x", "url": "/g/x/"}])
    assert outcomes.clean_sources([{"kind": "turn", "label": " Turn 3 ", "url": "/g/x/"}]) == [
        {"kind": "turn", "label": "Turn 3", "url": "/g/x/"}
    ]
