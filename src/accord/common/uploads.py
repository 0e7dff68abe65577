"""Store uploaded bytes with a clear error for oversized files."""

from __future__ import annotations

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile

from .errors import PayloadTooLarge, ValidationFailed


def _size(n: int) -> str:
    return f"{n / 1048576:.1f} MB" if n >= 1048576 else f"{max(1, round(n / 1024))} KB"


def read_upload(upload: UploadedFile | None, *, field: str = "file") -> tuple[bytes, str]:
    """Return (bytes, safe file name) of an upload within ACCORD_MAX_UPLOAD_BYTES."""
    if upload is None:
        raise ValidationFailed("Choose a file to upload.", fields={field: "required"})
    limit = settings.ACCORD_MAX_UPLOAD_BYTES
    if upload.size is not None and upload.size > limit:
        raise PayloadTooLarge(
            f"The file '{upload.name}' is {_size(upload.size)}; the limit is {_size(limit)}."
        )
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise PayloadTooLarge(f"The file '{upload.name}' is larger than {_size(limit)}.")
    if not data:
        raise ValidationFailed(f"The file '{upload.name}' is empty.", fields={field: "empty"})
    name = (upload.name or "upload").replace("\\", "/").rsplit("/", 1)[-1][:200]
    return data, name
