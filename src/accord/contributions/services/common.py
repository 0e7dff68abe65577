"""Rules shared by the contribution services: the time window, answers, attachments, index."""

from __future__ import annotations

import contextlib
import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import PurePath

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.urls import reverse
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

from accord.common.errors import Gone, ValidationFailed
from accord.common.uploads import INTERACTIVE_PDF_LIMITS, read_upload, user_message
from accord.core.documents import PDF_LIMITS, DocumentError, PdfLimits, extract_text
from accord.search.index import index_delete, index_upsert

from ..models import Answer, Attachment, Call, Contribution
from ..rules import constituency_facet, when

KIND = "contribution"
ALLOWED_EXTENSIONS = {".pdf": "pdf", ".docx": "docx", ".txt": "txt"}
MAX_ATTACHMENTS = 5


def late_notice(contribution: Contribution) -> str:
    """What the submitter is told about a late contribution ('' when on time)."""
    if not contribution.is_late:
        return ""
    return (
        "Your contribution was received after the deadline of "
        f"{when(contribution.call.closes_at)}; it is marked late."
    )


def check_window(call: Call, now: datetime) -> bool:
    """Raise when the call does not take submissions at ``now``; return whether it is late."""
    if now < call.opens_at:
        raise ValidationFailed(
            _("The call opens on %(when)s; submissions are not accepted yet.")
            % {"when": when(call.opens_at)},
            code="not_open",
        )
    if now > call.closes_at:
        if not call.accept_late:
            raise Gone(
                _("The call closed on %(when)s; it no longer accepts submissions.")
                % {"when": when(call.closes_at)}
            )
        return True
    return False


def clean_answers(call: Call, answers: Mapping[int, str]) -> dict[int, str]:
    """Non-empty answers keyed by question number; unknown numbers are an error."""
    numbers = set(call.questions.values_list("number", flat=True))
    unknown = sorted(int(n) for n in answers if int(n) not in numbers)
    if unknown:
        raise ValidationFailed(
            _("This call has no question %(join)s.") % {"join": ", ".join(map(str, unknown))},
            fields={"answers": "unknown question"},
        )
    return {int(n): text.strip() for n, text in sorted(answers.items()) if text and text.strip()}


@dataclass(frozen=True)
class PreparedFile:
    """An attachment read and its text extracted, before anything is written."""

    name: str
    data: bytes
    kind: str
    sha256: str
    text: str


def prepare_file(
    data: bytes, name: str, *, field: str = "attachments", pdf_limits: PdfLimits = PDF_LIMITS
) -> PreparedFile:
    """Check an attachment's type and extract its text (bounded by ``pdf_limits`` for PDFs,
    by ``accord.core.documents``' container checks for DOCX)."""
    extension = PurePath(name).suffix.casefold()
    if extension not in ALLOWED_EXTENSIONS:
        raise ValidationFailed(
            _(
                "'%(name)s' cannot be attached: only PDF, Word (.docx) or plain-text (.txt) "
                "files are accepted."
            )
            % {"name": name},
            fields={field: "unsupported type"},
        )
    try:
        document = extract_text(
            data, name, max_bytes=settings.ACCORD_MAX_UPLOAD_BYTES, pdf_limits=pdf_limits
        )
    except DocumentError as exc:
        raise ValidationFailed(
            _("'%(name)s' could not be read: %(reason)s")
            % {"name": name, "reason": user_message(exc)},
            fields={field: "invalid"},
        ) from exc
    # The bytes decide the kind (a PDF named .txt is a PDF); SRT-looking text is still text.
    kind = document.kind if document.kind in ("pdf", "docx") else "txt"
    return PreparedFile(
        name=name,
        data=data,
        kind=kind,
        sha256=hashlib.sha256(data).hexdigest(),
        text=document.text,
    )


def read_attachments(uploads: Sequence[UploadedFile]) -> list[PreparedFile]:
    """Read and check every upload first, so a bad file stops the submission before any write.

    The contributor waits meanwhile, so PDFs are read within ``INTERACTIVE_PDF_LIMITS`` (the
    crafted PDF of issue 10 held a server thread for a minute).
    """
    uploads = [u for u in uploads if u is not None]
    if len(uploads) > MAX_ATTACHMENTS:
        raise ValidationFailed(
            _("Attach at most %(count)d files.") % {"count": MAX_ATTACHMENTS},
            fields={"attachments": "too many"},
        )
    prepared = []
    for upload in uploads:
        data, name = read_upload(upload, field="attachments")
        prepared.append(prepare_file(data, name, pdf_limits=INTERACTIVE_PDF_LIMITS))
    return prepared


def content_hash(answers: Mapping[int, str], files: Iterable[PreparedFile]) -> str:
    digest = hashlib.sha256()
    for number, text in sorted(answers.items()):
        digest.update(f"{number}\x00{text}\x01".encode())
    for prepared in files:
        digest.update(f"file\x00{prepared.sha256}\x01".encode())
    return digest.hexdigest()


def write_answers_and_files(
    contribution: Contribution,
    answers: Mapping[int, str],
    files: Sequence[PreparedFile],
    saved: list[str],
) -> None:
    """Create the answers and attachments; ``saved`` collects stored file names for cleanup."""
    questions = {q.number: q for q in contribution.call.questions.all()}
    Answer.objects.bulk_create(
        [
            Answer(contribution=contribution, question=questions[number], text=text)
            for number, text in answers.items()
        ]
    )
    for prepared in files:
        attachment = Attachment(
            contribution=contribution,
            original_name=prepared.name,
            kind=prepared.kind,
            size=len(prepared.data),
            sha256=prepared.sha256,
            extracted_text=prepared.text,
        )
        safe = get_valid_filename(prepared.name) or f"attachment.{prepared.kind}"
        attachment.file.save(
            f"{prepared.sha256[:12]}-{safe}", ContentFile(prepared.data), save=False
        )
        saved.append(attachment.file.name)
        attachment.save()


def delete_stored(names: list[str]) -> None:
    """Remove files written by a submission whose transaction failed: no orphans."""
    for name in names:
        with contextlib.suppress(OSError):  # already gone: nothing to clean
            default_storage.delete(name)


def contribution_url(contribution: Contribution) -> str:
    return reverse(
        "contributions:detail",
        kwargs={"group_slug": contribution.call.group.slug, "pk": contribution.pk},
    )


def index_contribution(contribution: Contribution) -> None:
    """Put a submitted or published contribution in search (members-only until published).

    Facets: ``constituency`` (slug), ``constituency_name``, ``question`` — the numbers of the
    questions answered, comma-separated in ascending order ("1,3"), so a single-question
    contribution filters as ``question=1``; ``call`` (the call id).
    """
    if contribution.status not in (Contribution.Status.SUBMITTED, Contribution.Status.PUBLISHED):
        index_delete(kind=KIND, object_ids=[contribution.pk])
        return
    answers = list(contribution.answers.select_related("question").order_by("question__number"))
    texts = [a.text for a in answers]
    texts += [a.extracted_text for a in contribution.attachments.all() if a.extracted_text]
    slug, name = constituency_facet(contribution)
    index_upsert(
        kind=KIND,
        object_id=contribution.pk,
        group_id=contribution.call.group_id,
        title=contribution.title,
        body="\n\n".join(texts),
        url=contribution_url(contribution),
        is_public=contribution.status == Contribution.Status.PUBLISHED,
        facets={
            "constituency": slug,
            "constituency_name": name,
            "question": ",".join(str(a.question.number) for a in answers),
            "call": contribution.call_id,
        },
        sort_date=contribution.submitted_at,
    )
