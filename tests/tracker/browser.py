"""A tiny browser for tracker tests: keeps cookies like a real one, posts forms, reads the CSRF token."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlencode

from readwell.tracker import identity
from tests.helpers import Reply

HOST = "readwell.test"
# This browser talks HTTPS (X-Forwarded-Proto), so the tracker's cookie carries the __Host- prefix.
TRACKER = "__Host-" + identity.COOKIE
_CSRF = re.compile(r'name="csrf_token" value="([0-9a-f]+)"')


class Browser:
    def __init__(self, gateway: Any, source_ip: str = "127.0.0.1") -> None:
        self.gateway = gateway
        self.cookies: dict[str, str] = {}
        self.source_ip = source_ip

    def _headers(self, extra: list[tuple[str, str]] | None = None) -> list[tuple[str, str]]:
        headers = [("Host", HOST), ("X-Forwarded-Proto", "https")]
        if self.cookies:
            headers.append(("Cookie", "; ".join(f"{k}={v}" for k, v in self.cookies.items())))
        return headers + (extra or [])

    def _remember(self, reply: Reply) -> Reply:
        for name, value in reply.headers:
            if name.lower() == "set-cookie":
                pair = value.split(";", 1)[0]
                key, _, val = pair.partition("=")
                if "Max-Age=0" in value or not val:
                    self.cookies.pop(key, None)
                else:
                    self.cookies[key] = val
        return reply

    def _call(self, method: str, target: str, headers: list[tuple[str, str]], body: bytes = b"") -> Reply:
        return self._remember(Reply(*self.gateway(method, target, headers, body, self.source_ip)))

    def get(self, target: str) -> Reply:
        return self._call("GET", target, self._headers())

    def post(self, target: str, fields: dict[str, str], headers: list[tuple[str, str]] | None = None) -> Reply:
        extra = [("Content-Type", "application/x-www-form-urlencoded"), ("Origin", f"https://{HOST}")]
        extra += headers or []
        body = urlencode(fields).encode()
        return self._call("POST", target, self._headers(extra), body)

    def csrf(self) -> str:
        found = _CSRF.search(self.get("/tracker").text)
        assert found, "the tracker page carries a CSRF token"
        return found.group(1)

    def start(self, **fields: str) -> Reply:
        reply = self.post("/tracker/start", {"start_date": "2026-01-01", "unit": "kg", **fields})
        assert reply.status == 200, reply.text
        return reply

    def add(self, day: str, weight: str = "", **fields: str) -> Reply:
        form = {"csrf_token": self.csrf(), "date": day, **fields}
        if weight:
            form["weight"] = weight
        return self.post("/tracker/entries", form)
