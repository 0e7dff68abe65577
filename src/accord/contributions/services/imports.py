"""Bulk import: one file per member from a folder, published at once (source "import")."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accord.common.audit import audit_record
from accord.common.errors import PayloadTooLarge, ValidationFailed
from accord.groups.models import Member, WorkingGroup
from accord.groups.permissions import require
from accord.groups.services import member_create

from ..iso3 import ISO3_NAMES, OBSERVER_STATES, ORGANISATIONS
from ..models import Answer, Attachment, Call, Contribution, Question
from ..permissions import MODERATE
from .common import PreparedFile, delete_stored, index_contribution, prepare_file

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class ImportReport:
    created: int
    skipped_duplicates: int
    unknown_members: list[str] = field(default_factory=list)
    created_members: list[str] = field(default_factory=list)

    @property
    def message(self) -> str:
        parts = [f"Imported {self.created} contribution{'s' if self.created != 1 else ''}."]
        if self.skipped_duplicates:
            parts.append(
                f"{self.skipped_duplicates} duplicate file(s) skipped: already imported for "
                "the same member and call."
            )
        if self.created_members:
            parts.append(f"New members: {', '.join(self.created_members)}.")
        if self.unknown_members:
            parts.append(
                f"No member for: {', '.join(self.unknown_members)} (not imported; pass "
                "create_missing_members to add them)."
            )
        return " ".join(parts)


def member_key(path: Path) -> str:
    """'BRA_72_2017.txt' → 'BRA'; 'open-network-alliance.docx' → 'open-network-alliance'."""
    return path.stem.split("_", 1)[0].strip()


def _member_index(group: WorkingGroup) -> dict[str, Member]:
    index: dict[str, Member] = {}
    for member in group.members.select_related("constituency"):
        keys = [member.slug, member.name, *(str(a) for a in member.aliases or [])]
        if member.iso3:
            keys.append(member.iso3)
        for key in keys:
            index.setdefault(key.casefold(), member)
    return index


def _create_member(actor: Any, group: WorkingGroup, key: str) -> Member | None:
    code = key.upper()
    constituencies = {c.slug: c for c in group.constituencies.all()}
    states = constituencies.get("member-states") or next(iter(constituencies.values()), None)
    if states is None:
        return None
    if code in ORGANISATIONS:
        # The EU and the like speak as observers; they sit with the intergovernmental bodies
        # when the group has that constituency.
        return member_create(
            actor=actor,
            group=group,
            constituency=constituencies.get(
                "intergovernmental-and-international-organisations", states
            ),
            name=ORGANISATIONS[code],
            kind=Member.Kind.ORGANISATION,
            status=Member.Status.OBSERVER,
            aliases=[code],
        )
    if len(code) == 3 and code.isalpha():
        return member_create(
            actor=actor,
            group=group,
            constituency=states,
            name=ISO3_NAMES.get(code, code),
            kind=Member.Kind.STATE,
            iso3=code,
            status=Member.Status.OBSERVER if code in OBSERVER_STATES else Member.Status.MEMBER,
        )
    return None


def _read_all(paths: Sequence[Path]) -> list[tuple[Path, PreparedFile]]:
    """Read and extract every file before writing anything: one bad file stops the import."""
    limit = settings.ACCORD_MAX_UPLOAD_BYTES
    prepared = []
    for path in sorted(paths, key=lambda p: p.name):
        try:
            size = path.stat().st_size
            if size > limit:
                raise PayloadTooLarge(
                    _("%(name)s is %(size).1f MB; the limit is %(limit).0f MB.")
                    % {"name": path.name, "size": size / 1048576, "limit": limit / 1048576}
                )
            data = path.read_bytes()
        except OSError as exc:
            raise ValidationFailed(
                _("%(name)s could not be read: %(strerror)s.")
                % {"name": path.name, "strerror": exc.strerror}
            ) from exc
        if not data.strip():
            raise ValidationFailed(
                _("%(name)s is empty; nothing was imported.") % {"name": path.name}
            )
        prepared.append((path, prepare_file(data, path.name, field="paths")))
    return prepared


def contribution_import_folder(
    *,
    actor: Any,
    call: Call,
    question: Question,
    paths: list[Path],
    create_missing_members: bool = False,
    progress: Progress | None = None,
) -> ImportReport:
    """Import one file per member as a published answer to ``question`` of ``call``.

    The member is the part of the file name before the first '_' (ISO3 code, member slug,
    name or alias, case-insensitive). A file whose bytes were already imported for the same
    member and call counts as a duplicate and is skipped (a re-run creates nothing). Unknown
    keys are listed in the report, or created as members when ``create_missing_members``.
    All or nothing: any unreadable file raises before a single row is written.
    ``progress(done, total)`` is called after each file.
    """
    group = call.group
    require(actor, MODERATE, group)
    if create_missing_members:
        require(actor, "group.manage_members", group)
    if question.call_id != call.pk:
        raise ValidationFailed(
            _("That question belongs to another call."), fields={"question": "invalid"}
        )
    files = _read_all(paths)
    total = len(files)
    created = skipped = 0
    unknown: list[str] = []
    new_members: list[str] = []
    saved: list[str] = []
    now = timezone.now()
    try:
        with transaction.atomic():
            members = _member_index(group)
            seen = set(
                Contribution.objects.filter(call=call, member__isnull=False).values_list(
                    "member_id", "content_hash"
                )
            )
            for done, (path, prepared) in enumerate(files, start=1):
                key = member_key(path)
                member = members.get(key.casefold())
                if member is None and create_missing_members:
                    member = _create_member(actor, group, key)
                    if member is not None:
                        members[key.casefold()] = member
                        new_members.append(key)
                if member is None:
                    unknown.append(key)
                elif (member.pk, prepared.sha256) in seen:
                    skipped += 1
                else:
                    seen.add((member.pk, prepared.sha256))
                    _import_one(call, question, member, prepared, now, saved)
                    created += 1
                if progress is not None:
                    progress(done, total)
            report = ImportReport(created, skipped, sorted(set(unknown)), new_members)
            audit_record(
                actor=actor,
                action="accord.contribution.import",
                target=call,
                group_id=group.pk,
                data={
                    "created": created,
                    "skipped_duplicates": skipped,
                    "unknown_members": report.unknown_members,
                    "created_members": new_members,
                },
            )
    except BaseException:
        delete_stored(saved)
        raise
    return report


def _import_one(
    call: Call,
    question: Question,
    member: Member,
    prepared: PreparedFile,
    now: Any,
    saved: list[str],
) -> None:
    contribution = Contribution.objects.create(
        call=call,
        member=member,
        status=Contribution.Status.PUBLISHED,
        submitted_at=now,
        published_at=now,
        source=Contribution.Source.IMPORT,
        title=f"{member.name} — {call.title}",
        # The file's own hash: a re-run of the same folder finds every file again.
        content_hash=prepared.sha256,
    )
    Answer.objects.create(contribution=contribution, question=question, text=prepared.text)
    if prepared.kind != "txt":
        # Keep the original Word/PDF file for download; plain text is the answer itself.
        attachment = Attachment(
            contribution=contribution,
            original_name=prepared.name,
            kind=prepared.kind,
            size=len(prepared.data),
            sha256=prepared.sha256,
            extracted_text="",  # the same text is the answer; indexing it twice adds nothing
        )
        attachment.file.save(
            f"{prepared.sha256[:12]}-{prepared.name}", ContentFile(prepared.data), save=False
        )
        saved.append(attachment.file.name)
        attachment.save()
    index_contribution(contribution)
