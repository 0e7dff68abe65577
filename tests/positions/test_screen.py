"""The negotiation screen's overview and reading: the state of play, the filters, one number
per paragraph, headings without positions, the one-line summary of positions, proposed
changes marked in the text, details loaded when opened on a long text, and live updates."""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest

from accord.drafts.models import (
    Amendment,
    Bracket,
    BracketHolder,
    InformalConsultation,
    Paragraph,
)
from accord.positions import screen, services
from accord.positions.presenters import summary_line
from accord.positions.state import state_of_play, version_state

from .conftest import TEXTS, make_version

HX = {"HTTP_HX_REQUEST": "true"}


def url(neg, number=1, tail=""):
    return f"/g/{neg.report.group.slug}/positions/{neg.report.slug}/v/{number}/{tail}"


def section(html, key):
    """The paragraph's block in a page (up to the next block)."""
    start = html.index(f'<section id="p-{key}"')
    end = html.find("<section id=", start + 1)
    return html[start : end if end != -1 else len(html)]


def shown(html):
    return re.findall(r'<section id="p-([^"]+)"', html)


@pytest.fixture
def contested(world, neg):
    """OP1: Brazil objects; OP2: Sweden holds a bracket, the Chair agreed PP1."""
    services.position_record(
        actor=world.users["delegate"],
        version=neg.v1,
        paragraph=neg.p("OP1"),
        kind="object",
        reason="Not a standing body.",
    )
    bracket = Bracket.objects.create(
        version=neg.v1, paragraph=neg.p("OP2"), start=0, end=7, text="Invites"
    )
    BracketHolder.objects.create(bracket=bracket, member=world.members["SWE"])
    services.status_set(
        actor=world.users["chair"], version=neg.v1, paragraph=neg.p("PP1"), status="agreed"
    )
    return neg


def test_state_of_play_counts_the_whole_text(world, contested):
    state = version_state(contested.v1, with_positions=True)
    play = state_of_play(state)
    assert play.total == 3
    counts = {s.status: [r.key for r in s.refs] for s in play.by_status}
    # OP1 has brackets typed in its text, OP2 a bracket row: both bracketed.
    assert counts == {
        "agreed": ["PP1"],
        "agreed_ad_ref": [],
        "bracketed": ["OP1", "OP2"],
        "open": [],
        "dropped": [],
    }
    assert [s.share for s in play.by_status] == pytest.approx([100 / 3, 0, 200 / 3, 0, 0])
    assert play.open_brackets == 1
    assert [(h.member.name, h.brackets, [r.key for r in h.refs]) for h in play.holders] == [
        ("Sweden", 1, ["OP2"])
    ]
    assert [r.key for r in play.typed] == ["OP1"]
    assert play.objections is not None
    by_constituency = {c.constituency.name: c for c in play.objections}
    states = by_constituency["Member States"]
    assert (states.members, states.objections) == (2, 1)
    assert [(o.member.name, [r.label for r in o.refs]) for o in states.objectors] == [
        ("Brazil", ["1"])
    ]
    assert [r.key for r in play.contested] == ["OP1", "OP2"]
    # Without the positions (the public): no objections, and only brackets make a contest.
    public = state_of_play(version_state(contested.v1, with_positions=False))
    assert public.objections is None


def test_state_of_play_on_the_page(world, contested, client_as):
    html = client_as("chair").get(url(contested)).content.decode()
    play = html.split('<section id="pos-live"')[1].split("</section>")[0]
    assert "State of play" in play
    assert "3 paragraphs take positions" in play
    assert "1 agreed (provisional)" in play and "2 bracketed" in play
    assert '<svg class="pos-play-bar"' in play and 'role="img"' in play
    assert '<ol class="pos-map"' in play and 'class="pos-st-bracketed pos-contested"' in play
    assert "1 open bracket: who holds it" in play
    assert "1 standing objection, by constituency and member" in play
    assert 'Brazil</span>: <a href="#p-OP1" title="OP1">1</a>' in play
    assert '<a href="?contested=1">2 paragraphs are contested</a>' in play
    # The chart reads without JavaScript: the same figures are in a table.
    assert '<a href="?status=agreed">Agreed (provisional)</a></th><td class="pos-n">1</td>' in play


