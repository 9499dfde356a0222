"""Every cookie Readwell reads, read one way; every cookie it sets, set one way (whole site, HttpOnly,
SameSite=Lax; over HTTPS also Secure and named with the __Host- prefix, which browsers accept only from
this very host, for the whole site, over HTTPS: no sibling domain can plant or shadow one)."""

from __future__ import annotations

from http.cookies import CookieError, SimpleCookie

from aws_lambda_powertools.shared.cookies import Cookie, SameSite

# Real cookie headers are short; anything far longer is not ours and not worth parsing.
MAX_COOKIE_HEADER = 4096
HOST_PREFIX = "__Host-"


def cookie_name(name: str, over_https: bool) -> str:
    """The name a cookie goes by: __Host-<name> over HTTPS; local plain HTTP keeps the plain name."""
    return HOST_PREFIX + name if over_https else name


def read_cookie(cookies: list[str] | None, name: str, over_https: bool) -> str | None:
    """The value of one of our cookies from API Gateway's `cookies` list ("name=value" strings), or None.

    Over HTTPS only the __Host- form counts: a plain one could have been set by another subdomain.
    """
    name = cookie_name(name, over_https)
    for raw in cookies or []:
        if not isinstance(raw, str) or len(raw) > MAX_COOKIE_HEADER:
            continue
        jar: SimpleCookie = SimpleCookie()
        try:
            jar.load(raw)
        except CookieError:
            continue
        if name in jar:
            return jar[name].value
    return None


def is_https(forwarded_proto: str | None) -> bool:
    # API Gateway sets X-Forwarded-Proto; behind a chain of proxies the first value is the reader's.
    return (forwarded_proto or "").split(",")[0].strip().lower() == "https"


def site_cookie(name: str, value: str, forwarded_proto: str | None, max_age: int | None = None) -> Cookie:
    """A cookie for the whole site; max_age None lasts the browser session, 0 clears it."""
    over_https = is_https(forwarded_proto)
    return Cookie(
        name=cookie_name(name, over_https),
        value=value,
        path="/",
        secure=over_https,
        http_only=True,
        max_age=max_age,
        same_site=SameSite.LAX_MODE,
    )
