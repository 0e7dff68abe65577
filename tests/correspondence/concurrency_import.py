"""Another delegate writes while a large mail import runs (issue 10).

The pytest SQLite database lives in memory with a shared cache, where a second writer fails
at once instead of waiting as it does on a real file in WAL mode, so on SQLite the test runs
this module in a subprocess with a fresh database file:

    DATABASE_URL=sqlite:////tmp/x.sqlite3 python -m tests.correspondence.concurrency_import

It prints one JSON line with how long the other write took and when each side finished.
On PostgreSQL the test calls :func:`run` in-process.
"""

from __future__ import annotations

import json
import os
import threading
import time
from typing import Any

MESSAGES = 4_000


def synthetic_mbox(count: int, threads: int | None = None) -> bytes:
    """``count`` messages in ``threads`` threads (``count // 4``), each a few lines long."""
    out = []
    threads = threads or max(1, count // 4)
    for n in range(count):
        topic, reply = n % threads, n >= threads
        out.append(
            f"From d{n % 40}@example.org  Mon Mar  3 09:00:00 2025\n"
            f"From: Delegate {n % 40} <d{n % 40}@example.org>\n"
            f"Subject: {'Re: ' if reply else ''}Paragraph {topic}\n"
            f"Message-ID: <m{n}@example.org>\n"
            + (f"In-Reply-To: <m{n - threads}@example.org>\n" if reply else "")
            + f"Date: Mon, 03 Mar 2025 {n // 3600 % 24:02d}:{n // 60 % 60:02d}:{n % 60:02d} +0000\n"
            f"\nOn paragraph {topic}: we can support the text as amended by d{n % 7}@example.org.\n"
            "The delegation reserves its position on the second sentence.\n\n"
        )
    return "".join(out).encode()


def setup_world() -> dict[str, Any]:
    from accord.groups import services
    from accord.groups.models import Member
    from tests.factories import UserFactory

    admin = UserFactory(username="secretariat-i", is_staff=True)
    group = services.group_create(actor=admin, name="Import group", short_name="IG")
    states = group.constituencies.get(slug="member-states")
    member = services.member_create(
        actor=admin,
        group=group,
        constituency=states,
        name="Brazil",
        kind=Member.Kind.STATE,
        iso3="BRA",
    )
    return {"admin": admin, "group": group, "member": member}


def run(world: dict[str, Any], messages: int = MESSAGES) -> dict[str, Any]:
    """Import ``messages`` messages in one thread; once the import is writing, another
    connection writes one row. Returns what each side saw, in seconds."""
    from django.db import connection, transaction

    from accord.correspondence import services
    from accord.groups.models import Member

    data = synthetic_mbox(messages)
    writing = threading.Event()
    outcome: dict[str, Any] = {}
    origin = time.monotonic()

    def progress(text: str) -> None:
        if text.startswith("Threading"):
            writing.set()

    def importer() -> None:
        try:
            _, report = services.mail_archive_import_to_list(
                actor=world["admin"],
                group=world["group"],
                data=data,
                filename="big.mbox",
                progress=progress,
            )
            outcome["new_messages"] = report.new_messages
        except BaseException as exc:  # reported to the test
            outcome["import_error"] = repr(exc)
            writing.set()
        finally:
            outcome["import_done"] = time.monotonic() - origin
            connection.close()

    def writer() -> None:
        writing.wait(120)
        time.sleep(0.3)  # well inside the import's writing
        started = time.monotonic()
        try:
            with transaction.atomic():
                Member.objects.filter(pk=world["member"].pk).update(name="Brazil (edited)")
        except BaseException as exc:
            outcome["write_error"] = repr(exc)
        finally:
            outcome["write_seconds"] = time.monotonic() - started
            outcome["write_done"] = time.monotonic() - origin
            connection.close()

    threads = [threading.Thread(target=importer), threading.Thread(target=writer)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(180)
    outcome["edited"] = Member.objects.filter(name="Brazil (edited)").count()
    return outcome


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "accord.settings.test")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    print(json.dumps(run(setup_world())))


if __name__ == "__main__":
    main()
