"""Real job workers for tests and `serve`: a Celery worker and an RQ worker, each its own process.

    with celery_worker("tasks:celery_app", cwd=example, env=settings, client=tasks.celery_app):
        ...                                      # tasks sent now run in that worker
    delete_celery_queues(tasks.celery_app, ["celery-jobs-1234"])   # what RabbitMQ would keep

Each worker is stopped by its PID at the end (see shared.testing.running).
"""

from __future__ import annotations

import contextlib
import subprocess
import sys
import uuid
from collections.abc import Iterable, Iterator
from pathlib import Path

from shared.testing import running


@contextlib.contextmanager
def celery_worker(
    app: str,
    *,
    cwd: str | Path,
    env: dict[str, str] | None = None,
    args: tuple[str, ...] = (),
    client=None,
) -> Iterator[subprocess.Popen]:
    """A real Celery worker process for `app` ("module:celery_app"), ready when it says so.

    One process, one task at a time (`--pool=solo`): small and predictable on 2 cores. Give it the
    broker and backend through `env`, as the app reads them. Its node name is unique to this run
    (`proc.node`). With `client` (the same Celery app, imported by the test), the worker is first
    asked over the broker to shut down: on RabbitMQ a solo worker may notice SIGTERM only up to
    10 s later, and the broadcast reaches only this run's node.
    """
    node = f"flask-skills-{uuid.uuid4().hex[:8]}@tests"
    cmd = [
        sys.executable, "-m", "celery", "-A", app, "worker",
        "--pool=solo", "--loglevel=INFO", "--without-gossip", "--without-mingle",
        "--without-heartbeat", "-n", node, *args,
    ]  # fmt: skip
    with running(cmd, ready=" ready.", cwd=cwd, env=env, timeout=40) as proc:
        proc.node = node
        yield proc
        if client is not None and proc.poll() is None:
            client.control.shutdown(destination=[node])
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(timeout=10)


def delete_celery_queues(client, names: Iterable[str]) -> None:
    """Delete queues and what the broker keeps for them after their last consumer left: on
    RabbitMQ the queue and the exchange Celery made for it; on Redis the list of messages and
    kombu's binding set. Only the names given, so only this run's own."""
    with client.connection_for_write() as conn:
        channel = conn.default_channel
        amqp = conn.transport.driver_type == "amqp"
        for name in names:
            if amqp:
                channel.queue_delete(name)
                channel.exchange_delete(name)
            else:  # kombu's queue_delete on Redis drops only its own connection's bindings
                channel.queue_purge(name)  # every priority list of the queue
                channel.client.delete(name, f"_kombu.binding.{name}")


def celery_queue_length(client, name: str) -> int:
    """Messages waiting in a Celery queue (declared first, the way Celery declares it)."""
    with client.connection_for_write() as conn:
        _, count, _ = conn.default_channel.queue_declare(
            queue=name, durable=True, auto_delete=False
        )
        return count


@contextlib.contextmanager
def rq_worker(
    queues: list[str], *, redis_url: str, cwd: str | Path, env: dict[str, str] | None = None
) -> Iterator[subprocess.Popen]:
    """A real RQ worker process listening on `queues` of the Redis at `redis_url`."""
    rq = str(Path(sys.executable).parent / "rq")
    cmd = [rq, "worker", "--url", redis_url, "--path", str(cwd), *queues]
    with running(cmd, ready="Listening on", cwd=cwd, env=env, timeout=30) as proc:
        yield proc
