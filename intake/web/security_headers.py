"""HTTP headers that every response carries."""
from __future__ import annotations

from flask import Response, current_app, request

# Every asset is served from this site (the machines have no internet, and a government portal
# should not leak its users to third parties), so the policy can be strict.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "frame-ancestors 'none'; form-action 'self'; base-uri 'self'"
)
# A year, subdomains included (the portal has no plain-HTTP subdomain to keep reachable).
STRICT_TRANSPORT_SECURITY = "max-age=31536000; includeSubDomains"
# Nothing but the static assets may be kept by a browser or a proxy (OWASP ASVS 8.2.1): a page,
# an API answer or a download may hold a filer's figures or a reviewer's notes, and a shared
# office computer's cache or back button must not show them to the next person. Public pages
# (login, the account request) are not worth the rule's exception: they carry a CSRF token.
NO_STORE = "no-store"


def add_security_headers(response: Response) -> Response:
    response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    if request.endpoint != "static":
        # Replaces what `send_file` set for a download (`no-cache` or a max-age).
        response.headers["Cache-Control"] = NO_STORE
    if current_app.config.get("SESSION_COOKIE_SECURE") and request.is_secure:
        # Only over HTTPS (RFC 6797 §7.2: a browser ignores it over HTTP), and only where the
        # deployment says it is served over HTTPS (secure cookies), so a plain-HTTP test or
        # intranet setup is never locked out of itself for a year.
        response.headers.setdefault("Strict-Transport-Security", STRICT_TRANSPORT_SECURITY)
    return response
