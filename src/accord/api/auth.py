"""API authentication: bearer tokens for write calls; reads take a token optionally.

Write calls never rely on the session cookie, so the API needs no CSRF token.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from ninja.security import HttpBearer

from accord.accounts.services import api_token_authenticate


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = api_token_authenticate(token)
        if user is not None:
            request.user = user
        return user


token_auth = TokenAuth()


def viewer(request: HttpRequest) -> Any:
    """Who is reading: the token's user when a valid bearer token is sent, else anonymous."""
    header = request.headers.get("Authorization", "")
    if header.lower().startswith("bearer "):
        user = api_token_authenticate(header[7:].strip())
        if user is not None:
            return user
    return AnonymousUser()
