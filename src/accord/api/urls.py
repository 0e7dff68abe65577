"""The API under /api/v1/: one router per domain, one error body, the OpenAPI schema served."""

from __future__ import annotations

from ninja import NinjaAPI

from . import (
    amendments,
    consultations,
    contributions,
    correspondence,
    drafts,
    exports,
    followup,
    groups,
    jobs,
    meetings,
    outcomes,
    positions,
    search,
)
from .errors import JsonParser, install_error_handlers

api = NinjaAPI(
    title="accord API",
    version="1",
    description="Working groups, members, meetings, transcripts, calls, contributions, "
    "correspondence and search. Write calls need the header `Authorization: Bearer <token>` "
    "(a token from /accounts/tokens/).",
    urls_namespace="api",
    parser=JsonParser(),
)
install_error_handlers(api)
api.add_router("/", groups.router)
api.add_router("/", meetings.router)
api.add_router("/", contributions.router)
api.add_router("/", correspondence.router)
api.add_router("/", drafts.router)
api.add_router("/", exports.router)
api.add_router("/", amendments.router)
api.add_router("/", positions.router)
api.add_router("/", consultations.router)
api.add_router("/", search.router)
api.add_router("/", outcomes.router)
api.add_router("/", followup.router)
api.add_router("/", jobs.router)
