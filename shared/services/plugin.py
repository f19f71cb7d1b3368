"""pytest fixtures for real services, loaded for every example by the repository's conftest.py.

    def test_rows(postgres):            # a fresh PostgreSQL database for this test run
        engine = create_engine(postgres.sqlalchemy_url)

    def test_cache(redis_url):          # a Redis db that no other test sees, empty at the start
        ...

    def test_events(kafka_bootstrap, kafka_topic):  # "127.0.0.1:PORT", and a topic of its own
        Producer({"bootstrap.servers": kafka_bootstrap}).produce(kafka_topic, b"hello")

A fixture starts its server only when a test asks for it, once per test session, and stops it by
PID at the end. Variables that name a server (DATABASE_URL, REDIS_URL, CELERY_BROKER_URL,
KAFKA_BOOTSTRAP_SERVERS) win over the embedded ones: `shared.services.registry.source` decides, for
these fixtures and for `serve`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from shared.services import kafka as kafka_service
from shared.services import nginx as nginx_service
from shared.services import postgres as pg
from shared.services import redis_db
from shared.services.registry import source


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[pg.Postgres]:
    """The PostgreSQL server (its maintenance database): from the environment, or embedded."""
    with pg.postgres_server() as server:
        yield server


@pytest.fixture(scope="session")
def postgres(postgres_server: pg.Postgres) -> Iterator[pg.Postgres]:
    """A fresh database for this test run, dropped afterwards."""
    with pg.fresh_database(postgres_server) as database:
        yield database


@pytest.fixture
def new_postgres_database(postgres_server: pg.Postgres) -> Iterator[Callable[[], pg.Postgres]]:
    """A factory: each call creates one more empty database, dropped when the test ends."""
    made: list[pg.Postgres] = []

    def make() -> pg.Postgres:
        made.append(pg.create_database(postgres_server))
        return made[-1]

    yield make
    for database in made:
        pg.drop_database(postgres_server, database)


@pytest.fixture(scope="session")
def redis_server() -> Iterator[str]:
    """The Redis server's URL, without a db number: from REDIS_URL, or embedded."""
    with redis_db.redis_server() as url:
        yield url


@pytest.fixture(scope="session")
def redis_db_url(redis_server: str) -> str:
    """This test run's own Redis db (session-wide: for workers that outlive one test)."""
    url = f"{redis_server}/{redis_db.claim_redis_db(redis_server)}"
    redis_db.flush_redis_db(url)
    return url


@pytest.fixture
def redis_url(redis_db_url: str) -> Iterator[str]:
    """This run's Redis db, emptied before the test: a clean keyspace no other test sees."""
    redis_db.flush_redis_db(redis_db_url)
    yield redis_db_url


@pytest.fixture(scope="session")
def celery_broker_url(redis_db_url: str) -> str:
    """CELERY_BROKER_URL when set (RabbitMQ in CI), else this run's Redis db."""
    return source("celery").value or redis_db_url


@pytest.fixture(scope="session")
def nginx() -> str:
    """The system's nginx binary; skipped, with the command that installs it, when absent."""
    binary = nginx_service.nginx_binary()
    if binary is None:
        pytest.skip(f"nginx not installed: {nginx_service.NGINX_INSTALL}")
    return binary


@pytest.fixture(scope="session")
def kafka_bootstrap() -> Iterator[str]:
    """A Kafka-protocol broker's bootstrap address: KAFKA_BOOTSTRAP_SERVERS, else an embedded one
    (librdkafka's mock cluster, in a process of its own, reachable from other processes)."""
    with kafka_service.kafka_server() as bootstrap:
        yield bootstrap


@pytest.fixture
def kafka_topic(kafka_bootstrap: str) -> Iterator[str]:
    """A topic of this test's own (a unique name), deleted afterwards where the broker allows it."""
    topic = kafka_service.create_topic(kafka_bootstrap)
    yield topic
    kafka_service.delete_topic(kafka_bootstrap, topic)
