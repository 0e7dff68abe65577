"""What an imported draft is made of, and the one error a user can cause importing it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, TypeAlias

from accord.core.messages import UserInputError

Kind: TypeAlias = Literal["heading", "pp", "op", "text"]


class DraftImportError(UserInputError):
    """The file cannot be imported as a draft; the message can be shown to the uploader
    (``template`` and ``params`` translate it: see :mod:`accord.core.messages`)."""


@dataclass(frozen=True, slots=True)
class Footnote:
    label: str
    text: str


@dataclass(frozen=True, slots=True)
class ImportedParagraph:
    """One paragraph: its kind, text (brackets and footnote markers ``[^n]`` kept),
    the UN id written in the source (``OP7bis``, or ``OP48bis`` for a paragraph numbered
    "48 bis.") if any, the number as printed (normalised: "48 bis."), footnotes."""

    kind: Kind
    text: str
    label: str | None = None
    number: str = ""
    footnotes: tuple[Footnote, ...] = ()


@dataclass(frozen=True, slots=True)
class Block:
    """A paragraph as read from the source, before it is classified (see ``classify``)."""

    text: str
    heading: bool = False
    numbered: bool = False
    number: str = ""
    label: str | None = None
    italic_start: bool = False
