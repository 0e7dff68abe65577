"""Store uploaded bytes with a clear error for oversized files, and show the core's refusals
of a file in the reader's language."""

from __future__ import annotations

from dataclasses import replace

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext

from accord.core.documents import PDF_LIMITS, PdfLimits

from .errors import PayloadTooLarge, ValidationFailed

#: How long reading a PDF may take while the person who uploaded it waits (a request): other
#: requests share the interpreter meanwhile. Jobs and the command line use ``PDF_LIMITS``.
INTERACTIVE_PDF_LIMITS: PdfLimits = replace(PDF_LIMITS, seconds=2.0)


def _size(n: int) -> str:
    return f"{n / 1048576:.1f} MB" if n >= 1048576 else f"{max(1, round(n / 1024))} KB"


def user_message(error: Exception) -> str:
    """The message of an error raised by ``accord.core`` for the user, translated.

    Core errors (``accord.core.messages.UserInputError``) keep their English template and its
    parameters apart; any other error is shown as it is.
    """
    template = getattr(error, "template", None)
    if not isinstance(template, str):
        return str(error)
    params = getattr(error, "params", None) or {}
    translated = gettext(template)
    return translated % params if params else translated


def read_upload(upload: UploadedFile | None, *, field: str = "file") -> tuple[bytes, str]:
    """Return (bytes, safe file name) of an upload within ACCORD_MAX_UPLOAD_BYTES."""
    if upload is None:
        raise ValidationFailed(gettext("Choose a file to upload."), fields={field: "required"})
    limit = settings.ACCORD_MAX_UPLOAD_BYTES
    if upload.size is not None and upload.size > limit:
        raise PayloadTooLarge(
            gettext("The file '%(name)s' is %(size)s; the limit is %(limit)s.")
            % {"name": upload.name, "size": _size(upload.size), "limit": _size(limit)}
        )
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise PayloadTooLarge(
            gettext("The file '%(name)s' is larger than %(limit)s.")
            % {"name": upload.name, "limit": _size(limit)}
        )
    if not data:
        raise ValidationFailed(
            gettext("The file '%(name)s' is empty.") % {"name": upload.name},
            fields={field: "empty"},
        )
    name = (upload.name or "upload").replace("\\", "/").rsplit("/", 1)[-1][:200]
    return data, name
