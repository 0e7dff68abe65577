"""Follow-up services: stable public ids, idempotent tracking, latest report wins, CSV import."""

# ruff: noqa: F811  (fixtures imported from followup_fixtures)

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from accord.common.errors import Conflict, PayloadTooLarge, ValidationFailed
from accord.common.models import AuditEvent
from accord.outcomes.models import Outcome, ProgressReport, Recommendation
from accord.outcomes.services import followup as services
from tests.outcomes.followup_fixtures import (
    ISSUED_AT,
    FollowUp,
    fu,  # noqa: F401
    make_outcome,
    make_version,
    tracked,  # noqa: F401
)

HEADER = "public_id,reported_on,status,progress,text,reporting_body,source_url\n"


def _sec(f: FollowUp):
    return f.world.users["secretariat"]


def _rec(public_id: str) -> Recommendation:
    return Recommendation.objects.get(public_id=public_id)


def _csv(*rows: str, header: str = HEADER) -> bytes:
    return (header + "".join(r + "\n" for r in rows)).encode()


# --- tracking ----------------------------------------------------------------------------------


def test_consensus_report_tracks_every_operative_paragraph_in_order(fu):
    recs = services.recommendations_track(actor=_sec(fu), outcome=fu.outcome)
    assert [r.public_id for r in recs] == ["WGEC-2026-R1", "WGEC-2026-R2", "WGEC-2026-R3"]
    assert [r.paragraph and r.paragraph.key for r in recs] == ["OP1", "OP2", "OP3"]
    assert [r.number for r in recs] == ["1.", "2.", "3."]
    # The text as adopted (Rev.1), not the zero draft's.
    assert recs[1].text == "Recommends a review of existing mechanisms on enhanced cooperation;"
    assert all(r.status == Recommendation.Status.NOT_STARTED and r.progress is None for r in recs)
    event = AuditEvent.objects.get(action="accord.recommendation.track")
    assert event.data["public_ids"] == ["WGEC-2026-R1", "WGEC-2026-R2", "WGEC-2026-R3"]


def test_tracking_twice_is_idempotent(fu):
    first = services.recommendations_track(actor=_sec(fu), outcome=fu.outcome)
    services.recommendation_update(
        actor=_sec(fu), recommendation=first[0], responsible_bodies="UNCTAD"
    )
    again = services.recommendations_track(actor=fu.world.users["chair"], outcome=fu.outcome)
    assert [r.pk for r in again] == [r.pk for r in first]
    assert [r.public_id for r in again] == [r.public_id for r in first]
    assert Recommendation.objects.count() == 3
    assert _rec("WGEC-2026-R1").responsible_bodies == "UNCTAD"
    assert AuditEvent.objects.filter(action="accord.recommendation.track").count() == 1


def test_id_prefix_is_the_short_name_in_capitals_and_the_year_of_issue(fu):
    fu.group.short_name = "wg edc"
    fu.group.save()
    Outcome.objects.filter(pk=fu.outcome.pk).update(issued_at=ISSUED_AT.replace(year=2027))
    recs = services.recommendations_track(actor=_sec(fu), outcome=fu.outcome)
    assert recs[0].public_id == "WG-EDC-2027-R1"


def test_non_numeric_display_numbers_get_running_numbers_never_reused(fu):
    numbers = {"OP1": "7.", "OP2": "", "OP3": "(c)"}
    v3 = make_version(
        fu.report,
        3,
        {"OP1": "a;", "OP2": "b;", "OP3": "c;"},
        fu.paragraphs,
        issued_at=ISSUED_AT,
        numbers=numbers,
    )
    outcome = make_outcome(fu.group, version=v3)
    recs = services.recommendations_track(actor=_sec(fu), outcome=outcome)
    assert [r.public_id for r in recs] == ["WGEC-2026-R7", "WGEC-2026-R8", "WGEC-2026-R9"]
    # A recommendation removed (by hand) does not free its id: the audit log remembers it.
    Recommendation.objects.filter(public_id="WGEC-2026-R9").delete()
    other = make_outcome(fu.group, version=fu.v2, title="Second report")
    recs2 = services.recommendations_track(actor=_sec(fu), outcome=other)
    assert [r.public_id for r in recs2] == ["WGEC-2026-R1", "WGEC-2026-R2", "WGEC-2026-R3"]
    numbers = {"OP1": "", "OP2": "9.", "OP3": "1."}
    v4 = make_version(
        fu.report,
        4,
        {"OP1": "d;", "OP2": "e;", "OP3": "f;"},
        fu.paragraphs,
        issued_at=ISSUED_AT,
        numbers=numbers,
    )
    recs3 = services.recommendations_track(
        actor=_sec(fu), outcome=make_outcome(fu.group, version=v4, title="Third")
    )
    # 9 and 1 are taken (9 only on the record): both get running numbers after the highest.
    assert [r.public_id for r in recs3] == ["WGEC-2026-R10", "WGEC-2026-R11", "WGEC-2026-R12"]


