"""Behind a TLS-terminating proxy: believe what it says, and only what it says.

The proxy tells the scheme the visitor used (``X-Forwarded-Proto``) and the visitor's address
(``X-Forwarded-For``). Anyone can send those headers, so they count only when the request comes
from an address in ``ACCORD_TRUSTED_PROXIES`` (addresses or networks); from anywhere else they
are dropped before Django's SecurityMiddleware reads ``SECURE_PROXY_SSL_HEADER``. From a trusted
proxy the visitor's address becomes ``REMOTE_ADDR``, so rate limits count visitors, not the
proxy. Waitress and gunicorn pass the headers on untouched (``accord.serving``): the decision
is made here, for any server.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable, Sequence
from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest, HttpResponse

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
FORWARDED_FOR = "HTTP_X_FORWARDED_FOR"


@lru_cache(maxsize=8)
def _networks(configured: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(item.strip(), strict=False) for item in configured if item)


def _trusted(address: str, networks: Sequence[Network]) -> bool:
    try:
        ip = ipaddress.ip_address(address.strip())
    except ValueError:
        return False
    return any(ip in network for network in networks)


def _client(chain: str, networks: Sequence[Network]) -> str | None:
    """The visitor in ``X-Forwarded-For``: the last address not one of our proxies."""
    hops = [hop.strip() for hop in chain.split(",") if hop.strip()]
    for hop in reversed(hops):
        try:
            ipaddress.ip_address(hop)
        except ValueError:
            return None  # a garbled chain says nothing to rely on
        if not _trusted(hop, networks):
            return hop
    return hops[0] if hops else None


class TrustedProxyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        meta = request.META
        networks = _networks(tuple(getattr(settings, "ACCORD_TRUSTED_PROXIES", ())))
        header = settings.SECURE_PROXY_SSL_HEADER
        if networks and _trusted(str(meta.get("REMOTE_ADDR", "")), networks):
            client = _client(str(meta.get(FORWARDED_FOR, "")), networks)
            if client is not None:
                meta["REMOTE_ADDR"] = client
        else:
            meta.pop(FORWARDED_FOR, None)
            meta.pop("HTTP_X_REQUEST_ID", None)  # only a trusted proxy names the request
            if header:
                meta.pop(header[0], None)
        return self.get_response(request)
