"""One row per searchable thing (a transcript turn, a contribution, a message, a paragraph of
a version, an amendment).

The full-text index sits beside this table: an FTS5 table on SQLite, a GIN expression
index on PostgreSQL (both made by this app's migrations).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class SearchEntry(models.Model):
    class Kind(models.TextChoices):
        TURN = "turn", _("Transcript")
        CONTRIBUTION = "contribution", _("Contribution")
        MESSAGE = "message", _("Correspondence")
        PARAGRAPH = "paragraph", _("Paragraph")
        AMENDMENT = "amendment", _("Amendment")

    class Audience(models.TextChoices):
        """Who, besides everyone when ``is_public``, may find it (the owning app's rules)."""

        MEMBERS = "members", _("Anyone with a role in the group")
        # Draft versions being prepared: those who prepare them (drafts' ``may_see_drafts``).
        DRAFTERS = "drafters", _("Those who prepare drafts in the group")

    kind = models.CharField(max_length=20, choices=Kind.choices)
    object_id = models.BigIntegerField()
    group_id = models.BigIntegerField(db_index=True)
    title = models.CharField(max_length=300)
    body = models.TextField()
    url = models.CharField(max_length=500)
    is_public = models.BooleanField(default=False)
    audience = models.CharField(max_length=10, choices=Audience.choices, default=Audience.MEMBERS)
    # Filter values, e.g. {"constituency": "civil-society", "meeting": 3}.
    facets = models.JSONField(default=dict, blank=True)
    sort_date = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="search_entry_unique_object")
        ]

    def __str__(self) -> str:
        return f"{self.kind}:{self.object_id} {self.title}"
