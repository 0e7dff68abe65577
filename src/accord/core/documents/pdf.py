"""Text out of PDF files with pypdf, bounded in work and time before and while it is read.

pypdf is pure Python: text extraction costs microseconds per byte of decompressed page
content, and a page that draws the same form many times is parsed as often. A crafted file of
65 kB (ten pages of 2 MB content streams) cost a minute of CPU. So before any text is
extracted, :func:`extract_pdf` measures every page's *work* — the decompressed bytes of its
content streams, of each form XObject as many times as the page draws it, and of its fonts'
character maps — and refuses a page or a file over :class:`PdfLimits`. While text is
extracted, pypdf's own limits bound one stream (tokens, decompressed size, form invocations)
and a deadline is checked before every operator and between pages.
"""

from __future__ import annotations

import io
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pypdf import PdfReader, apply_configuration, get_configuration
from pypdf.errors import LimitReachedError
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, StreamObject

from accord.core.documents.model import (
    DEFAULT_MAX_PAGES,
    MEGABYTE,
    DocumentError,
    ExtractedDocument,
)
from accord.core.documents.plaintext import blocks
from accord.core.messages import gettext_noop

UNREADABLE = gettext_noop("This PDF could not be read.")
_LOCKED = gettext_noop("This PDF is password-protected; upload a copy without a password.")
_PAGE_TOO_BIG = gettext_noop(
    "Page %(page)s of this PDF has too much content to read (more than %(limit)s)."
)
_TOO_BIG = gettext_noop("This PDF has too much content to read (more than %(limit)s in all).")
_TOO_COMPLEX = gettext_noop("Page %(page)s of this PDF is too complex to read.")
_TOO_SLOW = gettext_noop(
    "This PDF takes too long to read (more than %(seconds)s seconds); upload a shorter "
    "file, or its text as a Word (.docx) or plain-text file."
)
_ENCRYPTED_TOO_BIG = gettext_noop(
    "This PDF is encrypted and larger than %(limit)s; save a copy without a password or "
    "restrictions and upload it again."
)
_TOO_MANY_PAGES = gettext_noop("This PDF has %(pages)s pages; the limit is %(limit)s.")

KILOBYTE = 1024
# A form XObject drawn with "/Name Do"; names may escape characters as #xx.
_DO = re.compile(rb"/([^\s/\[\]()<>{}%]+)\s*Do(?![^\s/\[\]()<>{}%])")
_MAX_FORM_DEPTH = 12


@dataclass(frozen=True, slots=True)
class PdfLimits:
    """Bounds on reading one PDF.

    Work is counted in decompressed bytes: a page's content streams, each form XObject once
    per time the page (or a form it draws) draws it, the character maps (``ToUnicode``) of
    the fonts they use, and, once per file, the embedded Type 1 font programs pypdf reads an
    encoding from. ``max_page_work`` bounds one page and ``max_work`` the whole file;
    both are checked before any text is extracted. ``max_stream_tokens`` is pypdf's parsing
    budget for one content stream (a dense page of UN text has about 12,000 tokens), and
    ``max_form_invocations`` its cap on forms drawn while one page is read.
    ``max_encrypted_bytes`` bounds encrypted files (their streams are decrypted in pure
    Python, about a second per megabyte). ``seconds`` is the time the whole extraction may
    take (``None``: no deadline).
    """

    max_pages: int = DEFAULT_MAX_PAGES
    max_page_work: int = 512 * KILOBYTE
    max_work: int = 16 * MEGABYTE
    max_stream_tokens: int = 50_000
    max_form_invocations: int = 200
    max_encrypted_bytes: int = 2 * MEGABYTE
    seconds: float | None = 20.0


#: Defaults for a reader that may take its time (a job, the command line).
PDF_LIMITS = PdfLimits()


def _size(n: int) -> str:
    if n >= MEGABYTE:
        return f"{n / MEGABYTE:g} MB"
    return f"{max(1, round(n / KILOBYTE))} KB"


class _TimeUp(Exception):
    """Raised from pypdf's operator callback; pypdf swallows it inside a form, and the next
    operator of the page raises it again."""


