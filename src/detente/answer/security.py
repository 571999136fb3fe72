"""Guards for the web app: an access token when it listens beyond this machine, per-client rate limits
and request size limits. Article text is attacker-controlled, and so may be the network."""
from __future__ import annotations

import hmac
import time
from dataclasses import dataclass, field

from starlette.middleware.base import BaseHTTPMiddleware
from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response

LOOPBACK = {"127.0.0.1", "localhost", "::1"}
COOKIE = "detente_token"


@dataclass
class Limits:
    # A person browsing makes a few requests a second; a scraper or a runaway script makes hundreds.
    requests_per_second: float = 20.0
    burst: int = 60
    max_url_chars: int = 4096
    max_body_bytes: int = 64 * 1024  # the app takes no uploads; a large body is never legitimate
    buckets: dict[str, list[float]] = field(default_factory=dict)

    def allow(self, client: str, now: float) -> bool:
        """Token bucket per client address."""
        tokens, last = self.buckets.get(client, [float(self.burst), now])
        tokens = min(float(self.burst), tokens + (now - last) * self.requests_per_second)
        if tokens < 1:
            self.buckets[client] = [tokens, now]
            return False
        self.buckets[client] = [tokens - 1, now]
        return True


class Guard(BaseHTTPMiddleware):
    def __init__(self, app, token: str | None, limits: Limits) -> None:  # type: ignore[no-untyped-def]
        super().__init__(app)
        self.token, self.limits = token, limits

    async def dispatch(self, request: Request, call_next) -> Response:  # type: ignore[no-untyped-def]
        if len(str(request.url)) > self.limits.max_url_chars:
            return PlainTextResponse("request URL too long", status_code=414)
        if int(request.headers.get("content-length") or 0) > self.limits.max_body_bytes:
            return PlainTextResponse("request body too large", status_code=413)
        client = request.client.host if request.client else "?"
        if not self.limits.allow(client, time.monotonic()):
            return PlainTextResponse("too many requests; slow down", status_code=429, headers={"Retry-After": "1"})
        if self.token:
            given = request.query_params.get("token")
            if given is not None and _same(given, self.token):
                # Trade the token in the link for a cookie, and drop it from the address bar and history.
                target = request.url.remove_query_params("token")
                response = RedirectResponse(str(target.path) + (f"?{target.query}" if target.query else ""), 303)
                response.set_cookie(COOKIE, self.token, httponly=True, samesite="strict")
                return response
            if not (_same(request.cookies.get(COOKIE, ""), self.token)
                    or _same(request.headers.get("authorization", "").removeprefix("Bearer "), self.token)):
                return PlainTextResponse("a token is needed: open the link `detente serve` printed", status_code=401)
        return await call_next(request)


def _same(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode(), b.encode())
