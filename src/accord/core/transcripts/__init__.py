"""Parse meeting transcripts into speaker turns and match speakers to members.

Pure Python (no Django). Formats: real-time captioning (``>>SPEAKER:``), ``SPEAKER: text``,
``[time] Name: text`` and SRT cues; see :func:`parse_transcript`.
"""

from accord.core.transcripts.model import (
    FORMATS,
    UNKNOWN_SPEAKER,
    ParsedTranscript,
    TranscriptFormatError,
    Turn,
)
from accord.core.transcripts.parse import detect_format, parse_transcript
from accord.core.transcripts.speakers import SpeakerMatcher, normalise_speaker

__all__ = [
    "FORMATS",
    "UNKNOWN_SPEAKER",
    "ParsedTranscript",
    "SpeakerMatcher",
    "TranscriptFormatError",
    "Turn",
    "detect_format",
    "normalise_speaker",
    "parse_transcript",
]
