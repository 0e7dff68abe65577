"""The package view through HTTP: the package, who blocks each left-out recommendation (by
constituency and negotiating group), what would let one in, and conditions put on record."""

from __future__ import annotations

from accord.outcomes.models import PackageCondition
from accord.outcomes.services import calls
from accord.outcomes.services.package import condition_add


def _url(dec, suffix=""):
    return f"/g/{dec.world.group.slug}/decide/{dec.report.slug}/v/{dec.version.number}/{suffix}"


def _blocked(dec):
    """cs objects to OP2; Sweden accepts OP3 only if OP2 is in (see the API test)."""
    call = calls.call_open(actor=dec.chair, version=dec.version)
    calls.stance_record(
        actor=dec.delegates["cs"],
        call=call,
        kind="object",
        paragraph=dec.p("OP2"),
        reason="Duplicates.",
    )
    condition_add(
        actor=dec.delegates["SWE"],
        version=dec.version,
        kind="requires",
        paragraph=dec.p("OP3"),
        requires=dec.p("OP2"),
    )


def test_package_page_shows_blockers_by_constituency_and_group(dec, client_as):
    _blocked(dec)
    html = client_as("chair").get(_url(dec, "package/")).content.decode()
    assert "1</span> of 3 recommendations in the package" in html.replace("\n", " ")
    assert 'id="lo-OP2"' in html and 'id="lo-OP3"' in html and 'id="lo-OP1"' not in html
    # The chart: one row per constituency and per negotiating group with its count.
    chart = html.split('class="pkg-chart"')[1].split("</figure>")[0]
    assert "Negotiating groups" in chart and "Constituencies" in chart
    assert '<th scope="row">G2</th>' in chart and "1 of 2" in chart
    row = html.split('id="lo-OP3"')[1].split("</tr>")[0]
    assert "G2: 1" in row and "accepts OP3 only if OP2 is in" in row


def test_why_not_says_which_withdrawal_would_let_it_in(dec, client_as):
    _blocked(dec)
    html = client_as("chair").get(_url(dec, "package/") + "?why=OP2").content.decode()
    why = html.split('id="why"')[1].split("</section>")[0]
    assert "What would let it in: 1 withdrawal" in why
    assert "<li>Open Network Alliance withdraws its objection to OP2</li>" in why
    assert "No smaller set of withdrawals would do (proven)." in why
    assert client_as("chair").get(_url(dec, "package/") + "?why=OP9").status_code == 404


def test_package_page_is_for_members_only(dec, client_as):
    _blocked(dec)
    assert client_as("anonymous").get(_url(dec, "package/")).status_code == 404
    assert client_as("delegate").get(_url(dec, "package/")).status_code == 200


def test_condition_by_plain_post_and_a_refused_one_records_nothing(dec, client_as):
    delegate = client_as("delegate")
    ok = delegate.post(
        _url(dec, "package/conditions/"), {"paragraph": "OP1", "kind": "must_include"}
    )
    assert ok.status_code == 302 and ok["Location"].endswith("#conditions")
    refused = delegate.post(
        _url(dec, "package/conditions/"), {"paragraph": "OP9", "kind": "must_include"}
    )
    assert refused.status_code == 400
    assert "There is no paragraph OP9 in" in refused.content.decode()
    contradiction = delegate.post(
        _url(dec, "package/conditions/"), {"paragraph": "OP1", "kind": "must_exclude"}
    )
    assert contradiction.status_code == 400
    assert [(c.paragraph.key, c.kind) for c in PackageCondition.objects.all()] == [
        ("OP1", "must_include")
    ]


def test_a_condition_stated_for_a_group_is_said_once_for_the_group(dec, client_as):
    call = calls.call_open(actor=dec.chair, version=dec.version)
    calls.stance_record(
        actor=dec.delegates["cs"], call=call, kind="object", paragraph=dec.p("OP2"), reason="No."
    )
    condition_add(
        actor=dec.delegates["SWE"],
        version=dec.version,
        kind="requires",
        paragraph=dec.p("OP3"),
        requires=dec.p("OP2"),
        on_behalf_of=dec.bloc,
    )
    html = client_as("chair").get(_url(dec, "package/")).content.decode()
    row = html.split('id="lo-OP3"')[1].split("</tr>")[0]
    assert "<div>G2 (2 members) accepts OP3 only if OP2 is in</div>" in row
    assert "Brazil accepts" not in row and "Sweden accepts" not in row
    assert "2 — " in row and "G2: 2" in row  # both still count as blocking