def _resolve(value: Any) -> Any:
    return value.get_object() if hasattr(value, "get_object") else value


def _dict(value: Any, key: str) -> DictionaryObject:
    found = _resolve(value.get(key)) if isinstance(value, DictionaryObject) else None
    return found if isinstance(found, DictionaryObject) else DictionaryObject()


def _name(raw: bytes) -> str:
    """A name as pypdf reads it: ``#xx`` escapes undone, then decoded as pypdf tries."""
    unescaped = NameObject.unnumber(b"/" + raw)
    for charset in NameObject.CHARSETS:
        try:
            return unescaped.decode(charset)
        except UnicodeDecodeError:
            continue
    return unescaped.decode("charmap")


def _form_names(data: bytes) -> dict[str, int]:
    """How many times each XObject name is drawn (``/Fm1 Do``) in a content stream."""
    counts: dict[str, int] = {}
    for match in _DO.finditer(data):
        name = _name(match[1])
        counts[name] = counts.get(name, 0) + 1
    return counts


class _PageWork:
    """The work of one page (see :class:`PdfLimits`), stopping as soon as it passes ``limit``."""

    def __init__(
        self, limit: int, check_time: Callable[[], None], programs: set[int] | None = None
    ) -> None:
        self.limit = limit
        self.check_time = check_time
        self.total = 0
        self._memo: dict[int, int] = {}
        self._fonts: set[int] = set()
        # Embedded font programs pypdf reads for an encoding: parsed once per file (it caches
        # them), so counted on the first page that uses each.
        self._programs = programs if programs is not None else set()

    def add(self, amount: int) -> None:
        self.total += amount
        if self.total > self.limit:
            raise _OverLimit

    def fonts(self, resources: DictionaryObject) -> None:
        for font in _dict(resources, "/Font").values():
            font = _resolve(font)
            if not isinstance(font, DictionaryObject) or id(font) in self._fonts:
                continue
            self._fonts.add(id(font))
            cmap = _resolve(font.get("/ToUnicode"))
            if isinstance(cmap, StreamObject):
                self.add(len(cmap.get_data()))
            elif font.get("/Subtype") == "/Type1":
                self.programs(_dict(font, "/FontDescriptor"))

    def programs(self, descriptor: DictionaryObject) -> None:
        for key in ("/FontFile", "/FontFile3"):
            program = _resolve(descriptor.get(key))
            if isinstance(program, StreamObject) and id(program) not in self._programs:
                self._programs.add(id(program))
                self.add(len(program.get_data()))

    def stream(
        self, data: bytes, resources: DictionaryObject, depth: int, active: set[int]
    ) -> None:
        """Count ``data`` and, recursively, the forms it draws (times each is drawn)."""
        self.check_time()
        self.add(len(data))
        self.fonts(resources)
        names = _form_names(data)
        if not names:
            return
        xobjects = _dict(resources, "/XObject")
        for name, times in names.items():
            try:
                form = _resolve(xobjects.get(name))
            except LimitReachedError:
                continue  # an image too large to read: pypdf skips it too
            if not isinstance(form, StreamObject) or form.get("/Subtype") != "/Form":
                continue
            if id(form) in active or depth >= _MAX_FORM_DEPTH:
                continue  # pypdf skips cyclic forms
            cost = self._memo.get(id(form))
            if cost is None:
                inner = _PageWork(self.limit, self.check_time, self._programs)
                inner._memo = self._memo
                inner._fonts = self._fonts
                inner.stream(
                    form.get_data(), _dict(form, "/Resources"), depth + 1, active | {id(form)}
                )
                cost = self._memo[id(form)] = inner.total
            self.add(cost * times)


class _OverLimit(Exception):
    pass


def _page_contents(page: Any) -> bytes:
    contents = _resolve(page.get("/Contents"))
    if isinstance(contents, StreamObject):
        return bytes(contents.get_data())
    if isinstance(contents, ArrayObject):
        parts = [_resolve(part) for part in contents]
        return b"\n".join(bytes(p.get_data()) for p in parts if isinstance(p, StreamObject))
    return b""


