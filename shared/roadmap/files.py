"""The engine's writes: roadmap.md replaced atomically under a lock, and this machine's timings.

    with locked(root):
        write_atomic(root / "roadmap.md", text)

A crash at any point leaves either the old file or the new one, whole; never a mix. Two level
sessions at once take turns. The durations file (each example's last run time, to start the slowest
first) and the lock live in the temp folder, outside the repository.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path


def write_atomic(path: Path, text: str) -> None:
    """Write a temp file beside `path`, flush it to disk, then rename it over `path`."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def machine_file(root: Path, suffix: str) -> Path:
    """A file of this machine's, for this checkout, outside the repository."""
    key = hashlib.sha256(str(root.resolve()).encode()).hexdigest()[:16]
    return Path(tempfile.gettempdir()) / f"flask-skills-roadmap-{key}.{suffix}"


@contextlib.contextmanager
def locked(root: Path) -> Iterator[None]:
    """One writer of roadmap.md at a time, even when two level sessions run at once."""
    with open(machine_file(root, "lock"), "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield


def durations(root: Path) -> dict[str, float]:
    """Each example's last duration on this machine (only used to start the slowest first)."""
    try:
        data = json.loads(machine_file(root, "durations.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {k: float(v) for k, v in data.items() if isinstance(v, int | float)}


def remember_durations(root: Path, seconds: dict[str, float]) -> None:
    with locked(root):
        known = durations(root) | {folder: round(s, 1) for folder, s in seconds.items()}
        write_atomic(machine_file(root, "durations.json"), json.dumps(known, sort_keys=True))


# What decides an example's verdict besides its own folder: the shared code its tests use, the
# dependency pins, and the real servers named by these variables (a run on them is another run).
SHARED_INPUTS = ("conftest.py", "pyproject.toml", "package-lock.json")
SERVER_VARIABLES = ("DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL", "KAFKA_BOOTSTRAP_SERVERS")
_NOT_INPUTS = {"__pycache__", ".pytest_cache", "instance", "node_modules", ".nox"}


def fingerprint(root: Path, folder: str, python: str) -> str:
    """A digest of everything an example's run depends on that can change here: its files, the
    shared code (not shared/tests), the root conftest and pins, the interpreter, the server URLs.
    A file a test leaves in the folder changes it too: such an example is simply run again."""
    digest = hashlib.sha256(f"{python}\n".encode())
    for name in SERVER_VARIABLES:
        digest.update(f"{name}={os.environ.get(name, '')}\n".encode())
    shared = [
        p for p in (root / "shared").rglob("*.py") if "tests" not in p.relative_to(root).parts
    ]
    paths = [*(root / folder).rglob("*"), *shared, *(root / name for name in SHARED_INPUTS)]
    for path in sorted(set(paths)):
        rel = path.relative_to(root)
        if path.is_file() and not _NOT_INPUTS & set(rel.parts) and path.suffix != ".pyc":
            digest.update(
                f"{rel.as_posix()}\0".encode() + hashlib.sha256(path.read_bytes()).digest()
            )
    return digest.hexdigest()


def passes(root: Path) -> dict[str, dict]:
    """The examples whose last run on this machine passed: folder -> {fingerprint, passed}."""
    try:
        data = json.loads(machine_file(root, "passes.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {k: v for k, v in data.items() if isinstance(v, dict) and "fingerprint" in v}


def remember_passes(root: Path, passed: dict[str, dict], failed: set[str]) -> None:
    """Record the runs that passed (their fingerprints taken before the run); forget the rest."""
    with locked(root):
        known = {k: v for k, v in passes(root).items() if k not in failed} | passed
        write_atomic(machine_file(root, "passes.json"), json.dumps(known, sort_keys=True))
