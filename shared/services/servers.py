"""Former home of every service helper, kept while examples move to the modules of their own:
`postgres`, `redis_db`, `workers`, `wsgi`, `nginx` (see `registry` for which is which)."""

from shared.services.nginx import NGINX_INSTALL, nginx_binary, nginx_running
from shared.services.postgres import (
    Postgres,
    create_database,
    drop_database,
    fresh_database,
    postgres_from_env,
    postgres_server,
    sqlalchemy_url,
)
from shared.services.redis_db import claim_redis_db, flush_redis_db, redis_server
from shared.services.workers import celery_worker, rq_worker
from shared.services.wsgi import gunicorn

__all__ = [
    "NGINX_INSTALL",
    "Postgres",
    "celery_worker",
    "claim_redis_db",
    "create_database",
    "drop_database",
    "flush_redis_db",
    "fresh_database",
    "gunicorn",
    "nginx_binary",
    "nginx_running",
    "postgres_from_env",
    "postgres_server",
    "redis_server",
    "rq_worker",
    "sqlalchemy_url",
]
