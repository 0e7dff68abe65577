"""Field types of the API's input schemas that are stricter than pydantic's defaults."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

from pydantic import BeforeValidator


def _text(kind: str, example: str) -> BeforeValidator:
    """Refuse anything but text (or the value itself, from Python callers).

    pydantic would otherwise read a number as seconds since 1970, so ``"end_date": 0``
    silently became 1 January 1970; the schema says "string, format date" and so do we.
    """

    def check(value: Any) -> Any:
        if value is None or isinstance(value, str | date):
            return value
        raise ValueError(f"Give the {kind} as text, such as {example}.")

    return BeforeValidator(check)


IsoDate = Annotated[date, _text("date", "2025-03-17")]
IsoDateTime = Annotated[datetime, _text("date and time", "2025-03-17T09:30:00Z")]
