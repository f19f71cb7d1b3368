"""The job itself: plain Python that knows nothing about Celery, RQ or threads.

It counts the prime numbers below `limit`. To show retries, it can fail on purpose: the first
`fail_times` attempts raise TransientError, as a busy remote service would. To show what a worker
killed in the middle of a job does, it can be slow on purpose: it first waits `seconds`.
"""

import os
import time

from rq import get_current_job

DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/0"
CELERY_QUEUE = "celery-jobs"  # overridden by the CELERY_QUEUE environment variable
RQ_QUEUE = "rq-jobs"  # overridden by the RQ_QUEUE environment variable
MAX_LIMIT = 200_000
MAX_FAIL_TIMES = 10
MAX_SECONDS = 10
MAX_RETRIES = 3  # so a job tries at most 4 times
KEEP_FOR = 24 * 3600  # seconds: how long job records stay in Redis


class TransientError(Exception):
    """A failure worth retrying: a timeout, a busy server..."""


def redis_url() -> str:
    return os.environ.get("REDIS_URL", DEFAULT_REDIS_URL)


def validate(data):
    """Check the JSON body; return (params, error). error is None when the input is valid."""
    if not isinstance(data, dict):
        return None, 'Send a JSON object, e.g. {"limit": 1000}.'
    params = {
        "limit": data.get("limit"),
        "fail_times": data.get("fail_times", 0),
        "seconds": data.get("seconds", 0),
    }
    for name, low, high in [
        ("limit", 2, MAX_LIMIT),
        ("fail_times", 0, MAX_FAIL_TIMES),
        ("seconds", 0, MAX_SECONDS),
    ]:
        value = params[name]
        # bool is a subclass of int in Python: refuse true/false explicitly.
        if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
            return None, f"{name} must be an integer between {low} and {high}."
    return params, None


def count_primes(limit: int) -> int:
    """How many primes are below `limit` (sieve of Eratosthenes)."""
    sieve = bytearray([1]) * limit
    sieve[0:2] = b"\x00\x00"
    for n in range(2, int(limit**0.5) + 1):
        if sieve[n]:
            sieve[n * n :: n] = bytes(len(range(n * n, limit, n)))
    return sum(sieve)


def attempts_key(job_id: str) -> str:
    return f"attempts:{job_id}"


def count_attempt(store, job_id: str) -> int:
    """Add one to this job's attempts counter in Redis and return it (1 on the first run)."""
    key = attempts_key(job_id)
    attempt = store.incr(key)
    store.expire(key, KEEP_FOR)
    return attempt


def run(limit: int, fail_times: int, attempt: int, seconds: int = 0) -> dict:
    """The work. Attempts 1..fail_times fail on purpose; the next one succeeds."""
    time.sleep(seconds)  # a slow job, on purpose
    if attempt <= fail_times:
        raise TransientError(f"attempt {attempt} failed on purpose (fail_times={fail_times})")
    # pid: the process that did the work (a worker's, or the web app's own for a thread)
    return {"limit": limit, "primes": count_primes(limit), "pid": os.getpid()}


def rq_job(limit: int, fail_times: int, seconds: int = 0) -> dict:
    """What the RQ worker runs. The worker imports it by name: "jobs.rq_job"."""
    # exercise: start - count this attempt with the current RQ job's Redis connection, then run
    job = get_current_job()
    return run(limit, fail_times, count_attempt(job.connection, job.id), seconds)
    # exercise: end
