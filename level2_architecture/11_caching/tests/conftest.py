import pytest
import redis
from app import create_app

PREFIX = "shop:"


@pytest.fixture
def app(redis_url):
    """The app on this test's own Redis db (empty at the start), with no artificial slowness."""
    return create_app({"TESTING": True, "CACHE_REDIS_URL": redis_url, "SLOW_SECONDS": 0})


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def calls(app):
    """How many times the slow work really ran: {"search": n, "report": n}."""
    return app.extensions["catalogue"].calls


@pytest.fixture
def redis_client(redis_url):
    """A plain redis-py client on the same db, to look at what the app wrote."""
    client = redis.Redis.from_url(redis_url, decode_responses=True)
    yield client
    client.close()


@pytest.fixture
def cache_keys(redis_client):
    """The app's keys in Redis (without the prefix), sorted."""
    return lambda: sorted(key.removeprefix(PREFIX) for key in redis_client.keys(PREFIX + "*"))
