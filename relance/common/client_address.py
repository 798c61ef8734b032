"""The client's address behind RELANCE_PROXY_COUNT reverse proxies.

Each proxy appends the address it saw to X-Forwarded-For (nginx's $proxy_add_x_forwarded_for),
so with N proxies the client is the N-th address from the right; anything further left was
written by the client itself and proves nothing. With no proxy, the socket's address.
"""

from django.conf import settings
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str:
    proxies = settings.RELANCE_PROXY_COUNT
    remote = request.META.get("REMOTE_ADDR", "")
    if proxies <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if len(forwarded) < proxies:
        return remote  # fewer hops than proxies: the header was not written by our proxies
    return forwarded[-proxies]
