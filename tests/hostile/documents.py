"""Hostile and odd document inputs, built in code: crafted PDFs, dense and bombed DOCX files,
XML declarations in parts not named ``.xml``, transcripts with too many turns.

Pure Python (pypdf, python-docx, zipfile): usable from ``tests/core`` (no Django) and from the
endpoint tests in ``tests/hostile``. Every builder is deterministic and makes a file of at
most a few hundred kilobytes however much work it asks of a reader; :data:`HOSTILE` names
them for parametrised tests, with the upload paths each one applies to.
"""

from __future__ import annotations

import functools
import io
import random
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass

from pypdf import PdfWriter
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    EncodedStreamObject,
    NameObject,
    NumberObject,
    StreamObject,
)

MB = 1024 * 1024
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MAIN_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
OFFICE_DOCUMENT = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
)


# --- PDF ----------------------------------------------------------------------------------


def _font(writer: PdfWriter) -> DictionaryObject:
    font = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject("/Helvetica"),
        }
    )
    return DictionaryObject({NameObject("/F1"): writer._add_object(font)})


def _stream(data: bytes) -> StreamObject:
    stream = DecodedStreamObject()
    stream.set_data(data)
    return stream.flate_encode(level=9)


def _repeat(unit: bytes, size: int) -> bytes:
    return b"BT /F1 12 Tf 72 720 Td " + unit * max(1, size // len(unit)) + b" ET"


def _read_name(written: str) -> str:
    """The name pypdf reads for a name written ``written`` (``#xx`` escapes undone)."""
    return NameObject.unnumber(written.encode()).decode("utf-8")


def crafted_pdf(pages: int = 10, content_bytes: int = 2 * MB, unit: bytes = b"(x)' ") -> bytes:
    """The attack of issue 10: ``pages`` pages whose content streams decompress to
    ``content_bytes`` of text operators each (``(x)'``: move to the next line, show "x").

    pypdf spends seconds per megabyte on such a page; compressed, ten 2 MB pages weigh a few
    tens of kilobytes.
    """
    writer = PdfWriter()
    for _ in range(pages):
        page = writer.add_blank_page(612, 792)
        page[NameObject("/Resources")] = DictionaryObject({NameObject("/Font"): _font(writer)})
        page[NameObject("/Contents")] = writer._add_object(_stream(_repeat(unit, content_bytes)))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def text_pdf(pages: int, lines_per_page: int = 40) -> bytes:
    """An ordinary PDF: ``pages`` pages of Helvetica lines of prose (numbered)."""
    writer = PdfWriter()
    for number in range(pages):
        page = writer.add_blank_page(612, 792)
        page[NameObject("/Resources")] = DictionaryObject({NameObject("/Font"): _font(writer)})
        lines = b"".join(
            b"(Paragraph %d.%d: the Working Group welcomes the contributions.) Tj T* "
            % (number + 1, line + 1)
            for line in range(lines_per_page)
        )
        body = b"BT /F1 10 Tf 12 TL 72 740 Td " + lines + b" ET"
        page[NameObject("/Contents")] = writer._add_object(_stream(body))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def form_amplified_pdf(
    invocations: int = 5_000, form_bytes: int = 100_000, name: str = "/Fm1"
) -> bytes:
    """One page that draws the same text-bearing form XObject ``invocations`` times.

    The page's own stream is small; each ``Do`` makes pypdf parse the form again. ``name`` is
    the form's resource name as the page writes it (``#xx`` escapes and UTF-8 allowed).
    """
    writer = PdfWriter()
    page = writer.add_blank_page(612, 792)
    form = _stream(_repeat(b"(a) Tj ", form_bytes))
    form[NameObject("/Type")] = NameObject("/XObject")
    form[NameObject("/Subtype")] = NameObject("/Form")
    form[NameObject("/BBox")] = ArrayObject([NumberObject(0)] * 2 + [NumberObject(612)] * 2)
    form[NameObject("/Resources")] = DictionaryObject({NameObject("/Font"): _font(writer)})
    page[NameObject("/Resources")] = DictionaryObject(
        {
            NameObject("/Font"): _font(writer),
            NameObject("/XObject"): DictionaryObject(
                {NameObject(_read_name(name)): writer._add_object(form)}
            ),
        }
    )
    drawn = name.encode() + b" Do "
    page[NameObject("/Contents")] = writer._add_object(_stream(drawn * invocations))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def font_program_pdf(megabytes: int = 2) -> bytes:
    """One page in a Type 1 font without a ``ToUnicode`` map, whose embedded font program is
    ``megabytes`` MB of ``dup`` lines: pypdf reads an encoding from it, line by line."""
    writer = PdfWriter()
    page = writer.add_blank_page(612, 792)
    program = _stream(b"/Encoding 256 array\n" + b"dup 65 /A put\n" * (megabytes * MB // 14))
    descriptor = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/FontDescriptor"),
            NameObject("/FontName"): NameObject("/Crafted"),
            NameObject("/FontFile"): writer._add_object(program),
        }
    )
    font = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject("/Crafted"),
            NameObject("/FontDescriptor"): writer._add_object(descriptor),
        }
    )
    fonts = DictionaryObject({NameObject("/F1"): writer._add_object(font)})
    page[NameObject("/Resources")] = DictionaryObject({NameObject("/Font"): fonts})
    page[NameObject("/Contents")] = writer._add_object(_stream(b"BT /F1 12 Tf (A) Tj ET"))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def deflate_bomb_pdf(megabytes: int = 100) -> bytes:
    """One page whose content stream inflates to ``megabytes`` MB of spaces (~100 kB file)."""
    compressor = zlib.compressobj(9)
    chunk = b" " * MB
    raw = b"".join(compressor.compress(chunk) for _ in range(megabytes)) + compressor.flush()
    writer = PdfWriter()
    page = writer.add_blank_page(612, 792)
    page[NameObject("/Resources")] = DictionaryObject({NameObject("/Font"): _font(writer)})
    stream = EncodedStreamObject()
    stream[NameObject("/Filter")] = NameObject("/FlateDecode")
    stream._data = raw
    page[NameObject("/Contents")] = writer._add_object(stream)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


