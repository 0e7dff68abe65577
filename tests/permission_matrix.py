"""The permission matrix: what every URL and every API operation answers to every role.

One entry per URL name (``namespace:name`` as ``reverse`` takes it) in ``PAGES`` and one per
Ninja operation (``"<router module>.<function>"``) in ``API``. Each case names a *place* of
``tests.permission_world`` (which object: the delegate's own, another member's, another
group's), a method, and the expected answer of each role, in the order of
``tests.conftest.ROLES``:

    secretariat chair vice_chair facilitator delegate observer outsider anonymous

Answers are status codes; ``login`` is a redirect to the login page; ``-`` is not asked (only
where a slow file export repeats a page that is asked of every role). HTML requests are made
with the session of the role's login, API requests with its bearer token (none for anonymous).
Unsafe methods are sent with an empty body: a refused role must answer its refusal (and write
nothing: the test counts audit events), an allowed one answers what an empty form earns (400,
422, a 302 back to the page, 409/410 when the state no longer allows the act).

``tests/common/test_permission_matrix.py`` fails for a URL pattern or operation without an
entry here, and for an entry whose URL no longer exists. To add a URL: give it an entry with
the place of the object it is about (add the place to ``permission_world._places`` if it is a
new kind of object) and the answers you expect from the view's permission rule
(``groups.permissions.ACTIONS`` and the view's ``*_for_viewer`` selector), not the ones it
happens to give.

Known and recorded rather than hidden:

- VALIDATES_FIRST: these HTML views read the form before asking the service, so an empty
  POST earns 400 from every role, refused ones included (nothing is written: the service's
  ``require`` still guards a filled form): meetings:day-add, meetings:agenda-add,
  contributions:call, drafts:version-paragraph-add, drafts:version-paragraph-edit,
  positions:record, positions:status, outcomes:stances, outcomes:silence-start,
  outcomes:silence-follow-on, outcomes:annex-add, followup:report-add, drafts:list (POST).
- SCHEMA_FIRST: the API validates the JSON body (422) before the permission check; anonymous
  is refused first (401) because the operation requires a token.
- drafts:version-issue answers 409 (already issued) before the permission check, to everyone.
"""

from __future__ import annotations

from dataclasses import dataclass

GET, POST, PUT, PATCH, DELETE = "GET", "POST", "PUT", "PATCH", "DELETE"

PUBLIC = "200 200 200 200 200 200 200 200"
MEMBERS = "200 200 200 200 200 200 404 404"  # hidden from the public like a missing thing
LOGGED_IN = "200 200 200 200 200 200 200 login"
NOBODY = "404 404 404 404 404 404 404 404"
SCHEMA_FIRST = "422 422 422 422 422 422 422 401"


@dataclass(frozen=True)
class C:
    """A case of an HTML URL: the place of its object, the method, the answers per role."""

    place: str
    method: str
    answers: str


@dataclass(frozen=True)
class A:
    """An API operation's case: the method and the answers per role (its path parameters
    come from ``permission_world.api_params``)."""

    method: str
    answers: str


# Left out on purpose: Django's admin (its own staff-only permission system, behind the same
# login; not accord's rules) and static files (served by WhiteNoise outside the URLconf, or by
# ``staticfiles_urlpatterns`` only when DEBUG).
EXCLUDED_NAMESPACES = {"admin"}

