"""A Celery worker killed (SIGKILL) in the middle of a task: the task is run again, not lost.

The test starts its OWN worker processes, on a queue of its own, and kills only the first one,
by its PID. The broker (RabbitMQ, or this run's Redis) is left alone.
"""

import os
import signal
import time
import uuid
from pathlib import Path

from shared.services.workers import celery_worker, delete_celery_queues

HERE = Path(__file__).resolve().parents[1]
APP = "tasks:celery_app"
VISIBILITY_TIMEOUT = 4  # s: on Redis, a message not acked after this long is given again
SLOW = 2  # s: the job's own wait, shorter than VISIBILITY_TIMEOUT (else it would run twice)


def poll(client, url, until, timeout):
    """The status body once until(body) is true; a bounded loop."""
    deadline = time.monotonic() + timeout
    while not until(body := client.get(url).get_json()):
        assert time.monotonic() < deadline, f"{url} after {timeout} s: {body}"
        time.sleep(0.05)
    return body


def test_a_task_whose_worker_was_killed_is_run_again_by_another_worker(settings, tasks, make_app):
    queue = f"celery-killed-{uuid.uuid4().hex[:8]}"
    env = {**settings, "CELERY_QUEUE": queue, "CELERY_VISIBILITY_TIMEOUT": str(VISIBILITY_TIMEOUT)}
    client = make_app(CELERY_QUEUE=queue).test_client()
    try:
        with celery_worker(APP, cwd=HERE, env=env) as first:
            sent_at = time.monotonic()
            response = client.post("/celery/jobs", json={"limit": 1000, "seconds": SLOW})
            assert response.status_code == 202
            url = response.headers["Location"]
            # Running, and past its start: it counted its attempt, now it sleeps SLOW s.
            poll(client, url, lambda body: body["attempts"] == 1, timeout=15)
            time.sleep(0.2)
            os.kill(first.pid, signal.SIGKILL)
            first.wait(timeout=5)
        killed_at = time.monotonic()
        assert client.get(url).get_json()["state"] == "STARTED"  # and nobody runs it now
        # On Redis, the new worker looks for such messages when it starts, then every 10 s:
        # start it once the message is old enough (RabbitMQ would not need the wait).
        time.sleep(max(0.0, sent_at + VISIBILITY_TIMEOUT + 0.5 - time.monotonic()))

        with celery_worker(APP, cwd=HERE, env=env, client=tasks.celery_app) as second:
            # RabbitMQ gave the message back at once; Redis after VISIBILITY_TIMEOUT.
            body = poll(client, url, lambda body: body["done"], timeout=VISIBILITY_TIMEOUT + 25)
    finally:
        delete_celery_queues(tasks.celery_app, [queue])

    assert body["state"] == "SUCCESS", body
    assert body["result"]["primes"] == 168
    assert body["result"]["pid"] == second.pid  # the second worker did it
    assert body["attempts"] == 2  # the killed attempt, then the one that finished
    assert time.monotonic() - killed_at < VISIBILITY_TIMEOUT + 30
