"""The errors a user can cause, shared by the HTML views, the API and the CLI.

    ApplicationError          a request that cannot be carried out (400)
    ├── ValidationFailed      bad input, with per-field messages (400)
    ├── PermissionDenied      the actor may not do this (403)
    ├── NotFound              missing, or not visible to this viewer (404)
    ├── Conflict              a concurrent change or a duplicate (409)
    ├── Gone                  the window has closed: a deadline, a closed meeting (410)
    ├── PayloadTooLarge       an upload over the size limit (413)
    ├── RateLimited           too many requests; retry later (429)
    └── ServiceUnavailable    the database is busy; retry in a few seconds (503)

Services raise them; ``views`` and ``api`` translate them into a page or one JSON body.
``database_busy`` tells a lock timeout from other database errors: middleware and the API
answer it with a 503 and ``Retry-After`` instead of a 500.
"""

from __future__ import annotations

from django.db import DatabaseError


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


class ServiceUnavailable(ApplicationError):
    status = 503
    code = "busy"

    def __init__(self, message: str, *, retry_after: int = 5) -> None:
        super().__init__(message)
        self.retry_after = retry_after


# SQLite: SQLITE_BUSY after the busy timeout, SQLITE_LOCKED (a shared-cache table lock).
_SQLITE_BUSY = ("database is locked", "database table is locked", "database schema is locked")
# PostgreSQL: lock_not_available (lock_timeout, NOWAIT), serialization_failure,
# deadlock_detected. All three succeed when tried again.
_POSTGRES_BUSY = frozenset({"55P03", "40001", "40P01"})


def database_busy(error: BaseException) -> bool:
    """Whether ``error`` says the database was too busy to answer (a lock held by another
    connection), which trying again later cures, rather than that something is wrong."""
    if not isinstance(error, DatabaseError):
        return False
    cause = error.__cause__
    state = getattr(cause, "sqlstate", None) or getattr(cause, "pgcode", None)
    if state is not None:
        return state in _POSTGRES_BUSY
    text = str(error).lower()
    return any(marker in text for marker in _SQLITE_BUSY)
