"""The job page and API: who sees a job, what the page says in each state, and polling."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from accord.groups import services as group_services
from accord.jobs.models import Job
from accord.meetings.tasks import transcript_upload_start
from tests.common.test_not_found_alike import assert_alike
from tests.factories import UserFactory
from tests.meetings.samples import CAPTIONING

from .conftest import token

ROLES = ["secretariat", "chair", "vice_chair", "facilitator", "delegate", "observer", "outsider"]
# A job started by the facilitator: its starter and the group's secretariat and chair see it.
SEES_A_FACILITATORS_JOB = {"facilitator", "secretariat", "chair"}


def _job(world: Any, starter: str = "facilitator", **fields: Any) -> Job:
    values: dict[str, Any] = {
        "kind": Job.Kind.TRANSCRIPT_UPLOAD,
        "group": world.group,
        "started_by": world.users[starter],
        "subject": "Meeting 3, 2025-03-10: day1.txt",
        "task_path": "accord.meetings.tasks.transcript_upload_job",
        **fields,
    }
    return Job.objects.create(**values)


@pytest.mark.parametrize("role", [*ROLES, "anonymous"])
def test_who_sees_a_job_page(world, client_as, role):
    job = _job(world)
    response = client_as(role).get(f"/jobs/{job.pk}/")
    assert response.status_code == (200 if role in SEES_A_FACILITATORS_JOB else 404)


@pytest.mark.parametrize("role", ROLES)
def test_who_sees_a_job_in_the_api(world, client, role):
    job = _job(world)
    response = client.get(f"/api/v1/jobs/{job.pk}", **token(world.users[role]))
    assert response.status_code == (200 if role in SEES_A_FACILITATORS_JOB else 404)
    if response.status_code == 404:
        assert response.json() == client.get("/api/v1/jobs/999999").json()
    assert client.get(f"/api/v1/jobs/{job.pk}").status_code == 404  # no token


def test_another_groups_secretariat_does_not_see_the_job(world, client):
    other = UserFactory(username="other-secretariat")
    group = group_services.group_create(actor=world.users["secretariat"], name="Other group")
    group_services.role_assign(
        actor=world.users["secretariat"], group=group, user=other, kind="secretariat"
    )
    job = _job(world)
    client.force_login(other)
    assert client.get(f"/jobs/{job.pk}/").status_code == 404
    assert client.get(f"/api/v1/jobs/{job.pk}", **token(other)).status_code == 404


@pytest.mark.parametrize("role", ["anonymous", "outsider"])
def test_a_hidden_job_is_404_like_a_missing_one(world, client_as, role):
    job = _job(world)
    client = client_as(role)
    client.get("/")
    missing = int("9" * len(str(job.pk)))
    assert missing != job.pk
    assert_alike(client.get(f"/jobs/{job.pk}/"), client.get(f"/jobs/{missing}/"))
    htmx = {"HTTP_HX_REQUEST": "true"}
    assert_alike(client.get(f"/jobs/{job.pk}/", **htmx), client.get(f"/jobs/{missing}/", **htmx))


@pytest.mark.parametrize("job_id", ["0", str(2**63), "9" * 40])
def test_odd_job_ids_are_404(world, client_as, job_id):
    client = client_as("secretariat")
    assert client.get(f"/jobs/{job_id}/").status_code == 404
    assert client.get(
        f"/api/v1/jobs/{job_id}", **token(world.users["secretariat"])
    ).status_code in (
        404,
        422,
    )


def test_a_queued_job_page_refreshes_itself(world, client_as):
    job = _job(world, note="")
    html = client_as("facilitator").get(f"/jobs/{job.pk}/").content.decode()
    assert "Transcript import" in html and "Meeting 3, 2025-03-10: day1.txt" in html
    assert '<span class="badge job-badge-queued">Queued</span>' in html
    # htmx polls the status; without JavaScript the page reloads itself; a link either way.
    assert f'hx-get="/jobs/{job.pk}/" hx-trigger="every 2s' in html
    assert '<noscript><meta http-equiv="refresh" content="2"></noscript>' in html
    assert f'<a href="/jobs/{job.pk}/">Reload this page</a>' in html
    assert "<progress" in html
    assert "<script>" not in html  # the page keeps a CSP without inline scripts


def test_a_job_queued_for_long_says_how_to_start_a_worker(world, client_as):
    job = _job(world)
    Job.objects.filter(pk=job.pk).update(created_at=timezone.now() - timezone.timedelta(minutes=5))
    html = client_as("facilitator").get(f"/jobs/{job.pk}/").content.decode()
    assert "No worker has taken this job yet" in html and "accord worker" in html


def test_a_running_job_shows_its_progress(world, client_as):
    job = _job(
        world,
        status=Job.Status.RUNNING,
        started_at=timezone.now(),
        attempts=1,
        done=120,
        total=480,
        note="Storing turns.",
    )
    html = client_as("facilitator").get(f"/jobs/{job.pk}/").content.decode()
    assert '<progress id="job-bar" max="480" value="120">25%</progress>' in html
    assert "120 of 480 (25%)" in html and "Storing turns." in html


def test_the_htmx_poll_gets_the_status_only_and_stops_when_done(world, client_as):
    job = _job(world)
    client = client_as("facilitator")
    fragment = client.get(f"/jobs/{job.pk}/", HTTP_HX_REQUEST="true").content.decode()
    assert fragment.lstrip().startswith('<section id="job-status"') and "<html" not in fragment
    assert "hx-trigger" in fragment
    Job.objects.filter(pk=job.pk).update(
        status=Job.Status.SUCCEEDED,
        started_at=timezone.now(),
        finished_at=timezone.now(),
        summary="Transcript stored: 5 turns, 3 of 4 speakers matched.",
        result_url="/g/wgec/meetings/3/days/2025-03-10/",
    )
    done = client.get(f"/jobs/{job.pk}/", HTTP_HX_REQUEST="true").content.decode()
    assert "hx-trigger" not in done and "Transcript stored: 5 turns" in done
    assert '<a class="job-result-link" href="/g/wgec/meetings/3/days/2025-03-10/">' in done
    page = client.get(f"/jobs/{job.pk}/").content.decode()
    assert "http-equiv" not in page and "Reload this page" not in page


def test_a_failed_job_page_gives_the_reason(world, client_as):
    job = _job(
        world,
        status=Job.Status.FAILED,
        attempts=2,
        finished_at=timezone.now(),
        error="The worker stopped while running this job (2 attempts); nothing was changed.",
        error_code="worker_lost",
        origin_url="/g/wgec/meetings/3/days/2025-03-10/upload/",
    )
    html = client_as("secretariat").get(f"/jobs/{job.pk}/").content.decode()
    assert '<span class="badge job-badge-failed">Failed</span>' in html
    assert "The worker stopped while running this job, 2 times; nothing was changed." in html
    assert "Attempt 2 of 2: the worker stopped during an earlier attempt" in html
    assert '<a href="/g/wgec/meetings/3/days/2025-03-10/upload/">Back to the form</a>' in html


def test_the_page_speaks_the_readers_language(world, client_as):
    job = _job(world)
    html = client_as("facilitator").get(f"/jobs/{job.pk}/", HTTP_ACCEPT_LANGUAGE="fr").content
    assert b'lang="fr"' in html


def test_my_jobs(world, client_as, day):
    transcript_upload_start(
        actor=world.users["secretariat"], day=day, data=CAPTIONING.encode(), filename="a.txt"
    )
    other = _job(world, starter="facilitator")
    client = client_as("secretariat")
    html = client.get("/jobs/").content.decode()
    assert "Meeting 3, 2025-03-10: a.txt" in html and f"/jobs/{other.pk}/" not in html
    assert "Done" in html
    assert client_as("anonymous").get("/jobs/").status_code == 302
    assert client_as("secretariat").get("/jobs/?page=99999999999999999999").status_code == 200


def test_api_job_and_list(world, client, day):
    job = transcript_upload_start(
        actor=world.users["secretariat"], day=day, data=CAPTIONING.encode(), filename="a.txt"
    )
    _job(world, starter="facilitator")
    auth = token(world.users["secretariat"])
    body = client.get(f"/api/v1/jobs/{job.pk}", **auth).json()
    assert body["status"] == "succeeded" and body["finished"] and body["error"] is None
    assert body["kind"] == "transcript_upload" and body["group"] == "wgec"
    assert body["started_by"] == "secretariat" and body["attempts"] == 1
    assert body["progress"] == {
        "done": 5,
        "total": 5,
        "percent": 100,
        "note": body["progress"]["note"],
    }
    assert body["url"] == f"http://testserver/jobs/{job.pk}/"
    assert body["result_url"] == "http://testserver/g/wgec/meetings/3/days/2025-03-10/"
    listing = client.get("/api/v1/jobs", **auth).json()
    assert listing["count"] == 1 and [j["id"] for j in listing["items"]] == [job.pk]
    huge = client.get(f"/api/v1/jobs?offset={2**63}&limit={2**63}", **auth)
    assert huge.status_code == 422 and "offset" in huge.json()["error"]["fields"]
    capped = client.get(f"/api/v1/jobs?limit={2**63}", **auth)
    assert capped.status_code == 200 and capped.json()["count"] == 1
    assert client.get("/api/v1/jobs").json() == {"items": [], "count": 0}
