"""Writes for calls and contributions; the views, the API and the CLI all call these."""

from ..rules import submitting_member
from .calls import call_create
from .common import late_notice
from .imports import ImportReport, contribution_import_folder
from .moderation import (
    contribution_moderate,
    contribution_publish,
    contribution_reject,
    contribution_withdraw,
    may_withdraw,
)
from .submit import contribution_submit, contribution_submit_public

__all__ = [
    "ImportReport",
    "call_create",
    "contribution_import_folder",
    "contribution_moderate",
    "contribution_publish",
    "contribution_reject",
    "contribution_submit",
    "contribution_submit_public",
    "contribution_withdraw",
    "late_notice",
    "may_withdraw",
    "submitting_member",
]
