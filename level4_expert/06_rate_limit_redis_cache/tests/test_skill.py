"""Skill checks: each says what is missing, through Flask-Limiter's, limits' and werkzeug's own
objects, and the AST of the cache where only the source can tell (the lock's SET options)."""

import ast
import inspect

import cache
import limiting
from limits.storage import RedisStorage
from limits.strategies import MovingWindowRateLimiter, SlidingWindowCounterRateLimiter
from werkzeug.middleware.proxy_fix import ProxyFix


def test_skill_the_counts_are_in_redis(app):
    storage = limiting.limiter._storage
    assert isinstance(storage, RedisStorage), (
        "Skill missing: RATELIMIT_STORAGE_URI set to REDIS_URL in init_limiter: with "
        f"{type(storage).__name__} each worker counts alone, and 2 workers let 2N requests through"
    )
    options = storage.storage.connection_pool.connection_kwargs
    assert options.get("socket_timeout") and options["socket_timeout"] <= 1, (
        "Skill missing: RATELIMIT_STORAGE_OPTIONS = REDIS_OPTIONS (socket_timeout, "
        "socket_connect_timeout, retry=None): without them a hung Redis hangs every request"
    )


def test_skill_a_window_with_no_burst_at_its_edge(app):
    strategy = limiting.limiter.limiter
    assert isinstance(strategy, MovingWindowRateLimiter | SlidingWindowCounterRateLimiter), (
        'Skill missing: Limiter(..., strategy="moving-window"): a fixed window lets 2N requests '
        f"through around its edge (found {type(strategy).__name__})"
    )


def test_skill_the_limit_is_in_the_headers(client):
    response = client.get("/api/whoami")
    assert "X-RateLimit-Limit" in response.headers, (
        "Skill missing: Limiter(..., headers_enabled=True): clients read X-RateLimit-* and "
        "Retry-After to slow down"
    )


def test_skill_the_key_is_the_user_else_the_ip(app):
    assert limiting.limiter._key_func is limiting.client_key, (
        "Skill missing: Limiter(client_key, ...): the key function says whom a hit counts against"
    )
    with app.test_request_context(headers={"X-API-Key": "alice-dev-key"}):
        as_user = limiting.client_key()
    with app.test_request_context(environ_base={"REMOTE_ADDR": "10.1.2.3"}):
        as_ip = limiting.client_key()
    stranger = {"X-API-Key": "made-up"}
    with app.test_request_context(headers=stranger, environ_base={"REMOTE_ADDR": "10.9.9.9"}):
        as_stranger = limiting.client_key()
    assert (as_user, as_ip, as_stranger) == ("user:alice", "ip:10.1.2.3", "ip:10.9.9.9"), (
        'Skill missing: client_key() returns "user:<name>" for a known X-API-Key, else '
        '"ip:<request.remote_addr>"'
    )


def test_skill_proxyfix_trusts_the_configured_hops_only(make_app):
    for hops in (1, 2):
        wsgi = make_app(PROXY_HOPS=hops).wsgi_app
        assert isinstance(wsgi, ProxyFix) and (wsgi.x_for, wsgi.x_proto) == (hops, hops), (
            "Skill missing: app.wsgi_app = ProxyFix(app.wsgi_app, x_for=PROXY_HOPS, "
            "x_proto=PROXY_HOPS): the client's IP is the one the last trusted proxy saw"
        )
    assert not isinstance(make_app(PROXY_HOPS=0).wsgi_app, ProxyFix), (
        "Skill missing: no ProxyFix when PROXY_HOPS is 0: a client could write its own address"
    )


def calls_in(function):
    tree = ast.parse(inspect.getsource(function))
    return [node for node in ast.walk(tree) if isinstance(node, ast.Call)]


def test_skill_the_lock_is_set_nx_with_an_expiry():
    sets = [
        {kw.arg for kw in call.keywords}
        for call in calls_in(cache.cache_aside)
        if isinstance(call.func, ast.Attribute) and call.func.attr == "set"
    ]
    assert any({"nx", "px"} <= keywords for keywords in sets), (
        "Skill missing: take the lock with r.set(lock, token, nx=True, px=LOCK_MS) in cache_aside: "
        "NX so only one request wins, PX so a crashed winner frees it"
    )


def test_skill_the_cache_fails_open_on_redis_errors_only():
    tree = ast.parse(inspect.getsource(cache.get_or_compute))
    caught = [
        ast.unparse(handler.type)
        for handler in ast.walk(tree)
        if isinstance(handler, ast.ExceptHandler) and handler.type is not None
    ]
    assert caught == ["redis.RedisError"], (
        "Skill missing: `except redis.RedisError` in get_or_compute (log a warning, return "
        f"compute()): found {caught or 'no handler'}; `except Exception` would hide the app's bugs"
    )


def test_skill_the_limiter_fails_open(app):
    assert limiting.limiter._swallow_errors is True, (
        "Skill missing: RATELIMIT_SWALLOW_ERRORS = True in init_limiter: a Redis error must let "
        "the request through (logged), not answer 500"
    )
