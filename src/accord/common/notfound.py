"""Every 404 looks the same, however it was made.

What a viewer may not see raises the same NotFound as what does not exist, so the body of a
hidden page's 404 is the body of a missing one's. Headers are another matter: a view that looked
at the session before refusing gets ``Vary: Cookie`` from the session middleware, one that
refused first does not, and the order of the values depends on which middleware added which.
A visitor could then tell a pending contribution, a closed meeting day, a draft version or an
unpublished group from nothing at all by a header. This middleware, outermost, gives every 404
the one ``Vary`` that any page may have: the language and the login.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

NOT_FOUND_VARY = "Accept-Language, Cookie"


class UniformNotFoundMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code == 404:
            response["Vary"] = NOT_FOUND_VARY
        return response
