"""gunicorn's settings: its own log lines are JSON too, with the app's formatter.

`gunicorn -c gunicorn.conf.py`; options on the command line win (`--bind 127.0.0.1:5000`).
"""

import os
import sys

chdir = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, chdir)  # so logging's dictConfig can import logs.JsonFormatter
wsgi_app = "app:create_app()"
bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", "2"))
control_socket_disable = True  # no ~/.gunicorn/gunicorn.ctl shared by every gunicorn

# The app writes one JSON line per request itself (logs.log_request): no access log.
accesslog = None
# exercise: start - gunicorn.error as JSON: logconfig_dict with a logs.JsonFormatter
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {
            "()": "logs.JsonFormatter",
            "fmt": "{levelname}{name}{message}",
            "style": "{",
            "rename_fields": {"levelname": "level", "name": "logger"},
            "timestamp": True,
        }
    },
    "handlers": {
        "stderr": {
            "class": "logging.StreamHandler",
            "formatter": "json",
            "stream": "ext://sys.stderr",
        }
    },
    "loggers": {
        "gunicorn.error": {"level": "INFO", "handlers": ["stderr"], "propagate": False},
        # Its access line holds the raw query string (?token=...): drop it, the app logs requests.
        "gunicorn.access": {"level": "CRITICAL", "handlers": [], "propagate": False},
    },
    "root": {"level": "WARNING", "handlers": ["stderr"]},
}
# exercise: end
