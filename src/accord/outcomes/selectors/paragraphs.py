"""Paragraphs named by key in a request (a stance, a condition, a silence break, an annex):
one lookup for the screens and the API, so an unknown key gets the same 400 everywhere."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext as _

from accord.common.errors import ValidationFailed
from accord.drafts.models import Paragraph, Version, VersionParagraph

from ..models import Outcome


def paragraph_of(version: Version, key: str, *, field: str = "paragraph") -> Paragraph:
    """The paragraph ``key`` of ``version``; a key the version does not hold is a 400 that
    names ``field``."""
    item = (
        VersionParagraph.objects.select_related("paragraph")
        .filter(version=version, paragraph__key=key)
        .first()
        if key
        else None
    )
    if item is None:
        raise ValidationFailed(
            _("There is no paragraph %(key)s in %(version)s.")
            % {"key": key, "version": version.label},
            fields={field: _("Use the key of a paragraph of this version.")},
        )
    return item.paragraph


def paragraphs_of(
    version: Version, keys: Iterable[str], *, field: str = "paragraphs"
) -> list[Paragraph]:
    return [paragraph_of(version, key, field=field) for key in keys]


def outcome_text(outcome: Outcome) -> Version | None:
    """The version an outcome speaks about: the one its call was on, or the one it adopted."""
    return outcome.call.version if outcome.call is not None else outcome.adopted_version
