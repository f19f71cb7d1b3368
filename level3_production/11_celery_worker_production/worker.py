"""The Celery app, configured for production. The worker runs it from the repository root with:

    celery --workdir level3_production/11_celery_worker_production -A worker worker \
        -Q ledger-payments,ledger-reports --concurrency=2

Everything comes from the environment, so the web app and the workers agree: CELERY_BROKER_URL
(Redis or RabbitMQ), CELERY_RESULT_BACKEND, REDIS_URL, CELERY_QUEUE_PREFIX (the queue names),
CELERY_VISIBILITY_TIMEOUT (Redis as a broker only).
"""

import os

from celery import Celery
from celery.schedules import crontab
from kombu import Queue


def redis_url() -> str:
    return os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")


PREFIX = os.environ.get("CELERY_QUEUE_PREFIX", "ledger")
PAYMENTS = f"{PREFIX}-payments"  # short, money-moving tasks
REPORTS = f"{PREFIX}-reports"  # slow tasks: they must never delay a payment

celery_app = Celery(
    "worker",
    broker=os.environ.get("CELERY_BROKER_URL", redis_url()),
    backend=os.environ.get("CELERY_RESULT_BACKEND", redis_url()),
    include=["tasks"],
)
celery_app.conf.update(
    task_track_started=True,
    result_expires=24 * 3600,
    broker_connection_retry_on_startup=True,
    timezone="UTC",
)

# exercise: start - ack late, requeue a task whose worker died, take one message at a time
celery_app.conf.update(
    task_acks_late=True,  # ack when the task ends: a killed worker's task is given again
    task_reject_on_worker_lost=True,  # a pool child killed: requeue it, not FAILURE
    worker_prefetch_multiplier=1,  # each process reserves one message, not four
    broker_transport_options={
        # Redis only: a message not acked after this many seconds is given to another worker.
        # Longer than your longest task, or a slow task runs twice.
        "visibility_timeout": int(os.environ.get("CELERY_VISIBILITY_TIMEOUT", 3600)),
        # How often a worker looks for such messages (kombu's default: every 100 s).
        "unacked_restore_interval": int(os.environ.get("CELERY_RESTORE_INTERVAL", 10)),
        "unacked_restore_throttle": 1,
    },
)
# exercise: end

# exercise: start - declare the two queues and route each task to its own
celery_app.conf.task_queues = (Queue(PAYMENTS), Queue(REPORTS))
celery_app.conf.task_default_queue = PAYMENTS
celery_app.conf.task_routes = {
    "tasks.apply_payment": {"queue": PAYMENTS},
    "tasks.build_report": {"queue": REPORTS},
    "tasks.settle_day": {"queue": REPORTS},
}
# exercise: end

# exercise: start - a beat schedule: settle every night at 02:30 UTC, a report every 5 minutes
celery_app.conf.beat_schedule = {
    "settle-every-night": {"task": "tasks.settle_day", "schedule": crontab(hour=2, minute=30)},
    "report-every-5-minutes": {"task": "tasks.build_report", "schedule": 300.0},
}
# exercise: end
