"""Real workers for this test run: one per queue, prefork pool, started once.

The broker is `celery_broker_url` (RabbitMQ when CELERY_BROKER_URL names it, else this run's
Redis db); results and balances live in this run's Redis db. Queue names are new for every run.
`worker` and `tasks` read the environment when imported, so they are imported inside fixtures.
"""

import contextlib
import importlib
import os
import signal
import sys
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from shared.services.workers import delete_celery_queues
from shared.testing import running

HERE = Path(__file__).resolve().parent


@pytest.fixture(scope="session")
def settings(redis_db_url, celery_broker_url):
    """The environment the app and the workers read, with queue names unique to this run."""
    values = {
        "REDIS_URL": redis_db_url,
        "CELERY_BROKER_URL": celery_broker_url,
        "CELERY_RESULT_BACKEND": redis_db_url,
        "CELERY_QUEUE_PREFIX": f"ledger-{uuid.uuid4().hex[:8]}",
        "REPORT_SOFT_TIME_LIMIT": "1",
        "REPORT_TIME_LIMIT": "2",
    }
    with pytest.MonkeyPatch.context() as env:
        for key, value in values.items():
            env.setenv(key, value)
        yield values


@pytest.fixture(scope="session")
def celery(settings):
    """The `worker` module (the Celery app) and `tasks`, configured from `settings`."""
    worker = importlib.import_module("worker")
    importlib.import_module("tasks")
    yield worker
    delete_celery_queues(worker.celery_app, [worker.PAYMENTS, worker.REPORTS])


@pytest.fixture(scope="session")
def start_worker(settings):
    """Start a real prefork worker on `queues`; a context manager yielding its process.

    `setsid` makes the worker the leader of a process group of its own (its pool children are in
    it): a test can SIGKILL that whole group, and nothing else. At the end the worker is stopped
    by its PID, then whatever is left of its own group is killed."""

    @contextlib.contextmanager
    def start(queues, concurrency=1, **env):
        node = f"{queues[0]}-{uuid.uuid4().hex[:6]}@tests"
        cmd = [
            "setsid", sys.executable, "-m", "celery", "-A", "worker", "worker",
            "-Q", ",".join(queues), "--pool=prefork", f"--concurrency={concurrency}",
            "--loglevel=INFO", "--without-gossip", "--without-mingle", "--without-heartbeat",
            "-n", node,
        ]  # fmt: skip
        with running(cmd, ready=" ready.", cwd=HERE, env={**settings, **env}, timeout=40) as proc:
            proc.node = node
            try:
                yield proc
            finally:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, signal.SIGTERM)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)  # pool children left behind, if any

    return start


@pytest.fixture(scope="session")
def workers(celery, start_worker):
    """One worker per queue: payments (2 processes) and reports (1 process)."""
    managers = {
        "payments": start_worker([celery.PAYMENTS], concurrency=2),
        "reports": start_worker([celery.REPORTS], concurrency=1),
    }
    with ThreadPoolExecutor(2) as pool:
        # Both start at once (each takes a second or two), and both stop at once at the end.
        started = {name: pool.submit(manager.__enter__) for name, manager in managers.items()}
        try:
            yield {name: future.result() for name, future in started.items()}
        finally:
            ok = [managers[name] for name, future in started.items() if not future.exception()]
            stops = [pool.submit(manager.__exit__, None, None, None) for manager in ok]
            for stop in stops:
                stop.result()


@pytest.fixture(scope="session")
def make_app(celery):
    create_app = importlib.import_module("app").create_app
    return lambda **config: create_app({"TESTING": True, **config})


@pytest.fixture
def app(make_app):
    return make_app()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def store(celery):
    return importlib.import_module("tasks").store


@pytest.fixture
def pay(client):
    """POST /payments with an Idempotency-Key; returns the 202 response."""

    def post(key, **body):
        response = client.post("/payments", json=body, headers={"Idempotency-Key": key})
        assert response.status_code == 202, response.get_data(as_text=True)
        return response

    return post


@pytest.fixture
def wait_done(client):
    """Poll a status URL until the task is done; a bounded loop with a deadline."""

    def wait(url, timeout=20.0):
        deadline = time.monotonic() + timeout
        while not (body := client.get(url).get_json())["done"]:
            assert time.monotonic() < deadline, f"{url} not done after {timeout} s: {body}"
            time.sleep(0.05)
        return body

    return wait
