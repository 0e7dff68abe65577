"""Groups, constituencies and members."""

from __future__ import annotations

from datetime import date

from django.http import HttpRequest
from ninja import Router, Schema, Status

from accord.common.errors import ValidationFailed
from accord.groups import selectors, services
from accord.groups.models import Member

from .auth import token_auth, viewer
from .errors import ErrorBody
from .fields import IsoDate

router = Router(tags=["groups"])


class ConstituencyOut(Schema):
    name: str
    slug: str
    seats: int | None


class GroupOut(Schema):
    slug: str
    name: str
    short_name: str
    parent_body: str
    mandate: str
    start_date: date | None
    end_date: date | None
    decision_rule: str
    working_languages: list[str]


class GroupDetailOut(GroupOut):
    constituencies: list[ConstituencyOut]


class GroupIn(Schema):
    name: str
    slug: str = ""
    short_name: str = ""
    parent_body: str = ""
    mandate: str = ""
    start_date: IsoDate | None = None
    end_date: IsoDate | None = None
    decision_rule: str = "consensus"
    working_languages: list[str] = ["en"]


class MemberOut(Schema):
    slug: str
    name: str
    kind: str
    iso3: str
    status: str
    constituency: str


class MemberIn(Schema):
    name: str
    kind: str
    constituency: str
    iso3: str = ""
    status: str = "member"


def _member_out(member: Member) -> MemberOut:
    return MemberOut(
        slug=member.slug,
        name=member.name,
        kind=member.kind,
        iso3=member.iso3,
        status=member.status,
        constituency=member.constituency.slug,
    )


@router.get("/groups", response=list[GroupOut])
def group_list(request: HttpRequest) -> list[GroupOut]:
    return list(selectors.group_list_for_viewer(viewer=viewer(request)))  # type: ignore[arg-type]


@router.post(
    "/groups",
    response={201: GroupDetailOut, 400: ErrorBody, 403: ErrorBody, 409: ErrorBody},
    auth=token_auth,
)
def group_create(request: HttpRequest, payload: GroupIn) -> Status:
    group = services.group_create(actor=request.user, **payload.dict())
    return Status(
        201,
        {
            **GroupOut.from_orm(group).dict(),
            "constituencies": list(selectors.constituency_list(group=group)),
        },
    )


@router.get("/groups/{slug}", response={200: GroupDetailOut, 404: ErrorBody})
def group_detail(request: HttpRequest, slug: str) -> object:
    group = selectors.group_get_for_viewer(slug=slug, viewer=viewer(request))
    return {
        **GroupOut.from_orm(group).dict(),
        "constituencies": list(selectors.constituency_list(group=group)),
    }


@router.get("/groups/{slug}/members", response={200: list[MemberOut], 404: ErrorBody})
def member_list(request: HttpRequest, slug: str, constituency: str = "") -> list[MemberOut]:
    group = selectors.group_get_for_viewer(slug=slug, viewer=viewer(request))
    members = selectors.member_list(group=group)
    if constituency:
        members = members.filter(constituency__slug=constituency)
    return [_member_out(m) for m in members]


@router.post(
    "/groups/{slug}/members",
    response={201: MemberOut, 400: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody},
    auth=token_auth,
)
def member_create(request: HttpRequest, slug: str, payload: MemberIn) -> Status:
    group = selectors.group_get_for_viewer(slug=slug, viewer=request.user)
    constituency = group.constituencies.filter(slug=payload.constituency).first()
    if constituency is None:
        raise ValidationFailed(
            f"No constituency '{payload.constituency}' in this group.",
            fields={"constituency": "invalid"},
        )
    member = services.member_create(
        actor=request.user,
        group=group,
        constituency=constituency,
        name=payload.name,
        kind=payload.kind,
        iso3=payload.iso3,
        status=payload.status,
    )
    return Status(201, _member_out(member))
