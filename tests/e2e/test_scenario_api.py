"""The acceptance scenario end to end through the REST API alone (SCENARIO.md, in small).

From the zero draft (a Markdown file) through two revisions built from amendments, brackets and
positions, to the Chair's consensus call on Rev.2, which fails because three members object to
half of the recommendations; the package view then gives the largest package every member
accepts, who blocks the rest and what would let one in; silence on the text is broken; the
Chair's summary is drafted from the record, edited, given the for-and-against annex on the
proposed mechanism, issued, and read by the public, on the API and on the site.

Only the people are set up through services (accounts and roles come from invitations by
e-mail link, which have no API); everything else goes through ``/api/v1/`` with bearer tokens,
as an integration would.
"""

from __future__ import annotations

import datetime as dt
import json
from contextlib import contextmanager
from typing import Any
from unittest import mock

import pytest

from accord.accounts.services import api_token_create
from accord.groups import services as group_services
from accord.groups.models import Role
from accord.outcomes.models import Outcome, StanceEvent
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

API = "/api/v1"
T0 = dt.datetime(2027, 1, 26, 9, 0, tzinfo=dt.UTC)  # the final meeting's last morning

ZERO_DRAFT = """# Recommendations of the working group on enhanced cooperation

## Preamble

*Recalling* the mandate given to the working group by the Commission,

*Recognizing* the contributions received from all stakeholders,

## Recommendations

1. *Recommends* the full participation of all stakeholders in their respective roles;
2. *Recommends* that all stakeholders take part on an equal footing in the follow-up;
3. *Encourages* the open publication of the working group's records;
4. *Recommends* the participation of civil society in every future session;
5. *Invites* Member States to share national experiences every two years;
6. *Requests* the secretariat to compile good practices;
7. *Encourages* capacity building for developing countries;
8. *Recommends* the establishment of a new intergovernmental mechanism on enhanced cooperation;
"""

# Member code → (name, constituency, ISO code).
STATES = {
    "BRA": "Brazil",
    "CUB": "Cuba",
    "IRN": "Iran (Islamic Republic of)",
    "SAU": "Saudi Arabia",
    "ZAF": "South Africa",
    "FIN": "Finland",
    "DEU": "Germany",
    "SWE": "Sweden",
}
HOLDOUTS = ("CUB", "IRN", "SAU")
CONTESTED = ("OP1", "OP2", "OP3", "OP4")  # half of the eight recommendations
ACCEPTED = ("OP5", "OP6", "OP7", "OP8")
FOR_MECHANISM = "The Commission is the right place to discuss a mechanism."
AGAINST_MECHANISM = "Any new body would duplicate existing forums."


@contextmanager
def frozen(at: dt.datetime):
    with mock.patch("django.utils.timezone.now", return_value=at):
        yield


class Api:
    """The test client with a bearer token per actor."""

    def __init__(self, client: Any, tokens: dict[str, str]) -> None:
        self.client, self.tokens = client, tokens

    def _headers(self, who: str | None) -> dict[str, str]:
        return {"HTTP_AUTHORIZATION": f"Bearer {self.tokens[who]}"} if who else {}

    def get(self, path: str, who: str | None = None, status: int = 200) -> Any:
        response = self.client.get(API + path, **self._headers(who))
        assert response.status_code == status, (path, response.content[:500])
        return response.json() if response["Content-Type"].startswith("application/json") else None

    def send(self, method: str, path: str, body: Any, who: str, status: int = 201) -> Any:
        response = getattr(self.client, method)(
            API + path, json.dumps(body), content_type="application/json", **self._headers(who)
        )
        assert response.status_code == status, (path, body, response.content[:800])
        return response.json() if response.content else None

    def post(self, path: str, body: Any, who: str, status: int = 201) -> Any:
        return self.send("post", path, body, who, status)


def _span(text: str, words: str) -> tuple[int, int]:
    assert words in text, (words, text)
    start = text.index(words)
    return start, start + len(words)


@pytest.fixture
def api(client: Any, staff_user: Any) -> Api:
    tokens = {"admin": api_token_create(user=staff_user, name="e2e")[1]}
    return Api(client, tokens)


