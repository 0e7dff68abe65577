"""A PDF of a version (fpdf2): numbered operative paragraphs, typed brackets, endnotes.

It embeds DejaVu Sans when the font is installed (most Unicode scripts, not Chinese or
Japanese); without it, PDF core fonts are used and text outside Latin-1 is transliterated
or replaced. Either way, characters the font cannot show are replaced by "?" and the file
says so on its first page, pointing to the DOCX or HTML export for the exact text.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from pathlib import Path

from fpdf import FPDF

from accord.core.export.model import ExportDocument, ExportParagraph, is_rtl, language_name
from accord.core.export.tokens import CloseTok, Laid, Note, NoteTok, OpenTok, TextTok, layout

DEJAVU_DIR = Path("/usr/share/fonts/truetype/dejavu")
_FONT_FILES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf", "I": "DejaVuSans-Oblique.ttf"}
_LINE = 5.5  # mm


def _latin1(text: str) -> str:
    """Core fonts speak Latin-1 only: strip accents that do not fit, then replace."""
    out: list[str] = []
    for ch in text:
        if ord(ch) < 256:
            out.append(ch)
            continue
        base = "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c))
        out.append(base if base and all(ord(c) < 256 for c in base) else "?")
    return "".join(out)


class _Sanitiser:
    """Make text printable with the chosen font, counting what had to be replaced."""

    def __init__(self, covered: Callable[[str], bool], unicode_font: bool) -> None:
        self.covered = covered
        self.unicode_font = unicode_font
        self.replaced = 0

    def __call__(self, text: str) -> str:
        if not self.unicode_font:
            clean = _latin1(text)
            self.replaced += sum(1 for a, b in zip(text, clean, strict=False) if a != b)
            return clean
        out: list[str] = []
        for ch in text:
            if ch in "\n\t" or self.covered(ch):
                out.append(ch)
            else:
                out.append("?")
                self.replaced += 1
        return "".join(out)


class _Pdf(FPDF):
    footer_lines: tuple[str, ...] = ()
    base_family = "helvetica"

    def footer(self) -> None:
        self.set_y(-18)
        self.set_font(self.base_family, "", 7)
        for line in self.footer_lines:
            self.multi_cell(0, 3.2, line, align="L", new_x="LMARGIN", new_y="NEXT")
        self.cell(0, 3.2, f"{self.page_no()}", align="C")


def _setup(font_dir: Path | None) -> tuple[_Pdf, _Sanitiser]:
    pdf = _Pdf(format="A4")
    pdf.set_margins(25, 20, 25)
    pdf.set_auto_page_break(True, margin=25)
    folder = font_dir if font_dir is not None else DEJAVU_DIR
    paths = {style: folder / name for style, name in _FONT_FILES.items()}
    if all(path.is_file() for path in paths.values()):
        for style, path in paths.items():
            pdf.add_font("dejavu", style, str(path))
        pdf.base_family = "dejavu"
        font = pdf.fonts["dejavu"]
        cmap: dict[int, int] = getattr(font, "cmap", {})  # a TTF font; core fonts have none
        return pdf, _Sanitiser(lambda ch: ord(ch) in cmap, unicode_font=True)
    pdf.base_family = "times"
    return pdf, _Sanitiser(lambda ch: ord(ch) < 256, unicode_font=False)


def _all_text(document: ExportDocument, laid: tuple[Laid, ...]) -> list[str]:
    texts = [document.title, document.symbol, document.group_name, *document.notices]
    texts.extend(_compilation_text(document))
    for item in laid:
        texts.extend(t.text for t in item.tokens if isinstance(t, TextTok))
        texts.extend(n.text for n in item.notes)
    return texts


def _write_paragraph(pdf: _Pdf, item: Laid, clean: _Sanitiser, size: float) -> None:
    italic_pending = item.paragraph.kind == "pp"
    for token in item.tokens:
        if isinstance(token, TextTok):
            text = clean(token.text)
            if italic_pending and text.strip():
                stripped = text.lstrip()
                word, sep, rest = stripped.partition(" ")
                pdf.write(_LINE, text[: len(text) - len(stripped)])
                pdf.set_font(pdf.base_family, "I", size)
                pdf.write(_LINE, word)
                pdf.set_font(pdf.base_family, "", size)
                pdf.write(_LINE, sep + rest)
                italic_pending = False
            else:
                pdf.write(_LINE, text)
        elif isinstance(token, OpenTok | CloseTok):
            if token.mark:
                pdf.write(_LINE, token.mark)
        elif isinstance(token, NoteTok):
            pdf.char_vpos = "SUP"
            pdf.write(_LINE, str(token.number))
            pdf.char_vpos = "LINE"


def _write_compilation(pdf: _Pdf, item: ExportParagraph, clean: _Sanitiser) -> None:
    """A compilation text's remarks and proposals under their paragraph."""
    left = pdf.l_margin
    if item.remarks:
        pdf.set_font(pdf.base_family, "I", 9)
        for line in item.remarks:
            pdf.set_x(left + 10)
            pdf.multi_cell(0, 4.5, clean(line), align="L", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(1)
    for proposal in item.proposals:
        indent = left + 14 + 6 * proposal.depth
        pdf.set_left_margin(indent)
        pdf.set_x(indent - 4)
        pdf.set_font(pdf.base_family, "", 10)
        pdf.write(5, "-")
        pdf.set_x(indent)
        head = " ".join(x for x in (proposal.ref, proposal.action) if x)
        pdf.set_font(pdf.base_family, "B", 10)
        pdf.write(5, clean(f"{head}: " if proposal.change else head))
        for tag, text in proposal.change:
            style = {"delete": "S", "insert": "BU"}.get(tag, "")
            pdf.set_font(pdf.base_family, style, 10)
            pdf.write(5, clean(text))
        if proposal.status:
            pdf.set_font(pdf.base_family, "I", 10)
            pdf.write(5, clean(f" ({proposal.status})"))
        for attribution in proposal.attributions:
            pdf.ln(5)
            pdf.set_font(pdf.base_family, "I", 9)
            pdf.write(4.5, clean(f"{attribution.label}: "))
            pdf.set_font(pdf.base_family, "", 9)
            pdf.write(4.5, clean(", ".join(attribution.names)))
        pdf.ln(6)
        pdf.set_left_margin(left)


def _compilation_text(document: ExportDocument) -> list[str]:
    texts = [document.subtitle, *document.preface]
    for p in document.paragraphs:
        texts.extend(p.remarks)
        for proposal in p.proposals:
            texts.extend([proposal.action, proposal.status, *(t for _, t in proposal.change)])
            texts.extend(n for a in proposal.attributions for n in (a.label, *a.names))
    return texts


def to_pdf(document: ExportDocument, *, font_dir: Path | None = None) -> bytes:
    """The version as PDF bytes. ``font_dir`` overrides where DejaVu Sans is looked for."""
    laid = layout(document)
    pdf, clean = _setup(font_dir)
    pdf.set_title(clean(document.title))
    pdf.set_lang(document.language or "en")
    footer = [clean(n) for n in document.notices]
    if document.content_hash:
        footer.append(f"Content hash (SHA-256): {document.content_hash}")
    pdf.footer_lines = tuple(footer)

    # Count what the font cannot show before writing, to say so on page one.
    probe = _Sanitiser(clean.covered, clean.unicode_font)
    for text in _all_text(document, laid):
        probe(text)
    warnings: list[str] = []
    if not clean.unicode_font:
        warnings.append(
            "This PDF uses a built-in font (DejaVu Sans was not found): text outside "
            "Latin-1 is transliterated or replaced by '?'."
        )
    if probe.replaced:
        warnings.append(
            f"{probe.replaced} character(s) cannot be shown with the embedded font and are "
            "replaced by '?'. The DOCX and HTML exports give the exact text."
        )
    if is_rtl(document.language) or any(
        unicodedata.bidirectional(ch) in ("R", "AL")
        for text in _all_text(document, laid)
        for ch in text
    ):
        warnings.append("Right-to-left text is shown without contextual shaping.")

    size = 11.0
    pdf.add_page()
    pdf.set_font(pdf.base_family, "", 9)
    for line in (
        document.group_name,
        document.symbol,
        f"Date: {document.date.isoformat()}" if document.date else "",
        f"Original: {language_name(document.original_language)}",
        " ".join(
            x
            for x in (document.version_label, f"({document.status})" if document.status else "")
            if x
        ),
    ):
        if line:
            pdf.cell(0, 4.5, clean(line), align="R", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.set_font(pdf.base_family, "B", 14)
    pdf.multi_cell(0, 7, clean(document.title), align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    if document.subtitle:
        pdf.set_font(pdf.base_family, "B", 11)
        pdf.multi_cell(0, 6, clean(document.subtitle), align="L", new_x="LMARGIN", new_y="NEXT")
    if document.preface:
        pdf.set_font(pdf.base_family, "I", 9)
        for line in document.preface:
            pdf.multi_cell(0, 4.5, clean(line), align="L", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2)
    if warnings:
        pdf.set_font(pdf.base_family, "I", 8)
        for warning in warnings:
            pdf.multi_cell(0, 4, warning, align="L", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2)

    left = pdf.l_margin
    notes: list[Note] = []
    for item in laid:
        kind = item.paragraph.kind
        if kind == "heading":
            pdf.ln(2)
            pdf.set_font(pdf.base_family, "B", 12)
            _write_paragraph(pdf, item, clean, 12)
            pdf.ln(_LINE * 1.6)
            notes.extend(item.notes)
            _write_compilation(pdf, item.paragraph, clean)
            continue
        pdf.set_font(pdf.base_family, "", size)
        if kind == "op":
            pdf.set_x(left + 10)
            pdf.cell(10, _LINE, clean(item.number))
            pdf.set_left_margin(left + 20)
        else:
            pdf.set_x(left + 10)
        _write_paragraph(pdf, item, clean, size)
        pdf.set_left_margin(left)
        pdf.ln(_LINE * 1.6)
        notes.extend(item.notes)
        _write_compilation(pdf, item.paragraph, clean)

    if notes:
        pdf.ln(2)
        pdf.set_font(pdf.base_family, "B", 11)
        pdf.cell(0, _LINE, "Notes", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font(pdf.base_family, "", 9)
        for note in notes:
            pdf.multi_cell(
                0,
                4.5,
                f"{note.number}. {clean(note.text)}",
                align="L",
                new_x="LMARGIN",
                new_y="NEXT",
            )
    return bytes(pdf.output())
