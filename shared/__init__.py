"""Code shared by every example and nox session: the roadmap engine and test helpers."""
