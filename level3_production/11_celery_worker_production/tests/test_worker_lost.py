"""A worker SIGKILLed in the middle of a task: the task is given to a new worker and the
payment counts once. The test starts its OWN workers on a queue of its own and kills only the
first one's process group (the worker and its pool child), by its PID."""

import os
import signal
import time
import uuid

from shared.services.workers import delete_celery_queues

VISIBILITY_TIMEOUT = 3  # s, Redis only: an unacked message is given again after this long
SLOW = 2  # s the task waits AFTER applying the payment: shorter than VISIBILITY_TIMEOUT


def wait_for(check, timeout, what):
    deadline = time.monotonic() + timeout
    while not (value := check()):
        assert time.monotonic() < deadline, f"{what}: not after {timeout} s"
        time.sleep(0.05)
    return value


def test_a_killed_workers_task_is_redelivered_and_applied_once(
    celery, start_worker, store, client, wait_done
):
    import tasks

    queue = f"{celery.PREFIX}-killed-{uuid.uuid4().hex[:6]}"
    env = {"CELERY_VISIBILITY_TIMEOUT": str(VISIBILITY_TIMEOUT), "CELERY_RESTORE_INTERVAL": "1"}
    key, who = uuid.uuid4().hex, f"killed-{uuid.uuid4().hex[:8]}"
    try:
        with start_worker([queue], **env) as first:
            result = tasks.apply_payment.apply_async((key, who, 40, 0, SLOW), queue=queue)
            # The payment is applied; the task now waits SLOW s before it returns (and acks).
            wait_for(lambda: store.get(f"balance:{who}") == "40", 15, "payment applied")
            assert result.info["hostname"] == first.node  # STARTED (task_track_started)
            os.killpg(first.pid, signal.SIGKILL)  # the worker AND its pool child, now
            first.wait(timeout=5)
        url = f"/tasks/{result.id}"
        assert client.get(url).get_json()["state"] == "STARTED"  # not acked, not lost
        # RabbitMQ gives the message back as soon as the dead worker's connection closes; on
        # Redis the new worker restores it once it is VISIBILITY_TIMEOUT s old (it looks every s).
        with start_worker([queue], **env) as second:
            body = wait_done(url, timeout=VISIBILITY_TIMEOUT + 20)
    finally:
        delete_celery_queues(celery.celery_app, [queue])

    assert body["state"] == "SUCCESS", body
    assert body["result"]["worker"] == second.node  # the new worker ran it
    assert body["result"]["attempt"] == 2  # the killed delivery, then this one
    assert body["result"]["applied"] is False  # the key was already used: no second credit
    assert store.get(f"balance:{who}") == "40"
