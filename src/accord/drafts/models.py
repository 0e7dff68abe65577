"""Reports, their immutable versions, paragraphs with stable UN ids, amendments, brackets, options.

Identity and text are separate: a ``Paragraph`` is the identity that survives revisions (OP7,
OP7bis, OP7alt); a ``VersionParagraph`` is its text and place in one version. Issued versions
never change: the services refuse, and database triggers (migration ``0002``) refuse too, so no
path — admin, shell, a bug — can alter an issued text.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from accord.contributions.models import Contribution
from accord.groups.models import Member, NegotiatingGroup, WorkingGroup


class Report(models.Model):
    group = models.ForeignKey(WorkingGroup, on_delete=models.CASCADE, related_name="reports")
    title = models.CharField(max_length=500)
    slug = models.SlugField(max_length=80)
    symbol = models.CharField(max_length=100, blank=True)  # e.g. "WGEDC/2025/L.1"
    original_language = models.CharField(max_length=10, default="en")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["group", "slug"], name="report_unique_slug"),
        ]

    def __str__(self) -> str:
        return self.title


class Version(models.Model):
    class Kind(models.TextChoices):
        ZERO_DRAFT = "zero_draft", "Zero draft"
        REVISION = "revision", "Revision"
        COMPILATION = "compilation", "Compilation text"
        FACILITATOR = "facilitator", "Facilitator's text"
        CHAIR = "chair", "Chair's text"
        NON_PAPER = "non_paper", "Non-paper"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft (being prepared)"
        ISSUED = "issued", "Issued"

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()  # 1, 2, 3 … in issue order within the report
    kind = models.CharField(max_length=20, choices=Kind.choices)
    label = models.CharField(max_length=100)  # "Zero draft", "Rev.1", "Facilitator's text on OP7-9"
    based_on = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="successors"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    note = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    issued_at = models.DateTimeField(null=True, blank=True)
    # SHA-256 over the ordered (paragraph key, kind, text) of an issued version, shown to users.
    content_hash = models.CharField(max_length=64, blank=True)
    is_circulated = models.BooleanField(default=False)  # sent to members
    is_published = models.BooleanField(default=False)  # visible to the public

    class Meta:
        ordering = ["report", "number"]
        constraints = [
            models.UniqueConstraint(fields=["report", "number"], name="version_unique_number"),
            models.CheckConstraint(
                condition=models.Q(status="draft")
                | (models.Q(issued_at__isnull=False) & ~models.Q(content_hash="")),
                name="version_issued_has_hash",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.report} — {self.label}"


class Paragraph(models.Model):
    """A paragraph's identity across versions: its UN id never changes once given."""

    class Kind(models.TextChoices):
        HEADING = "heading", "Heading"
        PREAMBULAR = "pp", "Preambular paragraph"
        OPERATIVE = "op", "Operative paragraph"
        TEXT = "text", "Text paragraph"  # narrative sections (e.g. arguments for and against)

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="paragraphs")
    key = models.CharField(max_length=40)  # "PP3", "OP7", "OP7bis", "OP7alt", "H2", "T4"
    kind = models.CharField(max_length=10, choices=Kind.choices)
    # For an alternative (OP7alt) or an insertion (OP7bis): the paragraph it derives from.
    derived_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="derivatives"
    )
    created_in = models.ForeignKey(
        Version, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Traceability: the contributions a paragraph was framed from.
    sources = models.ManyToManyField(Contribution, blank=True, related_name="draft_paragraphs")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["report", "key"], name="paragraph_unique_key"),
        ]

    def __str__(self) -> str:
        return self.key


class VersionParagraph(models.Model):
    """A paragraph's text and place in one version (the text may hold negotiation brackets)."""

    version = models.ForeignKey(Version, on_delete=models.CASCADE, related_name="items")
    paragraph = models.ForeignKey(Paragraph, on_delete=models.PROTECT, related_name="texts")
    order = models.PositiveIntegerField()
    display_number = models.CharField(max_length=20, blank=True)  # "7." as printed; not identity
    text = models.TextField()
    footnotes = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["version", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "paragraph"], name="version_paragraph_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.paragraph.key} in {self.version.label}"

    @property
    def label(self) -> str:
        """The one number a reader sees: the display number as printed ("7.", "PP3"), else
        the stable id (for paragraphs printed without a number). The stable id stays
        available as the paragraph's anchor and title, never shown beside the number."""
        return self.display_number or self.paragraph.key

    @property
    def ref(self) -> str:
        """How running text names it ("paragraph 7"): the label without its full stop."""
        return self.label.rstrip(".")


