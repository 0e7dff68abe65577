"""``accord tick``: the scheduled check (run it from cron every minute or so).

Concludes every silence procedure whose deadline has passed. Reads conclude them too, so a
missed tick delays nothing a reader sees.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from accord.outcomes.services.silence import silence_settle_due


class Command(BaseCommand):
    help = "Conclude silence procedures whose deadline has passed."

    def handle(self, *args: Any, **options: Any) -> None:
        settled = silence_settle_due()
        if options["verbosity"]:
            self.stdout.write(f"Concluded {settled} silence procedure(s).")
