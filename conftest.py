"""Loaded by pytest for every example (it sits at the rootdir): the shared service fixtures.

Fixtures such as `postgres`, `redis_url` and `nginx` start nothing until a test asks for them.
"""

pytest_plugins = ["shared.services.plugin"]
