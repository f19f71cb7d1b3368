"""The Celery app and its task. The worker runs it from the repository root with:

    celery --workdir level2_architecture/12_background_tasks -A tasks worker --pool=solo

Everything comes from the environment, so the web app and the worker agree:
CELERY_BROKER_URL (Redis or RabbitMQ), CELERY_RESULT_BACKEND (Redis), CELERY_QUEUE, REDIS_URL.
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

store = redis.Redis.from_url(jobs.redis_url())  # the attempts counters


# exercise: start - retry on TransientError, at most MAX_RETRIES times, with no wait in between
@celery_app.task(
    bind=True,
    autoretry_for=(jobs.TransientError,),
    max_retries=jobs.MAX_RETRIES,
    default_retry_delay=0,
)
def count_primes_task(self, limit: int, fail_times: int = 0) -> dict:
    # self.request.id is the task id: the same for every retry of one job.
    return jobs.run(limit, fail_times, jobs.count_attempt(store, self.request.id))


# exercise: end
