import pytest
import redis
from app import create_app

from shared.testing import free_port


@pytest.fixture
def app(redis_url):
    """The app on this test's own Redis db (empty at the start), with no artificial slowness."""
    return create_app({"TESTING": True, "CACHE_REDIS_URL": redis_url, "SLOW_SECONDS": 0})


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


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
    """The app's keys in Redis (without the "shop:" prefix), sorted."""
    return lambda: sorted(key.removeprefix("shop:") for key in redis_client.keys("shop:*"))


@pytest.fixture(params=[False, True], ids=["production", "debug"])
def app_without_redis(request):
    """Redis is "down": nothing listens on that port. In debug mode too, nothing may raise."""
    dead = f"redis://127.0.0.1:{free_port()}/0"
    app = create_app({"TESTING": True, "CACHE_REDIS_URL": dead, "SLOW_SECONDS": 0})
    app.debug = request.param
    return app
