"""Real workers for this test run: one Celery worker and one RQ worker, started once.

The broker is `celery_broker_url` (RabbitMQ when CELERY_BROKER_URL names it, else Redis), the
results and the RQ queue live in this run's own Redis db (`redis_db_url`). The queue names are
new for every run, so a worker never takes a job another run left on a shared broker.

`tasks` reads its configuration from the environment when it is imported, so the app is imported
inside the fixtures, after `settings` has set the variables; the tests never import it themselves.
"""

import importlib
import time
import uuid
from pathlib import Path

import pytest
import redis
from rq import Queue

from shared.services.workers import (
    celery_queue_length,
    celery_worker,
    delete_celery_queues,
    rq_worker,
)

HERE = Path(__file__).resolve().parent


@pytest.fixture(scope="session")
def settings(redis_db_url, celery_broker_url):
    """The environment the app and both workers read, with queue names unique to this run."""
    run = uuid.uuid4().hex[:8]
    values = {
        "REDIS_URL": redis_db_url,
        "CELERY_BROKER_URL": celery_broker_url,
        "CELERY_RESULT_BACKEND": redis_db_url,
        "CELERY_QUEUE": f"celery-jobs-{run}",
        "RQ_QUEUE": f"rq-jobs-{run}",
    }
    with pytest.MonkeyPatch.context() as env:
        for name, value in values.items():
            env.setenv(name, value)
        yield values


@pytest.fixture(scope="session")
def tasks(settings):
    """The `tasks` module (the Celery app), configured from `settings`."""
    return importlib.import_module("tasks")


@pytest.fixture(scope="session")
def workers(settings, tasks):
    """A real `celery worker` and a real `rq worker` process, for the whole test run.

    The Celery worker is asked over the broker to stop (`client=`), then stopped by its PID;
    RabbitMQ keeps this run's queue afterwards, so it is deleted."""
    with (
        celery_worker("tasks:celery_app", cwd=HERE, env=settings, client=tasks.celery_app),
        rq_worker([settings["RQ_QUEUE"]], redis_url=settings["REDIS_URL"], cwd=HERE, env=settings),
    ):
        yield
    delete_celery_queues(tasks.celery_app, [settings["CELERY_QUEUE"]])


@pytest.fixture(scope="session")
def make_app(settings):
    """A factory: each call is a new app, as after a restart or in another gunicorn worker."""
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
def store(settings):
    """A Redis client on the db the app and the workers use (to read attempts counters)."""
    client = redis.Redis.from_url(settings["REDIS_URL"])
    yield client
    client.close()


@pytest.fixture(params=["celery", "rq"])
def job_runner(request):
    """Celery, then RQ: the tests of one contract run against each real worker."""
    return request.param


@pytest.fixture
def submit(client):
    """POST a job to a runner ("celery", "rq", "thread"); the answer must be a 202."""

    def post(runner, **body):
        response = client.post(f"/{runner}/jobs", json=body)
        assert response.status_code == 202, response.get_data(as_text=True)
        return response

    return post


@pytest.fixture
def idle_app(make_app, tasks, store):
    """An app whose Celery and RQ queues have no worker: whatever it enqueues stays there.

    Yields (app, celery_length, rq_length): two functions that count the waiting jobs.
    """
    run = uuid.uuid4().hex[:8]
    celery_queue, rq_queue = f"idle-celery-{run}", f"idle-rq-{run}"
    app = make_app(CELERY_QUEUE=celery_queue, RQ_QUEUE=rq_queue)
    yield (
        app,
        lambda: celery_queue_length(tasks.celery_app, celery_queue),
        lambda: Queue(rq_queue, connection=store).count,
    )
    delete_celery_queues(tasks.celery_app, [celery_queue])
    Queue(rq_queue, connection=store).delete(delete_jobs=True)


@pytest.fixture
def wait_done():
    """Poll a status URL until the job is done; a bounded loop with a deadline.

    Returns (last status body, every state seen on the way).
    """

    def wait(client, url, timeout=15.0):
        deadline = time.monotonic() + timeout
        states = []
        while True:
            response = client.get(url)
            assert response.status_code == 200, response.get_data(as_text=True)
            body = response.get_json()
            states.append(body["state"])
            if body["done"]:
                return body, states
            if time.monotonic() > deadline:
                raise AssertionError(f"{url} not done after {timeout} s; states: {states}")
            time.sleep(0.05)

    return wait
