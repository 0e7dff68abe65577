"""A request id on every request, its response and every log line written while it runs.

The id comes from the proxy's ``X-Request-ID`` when the request comes from a trusted proxy
(``ACCORD_TRUSTED_PROXIES``; ``accord.common.proxy`` has already dropped it otherwise) and the
value is a plain token; otherwise it is made here. It is sent back as ``X-Request-ID``, so
that a user's report ("it failed at 10:42", with the id from the error page's headers) finds
its log lines. ``ACCORD_LOG_FORMAT=json`` writes one JSON object per line (what log
collectors read); the default stays human-readable.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import json
import logging
import re
import uuid
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

HEADER = "X-Request-ID"
META_KEY = "HTTP_X_REQUEST_ID"
_TOKEN = re.compile(r"^[A-Za-z0-9._:-]{1,64}$")
current: contextvars.ContextVar[str] = contextvars.ContextVar("accord_request_id", default="-")


class RequestIdMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        given = str(request.META.get(META_KEY, ""))
        request_id = given if _TOKEN.match(given) else uuid.uuid4().hex
        request.request_id = request_id  # type: ignore[attr-defined]
        token = current.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            current.reset(token)
        response[HEADER] = request_id
        return response


class RequestIdFilter(logging.Filter):
    """Give every record the id of the request it was written in ("-" outside requests)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = current.get()
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time (UTC), level, logger, request id, message, exception."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(),
            "level": record.levelname,
            "logger": record.name,
            "request_id": getattr(record, "request_id", "-"),
            "message": record.getMessage(),
        }
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)
