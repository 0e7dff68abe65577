"""Parse meeting transcripts into speaker turns and match speakers to members.

Pure Python (no Django). Formats: real-time captioning (``>>SPEAKER:``), ``SPEAKER: text``,
``[time] Name: text`` and SRT cues; see :func:`parse_transcript`. A label such as
``NORWAY, ON BEHALF OF EIG`` splits into the speaker and the negotiating group it speaks for
(:func:`split_speaker_label`); :func:`match_label` matches both.
"""

from accord.core.transcripts.behalf import SpeakerLabel, split_speaker_label
from accord.core.transcripts.model import (
    FORMATS,
    TRANSCRIPT_LIMITS,
    UNKNOWN_SPEAKER,
    ParsedTranscript,
    TranscriptFormatError,
    TranscriptLimits,
    Turn,
)
from accord.core.transcripts.parse import check_transcript_size, detect_format, parse_transcript
from accord.core.transcripts.speakers import (
    GroupMatcher,
    LabelMatch,
    SpeakerMatcher,
    match_label,
    normalise_group,
    normalise_speaker,
)

__all__ = [
    "FORMATS",
    "TRANSCRIPT_LIMITS",
    "UNKNOWN_SPEAKER",
    "GroupMatcher",
    "LabelMatch",
    "ParsedTranscript",
    "SpeakerLabel",
    "SpeakerMatcher",
    "TranscriptFormatError",
    "TranscriptLimits",
    "Turn",
    "check_transcript_size",
    "detect_format",
    "match_label",
    "normalise_group",
    "normalise_speaker",
    "parse_transcript",
    "split_speaker_label",
]
