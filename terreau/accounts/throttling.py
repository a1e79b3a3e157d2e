"""Throttling of the forms an attacker would hammer: login, sign-up and password reset.

After `settings.LOGIN_MAX_FAILURES` attempts counted for the same key (an e-mail address
or a client address) within `settings.LOGIN_LOCKOUT_SECONDS`, the key is blocked until
that window, started at its first counted attempt, has passed. Counters live in the
Django cache (in-process or Redis): `add` + `incr` are atomic in both, so parallel
requests cannot slip past the limit. The window is checked against `clock()` as well as
the cache expiry, so tests can move time forward without sleeping.
"""

import hashlib
import math
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest


def clock() -> float:
    return time.time()


@dataclass(frozen=True)
class Throttle:
    """One kind of attempt (`scope`), counted separately per key."""

    scope: str

    @property
    def limit(self) -> int:
        return settings.LOGIN_MAX_FAILURES

    @property
    def window(self) -> int:
        return settings.LOGIN_LOCKOUT_SECONDS

    def _key(self, key: str) -> str:
        digest = hashlib.sha256(key.strip().lower().encode()).hexdigest()[:32]
        return f"throttle:{self.scope}:{digest}"

    def _since(self, cache_key: str) -> float | None:
        """When the current window of this key started, or None when it has passed."""
        since = cache.get(f"{cache_key}:since")
        if since is None or clock() - since >= self.window:
            return None
        return since

    def retry_after(self, *keys: str) -> int:
        """Seconds until every blocked key among `keys` is free again; 0 when none is."""
        wait = 0.0
        for key in filter(None, keys):
            cache_key = self._key(key)
            since = self._since(cache_key)
            if since is not None and cache.get(cache_key, 0) >= self.limit:
                wait = max(wait, since + self.window - clock())
        return math.ceil(wait) if wait > 0 else 0

    def is_blocked(self, *keys: str) -> bool:
        return self.retry_after(*keys) > 0

    def record(self, *keys: str) -> None:
        """Count one attempt against each key (empty keys are ignored)."""
        for key in filter(None, keys):
            cache_key = self._key(key)
            if self._since(cache_key) is None:
                # A new window: forget the previous one even if the cache still holds it.
                cache.delete_many([cache_key, f"{cache_key}:since"])
            cache.add(f"{cache_key}:since", clock(), timeout=self.window)
            cache.add(cache_key, 0, timeout=self.window)
            try:
                cache.incr(cache_key)
            except ValueError:  # expired between add and incr: start again
                cache.set(cache_key, 1, timeout=self.window)

    def reset(self, *keys: str) -> None:
        for key in filter(None, keys):
            cache_key = self._key(key)
            cache.delete_many([cache_key, f"{cache_key}:since"])


LOGIN = Throttle("login")
SIGNUP = Throttle("signup")
PASSWORD_RESET = Throttle("password-reset")
EMAIL_CHANGE = Throttle("email-change")


def client_address(request: HttpRequest) -> str:
    """The address the request came from. Behind a proxy, the proxy must set REMOTE_ADDR
    to the real client (e.g. gunicorn's --forwarded-allow-ips with a trusted proxy)."""
    return request.META.get("REMOTE_ADDR", "")
