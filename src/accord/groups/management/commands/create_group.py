"""``accord create_group NAME [--short-name S] [--slug A] ... [--as-user USERNAME]``.

Creates a working group through ``groups.services.group_create``, the service behind the API
and the "New working group" page, so the same rule holds: only platform staff create groups,
and the acting user becomes the new group's secretariat.
"""

from __future__ import annotations

import argparse
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from accord.accounts.models import User
from accord.common.errors import ApplicationError
from accord.groups.models import WorkingGroup
from accord.groups.services import group_create


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("%(value)r is not a date (YYYY-MM-DD)") % {"value": value}
        ) from None


def _actor(username: str | None) -> User:
    if username:
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(_("No user '%(username)s'.") % {"username": username})
        return user
    user = User.objects.filter(is_superuser=True).order_by("id").first()
    if user is None:
        raise CommandError(
            _("No superuser to act as: run 'accord createsuperuser' or pass --as-user USERNAME.")
        )
    return user


class Command(BaseCommand):
    help = (
        "Create a working group with the usual five constituencies; the acting user (platform "
        "staff) becomes its secretariat."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("name", help="the group's full name")
        parser.add_argument("--short-name", default="", help="e.g. WGEDC")
        parser.add_argument(
            "--slug", default="", help="its address, /g/SLUG/ (default: made from the short name)"
        )
        parser.add_argument("--parent-body", default="", help="the body that established it")
        parser.add_argument("--mandate", default="", help="the mandate, as text")
        parser.add_argument("--start", type=_date, default=None, help="first day, YYYY-MM-DD")
        parser.add_argument("--end", type=_date, default=None, help="last day, YYYY-MM-DD")
        parser.add_argument(
            "--decision-rule",
            default=WorkingGroup.DecisionRule.CONSENSUS,
            choices=WorkingGroup.DecisionRule.values,
            help="how it decides (default: consensus)",
        )
        parser.add_argument(
            "--languages", default="en", help="working languages, comma-separated (default: en)"
        )
        parser.add_argument(
            "--no-constituencies",
            action="store_true",
            help="start without the five usual constituencies",
        )
        parser.add_argument(
            "--as-user",
            default=None,
            help="username acting, who becomes the secretariat (default: first superuser)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        actor = _actor(options["as_user"])
        try:
            group = group_create(
                actor=actor,
                name=options["name"],
                slug=options["slug"],
                short_name=options["short_name"],
                parent_body=options["parent_body"],
                mandate=options["mandate"],
                start_date=options["start"],
                end_date=options["end"],
                decision_rule=options["decision_rule"],
                working_languages=[
                    code.strip() for code in options["languages"].split(",") if code.strip()
                ],
                with_default_constituencies=not options["no_constituencies"],
            )
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(
            _("Created the working group '%(name)s' at /g/%(slug)s/; secretariat: %(user)s.")
            % {"name": group.name, "slug": group.slug, "user": actor.username}
        )
