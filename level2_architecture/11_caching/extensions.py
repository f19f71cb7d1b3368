"""The cache: made once at import, bound to each app by create_app() with cache.init_app(app).

Its backend is SafeRedisCache, named in the config by its import path ("extensions.SafeRedisCache").
"""

import logging

import redis
from flask_caching import Cache
from flask_caching.backends.rediscache import RedisCache

log = logging.getLogger(__name__)
cache = Cache()


class SafeRedisCache(RedisCache):
    """RedisCache that never breaks a request: a Redis error is logged and counts as a miss."""

    def _try(self, operation, fallback, *args):
        # exercise: start - call the parent's method; on a RedisError log a warning, return fallback
        try:
            return getattr(super(), operation)(*args)
        except redis.RedisError as exc:
            log.warning("cache %s failed, answering without the cache: %s", operation, exc)
            return fallback
        # exercise: end

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