def test_chairs_summary_tracks_the_named_paragraphs(fu):
    summary = make_outcome(fu.group, kind=Outcome.Kind.CHAIRS_SUMMARY, version=None)
    recs = services.recommendations_track(
        actor=fu.world.users["chair"], outcome=summary, paragraphs=[fu.p("OP3"), fu.p("OP1")]
    )
    # From the latest issued version holding them, in the version's order.
    assert [(r.public_id, r.paragraph and r.paragraph.key) for r in recs] == [
        ("WGEC-2026-R1", "OP1"),
        ("WGEC-2026-R3", "OP3"),
    ]
    again = services.recommendations_track(
        actor=fu.world.users["chair"], outcome=summary, paragraphs=[fu.p("OP1"), fu.p("OP2")]
    )
    assert [r.public_id for r in again] == ["WGEC-2026-R1", "WGEC-2026-R2"]
    assert Recommendation.objects.filter(outcome=summary).count() == 3


def test_chairs_summary_needs_paragraphs(fu):
    summary = make_outcome(fu.group, kind=Outcome.Kind.CHAIRS_SUMMARY, version=None)
    with pytest.raises(ValidationFailed):
        services.recommendations_track(actor=_sec(fu), outcome=summary, paragraphs=[])
    assert not Recommendation.objects.exists()


@pytest.mark.parametrize("case", ["draft", "none"])
def test_draft_and_no_outcome_are_refused(fu, case):
    if case == "draft":
        outcome = make_outcome(fu.group, version=fu.v2, issued=False)
    else:
        outcome = make_outcome(fu.group, kind=Outcome.Kind.NONE, version=None)
    with pytest.raises(ValidationFailed) as exc:
        services.recommendations_track(actor=_sec(fu), outcome=outcome)
    assert exc.value.status == 400
    assert not Recommendation.objects.exists()


def test_consensus_report_refuses_named_paragraphs(fu):
    with pytest.raises(ValidationFailed):
        services.recommendations_track(actor=_sec(fu), outcome=fu.outcome, paragraphs=[fu.p("OP1")])


# --- progress reports --------------------------------------------------------------------------


def test_latest_report_by_date_wins(tracked):
    r = _rec("WGEC-2026-R1")
    sec = _sec(tracked)
    services.progress_report_add(
        actor=sec,
        recommendation=r,
        reported_on=date(2026, 6, 1),
        status="in_progress",
        progress=40,
        text="Consultations held.",
    )
    assert (_rec("WGEC-2026-R1").status, _rec("WGEC-2026-R1").progress) == ("in_progress", 40)
    # An older report entered later does not override the latest one.
    services.progress_report_add(
        actor=sec,
        recommendation=r,
        reported_on=date(2026, 4, 1),
        status="not_started",
        progress=0,
        text="Nothing yet.",
    )
    assert (_rec("WGEC-2026-R1").status, _rec("WGEC-2026-R1").progress) == ("in_progress", 40)
    services.progress_report_add(
        actor=sec,
        recommendation=r,
        reported_on=date(2026, 9, 1),
        status="Implemented",
        progress=100,
        text="Done.",
        reporting_body="UNCTAD",
        source_url="https://example.org/report",
    )
    r.refresh_from_db()
    assert (r.status, r.progress) == ("implemented", 100)
    assert [p.reported_on.month for p in r.reports.all()] == [4, 6, 9]
    assert AuditEvent.objects.filter(action="accord.progress_report.add").count() == 3


def test_future_date_refused(tracked):
    r = _rec("WGEC-2026-R1")
    with pytest.raises(ValidationFailed) as exc:
        services.progress_report_add(
            actor=_sec(tracked),
            recommendation=r,
            reported_on=date.today() + timedelta(days=2),
            status="in_progress",
            text="Soon.",
        )
    assert "reported_on" in exc.value.fields
    assert not ProgressReport.objects.exists()


