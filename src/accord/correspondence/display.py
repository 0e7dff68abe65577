"""How mail is shown to people without a role: names yes, e-mail addresses never in full."""

from __future__ import annotations

import re

# "jane.doe@example.org" and the pipermail form "jane.doe at example.org".
_ADDRESS = re.compile(
    r"(?P<local>[\w.+-]+)(?P<at>@| at )(?P<domain>[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,})\b"
)


def mask_addresses(text: str) -> str:
    """Keep the first letter of each address's local part: ``j…@example.org``.

    Applied to bodies on public pages and in the public search index: list archives quote
    addresses in every "X wrote:" line, and a public site should not be a harvest for them.
    """
    return _ADDRESS.sub(lambda m: f"{m['local'][0]}…@{m['domain']}", text)


def public_sender(name: str, email: str) -> str:
    """The sender as the public sees it: the display name, else only the address's domain."""
    if name.strip():
        return name.strip()
    domain = email.rpartition("@")[2]
    return f"a sender at {domain}" if domain else "unknown sender"
