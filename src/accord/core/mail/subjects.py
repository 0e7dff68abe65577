"""Subject normalisation for threading by subject."""

from __future__ import annotations

import re

# Reply and forward prefixes in the languages working-group members write in:
# English, German (AW, WG), Nordic (SV, VS), Dutch (Antw), French (TR), Polish (ODP),
# Italian (RIF), Portuguese (RES), Chinese (答复, 回复, 转发, 回覆). Counters such as
# "Re[2]:" or "Re^2:" are allowed, as is a full-width colon.
_REPLY_WORDS = r"re|aw|sv|vs|antw|odp|rif|res|答复|回复|回覆"
_FORWARD_WORDS = r"fwd?|wg|tr|转发|轉發"
_COUNTER = r"(?:\s*\[\d+\]|\s*\(\d+\)|\^\d+)?"
# Every leading prefix at once (possessive: each is taken whole and never tried again);
# removing one prefix per pass and then searching the whole subject for "(fwd)" was
# quadratic in a subject of thousands of "Re:".
_PREFIXES = re.compile(
    rf"(?:\s*(?:(?:{_REPLY_WORDS}|{_FORWARD_WORDS}){_COUNTER}\s*[:：]|\[[^\]]*+\])\s*)*+",
    re.IGNORECASE,
)
_REPLY_OR_FORWARD = re.compile(
    rf"\s*(?:{_REPLY_WORDS}|{_FORWARD_WORDS}){_COUNTER}\s*[:：]", re.IGNORECASE
)
_TAGS = re.compile(r"(?:\s*\[[^\]]*+\]\s*)*+")
_WS = re.compile(r"\s+")


def normalise_subject(subject: str) -> str:
    """The subject without reply/forward prefixes, list tags and extra white space.

    ``"[WG-Report] Re: RE: Fwd:  Draft  report v2"`` → ``"Draft report v2"``. Prefixes
    are removed repeatedly and in any mix; case is kept (comparisons in this package
    use ``casefold()``). A trailing ``(fwd)`` is removed too. Deterministic, never raises.
    """
    text = _WS.sub(" ", subject).strip()
    previous = None
    while previous != text:
        previous = text
        prefixes = _PREFIXES.match(text)
        text = text[prefixes.end() if prefixes else 0 :]
        text = text[: _before_fwd_suffixes(text)]
    return text.strip()


def _before_fwd_suffixes(text: str) -> int:
    """Where the trailing "(fwd)"s and "(fw)"s (and the space before them) begin."""
    end = stop = len(text)
    while True:
        while end and text[end - 1].isspace():
            end -= 1
        if text[max(0, end - 5) : end].lower() == "(fwd)":
            stop = end = end - 5
        elif text[max(0, end - 4) : end].lower() == "(fw)":
            stop = end = end - 4
        else:
            return stop


def has_reply_prefix(subject: str) -> bool:
    """Whether the subject, after any list tags, starts with a reply or forward prefix."""
    tags = _TAGS.match(subject)
    return bool(_REPLY_OR_FORWARD.match(subject, tags.end() if tags else 0))
