"""The negotiation screen's "Propose a change" panels load when opened (the page carried one
full editor per paragraph), and work without JavaScript through the paragraph's own view; the
amendments of a paragraph are named by its number, as the rest of the screen names it."""

from __future__ import annotations

import re

import pytest

from accord.drafts.models import Amendment, Bracket

from .conftest import TEXTS, make_version

HX = {"HTTP_HX_REQUEST": "true"}


def url(neg, number=1, tail=""):
    return f"/g/{neg.report.group.slug}/positions/{neg.report.slug}/v/{number}/{tail}"


def section(html, key):
    start = html.index(f'<section id="p-{key}"')
    end = html.find('<section id="p-', start + 1)
    return html[start : end if end != -1 else len(html)]


def propose_details(html, key):
    """The paragraph's "Propose a change" disclosure, up to its end."""
    start = html.index(f'<details class="propose-change" id="propose-{key}"')
    return html[start : html.index("</details>", start) + len("</details>")]


@pytest.mark.parametrize("role", ["delegate", "chair"])
def test_the_page_holds_no_editor_only_a_panel_that_loads_when_opened(world, neg, client_as, role):
    html = client_as(role).get(url(neg)).content.decode()
    base = url(neg)
    assert 'class="edit-form"' not in html and 'name="quote"' not in html
    assert 'name="expected_text_hash"' not in html
    for key, ref in [("PP1", "PP1"), ("OP1", "1"), ("OP2", "2")]:
        panel = propose_details(section(html, key), key)
        assert panel == (
            f'<details class="propose-change" id="propose-{key}">\n'
            f"    <summary>Propose a change</summary>\n"
            f'    <div class="pos-lazy" hx-get="{base}?p={key}&amp;part=propose" '
            'hx-trigger="toggle from:closest details once" hx-swap="outerHTML">'
            f'<a href="{base}?p={key}#propose-{key}">'
            f"Open the forms to propose a change to paragraph {ref}</a></div>\n"
            "  </details>"
        )


def test_the_panel_loaded_with_htmx_is_the_full_form(world, neg, client_as):
    client = client_as("delegate")
    page = url(neg, tail="?contested=1")
    response = client.get(
        url(neg, tail="?p=OP2&part=propose"), HTTP_HX_CURRENT_URL=f"http://testserver{page}", **HX
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html and "<details" not in html and "<section" not in html
    # The editor holds the paragraph's text; the form comes back to the page it was opened on.
    assert '<form method="post" action="/g/' in html and 'class="edit-form"' in html
    assert f"\n{TEXTS['OP2']}</textarea>" in html
    assert '<label for="edit-OP2">Edit paragraph 2 as you want it to read</label>' in html
    assert f'name="next" value="{page}#amendments-OP2"' in html
    assert 'name="quote"' in html and '<button type="submit">Bracket</button>' in html
    # Headings and readers have nothing to propose.
    reader = client_as("anonymous")
    make_version(neg.report, 2, TEXTS, neg.paragraphs, published=True)
    assert reader.get(url(neg, 2, "?p=OP2&part=propose"), **HX).content.decode().strip() == ""


def test_without_javascript_the_link_opens_the_paragraph_with_the_form(world, neg, client_as):
    client = client_as("delegate")
    html = client.get(url(neg, tail="?p=OP2")).content.decode()
    assert re.findall(r'<section id="p-([^"]+)"', html) == ["OP2"]
    panel = propose_details(html, "OP2")
    assert panel.startswith('<details class="propose-change" id="propose-OP2" open>')
    assert 'class="edit-form"' in panel and f"\n{TEXTS['OP2']}</textarea>" in panel
    assert f'name="next" value="{url(neg)}?p=OP2#amendments-OP2"' in panel
    # The form it holds works: Preview shows the amendment the edit makes.
    edit = re.search(r'<form method="post" action="([^"]+)" class="edit-form">', panel)
    text_hash = re.search(r'name="expected_text_hash" value="([^"]+)"', panel).group(1)
    new_text = TEXTS["OP2"].replace("all stakeholders", "Member States")
    preview = client.post(
        edit.group(1),
        {"text": new_text, "expected_text_hash": text_hash, "action": "preview"},
    )
    assert preview.status_code == 200
    body = preview.content.decode()
    assert "Member States" in body and "all stakeholders" in body
    assert Amendment.objects.count() == 0  # a preview records nothing
    bracket = re.search(r'<form method="post" action="([^"]+)" class="bracket-words"', panel)
    done = client.post(bracket.group(1), {"quote": "all stakeholders", "next": f"{url(neg)}?p=OP2"})
    assert done.status_code == 302 and done["Location"] == f"{url(neg)}?p=OP2"
    assert Bracket.objects.get().text == "all stakeholders"


def test_amendments_are_named_by_the_paragraphs_number(world, neg, client_as):
    Amendment.objects.create(
        version=neg.v1,
        paragraph=neg.p("OP2"),
        kind=Amendment.Kind.REPLACE_TEXT,
        proposer=world.members["SWE"],
        start=8,
        end=24,
        old_text="all stakeholders",
        new_text="Member States",
        base_text_hash="h",
    )
    linked = Bracket.objects.create(
        version=neg.v1,
        paragraph=neg.p("OP1"),
        start=0,
        end=7,
        text="Decides",
        reason=Bracket.Reason.LINKED,
        linked_paragraph=neg.p("OP2"),
    )
    assert linked.pk
    for role in ["delegate", "chair", "observer"]:
        html = client_as(role).get(url(neg)).content.decode()
        op2 = section(html, "OP2")
        assert 'id="amendments-OP2" aria-label="Amendments to paragraph 2"' in op2
        assert "Amendments to OP2" not in html
        # The bracket linked to OP2 names it by its number, the stable id its anchor.
        assert '(<a href="#p-OP2" title="OP2">2</a>)' in section(html, "OP1")
        assert "(OP2)" not in html