def _establish(api: Api, staff_user: Any) -> dict[str, str]:
    """The group, its members and blocs through the API; people and roles through services.
    Returns member code → slug."""
    group = api.post(
        "/groups",
        {"name": "Working Group on Enhanced Cooperation", "short_name": "WGEC", "slug": "wgec"},
        "admin",
    )
    assert group["slug"] == "wgec"
    slugs = {}
    for code, name in STATES.items():
        made = api.post(
            "/groups/wgec/members",
            {"name": name, "kind": "state", "constituency": "member-states", "iso3": code},
            "admin",
        )
        slugs[code] = made["slug"]
    for code, name, constituency in (
        ("CS", "Open Network Alliance", "civil-society"),
        ("PS", "Global Carriers Association", "private-sector"),
    ):
        made = api.post(
            "/groups/wgec/members",
            {"name": name, "kind": "organisation", "constituency": constituency},
            "admin",
        )
        slugs[code] = made["slug"]
    api.post(
        "/groups/wgec/negotiating-groups",
        {
            "name": "Group of 77 and China",
            "short_name": "G77",
            "slug": "g77",
            "members": [slugs[c] for c in ("BRA", "CUB", "IRN", "SAU", "ZAF")],
            "coordinator": slugs["ZAF"],
        },
        "admin",
    )
    api.post(
        "/groups/wgec/negotiating-groups",
        {
            "name": "European Union",
            "short_name": "EU",
            "slug": "eu",
            "members": [slugs[c] for c in ("FIN", "DEU", "SWE")],
            "coordinator": slugs["FIN"],
        },
        "admin",
    )
    from accord.groups.models import Member, WorkingGroup

    wg = WorkingGroup.objects.get(slug="wgec")
    for kind in ("chair", "secretariat"):
        user = UserFactory(username=f"wgec-{kind}")
        group_services.role_assign(actor=staff_user, group=wg, user=user, kind=kind)
        api.tokens[kind] = api_token_create(user=user, name="e2e")[1]
    for code, slug in slugs.items():
        user = UserFactory(username=f"delegate-{code.lower()}")
        group_services.role_assign(
            actor=staff_user,
            group=wg,
            user=user,
            kind=Role.Kind.DELEGATE,
            member=Member.objects.get(group=wg, slug=slug),
        )
        api.tokens[code] = api_token_create(user=user, name="e2e")[1]
    return slugs


REPORT = "/groups/wgec/drafts/recommendations"


def _version(api: Api, number: int, who: str = "chair") -> dict[str, str]:
    body = api.get(f"{REPORT}/versions/{number}", who)
    return {item["key"]: item["text"] for item in body["items"]}


def _negotiate_zero_draft(api: Api, slugs: dict[str, str]) -> None:
    """Zero draft → Rev.1: a replacement by the G77, supported by Brazil and co-sponsored
    by the EU's Finland; an insertion by Germany that the Chair does not take up; a bracket
    held by Iran and a position on it; the revision from the accepted amendment."""
    texts = _version(api, 1)
    start, end = _span(texts["OP2"], "take part on an equal footing in")
    g77 = api.post(
        f"{REPORT}/versions/1/amendments",
        {
            "paragraph": "OP2",
            "kind": "replace_text",
            "start": start,
            "end": end,
            "new_text": "take part, in their respective roles, in",
            "rationale": "Roles differ.",
            "on_behalf_of": "g77",
        },
        "ZAF",
    )
    assert g77["proposed_by"] == "South Africa on behalf of the G77"
    api.post(f"{REPORT}/amendments/{g77['id']}/support", {"kind": "support"}, "BRA", 200)
    api.post(f"{REPORT}/amendments/{g77['id']}/support", {"kind": "cosponsor"}, "FIN", 200)
    germany = api.post(
        f"{REPORT}/versions/1/amendments",
        {"paragraph": "OP6", "kind": "insert_text", "start": 0, "new_text": "Also "},
        "DEU",
    )
    start, end = _span(texts["OP8"], "a new intergovernmental mechanism")
    bracket = api.post(
        f"{REPORT}/versions/1/brackets",
        {"paragraph": "OP8", "start": start, "end": end, "reason": "contested"},
        "SWE",
    )
    assert [h["member"] for h in bracket["holders"]] == [slugs["SWE"]]
    api.post(
        f"{REPORT}/versions/1/paragraphs/OP8/positions",
        {"kind": "object", "reason": "A new body duplicates existing forums."},
        "SWE",
    )
    api.post(
        f"{REPORT}/amendments/{germany['id']}/decide",
        {"decision": "not_incorporated", "lock_version": 0, "reason": "Not needed."},
        "chair",
        200,
    )
    rev1 = api.post(
        f"{REPORT}/versions/1/revision", {"amendments": [g77["id"]], "label": "Rev.1"}, "chair"
    )
    assert rev1["number"] == 2 and rev1["based_on"] == 1
    texts = _version(api, 2)
    assert texts["OP2"] == (
        "*Recommends* that all stakeholders take part, in their respective roles, in the follow-up;"
    )
    assert texts["OP6"] == _version(api, 1)["OP6"]  # Germany's insertion was not taken up


