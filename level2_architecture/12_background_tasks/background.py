"""What the views share, one set per app: the Redis client, the RQ queue, the thread pool.

create_app() calls init_app(app); a view reaches this app's set with background().
"""

from concurrent.futures import Future, ThreadPoolExecutor

import redis
from flask import current_app
from rq import Queue


class Background:
    def __init__(self, app):
        self.store = redis.Redis.from_url(app.config["REDIS_URL"])  # ids, attempts, RQ's jobs
        self.rq_queue = Queue(app.config["RQ_QUEUE"], connection=self.store)
        # Threads: these live in this process only (see README, "The limits of a thread").
        self.executor = ThreadPoolExecutor(max_workers=2, thread_name_prefix="background-job")
        self.thread_jobs: dict[str, Future] = {}


def init_app(app):
    app.extensions["background"] = Background(app)


def background() -> Background:
    return current_app.extensions["background"]
