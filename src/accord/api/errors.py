"""One error body for the whole API: {"error": {"code", "message", "fields"}}; and the checks
every JSON request body passes before an operation sees it (``JsonParser``)."""

from __future__ import annotations

import json
from typing import Any

from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse
from django.http.request import RawPostDataException
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.parser import Parser

from accord.common.errors import ApplicationError, database_busy
from accord.common.middleware import BUSY_RETRY_AFTER, busy_message

from .fields import MAX_BIGINT


class ErrorDetail(Schema):
    code: str
    message: str
    fields: dict[str, str] = {}


class ErrorBody(Schema):
    error: ErrorDetail


class BodyRefused(ApplicationError):
    """A request body the API does not read: not JSON, not UTF-8, or holding a value no
    database column can store."""

    def __init__(
        self, message: str, *, status: int, code: str, fields: dict[str, str] | None = None
    ) -> None:
        super().__init__(message, code=code, fields=fields)
        self.status = status


def _json_media_type() -> str:
    return _("Send the request body as JSON, with the header 'Content-Type: application/json'.")


def _odd_value(value: Any, where: str = "") -> tuple[str, str] | None:
    """(where, why) of the first value in parsed JSON that cannot be stored: a string (or a
    key) with a lone surrogate such as "\\ud800", which json.loads accepts and no UTF-8
    encoder does; an integer beyond 64 bits."""
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return where, _("Text may not contain a lone surrogate (such as \\ud800).")
    elif isinstance(value, bool) or value is None or isinstance(value, float):
        return None
    elif isinstance(value, int):
        if not -MAX_BIGINT - 1 <= value <= MAX_BIGINT:
            return where, _("The number is out of range.")
    elif isinstance(value, dict):
        for key, item in value.items():
            inner = f"{where}.{key}" if where else str(key)
            found = _odd_value(key, inner) or _odd_value(item, inner)
            if found:
                return found
    elif isinstance(value, list):
        for n, item in enumerate(value):
            found = _odd_value(item, f"{where}.{n}" if where else str(n))
            if found:
                return found
    return None


class JsonParser(Parser):
    """Reads a JSON body only if it is one: ``application/json`` (415 otherwise), UTF-8 (400),
    valid JSON (400), with no lone surrogate in any string and no integer beyond 64 bits
    (422, naming the field). Without these checks a form sent to a JSON operation was read
    as JSON or failed with a 500, and a "\\ud800" was accepted and then failed in the
    database encoder (a 500)."""

    def parse_body(self, request: HttpRequest) -> dict[str, Any]:
        # A real request always has a content type ('' when none was sent); ninja's own
        # stand-in for a JSON part of a multipart body has none.
        kind = request.content_type
        if kind is not None and kind != "application/json" and not kind.endswith("+json"):
            raise BodyRefused(_json_media_type(), status=415, code="unsupported_media_type")
        try:
            text = request.body.decode("utf-8")
        except UnicodeDecodeError:
            raise BodyRefused(
                _("The request body is not UTF-8 text."), status=400, code="bad_request"
            ) from None
        try:
            data = json.loads(text)
        except ValueError as exc:
            raise BodyRefused(
                _("The request body is not valid JSON: %(error)s.") % {"error": exc},
                status=400,
                code="bad_request",
            ) from None
        odd = _odd_value(data)
        if odd is not None:
            where, why = odd
            raise BodyRefused(
                why, status=422, code="validation_failed", fields={where or "request": why}
            )
        return data  # type: ignore[no-any-return]


def _out_of_range(exc: BaseException) -> bool:
    """A number too large for its column, met in the database (SQLite's OverflowError,
    PostgreSQL's numeric_value_out_of_range): the input's fault, answered 422, never 500."""
    if isinstance(exc, OverflowError):
        return "too large to convert to SQLite INTEGER" in str(exc)
    cause = exc.__cause__
    return (getattr(cause, "sqlstate", None) or getattr(cause, "pgcode", None)) == "22003"


def install_error_handlers(api: NinjaAPI) -> None:
    def body(code: str, message: str, fields: dict[str, str] | None = None) -> dict[str, object]:
        return {"error": {"code": code, "message": message, "fields": fields or {}}}

    @api.exception_handler(ApplicationError)
    def application_error(request: HttpRequest, exc: ApplicationError) -> HttpResponse:
        response = api.create_response(
            request, body(exc.code, exc.message, exc.fields), status=exc.status
        )
        retry_after = getattr(exc, "retry_after", None)  # RateLimited, ServiceUnavailable
        if retry_after is not None:
            response["Retry-After"] = str(retry_after)
        return response

    def out_of_range(request: HttpRequest) -> HttpResponse:
        message = _("A number in the request is out of range.")
        return api.create_response(
            request, body("validation_failed", message, {"request": message}), status=422
        )

    @api.exception_handler(OverflowError)
    def overflow_error(request: HttpRequest, exc: OverflowError) -> HttpResponse:
        if not _out_of_range(exc):
            raise exc
        return out_of_range(request)

    @api.exception_handler(RawPostDataException)
    def form_body(request: HttpRequest, exc: RawPostDataException) -> HttpResponse:
        # A form body, already read as one, sent to an operation that reads JSON.
        return api.create_response(
            request, body("unsupported_media_type", _json_media_type()), status=415
        )

    @api.exception_handler(DatabaseError)
    def database_error(request: HttpRequest, exc: DatabaseError) -> HttpResponse:
        # A lock held by another connection: retry later (503); a number too large for its
        # column: 422. Anything else is a fault and goes on to Django's 500.
        if _out_of_range(exc):
            return out_of_range(request)
        if not database_busy(exc):
            raise exc
        response = api.create_response(request, body("busy", busy_message()), status=503)
        response["Retry-After"] = str(BUSY_RETRY_AFTER)
        return response

    @api.exception_handler(NinjaValidationError)
    def validation_error(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
        fields = {}
        for err in exc.errors:
            # Where the value was sent (body, query, path) goes; a field named "body" stays.
            parts = list(err.get("loc", ()))
            if parts and parts[0] in ("body", "query", "path"):
                parts = parts[1:]
            loc = ".".join(str(part) for part in parts)
            fields[loc or "request"] = str(err.get("msg", "invalid"))
        return api.create_response(
            request, body("validation_failed", "The request is not valid.", fields), status=422
        )

    @api.exception_handler(AuthenticationError)
    def auth_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        return api.create_response(
            request,
            body("unauthorized", "Send a valid API token: 'Authorization: Bearer <token>'."),
            status=401,
        )

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        if isinstance(exc.__cause__, ApplicationError):  # JsonParser's refusal, passed on
            return application_error(request, exc.__cause__)
        return api.create_response(request, body("http_error", str(exc)), status=exc.status_code)
