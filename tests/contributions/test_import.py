from __future__ import annotations

import pytest

from accord.common.errors import PermissionDenied, ValidationFailed
from accord.contributions import selectors, services
from accord.contributions.models import Contribution
from accord.groups.models import Member
from accord.search.models import SearchEntry
from tests.shared_data import shared_data

from .conftest import docx_bytes, make_call


def _folder(tmp_path, files):
    for name, data in files.items():
        (tmp_path / name).write_bytes(data if isinstance(data, bytes) else data.encode())
    return sorted(tmp_path.iterdir())


def test_import_small_folder_then_rerun_creates_nothing(world, tmp_path):
    call = make_call(world)
    question = call.questions.get(number=1)
    paths = _folder(
        tmp_path,
        {
            "BRA_72_2017.txt": "Brazil speaks on development.",
            "swe_72_2017.txt": "Sweden speaks on human rights.",
            "open-network-alliance.docx": docx_bytes("The alliance asks for open standards."),
            "ATL_72_2017.txt": "Atlantis is not a member.",
        },
    )
    seen = []
    report = services.contribution_import_folder(
        actor=world.users["secretariat"],
        call=call,
        question=question,
        paths=paths,
        progress=lambda done, total: seen.append((done, total)),
    )
    assert (report.created, report.skipped_duplicates, report.unknown_members) == (3, 0, ["ATL"])
    assert seen[-1] == (4, 4) and len(seen) == 4
    assert "Imported 3 contributions" in report.message and "ATL" in report.message
    imported = Contribution.objects.filter(source="import")
    assert {c.member.slug for c in imported} == {"bra", "swe", "open-network-alliance"}
    assert all(c.status == "published" for c in imported)
    alliance = imported.get(member__slug="open-network-alliance")
    assert alliance.answers.get().text == "The alliance asks for open standards."
    assert alliance.attachments.get().kind == "docx"  # the original Word file is kept
    entry = SearchEntry.objects.get(kind="contribution", object_id=alliance.pk)
    assert entry.is_public and entry.facets["question"] == "1"

    again = services.contribution_import_folder(
        actor=world.users["secretariat"], call=call, question=question, paths=paths
    )
    assert (again.created, again.skipped_duplicates) == (0, 3)
    assert "3 duplicate file(s) skipped" in again.message
    assert Contribution.objects.count() == 3


def test_import_is_all_or_nothing(world, tmp_path):
    call = make_call(world)
    paths = _folder(
        tmp_path,
        {"BRA_1.txt": "Fine.", "SWE_1.docx": b"PK\x03\x04 broken archive"},
    )
    with pytest.raises(ValidationFailed, match=r"SWE_1\.docx"):
        services.contribution_import_folder(
            actor=world.users["secretariat"],
            call=call,
            question=call.questions.first(),
            paths=paths,
        )
    assert Contribution.objects.count() == 0


def test_import_needs_the_secretariat_and_a_question_of_the_call(world, tmp_path):
    call = make_call(world)
    other = make_call(world)
    paths = _folder(tmp_path, {"BRA_1.txt": "x"})
    with pytest.raises(PermissionDenied):
        services.contribution_import_folder(
            actor=world.users["chair"], call=call, question=call.questions.first(), paths=paths
        )
    with pytest.raises(ValidationFailed, match="another call"):
        services.contribution_import_folder(
            actor=world.users["secretariat"],
            call=call,
            question=other.questions.first(),
            paths=paths,
        )


def test_import_creates_missing_members(world, tmp_path):
    call = make_call(world)
    paths = _folder(
        tmp_path,
        {"FRA_72_2017.txt": "France.", "EU_72_2017.txt": "The Union.", "VAT_72_2017.txt": "HS."},
    )
    report = services.contribution_import_folder(
        actor=world.users["secretariat"],
        call=call,
        question=call.questions.first(),
        paths=paths,
        create_missing_members=True,
    )
    assert report.created == 3 and report.unknown_members == []
    assert sorted(report.created_members) == ["EU", "FRA", "VAT"]
    france = Member.objects.get(group=world.group, iso3="FRA")
    assert (france.name, france.constituency.slug, france.status) == (
        "France",
        "member-states",
        "member",
    )
    eu = Member.objects.get(group=world.group, name="European Union")
    assert (eu.kind, eu.status, eu.aliases) == ("organisation", "observer", ["EU"])
    assert Member.objects.get(group=world.group, iso3="VAT").status == "observer"
    # The alias finds the EU again on a re-run.
    again = services.contribution_import_folder(
        actor=world.users["secretariat"],
        call=call,
        question=call.questions.first(),
        paths=paths,
        create_missing_members=True,
    )
    assert (again.created, again.skipped_duplicates, again.created_members) == (0, 3, [])


@pytest.mark.shared_data
def test_import_un_general_debate_2017(world):
    folder = shared_data("un-general-debate-2017", "speeches")
    paths = sorted(folder.glob("*.txt"))
    assert len(paths) == 196
    call = make_call(world, opens_in=-30, closes_in=-1)
    report = services.contribution_import_folder(
        actor=world.users["secretariat"],
        call=call,
        question=call.questions.get(number=1),
        paths=paths,
        create_missing_members=True,
    )
    assert report.created == 196
    assert report.unknown_members == []
    # BRA, SWE and CHE exist in the fixture; the other 193 entries become members.
    assert len(report.created_members) == 193
    assert {"BRA", "SWE", "CHE"}.isdisjoint(report.created_members)
    assert {"USA", "CHN", "EU", "PSE", "VAT", "ZWE"} <= set(report.created_members)
    members = Member.objects.filter(group=world.group, contributions__call=call).distinct()
    assert members.count() == 196
    assert Member.objects.get(group=world.group, iso3="USA").name == "United States of America"
    published = selectors.contribution_list_for_viewer(
        viewer=world.user("anonymous"), group=world.group, call=call
    )
    assert published.count() == 196
    assert not any(c.is_late for c in published)
    assert SearchEntry.objects.filter(kind="contribution", is_public=True).count() == 196
    again = services.contribution_import_folder(
        actor=world.users["secretariat"],
        call=call,
        question=call.questions.get(number=1),
        paths=paths,
        create_missing_members=True,
    )
    assert (again.created, again.skipped_duplicates) == (0, 196)
