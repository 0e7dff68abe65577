from __future__ import annotations

from django import forms

from .services import DEFAULT_LIST_NAME


class ArchiveImportForm(forms.Form):
    # Not required here: ``read_upload`` gives the one clear message for a missing file.
    file = forms.FileField(
        required=False,
        label="Archive file",
        help_text="An mbox file, a Mailman monthly archive (.txt or .txt.gz), or hypermail "
        "pages (.html, or a .zip of a month's folder).",
    )
    list_name = forms.CharField(
        max_length=200,
        initial=DEFAULT_LIST_NAME,
        label="Mailing list",
        help_text="The name of an existing list, or of a new list to create.",
    )
    members_only = forms.BooleanField(
        required=False,
        label="Members only",
        help_text="Only for a new list: its messages are shown to people with a role only.",
    )