# --- DOCX ---------------------------------------------------------------------------------


def _template_docx() -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph("Draft")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def rebuild_docx(
    base: bytes | None = None,
    *,
    replace: dict[str, bytes] | None = None,
    compression: int = zipfile.ZIP_DEFLATED,
) -> bytes:
    """Copy a DOCX (python-docx's template when ``base`` is None), replacing or adding parts."""
    replace = dict(replace or {})
    source = zipfile.ZipFile(io.BytesIO(base if base is not None else _template_docx()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression) as target:
        for info in source.infolist():
            data = replace.pop(info.filename, None)
            target.writestr(info.filename, data if data is not None else source.read(info))
        for name, data in replace.items():
            target.writestr(name, data)
    return out.getvalue()


def document_xml(body: str, *, prolog: str = "") -> bytes:
    """A ``word/document.xml`` with ``body`` inside ``w:body``; ``prolog`` goes before the root."""
    declaration = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    return (
        f'{declaration}{prolog}<w:document xmlns:w="{W_NS}"><w:body>{body}</w:body></w:document>'
    ).encode()


def dense_docx(paragraphs: int, words: int = 12, seed: int = 10) -> bytes:
    """A draft of ``paragraphs`` numbered paragraphs of ``words`` random words each."""
    rnd = random.Random(seed)
    vocabulary = [f"word{rnd.randrange(10**6)}" for _ in range(5_000)]
    body = "".join(
        f"<w:p><w:r><w:t>{i + 1}. {' '.join(rnd.choice(vocabulary) for _ in range(words))}"
        "</w:t></w:r></w:p>"
        for i in range(paragraphs)
    )
    return rebuild_docx(replace={"word/document.xml": document_xml(body)})


def big_part_docx(megabytes: int = 12, *, part: str = "word/document.xml", seed: int = 10) -> bytes:
    """A DOCX whose ``part`` is ``megabytes`` MB of paragraphs of random words: it compresses
    about three times, as a dense draft does (the attack's was 10 MB)."""
    rnd = random.Random(seed)
    vocabulary = [f"w{rnd.randrange(10**6)}" for _ in range(5_000)]
    pool = " ".join(rnd.choice(vocabulary) for _ in range(40_000))
    paragraphs = []
    size = 0
    while size < megabytes * MB:
        start = rnd.randrange(len(pool) - 100)
        paragraph = f"<w:p><w:r><w:t>{pool[start : start + 90]}</w:t></w:r></w:p>"
        paragraphs.append(paragraph)
        size += len(paragraph)
    return rebuild_docx(replace={part: document_xml("".join(paragraphs))})


def rich_docx(megabytes: float = 9.0, seed: int = 10) -> bytes:
    """A draft as Word writes it: every paragraph and run with its properties and revision
    ids, ``megabytes`` MB of ``document.xml`` in all (about 1.5 kB per paragraph)."""
    rnd = random.Random(seed)
    vocabulary = [f"w{rnd.randrange(10**6)}" for _ in range(5_000)]
    pool = " ".join(rnd.choice(vocabulary) for _ in range(40_000))
    run = (
        '<w:r w:rsidR="00{rsid:06X}" w:rsidRPr="00D4E5F6"><w:rPr><w:rFonts w:ascii="Times New '
        'Roman" w:hAnsi="Times New Roman" w:cs="Times New Roman"/><w:sz w:val="24"/>'
        '<w:szCs w:val="24"/><w:lang w:val="en-GB"/></w:rPr><w:t xml:space="preserve">{text} '
        "</w:t></w:r>"
    )
    paragraphs = []
    size = 0
    while size < megabytes * MB:
        runs = "".join(
            run.format(rsid=rnd.randrange(16**6), text=pool[i : i + 60])
            for i in (rnd.randrange(len(pool) - 100) for _ in range(4))
        )
        paragraph = (
            f'<w:p w:rsidR="00{rnd.randrange(16**6):06X}" w:rsidRDefault="00445566"><w:pPr>'
            '<w:spacing w:after="120" w:line="240" w:lineRule="auto"/><w:jc w:val="both"/>'
            f"</w:pPr>{runs}</w:p>"
        )
        paragraphs.append(paragraph)
        size += len(paragraph)
    return rebuild_docx(replace={"word/document.xml": document_xml("".join(paragraphs))})


def zip_bomb_docx(megabytes: int = 256) -> bytes:
    """A DOCX with ``word/media/image1.png`` declaring ``megabytes`` MB of zeros (~1 MB file)."""
    base = _template_docx()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as target:
        source = zipfile.ZipFile(io.BytesIO(base))
        for info in source.infolist():
            target.writestr(info.filename, source.read(info))
        chunk = b"\x00" * MB
        with target.open("word/media/image1.png", "w", force_zip64=True) as entry:
            for _ in range(megabytes):
                entry.write(chunk)
    return out.getvalue()


_ENTITY_DOCUMENT = document_xml(
    "<w:p><w:r><w:t>&secret;</w:t></w:r></w:p>",
    prolog='<!DOCTYPE w:document [<!ENTITY secret SYSTEM "file:///etc/passwd">]>',
)


def _content_types(base: bytes, extra: str) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(base))
    types = source.read("[Content_Types].xml").decode()
    return types.replace("</Types>", f"{extra}</Types>").encode()


