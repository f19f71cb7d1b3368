"""Background jobs three ways: a Celery worker, an RQ worker and a plain thread.

    nox -s serve -- level2_architecture/12_background_tasks

Each way is a blueprint with the same two endpoints:

    POST /<runner>/jobs        {"limit": 1000, "fail_times": 0, "seconds": 0}
                               -> 202 Accepted + Location
    GET  /<runner>/jobs/<id>   -> {"state": ..., "done": ..., "result" or "error": ...}

where <runner> is celery (celery_views.py), rq (rq_views.py) or thread (thread_views.py).
create_app() only wires them together.
"""

import os

import background
import celery_views
import jobs
import redis
import rq_views
import thread_views
from flask import Flask
from kombu.exceptions import OperationalError
from replies import backend_down, too_large


def create_app(config=None):
    app = Flask(__name__)
    app.config.update(
        REDIS_URL=jobs.redis_url(),
        CELERY_QUEUE=os.environ.get("CELERY_QUEUE", jobs.CELERY_QUEUE),
        RQ_QUEUE=os.environ.get("RQ_QUEUE", jobs.RQ_QUEUE),
        MAX_CONTENT_LENGTH=64 * 1024,  # a bigger body is a 413 before it is read
    )
    if config is not None:
        app.config.update(config)
    background.init_app(app)
    app.register_blueprint(celery_views.bp, url_prefix="/celery")
    app.register_blueprint(rq_views.bp, url_prefix="/rq")
    app.register_blueprint(thread_views.bp, url_prefix="/thread")
    # Redis (the results, the RQ queue) or the broker is down: a JSON 503, not an HTML 500.
    app.register_error_handler(redis.RedisError, backend_down)
    app.register_error_handler(OperationalError, backend_down)
    app.register_error_handler(413, too_large)
    return app
