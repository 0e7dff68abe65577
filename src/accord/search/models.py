"""One row per searchable thing (a transcript turn, a contribution, a message).

The full-text index sits beside this table: an FTS5 table on SQLite, a GIN expression
index on PostgreSQL (both made by this app's migrations).
"""

from __future__ import annotations

from django.db import models


class SearchEntry(models.Model):
    class Kind(models.TextChoices):
        TURN = "turn", "Transcript"
        CONTRIBUTION = "contribution", "Contribution"
        MESSAGE = "message", "Correspondence"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    object_id = models.BigIntegerField()
    group_id = models.BigIntegerField(db_index=True)
    title = models.CharField(max_length=300)
    body = models.TextField()
    url = models.CharField(max_length=500)
    is_public = models.BooleanField(default=False)
    # Filter values, e.g. {"constituency": "civil-society", "meeting": 3}.
    facets = models.JSONField(default=dict, blank=True)
    sort_date = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="search_entry_unique_object")
        ]

    def __str__(self) -> str:
        return f"{self.kind}:{self.object_id} {self.title}"
