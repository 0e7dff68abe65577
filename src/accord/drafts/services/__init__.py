"""Writes for drafts, split by sub-domain; import from the submodule that holds the service:
``versions`` (reports, versions, paragraphs, issue), ``imports`` (DOCX/Markdown in),
``amendments``, ``brackets``, ``options``, ``revisions`` (next revision from amendments),
``consultations`` (facilitators' remits)."""
