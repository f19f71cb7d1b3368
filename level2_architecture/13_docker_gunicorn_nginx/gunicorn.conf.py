"""gunicorn's settings: `gunicorn -c gunicorn.conf.py`. A plain Python file, read at start.

Every value can come from the environment, so one Docker image runs anywhere. Options given
on the command line win over this file (`--bind 127.0.0.1:5000`).
"""

import multiprocessing
import os

# The app: create_app() in app.py. `chdir` makes this work from any folder, e.g. the repo root.
chdir = os.path.dirname(os.path.abspath(__file__))
wsgi_app = "app:create_app()"

# exercise: start - bind to $GUNICORN_BIND, by default 0.0.0.0:8000 (all interfaces)
bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
# exercise: end

# exercise: start - workers: $GUNICORN_WORKERS, else 2 x cores + 1, but never more than 8
workers = int(os.environ.get("GUNICORN_WORKERS", min(2 * multiprocessing.cpu_count() + 1, 8)))
# exercise: end

timeout = 30  # a worker silent for 30 s is killed and replaced
graceful_timeout = 30  # on SIGTERM (docker stop), finish the requests in flight first
keepalive = 5  # seconds to keep an idle connection from nginx open

# exercise: start - access log and error log to stdout/stderr ("-"), where `docker logs` reads them
accesslog = "-"
errorlog = "-"
# exercise: end
loglevel = os.environ.get("GUNICORN_LOGLEVEL", "info")

# The peers gunicorn itself trusts for X-Forwarded-Proto (it sets wsgi.url_scheme from it).
# In Docker, nginx is another container: set FORWARDED_ALLOW_IPS to its address (or "*" when
# nothing but nginx can reach gunicorn). The app's ProxyFix does the same job for Flask.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

# gunicorn 27 opens a control socket at ~/.gunicorn/gunicorn.ctl, one path for every gunicorn of
# the user. Inside a container nothing uses it; on a shared machine two servers would fight over it.
control_socket_disable = True
