"""The Celery app and its task. The worker runs it from the repository root with:

    celery --workdir level2_architecture/12_background_tasks -A tasks worker --pool=solo

Everything comes from the environment, so the web app and the worker agree:
CELERY_BROKER_URL (Redis or RabbitMQ), CELERY_RESULT_BACKEND (Redis), CELERY_QUEUE, REDIS_URL,
and CELERY_VISIBILITY_TIMEOUT (Redis as a broker only, see below).
This module is not called celery.py: that name would hide the celery package itself.
"""

import os

import jobs
import redis
from celery import Celery

# exercise: start - create the Celery app with the broker and result backend from the environment
celery_app = Celery(
    "tasks",
    broker=os.environ.get("CELERY_BROKER_URL", jobs.redis_url()),
    backend=os.environ.get("CELERY_RESULT_BACKEND", jobs.redis_url()),
)
celery_app.conf.update(
    task_default_queue=os.environ.get("CELERY_QUEUE", jobs.CELERY_QUEUE),
    task_track_started=True,  # report STARTED while the worker runs it, not only PENDING
    result_expires=jobs.KEEP_FOR,
    broker_connection_retry_on_startup=True,
)
# exercise: end
# A worker killed in the middle of a task (SIGKILL, out of memory, a lost machine) must not lose
# it. acks_late: the message is acked when the task ends, not when the worker takes it, so the
# broker still has it and gives it to another worker. RabbitMQ does so as soon as the dead
# worker's connection closes. Redis cannot tell: it gives the message again once it has not been
# acked for visibility_timeout seconds, which must be longer than the longest task.
celery_app.conf.update(
    task_acks_late=True,
    task_reject_on_worker_lost=True,  # a pool's child process killed: requeue, not FAILURE
    broker_transport_options={
        "visibility_timeout": int(os.environ.get("CELERY_VISIBILITY_TIMEOUT", 3600)),
        "unacked_restore_throttle": 1,  # look for such messages every 10 s, not every 100 s
    },
)

store = redis.Redis.from_url(jobs.redis_url())  # the attempts counters


# exercise: start - retry on TransientError, at most MAX_RETRIES times, with no wait in between
@celery_app.task(
    bind=True,
    autoretry_for=(jobs.TransientError,),
    max_retries=jobs.MAX_RETRIES,
    default_retry_delay=0,
)
def count_primes_task(self, limit: int, fail_times: int, seconds: int) -> dict:
    # self.request.id is the task id: the same for every retry of one job.
    return jobs.run(limit, fail_times, jobs.count_attempt(store, self.request.id), seconds)


# exercise: end
