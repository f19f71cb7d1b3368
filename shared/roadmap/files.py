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