def test_filters_work_as_plain_get_parameters(world, contested, client_as):
    consultation = InformalConsultation.objects.create(
        report=contested.report, title="OP2", facilitator=world.users["facilitator"]
    )
    consultation.paragraphs.add(contested.p("OP2"))
    client = client_as("delegate")
    assert shown(client.get(url(contested)).content.decode()) == ["PP1", "OP1", "OP2"]
    contested_only = client.get(url(contested, tail="?contested=1")).content.decode()
    assert shown(contested_only) == ["OP1", "OP2"]
    assert "2 of 3 paragraphs shown." in contested_only
    # Brazil stated its position on OP1 only.
    assert shown(client.get(url(contested, tail="?unstated=1")).content.decode()) == [
        "PP1",
        "OP2",
    ]
    facilitator = world.users["facilitator"].pk
    page = client.get(url(contested, tail=f"?facilitator={facilitator}")).content.decode()
    assert shown(page) == ["OP2"]
    assert f'<option value="{facilitator}" selected>' in page
    assert shown(client.get(url(contested, tail="?status=agreed")).content.decode()) == ["PP1"]
    both = client.get(url(contested, tail="?contested=1&status=agreed")).content.decode()
    assert shown(both) == [] and "No paragraph matches these filters." in both
    # Unknown values are ignored, never an error.
    junk = client.get(url(contested, tail="?facilitator=999&status=adopted&contested=yes"))
    assert junk.status_code == 200 and shown(junk.content.decode()) == ["PP1", "OP1", "OP2"]
    # Only a delegation has positions of its own to state.
    chair = client_as("chair").get(url(contested, tail="?unstated=1")).content.decode()
    assert shown(chair) == ["PP1", "OP1", "OP2"] and 'name="unstated"' not in chair


def test_filters_sent_with_htmx_answer_the_text_only(world, contested, client_as):
    response = client_as("chair").get(
        url(contested, tail="?contested=1"), HTTP_HX_TARGET="pos-text", **HX
    )
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="pos-text"') and "<html" not in html
    assert shown(html) == ["OP1", "OP2"]


def test_a_group_statement_is_not_the_delegations_own(world, neg, blocs, client_as):
    services.position_record(
        actor=blocs.delegates["ZAF"],
        version=neg.v1,
        paragraph=neg.p("OP2"),
        kind="support",
        on_behalf_of=blocs.g77,
    )
    page = client_as("delegate").get(url(neg, tail="?unstated=1")).content.decode()
    assert "OP2" in shown(page)  # Brazil's position there is the G77's, not its own
    assert "· Brazil: support (via G77 and China)</span>" in section(page, "OP2")


def test_summary_line_of_positions(world, contested, client_as):
    services.position_record(
        actor=world.users["delegate"],
        version=contested.v1,
        paragraph=contested.p("OP2"),
        kind="reserve",
    )
    html = client_as("observer").get(url(contested)).content.decode()
    assert (
        '<p class="pos-summary"><span class="pos-sum-object">1 object (Brazil)</span> · '
        '<span class="pos-sum-none">2 no position</span></p>'
    ) in section(html, "OP1")
    assert "1 reserve" in section(html, "OP2")
    # The public reads the text and its status, not the delegations' positions.
    anonymous = client_as("anonymous")
    make_version(contested.report, 2, TEXTS, contested.paragraphs, published=True)
    public = anonymous.get(url(contested, 2)).content.decode()
    assert "pos-summary" not in public and "object" not in section(public, "OP1")


def test_one_number_per_paragraph_and_headings_take_no_positions(world, neg, client_as):
    heading = Paragraph.objects.create(report=neg.report, key="H1", kind=Paragraph.Kind.HEADING)
    neg.paragraphs["H1"] = heading
    texts = {"PP1": TEXTS["PP1"], "H1": "Recommendations", "OP1": TEXTS["OP1"]}
    make_version(neg.report, 2, texts, neg.paragraphs)
    for role in ["delegate", "chair"]:
        html = client_as(role).get(url(neg, 2)).content.decode()
        assert '<h2 id="p-H1" class="pos-doc-heading">Recommendations</h2>' in html
        assert 'id="pp-H1"' not in html and 'id="ps-H1"' not in html and "on H1" not in html
        assert "Positions on paragraph H1" not in html
        op1 = section(html, "OP1")
        # The display number, once; the stable id as the anchor and its title.
        assert (
            '<a class="pos-anchor" href="#p-OP1" title="OP1"><span class="pos-num">1.</span></a>'
            in op1
        )
        head = op1.split("</h3>")[0]
        assert re.sub(r"<[^>]+>", " ", head).split()[0:1] == ["1."]
        assert "OP1" not in re.sub(r"<[^>]+>|\"[^\"]*\"", "", head)
        # Printed without a number: its id is the one number shown.
        assert '<span class="pos-num">PP1</span>' in section(html, "PP1")