PAGES: dict[str, list[C]] = {
    "healthz": [C("none", GET, PUBLIC)],
    "readyz": [C("none", GET, PUBLIC)],
    "admin-login": [C("none", GET, "login login login login login login login login")],
    # The schema is the same for everyone and costs ~1 s to draw: one login and a visitor.
    "api:openapi-json": [C("none", GET, "- - - - 200 - - 200")],
    "api:openapi-view": [C("none", GET, PUBLIC)],
    "api:api-root": [C("none", GET, NOBODY)],
    "invitation-accept": [
        C("invitation", GET, "403 403 403 403 403 403 403 200"),
        C("invitation", POST, "403 403 403 403 403 403 403 400"),
    ],
    "language": [C("none", GET, "302 302 302 302 302 302 302 302")],  # back to the page
    "accounts:login": [C("none", GET, PUBLIC)],
    "accounts:login-code": [C("none", GET, "login login login login login login login login")],
    "accounts:two-factor": [C("none", GET, LOGGED_IN)],
    "accounts:logout": [C("none", POST, "302 302 302 302 302 302 302 302")],
    "accounts:tokens": [C("none", GET, LOGGED_IN)],
    "accounts:token-revoke": [
        C("token.own", GET, "302 302 302 302 302 302 302 login"),
        C("token.own", POST, "404 404 404 404 302 404 404 login"),
        C("token.other", GET, "302 302 302 302 302 302 302 login"),
        C("token.other", POST, "404 302 404 404 404 404 404 login"),
    ],
    "jobs:list": [C("none", GET, LOGGED_IN)],
    "jobs:detail": [
        C("job.own", GET, "200 200 404 404 200 404 404 404"),
        C("job.other", GET, "200 200 404 404 404 404 404 404"),
        C("job.foreign", GET, NOBODY),
    ],
    "meetings:list": [C("group", GET, PUBLIC)],
    "meetings:create": [
        C("group", GET, "200 403 403 403 403 403 403 403"),
        C("group", POST, "400 403 403 403 403 403 403 403"),
    ],
    "meetings:live": [
        C("group", GET, PUBLIC),
        C("group", POST, "400 400 403 403 403 403 403 403"),
    ],
    "meetings:live-feed": [C("group", GET, PUBLIC)],
    "meetings:detail": [C("meeting", GET, PUBLIC)],
    "meetings:day-add": [C("meeting", POST, "400 400 400 400 400 400 400 400")],
    "meetings:agenda-add": [C("meeting", POST, "400 400 400 400 400 400 400 400")],
    "meetings:day": [C("day.public", GET, PUBLIC), C("day.closed", GET, MEMBERS)],
    "meetings:upload": [
        C("day.closed", GET, "200 404 404 404 404 404 404 404"),
        C("day.closed", POST, "400 404 404 404 404 404 404 404"),
    ],
    "meetings:rematch": [C("day.closed", POST, "302 404 404 404 404 404 404 404")],
    "meetings:publish": [C("day.closed", POST, "302 403 403 403 403 403 404 404")],
    "meetings:original": [C("day.public", GET, PUBLIC), C("day.closed", GET, MEMBERS)],
    "contributions:list": [C("group", GET, PUBLIC)],
    "contributions:call-create": [
        C("group", GET, "200 200 403 403 403 403 403 403"),
        C("group", POST, "400 400 403 403 403 403 403 403"),
    ],
    "contributions:call": [
        C("call", GET, PUBLIC),
        C("call", POST, "400 400 400 400 400 400 400 400"),
    ],
    "contributions:moderation": [C("group", GET, "200 403 403 403 403 403 403 403")],
    "contributions:detail": [
        C("contribution.own", GET, MEMBERS),
        C("contribution.other", GET, MEMBERS),
        C("contribution.published", GET, PUBLIC),
        C("contribution.foreign", GET, NOBODY),
    ],
    "contributions:moderate": [
        C("contribution.own", POST, "400 400 400 400 400 400 404 404"),
        C("contribution.foreign", POST, NOBODY),
    ],
    "contributions:attachment": [C("attachment", GET, PUBLIC)],
    "correspondence:list": [C("group", GET, PUBLIC)],
    "correspondence:import": [
        C("group", GET, "200 403 403 403 403 403 403 403"),
        C("group", POST, "400 403 403 403 403 403 403 403"),
    ],
    "correspondence:thread": [C("thread", GET, PUBLIC)],
    "groups:manage": [C("group", GET, "200 404 404 404 404 404 404 404")],
    "groups:group-edit": [
        C("group", GET, "200 404 404 404 404 404 404 404"),
        C("group", POST, "400 404 404 404 404 404 404 404"),
    ],
    "groups:constituency-add": [
        C("group", GET, "200 404 404 404 404 404 404 404"),
        C("group", POST, "400 404 404 404 404 404 404 404"),
    ],
    "groups:constituency-edit": [
        C("constituency", GET, "200 404 404 404 404 404 404 404"),
        C("constituency", POST, "400 404 404 404 404 404 404 404"),
    ],
    "groups:member-add": [
        C("group", GET, "200 404 404 404 404 404 404 404"),
        C("group", POST, "400 404 404 404 404 404 404 404"),
    ],
    "groups:invitation-add": [
        C("group", GET, "200 404 404 404 404 404 404 404"),
        C("group", POST, "400 404 404 404 404 404 404 404"),
    ],
    "groups:role-revoke": [C("role", GET, "302 404 404 404 404 404 404 404")],
    "groups:negotiating-group-add": [
        C("group", GET, "200 404 404 404 404 404 404 404"),
        C("group", POST, "400 404 404 404 404 404 404 404"),
    ],
    "groups:negotiating-group-edit": [
        C("bloc", GET, "302 404 404 404 404 404 404 404"),
        C("bloc", POST, "400 404 404 404 404 404 404 404"),
    ],
    "groups:negotiating-group-member-add": [
        C("bloc", GET, "302 404 404 404 404 404 404 404"),
        C("bloc", POST, "400 404 404 404 404 404 404 404"),
    ],
    "groups:negotiating-group-member-remove": [
        C("bloc.member", GET, "302 404 404 404 404 404 404 404"),
    ],
    "groups:negotiating-group-delete": [
        C("bloc", GET, "302 404 404 404 404 404 404 404"),
        C("bloc", POST, "409 404 404 404 404 404 404 404"),
    ],
    "consultations:list": [C("group", GET, PUBLIC)],
    "consultations:open": [
        C("group", GET, "200 200 403 403 403 403 403 403"),
        C("group", POST, "400 400 403 403 403 403 403 403"),
    ],
    "consultations:detail": [
        C("consultation", GET, MEMBERS),
        C("consultation.foreign", GET, NOBODY),
    ],
    "consultations:vote": [
        C("consultation", GET, MEMBERS),
        C("consultation", POST, "400 400 400 400 400 400 404 404"),
    ],
    "consultations:submit": [
        C("consultation", GET, MEMBERS),
        C("consultation", POST, "400 400 400 400 400 400 404 404"),
    ],
    "consultations:moderation": [C("consultation", GET, "200 200 403 403 403 403 404 404")],
    "consultations:moderate": [C("statement", POST, "400 400 400 400 400 400 404 404")],
    "consultations:close": [C("consultation", POST, "302 302 403 403 403 403 404 404")],
    "consultations:map": [C("consultation", GET, MEMBERS)],
    "drafts:list": [C("group", GET, PUBLIC), C("group", POST, "400 400 400 400 400 400 400 400")],
    "drafts:report": [
        C("report", GET, PUBLIC),
        C("report", POST, "400 400 400 400 400 400 400 400"),
    ],
    "drafts:compare": [C("report", GET, PUBLIC)],
    "drafts:import": [
        C("report", GET, "200 200 400 400 400 400 400 400"),
        C("report", POST, "400 400 400 400 400 400 400 400"),
    ],
    "drafts:version": [C("version", GET, PUBLIC)],
    "drafts:version-paragraph-add": [C("version", POST, "400 400 400 400 400 400 400 400")],
    "drafts:version-paragraph-edit": [C("paragraph", POST, "400 400 400 400 400 400 400 400")],
    "drafts:version-issue": [C("version", POST, "409 409 409 409 409 409 409 409")],
    "drafts:amendment-list": [C("paragraph", GET, PUBLIC)],
    "drafts:amendment-propose": [
        C("paragraph", GET, "400 200 200 400 200 400 400 400"),
        C("paragraph", POST, "400 400 400 400 400 400 400 400"),
    ],
    "drafts:amendment-edit": [
        C("paragraph", GET, "400 200 200 400 200 400 400 400"),
        C("paragraph", POST, "403 400 400 403 400 403 403 403"),
    ],
    "drafts:bracket-add": [
        C("paragraph", GET, "400 400 400 400 200 400 400 400"),
        C("paragraph", POST, "403 403 403 403 400 403 403 403"),
    ],
    "drafts:final": [C("version", GET, PUBLIC)],
    "drafts:option-list": [
        C("version", GET, PUBLIC),
        C("version", POST, "403 400 403 403 403 403 403 403"),
    ],
    "drafts:revision-issue": [C("version", POST, "403 400 403 403 403 403 403 403")],
    "drafts:amendment": [C("amendment.own", GET, PUBLIC), C("amendment.other", GET, PUBLIC)],
    "drafts:amendment-support": [C("amendment.other", POST, "403 403 403 403 400 403 403 403")],
    "drafts:amendment-unsupport": [C("amendment.other", POST, "403 403 403 403 302 403 403 403")],
    "drafts:amendment-withdraw": [
        C("amendment.own", POST, "403 403 403 403 409 403 403 403"),
        C("amendment.other", POST, "403 403 403 403 403 403 403 403"),
    ],
    "drafts:amendment-decide": [C("amendment.other", POST, "403 400 403 403 403 403 403 403")],
    "drafts:bracket-join": [C("bracket", POST, "403 403 403 403 302 403 403 403")],
    "drafts:bracket-lift": [C("bracket", POST, "403 403 403 403 403 403 403 403")],
    "drafts:option-choose": [C("option", POST, NOBODY)],
    "drafts:export": [C("version.html", GET, PUBLIC)],
    "positions:negotiate": [C("version", GET, PUBLIC)],
    "positions:compilation": [C("version", GET, PUBLIC)],
    "positions:map": [C("version", GET, MEMBERS)],
    # The files of the (public) compilation page, 1-2 s each to write: a member, an outsider
    # and a visitor are asked; the page itself is asked of every role.
    "positions:compilation-docx": [C("version", GET, "- - - - 200 - 200 200")],
    "positions:compilation-pdf": [C("version", GET, "- - - - 200 - 200 200")],
    "positions:record": [C("paragraph", POST, "400 400 400 400 400 400 400 400")],
    "positions:status": [C("paragraph", POST, "400 400 400 400 400 400 400 400")],
    "positions:confirm": [C("paragraph", POST, "403 403 403 403 409 403 403 403")],
    "positions:history": [C("paragraph", GET, MEMBERS)],
    "followup:tracker": [C("group", GET, PUBLIC)],
    "followup:feed": [C("group", GET, PUBLIC)],
    "followup:import": [C("group", POST, "400 400 403 403 403 403 403 403")],
    "followup:track": [C("followup.outcome", POST, "400 400 403 403 403 403 403 403")],
    "followup:detail": [C("recommendation", GET, PUBLIC)],
    "followup:report-add": [C("recommendation", POST, "400 400 400 400 400 400 400 400")],
    "followup:edit": [C("recommendation", POST, "302 302 403 403 403 403 403 403")],
    "outcomes:decide": [C("version", GET, PUBLIC)],
    "outcomes:call-open": [C("version", POST, "403 302 403 403 403 403 403 403")],
    "outcomes:call-close": [C("consensus_call", POST, "403 410 403 403 403 403 403 403")],
    "outcomes:stances": [C("consensus_call", POST, "400 400 400 400 400 400 400 400")],
    "outcomes:explain": [C("consensus_call", POST, "403 403 403 403 400 403 403 403")],
    "outcomes:determine": [C("consensus_call", POST, "403 400 403 403 403 403 403 403")],
    "outcomes:silence-start": [C("version", POST, "400 400 400 400 400 400 400 400")],
    "outcomes:silence-break": [C("silence", POST, "403 403 403 403 400 403 403 403")],
    "outcomes:silence-withdraw": [C("silence", POST, "403 400 403 403 403 403 403 403")],
    "outcomes:silence-follow-on": [C("silence", POST, "400 400 400 400 400 400 400 400")],
    "outcomes:time-zone": [C("version", POST, "302 302 302 302 302 302 302 404")],
    "outcomes:package": [C("version", GET, MEMBERS)],
    "outcomes:condition-add": [C("version", POST, "400 400 400 400 400 400 404 404")],
    "outcomes:list": [C("group", GET, PUBLIC)],
    "outcomes:create": [C("group", POST, NOBODY)],
    "outcomes:detail": [C("outcome", GET, PUBLIC)],
    "outcomes:paragraph-edit": [C("outcome.paragraph", POST, "403 400 403 403 403 403 403 403")],
    "outcomes:paragraph-add": [C("outcome", POST, "403 400 403 403 403 403 403 403")],
    "outcomes:redraft": [C("outcome", POST, "403 410 403 403 403 403 403 403")],
    "outcomes:annex-add": [C("outcome", POST, "400 400 400 400 400 400 400 400")],
    "outcomes:point-add": [C("annex", POST, "403 410 403 403 403 403 403 403")],
    "outcomes:point-edit": [C("point", POST, "403 410 403 403 403 403 403 403")],
    "outcomes:issue": [C("outcome", POST, "403 410 403 403 403 403 403 403")],
    "outcomes:export": [C("outcome.html", GET, PUBLIC)],
    "publish:home": [C("none", GET, PUBLIC)],
    "publish:search-all": [C("none", GET, PUBLIC)],
    "publish:group-create": [
        C("none", GET, "200 403 403 403 403 403 403 login"),
        C("none", POST, "400 403 403 403 403 403 403 login"),
    ],
    "publish:group": [C("publish.group", GET, PUBLIC)],
    "publish:members": [C("publish.group", GET, PUBLIC)],
    "publish:search": [C("publish.group", GET, PUBLIC)],
}

