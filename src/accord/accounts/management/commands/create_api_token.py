"""``accord create_api_token USERNAME [--name NAME]``: print a new API token once."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from accord.accounts.models import User
from accord.accounts.services import api_token_create


class Command(BaseCommand):
    help = (
        "Create an API token for a user and print it (it is not stored and cannot be shown again)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--name", default="command line")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(_("No user '%(value)s'.") % {"value": options["username"]})
        _token, key = api_token_create(user=user, name=options["name"])
        self.stdout.write(key)
