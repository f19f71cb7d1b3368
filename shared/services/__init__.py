"""Real services for the examples' tests and for `nox -s serve`: which ones exist and where each
comes from (`registry`), one module per service (`postgres`, `redis_db`, `workers`, `wsgi`,
`nginx`, `kafka`), the pytest fixtures (`plugin`) and `serve`."""