def _check_work(reader: PdfReader, limits: PdfLimits, check_time: Callable[[], None]) -> None:
    total = 0
    programs: set[int] = set()
    for number, page in enumerate(reader.pages, start=1):
        work = _PageWork(limits.max_page_work, check_time, programs)
        try:
            resources = _dict(page, "/Resources")
            inherited = page.get_inherited("/Resources", None)
            if not resources and isinstance(_resolve(inherited), DictionaryObject):
                resources = _resolve(inherited)
            work.stream(_page_contents(page), resources, 0, set())
        except (_OverLimit, LimitReachedError) as error:
            raise DocumentError(
                _PAGE_TOO_BIG, page=number, limit=_size(limits.max_page_work)
            ) from error
        total += work.total
        if total > limits.max_work:
            raise DocumentError(_TOO_BIG, limit=_size(limits.max_work))


def _unlock(reader: PdfReader, data: bytes, limits: PdfLimits) -> None:
    if not reader.is_encrypted:
        return
    if len(data) > limits.max_encrypted_bytes:
        raise DocumentError(_ENCRYPTED_TOO_BIG, limit=_size(limits.max_encrypted_bytes))
    # Many PDFs are "encrypted" only with an empty user password (print restrictions).
    try:
        unlocked = reader.decrypt("")
    except Exception as error:  # unsupported cipher, missing crypto library
        raise DocumentError(_LOCKED) from error
    if not unlocked:
        raise DocumentError(_LOCKED)


def extract_pdf(
    data: bytes, *, max_pages: int | None = None, limits: PdfLimits = PDF_LIMITS
) -> ExtractedDocument:
    """Extract the text of every page, pages joined by a blank line.

    Raises ``DocumentError`` for damaged or password-protected files and for files over
    ``limits`` (``max_pages``, when given, overrides ``limits.max_pages``): more pages, more
    work per page or in all, a page pypdf cannot parse within its token budget, or more time
    than ``limits.seconds``. The work is measured before any text is extracted, so such files
    are refused in milliseconds; only the deadline needs the time it allows. A PDF of scanned
    images yields empty text, not an error. Deterministic, apart from the deadline.
    """
    page_limit = limits.max_pages if max_pages is None else max_pages
    started = time.perf_counter()
    deadline = None if limits.seconds is None else started + limits.seconds

    def check_time(*_: Any) -> None:
        if deadline is not None and time.perf_counter() > deadline:
            raise _TimeUp

    configuration = get_configuration().with_overwrites(
        stream_parsing_work_maximum_count=limits.max_stream_tokens,
        xform_maximum_invocations_per_extraction=limits.max_form_invocations,
        # One stream never inflates past the file's work limit, nor is read past the file.
        zlib_maximum_output_length=limits.max_work + 1,
        maximum_declared_stream_length=max(len(data), 1),
    )
    reading = 0  # the page being read, for the message
    try:
        with apply_configuration(configuration):
            reader = PdfReader(io.BytesIO(data))
            _unlock(reader, data, limits)
            page_count = len(reader.pages)
            if page_count > page_limit:
                raise DocumentError(
                    _TOO_MANY_PAGES, pages=f"{page_count:,}", limit=f"{page_limit:,}"
                )
            _check_work(reader, limits, check_time)
            pages = []
            for page in reader.pages:
                reading += 1
                check_time()
                pages.append(page.extract_text(visitor_operand_before=check_time) or "")
    except DocumentError:
        raise
    except _TimeUp as error:
        raise DocumentError(_TOO_SLOW, seconds=f"{limits.seconds:g}") from error
    except LimitReachedError as error:
        if reading:
            raise DocumentError(_TOO_COMPLEX, page=reading) from error
        raise DocumentError(_TOO_BIG, limit=_size(limits.max_work)) from error
    except Exception as error:  # pypdf raises many types on damaged input, not only PdfReadError
        raise DocumentError(UNREADABLE) from error
    paragraphs = tuple(paragraph for page in pages for paragraph in blocks(page))
    return ExtractedDocument(
        kind="pdf", text="\n\n".join(paragraphs), paragraphs=paragraphs, page_count=page_count
    )