def _negotiate_rev1(api: Api) -> None:
    """Rev.1 → Rev.2: Sweden lifts its bracket; the EU proposes a softer mechanism text, the
    G77 amends the amendment, and the Chair takes both (the amendment as amended)."""
    brackets = api.get(f"{REPORT}/versions/2/brackets", "chair")["items"]
    assert len(brackets) == 1 and not brackets[0]["lifted"]
    api.post(f"{REPORT}/brackets/{brackets[0]['id']}/lift", {}, "SWE", 200)
    texts = _version(api, 2)
    # Sweden's bracket came into Rev.1 with the text; the whole bracketed phrase is replaced.
    start, end = _span(texts["OP8"], "the establishment of [a new intergovernmental mechanism]")
    eu = api.post(
        f"{REPORT}/versions/2/amendments",
        {
            "paragraph": "OP8",
            "kind": "replace_text",
            "start": start,
            "end": end,
            "new_text": "further discussion of a possible mechanism",
            "on_behalf_of": "eu",
        },
        "FIN",
    )
    # An amendment to the amendment: its span is in the EU's proposed words.
    start, end = _span(eu["new_text"], "further discussion")
    sub = api.post(
        f"{REPORT}/versions/2/amendments",
        {
            "paragraph": "OP8",
            "kind": "replace_text",
            "start": start,
            "end": end,
            "new_text": "further discussion, in the Commission,",
            "parent": eu["id"],
            "on_behalf_of": "g77",
        },
        "ZAF",
    )
    assert sub["parent"] == eu["id"]
    rev2 = api.post(
        f"{REPORT}/versions/2/revision",
        {"amendments": [eu["id"], sub["id"]], "label": "Rev.2"},
        "chair",
    )
    assert rev2["number"] == 3
    assert _version(api, 3)["OP8"] == (
        "*Recommends* further discussion, in the Commission, of a possible mechanism on "
        "enhanced cooperation;"
    )
    # Positions on the mechanism paragraph as it now reads, with their reasons.
    for code, kind, reason in (
        ("SWE", "support", FOR_MECHANISM),
        ("DEU", "support", FOR_MECHANISM),
        ("PS", "object", AGAINST_MECHANISM),
    ):
        api.post(
            f"{REPORT}/versions/3/paragraphs/OP8/positions",
            {"kind": kind, "reason": reason},
            code,
        )


