"""Real services for the examples' tests and for `nox -s serve`: PostgreSQL, Redis, workers,
gunicorn and nginx, from environment variables or embedded (see `servers` and `plugin`)."""
