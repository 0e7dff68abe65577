"""How mail is shown to people without a role: names yes, e-mail addresses never in full."""

from __future__ import annotations

import re

# "jane.doe@example.org" and the pipermail form "jane.doe at example.org".
_DOMAIN = r"(?P<at>@| at )(?P<domain>[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,})\b"
# A local part is a whole run of [\w.+-]: it starts only where such a run starts (the
# look-behind) and is taken whole (possessive). Tried at every position inside a long
# word, "[\w.+-]+" ran to the word's end each time: quadratic, seconds on one page view.
_ADDRESS = re.compile(r"(?<![\w.+-])(?P<local>[\w.+-]++)" + _DOMAIN)
_ADDRESS_HERE = re.compile(r"(?P<local>[\w.+-]++)" + _DOMAIN)
# What may follow an address and begin the next local part at once ("a@b.org-x@c.org").
_GLUE = frozenset(".+-")


def _masked(match: re.Match[str]) -> str:
    return f"{match['local'][0]}…@{match['domain']}"


def mask_addresses(text: str) -> str:
    """Keep the first letter of each address's local part: ``j…@example.org``.

    Applied to bodies on public pages and in the public search index: list archives quote
    addresses in every "X wrote:" line, and a public site should not be a harvest for them.
    Linear in the length of ``text``. Masks exactly what ``[\\w.+-]+(@| at )<domain>``
    replaced from left to right: a local part also begins right where an address ends
    (``a@b.org-x@c.org``), which the look-behind alone would miss, so that position is
    tried there.
    """
    parts: list[str] = []
    done = 0
    glued = False
    while True:
        if glued:
            match = _ADDRESS_HERE.match(text, done)
            if match is not None:
                parts += (text[done : match.start()], _masked(match))
                done = match.end()
                glued = text[done : done + 1] in _GLUE
                continue
        for match in _ADDRESS.finditer(text, done):
            parts += (text[done : match.start()], _masked(match))
            done = match.end()
            glued = text[done : done + 1] in _GLUE
            if glued:
                break
        else:
            break
    if not parts:
        return text
    parts.append(text[done:])
    return "".join(parts)


def public_sender(name: str, email: str) -> str:
    """The sender as the public sees it: the display name, else only the address's domain."""
    if name.strip():
        return name.strip()
    domain = email.rpartition("@")[2]
    return f"a sender at {domain}" if domain else "unknown sender"
