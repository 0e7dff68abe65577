"""The story's clock: the demo happens over twenty months, not at build time.

Every service takes "now" from ``django.utils.timezone.now`` (and ``auto_now_add`` fields
do too), so the builder sets that clock to the moment in the story at which each step
happens: a meeting's live posts are dated on its day, a version is issued when the story
issues it, a silence deadline passes when the story says. Only the demo builder uses this.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager

from django.utils import timezone


@contextmanager
def story_time(moment: dt.datetime) -> Iterator[None]:
    """Within the block, "now" is ``moment`` (aware), advancing by a microsecond per read so
    that events keep their order."""
    if moment.tzinfo is None:
        raise ValueError("story moments are aware datetimes")
    real = timezone.now
    ticks = iter(range(10**9))

    def now() -> dt.datetime:
        return moment + dt.timedelta(microseconds=next(ticks))

    timezone.now = now  # type: ignore[assignment]
    try:
        yield
    finally:
        timezone.now = real  # type: ignore[assignment]