def entity_in_bin_main_part() -> bytes:
    """The main document moved to ``word/real.bin`` (declared XML by an Override, named by
    the package relationship), with an external entity; ``word/document.xml`` stays, plain."""
    base = _template_docx()
    source = zipfile.ZipFile(io.BytesIO(base))
    rels = source.read("_rels/.rels").decode().replace("word/document.xml", "word/real.bin")
    return rebuild_docx(
        base,
        replace={
            "word/real.bin": _ENTITY_DOCUMENT,
            "_rels/.rels": rels.encode(),
            "[Content_Types].xml": _content_types(
                base, f'<Override PartName="/word/real.bin" ContentType="{MAIN_CT}"/>'
            ),
        },
    )


def entity_in_bin_default_xml() -> bytes:
    """A ``word/custom.bin`` part with a DTD, typed XML by a ``Default Extension="bin"``."""
    base = _template_docx()
    return rebuild_docx(
        base,
        replace={
            "word/custom.bin": b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>',
            "[Content_Types].xml": _content_types(
                base, '<Default Extension="bin" ContentType="application/xml"/>'
            ),
        },
    )


def entity_utf16_part() -> bytes:
    """``word/document.xml`` in UTF-16 (with a BOM) declaring an entity."""
    text = _ENTITY_DOCUMENT.decode().replace('encoding="UTF-8"', 'encoding="UTF-16"')
    return rebuild_docx(replace={"word/document.xml": text.encode("utf-16")})


