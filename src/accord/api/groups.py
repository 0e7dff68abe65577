"""Groups, constituencies and members."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status

from accord.common.errors import ValidationFailed
from accord.groups import selectors, services
from accord.groups.forms import GroupCreateForm, MemberForm, NegotiatingGroupForm
from accord.groups.models import Member, NegotiatingGroup, WorkingGroup

from .auth import token_auth, viewer
from .errors import ErrorBody
from .fields import IsoDate, form_limit
from .pagination import Rows, paginated

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
    name: Annotated[str, form_limit(GroupCreateForm, "name")]
    slug: Annotated[str, form_limit(GroupCreateForm, "slug")] = ""
    short_name: Annotated[str, form_limit(GroupCreateForm, "short_name")] = ""
    parent_body: Annotated[str, form_limit(GroupCreateForm, "parent_body")] = ""
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
    name: Annotated[str, form_limit(MemberForm, "name")]
    kind: str
    constituency: str
    iso3: Annotated[str, form_limit(MemberForm, "iso3")] = ""
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
@paginated
def group_list(request: HttpRequest) -> Any:
    return selectors.group_list_for_viewer(viewer=viewer(request)).order_by("name", "id")


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
@paginated
def member_list(request: HttpRequest, slug: str, constituency: str = "") -> Rows:
    group = selectors.group_get_for_viewer(slug=slug, viewer=viewer(request))
    members = selectors.member_list(group=group)
    if constituency:
        members = members.filter(constituency__slug=constituency)
    return Rows(members.order_by("name", "id"), each=_member_out)


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
            _("No constituency '%(constituency)s' in this group.")
            % {"constituency": payload.constituency},
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


# ---- negotiating groups (blocs) -----------------------------------------------------------------

NEGOTIATING = "/groups/{slug}/negotiating-groups"
WRITE = {400: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody}


class BlocMemberOut(Schema):
    slug: str
    name: str
    constituency: str


class NegotiatingGroupOut(Schema):
    slug: str
    name: str
    short_name: str
    aliases: list[str]
    coordinator: str | None  # member slug
    members: list[BlocMemberOut]


class NegotiatingGroupIn(Schema):
    name: Annotated[str, form_limit(NegotiatingGroupForm, "name")]
    short_name: Annotated[str, form_limit(NegotiatingGroupForm, "short_name")] = ""
    slug: Annotated[str, form_limit(NegotiatingGroupForm, "slug")] = ""
    aliases: list[str] = []
    members: list[str] = []  # member slugs, each once
    coordinator: str | None = None  # a member slug among ``members``


class NegotiatingGroupMemberIn(Schema):
    member: str  # member slug


def _negotiating_group_out(ng: NegotiatingGroup) -> NegotiatingGroupOut:
    return NegotiatingGroupOut(
        slug=ng.slug,
        name=ng.name,
        short_name=ng.short_name,
        aliases=list(ng.aliases),
        coordinator=ng.coordinator.slug if ng.coordinator else None,
        members=[
            BlocMemberOut(slug=m.slug, name=m.name, constituency=m.constituency.slug)
            for m in ng.members.all()
        ],
    )


def _members_named(group: WorkingGroup, slugs: list[str], field: str) -> list[Member]:
    """Members by slug in the order given (repeats kept, so the service names a duplicate)."""
    found = {m.slug: m for m in group.members.filter(slug__in=slugs)}
    unknown = sorted({s for s in slugs if s not in found})
    if unknown:
        raise ValidationFailed(
            _("No such member in this group: %(slugs)s.") % {"slugs": ", ".join(unknown)},
            fields={field: _("Use member slugs of this working group.")},
        )
    return [found[s] for s in slugs]


@router.get(NEGOTIATING, response={200: list[NegotiatingGroupOut], 404: ErrorBody})
@paginated
def negotiating_group_list(request: HttpRequest, slug: str) -> Rows:
    """The group's negotiating groups (blocs) with their members and coordinator."""
    group = selectors.group_get_for_viewer(slug=slug, viewer=viewer(request))
    return Rows(selectors.negotiating_group_list(group=group), each=_negotiating_group_out)


@router.get(NEGOTIATING + "/{ng}", response={200: NegotiatingGroupOut, 404: ErrorBody})
def negotiating_group_detail(request: HttpRequest, slug: str, ng: str) -> NegotiatingGroupOut:
    group = selectors.group_get_for_viewer(slug=slug, viewer=viewer(request))
    return _negotiating_group_out(selectors.negotiating_group_get(group=group, slug=ng))


@router.post(NEGOTIATING, response={201: NegotiatingGroupOut, **WRITE}, auth=token_auth)
def negotiating_group_create(
    request: HttpRequest, slug: str, payload: NegotiatingGroupIn
) -> Status[NegotiatingGroupOut]:
    """Secretariat: define a bloc with its members (each once; no observers)."""
    group = selectors.group_get_for_viewer(slug=slug, viewer=request.user)
    coordinator = (
        _members_named(group, [payload.coordinator], "coordinator")[0]
        if payload.coordinator
        else None
    )
    created = services.negotiating_group_create(
        actor=request.user,
        group=group,
        name=payload.name,
        short_name=payload.short_name,
        slug=payload.slug,
        aliases=payload.aliases,
        members=_members_named(group, payload.members, "members"),
        coordinator=coordinator,
    )
    return Status(
        201, _negotiating_group_out(selectors.negotiating_group_get(group=group, slug=created.slug))
    )


@router.post(
    NEGOTIATING + "/{ng}/members", response={201: NegotiatingGroupOut, **WRITE}, auth=token_auth
)
def negotiating_group_add_member(
    request: HttpRequest, slug: str, ng: str, payload: NegotiatingGroupMemberIn
) -> Status[NegotiatingGroupOut]:
    group = selectors.group_get_for_viewer(slug=slug, viewer=request.user)
    negotiating_group = selectors.negotiating_group_get(group=group, slug=ng)
    [member] = _members_named(group, [payload.member], "member")
    services.negotiating_group_add_member(
        actor=request.user, negotiating_group=negotiating_group, member=member
    )
    return Status(
        201, _negotiating_group_out(selectors.negotiating_group_get(group=group, slug=ng))
    )


@router.delete(
    NEGOTIATING + "/{ng}/members/{member}",
    response={200: NegotiatingGroupOut, **WRITE},
    auth=token_auth,
)
def negotiating_group_remove_member(
    request: HttpRequest, slug: str, ng: str, member: str
) -> NegotiatingGroupOut:
    group = selectors.group_get_for_viewer(slug=slug, viewer=request.user)
    negotiating_group = selectors.negotiating_group_get(group=group, slug=ng)
    [leaving] = _members_named(group, [member], "member")
    services.negotiating_group_remove_member(
        actor=request.user, negotiating_group=negotiating_group, member=leaving
    )
    return _negotiating_group_out(selectors.negotiating_group_get(group=group, slug=ng))
