"""Speaker labels that say whom a delegation speaks for: ``NORWAY, ON BEHALF OF EIG``.

Only the phrase "on behalf of" (and "speaking for", French "au nom de", Spanish "en nombre de",
"en representación de") splits a label; a bare "of" never does, so "REPUBLIC OF KOREA" and
"Distinguished delegate of Brazil" stay whole.
"""

from __future__ import annotations

import re
from typing import NamedTuple


class SpeakerLabel(NamedTuple):
    """A label split into who speaks and the group they speak for.

    ``speaker`` is the delegation or person as written (``"SOUTH AFRICA"``, ``"the
    distinguished delegate of Brazil"``); it is ``""`` when the label names only the group
    (``"ON BEHALF OF THE AFRICAN GROUP"``). ``on_behalf_of`` is the group as written
    (``"THE G77 AND CHINA"``), or ``None`` when the label speaks for nobody else.
    """

    speaker: str
    on_behalf_of: str | None


# The phrase; French and Spanish take their article with them ("au nom du", "en nombre de la").
_MARKER = (
    r"(?:(?:on\s+behalf\s+of|speaking\s+for)(?![\w'’])"
    r"|au\s+nom\s+(?:de\s+la\s|de\s+l['’]|du\s|des\s|de\s|d['’])"
    r"|en\s+(?:nombre|representaci[oó]n)\s+(?:de\s+la\s|de\s+los\s|de\s+las\s|del\s|de\s))"
)
# What may stand just before it: "Brazil, also speaking on behalf of".
_LEAD_IN = r"(?:(?:also|and|jointly|speaking|parlant|hablando|for\s+and|et|y|aussi|también)\s+)*"
_SPEAKER_FIRST = re.compile(
    rf"(?P<speaker>.*?)(?:^|[\s,;(\[–—-]+)(?<![\w'’]){_LEAD_IN}{_MARKER}\s*(?P<group>.*)",
    re.IGNORECASE | re.DOTALL,
)
# "Speaking for the African Group, Nigeria", "On behalf of the G77 and China — South Africa".
_GROUP_FIRST = re.compile(
    rf"\s*(?:speaking\s+|parlant\s+|hablando\s+)?{_MARKER}\s*(?P<group>[^,;]+?)"
    r"(?:\s*[,;]\s*|\s+[-–—]\s+)(?P<speaker>[^,;]+?)\s*",
    re.IGNORECASE,
)
# "(ON BEHALF OF ITS MEMBER STATES)": the speaker's own group.
_REFLEXIVE = re.compile(
    r"(?:its|their|ses|leurs|sus|the)\s+(?:\d+\s+)?"
    r"(?:member\s+states?|members|member\s+countries|[ée]tats\s+membres|pays\s+membres"
    r"|estados\s+miembros|pa[ií]ses\s+miembros|membres|miembros)",
    re.IGNORECASE,
)
# A label longer than this is prose, not a speaker (the turn model keeps 300 characters).
_MAX_CHARS = 300
# Cheap test before the regular expressions: one of these must be in the label.
_MARKER_WORDS = ("behalf", "speaking for", "au nom", "en nombre", "en representaci")

# Separators left at the edges of either part; brackets are handled apart (kept when paired).
_EDGE = " \t\n,;:–—-"
_TRAILING_LEAD_IN = re.compile(
    r"(?:\s+(?:also|and|jointly|speaking|parlant|hablando|et|y|aussi|también))+$", re.IGNORECASE
)


def _clean(part: str) -> str:
    """Trim separators and unpaired brackets: ``"EIG)"`` → ``"EIG"``, while
    ``"Environmental Integrity Group (EIG)"`` keeps its pair."""
    part = part.strip(_EDGE)
    while part:
        opened = part.count("(") + part.count("[")
        closed = part.count(")") + part.count("]")
        if part[-1] in ")]" and closed > opened:
            part = part[:-1].rstrip(_EDGE)
        elif part[0] in "([" and opened > closed:
            part = part[1:].lstrip(_EDGE)
        else:
            break
    return " ".join(part.split())


def split_speaker_label(label: str) -> SpeakerLabel:
    """Split ``label`` into ``(speaker, on_behalf_of)``.

    ``"SOUTH AFRICA ON BEHALF OF THE G77 AND CHINA"`` → ``("SOUTH AFRICA", "THE G77 AND
    CHINA")``; ``"NORWAY, ON BEHALF OF EIG"`` → ``("NORWAY", "EIG")``; ``"Speaking for the
    African Group, Nigeria"`` → ``("Nigeria", "the African Group")``; ``"EUROPEAN UNION (ON
    BEHALF OF ITS MEMBER STATES)"`` → ``("EUROPEAN UNION", "EUROPEAN UNION")`` (a delegation
    speaking for its own member States speaks for the group it forms). A label without such a
    phrase, or with nothing after it, is returned whole (spaces collapsed) with ``None``.
    Pure and total: any string gives a result, never an exception; labels over 300 characters
    are not split.
    """
    whole = " ".join(label.split())
    folded = whole.casefold()
    if len(whole) > _MAX_CHARS or not any(word in folded for word in _MARKER_WORDS):
        return SpeakerLabel(whole, None)
    group_first = _GROUP_FIRST.fullmatch(whole)
    if group_first is not None:
        speaker, group = _clean(group_first["speaker"]), _clean(group_first["group"])
        if speaker and group and not _REFLEXIVE.fullmatch(group):
            return SpeakerLabel(speaker, group)
    found = _SPEAKER_FIRST.fullmatch(whole)
    if found is None:
        return SpeakerLabel(whole, None)
    speaker = _clean(_TRAILING_LEAD_IN.sub("", found["speaker"]))
    group = _clean(found["group"])
    if not group:
        return SpeakerLabel(whole, None)
    if _REFLEXIVE.fullmatch(group):
        return SpeakerLabel(speaker, speaker) if speaker else SpeakerLabel(whole, None)
    return SpeakerLabel(speaker, group)
