"""The process the crash tests kill: a light Django process that runs one operation against the
crash database and SIGKILLs itself at its N-th database step.

Started once per test module as ``python -m tests.crash.child`` (with ``DATABASE_URL`` naming
the work database), it sets Django up and then serves requests read from stdin, one JSON line
each: for every request it forks, so each operation runs in a fresh process of its own (its
own database connections, its own pid: a worker's recovery sees it gone) without paying for
Django's start again. The answer, one JSON line on stdout, says how the fork ended.

A *step* is a statement sent to the database (counted by an execute wrapper on every
connection, the job's second progress connection too) or a commit, which counts twice: right
before it and right after it, so that the kill points include both sides of every COMMIT.
With ``kill_at`` 0 nothing is killed and the steps are written out (the dry run).
"""

from __future__ import annotations

import io
import json
import os
import signal
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any


class Tripwire:
    """Counts the database steps of this process and kills it at step ``kill_at``."""

    def __init__(self, kill_at: int) -> None:
        self.kill_at = kill_at
        self.steps: list[str] = []
        self.lock = threading.Lock()

    def step(self, kind: str) -> None:
        with self.lock:
            self.steps.append(kind)
            if len(self.steps) == self.kill_at:
                os.kill(os.getpid(), signal.SIGKILL)

    def __call__(
        self, execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any
    ) -> Any:
        self.step("begin" if sql.lstrip().upper().startswith("BEGIN") else "sql")
        return execute(sql, params, many, context)

    def install(self) -> None:
        from django.db.backends.base.base import BaseDatabaseWrapper
        from django.db.backends.signals import connection_created

        def watch(sender: Any, connection: Any, **kwargs: Any) -> None:
            connection.execute_wrappers.append(self)

        connection_created.connect(watch, weak=False)
        commit = BaseDatabaseWrapper._commit
        tripwire = self

        def counted_commit(wrapper: Any) -> Any:
            tripwire.step("commit")  # killed here: everything done, COMMIT not sent
            done = commit(wrapper)
            tripwire.step("committed")  # killed here: committed, nothing after it run
            return done

        BaseDatabaseWrapper._commit = counted_commit  # type: ignore[method-assign]


def _revise(params: dict[str, Any]) -> dict[str, Any]:
    from accord.accounts.models import User
    from accord.drafts.models import Amendment, Version
    from accord.drafts.services.revisions import revision_issue_from_amendments

    version = Version.objects.get(pk=params["version"])
    chosen = list(Amendment.objects.filter(pk__in=params["amendments"]).order_by("pk"))
    new = revision_issue_from_amendments(
        actor=User.objects.get(pk=params["chair"]),
        version=version,
        incorporate=chosen,
        label="Rev.1",
    )
    return {"version": new.pk}


def _mail(params: dict[str, Any]) -> dict[str, Any]:
    from accord.accounts.models import User
    from accord.correspondence.services import mail_archive_import_to_list
    from accord.groups.models import WorkingGroup

    _list, report = mail_archive_import_to_list(
        actor=User.objects.get(pk=params["secretariat"]),
        group=WorkingGroup.objects.get(pk=params["group"]),
        list_name=params["list_name"],
        data=Path(params["archive"]).read_bytes(),
        filename="crash.mbox",
    )
    return {"summary": report.summary}


def _worker(params: dict[str, Any]) -> dict[str, Any]:
    """What ``accord worker --batch`` runs: recovery of lost jobs, then every queued task."""
    from accord.jobs.worker import WorkerOptions, run_worker

    out = io.StringIO()
    run_worker(WorkerOptions(batch=True, interval=0.0, verbosity=0), out)
    return {"out": out.getvalue()}


def _verify(params: dict[str, Any]) -> dict[str, Any]:
    from accord.common.audit import audit_verify

    ok, broken = audit_verify()
    return {"audit_ok": ok, "broken": broken}


OPERATIONS: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = {
    "revise": _revise,
    "mail": _mail,
    "worker": _worker,
    "verify": _verify,
}


def _run(request: dict[str, Any]) -> int:
    """In the fork: run the operation (maybe killed on the way) and write what it did."""
    from django.db import connections

    if request.get("database") and connections["default"].vendor == "postgresql":
        connections["default"].settings_dict["NAME"] = request["database"]
    tripwire = Tripwire(int(request.get("kill_at", 0)))
    tripwire.install()
    answer: dict[str, Any] = {}
    try:
        answer["result"] = OPERATIONS[request["operation"]](request.get("params", {}))
        code = 0
    except Exception as exc:  # an operation that fails is an answer too
        answer["error"] = f"{type(exc).__name__}: {exc}"
        code = 1
    answer["steps"] = tripwire.steps
    Path(request["out"]).write_text(json.dumps(answer))
    return code


def serve() -> None:
    for line in sys.stdin:
        request = json.loads(line)
        pid = os.fork()
        if pid == 0:
            code = 2
            try:
                code = _run(request)
            finally:
                os._exit(code)
        _pid, status = os.waitpid(pid, 0)  # reaped at once: the pid is gone for recovery
        ended = -os.WTERMSIG(status) if os.WIFSIGNALED(status) else os.WEXITSTATUS(status)
        sys.stdout.write(json.dumps({"returncode": ended}) + "\n")
        sys.stdout.flush()


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "accord.settings.base")
    import django

    django.setup()
    # Import everything the operations use before the first fork, so each fork starts at once.
    from django.db import connections
    from django.urls import get_resolver

    import accord.correspondence.services
    import accord.drafts.services.revisions
    import accord.jobs.worker
    import accord.meetings.tasks  # noqa: F401

    get_resolver().reverse_dict  # noqa: B018 (the URLconf, API included, loaded: ~1.5 s)

    connections.close_all()  # a fork must not share a connection with its parent
    sys.stdout.write(json.dumps({"ready": True}) + "\n")
    sys.stdout.flush()
    serve()


if __name__ == "__main__":
    main()
