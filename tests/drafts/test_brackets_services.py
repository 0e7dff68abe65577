"""Brackets: holders, joining, lifting; option groups; two delegates at once lose nothing."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from django.db import connection

from accord.common.errors import Conflict, PermissionDenied, ValidationFailed
from accord.drafts.models import Bracket, BracketHolder, OptionGroup
from accord.drafts.services.brackets import bracket_add, bracket_join, bracket_lift
from accord.drafts.services.options import option_choose, option_group_create

from .conftest_amend import *  # noqa: F403 (fixtures)
from .conftest_amend import TEXTS, add_version, span


def bracket(world, draft, user=None, key="OP1", words="every five years", **kw):
    start, end = span(draft.text(key), words)
    return bracket_add(
        actor=user or world.users["delegate"],
        version=draft.version,
        paragraph=draft.paragraphs[key],
        start=start,
        end=end,
        **kw,
    )


def holders(b):
    return sorted(
        h.member.iso3 for h in BracketHolder.objects.filter(bracket=b, lifted_at__isnull=True)
    )


def test_same_span_joins_instead_of_duplicating(world, draft, swe_delegate):
    first = bracket(world, draft, reason="capital", note="Awaiting instructions.")
    again = bracket(world, draft, user=swe_delegate)
    assert first.pk == again.pk and Bracket.objects.count() == 1
    assert holders(first) == ["BRA", "SWE"]
    assert first.text == "every five years" and first.reason == "capital"
    assert bracket(world, draft).pk == first.pk and BracketHolder.objects.count() == 2


def test_lifted_when_the_last_holder_lifts(world, draft, swe_delegate):
    b = bracket(world, draft)
    bracket_join(actor=swe_delegate, bracket=b)
    bracket_lift(actor=world.users["delegate"], bracket=b)
    b.refresh_from_db()
    assert b.lifted_at is None and holders(b) == ["SWE"]
    with pytest.raises(PermissionDenied, match="does not hold"):
        bracket_lift(actor=world.users["delegate"], bracket=b)
    bracket_lift(actor=swe_delegate, bracket=b)
    b.refresh_from_db()
    assert b.lifted_at is not None
    with pytest.raises(Conflict, match="lifted"):
        bracket_join(actor=world.users["delegate"], bracket=b)


def test_only_delegates_bracket(world, draft):
    for role in ["chair", "vice_chair", "facilitator", "observer", "secretariat", "outsider"]:
        with pytest.raises(PermissionDenied):
            bracket(world, draft, user=world.users[role])
    assert Bracket.objects.count() == 0


def test_literal_bracket_in_the_text_and_the_chair(world, draft):
    start, end = span(TEXTS["OP2"], "[all]")
    b = bracket_add(
        actor=world.users["delegate"],
        version=draft.version,
        paragraph=draft.paragraphs["OP2"],
        start=start,
        end=end,
    )
    assert b.from_text
    bracket_lift(actor=world.users["delegate"], bracket=b)
    assert Bracket.objects.get(pk=b.pk).lifted_at is not None
    imported = Bracket.objects.create(
        version=draft.version,
        paragraph=draft.paragraphs["OP2"],
        start=start,
        end=end,
        text="[all]",
        from_text=True,
    )
    with pytest.raises(PermissionDenied):
        bracket_lift(actor=world.users["vice_chair"], bracket=imported)
    bracket_lift(actor=world.users["chair"], bracket=imported)  # no holders known
    assert Bracket.objects.get(pk=imported.pk).lifted_at is not None


@pytest.mark.parametrize(
    ("start", "end", "error"),
    [(5, 5, "empty"), (10, 900, "outside"), (2, 3, "only spaces"), (10, 15, "nest")],
)
def test_bad_spans(world, draft, start, end, error):
    bracket(world, draft, words="Decides that the")
    with pytest.raises(ValidationFailed, match=error):
        bracket_add(
            actor=world.users["delegate"],
            version=draft.version,
            paragraph=draft.paragraphs["OP1"],
            start=start + 5,
            end=end + 5,
        )
    assert Bracket.objects.count() == 1


def test_linked_reason_needs_a_paragraph(world, draft):
    with pytest.raises(ValidationFailed, match="linked"):
        bracket(world, draft, reason="linked")
    b = bracket(world, draft, reason="linked", linked_paragraph=draft.paragraphs["OP3"])
    assert b.linked_paragraph == draft.paragraphs["OP3"]


def test_bracket_on_an_older_version_is_carried_or_refused(world, draft):
    add_version(
        draft.report,
        2,
        {**TEXTS, "OP1": "Also " + TEXTS["OP1"], "OP3": TEXTS["OP3"].replace("next", "following")},
    )
    b = bracket(world, draft)
    assert b.version.number == 2 and b.text == "every five years"
    with pytest.raises(Conflict, match="changed"):
        bracket(world, draft, key="OP3", words="next session")


def test_option_groups(world, draft):
    chair = world.users["chair"]
    ps = draft.paragraphs
    with pytest.raises(PermissionDenied):
        option_group_create(
            actor=world.users["delegate"],
            version=draft.version,
            label="x",
            paragraphs=[ps["OP1"], ps["OP2"]],
        )
    with pytest.raises(ValidationFailed, match="two"):
        option_group_create(actor=chair, version=draft.version, label="x", paragraphs=[ps["OP1"]])
    g = option_group_create(
        actor=chair, version=draft.version, label="OP1 or OP2", paragraphs=[ps["OP1"], ps["OP2"]]
    )
    with pytest.raises(Conflict):
        option_group_create(
            actor=chair, version=draft.version, label="y", paragraphs=[ps["OP2"], ps["OP3"]]
        )
    with pytest.raises(ValidationFailed, match="not one of"):
        option_choose(actor=chair, group=g, paragraph=ps["OP3"])
    option_choose(actor=chair, group=g, paragraph=ps["OP2"])
    assert OptionGroup.objects.get().chosen == ps["OP2"]


# --- concurrency ------------------------------------------------------------------------
# Two (here four) delegates at the same moment: see tests/drafts/concurrency_amend.py.


def _scenario(name, tmp_path):
    if connection.vendor != "sqlite":
        from .concurrency_amend import run, setup_world

        return run(name, setup_world())
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'c.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": "accord.settings.test",
    }
    done = subprocess.run(
        [sys.executable, "-m", "tests.drafts.concurrency_amend", name],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.django_db(transaction=True)
def test_delegates_bracketing_the_same_span_at_once_share_one_bracket(tmp_path):
    for outcome in _scenario("bracket", tmp_path)["rounds"]:
        assert outcome == {"errors": [], "brackets": 1, "holders": ["BRA", "IND", "KEN", "SWE"]}


@pytest.mark.django_db(transaction=True)
def test_delegates_amending_and_supporting_at_once_lose_nothing(tmp_path):
    outcome = _scenario("amend", tmp_path)
    assert outcome == {"errors": [], "amendments": ["BRA", "IND", "KEN", "SWE"], "supports": 3}


@pytest.mark.django_db(transaction=True)
def test_concurrent_decisions_one_wins_the_others_get_409(tmp_path):
    outcome = _scenario("decide", tmp_path)
    assert outcome == {"errors": ["Conflict"] * 3, "lock_version": 1}
