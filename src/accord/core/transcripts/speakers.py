"""Match transcript speaker labels to members and roles, and to negotiating groups."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from typing import Generic, TypeVar

from accord.core.transcripts.behalf import split_speaker_label

K = TypeVar("K", bound=Hashable)
G = TypeVar("G", bound=Hashable)

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
_PARENTHESISED = re.compile(r"\(([^)]*)\)|\[([^\]]*)\]")
# French and Spanish articles before a group's name ("du Groupe africain", "del Grupo").
_GROUP_ARTICLES: tuple[tuple[str, ...], ...] = tuple(
    tuple(phrase.split())
    for phrase in (
        "de la",
        "de los",
        "de las",
        "du",
        "des",
        "del",
        "de",
        "d",
        "l",
        "le",
        "la",
        "les",
        "el",
        "los",
        "las",
    )
)


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
        ``"CHAIR (Brazil)"`` is the chair and ``"Brazil (on behalf of G77)"`` is Brazil, then
        the speaker part of an "on behalf of" label (``"NORWAY, ON BEHALF OF EIG"`` is
        Norway; see :func:`match_label` for the group too).
        """
        found, key = self._lookup(normalise_speaker(speaker_name))
        if found:
            return key
        without_notes = _PARENTHESES.sub(" ", speaker_name)
        if without_notes != speaker_name:
            found, key = self._lookup(normalise_speaker(without_notes))
            if found:
                return key
        speaker_part, group_part = split_speaker_label(speaker_name)
        if group_part is not None and speaker_part:
            return self.match(speaker_part)
        return None


def normalise_group(name: str) -> str:
    """Reduce a negotiating group's name to its core words, like :func:`normalise_speaker`.

    ``"the G77 and China"``, ``"G77 AND CHINA"``, ``"G-77 & China"`` → ``"g77 and china"``;
    French and Spanish articles go too (``"du Groupe africain"`` → ``"groupe africain"``).
    "Group of 77 and China" stays itself: such long forms match when listed as aliases.
    """
    words = normalise_speaker(name.replace("&", " and ")).split()
    for article in _GROUP_ARTICLES:
        if len(words) > len(article) and tuple(words[: len(article)]) == article:
            words = words[len(article) :]
            break
    # "G 77" (from "G-77") is "G77".
    return re.sub(r"\b([a-z]) (\d+)\b", r"\1\2", " ".join(words))


class GroupMatcher(Generic[G]):
    """Map the group part of a label (``"THE G77 AND CHINA"``) to a negotiating group's key.

    ``candidates`` maps each key to the group's names: name, short name, aliases. Names are
    compared after :func:`normalise_group`; a name with a bracketed abbreviation
    ("Environmental Integrity Group (EIG)") is also known without it and by the abbreviation.
    A form two groups share is ambiguous and matches nothing. Deterministic.
    """

    def __init__(self, candidates: Mapping[G, Iterable[str]]) -> None:
        self._index: dict[str, set[G]] = {}
        for key, names in candidates.items():
            for name in names:
                for form in _group_forms(name):
                    self._index.setdefault(form, set()).add(key)

    def match(self, group_name: str | None) -> G | None:
        """The key of the group called ``group_name``, or ``None`` (unknown, ambiguous, empty).

        Tries the whole name, then without bracketed parts, then each bracketed part, so that
        ``"the Environmental Integrity Group (EIG)"`` and ``"G77 and China (cont.)"`` match.
        """
        if not group_name:
            return None
        for form in _group_forms(group_name):
            keys = self._index.get(form)
            if keys:
                return next(iter(keys)) if len(keys) == 1 else None
        return None


def _group_forms(name: str) -> list[str]:
    """The normal forms a group name is known by, most specific first, without empties."""
    forms = [normalise_group(name), normalise_group(_PARENTHESES.sub(" ", name))]
    for found in _PARENTHESISED.finditer(name):
        forms.append(normalise_group(found[1] if found[1] is not None else found[2]))
    return [form for form in dict.fromkeys(forms) if form]


@dataclass(frozen=True, slots=True)
class LabelMatch(Generic[K, G]):
    """What a speaker label was matched to.

    ``speaker`` is the member or role key (``None`` when unknown); ``on_behalf_of`` is the
    negotiating group's key (``None`` when the label speaks for no group or for one not known).
    ``speaker_part`` and ``group_part`` are the label's two parts as written (see
    :func:`~accord.core.transcripts.behalf.split_speaker_label`); ``group_part`` is ``None``
    when the label has no "on behalf of".
    """

    speaker: K | None
    on_behalf_of: G | None
    speaker_part: str
    group_part: str | None


def match_label(
    label: str, speakers: SpeakerMatcher[K], groups: GroupMatcher[G]
) -> LabelMatch[K, G]:
    """Match a whole label: its speaker part to a member or role, its group part to a group.

    ``"SOUTH AFRICA ON BEHALF OF THE G77 AND CHINA"`` → South Africa's key and the G77's.
    A group part that names no negotiating group keeps the speaker and leaves the group
    ``None``; if the speaker part is unknown but the group part is a member ("Ms. Lima on
    behalf of Brazil"), that member is the speaker. A label that is only a group's name
    (``"G77 AND CHINA"``) gives the group and no speaker, unless a member or role has that name.
    """
    speaker_part, group_part = split_speaker_label(label)
    if group_part is None:
        speaker = speakers.match(label)
        group = groups.match(label) if speaker is None else None
        return LabelMatch(speaker, group, speaker_part, None)
    speaker = speakers.match(speaker_part) if speaker_part else None
    group = groups.match(group_part)
    if speaker is None and group is None:
        speaker = speakers.match(group_part)
    return LabelMatch(speaker, group, speaker_part, group_part)
