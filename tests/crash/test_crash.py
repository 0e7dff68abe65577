"""Nothing is lost or half-kept in a crash: a process killed with SIGKILL at ~50 points of three
operations — issuing a revision (the server's one transaction), a mail archive import (short
staged transactions, published at once) and a transcript job run by the worker (queue, claim,
import, result) — leaves the database either as it was or with the whole operation.

For every kill point the database is reset from a snapshot, the child (``child.py``) runs the
operation and kills itself at its N-th database step (a statement, or either side of a
COMMIT), and then: the rows the operation writes are counted (before or after, nothing
between); the database's own checks pass (SQLite ``integrity_check``, ``foreign_key_check``
and the full-text index's check; on PostgreSQL ``amcheck`` over every btree index); the audit
chain verifies. The import is then run again and ends whole, once; the worker is started again
and the job ends succeeded (run again) or failed, with the import whole or absent to match.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

from accord.drafts.services.brackets import bracket_add
from accord.meetings.tasks import transcript_upload_start
from tests.correspondence.archives import Mail, mbox
from tests.drafts.conftest_amend import *  # noqa: F403 (fixtures: draft, swe_delegate)
from tests.drafts.conftest_amend import TEXTS, span
from tests.drafts.test_revisions_services import amend
from tests.jobs.conftest import DATABASE_TASKS, day  # noqa: F401 (fixture)

from .harness import Child, CrashDatabase, kill_points

pytestmark = pytest.mark.django_db(transaction=True)

KILLS_PER_OPERATION = 17
AUDIT_OK = {"audit_ok": True, "broken": None}


@pytest.fixture(scope="module")
def crash(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[CrashDatabase, Child]]:
    if connection.vendor not in {"sqlite", "postgresql"}:
        pytest.skip(f"no crash test for {connection.vendor}")
    folder = tmp_path_factory.mktemp("crash")
    db = CrashDatabase.for_test_database(folder)
    child = Child(db, folder)
    yield db, child
    child.close()
    db.drop()


def _checked(db: CrashDatabase, child: Child, where: str) -> None:
    assert db.integrity_problems() == [], where
    verified = child.run("verify", {})
    assert verified.result == AUDIT_OK, (where, verified)


def _sweep(
    crash: tuple[CrashDatabase, Child],
    operation: str,
    params: dict[str, Any],
    queries: Sequence[str],
    then: Any = None,
) -> list[int]:
    """Kill ``operation`` at its spread kill points; after each, the counts of ``queries`` are
    the ones before or after the operation, the checks pass, and ``then(step)`` is called."""
    db, child = crash
    db.take_snapshot()
    db.reset()
    before = db.counts(queries)
    dry = child.run(operation, params)
    assert (dry.returncode, dry.error) == (0, None)
    assert dry.steps
    after = db.counts(queries)
    assert after != before
    _checked(db, child, "after the dry run")
    points = kill_points(dry.steps, KILLS_PER_OPERATION)
    for step in points:
        where = f"{operation} killed at step {step} of {len(dry.steps)}"
        db.reset()
        run = child.run(operation, params, kill_at=step)
        assert run.killed, (where, run)
        assert db.counts(queries) in (before, after), where
        _checked(db, child, where)
        if then is not None:
            then(step, where, after)
    return points


REVISION = [
    "SELECT COUNT(*) FROM drafts_version",
    "SELECT COUNT(*) FROM drafts_version WHERE status = 'issued'",
    "SELECT COUNT(*) FROM drafts_versionparagraph",
    "SELECT COUNT(*) FROM drafts_paragraph",
    "SELECT COUNT(*) FROM drafts_bracket",
    "SELECT COUNT(*) FROM drafts_bracketholder",
    "SELECT COUNT(*) FROM drafts_optiongroup",
    "SELECT COUNT(*) FROM drafts_optiongroup_paragraphs",
    "SELECT COUNT(*) FROM drafts_amendment WHERE status = 'proposed'",
    "SELECT COUNT(*) FROM drafts_amendment WHERE status = 'incorporated'",
    "SELECT COUNT(*) FROM drafts_amendment WHERE status = 'not_incorporated'",
    "SELECT COUNT(*) FROM search_searchentry",
    "SELECT COUNT(*) FROM common_auditevent",
]


def test_a_revision_issue_killed_anywhere_is_all_or_nothing(
    purgeable_db, world, draft, swe_delegate, crash
):
    words = span(TEXTS["OP1"], "the Commission should review")
    bracket_add(
        actor=world.users["delegate"],
        version=draft.version,
        paragraph=draft.paragraphs["OP1"],
        start=words[0],
        end=words[1],
        reason="capital",
    )
    chosen = [
        amend(world, draft, "OP1", "replace_text", "every five years", "every four years"),
        amend(world, draft, "OP3", "alternative", new="Requests a report in 2027."),
        amend(world, draft, "OP1", "add_paragraph", new="Decides to meet annually."),
        amend(world, draft, "PP1", "delete_paragraph"),
    ]
    amend(world, draft, "OP2", "replace_text", "Invites", "Urges", user=swe_delegate)  # left out
    params = {
        "version": draft.version.pk,
        "amendments": [a.pk for a in chosen],
        "chair": world.users["chair"].pk,
    }
    points = _sweep(crash, "revise", params, REVISION)
    assert len(points) == KILLS_PER_OPERATION


def _archive() -> bytes:
    """Thirty messages in ten threads, each reply after the message it answers."""
    mails = []
    for t in range(10):
        mails.append(Mail(f"t{t}@wg", f"Topic {t}", body=f"Opening topic {t}."))
        for r in range(2):
            parent = f"t{t}@wg" if r == 0 else f"t{t}r0@wg"
            mails.append(
                Mail(f"t{t}r{r}@wg", f"Re: Topic {t}", body=f"Reply {r}.", in_reply_to=parent)
            )
    return mbox(*mails)


MAIL_SHOWN = [  # what readers see
    "SELECT COUNT(*) FROM correspondence_message WHERE import_run_id IS NULL",
    "SELECT COUNT(*) FROM correspondence_thread WHERE import_run_id IS NULL",
    "SELECT COUNT(*) FROM correspondence_mailinglist WHERE id NOT IN "
    "(SELECT mailing_list_id FROM correspondence_mailimportrun WHERE new_list)",
    "SELECT COUNT(*) FROM common_auditevent",
]
MAIL_STORED = [  # everything, staged rows too
    "SELECT COUNT(*) FROM correspondence_message",
    "SELECT COUNT(*) FROM correspondence_thread",
    "SELECT COUNT(*) FROM correspondence_mailinglist",
    "SELECT COUNT(*) FROM correspondence_mailimportrun",
    "SELECT COUNT(*) FROM search_searchentry WHERE kind = 'message' AND audience = 'members'",
    "SELECT COUNT(*) FROM search_searchentry WHERE kind = 'message' AND audience = 'staged'",
    "SELECT COUNT(*) FROM common_auditevent",
]


def test_a_mail_import_killed_anywhere_shows_all_or_nothing_and_runs_again(
    world, crash, tmp_path: Path
):
    db, child = crash
    archive = tmp_path / "crash.mbox"
    archive.write_bytes(_archive())
    params = {
        "secretariat": world.users["secretariat"].pk,
        "group": world.group.pk,
        "list_name": "Crash list",
        "archive": str(archive),
    }
    stored_after: list[tuple[int, ...]] = []

    def import_again(step: int, where: str, shown_after: tuple[int, ...]) -> None:
        # The next import into the list cleans up what the killed one left, then writes
        # what is missing: the list ends whole, once, whatever the point of the kill.
        again = child.run("mail", params)
        assert (again.returncode, again.error) == (0, None), where
        assert db.counts(MAIL_SHOWN) == shown_after, where
        if not stored_after:
            stored_after.append(db.counts(MAIL_STORED))
        assert db.counts(MAIL_STORED) == stored_after[0], where
        _checked(db, child, f"{where}, imported again")

    points = _sweep(crash, "mail", params, MAIL_SHOWN, then=import_again)
    assert len(points) == KILLS_PER_OPERATION
    assert stored_after == [(30, 10, 1, 0, 30, 0, stored_after[0][-1])]


TRANSCRIPT = [
    "SELECT COUNT(*) FROM meetings_transcript",
    "SELECT COUNT(*) FROM meetings_speakerturn",
    "SELECT COUNT(*) FROM search_searchentry WHERE kind = 'turn'",
    "SELECT COUNT(*) FROM common_auditevent WHERE action = 'accord.transcript.upload'",
]


def _transcript(turns: int) -> bytes:
    speakers = ["CHAIR", "BRAZIL", "SWEDEN"]
    return "".join(
        f">>{speakers[n % 3]}: Statement number {n} on enhanced cooperation.\n"
        for n in range(turns)
    ).encode()


def test_a_worker_killed_anywhere_in_a_job_leaves_it_retried_or_failed(world, day, crash, settings):  # noqa: F811 (day is the jobs fixture)
    db, child = crash
    settings.TASKS = DATABASE_TASKS
    job = transcript_upload_start(
        actor=world.users["secretariat"], day=day, data=_transcript(300), filename="day.txt"
    )
    ended: dict[str, int] = {}

    def start_again(step: int, where: str, imported_after: tuple[int, ...]) -> None:
        again = child.run("worker", {})
        assert (again.returncode, again.error) == (0, None), where
        status, attempts = db.rows(f"SELECT status, attempts FROM jobs_job WHERE id = {job.pk}")[0]
        imported = db.counts(TRANSCRIPT)
        # Done when run again (once, whole), or failed with nothing of it: never between,
        # never a job left queued or running with no worker.
        assert (status, imported) in {
            ("succeeded", imported_after),
            ("failed", (0, 0, 0, 0)),
        }, (where, status, attempts, imported)
        assert db.one("SELECT COUNT(*) FROM jobs_jobfile") == 0, where
        ended[status] = ended.get(status, 0) + 1

    points = _sweep(crash, "worker", {}, TRANSCRIPT, then=start_again)
    assert len(points) == KILLS_PER_OPERATION
    # Killed on its first attempt, every job has a second one: all end done.
    assert ended == {"succeeded": KILLS_PER_OPERATION}
