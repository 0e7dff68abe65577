"""Writes for consultations: opening and closing, statements, votes, Pol.is import."""

from .consultations import (
    consultation_close,
    consultation_open,
    statement_moderate,
    statement_submit,
)
from .polis import polis_import
from .votes import new_anon_token, participant_for_request, vote_cast

__all__ = [
    "consultation_close",
    "consultation_open",
    "new_anon_token",
    "participant_for_request",
    "polis_import",
    "statement_moderate",
    "statement_submit",
    "vote_cast",
]
