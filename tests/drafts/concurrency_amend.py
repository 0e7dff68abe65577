"""Run a concurrency scenario in threads against a real database file (SQLite) or server.

The pytest SQLite database lives in memory with a shared cache, where concurrent writers
fail at once with "table is locked" instead of queueing as they do on a real file in WAL
mode. So on SQLite the tests run this module in a subprocess with a fresh database file:

    DATABASE_URL=sqlite:////tmp/x.sqlite3 python -m tests.drafts.concurrency_amend <scenario>

It prints one JSON line with the outcome. On PostgreSQL the tests call :func:`run` in-process.
"""

from __future__ import annotations

import json
import os
import sys
import threading
from collections.abc import Callable
from typing import Any


def together(*calls: Callable[[], Any]) -> list[BaseException]:
    """Run the calls in threads released at the same moment; return their errors."""
    from django.db import connection

    barrier = threading.Barrier(len(calls))
    errors: list[BaseException] = []

    def go(call: Callable[[], Any]) -> None:
        try:
            barrier.wait()
            call()
        except BaseException as exc:  # reported to the test
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=go, args=(c,)) for c in calls]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return errors


def setup_world() -> dict[str, Any]:
    from django.utils import timezone

    from accord.drafts.models import Paragraph, Report, Version, VersionParagraph
    from accord.groups import services
    from accord.groups.models import Member, Role
    from tests.factories import UserFactory

    admin = UserFactory(username="secretariat-c", is_staff=True)
    group = services.group_create(actor=admin, name="Concurrency group", short_name="CG")
    states = group.constituencies.get(slug="member-states")
    users: dict[str, Any] = {}
    for iso3 in ["BRA", "SWE", "IND", "KEN"]:
        member = services.member_create(
            actor=admin,
            group=group,
            constituency=states,
            name=iso3,
            kind=Member.Kind.STATE,
            iso3=iso3,
        )
        user = UserFactory(username=f"delegate-{iso3.lower()}")
        services.role_assign(
            actor=admin, group=group, user=user, kind=Role.Kind.DELEGATE, member=member
        )
        users[iso3] = user
    chair = UserFactory(username="chair-c")
    services.role_assign(actor=admin, group=group, user=chair, kind=Role.Kind.CHAIR)
    report = Report.objects.create(group=group, title="Draft", slug="draft")
    version = Version.objects.create(report=report, number=1, kind="zero_draft", label="Zero")
    paragraph = Paragraph.objects.create(report=report, key="OP1", kind="op")
    VersionParagraph.objects.create(
        version=version,
        paragraph=paragraph,
        order=1,
        text="Decides that the Commission should act every year;",
    )
    Version.objects.filter(pk=version.pk).update(
        status="issued", is_circulated=True, issued_at=timezone.now(), content_hash="x" * 64
    )
    version.refresh_from_db()
    return {"users": users, "chair": chair, "version": version, "paragraph": paragraph}


def run(scenario: str, world: dict[str, Any]) -> dict[str, Any]:
    from accord.drafts.models import Amendment, Bracket, BracketHolder
    from accord.drafts.services.amendments import (
        amendment_decide,
        amendment_propose,
        amendment_support,
    )
    from accord.drafts.services.brackets import bracket_add

    users, version, paragraph = world["users"], world["version"], world["paragraph"]
    text = "Decides that the Commission should act every year;"
    start = text.index("should")
    if scenario == "bracket":
        rounds = []
        for _ in range(3):
            BracketHolder.objects.all().delete()
            Bracket.objects.all().delete()
            errors = together(
                *[
                    (
                        lambda u=u: bracket_add(
                            actor=u,
                            version=version,
                            paragraph=paragraph,
                            start=start,
                            end=start + 6,
                        )
                    )
                    for u in users.values()
                ]
            )
            rounds.append(
                {
                    "errors": [repr(e) for e in errors],
                    "brackets": Bracket.objects.count(),
                    "holders": sorted(BracketHolder.objects.values_list("member__iso3", flat=True)),
                }
            )
        return {"rounds": rounds}
    if scenario == "amend":
        errors = together(
            *[
                (
                    lambda u=u: amendment_propose(
                        actor=u,
                        version=version,
                        paragraph=paragraph,
                        kind="replace_text",
                        start=start,
                        end=start + 6,
                        new_text="shall",
                    )
                )
                for u in users.values()
            ]
        )
        first = Amendment.objects.order_by("id").first()
        assert first is not None
        others = [u for iso3, u in users.items() if iso3 != first.proposer.iso3]
        errors += together(
            *[
                (lambda u=u: amendment_support(actor=u, amendment=first, kind="support"))
                for u in others
            ]
        )
        return {
            "errors": [repr(e) for e in errors],
            "amendments": sorted(Amendment.objects.values_list("proposer__iso3", flat=True)),
            "supports": first.supports.count(),
        }
    if scenario == "decide":
        a = Amendment.objects.order_by("id").first() or amendment_propose(
            actor=users["BRA"], version=version, paragraph=paragraph, kind="delete_paragraph"
        )
        copies = [Amendment.objects.get(pk=a.pk) for _ in range(4)]
        errors = together(
            *[
                (
                    lambda c=c: amendment_decide(
                        actor=world["chair"], amendment=c, decision="not_incorporated"
                    )
                )
                for c in copies
            ]
        )
        return {
            "errors": [type(e).__name__ for e in errors],
            "lock_version": Amendment.objects.get(pk=a.pk).lock_version,
        }
    raise SystemExit(f"unknown scenario {scenario}")


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "accord.settings.test")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    world = setup_world()
    print(json.dumps(run(sys.argv[1], world)))


if __name__ == "__main__":
    main()
