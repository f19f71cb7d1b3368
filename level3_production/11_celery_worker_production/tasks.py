"""The tasks. A payment is applied once per idempotency key, however often it is delivered;
a report has a soft and a hard time limit."""

import os
import time

import redis
from celery.exceptions import SoftTimeLimitExceeded
from worker import celery_app, redis_url

MAX_RETRIES = 3
# Seconds. Short enough to see in a demo; in real life, a little above your slowest report.
SOFT_LIMIT = float(os.environ.get("REPORT_SOFT_TIME_LIMIT", 4))
HARD_LIMIT = float(os.environ.get("REPORT_TIME_LIMIT", 6))
KEEP_FOR = 24 * 3600

store = redis.Redis.from_url(redis_url(), decode_responses=True)


class TransientError(Exception):
    """A failure worth retrying: a timeout, a busy bank..."""


# exercise: start - apply a payment at most once per idempotency key, atomically
APPLY_ONCE = store.register_script(
    """
    if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'EX', ARGV[2]) then
        return redis.call('INCRBY', KEYS[2], ARGV[1])
    end
    return false
    """
)


def apply_once(key: str, account: str, amount: int) -> bool:
    """Credit `account` unless payment `key` was already applied; True if this call applied it."""
    return (
        APPLY_ONCE(keys=[f"payment:{key}", f"balance:{account}"], args=[amount, KEEP_FOR])
        is not None
    )
    # exercise: end


# exercise: start - retry TransientError with exponential backoff (1 s, 2 s, 4 s), no jitter
@celery_app.task(
    bind=True,
    autoretry_for=(TransientError,),
    retry_backoff=1,
    retry_backoff_max=60,
    retry_jitter=False,
    max_retries=MAX_RETRIES,
)
# exercise: end
def apply_payment(self, key: str, account: str, amount: int, fail_times: int = 0, seconds: int = 0):
    attempt = store.rpush(f"tried:{key}", time.time())  # one entry per attempt, with its time
    store.expire(f"tried:{key}", KEEP_FOR)
    if attempt <= fail_times:
        raise TransientError(f"attempt {attempt} failed on purpose (fail_times={fail_times})")
    applied = apply_once(key, account, amount)
    time.sleep(seconds)  # after the write (a receipt to send...): a kill here means a redelivery
    return {
        "key": key,
        "applied": applied,
        "balance": int(store.get(f"balance:{account}")),
        "attempt": attempt,
        "worker": self.request.hostname,
    }


@celery_app.task(bind=True, soft_time_limit=SOFT_LIMIT, time_limit=HARD_LIMIT)
def build_report(self, seconds: float = 0, stubborn: bool = False):
    """A slow task. Past the soft limit it cleans up; a `stubborn` one goes on, and is killed."""
    partial = f"report-partial:{self.request.id}"
    store.set(partial, "half-written", ex=KEEP_FOR)
    # exercise: start - past the soft limit: remove the half-written report, then re-raise
    try:
        time.sleep(seconds)
    except SoftTimeLimitExceeded:
        store.delete(partial)
        store.set(f"report-cleaned:{self.request.id}", os.getpid(), ex=KEEP_FOR)
        if stubborn:  # ignores the warning: the hard limit kills this process
            time.sleep(HARD_LIMIT * 2)
        raise
    # exercise: end
    store.delete(partial)
    return {"pid": os.getpid(), "worker": self.request.hostname}


@celery_app.task
def settle_day():
    """What beat runs every night: here, the number of accounts."""
    return {"accounts": sum(1 for _ in store.scan_iter("balance:*"))}
