"""Messages for the person whose input was refused, marked for translation without Django.

The core cannot import Django's ``gettext``. A message is a ``%``-format template wrapped in
:func:`gettext_noop` (a keyword ``makemessages`` collects) and an error keeps the template and
its parameters apart, so that the app layer can translate it when it shows it:
``gettext(error.template) % error.params``. ``str(error)`` is the English text, as before.
"""

from __future__ import annotations


def gettext_noop(message: str) -> str:
    """Mark ``message`` for translation; it is translated where it is shown."""
    return message


class UserInputError(ValueError):
    """An error whose message is written for the person who caused it.

    ``template`` is the untranslated message, with ``%(name)s`` fields when ``params`` is not
    empty; ``params`` are the values of those fields (already formatted as text or numbers).
    """

    def __init__(self, template: str, **params: str | int | float) -> None:
        self.template = template
        self.params = params
        super().__init__(template % params if params else template)
