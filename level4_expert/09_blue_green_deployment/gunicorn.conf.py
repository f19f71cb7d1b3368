"""gunicorn's settings for each color: `gunicorn -c gunicorn.conf.py --bind 127.0.0.1:PORT`.

One worker process with threads: the in-flight count the drain reads (/inflight) lives in that
process, so it is the whole color's count. With several workers, each would hold its own.
"""

import os

chdir = os.path.dirname(os.path.abspath(__file__))
wsgi_app = "app:create_app()"
bind = "127.0.0.1:8001"  # switch.py gives each color its own with --bind
workers = 1
worker_class = "gthread"
threads = 8
timeout = 30
graceful_timeout = 10  # on TERM, requests still running get this long (the drain came first)
accesslog = "-"
errorlog = "-"
control_socket_disable = True  # no ~/.gunicorn/gunicorn.ctl shared by every gunicorn