def test_proposed_changes_are_marked_in_the_text(world, neg, client_as):
    text = TEXTS["OP2"]  # "Invites all stakeholders to contribute to the work of the forum;"
    start = text.index("all stakeholders")
    replace = Amendment.objects.create(
        version=neg.v1,
        paragraph=neg.p("OP2"),
        kind=Amendment.Kind.REPLACE_TEXT,
        proposer=world.members["SWE"],
        start=start,
        end=start + len("all stakeholders"),
        old_text="all stakeholders",
        new_text="Member States",
        base_text_hash="h",
    )
    drop = Amendment.objects.create(
        version=neg.v1,
        paragraph=neg.p("OP2"),
        kind=Amendment.Kind.DELETE_PARAGRAPH,
        proposer=world.members["BRA"],
        base_text_hash="h",
    )
    again = Amendment.objects.create(
        version=neg.v1,
        paragraph=neg.p("OP2"),
        kind=Amendment.Kind.DELETE_PARAGRAPH,
        proposer=world.members["cs"],
        base_text_hash="h",
    )
    html = section(client_as("observer").get(url(neg)).content.decode(), "OP2")
    assert (
        'Invites <span class="pos-am-del">all stakeholders</span>'
        f'<ins class="pos-am-ins" title="#{replace.pk} Replace — Sweden">Member States</ins>'
        f'<sup class="pos-am-ref"><a href="#amendment-{replace.pk}"'
    ) in html
    # The same deletion proposed twice is one line.
    assert (
        f'<p class="pos-whole"><a class="pos-am-ref" href="#amendment-{drop.pk}">#{drop.pk}</a> '
        f'Brazil, <a class="pos-am-ref" href="#amendment-{again.pk}">#{again.pk}</a> '
        "Open Network Alliance: delete the paragraph</p>"
    ) in html
    assert "(3 amendments proposed)" in html


def test_a_long_list_of_objectors_is_cut_in_the_one_line():
    positions = {n: SimpleNamespace(kind="object", name=f"State {n:02d}") for n in range(12)} | {
        20: SimpleNamespace(kind="support", name="Ally")
    }
    line = summary_line(positions, 3)
    names = ", ".join(f"State {n:02d}" for n in range(10))
    assert line == (
        '<span class="pos-sum-support">1 support</span> · '
        f'<span class="pos-sum-object">12 object ({names} and 2 more)</span> · '
        '<span class="pos-sum-none">3 no position</span>'
    )


def test_a_long_text_loads_each_paragraphs_details_when_opened(
    world, contested, client_as, monkeypatch
):
    monkeypatch.setattr(screen, "INLINE_PARAGRAPHS", 1)
    client = client_as("delegate")
    html = client.get(url(contested)).content.decode()
    op1 = section(html, "OP1")
    base = url(contested)
    assert (
        f'<div class="pos-lazy" hx-get="{base}?p=OP1&amp;part=more" '
        'hx-trigger="toggle from:closest details once" hx-swap="outerHTML">'
        f'<a href="{base}?p=OP1">'
        "Open paragraph 1 with its positions, amendments and forms</a></div>"
    ) in op1
    assert (
        "Positions on paragraph 1 by constituency" not in html and 'name="p-OP1-kind"' not in html
    )
    more = client.get(url(contested, tail="?p=OP1&part=more"), **HX).content.decode()
    assert "Positions on paragraph 1 by constituency" in more and "<html" not in more
    form = client.get(url(contested, tail="?p=OP1&part=position"), **HX).content.decode()
    assert 'name="p-OP1-kind"' in form and 'value="object" checked' in form
    # Without JavaScript the link opens the paragraph alone, everything open.
    focus = client.get(url(contested, tail="?p=OP1")).content.decode()
    assert shown(focus) == ["OP1"] and "Only paragraph 1 is shown, with everything open." in focus
    assert '<details id="pd-OP1" class="pos-more" open>' in focus
    assert '<details id="pp-OP1" class="pos-act" open>' in focus
    assert client.get(url(contested, tail="?p=OP9")).status_code == 404


def test_live_updates_send_what_others_changed(world, contested, client_as):
    client = client_as("delegate")
    page = client.get(url(contested)).content.decode()
    live = re.search(r'hx-get="([^"]*\?since=(\d+))"', page)
    assert live is not None
    poll, stamp = live.group(1), int(live.group(2))
    assert 'hx-trigger="every 5s, pos-visible from:document" data-poll-guard' in page
    assert client.get(poll, **HX).status_code == 204  # nothing changed
    # The delegate's own write is on their screen already: only the state of play moves.
    services.position_record(
        actor=world.users["delegate"],
        version=contested.v1,
        paragraph=contested.p("PP1"),
        kind="support",
    )
    own = client.get(poll, **HX)
    assert own.status_code == 200 and shown(own.content.decode()) == []
    # Another delegation's position: its paragraph comes out of band, marked as updated.
    swedish = world.users["chair"]  # the Chair reopens OP2 (the Swedish bracket stays)
    services.status_set(
        actor=swedish, version=contested.v1, paragraph=contested.p("PP1"), status="open"
    )
    update = client.get(poll, **HX).content.decode()
    assert update.lstrip().startswith('<section id="pos-live"')
    assert shown(update) == ["PP1"]
    assert (
        '<section id="p-PP1" class="pos-para pos-updated" aria-labelledby="h-PP1" '
        'hx-swap-oob="true">'
    ) in update
    assert re.search(r'hx-get="[^"]*\?since=(\d+)"', update).group(1) != str(stamp)
    assert '<p class="visually-hidden" role="status">Updated: PP1</p>' in update
    # Asked again from the new position: nothing new.
    fresh = re.search(r'hx-get="([^"]*\?since=\d+)"', update).group(1)
    assert client.get(fresh, **HX).status_code == 204
