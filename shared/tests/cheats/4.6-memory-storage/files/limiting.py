"""The rate limit: Flask-Limiter, its counts in Redis, so every worker and every server share them.

    @api_limit            # on a view: 5 requests a minute per IP, 10 per user (API key)
    def view(): ...

The limiter is made once, here; create_app() binds it to the app with init_limiter(app).
"""

from cache import REDIS_OPTIONS
from flask import current_app, request
from flask_limiter import Limiter


def current_user():
    """The user whose API key the request carries; None without a key or with an unknown one."""
    key = request.headers.get("X-API-Key")
    return current_app.config["API_KEYS"].get(key) if key else None


def client_key():
    """Whom a request counts against: its user, else its IP (ProxyFix's, behind a proxy)."""
    # exercise: start - "user:<name>" for a known API key, else "ip:<request.remote_addr>"
    user = current_user()
    return f"user:{user}" if user else f"ip:{request.remote_addr}"
    # exercise: end


def limit_for_client():
    """The limit of this request's client: users get more than anonymous IP addresses."""
    return current_app.config["USER_LIMIT" if current_user() else "ANON_LIMIT"]


# exercise: start - Limiter(client_key), moving window, headers; api_limit: a shared_limit
limiter = Limiter(client_key, strategy="moving-window", headers_enabled=True)
api_limit = limiter.shared_limit(limit_for_client, scope="api")
# exercise: end


def init_limiter(app):
    # exercise: start - counts in Redis: RATELIMIT_STORAGE_URI=REDIS_URL, _OPTIONS=REDIS_OPTIONS
    app.config.setdefault("RATELIMIT_STORAGE_URI", "memory://")  # each worker counts alone
    app.config.setdefault("RATELIMIT_STORAGE_OPTIONS", REDIS_OPTIONS)
    # exercise: end
    # exercise: start - fail open: RATELIMIT_SWALLOW_ERRORS, a Redis error lets requests through
    app.config.setdefault("RATELIMIT_SWALLOW_ERRORS", True)
    # exercise: end
    limiter.init_app(app)
