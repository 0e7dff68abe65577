"""Reports, versions and paragraphs through the services: ids, issue, immutability, roles."""

# ruff: noqa: F811  (fixtures imported from versions_fixtures)
from __future__ import annotations

import pytest

from accord.common.audit import AuditEvent
from accord.common.errors import Conflict, PermissionDenied, ValidationFailed
from accord.drafts.models import InformalConsultation, Paragraph, Version, VersionParagraph
from accord.drafts.selectors import versions as selectors
from accord.drafts.services import consultations
from accord.drafts.services import versions as services
from tests.conftest import ROLES
from tests.drafts.versions_fixtures import draft, issued, report  # noqa: F401


def keys(version):
    return [i.paragraph.key for i in selectors.version_items(version)]


def test_paragraphs_get_un_ids_and_display_numbers(world, draft):
    assert keys(draft) == ["H1", "PP1", "OP1", "OP2"]
    chair = world.users["chair"]
    op1 = draft.report.paragraphs.get(key="OP1")
    item = services.version_paragraph_add(
        actor=chair, version=draft, kind="op", text="Invites members to comment;", after=op1
    )
    assert item.paragraph.key == "OP1bis"
    assert item.paragraph.derived_from == op1
    alt = services.version_paragraph_add(
        actor=chair,
        version=draft,
        kind="op",
        text="Decides not to act;",
        after=op1,
        alternative_of=op1,
    )
    assert alt.paragraph.key == "OP1alt"
    assert keys(draft) == ["H1", "PP1", "OP1", "OP1alt", "OP1bis", "OP2"]
    numbers = [i.display_number for i in selectors.version_items(draft)]
    assert numbers == ["", "PP1", "1.", "1 alt.", "2.", "3."]
    # Moving renumbers for display; identities never change.
    op2 = draft.report.paragraphs.get(key="OP2")
    services.version_paragraph_move(actor=chair, version=draft, paragraph=op2, after=op1)
    assert keys(draft) == ["H1", "PP1", "OP1", "OP2", "OP1alt", "OP1bis"]
    items = {i.paragraph.key: i.display_number for i in selectors.version_items(draft)}
    assert items["OP2"] == "2." and items["OP1bis"] == "3."
    services.version_paragraph_remove(actor=chair, version=draft, paragraph=op2)
    assert "OP2" not in keys(draft)
    # A removed paragraph's id is never reused.
    again = services.version_paragraph_add(actor=chair, version=draft, kind="op", text="New.")
    assert again.paragraph.key == "OP3"


def test_issue_hashes_and_freezes_and_a_new_version_copies(world, issued):
    assert (
        issued.status == "issued"
        and issued.is_circulated
        and issued.issued_by == world.users["chair"]
    )
    assert len(issued.content_hash) == 64
    assert issued.content_hash == services.version_content_hash(issued)
    assert AuditEvent.objects.filter(action="accord.version.issue").count() == 1
    rev = services.version_create(
        actor=world.users["secretariat"],
        report=issued.report,
        kind="revision",
        label="Rev.1",
        based_on=issued,
    )
    assert rev.number == 2 and rev.status == "draft"
    assert keys(rev) == keys(issued)
    op1 = issued.report.paragraphs.get(key="OP1")
    services.version_paragraph_update(
        actor=world.users["secretariat"],
        version=rev,
        paragraph=op1,
        text="Decides to establish a forum;",
    )
    assert VersionParagraph.objects.get(version=issued, paragraph=op1).text.startswith(
        "Decides to ["
    )
    # The hash is deterministic: same content, same hash.
    assert services.version_content_hash(issued) == issued.content_hash


def test_issued_version_refused_before_touching_the_database(
    world, issued, django_assert_num_queries
):
    chair = world.users["chair"]
    op1 = issued.report.paragraphs.get(key="OP1")
    calls = [
        lambda: services.version_paragraph_add(actor=chair, version=issued, kind="op", text="x"),
        lambda: services.version_paragraph_update(
            actor=chair, version=issued, paragraph=op1, text="x"
        ),
        lambda: services.version_paragraph_remove(actor=chair, version=issued, paragraph=op1),
        lambda: services.version_paragraph_move(
            actor=chair, version=issued, paragraph=op1, after=None
        ),
        lambda: services.version_issue(actor=chair, version=issued),
    ]
    for call in calls:
        with django_assert_num_queries(0), pytest.raises(Conflict) as caught:
            call()
        assert (
            caught.value.message == "Zero draft is issued and cannot change; create a new version."
        )
    assert VersionParagraph.objects.get(version=issued, paragraph=op1).text.startswith("Decides")


def test_bad_input(world, report, draft):
    chair = world.users["chair"]
    with pytest.raises(ValidationFailed):
        services.report_create(actor=chair, group=world.group, title="  ")
    with pytest.raises(ValidationFailed):
        services.version_create(actor=chair, report=report, kind="nonsense", label="X")
    with pytest.raises(ValidationFailed):
        services.version_paragraph_add(actor=chair, version=draft, kind="op", text="  ")
    with pytest.raises(ValidationFailed):
        services.version_paragraph_add(actor=chair, version=draft, kind="op", text="x", key="OP")
    with pytest.raises(Conflict):
        services.version_paragraph_add(actor=chair, version=draft, kind="op", text="x", key="OP1")
    empty = services.version_create(actor=chair, report=report, kind="non_paper", label="Empty")
    with pytest.raises(ValidationFailed):
        services.version_issue(actor=chair, version=empty)
    with pytest.raises(Conflict):
        services.version_publish(actor=chair, version=draft)


