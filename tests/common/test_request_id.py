"""Every response names its request, and the log lines written meanwhile carry that name."""

from __future__ import annotations

import json
import logging
import re
from typing import Any

from django.http import HttpResponse
from django.test import RequestFactory

from accord.common.requestid import (
    HEADER,
    JsonFormatter,
    RequestIdFilter,
    RequestIdMiddleware,
)

HEX = re.compile(r"^[0-9a-f]{32}$")


def test_each_response_gets_its_own_id(client: Any) -> None:
    first, second = client.get("/healthz"), client.get("/no-such-page/")
    assert HEX.match(first[HEADER]) and HEX.match(second[HEADER])
    assert first[HEADER] != second[HEADER]


def test_a_visitor_cannot_name_the_request(client: Any) -> None:
    answer = client.get("/healthz", HTTP_X_REQUEST_ID="chosen-by-me", REMOTE_ADDR="203.0.113.9")
    assert answer[HEADER] != "chosen-by-me" and HEX.match(answer[HEADER])


def test_a_trusted_proxy_names_it_when_the_name_is_a_plain_token(client: Any, settings) -> None:
    settings.ACCORD_TRUSTED_PROXIES = ["127.0.0.1"]
    kept = client.get("/healthz", HTTP_X_REQUEST_ID="lb-7f3a.42", REMOTE_ADDR="127.0.0.1")
    assert kept[HEADER] == "lb-7f3a.42"
    for hostile in ("two words", "line\nbreak", "x" * 65, ""):
        answer = client.get("/healthz", HTTP_X_REQUEST_ID=hostile, REMOTE_ADDR="127.0.0.1")
        assert HEX.match(answer[HEADER]), hostile


class _Lines(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.addFilter(RequestIdFilter())
        self.setFormatter(JsonFormatter())
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))


def test_log_lines_written_during_a_request_carry_its_id() -> None:
    lines = _Lines()
    logger = logging.getLogger("accord.test.requestid")
    logger.addHandler(lines)
    logger.setLevel(logging.INFO)
    try:

        def view(request: Any) -> HttpResponse:
            logger.info("working on %s", "it")
            return HttpResponse("ok")

        response = RequestIdMiddleware(view)(RequestFactory().get("/"))
        logger.info("after the request")
    finally:
        logger.removeHandler(lines)
    during, after = (json.loads(line) for line in lines.lines)
    assert during["request_id"] == response[HEADER] and during["message"] == "working on it"
    assert during["level"] == "INFO" and during["logger"] == "accord.test.requestid"
    assert after["request_id"] == "-"
