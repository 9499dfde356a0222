"""Who owns a tracker, without accounts: a random secret the reader keeps, of which we store a hash.

The secret is 120 random bits written in base32 (24 letters and digits). The cookie holds it as is;
the recovery code is the same secret grouped in fours so a person can copy it to another device.
Nothing about it is stored except sha256(secret), so a leaked table opens no tracker.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import ipaddress
import re
import secrets

TOKEN_BYTES = 15  # 120 bits; base32 of 15 bytes is exactly 24 characters, no padding
TOKEN_LENGTH = 24
COOKIE = "rw_tracker"
COOKIE_MAX_AGE = 400 * 24 * 3600  # the longest lifetime browsers honour
_TOKEN = re.compile(r"^[A-Z2-7]{24}$")
_LOOKALIKES = str.maketrans({"0": "O", "1": "I", "8": "B"})
_CSRF_PURPOSE = b"readwell tracker form"


def new_token() -> str:
    return base64.b32encode(secrets.token_bytes(TOKEN_BYTES)).decode("ascii")


def is_token(value: str) -> bool:
    return bool(_TOKEN.match(value))


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("ascii")).hexdigest()


def recovery_code(token: str) -> str:
    """ABCD-EFGH-...: six groups of four, easy to read aloud and type."""
    return "-".join(token[i : i + 4] for i in range(0, TOKEN_LENGTH, 4))


def token_from_recovery_code(text: str) -> str | None:
    """The token a typed recovery code stands for (spaces, dashes, case and 0/1/8 forgiven), or None."""
    cleaned = re.sub(r"[\s\-_.]", "", text[:200]).upper().translate(_LOOKALIKES)
    return cleaned if is_token(cleaned) else None


def csrf_token(token: str) -> str:
    """A per-tracker form token: unforgeable without the secret, checked on every tracker POST."""
    return hmac.new(token.encode("ascii"), _CSRF_PURPOSE, hashlib.sha256).hexdigest()


def csrf_matches(token: str, submitted: str) -> bool:
    return hmac.compare_digest(csrf_token(token), submitted.encode("ascii", "replace").decode("ascii"))


def client_key(address: str, key: bytes) -> str:
    """What the per-address counters (tracker/rate_limits.py) are keyed by: an HMAC of the address under a secret key.

    A bare hash of an IPv4 address can be reversed by hashing all four billion; without the key it cannot.
    """
    counted = counted_address(address)
    return hmac.new(key, b"recovery attempts " + counted.encode("utf-8", "replace"), hashlib.sha256).hexdigest()


# One IPv6 subscriber is given a whole /64 (RFC 6177, RFC 7934) and may use any address in it: counted per
# address, one device could try without limit.
IPV6_SUBSCRIBER_PREFIX = 64


def counted_address(address: str) -> str:
    """The address as the limits count it: an IPv6 address as its /64, an IPv4 one (mapped into IPv6 or not) as
    itself; anything else (no address known) as given."""
    try:
        parsed = ipaddress.ip_address(address.strip())
    except ValueError:
        return address
    if isinstance(parsed, ipaddress.IPv6Address):
        if parsed.ipv4_mapped is not None:
            return str(parsed.ipv4_mapped)
        return str(ipaddress.IPv6Network((parsed, IPV6_SUBSCRIBER_PREFIX), strict=False))
    return str(parsed)
