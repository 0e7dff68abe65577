"""A day's transcript upload as a job: the request stores the file and answers at once,
``accord worker`` parses and stores it (``services.transcript_upload``, one transaction)."""

from __future__ import annotations

import hashlib
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django_tasks import task

from accord.jobs.models import Job
from accord.jobs.runner import JobOutcome, Reporter, run_job
from accord.jobs.services import job_file_read, job_start

from . import selectors, services
from .models import MeetingDay, Transcript


def transcript_upload_start(
    *, actor: Any, day: MeetingDay, data: bytes, filename: str, format: str | None = None
) -> Job:
    """Queue the upload of ``data`` (within the upload limit) as ``day``'s transcript."""
    meeting = day.meeting
    group = meeting.group
    when = f"{day.date:%Y-%m-%d}"
    return job_start(
        actor=actor,
        group=group,
        kind=Job.Kind.TRANSCRIPT_UPLOAD,
        action="meetings.upload_transcript",
        task=transcript_upload_job,
        subject=_("Meeting %(number)s, %(date)s: %(file)s")
        % {"number": meeting.number, "date": when, "file": filename},
        params={"day": day.pk, "format": format or ""},
        upload=(data, filename),
        origin_url=reverse("meetings:upload", args=[group.slug, meeting.number, when]),
    )


def _stored_by_earlier_attempt(job: Job, day: MeetingDay, data: bytes) -> Transcript | None:
    """On a retry, the day's transcript when it is this very file: the worker of the earlier
    attempt died after the upload committed and before the job said so. Uploading again
    would fail the job as a duplicate of its own work (tests/crash)."""
    if job.attempts <= 1:
        return None
    sha256 = hashlib.sha256(data).hexdigest()
    return Transcript.objects.filter(day=day, sha256=sha256).first()


def _upload(job: Job, report: Reporter) -> JobOutcome:
    day = MeetingDay.objects.select_related("meeting", "meeting__group").get(pk=job.params["day"])
    data, filename = job_file_read(job)
    transcript = _stored_by_earlier_attempt(job, day, data)
    if transcript is None:
        report(note=_("Reading the transcript and matching its speakers."))
        transcript = services.transcript_upload(
            actor=job.started_by,
            day=day,
            data=data,
            filename=filename,
            format=job.params.get("format") or None,
            progress=report.count,
        )
    group, meeting = day.meeting.group, day.meeting
    speakers = selectors.transcript_speakers(transcript=transcript)
    members = dict(group.members.values_list("pk", "slug"))
    turns = transcript.turns.count()
    matched = [s for s in speakers if s.matched]
    when = f"{day.date:%Y-%m-%d}"
    return JobOutcome(
        summary=_(
            "Transcript stored: %(turns)d turns, %(matched)d of %(speakers)d speakers matched."
        )
        % {"turns": turns, "matched": len(matched), "speakers": len(speakers)},
        url=reverse("meetings:day", args=[group.slug, meeting.number, when]),
        # The same fields as the synchronous upload answered before it became a job.
        data={
            "meeting": meeting.number,
            "date": when,
            "format": transcript.format,
            "turns": turns,
            "matched": [
                {
                    "label": s.label,
                    "matched_to": s.display,
                    "member": members.get(s.member_id) if s.member_id else None,
                    "role": s.role_kind or None,
                    "on_behalf_of": s.on_behalf_of.slug if s.on_behalf_of else None,
                    "turns": s.turns,
                }
                for s in matched
            ],
            "unmatched": [s.label for s in speakers if not s.matched],
        },
    )


@task()
def transcript_upload_job(job_id: int) -> dict[str, Any]:
    return run_job(job_id, _upload)
