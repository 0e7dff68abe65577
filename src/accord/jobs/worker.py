"""``accord worker``: django-tasks-db's ``db_worker`` with the project's settings, after
recovering the jobs of workers that died (``recovery``), and again every minute."""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
from dataclasses import dataclass
from typing import TextIO

from django.core.management import call_command
from django.db import DatabaseError, connection, connections

from .models import Job
from .recovery import job_recover_lost

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class WorkerOptions:
    queues: str = "default"
    interval: float = 1.0
    batch: bool = False
    max_tasks: int | None = None
    reload: bool = False
    recover: bool = True
    recover_every: float = 60.0
    exit_with_parent: bool = False
    verbosity: int = 1


def worker_id() -> str:
    """Unique across the pool (db_worker's rule), and says where the worker runs."""
    return f"{socket.gethostname()}:{os.getpid()}"[-64:]


def tables_ready() -> bool:
    from django_tasks_db.models import DBTaskResult

    names = set(connection.introspection.table_names())
    return {Job._meta.db_table, DBTaskResult._meta.db_table} <= names


def recover_and_say(out: TextIO) -> None:
    for item in job_recover_lost():
        if item.retried:
            out.write(f"Job {item.job_id}: its worker had stopped; queued again.\n")
        else:
            out.write(f"Job {item.job_id}: its worker had stopped; marked failed.\n")
    out.flush()


def _recover_periodically(every: float, out: TextIO) -> None:
    while True:
        time.sleep(every)
        try:
            recover_and_say(out)
        except DatabaseError:
            logger.warning("Looking for lost jobs failed; trying again later.", exc_info=True)
        finally:
            connections.close_all()  # this thread's own connections


def _exit_with_parent() -> None:
    """Stop when the process that started us (``accord serve``) has gone."""
    parent = os.getppid()
    while True:
        time.sleep(1.0)
        if os.getppid() != parent:
            os._exit(0)


def run_worker(options: WorkerOptions, out: TextIO) -> None:
    if options.exit_with_parent:
        threading.Thread(target=_exit_with_parent, daemon=True, name="parent-watch").start()
    if options.recover:
        recover_and_say(out)
        if not options.batch and options.recover_every > 0:
            threading.Thread(
                target=_recover_periodically,
                args=(options.recover_every, out),
                daemon=True,
                name="job-recovery",
            ).start()
    call_command(
        "db_worker",
        queue_name=options.queues,
        interval=options.interval,
        batch=options.batch,
        max_tasks=options.max_tasks,
        reload=options.reload,
        startup_delay=False,
        worker_id=worker_id(),
        verbosity=options.verbosity,
    )