class InformalConsultation(models.Model):
    """A facilitator's remit: the paragraphs they consult on and hand back to plenary."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="consultations")
    title = models.CharField(max_length=300)
    facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="facilitated_consultations"
    )
    paragraphs = models.ManyToManyField(Paragraph, related_name="consultations")
    is_open = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.title


class Amendment(models.Model):
    class Kind(models.TextChoices):
        INSERT_TEXT = "insert_text", "Insert text"
        DELETE_TEXT = "delete_text", "Delete text"
        REPLACE_TEXT = "replace_text", "Replace text"
        ADD_PARAGRAPH = "add_paragraph", "Add a paragraph after"
        DELETE_PARAGRAPH = "delete_paragraph", "Delete the paragraph"
        ALTERNATIVE = "alternative", "Offer an alternative paragraph"

    class Status(models.TextChoices):
        PROPOSED = "proposed", "Proposed"
        INCORPORATED = "incorporated", "Incorporated"
        NOT_INCORPORATED = "not_incorporated", "Not incorporated"
        WITHDRAWN = "withdrawn", "Withdrawn"
        MERGED = "merged", "Merged into another"

    version = models.ForeignKey(Version, on_delete=models.PROTECT, related_name="amendments")
    paragraph = models.ForeignKey(Paragraph, on_delete=models.PROTECT, related_name="amendments")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    # An amendment to an amendment changes the parent's proposed text.
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="sub_amendments"
    )
    # A delegation's amendment names its member; the chair's, vice-chair's or facilitator's
    # compromise text has no member and is attributed to the role (``proposer_role``).
    proposer = models.ForeignKey(
        Member, null=True, blank=True, on_delete=models.PROTECT, related_name="amendments"
    )
    proposer_role = models.CharField(max_length=20, blank=True)
    # Proposed by ``proposer`` speaking on behalf of its negotiating group ("South Africa on
    # behalf of the G77 and China"). PROTECT: the record keeps saying on whose behalf.
    on_behalf_of = models.ForeignKey(
        NegotiatingGroup,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="amendments",
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The span it changes, by character offsets into the paragraph text it was proposed on,
    # plus that text itself so a changed paragraph is detected (and rebased when safe).
    start = models.PositiveIntegerField(null=True, blank=True)
    end = models.PositiveIntegerField(null=True, blank=True)
    old_text = models.TextField(blank=True)
    new_text = models.TextField(blank=True)
    base_text_hash = models.CharField(max_length=64)
    # Proposed on an older version and carried onto ``version`` because the words it
    # changes were unchanged there (offsets rebased); the older version is kept here.
    rebased_from = models.ForeignKey(
        Version, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    rationale = models.TextField(blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PROPOSED)
    status_reason = models.TextField(blank=True)
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="merged_from"
    )
    incorporated_in = models.ForeignKey(
        Version, null=True, blank=True, on_delete=models.SET_NULL, related_name="incorporated"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Optimistic locking: every change bumps it; a stale writer gets 409.
    lock_version = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        by = self.proposer or self.proposer_role.replace("_", " ").capitalize() or "unknown"
        return f"{self.get_kind_display()} on {self.paragraph.key} by {by}"


class AmendmentPart(models.Model):
    """One edit of an amendment that changes the paragraph in several places.

    An amendment proposed by editing the paragraph's text is recorded as one amendment
    with its parts: the minimal word-level edits (``accord.core.amend.edits_between``),
    offsets into the same text as the amendment's. The amendment's own ``start``/``end``/
    ``old_text``/``new_text`` are then the one replace covering every part (applying it
    gives the same text), so what reads an amendment as a single span stays right; the
    parts say which words change, so another amendment on words between them does not
    conflict with it. An amendment with one edit has no parts: it is its own edit.
    """

    amendment = models.ForeignKey(Amendment, on_delete=models.CASCADE, related_name="parts")
    position = models.PositiveIntegerField()  # 0, 1, … in text order
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    old_text = models.TextField(blank=True)
    new_text = models.TextField(blank=True)

    class Meta:
        ordering = ["amendment", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["amendment", "position"], name="amendment_part_unique_position"
            ),
            models.CheckConstraint(
                condition=models.Q(end__gte=models.F("start")), name="amendment_part_span"
            ),
        ]

    def __str__(self) -> str:
        return f"part {self.position} of amendment {self.amendment_id}"


class AmendmentSupport(models.Model):
    class Kind(models.TextChoices):
        COSPONSOR = "cosponsor", "Co-sponsor"
        SUPPORT = "support", "Support"
        OPPOSE = "oppose", "Oppose"

    amendment = models.ForeignKey(Amendment, on_delete=models.CASCADE, related_name="supports")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="amendment_supports")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["amendment", "member"], name="amendment_support_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member} {self.kind} amendment {self.amendment_id}"


class Bracket(models.Model):
    """A bracketed span of a paragraph in a version; lifted when its last holder lifts it."""

    class Reason(models.TextChoices):
        CONTESTED = "contested", "Contested wording"
        CAPITAL = "capital", "Awaiting instructions from capital"
        LINKED = "linked", "Linked to another paragraph"
        ALTERNATIVE = "alternative", "Alternative text"

    version = models.ForeignKey(Version, on_delete=models.CASCADE, related_name="brackets")
    paragraph = models.ForeignKey(Paragraph, on_delete=models.PROTECT, related_name="brackets")
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    text = models.TextField()  # the span as it reads, kept to detect a changed paragraph
    reason = models.CharField(max_length=20, choices=Reason.choices, default=Reason.CONTESTED)
    linked_paragraph = models.ForeignKey(
        Paragraph, null=True, blank=True, on_delete=models.SET_NULL, related_name="linked_brackets"
    )
    # True for brackets read from an imported text, whose holders are not known.
    from_text = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    lifted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["paragraph", "start"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__gt=models.F("start")), name="bracket_span"
            ),
        ]

    def __str__(self) -> str:
        return f"[{self.text[:40]}] in {self.paragraph.key}"


class BracketHolder(models.Model):
    bracket = models.ForeignKey(Bracket, on_delete=models.CASCADE, related_name="holders")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="brackets_held")
    reason = models.TextField(blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    added_at = models.DateTimeField(auto_now_add=True)
    lifted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["bracket", "member"],
                condition=models.Q(lifted_at__isnull=True),
                name="bracket_holder_unique_active",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member} holds bracket {self.bracket_id}"


class OptionGroup(models.Model):
    """Alternatives of which only one can survive (OP7 / OP7alt, or "Option 1 / Option 2")."""

    version = models.ForeignKey(Version, on_delete=models.CASCADE, related_name="option_groups")
    label = models.CharField(max_length=200)
    paragraphs = models.ManyToManyField(Paragraph, related_name="option_groups")
    chosen = models.ForeignKey(
        Paragraph, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.label
