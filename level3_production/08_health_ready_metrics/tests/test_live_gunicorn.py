"""A real gunicorn (1 worker, 8 threads), many clients at once, its Redis hung: liveness answers
every client 200 while readiness answers every client 503, each bounded by the check's timeout."""

import concurrent.futures
from pathlib import Path

import pytest
import requests

from shared.services.wsgi import gunicorn

EXAMPLE = Path(__file__).resolve().parent.parent


@pytest.fixture
def live(postgres, own_redis):
    redis_url, proc = own_redis()
    env = {"DATABASE_URL": postgres.url, "REDIS_URL": redis_url, "READINESS_TIMEOUT": "0.5"}
    args = ("--worker-class", "gthread", "--workers", "1", "--threads", "8")
    with gunicorn("app:create_app()", cwd=EXAMPLE, env=env, args=args) as url:
        yield url, proc


def test_concurrent_probes_while_redis_hangs(live, hung):
    url, proc = live
    assert requests.get(f"{url}/readyz", timeout=10).status_code == 200
    paths = ["/readyz"] * 4 + ["/healthz"] * 20
    with hung(proc), concurrent.futures.ThreadPoolExecutor(8) as pool:
        responses = list(pool.map(lambda p: (p, requests.get(url + p, timeout=10)), paths))
    for path, response in responses:
        if path == "/healthz":
            assert (response.status_code, response.json()) == (200, {"status": "ok"})
        else:
            assert response.status_code == 503
            assert response.json()["checks"] == {"postgres": "ok", "redis": "timeout"}
    assert requests.get(f"{url}/readyz", timeout=10).status_code == 200
