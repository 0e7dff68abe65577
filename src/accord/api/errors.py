"""One error body for the whole API: {"error": {"code", "message", "fields"}}."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from accord.common.errors import ApplicationError, RateLimited


class ErrorDetail(Schema):
    code: str
    message: str
    fields: dict[str, str] = {}


class ErrorBody(Schema):
    error: ErrorDetail


def install_error_handlers(api: NinjaAPI) -> None:
    def body(code: str, message: str, fields: dict[str, str] | None = None) -> dict[str, object]:
        return {"error": {"code": code, "message": message, "fields": fields or {}}}

    @api.exception_handler(ApplicationError)
    def application_error(request: HttpRequest, exc: ApplicationError) -> HttpResponse:
        response = api.create_response(
            request, body(exc.code, exc.message, exc.fields), status=exc.status
        )
        if isinstance(exc, RateLimited):
            response["Retry-After"] = str(exc.retry_after)
        return response

    @api.exception_handler(NinjaValidationError)
    def validation_error(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
        fields = {}
        for err in exc.errors:
            loc = ".".join(
                str(part) for part in err.get("loc", ()) if part not in ("body", "query", "path")
            )
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
        return api.create_response(request, body("http_error", str(exc)), status=exc.status_code)
