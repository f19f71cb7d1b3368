"""The skill itself, read from Celery's own objects: its config, its router, its tasks."""

import copy
import threading
import uuid
from datetime import UTC, datetime

from celery.schedules import crontab


def test_skill_ack_late_requeue_on_worker_lost_and_prefetch_one(celery):
    conf = celery.celery_app.conf
    assert conf.task_acks_late is True, "Skill missing: set task_acks_late=True (ack at the end)"
    assert conf.task_reject_on_worker_lost is True, (
        "Skill missing: set task_reject_on_worker_lost=True (requeue a killed child's task)"
    )
    assert conf.worker_prefetch_multiplier == 1, (
        "Skill missing: set worker_prefetch_multiplier=1 (one reserved message per process)"
    )
    options = conf.broker_transport_options
    assert options.get("visibility_timeout") == 3600, (
        "Skill missing: set broker_transport_options visibility_timeout from "
        "CELERY_VISIBILITY_TIMEOUT (default 3600 s)"
    )


def test_skill_each_task_is_routed_to_its_own_queue(celery):
    router = celery.celery_app.amqp.router
    names = {queue.name for queue in celery.celery_app.conf.task_queues or ()}
    assert names == {celery.PAYMENTS, celery.REPORTS}, (
        "Skill missing: declare task_queues = (Queue(PAYMENTS), Queue(REPORTS))"
    )
    for task, queue in [
        ("tasks.apply_payment", celery.PAYMENTS),
        ("tasks.build_report", celery.REPORTS),
        ("tasks.settle_day", celery.REPORTS),
    ]:
        routed = router.route({}, task)["queue"].name
        assert routed == queue, f"Skill missing: route {task} to {queue} in task_routes"


def test_skill_beat_schedule_settles_every_night_at_0230_utc(celery):
    schedule = celery.celery_app.conf.beat_schedule
    entry = schedule.get("settle-every-night", {})
    nightly = entry.get("schedule")
    assert entry.get("task") == "tasks.settle_day" and isinstance(nightly, crontab), (
        "Skill missing: beat_schedule 'settle-every-night' runs tasks.settle_day on a crontab"
    )
    # The scheduler's own due check, at a fixed "now": 02:31 UTC, one minute after the hour.
    nightly = copy.copy(nightly)
    nightly.nowfun = lambda: datetime(2026, 1, 2, 2, 31, tzinfo=UTC)
    due_yesterday, _ = nightly.is_due(datetime(2026, 1, 1, 2, 30, tzinfo=UTC))
    due_again, _ = nightly.is_due(datetime(2026, 1, 2, 2, 30, tzinfo=UTC))
    assert due_yesterday and not due_again, (
        "Skill missing: crontab(hour=2, minute=30): due once a day, at 02:30"
    )
    report = schedule.get("report-every-5-minutes", {})
    assert report.get("task") == "tasks.build_report" and report.get("schedule") == 300.0, (
        "Skill missing: beat_schedule 'report-every-5-minutes' runs tasks.build_report every 300 s"
    )
    assert celery.celery_app.conf.timezone == "UTC"


def test_skill_payment_retries_with_exponential_backoff(celery):
    import tasks

    task = tasks.apply_payment
    assert tuple(task.autoretry_for) == (tasks.TransientError,), (
        "Skill missing: autoretry_for=(TransientError,) on apply_payment"
    )
    assert task.retry_backoff == 1 and task.retry_jitter is False, (
        "Skill missing: retry_backoff=1 and retry_jitter=False (waits of 1, 2, 4 s)"
    )
    assert task.max_retries == 3 and task.retry_backoff_max == 60, (
        "Skill missing: max_retries=3 and retry_backoff_max=60"
    )


def test_skill_report_has_a_soft_limit_below_its_hard_limit(celery):
    import tasks

    task = tasks.build_report
    assert task.soft_time_limit == 1 and task.time_limit == 2, (
        "Skill missing: build_report(soft_time_limit=SOFT_LIMIT, time_limit=HARD_LIMIT)"
    )


def test_skill_a_payment_is_applied_once_per_key_even_when_raced(celery, store):
    import tasks

    who = f"race-{uuid.uuid4().hex[:8]}"
    for _ in range(5):  # five keys, each applied by eight threads at the same moment
        key, applied = uuid.uuid4().hex, []
        barrier = threading.Barrier(8)

        def apply(key=key, applied=applied, barrier=barrier):
            barrier.wait(timeout=10)
            applied.append(tasks.apply_once(key, who, 7))

        threads = [threading.Thread(target=apply) for _ in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=10)
        assert sorted(applied) == [False] * 7 + [True], (
            "Skill missing: apply the payment and mark its key in one atomic step (SET NX + INCRBY)"
        )
        assert tasks.apply_once(key, who, 7) is False  # and again later: still once
    assert store.get(f"balance:{who}") == str(5 * 7)
