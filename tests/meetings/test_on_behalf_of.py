"""Turns spoken on behalf of a negotiating group: upload, pages, API, re-matching."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accord.accounts.services import api_token_create
from accord.common.errors import PermissionDenied
from accord.common.models import AuditEvent
from accord.groups import services as group_services
from accord.groups.models import Member, NegotiatingGroup, NegotiatingGroupMembership
from accord.meetings import selectors, services
from accord.meetings.models import SpeakerTurn
from accord.search.models import SearchEntry

from .conftest import upload

# A contact group's captioning as the captioner writes it: labels in capitals, with and without
# a comma before "on behalf of", wrapped lines, a group-first label and prose with "on behalf".
CONTACT_GROUP = """CAPTIONING IS PROVIDED TO FACILITATE COMMUNICATION. IT IS NOT A VERBATIM RECORD.

>> CHAIR: Good morning, distinguished delegates. We resume the contact group on agenda
item 4. I give the floor to South Africa.
>> SOUTH AFRICA ON BEHALF OF THE G77 AND CHINA: Thank you, Chair. The Group of 77 and China
wishes to see the finance paragraphs before we take up the mitigation section.
>> NORWAY, ON BEHALF OF EIG: Thank you, Chair. The Environmental Integrity Group can work
with the bracketed text in paragraph 12.
>> BRAZIL: Brazil aligns itself with the statement made on behalf of the G77 and China.
>> Republic of Korea, on behalf of the Environmental Integrity Group: Korea adds one point.
>> SWEDEN, ON BEHALF OF THE NORDIC-BALTIC GROUP: The Nordic-Baltic countries support this.
>> Speaking for the African Group, Nigeria: The African Group requests more time.
>> G77 AND CHINA: We will come back to this after consulting the Group.
>> UNITED STATES OF AMERICA: We have a question on paragraph 12.
>> CHAIR: Thank you. We adjourn until three o'clock.
"""


def _member(world: Any, name: str, iso3: str) -> Member:
    return group_services.member_create(
        actor=world.users["secretariat"],
        group=world.group,
        constituency=world.constituencies["member-states"],
        name=name,
        kind=Member.Kind.STATE,
        iso3=iso3,
    )


def _bloc(world: Any, name: str, short_name: str, slug: str, *members: Member, **kw: Any) -> Any:
    bloc = NegotiatingGroup.objects.create(
        group=world.group, name=name, short_name=short_name, slug=slug, **kw
    )
    for member in members:
        NegotiatingGroupMembership.objects.create(negotiating_group=bloc, member=member)
    return bloc


@pytest.fixture
def blocs(world: Any) -> dict[str, Any]:
    """South Africa, Norway, the Republic of Korea and the USA; three negotiating groups."""
    zaf = _member(world, "South Africa", "ZAF")
    nor = _member(world, "Norway", "NOR")
    kor = _member(world, "Republic of Korea", "KOR")
    usa = _member(world, "United States of America", "USA")
    return {
        "ZAF": zaf,
        "NOR": nor,
        "KOR": kor,
        "USA": usa,
        "g77": _bloc(
            world,
            "Group of 77 and China",
            "G77 and China",
            "g77",
            zaf,
            world.members["BRA"],
            aliases=["G-77", "Group of 77"],
            coordinator=zaf,
        ),
        "eig": _bloc(world, "Environmental Integrity Group", "EIG", "eig", kor, nor),
        "african": _bloc(world, "African Group", "", "african-group", aliases=["AGN"]),
    }


def _turns(transcript: Any) -> list[tuple[str, str | None, str | None]]:
    """(label, member iso3 or role kind, negotiating group slug) per turn."""
    return [
        (
            t.speaker_label,
            t.member.iso3 if t.member else (t.role_kind or None),
            t.on_behalf_of.slug if t.on_behalf_of else None,
        )
        for t in transcript.turns.select_related("member", "on_behalf_of").order_by("index")
    ]


EXPECTED = [
    ("CHAIR", "chair", None),
    ("SOUTH AFRICA ON BEHALF OF THE G77 AND CHINA", "ZAF", "g77"),
    ("NORWAY, ON BEHALF OF EIG", "NOR", "eig"),
    ("BRAZIL", "BRA", None),
    ("Republic of Korea, on behalf of the Environmental Integrity Group", "KOR", "eig"),
    # Not one of the group's negotiating groups: the member stays, the group stays empty.
    ("SWEDEN, ON BEHALF OF THE NORDIC-BALTIC GROUP", "SWE", None),
    # Nigeria is not a member here; the African Group is listed.
    ("Speaking for the African Group, Nigeria", None, "african-group"),
    ("G77 AND CHINA", None, "g77"),
    ("UNITED STATES OF AMERICA", "USA", None),
    ("CHAIR", "chair", None),
]


def test_upload_stores_member_and_negotiating_group(world, meeting, blocs):
    transcript = upload(world, meeting.days.first(), CONTACT_GROUP)
    assert transcript.format == "captioning"
    assert _turns(transcript) == EXPECTED
    south_africa = transcript.turns.get(index=1)
    assert south_africa.text.startswith("Thank you, Chair. The Group of 77 and China wishes")
    event = AuditEvent.objects.get(action="accord.transcript.upload")
    assert event.data["on_behalf_of"] == 5  # distinct labels with a listed group


def test_displayed_speakers(world, meeting, blocs):
    transcript = upload(world, meeting.days.first(), CONTACT_GROUP)
    shown = [selectors.speaker_display(t) for t in selectors.turn_list(transcript=transcript)]
    assert shown == [
        "Chair",
        "South Africa on behalf of G77 and China",
        "Norway on behalf of EIG",
        "Brazil",
        "Republic of Korea on behalf of EIG",
        "Sweden",
        "Nigeria on behalf of African Group",
        "G77 and China",
        "United States of America",
        "Chair",
    ]
    summary = {s.label: s for s in selectors.transcript_speakers(transcript=transcript)}
    nordic = summary["SWEDEN, ON BEHALF OF THE NORDIC-BALTIC GROUP"]
    assert nordic.matched and nordic.on_behalf_of is None
    assert nordic.group_label == "THE NORDIC-BALTIC GROUP"
    assert summary["NORWAY, ON BEHALF OF EIG"].on_behalf_of == blocs["eig"]
    assert summary["BRAZIL"].group_label is None


def test_search_entry_names_the_group(world, meeting, blocs):
    transcript = upload(world, meeting.days.first(), CONTACT_GROUP)
    turn = transcript.turns.get(index=1)
    entry = SearchEntry.objects.get(kind="turn", object_id=turn.pk)
    assert entry.title == "Meeting 3, day 1 — South Africa on behalf of G77 and China"
    assert entry.facets["member"] == blocs["ZAF"].slug
    assert entry.facets["negotiating_group"] == "g77"
    sweden = SearchEntry.objects.get(kind="turn", object_id=transcript.turns.get(index=5).pk)
    assert sweden.title == "Meeting 3, day 1 — Sweden" and "negotiating_group" not in sweden.facets


def test_european_union_on_behalf_of_its_member_states(world, meeting):
    eu = group_services.member_create(
        actor=world.users["secretariat"],
        group=world.group,
        constituency=world.constituencies["member-states"],
        name="European Union",
        kind=Member.Kind.ORGANISATION,
    )
    bloc = _bloc(world, "European Union", "EU", "eu", world.members["SWE"], coordinator=eu)
    text = ">>CHAIR: The EU.\n>>EUROPEAN UNION (ON BEHALF OF ITS MEMBER STATES): Thank you.\n"
    transcript = upload(world, meeting.days.first(), text)
    turn = selectors.turn_list(transcript=transcript).get(index=1)
    assert (turn.member, turn.on_behalf_of) == (eu, bloc)
    assert selectors.speaker_display(turn) == "European Union on behalf of its member States"


def test_only_this_groups_negotiating_groups_match(world, meeting, blocs):
    other = group_services.group_create(actor=world.users["secretariat"], name="Other group")
    NegotiatingGroup.objects.create(group=other, name="Nordic-Baltic Group", slug="nb")
    transcript = upload(world, meeting.days.first(), CONTACT_GROUP)
    assert transcript.turns.get(index=5).on_behalf_of is None


def test_deleting_a_negotiating_group_keeps_the_turn(world, meeting, blocs):
    transcript = upload(world, meeting.days.first(), CONTACT_GROUP)
    blocs["eig"].delete()
    turn = transcript.turns.get(index=2)
    assert (turn.member, turn.on_behalf_of, turn.speaker_label) == (
        blocs["NOR"],
        None,
        "NORWAY, ON BEHALF OF EIG",
    )


def test_rematch_after_groups_and_members_are_added(world, meeting):
    day = meeting.days.get(date=date(2025, 3, 10))
    transcript = upload(world, day, CONTACT_GROUP)
    before = _turns(transcript)
    assert before[1] == ("SOUTH AFRICA ON BEHALF OF THE G77 AND CHINA", None, None)
    assert before[5] == ("SWEDEN, ON BEHALF OF THE NORDIC-BALTIC GROUP", "SWE", None)
    entry = SearchEntry.objects.get(kind="turn", object_id=transcript.turns.get(index=1).pk)
    assert entry.title == "Meeting 3, day 1 — SOUTH AFRICA ON BEHALF OF THE G77 AND CHINA"

    zaf = _member(world, "South Africa", "ZAF")
    g77 = _bloc(world, "Group of 77 and China", "G77 and China", "g77", zaf)
    changed = services.transcript_rematch(actor=world.users["secretariat"], transcript=transcript)
    assert changed == 2  # South Africa's turn and the group-only "G77 AND CHINA" turn
    turn = transcript.turns.get(index=1)
    assert (turn.member, turn.on_behalf_of) == (zaf, g77)
    assert transcript.turns.get(index=7).on_behalf_of == g77
    entry = SearchEntry.objects.get(kind="turn", object_id=turn.pk)
    assert entry.title == "Meeting 3, day 1 — South Africa on behalf of G77 and China"
    assert entry.facets["negotiating_group"] == "g77" and entry.is_public
    assert SearchEntry.objects.filter(kind="turn").count() == SpeakerTurn.objects.count()
    event = AuditEvent.objects.get(action="accord.transcript.rematch")
    assert event.data["changed"] == 2

    assert services.transcript_rematch(actor=world.users["secretariat"], transcript=transcript) == 0


@pytest.mark.parametrize("role", ["chair", "delegate", "observer", "outsider", "anonymous"])
def test_rematch_is_the_secretariats(world, meeting, role):
    transcript = upload(world, meeting.days.first(), CONTACT_GROUP)
    with pytest.raises(PermissionDenied):
        services.transcript_rematch(actor=world.user(role), transcript=transcript)


def _day(world: Any, name: str) -> str:
    return reverse(f"meetings:{name}", args=[world.group.slug, 3, "2025-03-10"])


def test_day_page_shows_member_and_group(client_as, world, meeting, blocs):
    upload(world, meeting.days.first(), CONTACT_GROUP)
    page = client_as("anonymous").get(_day(world, "day")).content.decode()
    assert "South Africa on behalf of G77 and China</a>" in page
    assert 'data-negotiating-group="g77"' in page
    assert 'title="Spoke on behalf of Group of 77 and China">G77 and China</span>' in page
    assert "Sweden</a>" in page
    # The speaker filter lists the label with its display.
    assert "Norway on behalf of EIG (NORWAY, ON BEHALF OF EIG)" in page


def test_upload_page_lists_groups_and_rematches(client_as, world, meeting, blocs):
    upload(world, meeting.days.first(), CONTACT_GROUP)
    client = client_as("secretariat")
    page = client.get(_day(world, "upload")).content.decode()
    assert '<td class="on-behalf-of">Group of 77 and China</td>' in page
    assert "<bdi>THE NORDIC-BALTIC GROUP</bdi>" in page
    assert "not a listed negotiating group" in page
    _bloc(world, "Nordic-Baltic Group", "NB8", "nb8", aliases=["Nordic-Baltic"])
    response = client.post(_day(world, "rematch"), follow=True)
    assert response.redirect_chain[-1][0] == _day(world, "upload")
    assert "1 turn changed" in response.content.decode()
    assert SpeakerTurn.objects.get(index=5).on_behalf_of.slug == "nb8"
    assert client_as("delegate").post(_day(world, "rematch")).status_code == 404
    assert client_as("anonymous").post(_day(world, "rematch")).status_code == 404


def test_api_turns_and_rematch(client, world, meeting, blocs):
    _, key = api_token_create(user=world.users["secretariat"], name="test")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    base = "/api/v1/groups/wgec/meetings/3/days/2025-03-10/transcript"
    file = SimpleUploadedFile("day.txt", CONTACT_GROUP.encode(), content_type="text/plain")
    uploaded = client.post(base, {"file": file}, **auth)
    assert uploaded.status_code == 202 and uploaded.json()["status"] == "succeeded"
    matched = {s["label"]: s for s in uploaded.json()["result"]["matched"]}
    assert matched["NORWAY, ON BEHALF OF EIG"]["on_behalf_of"] == "eig"
    assert matched["NORWAY, ON BEHALF OF EIG"]["matched_to"] == "Norway on behalf of EIG"
    assert matched["BRAZIL"]["on_behalf_of"] is None

    turns = client.get(f"{base}/turns").json()["items"]
    assert turns[1]["speaker"] == "South Africa on behalf of G77 and China"
    assert turns[1]["speaker_label"] == "SOUTH AFRICA ON BEHALF OF THE G77 AND CHINA"
    assert (turns[1]["member"], turns[1]["on_behalf_of"]) == (blocs["ZAF"].slug, "g77")
    assert (turns[5]["member"], turns[5]["on_behalf_of"]) == (world.members["SWE"].slug, None)

    rematched = client.post(f"{base}/rematch", **auth)
    assert rematched.status_code == 200 and rematched.json()["changed"] == 0
    assert "Speaking for the African Group, Nigeria" in rematched.json()["unmatched"]
    assert client.post(f"{base}/rematch").status_code == 401