def test_publish_and_visibility(world, report, issued):
    draft2 = services.version_create(
        actor=world.users["chair"], report=report, kind="revision", label="Rev.1", based_on=issued
    )

    def visible(role):
        return [
            v.label for v in selectors.versions_for_viewer(viewer=world.user(role), report=report)
        ]

    assert visible("chair") == ["Zero draft", "Rev.1"]
    assert visible("secretariat") == ["Zero draft", "Rev.1"]
    assert visible("delegate") == ["Zero draft"]  # circulated, draft hidden
    assert visible("observer") == ["Zero draft"]
    assert visible("anonymous") == [] and visible("outsider") == []
    from accord.common.errors import NotFound

    for role in ["delegate", "anonymous"]:
        with pytest.raises(NotFound) as hidden:
            selectors.version_get_for_viewer(
                viewer=world.user(role), report=report, number=draft2.number
            )
        with pytest.raises(NotFound) as missing:
            selectors.version_get_for_viewer(viewer=world.user(role), report=report, number=99)
        assert hidden.value.message == missing.value.message
    services.version_publish(actor=world.users["secretariat"], version=issued)
    assert visible("anonymous") == ["Zero draft"]


ACTIONS = {
    "create": {"chair", "secretariat"},
    "edit": {"chair", "secretariat"},
    "issue": {"chair"},
    "publish": {"chair", "secretariat"},
    "consult": {"chair"},
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", sorted(ACTIONS))
def test_role_action_table(world, report, draft, role, action):
    actor = world.user(role)
    op1 = report.paragraphs.get(key="OP1")
    before = (
        Version.objects.count(),
        VersionParagraph.objects.count(),
        InformalConsultation.objects.count(),
    )

    def run():
        if action == "create":
            return services.version_create(
                actor=actor, report=report, kind="revision", label="Rev.1"
            )
        if action == "edit":
            return services.version_paragraph_update(
                actor=actor, version=draft, paragraph=op1, text="Edited."
            )
        if action == "issue":
            return services.version_issue(actor=actor, version=draft)
        if action == "publish":
            issued_v = services.version_issue(actor=world.users["chair"], version=draft)
            return services.version_publish(actor=actor, version=issued_v)
        return consultations.informal_consultation_create(
            actor=actor,
            report=report,
            title="OP1",
            facilitator=world.users["facilitator"],
            paragraphs=[op1],
        )

    if role in ACTIONS[action]:
        run()
    else:
        with pytest.raises(PermissionDenied):
            run()
        if action != "publish":
            after = (
                Version.objects.count(),
                VersionParagraph.objects.count(),
                InformalConsultation.objects.count(),
            )
            assert after == before


def test_consultations_and_sources(world, report, draft):
    chair = world.users["chair"]
    op1 = report.paragraphs.get(key="OP1")
    with pytest.raises(ValidationFailed, match="facilitator role"):
        consultations.informal_consultation_create(
            actor=chair,
            report=report,
            title="OP1",
            facilitator=world.users["delegate"],
            paragraphs=[op1],
        )
    c = consultations.informal_consultation_create(
        actor=chair,
        report=report,
        title="On OP1",
        facilitator=world.users["facilitator"],
        paragraphs=[op1],
    )
    from accord.drafts.permissions import facilitator_may_act

    assert facilitator_may_act(world.users["facilitator"], op1)
    assert not facilitator_may_act(world.users["facilitator"], report.paragraphs.get(key="OP2"))
    consultations.informal_consultation_close(actor=chair, consultation=c)
    assert not facilitator_may_act(world.users["facilitator"], op1)
    with pytest.raises(Conflict):
        consultations.informal_consultation_close(actor=chair, consultation=c)
    services.paragraph_sources_set(actor=chair, paragraph=op1, contributions=[])
    assert list(Paragraph.objects.get(pk=op1.pk).sources.all()) == []


@pytest.mark.parametrize("role", ["delegate", "observer"])
def test_one_visibility_rule_for_reading_amending_and_negotiating(world, client_as, role, issued):
    """An issued version taken out of circulation is hidden from members alike by the reading
    view, the negotiation screen and the amendments API (the amendments reads had a copy of
    the rule of their own that still showed it)."""
    slug, report = world.group.slug, issued.report.slug
    paths = [
        f"/g/{slug}/drafts/{report}/v/{issued.number}/",
        f"/g/{slug}/positions/{report}/v/{issued.number}/",
        f"/api/v1/groups/{slug}/drafts/{report}/versions/{issued.number}/amendments",
    ]
    from accord.accounts.services import api_token_create

    def statuses(who):
        client = client_as(who)
        _, key = api_token_create(user=world.users[who], name="t")
        pages = [client.get(p).status_code for p in paths[:2]]
        return [*pages, client.get(paths[2], HTTP_AUTHORIZATION=f"Bearer {key}").status_code]

    assert statuses(role) == [200, 200, 200]
    Version.objects.filter(pk=issued.pk).update(is_circulated=False)
    assert statuses(role) == [404, 404, 404]
    assert statuses("chair") == [200, 200, 200]  # the chair still reads it