@pytest.mark.parametrize(
    ("field", "kwargs"),
    [
        ("progress", {"progress": 101}),
        ("progress", {"progress": -1}),
        ("status", {"status": "finished"}),
        ("text", {"text": "   "}),
        ("source_url", {"source_url": "javascript:alert(1)"}),
    ],
)
def test_bad_report_refused(tracked, field, kwargs):
    values: dict[str, Any] = {
        "reported_on": date(2026, 5, 1),
        "status": "in_progress",
        "text": "Work.",
        **kwargs,
    }
    with pytest.raises(ValidationFailed) as exc:
        services.progress_report_add(
            actor=_sec(tracked), recommendation=_rec("WGEC-2026-R1"), **values
        )
    assert field in exc.value.fields
    assert not ProgressReport.objects.exists()


def test_same_report_twice_is_a_conflict(tracked):
    r = _rec("WGEC-2026-R2")
    args: dict[str, Any] = {
        "reported_on": date(2026, 5, 1),
        "status": "in_progress",
        "text": "Work.",
    }
    services.progress_report_add(actor=_sec(tracked), recommendation=r, **args)
    with pytest.raises(Conflict):
        services.progress_report_add(actor=_sec(tracked), recommendation=r, **args)
    assert ProgressReport.objects.count() == 1


def test_recommendation_update_sets_only_what_is_passed(tracked):
    r = _rec("WGEC-2026-R3")
    services.recommendation_update(
        actor=_sec(tracked),
        recommendation=r,
        responsible_bodies=" UNCTAD \n\n ITU ",
        review_date=date(2027, 1, 15),
    )
    services.recommendation_update(actor=_sec(tracked), recommendation=r, review_date=None)
    r.refresh_from_db()
    assert (r.responsible_bodies, r.review_date) == ("UNCTAD\nITU", None)
    assert AuditEvent.objects.filter(action="accord.recommendation.update").count() == 2


# --- CSV import --------------------------------------------------------------------------------


def test_csv_import_with_bom_and_labels_and_idempotent(tracked):
    data = "\ufeff".encode() + _csv(
        "WGEC-2026-R1,2026-05-01,in_progress,30,First steps.,UNCTAD,https://example.org/1",
        'WGEC-2026-R1,2026-07-01,Partly implemented,60%,"Half done, with a comma.",UNCTAD,',
        "WGEC-2026-R2,2026-05-02,Not started,,Nothing yet.,,",
    )
    result = services.progress_reports_import_csv(
        actor=_sec(tracked), group=tracked.group, data=data
    )
    assert (result.created, result.skipped) == (3, 0)
    assert result.public_ids == ["WGEC-2026-R1", "WGEC-2026-R2"]
    r1 = _rec("WGEC-2026-R1")
    assert (r1.status, r1.progress) == ("partial", 60)
    assert all(p.imported for p in ProgressReport.objects.all())
    again = services.progress_reports_import_csv(
        actor=_sec(tracked), group=tracked.group, data=data
    )
    assert (again.created, again.skipped) == (0, 3)
    assert ProgressReport.objects.count() == 3
    assert "3" in again.message


def test_csv_optional_columns_may_be_left_out_in_any_order(tracked):
    data = _csv(
        "In progress,Started.,WGEC-2026-R3,2026-05-01", header="status,text,public_id,reported_on\n"
    )
    result = services.progress_reports_import_csv(
        actor=_sec(tracked), group=tracked.group, data=data
    )
    assert result.created == 1
    assert _rec("WGEC-2026-R3").status == "in_progress"


@pytest.mark.parametrize(
    ("row", "line", "column"),
    [
        ("WGEC-2026-R99,2026-05-01,in_progress,10,x,,", 3, "public_id"),
        ("WGEC-2026-R2,01/05/2026,in_progress,10,x,,", 3, "reported_on"),
        ("WGEC-2026-R2,2026-05-01,done,10,x,,", 3, "status"),
        ("WGEC-2026-R2,2026-05-01,in_progress,110,x,,", 3, "progress"),
        ("WGEC-2026-R2,2026-05-01,in_progress,10,,,", 3, "text"),
        ("WGEC-2026-R2,2026-05-01,in_progress,10,x,,ftp://example.org", 3, "source_url"),
    ],
)
def test_csv_one_bad_row_writes_nothing_and_names_line_and_column(tracked, row, line, column):
    data = _csv("WGEC-2026-R1,2026-05-01,in_progress,10,Fine row.,,", row)
    with pytest.raises(ValidationFailed) as exc:
        services.progress_reports_import_csv(actor=_sec(tracked), group=tracked.group, data=data)
    assert f"Line {line}" in exc.value.message
    assert f"“{column}”" in exc.value.message
    assert not ProgressReport.objects.exists()
    assert _rec("WGEC-2026-R1").status == "not_started"


