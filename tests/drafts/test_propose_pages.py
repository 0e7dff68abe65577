"""The propose pages without JavaScript: edit → preview → submit, quoted words (unique and
ambiguous), bad input refused with a clear 4xx and nothing recorded; the paragraph's
amendments partial shows nothing, or one "Propose a change", when there is nothing else."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from accord.drafts.models import Amendment, AmendmentPart, Bracket
from accord.drafts.selectors.amendments import text_hash
from accord.drafts.services.amendments import amendment_propose, amendment_support

from .conftest_amend import *  # noqa: F403 (fixtures)
from .conftest_amend import TEXTS, add_version
from .test_amendment_edit import EDITED, with_heading

OP1 = TEXTS["OP1"]
HX = {"HTTP_HX_REQUEST": "true"}


def url(name, *args):
    return reverse(f"drafts:{name}", args=["wgec", "report", *args])


def html(response) -> str:
    return response.content.decode()


def test_edit_preview_then_submit_records_one_amendment_with_its_parts(client_as, world, draft):
    client = client_as("delegate")
    form = client.get(url("amendment-edit", 1, "OP1"))
    assert form.status_code == 200
    page = html(form)
    assert f'value="{text_hash(OP1)}"' in page and "\n" + OP1 + "</textarea>" in page
    body = {
        "text": EDITED.replace(" ", " ", 1) + "\r\n",  # as a browser sends a textarea
        "expected_text_hash": text_hash(OP1),
        "rationale": "Clearer.",
        "next": "/somewhere/#amendments-OP1",
        "action": "preview",
    }
    preview = client.post(url("amendment-edit", 1, "OP1"), body)
    assert preview.status_code == 200 and Amendment.objects.count() == 0
    page = html(preview)
    assert "<del>should</del><ins>shall</ins>" in page
    assert "<ins> regularly</ins>" in page and "<del>five</del><ins>four</ins>" in page
    assert "3 changes, proposed together as one amendment" in page
    assert "Replace <del>should</del> with <ins>shall</ins>" in page
    assert "Insert <ins> regularly</ins> after “implementation”" in page
    assert "Submit the amendment" in page
    previewed = re.search(r'name="previewed" value="([0-9a-f]{64})"', page).group(1)
    done = client.post(
        url("amendment-edit", 1, "OP1"), {**body, "action": "submit", "previewed": previewed}
    )
    assert done.status_code == 302 and done["Location"] == "/somewhere/#amendments-OP1"
    amendment = Amendment.objects.get()
    assert amendment.rationale == "Clearer." and amendment.proposer == world.members["BRA"]
    assert list(
        AmendmentPart.objects.filter(amendment=amendment)
        .order_by("position")
        .values_list("old_text", "new_text")
    ) == [("should", "shall"), ("", " regularly"), ("five", "four")]


def test_a_submit_of_a_text_changed_after_the_preview_is_previewed_again(client_as, draft):
    client = client_as("delegate")
    body = {"text": EDITED, "expected_text_hash": text_hash(OP1), "action": "preview"}
    page = html(client.post(url("amendment-edit", 1, "OP1"), body))
    previewed = re.search(r'name="previewed" value="([0-9a-f]{64})"', page).group(1)
    changed = {**body, "text": EDITED + " Now.", "action": "submit", "previewed": previewed}
    again = client.post(url("amendment-edit", 1, "OP1"), changed)
    assert again.status_code == 200 and "The text changed since the preview" in html(again)
    unpreviewed = client.post(url("amendment-edit", 1, "OP1"), {**body, "action": "submit"})
    assert unpreviewed.status_code == 200 and "Submit the amendment" in html(unpreviewed)
    assert Amendment.objects.count() == 0


@pytest.mark.parametrize(
    ("text", "status", "message"),
    [
        ("", 400, "The edited text is empty"),
        (OP1, 400, "You have not changed the text of OP1"),
    ],
)
def test_bad_edits_are_a_clear_4xx_with_the_text_kept(client_as, draft, text, status, message):
    for action in ("preview", "submit"):
        response = client_as("delegate").post(
            url("amendment-edit", 1, "OP1"),
            {"text": text, "expected_text_hash": text_hash(OP1), "action": action},
        )
        assert response.status_code == status and message in html(response)
    assert Amendment.objects.count() == 0


def test_a_stale_paragraph_text_is_a_409_and_nothing_is_recorded(client_as, world, draft):
    client = client_as("delegate")
    body = {"text": EDITED, "expected_text_hash": text_hash("what the page showed before")}
    response = client.post(url("amendment-edit", 1, "OP1"), {**body, "action": "preview"})
    assert response.status_code == 409 and "does not read as it did" in html(response)
    assert EDITED in html(response)  # the delegate's text is not lost
    # A revision issued meanwhile changed the very words edited.
    add_version(draft.report, 2, {**TEXTS, "OP1": OP1.replace("should", "must")})
    body["expected_text_hash"] = text_hash(OP1)
    for action in ("preview", "submit"):
        response = client.post(url("amendment-edit", 1, "OP1"), {**body, "action": action})
        assert response.status_code == 409 and "changed in Rev.1" in html(response)
    assert Amendment.objects.count() == 0


def test_a_heading_is_not_edited(client_as, world, draft):
    with_heading(draft)
    client = client_as("delegate")
    assert client.get(url("amendment-edit", 2, "H1")).status_code == 400
    response = client.post(url("amendment-edit", 2, "H1"), {"text": "Decision", "action": "submit"})
    assert response.status_code == 400 and "headings and titles are not amended" in html(response)
    # Its propose page offers a paragraph after it, nothing else.
    page = html(client.get(url("amendment-propose", 2, "H1")))
    assert "Add a paragraph after this one" in page
    assert 'id="edit-h"' not in page and 'id="words-h"' not in page
    assert "Offer an alternative" not in page
    assert Amendment.objects.count() == 0


def test_others_may_not_edit(client_as, draft):
    assert client_as("observer").get(url("amendment-edit", 1, "OP1")).status_code == 400
    denied = client_as("observer").post(
        url("amendment-edit", 1, "OP1"), {"text": EDITED, "action": "preview"}
    )
    assert denied.status_code == 403 and Amendment.objects.count() == 0
    assert client_as("outsider").get(url("amendment-edit", 1, "OP1")).status_code == 404
    assert client_as("delegate").get(url("amendment-edit", 1, "OP9")).status_code == 404


def test_replace_quoted_words_found_once(client_as, draft):
    response = client_as("delegate").post(
        url("amendment-propose", 1, "OP1"),
        {"form": "words", "kind": "replace_text", "quote": "should", "new_text": "shall"},
    )
    assert response.status_code == 302
    amendment = Amendment.objects.get()
    assert (amendment.start, amendment.end, amendment.old_text) == (28, 34, "should")


def test_quoted_words_found_twice_ask_which_then_record_the_one_chosen(client_as, draft):
    client = client_as("delegate")
    body = {"form": "words", "kind": "replace_text", "quote": "the", "new_text": "this"}
    ask = client.post(url("amendment-propose", 1, "OP1"), body)
    assert ask.status_code == 400 and Amendment.objects.count() == 0
    page = html(ask)
    assert "occurs 2 times in the paragraph; say which one" in page
    radios = re.findall(r'<input type="radio" name="occurrence" value="(\d)"', page)
    assert radios == ["1", "2"]
    assert "…Decides that <mark>the</mark> Commission should review the implementation…" in page
    assert 'value="the"' in page and 'value="this"' in page  # what was typed is kept
    done = client.post(url("amendment-propose", 1, "OP1"), {**body, "occurrence": "2"})
    assert done.status_code == 302
    assert (Amendment.objects.get().start, Amendment.objects.get().end) == (42, 45)


def test_bracket_by_quote_unique_ambiguous_and_missing(client_as, draft):
    client = client_as("delegate")
    ok = client.post(url("bracket-add", 1, "OP1"), {"quote": "every five years"})
    assert ok.status_code == 302 and Bracket.objects.get().text == "every five years"
    ask = client.post(url("bracket-add", 1, "OP1"), {"quote": "the"})
    assert ask.status_code == 400 and 'name="occurrence" value="2"' in html(ask)
    done = client.post(url("bracket-add", 1, "OP1"), {"quote": "the", "occurrence": "1"})
    assert done.status_code == 302
    assert sorted(Bracket.objects.values_list("start", flat=True)) == [13, 61]
    missing = client.post(url("bracket-add", 1, "OP1"), {"quote": "the Council"})
    assert missing.status_code == 400 and "is not in the paragraph" in html(missing)
    # Offsets (a mouse selection) with the words pick the occurrence themselves.
    selected = client.post(
        url("bracket-add", 1, "OP2"), {"quote": "Member States", "start": "14", "end": "27"}
    )
    assert selected.status_code == 302 and Bracket.objects.count() == 3


def test_the_partial_shows_nothing_or_one_disclosure_when_there_are_no_amendments(
    client_as, world, draft
):
    with_heading(draft)
    reader = html(client_as("observer").get(url("amendment-list", 2, "H1"), **HX))
    assert "paragraph-amendments" not in reader and "Amendments to" not in reader
    heading = html(client_as("delegate").get(url("amendment-list", 2, "H1"), **HX))
    assert "paragraph-amendments" not in heading  # headings and titles take no amendments
    empty = html(client_as("delegate").get(url("amendment-list", 2, "OP1"), **HX))
    assert empty.count("<summary>Propose a change</summary>") == 1
    assert "<h2" not in empty and "No amendments" not in empty
    assert 'name="text"' in empty and "Words to bracket" in empty


def test_the_partial_shows_each_amendment_compactly(client_as, world, draft, swe_delegate):
    a = amendment_propose(
        actor=world.users["delegate"],
        version=draft.version,
        paragraph=draft.paragraphs["OP1"],
        kind="replace_text",
        quote="should",
        new_text="shall",
    )
    amendment_support(actor=swe_delegate, amendment=a, kind="cosponsor")
    page = html(client_as("observer").get(url("amendment-list", 1, "OP1"), **HX))
    assert "Brazil" in page and "Co-sponsors: Sweden." in page
    assert "<del>should</del><ins>shall</ins> review the implementation" in page
    assert "Propose a change" not in page and 'name="kind"' not in page  # a reader
    as_swe = client_as("anonymous")
    as_swe.force_login(swe_delegate)
    swe = html(as_swe.get(url("amendment-list", 1, "OP1"), **HX))
    assert 'aria-pressed="true" class="stance-on">Co-sponsor' in swe
    own = html(client_as("delegate").get(url("amendment-list", 1, "OP1"), **HX))
    assert ">Withdraw</button>" in own and 'name="kind" value="support"' not in own


def test_the_panel_for_a_whole_version_costs_a_bounded_number_of_queries(
    rf, world, draft, swe_delegate, django_assert_max_num_queries
):
    from accord.drafts.views.panel import paragraph_contexts

    for key in ("OP1", "OP2", "OP3"):
        amendment_propose(
            actor=world.users["delegate"],
            version=draft.version,
            paragraph=draft.paragraphs[key],
            kind="insert_text",
            start=0,
            new_text="Also ",
        )
    request = rf.get("/")
    request.user = swe_delegate
    with django_assert_max_num_queries(10):
        contexts = paragraph_contexts(request, world.group, draft.version)
    assert len(contexts) == 4
    assert all(a.checks.support for c in contexts.values() for a, _ in c["amendments"])
