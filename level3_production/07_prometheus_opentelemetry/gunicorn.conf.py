"""gunicorn -c gunicorn.conf.py "app:create_app()": 2 workers whose metrics add up.

PROMETHEUS_MULTIPROC_DIR must name an empty folder before gunicorn starts.
"""

from prometheus_flask_exporter.multiprocess import GunicornInternalPrometheusMetrics

workers = 2


# exercise: start - child_exit: mark the dead worker's metric files as dead
def child_exit(server, worker):
    GunicornInternalPrometheusMetrics.mark_process_dead_on_child_exit(worker.pid)


# exercise: end