def test_csv_future_date_names_the_line(tracked):
    future = (date.today() + timedelta(days=3)).isoformat()
    data = _csv(
        "WGEC-2026-R1,2026-05-01,in_progress,10,Fine.,,",
        '"WGEC-2026-R2","2026-05-01","in_progress","10","Two\nlines.","",""',
        f"WGEC-2026-R3,{future},in_progress,10,Too soon.,,",
    )
    with pytest.raises(ValidationFailed) as exc:
        services.progress_reports_import_csv(actor=_sec(tracked), group=tracked.group, data=data)
    # The quoted text spans two lines: the bad row starts on line 5.
    assert "Line 5" in exc.value.message and "reported_on" in exc.value.message
    assert not ProgressReport.objects.exists()


@pytest.mark.parametrize(
    ("data", "needle"),
    [
        (b"public_id,when,status,text\n", "when"),
        (b"public_id,status,text\n", "reported_on"),
        (b"", "empty"),
        (HEADER.encode() + b"WGEC-2026-R1,2026-05-01,in_progress,10,caf\xe9,,\n", "UTF-8"),
        (HEADER.encode() + b"WGEC-2026-R1,2026-05-01,in_progress\n", "fields"),
    ],
)
def test_csv_bad_structure_refused(tracked, data, needle):
    with pytest.raises(ValidationFailed) as exc:
        services.progress_reports_import_csv(actor=_sec(tracked), group=tracked.group, data=data)
    assert needle in exc.value.message
    assert not ProgressReport.objects.exists()


def test_oversized_csv_refused_before_parsing(tracked, monkeypatch):
    def boom(*args, **kwargs):
        raise AssertionError("parsed a file over the limit")

    monkeypatch.setattr(services, "_read_rows", boom)
    big = HEADER.encode() + b"x" * services.CSV_MAX_BYTES
    with pytest.raises(PayloadTooLarge) as exc:
        services.progress_reports_import_csv(actor=_sec(tracked), group=tracked.group, data=big)
    assert exc.value.status == 413
    many_lines = HEADER.encode() + b"\n" * (services.CSV_MAX_LINES + 1)
    with pytest.raises(PayloadTooLarge):
        services.progress_reports_import_csv(
            actor=_sec(tracked), group=tracked.group, data=many_lines
        )


def test_csv_row_limit(tracked, monkeypatch):
    monkeypatch.setattr(services, "CSV_MAX_ROWS", 2)
    data = _csv(*(f"WGEC-2026-R1,2026-05-0{i},in_progress,10,Row {i}.,," for i in range(1, 4)))
    with pytest.raises(PayloadTooLarge):
        services.progress_reports_import_csv(actor=_sec(tracked), group=tracked.group, data=data)
    assert not ProgressReport.objects.exists()


def test_csv_of_another_groups_recommendation_is_unknown(tracked):
    from accord.groups import services as group_services

    other = group_services.group_create(actor=_sec(tracked), name="Other group", short_name="OG")
    data = _csv("WGEC-2026-R1,2026-05-01,in_progress,10,x,,")
    with pytest.raises(ValidationFailed) as exc:
        services.progress_reports_import_csv(actor=_sec(tracked), group=other, data=data)
    assert "public_id" in exc.value.message


def test_import_path_for_the_cli(tracked, tmp_path):
    path = tmp_path / "progress.csv"
    path.write_bytes(_csv("WGEC-2026-R1,2026-05-01,implemented,100,Done.,UNCTAD,"))
    result = services.progress_reports_import_path(
        actor=_sec(tracked), group=tracked.group, path=path
    )
    assert result.created == 1
    with pytest.raises(ValidationFailed):
        services.progress_reports_import_path(
            actor=_sec(tracked), group=tracked.group, path=tmp_path / "missing.csv"
        )
    big = tmp_path / "big.csv"
    big.write_bytes(b"x" * (services.CSV_MAX_BYTES + 1))
    with pytest.raises(PayloadTooLarge):
        services.progress_reports_import_path(actor=_sec(tracked), group=tracked.group, path=big)
