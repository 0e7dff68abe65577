"""Result types and the one error of transcript parsing."""

from __future__ import annotations

from dataclasses import dataclass

from accord.core.messages import UserInputError

#: The format names :func:`accord.core.transcripts.parse_transcript` understands.
FORMATS: tuple[str, ...] = ("captioning", "colon", "timestamped", "srt")

#: Speaker given to a captioning turn that starts with a bare ``>>`` (no name).
UNKNOWN_SPEAKER = "Unknown speaker"


class TranscriptFormatError(UserInputError):
    """The text is not a transcript in a format accord can read, or is too long to read.

    The message is written for the person who uploaded the file and can be shown as is
    (``template`` and ``params`` translate it: see :mod:`accord.core.messages`).
    """


@dataclass(frozen=True, slots=True)
class TranscriptLimits:
    """Bounds on one transcript, checked before it is parsed (characters, lines) and before
    its turns are returned (turns). A day of real-time captioning has a few thousand lines
    and a few hundred turns."""

    max_chars: int = 5_000_000
    max_lines: int = 30_000
    max_turns: int = 10_000


TRANSCRIPT_LIMITS = TranscriptLimits()


@dataclass(frozen=True, slots=True)
class Turn:
    """One speaker turn.

    ``index`` is the 0-based position in the transcript. ``speaker`` is the label as written
    (``"BRAZIL"``, ``"Mr. Chair"``), not yet matched to a member; see ``SpeakerMatcher``.
    ``time_offset`` is in seconds: from the start of the recording when the file gives elapsed
    times (SRT cues, ``[00:12:31]``), from the first turn when it gives clock times, ``None``
    when the format carries no time. ``time_of_day`` is the 24-hour clock time ``"HH:MM:SS"``
    when the file gives one, else ``None``.
    """

    index: int
    speaker: str
    text: str
    time_offset: float | None = None
    time_of_day: str | None = None


@dataclass(frozen=True, slots=True)
class ParsedTranscript:
    """A transcript split into turns, in order.

    ``format`` is one of :data:`FORMATS`. ``preamble`` keeps any text before the first turn
    (a title, a captioning disclaimer, a WEBVTT header) so that no input is silently dropped.
    """

    format: str
    turns: tuple[Turn, ...]
    preamble: str = ""

    @property
    def speakers(self) -> tuple[str, ...]:
        """Distinct speaker labels in order of first appearance."""
        return tuple(dict.fromkeys(turn.speaker for turn in self.turns))
