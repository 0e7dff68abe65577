"""Field types of the API's input schemas that are stricter than pydantic's defaults."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

from django import forms
from pydantic import BeforeValidator, Field


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


#: The largest integer a database column holds (SQLite's INTEGER, PostgreSQL's bigint).
MAX_BIGINT = 2**63 - 1
#: The largest value of a PositiveIntegerField on PostgreSQL (integer): numbers and offsets.
MAX_INT = 2**31 - 1

#: A row's id (primary key): 1 to 2**63 - 1; anything else is the API's 422.
Id = Annotated[int, Field(ge=1, le=MAX_BIGINT)]
#: A number people give things (a meeting's, a version's, a question's): 1 to 2**31 - 1.
Number = Annotated[int, Field(ge=1, le=MAX_INT)]
#: A count or a character offset into a text: 0 to 2**31 - 1.
Count = Annotated[int, Field(ge=0, le=MAX_INT)]


def form_limit(form: type[forms.Form], name: str) -> Any:
    """The web form's length limit on a field, for the same field of an API input schema
    (``Annotated[str, form_limit(MeetingForm, "title")]``): longer text is the API's 422,
    as the form refuses it, instead of being stored."""
    limit = form.base_fields[name].max_length  # type: ignore[attr-defined]
    assert limit, f"{form.__name__}.{name} has no max_length"
    return Field(max_length=limit)