def test_the_scenario_through_the_api(api: Api, staff_user: Any, client: Any) -> None:
    slugs = _establish(api, staff_user)
    members = {slug: code for code, slug in slugs.items()}

    # ---- the zero draft, imported from Markdown and issued by the Chair
    api.post(
        "/groups/wgec/drafts",
        {"title": "Recommendations", "symbol": "WGEC/2027/L.1"},
        "secretariat",
    )
    response = api.client.post(
        f"{API}{REPORT}/import",
        {"file": _upload(ZERO_DRAFT), "kind": "zero_draft", "label": "Zero draft"},
        HTTP_AUTHORIZATION=f"Bearer {api.tokens['secretariat']}",
    )
    # The import is a job (run at once in the tests); the new version is read as any other.
    assert response.status_code == 202, response.content
    assert response.json()["status"] == "succeeded"
    assert response.json()["result"]["number"] == 1
    imported = api.get(f"{REPORT}/versions/1", "secretariat")
    ops = [i["key"] for i in imported["items"] if i["kind"] == "op"]
    assert ops == [f"OP{n}" for n in range(1, 9)]
    assert [i["key"] for i in imported["items"] if i["kind"] == "pp"] == ["PP1", "PP2"]
    api.post(f"{REPORT}/versions/1/issue", {}, "chair", 200)

    # ---- two revisions
    _negotiate_zero_draft(api, slugs)
    _negotiate_rev1(api)
    versions = api.get(f"{REPORT}/versions", "CUB")["items"]
    assert [(v["number"], v["label"], v["status"]) for v in versions] == [
        (1, "Zero draft", "issued"),
        (2, "Rev.1", "issued"),
        (3, "Rev.2", "issued"),
    ]

    # ---- the consensus call on Rev.2 fails: three members object to half of the text
    rev2 = f"{REPORT}/versions/3"
    call = api.post(f"{rev2}/calls", {"note": "I now test consensus on Rev.2."}, "chair")
    api.post(
        f"{rev2}/calls/{call['id']}/stances", {"kind": "no_objection", "on_behalf_of": "g77"}, "ZAF"
    )
    api.post(f"{rev2}/calls/{call['id']}/stances", {"kind": "support", "on_behalf_of": "eu"}, "FIN")
    for code in ("CS", "PS"):
        api.post(f"{rev2}/calls/{call['id']}/stances", {"kind": "support"}, code)
    for code in HOLDOUTS:
        for key in CONTESTED:
            api.post(
                f"{rev2}/calls/{call['id']}/stances",
                {
                    "kind": "object",
                    "paragraph": key,
                    "reason": "The role of governments is not reflected.",
                },
                code,
            )
    api.post(
        f"{rev2}/calls/{call['id']}/explanations",
        {"timing": "before", "text": "The Group can live with the text.", "on_behalf_of": "g77"},
        "ZAF",
    )
    decision = api.get(f"{rev2}/calls/{call['id']}", "chair")
    assert decision["adopted"] is False and decision["failed"] == list(CONTESTED)
    objecting = {members[o["member"]]: o["paragraphs"] for o in decision["objections"]}
    assert objecting == {code: list(CONTESTED) for code in HOLDOUTS}
    by_key = {p["key"]: p for p in decision["paragraphs"]}
    for key in ACCEPTED:
        assert by_key[key]["adopted"] is True and by_key[key]["objecting"] == []
    # Brazil said nothing itself: the G77's "no objection" counts for it, but not for the
    # three holdouts, whose own objections win.
    assert by_key["OP1"]["counts"]["object"] == 3
    closed = api.post(f"{rev2}/calls/{call['id']}/close", {}, "chair", 200)
    assert closed["record"] == {"adopted": False, "failed": list(CONTESTED), "determined": []}
    assert StanceEvent.objects.filter(kind="object").count() == 3 * len(CONTESTED)
    api.post(
        f"{rev2}/calls/{call['id']}/explanations",
        {
            "timing": "after",
            "text": "Sweden regrets that consensus was not reached.",
            "paragraphs": ["OP1"],
        },
        "SWE",
    )
    explained = api.get(f"{rev2}/calls/{call['id']}", "CS")["explanations"]
    assert [(members[e["member"]], e["timing"], e["on_behalf_of"]) for e in explained] == [
        ("ZAF", "before", "g77"),
        ("SWE", "after", None),
    ]

    # ---- the package view: the largest package everyone accepts, and who blocks the rest
    package = api.get(f"{rev2}/package", "chair")
    assert package["all_accept"] is True and package["status"] == "optimal"
    assert package["package"] == list(ACCEPTED)  # checked by hand: the only objections
    left = {row["item"]: row for row in package["left_out"]}
    assert sorted(left) == list(CONTESTED)
    for key in CONTESTED:
        assert sorted(members[m] for m in left[key]["blockers"]) == sorted(HOLDOUTS)
        assert left[key]["by_group"] == {"g77": 3}
        assert left[key]["by_constituency"] == {"member-states": 3}
    why = api.get(f"{rev2}/package/why/OP1", "chair")
    assert why["possible"] is False
    assert why["withdrawals"]["minimum"] == 3 and why["withdrawals"]["status"] == "optimal"
    [needed] = why["withdrawals"]["sets"]
    assert sorted(
        (members[w["member"]], w["kind"], w["items"][0]) for w in needed["withdrawals"]
    ) == [(code, "objection", "OP1") for code in HOLDOUTS]
    assert needed["package"] == ["OP1", *ACCEPTED]
    api.get(f"{rev2}/package", None, 404)  # members only

    # ---- silence on the whole text, broken by Iran
    with frozen(T0):
        silence = api.post(
            f"{rev2}/silence",
            {
                "deadline_local": "2027-01-29T18:00",
                "time_zone": "Europe/Zurich",
                "note": "Last try.",
            },
            "chair",
        )
        assert silence["deadline"] == "2027-01-29T17:00:00Z"
        api.post(
            f"{rev2}/silence/{silence['id']}/breaks",
            {"paragraphs": ["OP2"], "reason": "We cannot accept OP2 as drafted."},
            "IRN",
        )
    with frozen(T0 + dt.timedelta(days=4)):
        [after] = api.get(f"{rev2}/silence", "CUB")["items"]
        assert after["result"] == "broken" and not after["running"]
        late = api.post(
            f"{rev2}/silence/{silence['id']}/breaks",
            {"paragraphs": ["OP3"], "reason": "Too late."},
            "CUB",
            410,
        )
        assert late["error"]["code"] == "closed"

    # ---- the Chair's summary: drafted from the record, edited, annexed, issued
    summary = api.post(
        "/groups/wgec/outcomes",
        {
            "kind": "chairs_summary",
            "call": call["id"],
            "title": "Chair's summary",
            "symbol": "WGEC/2027/CRP.1",
        },
        "chair",
    )
    assert summary["status"] == "draft" and summary["kind"] == "chairs_summary"
    texts = [p for p in summary["paragraphs"] if p["kind"] == "text"]
    assert texts and all(p["sources"] for p in texts)  # every statement cites its sources
    whole = " ".join(p["text"] for p in texts)
    assert "objection" in whole.lower()
    api.get(f"/groups/wgec/outcomes/{summary['id']}", None, 404)  # not public before issue
    first = texts[0]
    edited = api.send(
        "patch",
        f"/groups/wgec/outcomes/{summary['id']}/paragraphs/{first['key']}",
        {"text": first["text"] + " The Chair thanks all delegations."},
        "chair",
        200,
    )
    assert edited["is_edited"] and edited["drafted_text"] == first["text"]
    annex = api.post(
        f"/groups/wgec/outcomes/{summary['id']}/annexes",
        {
            "paragraph": "OP8",
            "title": "Arguments for and against a new intergovernmental mechanism",
        },
        "chair",
    )
    # Drafted from the reasons given on OP8 in Rev.2: one point for (Sweden and Germany
    # gave the same reason: one point), one against (the private sector), each with its source.
    drafted = {(p["side"], p["text"]): p for p in annex["points"]}
    assert set(drafted) == {("for", FOR_MECHANISM), ("against", AGAINST_MECHANISM)}
    assert drafted[("for", FOR_MECHANISM)]["members"] == sorted([slugs["SWE"], slugs["DEU"]])
    assert drafted[("against", AGAINST_MECHANISM)]["members"] == [slugs["PS"]]
    assert all(p["sources"] for p in annex["points"])
    api.post(
        f"/groups/wgec/outcomes/{summary['id']}/annexes/{annex['id']}/points",
        {
            "side": "for",
            "text": "A mechanism would give governments a standing forum.",
            "negotiating_groups": ["g77"],
            "sources": [{"kind": "position", "label": "G77 statement", "url": "/g/wgec/"}],
        },
        "chair",
    )
    api.post(
        f"/groups/wgec/outcomes/{summary['id']}/annexes/{annex['id']}/points",
        {
            "side": "against",
            "text": "A new body duplicates existing forums.",
            "members": [slugs["SWE"]],
        },
        "chair",
    )
    api.post(
        f"/groups/wgec/outcomes/{summary['id']}/annexes/{annex['id']}/points",
        {"side": "against", "text": "x", "members": ["atlantis"]},
        "chair",
        400,
    )
    api.post(f"/groups/wgec/outcomes/{summary['id']}/issue", {}, "CUB", 403)
    issued = api.post(f"/groups/wgec/outcomes/{summary['id']}/issue", {}, "chair", 200)
    assert issued["status"] == "issued" and len(issued["content_hash"]) == 64
    api.send(
        "patch",
        f"/groups/wgec/outcomes/{summary['id']}/paragraphs/{first['key']}",
        {"text": "Changed after issue."},
        "chair",
        410,
    )

    # ---- the public reads it, on the API and on the site
    public = api.get(f"/groups/wgec/outcomes/{summary['id']}")
    assert public["status"] == "issued" and public["symbol"] == "WGEC/2027/CRP.1"
    [public_annex] = public["annexes"]
    sides = sorted(p["side"] for p in public_annex["points"])
    assert "for" in sides and "against" in sides
    assert any(p["negotiating_groups"] == ["g77"] for p in public_annex["points"])
    assert [o["id"] for o in api.get("/groups/wgec/outcomes")["items"]] == [summary["id"]]
    page = client.get(f"/g/wgec/outcomes/{summary['id']}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "The Chair thanks all delegations." in html
    assert "Arguments for and against a new intergovernmental mechanism" in html
    assert Outcome.objects.get().is_issued


def _upload(text: str) -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("zero-draft.md", text.encode(), content_type="text/markdown")
