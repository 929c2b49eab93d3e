"""A Redis cache that answers "nothing cached" when Redis is down, instead of a 500.

Sessions (cached_db), rate limits and roles read the cache on every logged-in request; with
Django's own Redis backend an unreachable Redis raised ConnectionError and every logged-in page
answered 500. Here an unreachable Redis is logged as a warning and each call falls back (a miss,
nothing stored), so sessions fall back to the database; /healthz still reports the cache down.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import Any

from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)


def _fallback(method: Callable[..., Any], value: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(method)
    def call(self: RedisCacheClient, *args: Any, **kwargs: Any) -> Any:
        try:
            return method(self, *args, **kwargs)
        except (RedisConnectionError, RedisTimeoutError) as error:
            logger.warning("cache unreachable, %s skipped: %s", method.__name__, error)
            return value(*args, **kwargs)

    return call


class ResilientRedisCacheClient(RedisCacheClient):
    add = _fallback(RedisCacheClient.add, lambda *a, **k: False)
    get = _fallback(RedisCacheClient.get, lambda key, default: default)
    set = _fallback(RedisCacheClient.set, lambda *a, **k: None)
    touch = _fallback(RedisCacheClient.touch, lambda *a, **k: False)
    delete = _fallback(RedisCacheClient.delete, lambda *a, **k: False)
    get_many = _fallback(RedisCacheClient.get_many, lambda *a, **k: {})
    has_key = _fallback(RedisCacheClient.has_key, lambda *a, **k: False)
    incr = _fallback(RedisCacheClient.incr, lambda key, delta: delta)
    set_many = _fallback(RedisCacheClient.set_many, lambda *a, **k: [])
    delete_many = _fallback(RedisCacheClient.delete_many, lambda *a, **k: None)
    clear = _fallback(RedisCacheClient.clear, lambda *a, **k: False)


class ReusedRedisCacheClient(ResilientRedisCacheClient):
    """Keeps one ``redis.Redis`` per connection pool instead of building one per cache call.

    Django's client builds a new ``redis.Redis`` on every get and set, and building one fills
    its table of ~170 response callbacks: about 0.3 ms of CPU per call, five calls on a ballot
    page (sessions, roles, eligibility), measured with cProfile under the load test (issue 19).
    A ``redis.Redis`` holds no connection of its own (the pool does) and is thread-safe.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict[int, Any] = {}

    def get_client(self, key: Any = None, *, write: bool = False) -> Any:
        pool = self._get_connection_pool(write)  # type: ignore[attr-defined]
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)  # type: ignore[attr-defined]
        return client


class ResilientRedisCache(RedisCache):
    """Django's Redis cache, falling back as above when Redis does not answer."""

    def __init__(self, server: str, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._class = ReusedRedisCacheClient