def entity_utf7_part() -> bytes:
    """A DTD hidden from a byte scan: ``word/document.xml`` declared UTF-7, its markup
    written with UTF-7 escapes ("<" is "+ADw-"), which libxml2 decodes and parses."""
    hidden = (
        "+ADw-!DOCTYPE w:document +AFs-+ADw-!ENTITY secret +ACI-hidden+ACI-+AD4-+AF0-+AD4-"
        f'<w:document xmlns:w="{W_NS}"><w:body><w:p><w:r><w:t>+ACY-secret+ADs-</w:t></w:r>'
        "</w:p></w:body></w:document>"
    )
    xml = '<?xml version="1.0" encoding="UTF-7"?>' + hidden
    return rebuild_docx(replace={"word/document.xml": xml.encode("ascii")})


# --- transcripts --------------------------------------------------------------------------


def many_turns_transcript(turns: int = 400_000) -> bytes:
    """``SPEAKER: text`` lines, each a turn of a different speaker (no label repeats)."""
    return "".join(f"D{i}: Yes.\n" for i in range(turns)).encode()


def long_lines_transcript(lines: int = 60_000, width: int = 150) -> bytes:
    """Captioning with one speaker and ``lines`` long continuation lines."""
    filler = "words of a very long intervention " * (width // 34 + 1)
    return (">>CHAIR: Opening.\n" + f"{filler[:width]}\n" * lines).encode()


# --- odd, not hostile ---------------------------------------------------------------------


def truncated_pdf() -> bytes:
    """An ordinary PDF cut in half: no cross-reference table, half the objects."""
    data = text_pdf(pages=2)
    return data[: len(data) // 2]


def workbook_named_docx() -> bytes:
    """A zip of a spreadsheet's parts, named .docx."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
    return out.getvalue()


def docx_main_part_missing() -> bytes:
    """A DOCX whose package relationship names a main document that is not there."""
    base = _template_docx()
    rels = zipfile.ZipFile(io.BytesIO(base)).read("_rels/.rels").decode()
    return rebuild_docx(
        base, replace={"_rels/.rels": rels.replace("word/document.xml", "word/gone.xml").encode()}
    )


def many_parts_docx(parts: int = 2_001) -> bytes:
    """A DOCX with ``parts`` tiny extra parts."""
    return rebuild_docx(replace={f"word/media/x{i}.bin": b"x" for i in range(parts)})


# --- the catalogue ------------------------------------------------------------------------

#: Upload paths: contribution attachment, draft import, day transcript.
ATTACHMENT, DRAFT, TRANSCRIPT = "attachment", "draft", "transcript"
ALL = (ATTACHMENT, DRAFT, TRANSCRIPT)


@dataclass(frozen=True)
class Hostile:
    """One hostile or odd input: its file name, how to build it, the upload paths it is sent
    to, and a regular expression the refusal's message must contain."""

    name: str
    filename: str
    build: Callable[[], bytes]
    paths: tuple[str, ...]
    message: str

    def data(self) -> bytes:
        return _built(self.name)


_PDF_DRAFT = "PDF drafts cannot be imported"

HOSTILE: tuple[Hostile, ...] = (
    Hostile("crafted-pdf", "paper.pdf", crafted_pdf, ALL, f"too much content|{_PDF_DRAFT}"),
    Hostile(
        "form-amplified-pdf",
        "form.pdf",
        form_amplified_pdf,
        ALL,
        f"too much content|{_PDF_DRAFT}",
    ),
    Hostile(
        "deflate-bomb-pdf", "bomb.pdf", deflate_bomb_pdf, ALL, f"too much content|{_PDF_DRAFT}"
    ),
    Hostile(
        "font-program-pdf", "font.pdf", font_program_pdf, ALL, f"too much content|{_PDF_DRAFT}"
    ),
    Hostile("dense-docx", "draft.docx", big_part_docx, ALL, "larger than 10 MB uncompressed"),
    Hostile(
        "many-paragraphs-docx",
        "draft.docx",
        lambda: dense_docx(60_000, words=3),
        ALL,
        r"more than [\d,]+ paragraphs",
    ),
    Hostile("zip-bomb-docx", "draft.docx", zip_bomb_docx, ALL, r"zip bomb"),
    Hostile("many-parts-docx", "draft.docx", many_parts_docx, ALL, "more than 2,000 parts"),
    Hostile("entity-in-bin-main-part", "draft.docx", entity_in_bin_main_part, ALL, "declarations"),
    Hostile(
        "entity-in-bin-default-xml", "draft.docx", entity_in_bin_default_xml, ALL, "declarations"
    ),
    Hostile("entity-utf16-part", "draft.docx", entity_utf16_part, ALL, "declarations"),
    Hostile("entity-utf7-part", "draft.docx", entity_utf7_part, ALL, "text encoding"),
    Hostile(
        "many-turns-transcript",
        "day.txt",
        lambda: many_turns_transcript(400_000),
        (TRANSCRIPT, DRAFT),
        "longer than 5,000,000 characters|larger than 4 MB of text",
    ),
    Hostile(
        "many-lines-transcript",
        "day.txt",
        lambda: many_turns_transcript(40_000),
        (TRANSCRIPT, DRAFT),
        "more than 30,000 lines|more than 40,000 lines|more than 5000 paragraphs",
    ),
    Hostile("truncated-pdf", "paper.pdf", truncated_pdf, ALL, f"could not be read|{_PDF_DRAFT}"),
    Hostile("workbook-named-docx", "draft.docx", workbook_named_docx, ALL, "damaged"),
    Hostile("docx-main-part-missing", "draft.docx", docx_main_part_missing, ALL, "damaged"),
    Hostile("binary-named-txt", "notes.txt", lambda: bytes(range(256)) * 64, ALL, "not .*text"),
    Hostile(
        "control-characters-txt",
        "notes.txt",
        lambda: b"\x01" * (8 * MB),  # 3 s to be called binary, before
        ALL,
        "not readable text|binary data|larger than 4 MB of text",
    ),
    Hostile(
        "blank-lines-txt",
        "notes.txt",
        lambda: b"a\n\n" * (3 * MB),  # 3 million paragraphs: 3.7 s, before
        ALL,
        "more than 100,000 paragraphs|larger than 4 MB of text",
    ),
    Hostile("empty-file", "empty.txt", lambda: b"", ALL, "is empty"),
)

_BY_NAME = {hostile.name: hostile for hostile in HOSTILE}


@functools.cache
def _built(name: str) -> bytes:
    return _BY_NAME[name].build()
