"""gunicorn's settings: `gunicorn -c gunicorn.conf.py`; the command line wins over this file."""

import os

chdir = os.path.dirname(os.path.abspath(__file__))
wsgi_app = "app:create_app()"
bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
# exercise: start - gthread workers from $GUNICORN_WORKERS (default 2), 4 threads each
workers = int(os.environ.get("GUNICORN_WORKERS", "2"))
worker_class = "gthread"
threads = 4
# exercise: end
timeout = 30
# exercise: start - on HUP or TERM, old workers get 25 s to finish (compose waits 30 s)
graceful_timeout = 25
# exercise: end
keepalive = 5
accesslog = "-"
errorlog = "-"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
control_socket_disable = True  # no ~/.gunicorn/gunicorn.ctl shared by every gunicorn
