"""The errors a user can cause, shared by the HTML views, the API and the CLI.

    ApplicationError          a request that cannot be carried out (400)
    ├── ValidationFailed      bad input, with per-field messages (400)
    ├── PermissionDenied      the actor may not do this (403)
    ├── NotFound              missing, or not visible to this viewer (404)
    ├── Conflict              a concurrent change or a duplicate (409)
    ├── Gone                  the window has closed: a deadline, a closed meeting (410)
    ├── PayloadTooLarge       an upload over the size limit (413)
    └── RateLimited           too many requests; retry later (429)

Services raise them; ``views`` and ``api`` translate them into a page or one JSON body.
"""

from __future__ import annotations


class ApplicationError(Exception):
    status = 400
    code = "invalid"

    def __init__(
        self, message: str, *, code: str | None = None, fields: dict[str, str] | None = None
    ):
        super().__init__(message)
        self.message = message
        if code:
            self.code = code
        self.fields = fields or {}


class ValidationFailed(ApplicationError):
    status = 400
    code = "validation_failed"


class PermissionDenied(ApplicationError):
    status = 403
    code = "permission_denied"


class NotFound(ApplicationError):
    """Raised alike for what does not exist and what the viewer may not see."""

    status = 404
    code = "not_found"

    def __init__(self, message: str = "Not found.", **kwargs: object) -> None:
        super().__init__(message, **kwargs)  # type: ignore[arg-type]


class Conflict(ApplicationError):
    status = 409
    code = "conflict"


class Gone(ApplicationError):
    status = 410
    code = "closed"


class PayloadTooLarge(ApplicationError):
    status = 413
    code = "too_large"


class RateLimited(ApplicationError):
    status = 429
    code = "rate_limited"

    def __init__(self, message: str, *, retry_after: int = 60) -> None:
        super().__init__(message)
        self.retry_after = retry_after
