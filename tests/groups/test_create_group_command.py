"""``accord create_group``: the same service and rule as the API and the web form (issue 9)."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from accord.cli import main
from accord.groups.models import Role, WorkingGroup
from tests.factories import UserFactory


def test_staff_create_a_group_from_the_command_line(world, capsys):
    call_command(
        "create_group",
        "Working Group on Data Governance",
        "--short-name",
        "WGDG",
        "--parent-body",
        "CSTD",
        "--start",
        "2026-03-01",
        "--end",
        "2027-02-28",
        "--languages",
        "en, fr",
        "--as-user",
        "secretariat",
    )
    group = WorkingGroup.objects.get(slug="wgdg")
    assert (group.name, group.short_name, group.parent_body) == (
        "Working Group on Data Governance",
        "WGDG",
        "CSTD",
    )
    assert str(group.start_date) == "2026-03-01" and group.working_languages == ["en", "fr"]
    assert group.constituencies.count() == 5
    assert Role.objects.filter(group=group, user__username="secretariat", kind="secretariat")
    out = capsys.readouterr().out
    assert out == (
        "Created the working group 'Working Group on Data Governance' at /g/wgdg/; "
        "secretariat: secretariat.\n"
    )


def test_without_as_user_the_first_superuser_acts(world):
    UserFactory(username="root", is_superuser=True, is_staff=True)
    call_command("create_group", "Expert group", "--slug", "experts")
    assert Role.objects.get(group__slug="experts").user.username == "root"


def test_the_accord_script_runs_it(world, capsys, monkeypatch):
    # A management command run from the command line closes the database connections when it
    # ends; here that would be the test's own (on PostgreSQL, its open transaction).
    monkeypatch.setattr("django.core.management.base.connections.close_all", lambda: None)
    assert main(["create_group", "Expert group", "--as-user", "secretariat"]) == 0
    assert WorkingGroup.objects.filter(slug="expert-group").exists()


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--as-user", "delegate"], "Only platform staff can create working groups."),
        (["--as-user", "nobody"], "No user 'nobody'."),
        (
            ["--slug", "wgec", "--as-user", "secretariat"],
            "A group with the address 'wgec' already exists.",
        ),
        (
            ["--start", "2026-03-01", "--end", "2025-01-01", "--as-user", "secretariat"],
            "The group cannot end before it starts.",
        ),
    ],
)
def test_refusals_say_why_and_change_nothing(world, arguments, message):
    with pytest.raises(CommandError) as raised:
        call_command("create_group", "Working Group on Data Governance", *arguments)
    assert str(raised.value) == message
    assert WorkingGroup.objects.count() == 1


def test_no_superuser_to_act_as(world):
    with pytest.raises(CommandError, match="--as-user USERNAME"):
        call_command("create_group", "Expert group")


def test_a_bad_date_is_refused_by_the_parser(world):
    with pytest.raises(CommandError, match="not a date"):
        call_command(
            "create_group", "Expert group", "--start", "1 March", "--as-user", "secretariat"
        )


def test_a_refusal_through_the_accord_script_exits_non_zero(world, capsys):
    with pytest.raises(SystemExit) as exited:
        main(["create_group", "X", "--slug", "wgec", "--as-user", "secretariat"])
    assert exited.value.code == 1
    assert "A group with the address 'wgec' already exists." in capsys.readouterr().err
