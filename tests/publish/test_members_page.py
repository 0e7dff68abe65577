"""The members page counts only full members against a constituency's seats (issue 9)."""

from __future__ import annotations

import re

from accord.groups.models import Member


def _heading(html: str, slug: str) -> str:
    match = re.search(rf'<h2 id="{slug}">(.*?)</h2>', html, re.S)
    assert match, f"no heading for {slug}"
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", match.group(1))).strip()


def test_observers_are_not_counted_against_the_seats(client, world):
    states = world.constituencies["member-states"]
    states.seats = 2
    states.save()
    html = client.get("/g/wgec/members/").content.decode()
    # Brazil and Sweden are members, Switzerland an observer.
    assert _heading(html, "member-states") == "Member States (2 of 2 seats · 1 observer)"
    assert _heading(html, "civil-society") == "Civil society (1 of 5 seats)"


def test_observers_are_listed_apart_from_the_members(client, world):
    html = client.get("/g/wgec/members/").content.decode()
    section = html[html.index('id="member-states"') : html.index('id="private-sector"')]
    members = section[: section.index('id="member-states-observers"')]
    observers = section[section.index('id="member-states-observers"') :]
    assert "Brazil" in members and "Sweden" in members and "Switzerland" not in members
    assert "Switzerland" in observers and "Brazil" not in observers
    assert _heading(html, "member-states") == "Member States (2 members · 1 observer)"


def test_several_observers_and_no_seats(client, world, staff_user):
    from accord.groups import services

    services.member_create(
        actor=staff_user,
        group=world.group,
        constituency=world.constituencies["member-states"],
        name="Norway",
        kind=Member.Kind.STATE,
        iso3="NOR",
        status=Member.Status.OBSERVER,
    )
    html = client.get("/g/wgec/members/").content.decode()
    assert _heading(html, "member-states") == "Member States (2 members · 2 observers)"
    assert _heading(html, "private-sector") == "Private sector (0 of 5 seats)"
