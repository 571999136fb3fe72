"""Guards for the web app: the Host allow-list, an access token when it listens beyond this machine,
per-client rate limits, request size limits and the headers every response carries. Article text is
attacker-controlled, and so may be the network and any page open in the user's browser."""
from __future__ import annotations

import hmac
import time
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass, field

from starlette.middleware.base import BaseHTTPMiddleware, RequestResponseEndpoint
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.types import ASGIApp

from detente.answer.pages import HEADERS, error_page
from detente.errors import message

LOOPBACK = {"127.0.0.1", "localhost", "::1"}
WILDCARD = {"0.0.0.0", "::", ""}
ANY_HOST = "*"
COOKIE = "detente_token"
MIN_TOKEN = 16  # characters; the generated token has 32


def check_token(token: str | None) -> None:
    """A token short enough to guess over the network protects nothing: refuse it."""
    if token is not None and len(token) < MIN_TOKEN:
        raise ValueError(message("E024", n=len(token), minimum=MIN_TOKEN))


def host_name(header: str) -> str:
    """The name in a Host header, without its port: '[::1]:8765' -> '::1', 'LocalHost:80' -> 'localhost'."""
    name = header.strip().lower()
    if name.startswith("["):
        return name[1:].split("]", 1)[0]
    return name.rsplit(":", 1)[0] if name.count(":") == 1 else name


@dataclass
class Limits:
    # A person browsing makes a few requests a second; a scraper or a runaway script makes hundreds.
    requests_per_second: float = 20.0
    burst: int = 60
    max_url_chars: int = 4096
    max_body_bytes: int = 64 * 1024  # the app takes no uploads; a large body is never legitimate
    # Clients remembered, least recently seen dropped first: addresses are cheap (IPv6), memory is not.
    max_clients: int = 10_000
    buckets: OrderedDict[str, list[float]] = field(default_factory=OrderedDict)

    def allow(self, client: str, now: float) -> bool:
        """Token bucket per client address."""
        tokens, last = self.buckets.pop(client, [float(self.burst), now])
        tokens = min(float(self.burst), tokens + (now - last) * self.requests_per_second)
        allowed = tokens >= 1
        self.buckets[client] = [tokens - allowed, now]
        if len(self.buckets) > self.max_clients:
            self.buckets.popitem(last=False)
        return allowed


class Guard(BaseHTTPMiddleware):
    def __init__(self, app: ASGIApp, token: str | None, limits: Limits,
                 hosts: Iterable[str]) -> None:
        super().__init__(app)
        self.token, self.limits, self.hosts = token, limits, {host_name(h) for h in hosts}

    async def dispatch(self, request: Request, call_next: RequestResponseEndpoint) -> Response:
        response = self.refusal(request) or await call_next(request)
        response.headers.update(HEADERS)  # every answer: pages, exports, redirects and errors alike
        return response

    def refusal(self, request: Request) -> Response | None:
        if len(str(request.url)) > self.limits.max_url_chars:
            return error_page(414, "The request address is too long.")
        length = request.headers.get("content-length", "0")
        if not length.isdigit() or int(length) > self.limits.max_body_bytes:
            return error_page(413, "The request body is too large; this app takes no uploads.")
        # A page on another site can point its own name at this machine (DNS rebinding) and then read
        # these pages as its own; its requests still carry that name in Host.
        if ANY_HOST not in self.hosts and host_name(request.headers.get("host", "")) not in self.hosts:
            return error_page(400, "This server does not answer to that host name. Open it as localhost or "
                                   "127.0.0.1, or by the address given to `detente serve --host`.")
        client = request.client.host if request.client else "?"
        if not self.limits.allow(client, time.monotonic()):
            return error_page(429, "Too many requests; slow down.", {"Retry-After": "1"})
        return _unauthorised(request, self.token) if self.token else None


def _unauthorised(request: Request, token: str) -> Response | None:
    given = request.query_params.get("token")
    if given is not None and _same(given, token):
        # Trade the token in the link for a cookie, and drop it from the address bar and history.
        response = RedirectResponse(_here(request), 303)
        response.set_cookie(COOKIE, token, httponly=True, samesite="strict")
        return response
    scheme, _, credentials = request.headers.get("authorization", "").partition(" ")
    if _same(request.cookies.get(COOKIE, ""), token) or (scheme.lower() == "bearer" and _same(credentials, token)):
        return None
    return error_page(401, "A token is needed: open the link `detente serve` printed.")


def _here(request: Request) -> str:
    """The requested address without the token, as a path on this server. Browsers read '//host', '/\\host'
    and '/<tab>/host' as another site, so any such path becomes '/'."""
    path = request.scope.get("raw_path", b"").decode("latin-1")
    if not path.startswith("/") or path[1:2] in ("/", "\\") or any(c <= " " or c == "\x7f" for c in path):
        path = "/"
    query = request.url.remove_query_params("token").query
    return path + (f"?{query}" if query else "")


def _same(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode(), b.encode())
