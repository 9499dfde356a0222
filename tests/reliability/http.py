"""HTTP checks shared by the reliability suites: sample URLs for template routes, security headers."""

from __future__ import annotations

import re

from readwell.web.static import stylesheet
from tests.helpers import Reply

SLUG = "metastatic-breast-cancer-metastasis-and-primary-cancer"
SAMPLE_PARAMETERS = {
    "slug": SLUG,
    "name": stylesheet()[0],
    "date": "2026-01-01",
    "proxy+": "entries",
}


def sample_path(route_path: str) -> str:
    if route_path == "$default":
        return "/no/such/page"
    return re.sub(r"\{([^}]+)\}", lambda m: SAMPLE_PARAMETERS.get(m.group(1), "x"), route_path)


def assert_secure(reply: Reply, over_https: bool, label: str) -> None:
    csp = reply.header("Content-Security-Policy")
    assert csp, f"{label}: no Content-Security-Policy"
    directives = {part.split()[0]: part.split()[1:] for part in csp.split(";") if part.strip()}
    assert "'unsafe-inline'" not in csp and "'unsafe-eval'" not in csp, label
    assert directives.get("default-src") == ["'self'"], label
    assert directives.get("frame-ancestors") == ["'none'"], label
    assert directives.get("form-action") == ["'self'"], label
    hsts = reply.header("Strict-Transport-Security") or ""
    assert int(re.search(r"max-age=(\d+)", hsts).group(1)) >= 31_536_000, label  # type: ignore[union-attr]
    assert reply.header("X-Content-Type-Options") == "nosniff", label
    assert reply.header("Referrer-Policy") in ("no-referrer", "strict-origin-when-cross-origin", "same-origin"), label
    assert reply.header("Permissions-Policy"), label
    for name, value in reply.headers:
        if name.lower() == "set-cookie":
            flags = {flag.strip().split("=")[0].lower() for flag in value.split(";")[1:]}
            assert {"httponly", "samesite"} <= flags, f"{label}: cookie {value.split('=')[0]} lacks {flags}"
            if over_https:
                assert "secure" in flags, f"{label}: cookie {value.split('=')[0]} not Secure over HTTPS"
