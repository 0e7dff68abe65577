"""Match transcript speaker labels to members and roles of a working group."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Hashable, Iterable, Mapping
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)

# Words a captioner or secretariat puts around a delegation's or person's name. Stripped from
# the front (repeatedly) and, for the last group, from the end. Multi-word phrases first.
_PREFIXES: tuple[tuple[str, ...], ...] = tuple(
    tuple(phrase.split())
    for phrase in (
        "the distinguished delegate of",
        "the distinguished representative of",
        "distinguished delegate of",
        "distinguished delegation of",
        "distinguished representative of",
        "the representative of",
        "the delegate of",
        "the delegation of",
        "representative of",
        "delegate of",
        "delegation of",
        "his excellency",
        "her excellency",
        "h e",
        "excellency",
        "ambassador of",
        "ambassador",
        "amb",
        "honourable",
        "honorable",
        "hon",
        "mr",
        "mrs",
        "ms",
        "miss",
        "mx",
        "dr",
        "prof",
        "professor",
        "sir",
        "madam",
        "madame",
        "mister",
        "the",
        "speaker from",
        "speaker for",
    )
)
_SUFFIXES = frozenset({"delegation", "delegate", "representative"})
_PARENTHESES = re.compile(r"\([^)]*\)|\[[^\]]*\]")


def normalise_speaker(name: str) -> str:
    """Reduce a label to its core words: ``">>H.E. Ambassador of BRAZIL:"`` → ``"brazil"``.

    Case-folds, strips accents and punctuation, then drops honorifics and phrases such as
    "Distinguished delegate of" from the front and "delegation" from the end.
    """
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    words = re.sub(r"[^\w]+", " ", plain).split()
    changed = True
    while changed and words:
        changed = False
        for prefix in _PREFIXES:
            if len(words) > len(prefix) and tuple(words[: len(prefix)]) == prefix:
                words = words[len(prefix) :]
                changed = True
                break
        if len(words) > 1 and words[-1] in _SUFFIXES:
            words = words[:-1]
            changed = True
    return " ".join(words)


class SpeakerMatcher(Generic[K]):
    """Map speaker labels to candidate keys (member codes, role names, ids).

    ``candidates`` maps each key to its aliases, e.g. ``{"BRA": ["Brazil", "BRA"],
    "chair": ["Chair", "Madam Chair"]}``; keys are not aliases of themselves. Labels and aliases
    are compared after :func:`normalise_speaker`, so ``">>BRAZIL:"``, ``"DELEGATE OF BRAZIL"``
    and ``"Mr. Chair"`` match. A label that fits aliases of two different keys is ambiguous
    and matches nothing. Deterministic; construction is O(total aliases), ``match`` is O(1)
    in the number of candidates.
    """

    def __init__(self, candidates: Mapping[K, Iterable[str]]) -> None:
        self._index: dict[str, set[K]] = {}
        for key, aliases in candidates.items():
            for alias in aliases:
                normal = normalise_speaker(alias)
                if normal:
                    self._index.setdefault(normal, set()).add(key)

    def _lookup(self, normal: str) -> tuple[bool, K | None]:
        """``(found, key)``: found is True when the form is known, even if ambiguous."""
        keys = self._index.get(normal)
        if not keys:
            return False, None
        return True, next(iter(keys)) if len(keys) == 1 else None

    def match(self, speaker_name: str) -> K | None:
        """Return the key whose alias matches ``speaker_name``, or ``None`` (unknown/ambiguous).

        Tries the whole label, then the label without parenthesised parts, so that
        ``"CHAIR (Brazil)"`` is the chair and ``"Brazil (on behalf of G77)"`` is Brazil.
        """
        found, key = self._lookup(normalise_speaker(speaker_name))
        if found:
            return key
        without_notes = _PARENTHESES.sub(" ", speaker_name)
        if without_notes != speaker_name:
            return self._lookup(normalise_speaker(without_notes))[1]
        return None
