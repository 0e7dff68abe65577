"""UN paragraph identity: keys such as ``PP3``, ``OP7``, ``OP7bis``, ``OP7alt2``.

A key is a paragraph's identity and never changes once given; the number printed in a
document (``7.``) is display only and is recomputed by :func:`display_numbers`.

- :func:`parse_key` / :func:`format_key` — read and write keys (``ParagraphKey``);
- :func:`next_insertion_key` — the key for a paragraph inserted after another
  (``OP7`` → ``OP7bis`` → ``OP7ter`` …; past ``decies``, ``OP7.11``, ``OP7.12`` …);
- :func:`alternative_key` — the key for an alternative (``OP7`` → ``OP7alt`` → ``OP7alt2``);
- :func:`sort_key` — a default ordering of keys (document order is stored separately);
- :func:`display_numbers` — numbering for display in document order.

Example::

    >>> next_insertion_key("OP7", ["OP7", "OP8"])
    'OP7bis'
    >>> alternative_key("OP7", ["OP7", "OP7alt"])
    'OP7alt2'
"""

from accord.core.paragraph_ids.keys import (
    ORDINALS,
    PREFIXES,
    InvalidKey,
    ParagraphKey,
    alternative_key,
    append_key,
    display_numbers,
    format_key,
    is_valid_key,
    next_insertion_key,
    parse_key,
    sort_key,
)

__all__ = [
    "ORDINALS",
    "PREFIXES",
    "InvalidKey",
    "ParagraphKey",
    "alternative_key",
    "append_key",
    "display_numbers",
    "format_key",
    "is_valid_key",
    "next_insertion_key",
    "parse_key",
    "sort_key",
]