API: dict[str, A] = {
    "groups.group_list": A(GET, PUBLIC),
    "groups.group_create": A(POST, SCHEMA_FIRST),
    "groups.group_detail": A(GET, PUBLIC),
    "groups.member_list": A(GET, PUBLIC),
    "groups.member_create": A(POST, SCHEMA_FIRST),
    "groups.negotiating_group_list": A(GET, PUBLIC),
    "groups.negotiating_group_create": A(POST, SCHEMA_FIRST),
    "groups.negotiating_group_detail": A(GET, PUBLIC),
    "groups.negotiating_group_add_member": A(POST, SCHEMA_FIRST),
    "groups.negotiating_group_remove_member": A(DELETE, "200 403 403 403 403 403 403 401"),
    "meetings.meeting_list": A(GET, PUBLIC),
    "meetings.meeting_create": A(POST, SCHEMA_FIRST),
    "meetings.meeting_detail": A(GET, PUBLIC),
    "meetings.transcript_detail": A(GET, MEMBERS),
    "meetings.transcript_upload": A(POST, SCHEMA_FIRST),
    "meetings.transcript_turn_list": A(GET, MEMBERS),
    "meetings.transcript_rematch": A(POST, "200 403 403 403 403 403 404 401"),
    "meetings.live_list": A(GET, PUBLIC),
    "meetings.live_create": A(POST, SCHEMA_FIRST),
    "contributions.call_list": A(GET, PUBLIC),
    "contributions.call_create": A(POST, SCHEMA_FIRST),
    "contributions.call_detail": A(GET, PUBLIC),
    "contributions.contribution_list": A(GET, PUBLIC),
    "contributions.contribution_detail": A(GET, MEMBERS),
    "contributions.contribution_submit": A(POST, SCHEMA_FIRST),
    "contributions.contribution_moderate": A(POST, SCHEMA_FIRST),
    "correspondence.thread_list": A(GET, PUBLIC),
    "correspondence.thread_detail": A(GET, PUBLIC),
    "correspondence.thread_message_list": A(GET, PUBLIC),
    "correspondence.archive_import": A(POST, "400 400 400 400 400 400 400 401"),
    "drafts.report_list": A(GET, PUBLIC),
    "drafts.report_create": A(POST, SCHEMA_FIRST),
    "drafts.version_list": A(GET, PUBLIC),
    "drafts.version_create": A(POST, SCHEMA_FIRST),
    "drafts.version_detail": A(GET, PUBLIC),
    "drafts.paragraph_add": A(POST, SCHEMA_FIRST),
    "drafts.paragraph_update": A(PUT, SCHEMA_FIRST),
    "drafts.version_issue": A(POST, "409 409 409 409 409 409 409 401"),
    "drafts.version_import": A(POST, "400 400 400 400 400 400 400 401"),
    "drafts.version_compare": A(GET, "422 422 422 422 422 422 422 422"),
    "exports.version_export": A(GET, PUBLIC),
    "amendments.amendment_list": A(GET, PUBLIC),
    "amendments.amendment_propose": A(POST, SCHEMA_FIRST),
    "amendments.amendment_propose_edited": A(POST, SCHEMA_FIRST),
    "amendments.amendment_detail": A(GET, PUBLIC),
    "amendments.amendment_support": A(POST, SCHEMA_FIRST),
    "amendments.amendment_withdraw": A(POST, "403 403 403 403 409 403 403 401"),
    "amendments.amendment_decide": A(POST, SCHEMA_FIRST),
    "amendments.bracket_list": A(GET, PUBLIC),
    "amendments.bracket_add": A(POST, SCHEMA_FIRST),
    "amendments.bracket_lift": A(POST, "403 403 403 403 403 403 403 401"),
    "amendments.option_group_list": A(GET, PUBLIC),
    "amendments.option_group_create": A(POST, SCHEMA_FIRST),
    "amendments.option_choose": A(POST, SCHEMA_FIRST),
    "amendments.final_preview": A(GET, PUBLIC),
    "amendments.revision_issue": A(POST, SCHEMA_FIRST),
    "positions.positions_list": A(GET, MEMBERS),
    "positions.positions_paragraph": A(GET, MEMBERS),
    "positions.position_record": A(POST, SCHEMA_FIRST),
    "positions.status_list": A(GET, PUBLIC),
    "positions.vote_list": A(GET, MEMBERS),
    "positions.status_set": A(POST, SCHEMA_FIRST),
    "positions.ad_referendum_confirm": A(POST, "403 403 403 403 409 403 403 401"),
    "positions.compilation_json": A(GET, PUBLIC),
    "consultations.consultation_list": A(GET, PUBLIC),
    "consultations.consultation_detail": A(GET, MEMBERS),
    "consultations.statement_list": A(GET, MEMBERS),
    "consultations.statement_submit": A(POST, SCHEMA_FIRST),
    "consultations.vote_cast": A(POST, SCHEMA_FIRST),
    "consultations.opinion_map": A(GET, MEMBERS),
    "search.search": A(GET, "422 422 422 422 422 422 422 422"),
    "outcomes.call_list": A(GET, MEMBERS),
    "outcomes.call_open": A(POST, "403 201 403 403 403 403 403 401"),
    "outcomes.call_get": A(GET, MEMBERS),
    "outcomes.stance_record": A(POST, SCHEMA_FIRST),
    "outcomes.explanation_record": A(POST, SCHEMA_FIRST),
    "outcomes.determination_make": A(POST, SCHEMA_FIRST),
    "outcomes.call_close": A(POST, "403 410 403 403 403 403 404 401"),
    "outcomes.silence_list": A(GET, PUBLIC),
    "outcomes.silence_start": A(POST, SCHEMA_FIRST),
    "outcomes.silence_break": A(POST, SCHEMA_FIRST),
    "outcomes.silence_withdraw": A(POST, SCHEMA_FIRST),
    "outcomes.package_view": A(GET, MEMBERS),
    "outcomes.package_why": A(GET, MEMBERS),
    "outcomes.condition_add": A(POST, SCHEMA_FIRST),
    "outcomes.outcome_list": A(GET, PUBLIC),
    "outcomes.outcome_create": A(POST, SCHEMA_FIRST),
    "outcomes.outcome_get": A(GET, PUBLIC),
    "outcomes.outcome_paragraph_update": A(PATCH, SCHEMA_FIRST),
    "outcomes.annex_add": A(POST, "403 410 403 403 403 403 403 401"),
    "outcomes.annex_point_add": A(POST, SCHEMA_FIRST),
    "outcomes.annex_point_update": A(PATCH, SCHEMA_FIRST),
    "outcomes.annex_point_remove": A(DELETE, "403 410 403 403 403 403 403 401"),
    "outcomes.outcome_issue": A(POST, "403 410 403 403 403 403 403 401"),
    "followup.recommendation_list": A(GET, PUBLIC),
    "followup.recommendation_get": A(GET, PUBLIC),
    "followup.progress_report_add": A(POST, SCHEMA_FIRST),
    "jobs.job_list": A(GET, PUBLIC),
    "jobs.job_detail": A(GET, "200 200 404 404 404 404 404 404"),
}
